// Buttons of the kit: four variants in two heights, and a square icon button
// with its name as a tooltip (and as its accessible name). On react-aria's
// Button: press on pointer, Enter and Space alike, focus ring only from keys.
import type { ReactNode } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';
import { Tooltip } from './Tooltip.tsx';

export type ButtonVariant = 'primary' | 'secondary' | 'subtle' | 'danger';
export type ButtonSize = 'sm' | 'md';

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'children'> {
  variant?: ButtonVariant;
  size?: ButtonSize;
  /** An icon before the text (lucide-react element). */
  icon?: ReactNode;
  className?: string;
  children?: ReactNode;
}

export function buttonClass(variant: ButtonVariant = 'secondary', size: ButtonSize = 'md', extra?: string): string {
  return ['rm-button', `rm-button--${variant}`, `rm-button--${size}`, extra].filter(Boolean).join(' ');
}

export function Button({ variant, size, icon, className, children, ...props }: ButtonProps) {
  return (
    <AriaButton {...props} className={buttonClass(variant, size, className)}>
      {icon && (
        <span className="rm-button__icon" aria-hidden="true">
          {icon}
        </span>
      )}
      {children}
    </AriaButton>
  );
}

export interface IconButtonProps extends Omit<ButtonProps, 'children' | 'icon'> {
  /** The button's name: its aria-label and its tooltip. */
  label: string;
  icon: ReactNode;
  /** A shortcut shown in the tooltip, e.g. "Ctrl+K". */
  shortcut?: string;
}

export function IconButton({ label, icon, shortcut, variant = 'subtle', size, className, ...props }: IconButtonProps) {
  return (
    <Tooltip text={shortcut ? `${label} (${shortcut})` : label}>
      <AriaButton {...props} aria-label={label} className={buttonClass(variant, size, ['rm-icon-button', className].filter(Boolean).join(' '))}>
        <span aria-hidden="true" className="rm-button__icon">
          {icon}
        </span>
      </AriaButton>
    </Tooltip>
  );
}
