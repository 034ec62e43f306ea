import type { ReactElement } from 'react';
import { Tooltip as AriaTooltip, TooltipTrigger } from 'react-aria-components';

/** A short text shown on hover or keyboard focus of its trigger (a kit button). */
export function Tooltip({ text, children, placement = 'bottom' }: { text: string; children: ReactElement; placement?: 'top' | 'bottom' | 'start' | 'end' }) {
  return (
    <TooltipTrigger delay={600} closeDelay={0}>
      {children}
      <AriaTooltip className="rm-tooltip" placement={placement} offset={6}>
        {text}
      </AriaTooltip>
    </TooltipTrigger>
  );
}
