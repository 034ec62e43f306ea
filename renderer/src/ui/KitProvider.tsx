import type { ReactNode } from 'react';
import { I18nProvider } from 'react-aria-components';

/** The kit's locale (dates, calendars, number formats) follows the app's language, not the OS. */
export function KitProvider({ language, children }: { language: 'nl' | 'en'; children: ReactNode }) {
  return <I18nProvider locale={language === 'nl' ? 'nl-NL' : 'en-GB'}>{children}</I18nProvider>;
}
