// Dates and times for the interface, in the app's language and the council's time zone.
const TIME_ZONE = 'Europe/Amsterdam';
type Language = 'nl' | 'en';
const locale = (language: Language) => (language === 'nl' ? 'nl-NL' : 'en-GB');

/** "zo 9 jan" / "Sun 9 Jan" parts for a dense date column. */
export function dateParts(iso: string, language: Language): { weekday: string; day: string; month: string; time: string; year: string } {
  const date = new Date(iso);
  const part = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale(language), { ...options, timeZone: TIME_ZONE }).format(date);
  return {
    weekday: part({ weekday: 'short' }).replace('.', ''),
    day: part({ day: 'numeric' }),
    month: part({ month: 'short' }).replace('.', ''),
    year: part({ year: 'numeric' }),
    // Dutch writes 20.15, not 20:15.
    time: language === 'nl' ? part({ hour: '2-digit', minute: '2-digit' }).replace(':', '.') : part({ hour: '2-digit', minute: '2-digit' }),
  };
}

/** "januari 2017": the month a meeting is in (the list's sticky headings). */
export function monthHeading(iso: string, language: Language): string {
  return new Intl.DateTimeFormat(locale(language), { month: 'long', year: 'numeric', timeZone: TIME_ZONE }).format(new Date(iso));
}

/** "zojuist", "10 min. geleden", "gisteren", "3 dagen geleden". */
export function relativeTime(iso: string, language: Language, now = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale(language), { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  // Intl's "this minute" is "binnen een minuut" in Dutch, which reads as the future.
  if (abs < 60) return language === 'nl' ? 'zojuist' : 'just now';
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86_400), 'day');
}
