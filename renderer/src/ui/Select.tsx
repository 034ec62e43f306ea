// A select on react-aria: a button that opens a listbox in a popover, with
// type-ahead and arrow keys. `value` is the chosen option's id.
import { ChevronDown } from 'lucide-react';
import { Button, Label, ListBox, ListBoxItem, Popover, Select as AriaSelect, SelectValue, type Key } from 'react-aria-components';

export interface SelectOption<T extends string> {
  id: T;
  label: string;
  lang?: string;
}

interface Props<T extends string> {
  label: string;
  /** Label visible (default) or only for screen readers. */
  hideLabel?: boolean;
  value: T;
  options: readonly SelectOption<T>[];
  onChange: (value: T) => void;
  className?: string;
  isDisabled?: boolean;
}

export function Select<T extends string>({ label, hideLabel, value, options, onChange, className, isDisabled }: Props<T>) {
  return (
    <AriaSelect
      className={['rm-select', className].filter(Boolean).join(' ')}
      selectedKey={value}
      onSelectionChange={(key: Key | null) => key !== null && onChange(String(key) as T)}
      isDisabled={isDisabled}
      aria-label={hideLabel ? label : undefined}
    >
      {!hideLabel && <Label className="rm-field-label">{label}</Label>}
      <Button className="rm-select__button">
        <SelectValue className="rm-select__value" />
        <ChevronDown aria-hidden="true" size={16} />
      </Button>
      <Popover className="rm-popover" offset={4}>
        <ListBox className="rm-listbox" items={options}>
          {(option) => (
            <ListBoxItem id={option.id} className="rm-listbox__item" textValue={option.label} lang={option.lang}>
              {option.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}
