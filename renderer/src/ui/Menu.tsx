// A menu button: a kit button that opens a menu (arrow keys, type-ahead, Escape).
import { ChevronDown } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button, Menu as AriaMenu, MenuItem as AriaMenuItem, MenuTrigger, Popover, Separator, type Key } from 'react-aria-components';
import { buttonClass, type ButtonSize, type ButtonVariant } from './Button.tsx';

export interface MenuAction {
  id: string;
  label: string;
  icon?: ReactNode;
  /** A shortcut hint at the right ("Ctrl+E"). */
  shortcut?: string;
  isDisabled?: boolean;
  /** Draws a line above this item. */
  separatorBefore?: boolean;
}

export function Menu({
  label,
  icon,
  actions,
  onAction,
  variant = 'secondary',
  size = 'md',
  iconOnly = false,
  ariaLabel,
}: {
  label: string;
  icon?: ReactNode;
  actions: readonly MenuAction[];
  onAction: (id: string) => void;
  variant?: ButtonVariant;
  size?: ButtonSize;
  iconOnly?: boolean;
  /** A name for the button other than its text ("Zoom: 125 %" for "125 %"). */
  ariaLabel?: string;
}) {
  return (
    <MenuTrigger>
      <Button className={buttonClass(variant, size, iconOnly ? 'rm-icon-button' : undefined)} aria-label={ariaLabel ?? (iconOnly ? label : undefined)}>
        {icon && (
          <span className="rm-button__icon" aria-hidden="true">
            {icon}
          </span>
        )}
        {!iconOnly && label}
        {!iconOnly && <ChevronDown aria-hidden="true" size={14} />}
      </Button>
      <Popover className="rm-popover" placement="bottom end" offset={4}>
        <AriaMenu className="rm-menu" onAction={(key: Key) => onAction(String(key))} disabledKeys={actions.filter((a) => a.isDisabled).map((a) => a.id)}>
          {actions.flatMap((action) => [
            ...(action.separatorBefore ? [<Separator key={`${action.id}-sep`} className="rm-menu__separator" />] : []),
            <AriaMenuItem key={action.id} id={action.id} className="rm-menu__item" textValue={action.label}>
              <span className="rm-icon" aria-hidden="true">
                {action.icon}
              </span>
              <span className="rm-menu__label">{action.label}</span>
              {action.shortcut && <kbd className="rm-kbd">{action.shortcut}</kbd>}
            </AriaMenuItem>,
          ])}
        </AriaMenu>
      </Popover>
    </MenuTrigger>
  );
}
