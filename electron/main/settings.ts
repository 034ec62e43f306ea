// The user's settings of the desktop app, kept by electron-store in the
// userData folder (settings.json): the preferences every host shares
// (language, theme, name and fractie, see shared/api.ts) plus where the data
// lives, which only the desktop app can move.
import Store from 'electron-store';
import { DEFAULT_SETTINGS as SHARED_DEFAULTS, type Settings as SharedSettings } from '../../shared/api.ts';
import { completeSettings, uploadQuotaFrom, type SettingsPort } from '../core/settings.ts';

export type Theme = SharedSettings['theme'];

export interface Settings extends SharedSettings {
  /** Another place for the data (e.g. an encrypted volume); null = userData. */
  dataDir: string | null;
  /** Limits on packages dropped in the window (core/settings.ts, UploadQuota); set in the file only. */
  uploads?: Record<string, unknown>;
}

export const DEFAULT_SETTINGS: Settings = { ...SHARED_DEFAULTS, dataDir: null };

export function openSettings(): Store<Settings> {
  return new Store<Settings>({
    name: 'settings',
    defaults: DEFAULT_SETTINGS,
    // An unparsable file is reset to the defaults instead of crashing the app.
    clearInvalidConfig: true,
    // The user's name and fractie: for the user alone, as everything in the data dir (POSIX).
    configFileMode: 0o600,
    schema: {
      language: { type: 'string', enum: ['nl', 'en'] },
      theme: { type: 'string', enum: ['system', 'light', 'dark'] },
      userName: { type: 'string', maxLength: 100 },
      fractie: { type: 'string', maxLength: 100 },
      backupDays: { type: 'integer', minimum: 1, maximum: 365 },
      dataDir: { type: ['string', 'null'], minLength: 1 },
      syncIntervalMinutes: { type: 'integer', minimum: 0, maximum: 7 * 24 * 60 },
      syncOnStart: { type: 'boolean' },
      // Checked field by field when read (uploadQuotaFrom): one wrong limit must not reset every setting.
      uploads: { type: 'object' },
    },
  });
}

/** The settings, or the defaults when the file breaks the schema (the app must still start). */
export function readSettings(log: { warn(message: string): void } = console): Settings {
  try {
    return { ...DEFAULT_SETTINGS, ...openSettings().store };
  } catch (error) {
    log.warn(`Raadsmap: instellingen onleesbaar, standaardwaarden gebruikt: ${error instanceof Error ? error.message : String(error)}`);
    return { ...DEFAULT_SETTINGS };
  }
}

/** The shared preferences for the core, stored by electron-store next to dataDir. */
export function electronSettingsPort(): SettingsPort {
  const store = openSettings();
  return {
    read: () => completeSettings(store.store),
    write: (settings) => {
      store.set('language', settings.language);
      store.set('theme', settings.theme);
      store.set('userName', settings.userName);
      store.set('fractie', settings.fractie);
    },
    uploadQuota: () => uploadQuotaFrom(store.get('uploads')),
  };
}
