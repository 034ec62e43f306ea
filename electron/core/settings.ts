// The user's settings behind a small port: Electron keeps them with
// electron-store (electron/main/settings.ts), the web host and the CLI in
// settings.json in the data dir. Either way they are validated on the way in
// and out, and a broken file gives the defaults instead of a failing app.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../shared/api.ts';
import { PRIVATE_FILE_MODE, writeFileAtomic } from './files/atomic-write.ts';

export interface SettingsPort {
  read(): Settings;
  write(settings: Settings): void;
}

/** The stored settings, completed with defaults for what is missing or invalid. */
export function completeSettings(stored: unknown): Settings {
  const object = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    const field = settingsSchema.shape[key].safeParse(object[key]);
    if (field.success) out[key] = field.data;
  }
  return out as Settings;
}

export function fileSettings(dataDir: string): SettingsPort {
  const file = path.join(dataDir, 'settings.json');
  return {
    read() {
      try {
        return completeSettings(JSON.parse(fs.readFileSync(file, 'utf8')));
      } catch {
        return { ...DEFAULT_SETTINGS };
      }
    },
    write(settings) {
      // Whole or not at all; the user's name and fractie are for the user alone.
      writeFileAtomic(file, JSON.stringify(settingsSchema.parse(settings), null, 2), { mode: PRIVATE_FILE_MODE });
    },
  };
}
