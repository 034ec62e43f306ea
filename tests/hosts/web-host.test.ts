import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../shared/api.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { startWebHost, TOKEN_HEADER, type WebHost } from '../../electron/web/server.ts';
import { jsonDepthGauge } from '../../electron/web/request-body.ts';
import { lookupStaticFile } from '../../electron/web/static-files.ts';
import { rawRequest } from './raw-request.ts';
import { listFiles } from '../support/db-snapshot.ts';

// The web host over a real core on a temp data dir, spoken to with raw HTTP.

const SECRET = 'top secret outside the static dir';
let workDir: string;
let staticDir: string;
let core: Core;
let host: WebHost;
const subscribers = new Set<(event: CoreEvent) => void>();
const emit = (event: CoreEvent) => subscribers.forEach((listener) => listener(event));

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-webhost-'));
  staticDir = path.join(workDir, 'static');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><html lang="nl"><title>Raadsmap</title></html>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log(1);');
  fs.writeFileSync(path.join(workDir, 'secret.txt'), SECRET);
  // Small upload limits, so that a test can reach them.
  fs.mkdirSync(path.join(workDir, 'data'));
  fs.writeFileSync(path.join(workDir, 'data', 'settings.json'), JSON.stringify({ uploads: { maxFiles: 2, maxMegabytes: 1 } }));
  const realCore = createCore({ dataDir: path.join(workDir, 'data') });
  // The real core, with a handle on its event subscriptions so a test can push an event.
  core = {
    ...realCore,
    onEvent(listener) {
      subscribers.add(listener);
      const unsubscribe = realCore.onEvent(listener);
      return () => {
        subscribers.delete(listener);
        unsubscribe();
      };
    },
  };
  host = await startWebHost({ core, staticDir });
});

afterAll(async () => {
  await host?.close();
  await core?.close();
  fs.rmSync(workDir, { recursive: true, force: true });
});

const api = (name: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  rawRequest(host.port, {
    method: 'POST',
    path: `/api/${name}`,
    headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const envelope = (body: string) => JSON.parse(body) as { ok: boolean; value?: unknown; error?: { code: string; nl: string; en: string } };

describe('web host: network exposure', () => {
  it('listens on 127.0.0.1 only and hands out a long random token', async () => {
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
    expect(host.appUrl).toBe(`${host.url}#token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await startWebHost({ core, staticDir });
    try {
      expect(other.token).not.toBe(host.token);
    } finally {
      await other.close();
    }
  });

  it('cannot be reached on another interface of this machine', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (!external) return; // no non-loopback interface here: nothing to reach
    const outcome = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: external.address, port: host.port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(outcome).toBe('ECONNREFUSED');
  });

  it('refuses a request without the token, or with a wrong one (401)', async () => {
    const missing = await rawRequest(host.port, { method: 'POST', path: '/api/listMeetings', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(envelope(missing.body).error?.code).toBe('web.unauthorized');
    for (const wrong of ['x', host.token.slice(0, -1) + (host.token.endsWith('A') ? 'B' : 'A'), host.token + 'x', '']) {
      const response = await api('listMeetings', {}, { [TOKEN_HEADER]: wrong });
      expect(response.status, wrong).toBe(401);
    }
    const events = await rawRequest(host.port, { path: '/api/events?token=wrong' });
    expect(events.status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    for (const hostHeader of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `127.0.0.1.evil.example:${host.port}`]) {
      const response = await api('listMeetings', {}, { host: hostHeader });
      expect(response.status, hostHeader).toBe(403);
      expect(envelope(response.body).error?.code).toBe('web.forbidden-host');
      const page = await rawRequest(host.port, { path: '/', headers: { host: hostHeader } });
      expect(page.status, hostHeader).toBe(403);
    }
    expect((await api('listMeetings', {}, { host: `localhost:${host.port}` })).status).toBe(200);

    const crossSite = await api('listMeetings', {}, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(envelope(crossSite.body).error?.code).toBe('web.forbidden-origin');
    expect((await api('listMeetings', {}, { origin: `http://127.0.0.1:${host.port}` })).status).toBe(200);
  });
});

describe('web host: API', () => {
  it('POST /api/listMeetings returns the ok envelope of the core', async () => {
    const response = await api('listMeetings');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(envelope(response.body)).toEqual({ ok: true, value: [] });
  });

  it('POST /api/doctor runs on the empty store', async () => {
    const result = envelope((await api('doctor')).body);
    expect(result.ok).toBe(true);
  });

  it('validates input through dispatchCall: api.invalid-input', async () => {
    for (const [name, input] of [
      ['getMeeting', { meetingId: 'een' }],
      ['getMeeting', {}],
      ['listMeetings', { extra: true }],
      ['importPackages', { paths: [] }],
    ] as const) {
      const response = await api(name, input);
      expect(response.status, name).toBe(400);
      const result = envelope(response.body);
      expect(result.error?.code).toBe('api.invalid-input');
      expect(result.error?.nl).toContain('Ongeldige invoer');
    }
  });

  it('passes core errors through in the envelope (not-found.meeting)', async () => {
    const response = await api('getMeeting', { meetingId: 999 });
    expect(response.status).toBe(404);
    expect(envelope(response.body).error?.code).toBe('not-found.meeting');
  });

  it('answers an unknown call with api.unknown-call, also for prototype names', async () => {
    for (const name of ['deleteEverything', 'constructor', '__proto__', 'toString', 'a-b', '..%2f..%2fdoctor']) {
      const response = await api(name);
      expect(response.status, name).toBe(404);
      expect(envelope(response.body).error?.code, name).toBe('api.unknown-call');
    }
  });

  it('turns malformed requests into clean error envelopes', async () => {
    const badJson = await api('listMeetings', '{"oops":');
    expect(badJson.status).toBe(400);
    expect(envelope(badJson.body).error?.code).toBe('web.invalid-json');

    const tooLarge = await api('importPackages', JSON.stringify({ paths: ['x'.repeat(2 * 1024 * 1024)] }));
    expect(tooLarge.status).toBe(413);
    expect(envelope(tooLarge.body).error?.code).toBe('web.body-too-large');
    // Without a Content-Length (chunked), the limit is counted while reading.
    const chunked = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/importPackages',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', [TOKEN_HEADER]: host.token },
      body: Buffer.alloc(1024 * 1024 + 10, 0x20),
    });
    expect(chunked.status).toBe(413);

    const formPost = await api('listMeetings', '{}', { 'content-type': 'text/plain' });
    expect(formPost.status).toBe(415);
    expect(envelope(formPost.body).error?.code).toBe('web.unsupported-media-type');

    const get = await rawRequest(host.port, { path: '/api/listMeetings', headers: { [TOKEN_HEADER]: host.token } });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(envelope(get.body).error?.code).toBe('web.method-not-allowed');

    // Still serving after all that.
    expect((await api('listMeetings')).status).toBe(200);
  });

  it('streams core events as Server-Sent Events', async () => {
    const req = http.get({ host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${host.port}` } });
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    res.setEncoding('utf8');
    let text = '';
    for await (const chunk of res) {
      text += String(chunk);
      // Subscribed once the stream has opened: push an event through the core's subscription.
      if (text.includes('retry:') && !text.includes('data:')) emit({ type: 'library-changed' });
      if (text.includes('data:')) break;
    }
    req.destroy();
    expect(text).toContain('data: {"type":"library-changed"}\n\n');
  });

  it("streams the host's own events too (the sample import's progress on first start)", async () => {
    const req = http.get({ host: '127.0.0.1', port: host.port, path: `/api/events?token=${host.token}`, headers: { host: `127.0.0.1:${host.port}` } });
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    res.setEncoding('utf8');
    let text = '';
    const progress = { phase: 'import', done: 1, total: 5, nl: 'Pakket 1/5', en: 'Package 1/5' };
    for await (const chunk of res) {
      text += String(chunk);
      if (text.includes('retry:') && !text.includes('data:')) host.publish({ type: 'progress', task: 'sample-data', progress });
      if (text.includes('data:')) break;
    }
    req.destroy();
    expect(text).toContain(`data: ${JSON.stringify({ type: 'progress', task: 'sample-data', progress })}\n\n`);
  });
});

describe('web host: static files', () => {
  it('serves index.html with the CSP and the other security headers', async () => {
    const page = await rawRequest(host.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers['content-security-policy']).not.toContain("'unsafe-eval'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('<title>Raadsmap</title>');
  });

  it('serves assets with their content type, app routes with index.html, missing assets as 404', async () => {
    const script = await rawRequest(host.port, { path: '/assets/app.js' });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    const route = await rawRequest(host.port, { path: '/vergadering/3?x=1' });
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>Raadsmap</title>');
    expect((await rawRequest(host.port, { path: '/assets/missing.js' })).status).toBe(404);
    const head = await rawRequest(host.port, { method: 'HEAD', path: '/assets/app.js' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await rawRequest(host.port, { method: 'POST', path: '/' })).status).toBe(405);
  });

  it('serves a document PDF by id to the token holder only, and nothing by path', async () => {
    const { samplePackageSpec, writePackage } = await import('../support/make-package.ts');
    const [imported] = await core.importPackages({ paths: [(await writePackage(path.join(workDir, 'pkg'), samplePackageSpec())).dir] });
    const meeting = core.getMeeting({ meetingId: imported!.meetingId });
    const documentId = meeting.agenda[0]!.children[1]!.documents[0]!.id;
    const get = (p: string, headers: Record<string, string> = { [TOKEN_HEADER]: host.token }) => rawRequest(host.port, { path: p, headers });
    const ok = await get(`/api/documents/${documentId}/file`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/pdf');
    expect(ok.headers['content-disposition']).toBe('inline');
    expect(ok.body.startsWith('%PDF-')).toBe(true);
    expect((await get(`/api/documents/${documentId}/file`, {})).status).toBe(401);
    expect((await get('/api/documents/9999/file')).status).toBe(404);
    for (const hostile of ['/api/documents/../../secret.txt/file', '/api/documents/1%2f..%2fsecret/file', '/api/documents/01/file', `/api/documents/${documentId}/file/../../x`]) {
      const res = await get(hostile);
      expect(res.status, hostile).toBeGreaterThanOrEqual(400);
      expect(res.body).not.toContain(SECRET);
    }
    expect((await get(`/api/documents/${documentId}/file?version=abc`)).status).toBe(400);
  });

  it('hands a file made for the user (a personal export) to the token holder as a download, by id only', async () => {
    const made = JSON.parse((await api('exportPersonal')).body) as { ok: true; value: { exportId: string; fileName: string } };
    expect(made.ok).toBe(true);
    const get = (p: string, headers: Record<string, string> = { [TOKEN_HEADER]: host.token }) => rawRequest(host.port, { path: p, headers });
    const ok = await get(`/api/exports/${made.value.exportId}`);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/json');
    expect(ok.headers['content-disposition']).toBe(`attachment; filename*=UTF-8''${encodeURIComponent(made.value.fileName)}`);
    expect(JSON.parse(ok.body)).toMatchObject({ format: 'raadsmap-personal/1' });
    expect((await get(`/api/exports/${made.value.exportId}`, {})).status).toBe(401);
    expect((await get(`/api/exports/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await get('/api/exports/../../secret.txt')).status).toBeGreaterThanOrEqual(400);
    // A personal import may be larger than other calls' 1 MB.
    const big = JSON.stringify({ json: JSON.stringify({ format: 'raadsmap-personal/1', padding: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(JSON.parse((await api('importPersonal', big)).body)).toMatchObject({ ok: true, value: { annotations: { added: 0 } } });
    expect((await api('listMeetings', JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024) }))).status).toBe(413);
  });

  it('refuses path traversal, plain and encoded', async () => {
    for (const attempt of [
      '/../../etc/passwd',
      '/../secret.txt',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2e%2e/secret.txt',
      '/assets/%2E%2E/%2E%2E/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..\\..\\secret.txt',
      '/%00index.html',
      '/.git/config',
      '/%E0%A4%A',
    ]) {
      const response = await rawRequest(host.port, { path: attempt });
      expect(response.status, attempt).toBe(403);
      expect(response.body, attempt).not.toContain(SECRET);
      expect(response.body, attempt).not.toContain('root:');
    }
  });

  it('does not follow a symlink out of the static dir', () => {
    const link = path.join(staticDir, 'assets', 'leak.txt');
    fs.symlinkSync(path.join(workDir, 'secret.txt'), link);
    try {
      expect(lookupStaticFile(staticDir, '/assets/leak.txt')).toEqual({ kind: 'forbidden' });
    } finally {
      fs.rmSync(link);
    }
  });
});

describe('web host: uploads, by handle only', () => {
  const upload = (name: string, body: Buffer, headers: Record<string, string> = {}) =>
    rawRequest(host.port, {
      method: 'POST',
      path: `/api/packages/upload?name=${encodeURIComponent(name)}`,
      headers: { 'content-type': 'application/zip', [TOKEN_HEADER]: host.token, ...headers },
      body,
    });

  it('keeps an upload and answers its handle; importPackages takes that handle, and no path', async () => {
    const JSZip = (await import('jszip')).default;
    const { samplePackageSpec, writePackage } = await import('../support/make-package.ts');
    const { dir } = await writePackage(path.join(workDir, 'pkg-upload'), { ...samplePackageSpec(), meetingId: 'zwolle/upload' });
    const zip = new JSZip();
    for (const name of ['meeting.json', ...fs.readdirSync(`${dir}/pdf`).map((f) => `pdf/${f}`)]) zip.file(name, fs.readFileSync(`${dir}/${name}`));
    const stored = await upload('../Raad 9 januari.zip', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(stored.status).toBe(200);
    const { value } = envelope(stored.body) as { value: { handle: string; name: string } };
    expect(value).toEqual({ handle: expect.stringMatching(/^[a-f0-9]{32}$/), name: 'Raad 9 januari.zip' });
    expect(stored.body).not.toContain(workDir);

    // A path, existing or not, is refused with the same words; nothing is read.
    const byPath = await Promise.all([dir, path.join(workDir, 'nergens.zip')].map((p) => api('importPackages', { handles: [p] })));
    expect(byPath.map((r) => r.status)).toEqual([400, 400]);
    expect(byPath[0]!.body).toBe(byPath[1]!.body);
    expect((await api('importPackages', { paths: [dir] })).status).toBe(400);

    const imported = await api('importPackages', { handles: [value.handle] });
    expect(envelope(imported.body)).toMatchObject({ ok: true, value: [{ outcome: 'created', source: 'Raad 9 januari.zip' }] });
    expect(listFiles(path.join(workDir, 'data', 'uploads'))).toEqual([]);
  });

  it('refuses an upload over the quota from its Content-Length, before reading it, and answers 413', async () => {
    const tooLarge = await upload('groot.zip', Buffer.alloc(1024 * 1024 + 1));
    expect(tooLarge.status).toBe(413);
    expect(envelope(tooLarge.body).error).toMatchObject({ code: 'upload.too-large', nl: expect.stringContaining('Het pakket is groter dan 1 MB'), subject: 'groot.zip' });
    // Without a Content-Length (chunked) it is counted while it arrives.
    const chunked = await upload('groot.zip', Buffer.alloc(1024 * 1024 + 1), { 'transfer-encoding': 'chunked' });
    expect(chunked.status).toBe(413);
    const first = await upload('a.zip', Buffer.from('PK'));
    const second = await upload('b.zip', Buffer.from('PK'));
    const third = await upload('c.zip', Buffer.from('PK'));
    expect([first.status, second.status, third.status]).toEqual([200, 200, 413]);
    expect(envelope(third.body).error?.code).toBe('upload.quota');
    expect(listFiles(path.join(workDir, 'data', 'uploads'))).toHaveLength(2);
    // Imported (here refused: they are no packages), they make room again.
    const handles = [first, second].map((r) => (envelope(r.body).value as { handle: string }).handle);
    expect(envelope((await api('importPackages', { handles })).body).error?.code).toBe('package.unknown-kind');
    expect(listFiles(path.join(workDir, 'data', 'uploads'))).toEqual([]);
  });
});

describe('web host: bounded in time', () => {
  /** A request whose headers (and body, if any) are sent, then nothing more: the client stalls. */
  function stalled(port: number, head: string): Promise<{ status: number; body: string; ms: number }> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(head));
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (text += chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), body: text.slice(text.indexOf('\r\n\r\n') + 4), ms: Date.now() - started }));
    });
  }

  it('measures nesting outside strings only, wherever the chunks are cut', () => {
    const text = String.raw`{"a":"[[[\"[{","b":[1,{"c":"\\"}]}`;
    expect(JSON.parse(text)).toEqual({ a: '[[["[{', b: [1, { c: '\\' }] });
    for (let cut = 0; cut <= text.length; cut++) {
      const fits = jsonDepthGauge(3);
      expect(fits(Buffer.from(text.slice(0, cut))) && fits(Buffer.from(text.slice(cut))), `cut at ${cut}`).toBe(true);
      const tooDeep = jsonDepthGauge(2);
      expect(tooDeep(Buffer.from(text.slice(0, cut))) && tooDeep(Buffer.from(text.slice(cut))), `cut at ${cut}`).toBe(false);
    }
  });

  it('refuses deeply nested JSON while it arrives, before parsing it: 60 MB of brackets never stalls the others', async () => {
    expect((await api('listMeetings', '['.repeat(1000))).status).toBe(400);
    const deep = await api('listMeetings', '['.repeat(1000));
    expect(envelope(deep.body).error?.code).toBe('web.too-deep');
    // Brackets inside strings are text, not nesting: a personal file travels as one string.
    expect(envelope((await api('importPersonal', JSON.stringify({ json: '['.repeat(100_000) }))).body).error?.code).not.toBe('web.too-deep');

    // Made before the clock runs: this test shares its event loop with the host.
    const brackets = Buffer.alloc(60 * 1024 * 1024, '[');
    const slowest = { ms: 0 };
    let sending = true;
    const probe = (async () => {
      while (sending) {
        const started = Date.now();
        expect((await api('listMeetings')).status).toBe(200);
        slowest.ms = Math.max(slowest.ms, Date.now() - started);
      }
    })();
    const started = Date.now();
    const bomb = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/importPersonal',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', [TOKEN_HEADER]: host.token },
      body: brackets,
    });
    sending = false;
    await probe;
    expect(bomb.status).toBe(400);
    expect(envelope(bomb.body).error?.code).toBe('web.too-deep');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(slowest.ms).toBeLessThan(200);
  });

  it('cuts off a JSON body, an upload or headers that stop arriving, and keeps answering others meanwhile', async () => {
    const quick = await startWebHost({ core, staticDir, limits: { jsonBodyMs: 400, uploadIdleMs: 400, headersMs: 600 } });
    try {
      const hostLine = `Host: 127.0.0.1:${quick.port}\r\n${TOKEN_HEADER}: ${quick.token}\r\n`;
      const json = stalled(quick.port, `POST /api/listMeetings HTTP/1.1\r\n${hostLine}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":`);
      const uploading = stalled(quick.port, `POST /api/packages/upload?name=a.zip HTTP/1.1\r\n${hostLine}Content-Type: application/zip\r\nContent-Length: 1000\r\n\r\nPK`);
      const headers = stalled(quick.port, `POST /api/listMeetings HTTP/1.1\r\n${hostLine}`);
      // Meanwhile the host answers at once.
      const started = Date.now();
      const other = await rawRequest(quick.port, { method: 'POST', path: '/api/listMeetings', headers: { 'content-type': 'application/json', [TOKEN_HEADER]: quick.token }, body: '{}' });
      expect(other.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(300);

      const [jsonAnswer, uploadAnswer, headersAnswer] = await Promise.all([json, uploading, headers]);
      expect(jsonAnswer.status).toBe(408);
      expect(JSON.parse(jsonAnswer.body)).toMatchObject({ ok: false, error: { code: 'web.body-timeout' } });
      expect(uploadAnswer.status).toBe(408);
      expect(JSON.parse(uploadAnswer.body)).toMatchObject({ ok: false, error: { code: 'web.body-timeout', nl: expect.stringContaining('kwam niet verder binnen') } });
      expect(headersAnswer.status).toBe(408);
      for (const answer of [jsonAnswer, uploadAnswer, headersAnswer]) expect(answer.ms).toBeLessThan(5_000);
      // The stalled upload left nothing behind.
      expect(listFiles(path.join(workDir, 'data', 'uploads'))).toEqual([]);
    } finally {
      await quick.close();
    }
  });
});
