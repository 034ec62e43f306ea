import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { POSIX, PRIVATE_DIR_MODE, removeStaleTemps } from './files/atomic-write.ts';

export const APP_NAME = 'Raadsmap';

/**
 * The data dir the desktop app uses, computed the way Electron computes
 * app.getPath('userData'), so the CLI and the app share one store by default.
 * RAADSMAP_DATA_DIR overrides it (scripts, tests, a portable install).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.RAADSMAP_DATA_DIR) return path.resolve(env.RAADSMAP_DATA_DIR);
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
  }
}

/** Creates the data dir for this user alone (0700): it holds private work, also in an unencrypted store. */
export function ensureDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Temporaries of writers before this version, beside the ones atomic-write.ts
 * names: removed at start as ours are, by their age alone (no pid in them).
 */
const OLDER_TEMPS: Record<string, RegExp> = {
  '.': /^(?:settings|key)\.json\.[0-9a-f]+\.tmp$/,
  backups: /^personal-.*\.db\.partial$/,
};
const OLDER_BLOB_TEMP = /^[0-9a-f]{64}\.pdf\.\d+\.[0-9a-f]{12}\.tmp$/;

/**
 * At each start, with the store open: what is in the data dir is for the
 * user alone (POSIX modes: folders 0700, files 0600; a store from before
 * this version is tightened throughout once), and the temporaries that
 * killed writers left (here, in backups/, exports/ and files/) are removed.
 */
export function prepareDataDir(dataDir: string, now = Date.now()): void {
  if (POSIX) keepPrivate(dataDir);
  for (const folder of ['.', 'backups', 'exports']) removeStaleTemps(path.join(dataDir, folder), now, OLDER_TEMPS[folder]);
  const files = path.join(dataDir, 'files');
  if (fs.existsSync(files)) {
    for (const shard of fs.readdirSync(files)) if (/^[0-9a-f]{2}$/.test(shard)) removeStaleTemps(path.join(files, shard), now, OLDER_BLOB_TEMP);
  }
}

/**
 * Takes the group's and others' permissions off the data dir and what is in
 * it. Cheap at each start: the folder itself, what is directly in it (the
 * databases with their -wal and -shm, settings, key file), backups/ and
 * exports/. A data dir, files/, backups/ or exports/ that others could still
 * open is from before this version: everything under it is done once.
 */
function keepPrivate(dataDir: string): void {
  const everything = ['.', 'files', 'backups', 'exports'].some((folder) => openToOthers(path.join(dataDir, folder)));
  const entries = (dir: string, recursive: boolean): string[] => {
    try {
      return fs.readdirSync(dir, { recursive }).map((name) => path.join(dir, String(name)));
    } catch {
      return [];
    }
  };
  const paths = everything
    ? [dataDir, ...entries(dataDir, true)]
    : [dataDir, ...entries(dataDir, false), ...entries(path.join(dataDir, 'backups'), false), ...entries(path.join(dataDir, 'exports'), false)];
  for (const file of paths) withoutOthers(file);
}

function openToOthers(folder: string): boolean {
  try {
    return (fs.statSync(folder).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}

function withoutOthers(file: string): void {
  try {
    const stat = fs.lstatSync(file);
    if (stat.isSymbolicLink() || (stat.mode & 0o077) === 0) return;
    fs.chmodSync(file, stat.mode & 0o700);
  } catch {
    // Gone meanwhile, or a file system without POSIX modes (FAT, some network shares): nothing to tighten there.
  }
}
