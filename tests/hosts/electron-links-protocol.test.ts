import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL, handleAppRequest } from '../../electron/main/app-protocol.ts';
import { handleDocumentRequest } from '../../electron/main/document-protocol.ts';
import { isAllowedExternalUrl, openExternalIfAllowed } from '../../electron/main/external-links.ts';
import { createAppUrlCheck, guardWebContents, type GuardedWebContents } from '../../electron/main/guards.ts';
import { unpackedFromAsar } from '../../electron/core/extraction/worker-entry.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';
import { tempDir } from '../support/temp-dir.ts';

// Links out of the app (system browser, after the allow-check) and the app
// protocol that serves the renderer with the CSP on every response, the
// pdf.js worker included. Electron is not needed: small fakes stand in.

const silent = { warn: () => {} };

const ALLOWED = [
  'https://zwolle.raadsinformatie.nl/vergadering/123',
  'https://www.zwolle.nl/',
  'https://www.zwolle.nl:443/pad?x=1#y',
  'https://xn--bcher-kva.example/',
];
const REFUSED = [
  'http://www.zwolle.nl/',
  'https://user:secret@www.zwolle.nl/',
  'https://www.zwolle.nl@evil.example/',
  'https://www.zwolle.nl:8443/',
  'https://localhost/',
  'https://raadsmap.localhost/',
  'https://printer.local/',
  'https://127.0.0.1/',
  'https://2130706433/',
  'https://0x7f000001/',
  'https://[::1]/',
  'https://intranet/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'smb://server/share',
  'ms-msdt:/id PCWDiagnostic',
  'raadsmap-app://app/index.html',
  'raadsmap-document://document/1',
  `https://www.zwolle.nl/${'a'.repeat(3000)}`,
  'not a url',
  '',
];

describe('external links', () => {
  it('allow https to a public host name only', () => {
    for (const url of ALLOWED) expect(isAllowedExternalUrl(url), url).toBe(true);
    for (const url of REFUSED) expect(isAllowedExternalUrl(url), url).toBe(false);
  });

  it('hand an allowed link to the system browser, refuse the rest without opening anything', async () => {
    const shell = { openExternal: vi.fn(async () => {}) };
    for (const url of REFUSED) expect(openExternalIfAllowed(url, shell, silent)).toBe(false);
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(openExternalIfAllowed('https://www.zwolle.nl/raad', shell, silent)).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://www.zwolle.nl/raad');
    // A failing browser start is logged, not thrown into Electron's event.
    const warn = vi.fn();
    const broken = { openExternal: vi.fn(async () => Promise.reject(new Error('no browser'))) };
    expect(openExternalIfAllowed('https://www.zwolle.nl/', broken, { warn })).toBe(true);
    await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringContaining('no browser')));
  });

  it('are wired into window.open and will-navigate, never into redirects', () => {
    const listeners = new Map<string, (event: { url?: string; preventDefault(): void }) => void>();
    let openHandler: ((details: { url: string }) => { action: string }) | undefined;
    const contents: GuardedWebContents = {
      setWindowOpenHandler: (handler) => (openHandler = handler),
      on: (name: string, listener: (event: never) => void) => listeners.set(name, listener as never),
    };
    const shell = { openExternal: vi.fn(async (_url: string) => {}) };
    guardWebContents(contents, createAppUrlCheck(APP_ENTRY_URL), silent, shell);
    for (const url of [...ALLOWED, ...REFUSED]) expect(openHandler!({ url })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls.map(([url]) => url)).toEqual(ALLOWED.map((url) => new URL(url).href));
    shell.openExternal.mockClear();
    const fire = (name: string, url: string) => {
      const event = { url, preventDefault: vi.fn() };
      listeners.get(name)!(event);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(fire('will-navigate', 'https://www.zwolle.nl/')).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://www.zwolle.nl/');
    expect(fire('will-redirect', 'https://www.zwolle.nl/')).toBe(true);
    expect(fire('will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(fire('will-navigate', `${APP_ENTRY_URL}#vergadering-3`)).toBe(false);
  });
});

describe('app URL check on the app protocol', () => {
  it('allows raadsmap-app://app and nothing that merely looks like it', () => {
    const isApp = createAppUrlCheck(APP_ENTRY_URL);
    for (const url of [APP_ENTRY_URL, `${APP_ENTRY_URL}#x`, 'raadsmap-app://app/assets/index.js']) expect(isApp(url), url).toBe(true);
    for (const url of ['raadsmap-app://evil/index.html', 'raadsmap-app://app:1/index.html', 'raadsmap-app://x@app/index.html', 'raadsmap-document://app/index.html', 'https://app/index.html', 'file:///index.html']) {
      expect(isApp(url), url).toBe(false);
    }
  });
});

function rendererDir(): string {
  const root = tempDir();
  const dir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(dir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Raadsmap</title>');
  fs.writeFileSync(path.join(dir, 'assets', 'pdf.worker.min-abc.mjs'), 'self.onmessage = () => {};');
  fs.writeFileSync(path.join(dir, 'assets', 'openjpeg.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  fs.writeFileSync(path.join(dir, '.env'), 'SECRET=1');
  fs.writeFileSync(path.join(root, 'outside.txt'), 'outside');
  fs.symlinkSync(path.join(root, 'outside.txt'), path.join(dir, 'assets', 'link.txt'));
  return dir;
}

describe('the app protocol', () => {
  it('serves the page, its scripts and the pdf.js worker with the strict CSP as a header', async () => {
    const dir = rendererDir();
    for (const [url, type] of [
      [APP_ENTRY_URL, 'text/html; charset=utf-8'],
      ['raadsmap-app://app/assets/pdf.worker.min-abc.mjs', 'text/javascript; charset=utf-8'],
      ['raadsmap-app://app/assets/openjpeg.wasm', 'application/wasm'],
    ] as const) {
      const response = handleAppRequest(dir, { url, method: 'GET' });
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      await response.arrayBuffer();
    }
    expect(await handleAppRequest(dir, { url: 'raadsmap-app://app/assets/pdf.worker.min-abc.mjs', method: 'GET' }).text()).toBe('self.onmessage = () => {};');
    expect(CONTENT_SECURITY_POLICY).not.toContain("'unsafe-eval'");
  });

  it('refuses everything outside the built renderer, still with the CSP', () => {
    const dir = rendererDir();
    for (const [url, status] of [
      ['raadsmap-app://app/../outside.txt', 403],
      ['raadsmap-app://app/%2e%2e/outside.txt', 403],
      ['raadsmap-app://app/assets%2f..%2f..%2foutside.txt', 403],
      ['raadsmap-app://app/..%5coutside.txt', 403],
      ['raadsmap-app://app/.env', 403],
      ['raadsmap-app://app/assets/link.txt', 403],
      ['raadsmap-app://app/assets/missing.js', 404],
      ['raadsmap-app://evil/index.html', 404],
      ['file:///etc/passwd', 404],
    ] as const) {
      const response = handleAppRequest(dir, { url, method: 'GET' });
      expect(response.status, url).toBe(status);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(handleAppRequest(dir, { url: APP_ENTRY_URL, method: 'POST' }).status).toBe(405);
    expect(handleAppRequest(dir, { url: APP_ENTRY_URL, method: 'HEAD' }).body).toBeNull();
  });

  it('lets only the app origin read documents cross-origin, and no document response can run anything', () => {
    const dir = tempDir();
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, '%PDF-1.7');
    const core = { documentFile: () => ({ path: file, size: 8, sha256: '', read: () => fs.readFileSync(file) }), exportFile: () => ({ bytes: fs.readFileSync(file), size: 8, fileName: 'x.pdf', mimeType: 'application/pdf' }) };
    for (const url of ['raadsmap-document://document/1', 'raadsmap-document://nope']) {
      const response = handleDocumentRequest(core, { url, method: 'HEAD' }, 'raadsmap-app://app');
      expect(response.headers.get('access-control-allow-origin'), url).toBe('raadsmap-app://app');
      expect(response.headers.get('content-security-policy'), url).toBe("default-src 'none'; sandbox");
    }
  });
});

describe('worker files of a packaged app', () => {
  it('start from app.asar.unpacked when electron-builder unpacked them, else where they are', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'app.asar.unpacked', 'out', 'main'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'app.asar.unpacked', 'out', 'main', 'worker.js'), '');
    const packed = new URL(`file://${dir}/app.asar/out/main/worker.js`);
    expect(unpackedFromAsar(packed).href).toBe(`file://${dir}/app.asar.unpacked/out/main/worker.js`);
    expect(unpackedFromAsar(new URL(`file://${dir}/app.asar/out/main/export-worker.js`)).href).toBe(`file://${dir}/app.asar/out/main/export-worker.js`);
    expect(unpackedFromAsar(new URL('file:///repo/out/main/worker.js')).href).toBe('file:///repo/out/main/worker.js');
  });
});
