// Formatting shared by the renderer and the CLI: dates as a Dutch councillor
// reads them ("maandag 9 januari 2017, 20.15 uur"), always in Dutch local time.
import type { Language } from './errors.ts';

const TIME_ZONE = 'Europe/Amsterdam';

export function formatMeetingDate(iso: string, language: Language = 'nl'): string {
  const date = new Date(iso);
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
  const day = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE }).format(date);
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: TIME_ZONE }).format(date);
  return language === 'nl' ? `${day}, ${time.replace(':', '.')} uur` : `${day}, ${time}`;
}

export function formatShortDate(iso: string, language: Language = 'nl'): string {
  return new Intl.DateTimeFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: TIME_ZONE }).format(
    new Date(iso),
  );
}

/** "9 jan 2017 20.15" (nl) / "9 Jan 2017, 20:15" (en): when something of the user's was saved; with seconds where several fall in one minute. */
export function formatDateTime(iso: string, language: Language = 'nl', options: { seconds?: boolean } = {}): string {
  const date = new Date(iso);
  const locale = language === 'nl' ? 'nl-NL' : 'en-GB';
  const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: TIME_ZONE }).format(date);
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: options.seconds ? '2-digit' : undefined, timeZone: TIME_ZONE }).format(date);
  return language === 'nl' ? `${day} ${time.replaceAll(':', '.')}` : `${day}, ${time}`;
}
