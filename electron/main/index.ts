// Electron main process: creates the core on the user's data dir, exposes it
// to one hardened window over IPC, and imports the sample meetings on first
// start. The security decisions live in guards.ts / window-options.ts / ipc.ts
// (unit-tested); this file only wires them to Electron.
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CoreEvent } from '../../shared/api.ts';
import { CONTENT_SECURITY_POLICY, DEV_SERVER_CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';
import { createCore } from '../core/index.ts';
import { scheduleSync } from '../core/sync/schedule.ts';
import { DOCUMENT_SCHEME, DOCUMENT_SCHEME_PRIVILEGES, handleDocumentRequest } from './document-protocol.ts';
import { createAppUrlCheck, denyAllPermissions, enforceSecurityHeaders, guardWebContents } from './guards.ts';
import { registerIpcHandlers } from './ipc.ts';
import { EVENT_CHANNEL } from './ipc-channels.ts';
import { resolveAppLocations, resolveDataDir } from './locations.ts';
import { electronSettingsPort, readSettings } from './settings.ts';
import { mainWindowOptions } from './window-options.ts';

const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const locations = resolveAppLocations({
  isPackaged: app.isPackaged,
  appPath: app.getAppPath(),
  resourcesPath: process.resourcesPath,
  mainDir: path.dirname(fileURLToPath(import.meta.url)),
  devServerUrl,
});
const isAppUrl = createAppUrlCheck(locations.rendererUrl);
// Before 'ready', as Electron requires: the reader fetches PDFs from raadsmap-document://.
protocol.registerSchemesAsPrivileged([DOCUMENT_SCHEME_PRIVILEGES]);

async function main(): Promise<void> {
  // Two instances would write the same store; the second one hands over to the first.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Sandbox every renderer, also ones a later feature might forget to configure.
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isAppUrl));

  await app.whenReady();
  enforceSecurityHeaders(session.defaultSession, devServerUrl ? DEV_SERVER_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY);
  denyAllPermissions(session.defaultSession);

  const settings = readSettings();
  const core = createCore({
    dataDir: resolveDataDir(process.env, settings.dataDir, app.getPath('userData')),
    sampleDir: locations.sampleDir,
    settings: electronSettingsPort(),
  });

  const window = new BrowserWindow(mainWindowOptions(locations.preloadPath));
  const publish = (event: CoreEvent) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  };
  core.onEvent(publish);
  protocol.handle(DOCUMENT_SCHEME, (request) => handleDocumentRequest(core, request));
  registerIpcHandlers({ ipcMain, core, isAppUrl, publish });
  window.once('ready-to-show', () => window.show());

  app.on('second-instance', () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // One window: closing it ends the app on every platform, so the core is always closed cleanly.
  app.on('window-all-closed', () => app.quit());

  // First start: import the bundled sample meetings while the window shows
  // their progress; the list refreshes on each 'library-changed' event.
  const stopSample = new AbortController();
  const sampleImport = core
    .ensureSampleData({ signal: stopSample.signal, onProgress: (progress) => publish({ type: 'progress', task: 'sample-data', progress }) })
    .catch((error: unknown) => console.error('Raadsmap: voorbeeldvergaderingen niet geïmporteerd:', error));
  // Then the sources: at start and every syncIntervalMinutes (settings); progress shows in the window.
  const schedule = sampleImport.then(() => scheduleSync(core, { onProgress: (progress) => publish({ type: 'progress', task: 'syncSources', progress }) }));

  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Finish (or cancel) the running import before the store closes under it.
    event.preventDefault();
    stopSample.abort();
    void schedule
      .then((s) => s.stop())
      .then(() => core.close())
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  await window.loadURL(locations.rendererUrl);
}

main().catch((error: unknown) => {
  console.error(error);
  dialog.showErrorBox('Raadsmap kan niet starten', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
