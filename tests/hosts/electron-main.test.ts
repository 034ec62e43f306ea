import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';
import { inputs } from '../../shared/api.ts';
import { callChannel, CHOOSE_PACKAGES_CHANNEL, EVENT_CHANNEL, REVEAL_SAVED_CHANNEL, SAVE_EXPORT_CHANNEL, UPLOAD_CHANNEL } from '../../electron/main/ipc-channels.ts';

// The Electron entry (electron/main/index.ts) wired against a mocked
// `electron` module: Electron cannot be installed on the machines this runs
// on. The core is a fake here; the web host tests use the real one.

// A data dir holding an (unencrypted) store, so the session opens it at once through the fake core.
const dataDir = await vi.hoisted(async () => {
  const { default: fs } = await import('node:fs');
  const { default: os } = await import('node:os');
  const { default: nodePath } = await import('node:path');
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'raadsmap-electron-main-'));
  fs.writeFileSync(nodePath.join(dir, 'library.db'), Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(84)]));
  return dir;
});

const electron = vi.hoisted(() => {
  const appListeners = new Map<string, (...args: unknown[]) => void>();
  const window = {
    webContents: { send: vi.fn() },
    loadURL: vi.fn(async () => {}),
    once: vi.fn(),
    isDestroyed: () => false,
    isMinimized: () => false,
    restore: vi.fn(),
    focus: vi.fn(),
    show: vi.fn(),
  };
  return {
    appListeners,
    window,
    app: {
      isPackaged: false,
      getAppPath: () => '/repo',
      getPath: vi.fn((_name?: string) => dataDir),
      whenReady: vi.fn(async () => {}),
      requestSingleInstanceLock: vi.fn(() => true),
      enableSandbox: vi.fn(),
      quit: vi.fn(),
      exit: vi.fn(),
      on: vi.fn((name: string, listener: (...args: unknown[]) => void) => appListeners.set(name, listener)),
    },
    BrowserWindow: vi.fn(function BrowserWindow() {
      return window;
    }),
    ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
    dialog: { showErrorBox: vi.fn(), showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/home/raadslid/raad.raadsmap'] })) },
    shell: { openExternal: vi.fn(async () => {}) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    // Linux without a keyring: the fallback Electron would use is refused (electron/main/keyring.ts).
    safeStorage: { isEncryptionAvailable: () => true, getSelectedStorageBackend: () => 'basic_text', encryptString: vi.fn(), decryptString: vi.fn() },
  };
});

const fakeCore = vi.hoisted(() => {
  const listeners: ((event: unknown) => void)[] = [];
  return {
    listeners,
    core: {
      listMeetings: vi.fn(() => []),
      getMeeting: vi.fn(),
      importPackages: vi.fn(),
      choosePackage: vi.fn(() => ({ handle: 'ab'.repeat(16), name: 'raad.raadsmap' })),
      doctor: vi.fn(),
      ensureSampleData: vi.fn(async (options: { onProgress?: (p: unknown) => void }) => {
        options.onProgress?.({ phase: 'extract', done: 1, total: 3, nl: 'Lezen', en: 'Reading' });
        return [];
      }),
      onEvent: vi.fn((listener: (event: unknown) => void) => {
        listeners.push(listener);
        return () => {};
      }),
      close: vi.fn(async () => {}),
      getSettings: vi.fn(() => ({ syncOnStart: true, syncIntervalMinutes: 60 })),
      listSources: vi.fn(() => [{ id: 1 }]),
      syncSources: vi.fn(async () => []),
    },
    createCore: vi.fn(),
  };
});

vi.mock('electron', () => ({ ...electron, default: electron }));
vi.mock('../../electron/core/index.ts', () => ({ createCore: fakeCore.createCore.mockImplementation(() => fakeCore.core) }));
const settingsPort = vi.hoisted(() => ({ read: () => ({ language: 'nl', theme: 'system', userName: '', fractie: '' }), write: () => {} }));
vi.mock('../../electron/main/settings.ts', () => ({
  readSettings: () => ({ language: 'nl', theme: 'system', userName: '', fractie: '', dataDir: null }),
  electronSettingsPort: () => settingsPort,
}));

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
  vi.stubEnv('RAADSMAP_DATA_DIR', '');
  await import('../../electron/main/index.ts');
  await vi.waitFor(() => expect(electron.window.loadURL).toHaveBeenCalled());
});

afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('electron main, wired', () => {
  it('takes the single-instance lock and sandboxes every renderer', () => {
    expect(electron.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(electron.app.enableSandbox).toHaveBeenCalled();
  });

  it('opens one hardened window on the built renderer, with the CommonJS preload', () => {
    expect(electron.BrowserWindow).toHaveBeenCalledTimes(1);
    const options = (electron.BrowserWindow.mock.calls as unknown as [[{ webPreferences: Record<string, unknown> }]])[0][0];
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(options.webPreferences.preload).toMatch(/[/\\]preload[/\\]index\.cjs$/);
    expect(electron.window.loadURL).toHaveBeenCalledWith('raadsmap-app://app/index.html');
  });

  it('guards every web contents created: window.open denied, navigation away stopped, allowed links to the system browser', () => {
    const onCreated = electron.appListeners.get('web-contents-created')!;
    const listeners = new Map<string, (event: { url?: string; preventDefault(): void }) => void>();
    let openHandler: ((details: { url: string }) => unknown) | undefined;
    onCreated({}, { setWindowOpenHandler: (h: typeof openHandler) => (openHandler = h), on: (name: string, l: never) => listeners.set(name, l) });
    expect(openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'https://zwolle.raadsinformatie.nl/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://zwolle.raadsinformatie.nl/']]);
    const event = { url: 'file:///etc/passwd', preventDefault: vi.fn() };
    listeners.get('will-navigate')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
  });

  it('serves the built renderer through the app protocol, with the CSP on its responses', async () => {
    const [, handler] = electron.protocol.handle.mock.calls.find(([scheme]) => scheme === 'raadsmap-app')! as unknown as [string, (r: { url: string; method: string }) => Response];
    const response = handler({ url: 'raadsmap-app://app/../../../etc/passwd', method: 'GET' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('denies permissions and sets the strict CSP on the default session', () => {
    const { defaultSession } = electron.session;
    const requestHandler = defaultSession.setPermissionRequestHandler.mock.calls[0]![0] as (wc: unknown, p: string, cb: (ok: boolean) => void) => void;
    const callback = vi.fn();
    requestHandler({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    const headersListener = defaultSession.webRequest.onHeadersReceived.mock.calls[0]![0] as (
      d: { responseHeaders: Record<string, string[]> },
      cb: (r: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    headersListener({ responseHeaders: {} }, (response) => expect(response.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]));
  });

  it('registers the document protocol as privileged before ready, and serves it through the core', () => {
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'raadsmap-app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
      expect.objectContaining({ scheme: 'raadsmap-document' }),
    ]);
    expect(electron.protocol.handle).toHaveBeenCalledWith('raadsmap-document', expect.any(Function));
  });

  it('opens the store on userData with the repo samples, imports them on first start, and compares versions in the background', () => {
    expect(fakeCore.createCore).toHaveBeenCalledWith({ dataDir, sampleDir: path.join('/repo', 'resources', 'sample'), recordVisit: true, settings: settingsPort, compareInBackground: true });
    expect(fakeCore.core.ensureSampleData).toHaveBeenCalledTimes(1);
  });

  it('syncs the sources once the samples are in (syncOnStart)', async () => {
    await vi.waitFor(() => expect(fakeCore.core.syncSources).toHaveBeenCalledTimes(1));
  });

  it('registers one IPC handler per call, each checking the sender', async () => {
    const channels = electron.ipcMain.handle.mock.calls.map(([channel]) => channel);
    expect(channels.sort()).toEqual([...Object.keys(inputs).map((name) => callChannel(name as keyof typeof inputs)), UPLOAD_CHANNEL, CHOOSE_PACKAGES_CHANNEL, SAVE_EXPORT_CHANNEL, REVEAL_SAVED_CHANNEL].sort());
    const [, listMeetings] = electron.ipcMain.handle.mock.calls.find(([channel]) => channel === callChannel('listMeetings'))!;
    const handler = listMeetings as (event: unknown, input: unknown) => Promise<unknown>;
    expect(await handler({ senderFrame: { url: 'https://evil.example/' } }, {})).toMatchObject({ ok: false, error: { code: 'ipc.forbidden-sender' } });
    const appUrl = (electron.window.loadURL.mock.calls as unknown as [[string]])[0][0];
    expect(await handler({ senderFrame: { url: appUrl } }, {})).toEqual({ ok: true, value: [] });
  });

  it("opens the system's file dialog for packages on the window, and hands the window only handles", async () => {
    const [, choose] = electron.ipcMain.handle.mock.calls.find(([channel]) => channel === CHOOSE_PACKAGES_CHANNEL)!;
    const appUrl = (electron.window.loadURL.mock.calls as unknown as [[string]])[0][0];
    expect(await (choose as (event: unknown) => Promise<unknown>)({ senderFrame: { url: appUrl } })).toEqual({ ok: true, value: [{ handle: 'ab'.repeat(16), name: 'raad.raadsmap' }] });
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(electron.window, expect.objectContaining({
      title: 'Vergaderpakketten importeren',
      properties: ['openFile', 'multiSelections'],
      filters: [{ name: 'Vergaderpakketten', extensions: ['zip', 'raadsmap'] }],
    }));
    expect(fakeCore.core.choosePackage).toHaveBeenCalledWith('/home/raadslid/raad.raadsmap');
  });

  it('sends sample-import progress and core events to the window on one channel', () => {
    expect(electron.window.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, {
      type: 'progress',
      task: 'sample-data',
      progress: { phase: 'extract', done: 1, total: 3, nl: 'Lezen', en: 'Reading' },
    });
    fakeCore.listeners.forEach((listener) => listener({ type: 'library-changed' }));
    expect(electron.window.webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, { type: 'library-changed' });
  });

  it('imports .raadsmap packages opened with the app: open-file (macOS) and a second instance (Windows, Linux)', async () => {
    const event = { preventDefault: vi.fn() };
    electron.appListeners.get('open-file')!(event, '/home/raadslid/Downloads/raad-23-januari.raadsmap');
    expect(event.preventDefault).toHaveBeenCalled();
    electron.appListeners.get('second-instance')!({}, ['/opt/Raadsmap/raadsmap', '--no-sandbox', 'tweede.raadsmap', 'notes.txt'], '/home/raadslid');
    await vi.waitFor(() => expect(fakeCore.core.importPackages).toHaveBeenCalledTimes(2));
    expect(fakeCore.core.importPackages.mock.calls.map(([input]) => input)).toEqual([
      { paths: ['/home/raadslid/Downloads/raad-23-januari.raadsmap'] },
      { paths: [path.resolve('/home/raadslid', 'tweede.raadsmap')] },
    ]);
    expect(electron.window.focus).toHaveBeenCalled();
  });

  it('answers the vault calls with the keyring it has: none usable on Linux with only basic_text', async () => {
    const [, vaultStatus] = electron.ipcMain.handle.mock.calls.find(([channel]) => channel === callChannel('vaultStatus'))!;
    const appUrl = (electron.window.loadURL.mock.calls as unknown as [[string]])[0][0];
    const status = await (vaultStatus as (event: unknown, input: unknown) => Promise<unknown>)({ senderFrame: { url: appUrl } }, {});
    expect(status).toMatchObject({ ok: true, value: { state: 'plain', keyring: { available: false, reason: { nl: expect.stringContaining('GNOME Keyring') } } } });
    expect(electron.safeStorage.encryptString).not.toHaveBeenCalled();
  });

  it('closes the core before quitting', async () => {
    const event = { preventDefault: vi.fn() };
    electron.appListeners.get('will-quit')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(fakeCore.core.close).toHaveBeenCalled();
  });
});
