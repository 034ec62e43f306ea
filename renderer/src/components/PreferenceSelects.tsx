// Language and theme, chosen in the app's header and on every vault screen (first run, lock).
import { usePreferences, useT, type Language, type Theme } from '../i18n/i18n.tsx';

export function PreferenceSelects() {
  const { t } = useT();
  const preferences = usePreferences();
  return (
    <>
      <label>
        {t('app.language')}{' '}
        <select value={preferences.language} onChange={(e) => preferences.setLanguage(e.target.value as Language)}>
          <option value="nl" lang="nl">
            Nederlands
          </option>
          <option value="en" lang="en">
            English
          </option>
        </select>
      </label>
      <label>
        {t('app.theme')}{' '}
        <select value={preferences.theme} onChange={(e) => preferences.setTheme(e.target.value as Theme)}>
          <option value="system">{t('theme.system')}</option>
          <option value="light">{t('theme.light')}</option>
          <option value="dark">{t('theme.dark')}</option>
        </select>
      </label>
    </>
  );
}
