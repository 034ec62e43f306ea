// Instellingen (Ctrl+,): one page with its sections listed beside it:
// language and theme, name and fractie, my data and backups, security, and
// the sources meetings are synced from.
import { useRef } from 'react';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { Progress } from '../../../shared/errors.ts';
import { PreferenceSelects } from './PreferenceSelects.tsx';
import { SettingsSection } from './SettingsSection.tsx';
import { SourcesPanel } from './SourcesPanel.tsx';
import { usePreferences, useT } from '../i18n/i18n.tsx';
import type { MessageId } from '../i18n/messages.ts';
import { PersonalData } from '../personal/PersonalData.tsx';
import type { SyncControl } from '../shell/useSync.ts';
import { SecuritySettings } from '../vault/SecuritySettings.tsx';

const sections: { id: string; label: MessageId }[] = [
  { id: 'settings-general', label: 'settings.general' },
  { id: 'settings-me', label: 'settings.me' },
  { id: 'personal-heading', label: 'settings.data' },
  { id: 'backups-heading', label: 'settings.backups' },
  { id: 'security-heading', label: 'settings.security' },
  { id: 'sources-heading', label: 'settings.sources' },
];

export function SettingsView({
  client,
  sync,
  syncProgress,
  onRestored,
  onClose,
}: {
  client: RaadsmapClient;
  sync: SyncControl;
  syncProgress: Progress | null;
  onRestored: () => void;
  onClose: () => void;
}) {
  const { t } = useT();
  const preferences = usePreferences();
  const content = useRef<HTMLDivElement>(null);
  return (
    <div
      className="settings"
      onKeyDown={(event) => {
        // Escape that no dialog, menu or field used: back to where the user was.
        if (event.key === 'Escape' && !event.defaultPrevented && !(event.target as HTMLElement).closest('[role="dialog"], dialog')) onClose();
      }}
    >
      <nav className="settings-nav pane" aria-label={t('settings.sections')}>
        <h2 id="settings-title">{t('nav.settings')}</h2>
        <ul>
          {sections.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className="settings-nav-item"
                onClick={() => {
                  const target = document.getElementById(s.id);
                  target?.scrollIntoView({ block: 'start' });
                  target?.focus({ preventScroll: true });
                }}
              >
                {t(s.label)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="settings-content pane" ref={content}>
        <SettingsSection id="settings-general" title={t('settings.general')}>
          <div className="settings-fields">
            <PreferenceSelects />
          </div>
        </SettingsSection>
        <SettingsSection id="settings-me" title={t('settings.me')} help={t('settings.meHelp')}>
          <div className="settings-fields">
            <label className="stacked">
              <span className="rm-field-label">{t('app.userName')}</span>
              <input key={`name:${preferences.settings.userName}`} defaultValue={preferences.settings.userName} maxLength={100} onBlur={(e) => preferences.update({ userName: e.target.value })} />
            </label>
            <label className="stacked">
              <span className="rm-field-label">{t('app.fractie')}</span>
              <input key={`fractie:${preferences.settings.fractie}`} defaultValue={preferences.settings.fractie} maxLength={100} onBlur={(e) => preferences.update({ fractie: e.target.value })} />
            </label>
          </div>
        </SettingsSection>
        <PersonalData client={client} onRestored={onRestored} />
        <div className="settings-section">
          <SecuritySettings client={client} />
        </div>
        <div className="settings-section">
          <SourcesPanel client={client} sync={sync} progress={syncProgress} />
        </div>
      </div>
    </div>
  );
}
