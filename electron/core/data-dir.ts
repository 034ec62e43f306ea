import os from 'node:os';
import path from 'node:path';

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
