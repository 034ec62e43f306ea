// Language and theme, chosen in Instellingen and on every vault screen (first run, lock).
import { usePreferences, useT, type Language, type Theme } from '../i18n/i18n.tsx';
import { Select } from '../ui/index.ts';

export function PreferenceSelects() {
  const { t } = useT();
  const preferences = usePreferences();
  return (
    <>
      <Select<Language>
        label={t('app.language')}
        value={preferences.language}
        onChange={(value) => preferences.setLanguage(value)}
        options={[
          { id: 'nl', label: 'Nederlands', lang: 'nl' },
          { id: 'en', label: 'English', lang: 'en' },
        ]}
      />
      <Select<Theme>
        label={t('app.theme')}
        value={preferences.theme}
        onChange={(value) => preferences.setTheme(value)}
        options={[
          { id: 'system', label: t('theme.system') },
          { id: 'light', label: t('theme.light') },
          { id: 'dark', label: t('theme.dark') },
        ]}
      />
    </>
  );
}
