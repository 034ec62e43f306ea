import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadFile } from '../../electron/core/sync/download.ts';
import { HttpClient, parseRetryAfter, type FetchPort } from '../../electron/core/sync/http-client.ts';
import { makePdf } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

// A fake peer and a fake clock: what the client does with each answer, without waiting for real.
function client(answers: (() => Response | Promise<Response>)[]) {
  let now = Date.parse('2026-03-01T12:00:00Z');
  const waits: number[] = [];
  const calls: string[] = [];
  const fetch: FetchPort = async (url) => {
    calls.push(url);
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    return next();
  };
  const http = new HttpClient({
    fetch,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    baseDelayMs: 100,
    retries: 3,
    sourceName: { nl: 'Bron 1 (Zwolle, OParl)', en: 'Source 1 (Zwolle, OParl)' },
  });
  return { http, waits, calls };
}
const json = (body: unknown, headers: Record<string, string> = {}) => () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', ...headers } });
const what = { nl: 'de vergaderingen', en: 'the meetings' };

describe('HttpClient', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
  });

  it('waits as long as a 429 asks (HTTP date), then continues', async () => {
    const { http, waits } = client([() => new Response('{}', { status: 429, headers: { 'retry-after': 'Sun, 01 Mar 2026 12:00:20 GMT' } }), json({ ok: 1 })]);
    expect(await http.getJson('https://ris.example/m', { what })).toEqual({ ok: 1 });
    expect(waits).toEqual([20_000]);
  });

  it('paces itself when RateLimit-Remaining reaches 0', async () => {
    const { http, waits } = client([json({ a: 1 }, { 'ratelimit-remaining': '0', 'ratelimit-reset': '17' }), json({ b: 2 })]);
    await http.getJson('https://ris.example/a', { what });
    await http.getJson('https://ris.example/b', { what });
    expect(waits).toEqual([17_000]);
  });

  it('backs off exponentially on 5xx and gives up after the retries, naming source and URL', async () => {
    const fail = () => new Response('kapot', { status: 502 });
    const { http, waits, calls } = client([fail, fail, fail, fail]);
    await expect(http.getJson('https://ris.example/m', { what })).rejects.toMatchObject({
      code: 'sync.http-error',
      nl: 'Bron 1 (Zwolle, OParl): de vergaderingen (https://ris.example/m) gaf HTTP 502.',
    });
    expect(calls).toHaveLength(4);
    expect(waits).toHaveLength(3);
    expect(waits[2]!).toBeGreaterThan(waits[0]!);
  });

  it('does not retry a 404, a wrong content type, or a connection that is refused', async () => {
    const { http, calls } = client([
      () => new Response('', { status: 404 }),
      () => new Response('<html>', { headers: { 'content-type': 'text/html' } }),
      () => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })),
    ]);
    await expect(http.getJson('https://ris.example/x', { what })).rejects.toMatchObject({ code: 'sync.not-found' });
    await expect(http.getJson('https://ris.example/y', { what })).rejects.toMatchObject({ code: 'sync.bad-content-type' });
    await expect(http.getJson('https://ris.example/z', { what })).rejects.toMatchObject({ code: 'sync.offline', en: expect.stringContaining('no connection') });
    expect(calls).toHaveLength(3);
  });

  it('refuses to wait longer than its limit for Retry-After', async () => {
    const { http, waits } = client([() => new Response('{}', { status: 429, headers: { 'retry-after': '3600' } })]);
    await expect(http.getJson('https://ris.example/m', { what })).rejects.toMatchObject({ code: 'sync.rate-limited', nl: expect.stringContaining('Retry-After 3600 s') });
    expect(waits).toEqual([]);
  });

  it('reads JSON however a server labels it (text/plain, text/json), and with a byte order mark', async () => {
    const { http } = client([
      () => new Response('{"a":1}', { headers: { 'content-type': 'text/plain; charset=utf-8' } }),
      () => new Response('\uFEFF{"b":2}', { headers: { 'content-type': 'application/json' } }),
      () => new Response('{"c":3}', { headers: { 'content-type': 'text/json' } }),
    ]);
    expect(await http.getJson('https://ris.example/a', { what })).toEqual({ a: 1 });
    expect(await http.getJson('https://ris.example/b', { what })).toEqual({ b: 2 });
    expect(await http.getJson('https://ris.example/c', { what })).toEqual({ c: 3 });
  });
});

describe('downloadFile', () => {
  const pdfBytes = async () => Buffer.from(await makePdf([['Een pagina.']]));

  it('takes a PDF a server sent compressed (Content-Length the compressed length), whatever its content type', async () => {
    const bytes = await pdfBytes();
    const dir = tempDir();
    const { http, calls } = client([
      // fetch has already decompressed: the body is the PDF, Content-Length still the (here larger) encoded length.
      () => new Response(bytes, { headers: { 'content-type': 'application/force-download', 'content-encoding': 'gzip', 'content-length': String(bytes.length + 40) } }),
    ]);
    const got = await downloadFile(http, { url: 'https://ris.example/f/1', title: 'Vorlage', size: bytes.length }, path.join(dir, 'out.pdf'), path.join(dir, 'parts'));
    expect(got.size).toBe(bytes.length);
    expect(fs.readFileSync(path.join(dir, 'out.pdf')).equals(bytes)).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('stops reading a file that does not start as a PDF after its first KiB, and keeps nothing of it', async () => {
    const dir = tempDir();
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const chunks = 128; // 8 MiB
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({ pull: (c) => (sent++ < chunks ? c.enqueue(new Uint8Array(chunk)) : c.close()) });
    const { http } = client([() => new Response(stream, { headers: { 'content-type': 'application/octet-stream' } })]);
    await expect(downloadFile(http, { url: 'https://ris.example/f/2', title: 'Anlage', sniff: true }, path.join(dir, 'out.pdf'), path.join(dir, 'parts'))).rejects.toMatchObject({
      code: 'sync.not-pdf',
      en: expect.stringContaining('file "Anlage" (https://ris.example/f/2) is not a PDF'),
    });
    expect(http.stats.bytes).toBeLessThan((chunks * chunk.length) / 2);
    expect(fs.readdirSync(path.join(dir, 'parts'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'out.pdf'))).toBe(false);
  });
});
