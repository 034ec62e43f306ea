// The user's settings behind a small port: Electron keeps them with
// electron-store (electron/main/settings.ts), the web host and the CLI in
// settings.json in the data dir. Either way they are validated on the way in
// and out, and a broken file gives the defaults instead of a failing app.
// Next to the preferences: the limits on packages a window hands over
// (`uploads`), which only the file sets, never a call from the window.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../shared/api.ts';
import { PRIVATE_FILE_MODE, writeFileAtomic } from './files/atomic-write.ts';

export interface SettingsPort {
  read(): Settings;
  write(settings: Settings): void;
  /** The limits on uploaded packages; absent: the defaults. */
  uploadQuota?(): UploadQuota;
}

/**
 * Packages uploaded through a host (picked or dropped in the window) and not
 * imported yet: at most this many files and bytes at once, and each is
 * removed when it has waited this long for its import.
 */
export interface UploadQuota {
  maxFiles: number;
  maxBytes: number;
  expiryMinutes: number;
}

export const DEFAULT_UPLOAD_QUOTA: UploadQuota = { maxFiles: 20, maxBytes: 2 * 1024 ** 3, expiryMinutes: 60 };

/** As stored in settings.json (`"uploads": { "maxFiles": 20, "maxMegabytes": 2048, "expiryMinutes": 60 }`). */
export const storedUploadQuotaSchema = z.strictObject({
  maxFiles: z.number().int().min(1).max(1000),
  maxMegabytes: z.number().int().min(1).max(100 * 1024),
  expiryMinutes: z.number().int().min(1).max(7 * 24 * 60),
});

/** The stored limits, each one that is missing or invalid replaced by its default. */
export function uploadQuotaFrom(stored: unknown): UploadQuota {
  const object = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const field = <K extends keyof z.infer<typeof storedUploadQuotaSchema>>(key: K, fallback: number): number => {
    const parsed = storedUploadQuotaSchema.shape[key].safeParse(object[key]);
    return parsed.success ? parsed.data : fallback;
  };
  return {
    maxFiles: field('maxFiles', DEFAULT_UPLOAD_QUOTA.maxFiles),
    maxBytes: field('maxMegabytes', DEFAULT_UPLOAD_QUOTA.maxBytes / 1024 ** 2) * 1024 ** 2,
    expiryMinutes: field('expiryMinutes', DEFAULT_UPLOAD_QUOTA.expiryMinutes),
  };
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
  const stored = (): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  return {
    read: () => completeSettings(stored()),
    write(settings) {
      // The upload limits are kept as they were: the window cannot change them.
      const { uploads } = stored();
      // Whole or not at all; the user's name and fractie are for the user alone.
      writeFileAtomic(file, JSON.stringify({ ...settingsSchema.parse(settings), ...(uploads === undefined ? {} : { uploads }) }, null, 2), { mode: PRIVATE_FILE_MODE });
    },
    uploadQuota: () => uploadQuotaFrom(stored()['uploads']),
  };
}
