// A date field in the app's language (dd-mm-jjjj in Dutch, with a Dutch
// calendar), never the browser's <input type="date">: the locale comes from
// the kit's provider (ui/KitProvider), not from the OS. Values are ISO
// dates (yyyy-mm-dd) or '' for none; with `name` a hidden input carries the
// value in a form.
import { parseDate, type CalendarDate } from '@internationalized/date';
import { CalendarDays, ChevronLeft, ChevronRight } from 'lucide-react';
import { useEffect, useState } from 'react';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  Group,
  Heading,
  Label,
  Popover,
  useLocale,
} from 'react-aria-components';

const NL = { calendar: 'Kalender', previous: 'Vorige maand', next: 'Volgende maand' };
const EN = { calendar: 'Calendar', previous: 'Previous month', next: 'Next month' };

function toDate(value: string | undefined): CalendarDate | null {
  if (!value) return null;
  try {
    return parseDate(value.slice(0, 10));
  } catch {
    return null;
  }
}

export function DateField({
  label,
  value,
  defaultValue,
  onChange,
  name,
  isRequired,
  className,
}: {
  label: string;
  value?: string | undefined;
  defaultValue?: string | undefined;
  onChange?: (value: string) => void;
  name?: string;
  isRequired?: boolean;
  className?: string;
}) {
  // The kit's own few words, in the provider's language.
  const { locale } = useLocale();
  const words = locale.startsWith('nl') ? NL : EN;
  // The field's own value while typing (a year of 2, 20, 201 is no date for the app yet); the app's value when it changes.
  const [draft, setDraft] = useState<CalendarDate | null>(() => toDate(value ?? defaultValue));
  useEffect(() => {
    if (value !== undefined) setDraft((current) => (current?.toString() === value ? current : toDate(value)));
  }, [value]);
  return (
    <DatePicker
      value={draft}
      className={['rm-date-field', className].filter(Boolean).join(' ')}
      name={name}
      isRequired={isRequired}
      granularity="day"
      shouldForceLeadingZeros
      onChange={(date) => {
        setDraft(date);
        if (!date) onChange?.('');
        else if (date.year >= 1000) onChange?.(date.toString());
      }}
    >
      <Label className="rm-field-label">{label}</Label>
      <Group className="rm-date-field__group">
        <DateInput className="rm-date-field__input">{(segment) => <DateSegment segment={segment} className="rm-date-field__segment" />}</DateInput>
        <Button className="rm-date-field__button" aria-label={words.calendar}>
          <CalendarDays aria-hidden="true" size={16} />
        </Button>
      </Group>
      <Popover className="rm-popover" placement="bottom start" offset={4}>
        <Dialog className="rm-calendar-dialog">
          <Calendar className="rm-calendar">
            <header className="rm-calendar__header">
              <Button slot="previous" className="rm-button rm-button--subtle rm-button--sm rm-icon-button" aria-label={words.previous}>
                <ChevronLeft aria-hidden="true" size={16} />
              </Button>
              <Heading className="rm-calendar__heading" />
              <Button slot="next" className="rm-button rm-button--subtle rm-button--sm rm-icon-button" aria-label={words.next}>
                <ChevronRight aria-hidden="true" size={16} />
              </Button>
            </header>
            <CalendarGrid className="rm-calendar__grid">{(date) => <CalendarCell date={date} className="rm-calendar__cell" />}</CalendarGrid>
          </Calendar>
        </Dialog>
      </Popover>
    </DatePicker>
  );
}
