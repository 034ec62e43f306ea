// Electron main process: creates the core on the user's data dir, exposes it
// to one hardened window over IPC, and imports the sample meetings on first
// start. The security decisions live in guards.ts / window-options.ts / ipc.ts
// (unit-tested); this file only wires them to Electron.
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CoreEvent } from '../../shared/api.ts';
import { CONTENT_SECURITY_POLICY, DEV_SERVER_CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';
import { isRaadsmapError } from '../../shared/errors.ts';
import { openSession } from '../core/open-session.ts';
import { safeStorageKeyring } from './keyring.ts';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, handleAppRequest } from './app-protocol.ts';
import { scheduleSync } from '../core/sync/schedule.ts';
import { DOCUMENT_SCHEME, DOCUMENT_SCHEME_PRIVILEGES, handleDocumentRequest } from './document-protocol.ts';
import { createAppUrlCheck, denyAllPermissions, enforceSecurityHeaders, guardWebContents } from './guards.ts';
import { registerIpcHandlers } from './ipc.ts';
import { SavedExports } from './saved-exports.ts';
import { createPackageOpener, PACKAGE_EXTENSION, packagePathsFromArgv } from './open-files.ts';
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
// The one origin the document protocol answers cross-origin reads for: the app's (or the dev server's).
const appOrigin = locations.rendererUrl === APP_ENTRY_URL ? APP_ORIGIN : new URL(locations.rendererUrl).origin;
// Before 'ready', as Electron requires: the window loads raadsmap-app://, the reader fetches PDFs from raadsmap-document://.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES, DOCUMENT_SCHEME_PRIVILEGES]);

async function main(): Promise<void> {
  // Two instances would write the same store; the second one hands over to the first (its package files included).
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // The window is made after 'ready'; events before it (a package opened early) have nowhere to go.
  const shown: { window?: BrowserWindow } = {};
  const publish = (event: CoreEvent) => {
    if (shown.window && !shown.window.isDestroyed()) shown.window.webContents.send(EVENT_CHANNEL, event);
  };
  // .raadsmap packages opened with the app: macOS sends 'open-file', possibly before 'ready'.
  const opener = createPackageOpener({
    publish,
    report: (error) => dialog.showErrorBox('Pakket niet geïmporteerd / Package not imported', isRaadsmapError(error) ? `${error.nl}\n\n${error.en}` : String(error)),
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    opener.open(packagePathsFromArgv([file], process.cwd()));
  });
  opener.open(packagePathsFromArgv(process.argv.slice(1), process.cwd()));
  // Sandbox every renderer, also ones a later feature might forget to configure.
  app.enableSandbox();
  // Links out go to the system browser, after the allow-check (external-links.ts).
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isAppUrl, console, shell));

  await app.whenReady();
  // The app protocol sets the CSP on its own responses (pdf.js worker included); this covers http(s) ones (the dev server).
  protocol.handle(APP_SCHEME, (request) => handleAppRequest(locations.rendererDir, request));
  enforceSecurityHeaders(session.defaultSession, devServerUrl ? DEV_SERVER_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY);
  denyAllPermissions(session.defaultSession);

  const settings = readSettings();
  // The store opens now when it can (unencrypted, or its key in the OS keyring); otherwise the window
  // shows the first-run choice or the lock screen, and it opens from there.
  const store = openSession({
    dataDir: resolveDataDir(process.env, settings.dataDir, app.getPath('userData')),
    sampleDir: locations.sampleDir,
    recordVisit: true,
    compareInBackground: true,
    settings: electronSettingsPort(),
    keyring: safeStorageKeyring(safeStorage),
  });

  const mainWindow = new BrowserWindow(mainWindowOptions(locations.preloadPath));
  shown.window = mainWindow;
  store.onEvent(publish);
  protocol.handle(DOCUMENT_SCHEME, (request) => {
    const core = store.current();
    return core ? handleDocumentRequest(core, request, appOrigin) : new Response('Locked', { status: 423 });
  });
  registerIpcHandlers({
    ipcMain,
    session: store,
    isAppUrl,
    publish,
    savedExports: new SavedExports(() => app.getPath('downloads')),
    shell,
    choosePackageFiles: (language) => choosePackageFiles(mainWindow, language),
  });
  mainWindow.once('ready-to-show', () => mainWindow.show());

  app.on('second-instance', (_event, argv, workingDirectory) => {
    opener.open(packagePathsFromArgv(argv.slice(1), workingDirectory));
    if (mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // One window: closing it ends the app on every platform, so the core is always closed cleanly.
  app.on('window-all-closed', () => app.quit());

  let windowLoaded = false;
  // Each time the store opens: on first start import the bundled sample
  // meetings while the window shows their progress (the list refreshes on each
  // 'library-changed' event), then the sources at start and every
  // syncIntervalMinutes. Both end before the store closes (lock, quit).
  store.whenOpen((core) => {
    const stopSample = new AbortController();
    const sampleImport = core
      .ensureSampleData({ signal: stopSample.signal, onProgress: (progress) => publish({ type: 'progress', task: 'sample-data', progress }) })
      .catch((error: unknown) => console.error('Raadsmap: voorbeeldvergaderingen niet geïmporteerd:', error));
    const schedule = sampleImport.then(() => scheduleSync(core, { onProgress: (progress) => publish({ type: 'progress', task: 'syncSources', progress }) }));
    // Packages opened with the app wait for an open store and a loaded window (to show their progress).
    if (windowLoaded) opener.ready(core);
    return async () => {
      opener.closing();
      stopSample.abort();
      (await schedule).stop();
      await sampleImport;
      await opener.idle();
    };
  });

  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Finish (or cancel) the running import before the store closes under it.
    event.preventDefault();
    void store.close().finally(() => {
      closed = true;
      app.quit();
    });
  });

  await mainWindow.loadURL(locations.rendererUrl);
  windowLoaded = true;
  const open = store.current();
  if (open) opener.ready(open);
}

/** The system's file dialog for meeting packages (.zip, .raadsmap), several at once. */
async function choosePackageFiles(window: BrowserWindow, language: 'nl' | 'en'): Promise<string[]> {
  const nl = language === 'nl';
  const { canceled, filePaths } = await dialog.showOpenDialog(window, {
    title: nl ? 'Vergaderpakketten importeren' : 'Import meeting packages',
    buttonLabel: nl ? 'Importeren' : 'Import',
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: nl ? 'Vergaderpakketten' : 'Meeting packages', extensions: ['zip', PACKAGE_EXTENSION.slice(1)] }],
  });
  return canceled ? [] : filePaths;
}

main().catch((error: unknown) => {
  console.error(error);
  dialog.showErrorBox('Raadsmap kan niet starten', error instanceof Error ? error.message : String(error));
  app.exit(1);
});
