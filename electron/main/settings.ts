// The user's settings of the desktop app, kept by electron-store in the
// userData folder (settings.json). Minimal for now: the renderer does not
// change them yet.
import Store from 'electron-store';
import type { Language } from '../../shared/errors.ts';

export type Theme = 'system' | 'light' | 'dark';

export interface Settings {
  language: Language;
  theme: Theme;
  /** Another place for the data (e.g. an encrypted volume); null = userData. */
  dataDir: string | null;
}

export const DEFAULT_SETTINGS: Settings = { language: 'nl', theme: 'system', dataDir: null };

export function openSettings(): Store<Settings> {
  return new Store<Settings>({
    name: 'settings',
    defaults: DEFAULT_SETTINGS,
    // An unparsable file is reset to the defaults instead of crashing the app.
    clearInvalidConfig: true,
    schema: {
      language: { type: 'string', enum: ['nl', 'en'] },
      theme: { type: 'string', enum: ['system', 'light', 'dark'] },
      dataDir: { type: ['string', 'null'], minLength: 1 },
    },
  });
}

/** The settings, or the defaults when the file breaks the schema (the app must still start). */
export function readSettings(log: { warn(message: string): void } = console): Settings {
  try {
    return { ...openSettings().store };
  } catch (error) {
    log.warn(`Raadsmap: instellingen onleesbaar, standaardwaarden gebruikt: ${error instanceof Error ? error.message : String(error)}`);
    return { ...DEFAULT_SETTINGS };
  }
}
