// Where the app finds its parts, in development (electron-vite dev/build in
// the repo) and packaged (electron-builder: app.asar + resources/).
import path from 'node:path';
import { APP_ENTRY_URL } from './app-protocol.ts';

export interface LocationInputs {
  isPackaged: boolean;
  /** app.getAppPath(): the repo root in development, app.asar when packaged. */
  appPath: string;
  /** process.resourcesPath: where electron-builder puts extraResources. */
  resourcesPath: string;
  /** The folder of the built main script (out/main). */
  mainDir: string;
  /** ELECTRON_RENDERER_URL, set by `electron-vite dev` to its dev server. */
  devServerUrl?: string | undefined;
}

export interface AppLocations {
  /** The URL the window loads: the dev server, or the built index.html through the app protocol. */
  rendererUrl: string;
  /** The built renderer (out/renderer), served by the app protocol. */
  rendererDir: string;
  preloadPath: string;
  sampleDir: string;
}

export function resolveAppLocations(inputs: LocationInputs): AppLocations {
  const devServer = !inputs.isPackaged && inputs.devServerUrl ? inputs.devServerUrl : undefined;
  return {
    rendererUrl: devServer ?? APP_ENTRY_URL,
    rendererDir: path.join(inputs.mainDir, '..', 'renderer'),
    // CommonJS on purpose: sandboxed preloads cannot be ES modules.
    preloadPath: path.join(inputs.mainDir, '..', 'preload', 'index.cjs'),
    sampleDir: inputs.isPackaged ? path.join(inputs.resourcesPath, 'sample') : path.join(inputs.appPath, 'resources', 'sample'),
  };
}

/**
 * The data dir: RAADSMAP_DATA_DIR (tests, a portable install) wins, then the
 * user's setting, then Electron's userData, the same default as the CLI.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv, settingsDataDir: string | null, userData: string): string {
  if (env.RAADSMAP_DATA_DIR) return path.resolve(env.RAADSMAP_DATA_DIR);
  return settingsDataDir ? path.resolve(settingsDataDir) : userData;
}
