// Language and theme of the interface: Dutch by default, English on request;
// light, dark or as the system says. Kept in this browser profile
// (localStorage): preferences of the person at the screen, not data.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { en, nl, type MessageId } from './messages.ts';

export type Language = 'nl' | 'en';
export type Theme = 'system' | 'light' | 'dark';

interface Preferences {
  language: Language;
  theme: Theme;
  setLanguage(language: Language): void;
  setTheme(theme: Theme): void;
}

const PreferencesContext = createContext<Preferences>({ language: 'nl', theme: 'system', setLanguage() {}, setTheme() {} });

const read = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
  try {
    const value = localStorage.getItem(key);
    return allowed.includes(value as T) ? (value as T) : fallback;
  } catch {
    return fallback;
  }
};
const write = (key: string, value: string) => {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage may be off (private window): the choice then lasts this session.
  }
};

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => read('raadsmap.language', ['nl', 'en'] as const, 'nl'));
  const [theme, setThemeState] = useState<Theme>(() => read('raadsmap.theme', ['system', 'light', 'dark'] as const, 'system'));
  const setLanguage = useCallback((value: Language) => {
    write('raadsmap.language', value);
    setLanguageState(value);
  }, []);
  const setTheme = useCallback((value: Theme) => {
    write('raadsmap.theme', value);
    setThemeState(value);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    // 'system' follows prefers-color-scheme in CSS; an explicit choice wins.
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
  const preferences = useMemo(() => ({ language, theme, setLanguage, setTheme }), [language, theme, setLanguage, setTheme]);
  return (
    <PreferencesContext.Provider value={preferences}>
      <IntlProvider locale={language === 'nl' ? 'nl-NL' : 'en-GB'} defaultLocale="nl-NL" messages={language === 'nl' ? nl : en}>
        {children}
      </IntlProvider>
    </PreferencesContext.Provider>
  );
}

export const usePreferences = () => useContext(PreferencesContext);

/** The text functions of the current language. */
export function useT() {
  const intl = useIntl();
  const { language } = usePreferences();
  return useMemo(() => {
    const t = (id: MessageId, values?: Record<string, string | number>) => intl.formatMessage({ id }, values);
    return {
      t,
      language,
      /** Messages from the core come in both languages. */
      message: (info: Pick<ErrorInfo, 'nl' | 'en'>) => (language === 'nl' ? info.nl : info.en),
      documentType: (type: string) => (`type.${type}` in nl ? t(`type.${type}` as MessageId) : type),
      meetingKind: (kind: string) => (`kind.${kind}` in nl ? t(`kind.${kind}` as MessageId) : kind),
      timeSlot: (start: string | null, end: string | null) =>
        start && end ? t('agenda.slot', { start, end }) : start ? t('agenda.from', { start }) : end ? t('agenda.until', { end }) : null,
    };
  }, [intl, language]);
}
