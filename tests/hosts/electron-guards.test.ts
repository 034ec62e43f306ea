import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import {
  createAppUrlCheck,
  denyAllPermissions,
  enforceSecurityHeaders,
  guardWebContents,
  type GuardedSession,
  type GuardedWebContents,
} from '../../electron/main/guards.ts';
import { CALL_NAMES, registerIpcHandlers, type IpcMainLike } from '../../electron/main/ipc.ts';
import type { Session } from '../../electron/core/vault/session.ts';
import { CHOOSE_PACKAGES_CHANNEL, REVEAL_SAVED_CHANNEL, SAVE_EXPORT_CHANNEL, UPLOAD_CHANNEL, callChannel } from '../../electron/main/ipc-channels.ts';
import { SavedExports, safeFileName } from '../../electron/main/saved-exports.ts';
import { tempDir } from '../support/temp-dir.ts';
import { resolveAppLocations, resolveDataDir } from '../../electron/main/locations.ts';
import { mainWindowOptions } from '../../electron/main/window-options.ts';
import { inputs } from '../../shared/api.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';

// The security decisions of the Electron main process, as pure functions
// over small fakes of the Electron objects they touch.

const APP_FILE = pathToFileURL('/opt/Raadsmap/resources/app.asar/out/renderer/index.html').href;
const FOREIGN_URLS = [
  'https://evil.example',
  'https://evil.example/out/renderer/index.html',
  'file:///etc/passwd',
  'file:///opt/Raadsmap/resources/app.asar/out/renderer/other.html',
  'file://evil-host/opt/Raadsmap/resources/app.asar/out/renderer/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'about:blank',
  'not a url',
  '',
];
const silent = { warn: () => {} };

describe('window options', () => {
  it('isolate the renderer: context isolation, sandbox, no Node, web security', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs');
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });
});

describe('app URL check', () => {
  it('allows the built index.html (with any hash or query) and nothing else', () => {
    const isApp = createAppUrlCheck(APP_FILE);
    expect(isApp(APP_FILE)).toBe(true);
    expect(isApp(`${APP_FILE}#vergadering-3`)).toBe(true);
    expect(isApp(`${APP_FILE}?x=1`)).toBe(true);
    for (const url of FOREIGN_URLS) expect(isApp(url), url).toBe(false);
  });

  it('allows the dev server origin only', () => {
    const isApp = createAppUrlCheck('http://localhost:5173/');
    expect(isApp('http://localhost:5173/')).toBe(true);
    expect(isApp('http://localhost:5173/src/main.tsx')).toBe(true);
    for (const url of ['http://localhost:5174/', 'http://127.0.0.1:5173/', 'https://localhost:5173/', ...FOREIGN_URLS]) {
      expect(isApp(url), url).toBe(false);
    }
  });

  it('refuses to be built from a scheme it does not know', () => {
    expect(() => createAppUrlCheck('javascript:alert(1)')).toThrow();
  });
});

function fakeWebContents() {
  const listeners = new Map<string, (event: { url?: string; preventDefault(): void }) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents: GuardedWebContents = {
    setWindowOpenHandler: (handler) => {
      openHandler = handler;
    },
    on: (name: string, listener: (event: never) => void) => listeners.set(name, listener as never),
  };
  const fire = (name: string, url?: string) => {
    const event = { url, preventDefault: vi.fn() };
    listeners.get(name)!(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, open: (url: string) => openHandler!({ url }) };
}

describe('window guards', () => {
  it('deny window.open, whatever the URL', () => {
    const fake = fakeWebContents();
    guardWebContents(fake.contents, createAppUrlCheck(APP_FILE), silent);
    for (const url of ['https://evil.example', APP_FILE, 'about:blank']) expect(fake.open(url)).toEqual({ action: 'deny' });
  });

  it('stop navigation and redirects away from the app, allow the app itself', () => {
    const fake = fakeWebContents();
    guardWebContents(fake.contents, createAppUrlCheck(APP_FILE), silent);
    for (const url of FOREIGN_URLS) {
      expect(fake.fire('will-navigate', url), url).toBe(true);
      expect(fake.fire('will-redirect', url), url).toBe(true);
    }
    expect(fake.fire('will-navigate', APP_FILE)).toBe(false);
    expect(fake.fire('will-navigate', `${APP_FILE}#x`)).toBe(false);
  });

  it('refuse <webview>', () => {
    const fake = fakeWebContents();
    guardWebContents(fake.contents, createAppUrlCheck(APP_FILE), silent);
    expect(fake.fire('will-attach-webview')).toBe(true);
  });
});

function fakeSession() {
  const handlers: {
    request?: Parameters<GuardedSession['setPermissionRequestHandler']>[0];
    check?: Parameters<GuardedSession['setPermissionCheckHandler']>[0];
    headers?: Parameters<GuardedSession['webRequest']['onHeadersReceived']>[0];
  } = {};
  const session: GuardedSession = {
    setPermissionRequestHandler: (handler) => (handlers.request = handler),
    setPermissionCheckHandler: (handler) => (handlers.check = handler),
    webRequest: { onHeadersReceived: (listener) => (handlers.headers = listener) },
  };
  return { session, handlers };
}

describe('session guards', () => {
  it('deny every permission request and check', () => {
    const { session, handlers } = fakeSession();
    denyAllPermissions(session);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      handlers.request!({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
      expect(handlers.check!({}, permission)).toBe(false);
    }
  });

  it('put the strict CSP and nosniff on every response, replacing what a server sent', () => {
    const { session, handlers } = fakeSession();
    enforceSecurityHeaders(session, CONTENT_SECURITY_POLICY);
    const callback = vi.fn();
    handlers.headers!(
      { responseHeaders: { 'content-security-policy': ["script-src 'unsafe-eval'"], 'Content-Type': ['text/html'], 'x-content-type-options': ['x'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledExactlyOnceWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY], 'X-Content-Type-Options': ['nosniff'] },
    });
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'");
  });
});

function fakeIpcMain() {
  const handlers = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => handlers.delete(channel),
  };
  return { ipcMain, handlers };
}

function fakeCore() {
  return {
    listMeetings: vi.fn(() => []),
    getMeeting: vi.fn(({ meetingId }: { meetingId: number }) => ({ id: meetingId })),
    importPackages: vi.fn(async () => []),
    importHandles: vi.fn(async () => []),
    doctor: vi.fn(() => ({ ok: true })),
    storeUpload: vi.fn(async () => ({ handle: 'ab'.repeat(16), name: 'pakket.zip' })),
    choosePackage: vi.fn((filePath: string) => ({ handle: 'cd'.repeat(16), name: filePath.split('/').pop() })),
  } as unknown as Core & Record<'listMeetings' | 'getMeeting' | 'importPackages' | 'importHandles' | 'doctor' | 'storeUpload' | 'choosePackage', ReturnType<typeof vi.fn>>;
}

/** An open session around the fake core (dispatchCall asks a session for its core). */
function sessionOf(core: Core): Session {
  return {
    core: () => core,
    current: () => core,
    whenOpen: () => () => {},
    onCore: async (work: (c: Core, s: AbortSignal) => unknown) => work(core, new AbortController().signal),
    getSettings: () => ({ language: 'nl' }),
  } as unknown as Session;
}

/** The host's options around a fake core: exports saved into a temp "Downloads", a recording shell. */
function hostOptions(ipcMain: IpcMainLike, core: Core, downloads = tempDir()) {
  const shell = { openPath: vi.fn(async (_path: string) => ''), showItemInFolder: vi.fn((_path: string) => {}) };
  // The user picks two packages in the system dialog.
  const choosePackageFiles = vi.fn(async (_language: 'nl' | 'en') => ['/home/raadslid/Downloads/raad-23-januari.raadsmap', '/home/raadslid/commissie.zip']);
  return { ipcMain, session: sessionOf(core), isAppUrl: createAppUrlCheck(APP_FILE), publish: () => {}, savedExports: new SavedExports(() => downloads), shell, choosePackageFiles };
}

describe('IPC host', () => {
  const fromApp = { senderFrame: { url: APP_FILE } };

  it('registers exactly one handler per call of the contract, and removes them again', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const unregister = registerIpcHandlers(hostOptions(ipcMain, fakeCore()));
    expect(CALL_NAMES).toEqual(Object.keys(inputs));
    expect([...handlers.keys()].sort()).toEqual([...CALL_NAMES.map(callChannel), UPLOAD_CHANNEL, CHOOSE_PACKAGES_CHANNEL, SAVE_EXPORT_CHANNEL, REVEAL_SAVED_CHANNEL].sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('rejects senders that are not the app, without calling the core', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const core = fakeCore();
    registerIpcHandlers(hostOptions(ipcMain, core));
    const listMeetings = handlers.get(callChannel('listMeetings'))!;
    for (const event of [{ senderFrame: { url: 'https://evil.example/' } }, { senderFrame: { url: 'file:///tmp/evil.html' } }, { senderFrame: null }]) {
      expect(await listMeetings(event, {})).toMatchObject({ ok: false, error: { code: 'ipc.forbidden-sender' } });
    }
    expect(core.listMeetings).not.toHaveBeenCalled();
  });

  it('takes an uploaded package only from the app, as a file name and bytes', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const core = fakeCore();
    registerIpcHandlers(hostOptions(ipcMain, core));
    const upload = handlers.get(UPLOAD_CHANNEL)!;
    const bytes = new Uint8Array([0x50, 0x4b, 3, 4]);
    expect(await upload({ senderFrame: { url: 'https://evil.example/' } }, 'x.zip', bytes)).toMatchObject({ ok: false, error: { code: 'ipc.forbidden-sender' } });
    expect(await upload(fromApp, 'x.zip', 'not bytes')).toMatchObject({ ok: false, error: { code: 'api.invalid-input' } });
    expect(await upload(fromApp, 'x'.repeat(300), bytes)).toMatchObject({ ok: false, error: { code: 'api.invalid-input' } });
    expect(core.storeUpload).not.toHaveBeenCalled();
    expect(await upload(fromApp, 'pakket.zip', bytes)).toEqual({ ok: true, value: { handle: 'ab'.repeat(16), name: 'pakket.zip' } });
    expect(core.storeUpload).toHaveBeenCalledWith(bytes, 'pakket.zip');
  });

  it('imports only by handle: the packages chosen in the system dialog, never a path from the window', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const core = fakeCore();
    const options = hostOptions(ipcMain, core);
    registerIpcHandlers(options);
    const choose = handlers.get(CHOOSE_PACKAGES_CHANNEL)!;
    expect(await choose({ senderFrame: { url: 'https://evil.example/' } })).toMatchObject({ ok: false, error: { code: 'ipc.forbidden-sender' } });
    expect(options.choosePackageFiles).not.toHaveBeenCalled();
    // The window gets handles and names; main keeps the paths (in the core's registry).
    expect(await choose(fromApp)).toEqual({
      ok: true,
      value: [
        { handle: 'cd'.repeat(16), name: 'raad-23-januari.raadsmap' },
        { handle: 'cd'.repeat(16), name: 'commissie.zip' },
      ],
    });
    expect(options.choosePackageFiles).toHaveBeenCalledWith('nl');
    expect(core.choosePackage.mock.calls).toEqual([['/home/raadslid/Downloads/raad-23-januari.raadsmap'], ['/home/raadslid/commissie.zip']]);
    // Cancelled: nothing chosen, nothing registered.
    options.choosePackageFiles.mockResolvedValueOnce([]);
    expect(await choose(fromApp)).toEqual({ ok: true, value: [] });
    expect(core.choosePackage).toHaveBeenCalledTimes(2);

    const importPackages = handlers.get(callChannel('importPackages'))!;
    for (const input of [{ paths: ['/etc/passwd'] }, { handles: ['/etc/passwd'] }, { handles: ['../uploads/x.zip'] }, { handles: ['CD'.repeat(16)] }]) {
      expect(await importPackages(fromApp, input)).toMatchObject({ ok: false, error: { code: 'api.invalid-input' } });
    }
    expect(core.importHandles).not.toHaveBeenCalled();
    expect(core.importPackages).not.toHaveBeenCalled();
    expect(await importPackages(fromApp, { handles: ['cd'.repeat(16)] })).toEqual({ ok: true, value: [] });
    expect(core.importHandles).toHaveBeenCalledWith({ handles: ['cd'.repeat(16)] }, expect.anything());
    expect(core.importPackages).not.toHaveBeenCalled();
  });

  it('saves an export into Downloads, then opens or shows only a file it saved itself', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const core = fakeCore();
    const exportFile = vi.fn(() => ({ fileName: 'Motie zorg.docx', mimeType: 'application/zip', size: 4, bytes: Buffer.from('PK\x03\x04') }));
    Object.assign(core, { exportFile });
    const downloads = tempDir();
    const options = hostOptions(ipcMain, core, downloads);
    registerIpcHandlers(options);
    const save = handlers.get(SAVE_EXPORT_CHANNEL)!;
    const reveal = handlers.get(REVEAL_SAVED_CHANNEL)!;
    const exportId = 'ab'.repeat(16);

    expect(await save({ senderFrame: { url: 'https://evil.example/' } }, exportId)).toMatchObject({ ok: false, error: { code: 'ipc.forbidden-sender' } });
    for (const bad of ['../../etc/passwd', 42, 'AB'.repeat(16)]) expect(await save(fromApp, bad)).toMatchObject({ ok: false, error: { code: 'api.invalid-input' } });
    expect(exportFile).not.toHaveBeenCalled();

    const first = (await save(fromApp, exportId)) as { ok: true; value: { savedId: string; fileName: string } };
    const second = (await save(fromApp, exportId)) as { ok: true; value: { savedId: string; fileName: string } };
    expect([first.value.fileName, second.value.fileName]).toEqual(['Motie zorg.docx', 'Motie zorg (2).docx']);
    expect(fs.readdirSync(downloads).sort()).toEqual(['Motie zorg (2).docx', 'Motie zorg.docx']);
    expect(fs.readFileSync(path.join(downloads, 'Motie zorg.docx'), 'latin1')).toBe('PK\x03\x04');

    expect(await reveal(fromApp, first.value.savedId, 'open')).toEqual({ ok: true, value: null });
    expect(options.shell.openPath).toHaveBeenCalledWith(path.join(downloads, 'Motie zorg.docx'));
    expect(await reveal(fromApp, second.value.savedId, 'folder')).toEqual({ ok: true, value: null });
    expect(options.shell.showItemInFolder).toHaveBeenCalledWith(path.join(downloads, 'Motie zorg (2).docx'));
    // Never a path, never an id it did not hand out, never another action.
    for (const args of [[path.join(downloads, 'Motie zorg.docx'), 'open'], ['cd'.repeat(16), 'open'], [first.value.savedId, 'run']]) {
      expect(await reveal(fromApp, ...args)).toMatchObject({ ok: false });
    }
    expect(options.shell.openPath).toHaveBeenCalledTimes(1);
    // A file the user moved away since: said so, nothing opened.
    fs.rmSync(path.join(downloads, 'Motie zorg.docx'));
    expect(await reveal(fromApp, first.value.savedId, 'open')).toMatchObject({ ok: false, error: { code: 'export.saved-file-gone' } });
    // An app that cannot open it: the reason behind Details.
    options.shell.openPath.mockResolvedValueOnce('No application is associated');
    expect(await reveal(fromApp, second.value.savedId, 'open')).toMatchObject({ ok: false, error: { code: 'export.cannot-open', subject: 'No application is associated' } });
  });

  it('validates input through dispatchCall and answers with the Result envelope', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const core = fakeCore();
    registerIpcHandlers(hostOptions(ipcMain, core));
    const getMeeting = handlers.get(callChannel('getMeeting'))!;
    expect(await getMeeting(fromApp, { meetingId: 'drie' })).toMatchObject({ ok: false, error: { code: 'api.invalid-input' } });
    expect(await getMeeting(fromApp, { meetingId: 3, extra: 1 })).toMatchObject({ ok: false, error: { code: 'api.invalid-input' } });
    expect(core.getMeeting).not.toHaveBeenCalled();
    expect(await getMeeting(fromApp, { meetingId: 3 })).toEqual({ ok: true, value: { id: 3 } });
    expect(await handlers.get(callChannel('listMeetings'))!(fromApp, undefined)).toEqual({ ok: true, value: [] });
  });

  it('publishes the progress of a running call as an event', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const core = fakeCore();
    const progress = { phase: 'extract', done: 1, total: 2, nl: 'Lezen', en: 'Reading' };
    core.importHandles.mockImplementation(async (_input: unknown, options: { onProgress?: (p: typeof progress) => void }) => {
      options.onProgress?.(progress);
      return [];
    });
    const publish = vi.fn();
    registerIpcHandlers({ ...hostOptions(ipcMain, core), publish });
    expect(await handlers.get(callChannel('importPackages'))!(fromApp, { handles: ['ab'.repeat(16)] })).toEqual({ ok: true, value: [] });
    expect(publish).toHaveBeenCalledWith({ type: 'progress', task: 'importPackages', progress });
  });
});

describe('saved exports', () => {
  it('gives a file a name any desktop accepts, inside the folder', () => {
    expect(safeFileName('../../.bashrc')).toBe('bashrc');
    expect(safeFileName('a\\b/c:d?.pdf')).toBe('c_d_.pdf');
    expect(safeFileName('CON.docx')).toBe('_CON.docx');
    expect(safeFileName('motie. ')).toBe('motie');
    expect(safeFileName('')).toBe('raadsmap-export');
  });

  it('never overwrites a file and leaves no temp file, also when writing fails', () => {
    const downloads = tempDir();
    fs.writeFileSync(path.join(downloads, 'bundel.pdf'), 'the user’s own file');
    const saved = new SavedExports(() => downloads);
    expect(saved.save({ fileName: 'bundel.pdf', bytes: Buffer.from('%PDF-1.7') }).fileName).toBe('bundel (2).pdf');
    expect(fs.readFileSync(path.join(downloads, 'bundel.pdf'), 'utf8')).toBe('the user’s own file');
    expect(fs.readdirSync(downloads).sort()).toEqual(['bundel (2).pdf', 'bundel.pdf']);
    // A folder it cannot write in: an error, and nothing left behind.
    const blocked = path.join(downloads, 'not-a-folder');
    fs.writeFileSync(blocked, '');
    expect(() => new SavedExports(() => blocked).save({ fileName: 'x.pdf', bytes: Buffer.from('x') })).toThrow();
    expect(fs.readdirSync(downloads).sort()).toEqual(['bundel (2).pdf', 'bundel.pdf', 'not-a-folder']);
    // Temporaries an app killed while saving left (this version's name and the one before): gone at the next save.
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    for (const name of ['.bundel.pdf.raadsmap-4242-0123456789ab.tmp', '.0123456789ab.raadsmap-part']) {
      fs.writeFileSync(path.join(downloads, name), '%PDF-1.');
      fs.utimesSync(path.join(downloads, name), hourAgo, hourAgo);
    }
    saved.save({ fileName: 'motie.docx', bytes: Buffer.from('PK') });
    expect(fs.readdirSync(downloads).sort()).toEqual(['bundel (2).pdf', 'bundel.pdf', 'motie.docx', 'not-a-folder']);
  });
});

describe('locations', () => {
  it('development: the dev server when electron-vite runs one, else the built files; samples from the repo', () => {
    const base = { isPackaged: false, appPath: '/repo', resourcesPath: '/electron/resources', mainDir: '/repo/out/main' };
    expect(resolveAppLocations({ ...base, devServerUrl: 'http://localhost:5173/' })).toEqual({
      rendererUrl: 'http://localhost:5173/',
      rendererDir: '/repo/out/renderer',
      preloadPath: '/repo/out/preload/index.cjs',
      sampleDir: '/repo/resources/sample',
    });
    expect(resolveAppLocations(base).rendererUrl).toBe('raadsmap-app://app/index.html');
  });

  it('packaged: never a dev server, samples from process.resourcesPath', () => {
    const packaged = resolveAppLocations({
      isPackaged: true,
      appPath: '/opt/R/resources/app.asar',
      resourcesPath: '/opt/R/resources',
      mainDir: '/opt/R/resources/app.asar/out/main',
      devServerUrl: 'http://evil.example/',
    });
    expect(packaged.rendererUrl).toBe('raadsmap-app://app/index.html');
    expect(packaged.rendererDir).toBe('/opt/R/resources/app.asar/out/renderer');
    expect(packaged.sampleDir).toBe('/opt/R/resources/sample');
  });

  it('data dir: RAADSMAP_DATA_DIR, then the setting, then userData', () => {
    expect(resolveDataDir({ RAADSMAP_DATA_DIR: '/tmp/x' }, '/data', '/home/u/.config/Raadsmap')).toBe('/tmp/x');
    expect(resolveDataDir({}, '/data', '/home/u/.config/Raadsmap')).toBe('/data');
    expect(resolveDataDir({}, null, '/home/u/.config/Raadsmap')).toBe('/home/u/.config/Raadsmap');
  });
});
