// Language and theme of the interface: Dutch by default, English on request;
// light, dark or as the system says. They are the user's settings, kept by
// the host (electron-store, or settings.json in the data dir), so the CLI,
// the web host and the desktop app agree.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { DEFAULT_SETTINGS } from '../../../shared/api-constants.ts';
import type { Settings } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { KitProvider } from '../ui/KitProvider.tsx';
import { en, nl, type MessageId } from './messages.ts';

export type Language = Settings['language'];
export type Theme = Settings['theme'];

interface Preferences {
  language: Language;
  theme: Theme;
  settings: Settings;
  setLanguage(language: Language): void;
  setTheme(theme: Theme): void;
  update(changes: Partial<Settings>): void;
}

const PreferencesContext = createContext<Preferences>({
  language: 'nl',
  theme: 'system',
  settings: DEFAULT_SETTINGS,
  setLanguage() {},
  setTheme() {},
  update() {},
});

export function I18nProvider({ client, children }: { client: RaadsmapClient; children: ReactNode }) {
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  useEffect(() => {
    void client.getSettings({}).then((result) => {
      if (result.ok) setSettings(result.value);
    });
  }, [client]);
  const update = useCallback(
    (changes: Partial<Settings>) => {
      setSettings((current) => ({ ...current, ...changes }));
      void client.updateSettings(changes).then((result) => {
        if (result.ok) setSettings(result.value);
      });
    },
    [client],
  );
  const { language, theme } = settings;
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  useEffect(() => {
    // 'system' follows prefers-color-scheme in CSS; an explicit choice wins.
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
  const preferences = useMemo(
    () => ({ language, theme, settings, update, setLanguage: (value: Language) => update({ language: value }), setTheme: (value: Theme) => update({ theme: value }) }),
    [language, theme, settings, update],
  );
  return (
    <PreferencesContext.Provider value={preferences}>
      <IntlProvider locale={language === 'nl' ? 'nl-NL' : 'en-GB'} defaultLocale="nl-NL" messages={language === 'nl' ? nl : en}>
        <KitProvider language={language}>{children}</KitProvider>
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
