// Checkbox, radio group and segmented control on react-aria: real inputs
// underneath (labels, forms and screen readers work), drawn by the kit.
import { Check } from 'lucide-react';
import type { ReactNode } from 'react';
import { Checkbox as AriaCheckbox, Label, Radio as AriaRadio, RadioGroup as AriaRadioGroup, type CheckboxProps, type RadioGroupProps, type RadioProps } from 'react-aria-components';

export function Checkbox({ children, className, ...props }: Omit<CheckboxProps, 'children' | 'className'> & { children: ReactNode; className?: string }) {
  return (
    <AriaCheckbox {...props} className={['rm-checkbox', className].filter(Boolean).join(' ')}>
      <span className="rm-checkbox__box" aria-hidden="true">
        <Check size={12} strokeWidth={3} />
      </span>
      <span className="rm-checkbox__label">{children}</span>
    </AriaCheckbox>
  );
}

export function RadioGroup({ label, children, className, ...props }: Omit<RadioGroupProps, 'children' | 'className'> & { label: string; children: ReactNode; className?: string }) {
  return (
    <AriaRadioGroup {...props} className={['rm-radio-group', className].filter(Boolean).join(' ')}>
      <Label className="rm-field-label">{label}</Label>
      {children}
    </AriaRadioGroup>
  );
}

export function Radio({ children, className, ...props }: Omit<RadioProps, 'children' | 'className'> & { children: ReactNode; className?: string }) {
  return (
    <AriaRadio {...props} className={['rm-radio', className].filter(Boolean).join(' ')}>
      <span className="rm-radio__dot" aria-hidden="true" />
      <span>{children}</span>
    </AriaRadio>
  );
}

export interface Segment<T extends string> {
  id: T;
  label: string;
  /** The tone of the chosen segment (Voor green, Tegen red, …). */
  tone?: 'accent' | 'success' | 'danger' | 'warning' | 'info';
}

/** One choice of a few, side by side (a radio group underneath: arrow keys move, the label names it). */
export function SegmentedControl<T extends string>({
  label,
  value,
  segments,
  onChange,
  allowNone,
  className,
  isDisabled,
}: {
  label: string;
  value: T | null;
  segments: readonly Segment<T>[];
  onChange: (value: T | null) => void;
  /** Shows a first segment for "none" with this label. */
  allowNone?: string;
  className?: string;
  isDisabled?: boolean;
}) {
  return (
    <AriaRadioGroup
      aria-label={label}
      orientation="horizontal"
      value={value ?? ''}
      onChange={(v) => onChange(v === '' ? null : (v as T))}
      isDisabled={isDisabled}
      className={['rm-segmented', className].filter(Boolean).join(' ')}
    >
      {allowNone !== undefined && (
        <AriaRadio value="" className="rm-segmented__item">
          {allowNone}
        </AriaRadio>
      )}
      {segments.map((segment) => (
        <AriaRadio key={segment.id} value={segment.id} className={`rm-segmented__item rm-tone--${segment.tone ?? 'accent'}`}>
          {segment.label}
        </AriaRadio>
      ))}
    </AriaRadioGroup>
  );
}
