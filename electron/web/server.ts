// The loopback web host: the core API for a browser (development, e2e tests
// in Chromium), with the same contract and the same dispatchCall as the
// Electron IPC host.
//
//   POST /api/<call>   JSON body -> JSON Result envelope      (token header)
//   GET  /api/events   Server-Sent Events of CoreEvent        (token in query: EventSource cannot set headers)
//   GET  /api/documents/<id>/file   a document's PDF, by id    (token header)
//   POST /api/packages/upload?name=…  a package zip as bytes -> { handle, name } for importPackages
//   GET  /api/exports/<id>   a file made by exportMotion/exportPersonal, as a download (token header)
//   GET  /*            the built renderer (index.html fallback)
//
// Bound to 127.0.0.1 only. Every API request needs the per-run token; the
// static files are the public app bundle and hold no data. Every request is
// bounded in size (1 MB of JSON, 64 MB for a personal import, uploads by
// their quota) and in the time its headers and body may take to arrive.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorInfo } from '../../shared/errors.ts';
import type { CoreEvent, Result } from '../../shared/api.ts';
import { toErrorInfo } from '../../shared/error-mapping.ts';
import { dispatchCall } from '../core/dispatch.ts';
import type { Core } from '../core/index.ts';
import type { Session } from '../core/vault/session.ts';
import { EventStreamHub } from './event-stream.ts';
import { readJsonBody, untilIdle } from './request-body.ts';
import { isAllowedHost, isAllowedOrigin, isLoopbackAddress, LOOPBACK_HOST, newToken, SECURITY_HEADERS, tokensEqual } from './security.ts';
import { lookupStaticFile } from './static-files.ts';

export const TOKEN_HEADER = 'x-raadsmap-token';

export interface WebHostOptions {
  /** What the host serves: a session (the app: first run, app lock) or an already open core (tests, tools). */
  session?: Session | undefined;
  core?: Core | undefined;
  /** Folder of the built renderer (out/renderer). */
  staticDir: string;
  /** 0 or absent: a free port chosen by the OS. */
  port?: number | undefined;
  /** Tests may fix it; otherwise a fresh random token per run. */
  token?: string | undefined;
  /** Tests may shorten them; otherwise REQUEST_LIMITS. */
  limits?: Partial<RequestLimits> | undefined;
}

export interface WebHost {
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** The URL to open: the token rides in the hash, which browsers never send to a server. */
  appUrl: string;
  token: string;
  port: number;
  /** Sends an event to every open page (the host's own tasks: the sample import's progress). */
  publish(event: CoreEvent): void;
  close(): Promise<void>;
}

const CALL_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/** How long a request may take to arrive: its headers, a JSON body, any pause within an upload, the whole request. */
export interface RequestLimits {
  headersMs: number;
  jsonBodyMs: number;
  uploadIdleMs: number;
  wholeRequestMs: number;
}
export const REQUEST_LIMITS: RequestLimits = { headersMs: 10_000, jsonBodyMs: 30_000, uploadIdleMs: 30_000, wholeRequestMs: 15 * 60_000 };

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? newToken();
  if (token.length < 16) throw new Error('The web host token must be at least 16 characters.');
  const events = new EventStreamHub();
  const given = options.session ?? options.core;
  if (!given) throw new Error('startWebHost needs a session or a core.');
  const target: Session | Core = given;
  // The open store's core at the time of the request (vault.locked while there is none).
  const core = (): Core => (options.session ? options.session.core() : options.core!);
  const unsubscribe = target.onEvent((event) => events.publish(event));
  let port = 0;

  const limits: RequestLimits = { ...REQUEST_LIMITS, ...options.limits };
  // A client that sends its headers or its whole request too slowly is cut off (Node answers 408);
  // Node looks at open requests every connectionsCheckingInterval.
  const server = http.createServer({ headersTimeout: limits.headersMs, requestTimeout: limits.wholeRequestMs, connectionsCheckingInterval: Math.min(limits.headersMs / 2, 5_000) }, (req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, fail('internal', `Interne fout: ${String(error)}`, `Internal error: ${String(error)}`));
      else res.destroy();
    });
  });
  // Defence in depth: the socket is bound to loopback, so this never fires unless that changes.
  server.on('connection', (socket) => {
    if (!isLoopbackAddress(socket.remoteAddress)) socket.destroy();
  });

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const { pathname, searchParams, rawPath } = splitUrl(req.url ?? '/');
    const isApi = pathname.startsWith('/api/');

    if (!isAllowedHost(req.headers.host, port)) {
      if (isApi) return sendJson(res, 403, fail('web.forbidden-host', 'Onbekende Host-header geweigerd.', 'Unknown Host header refused.'));
      return sendText(res, 403, 'Forbidden host');
    }
    if (!isApi) return serveStatic(req, res, rawPath);

    if (!isAllowedOrigin(req.headers.origin, port)) {
      return sendJson(res, 403, fail('web.forbidden-origin', 'Verzoek van een andere website geweigerd.', 'Request from another website refused.'));
    }
    const name = pathname.slice('/api/'.length);
    const givenToken = name === 'events' && req.method === 'GET' ? searchParams.get('token') : header(req, TOKEN_HEADER);
    if (!tokensEqual(givenToken, token)) {
      return sendJson(res, 401, fail('web.unauthorized', 'Geen of een verkeerd toegangstoken.', 'Missing or wrong access token.'));
    }

    const documentFile = /^documents\/([1-9]\d{0,9})\/file$/.exec(name);
    if (documentFile) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, methodNotAllowed('GET'), { Allow: 'GET, HEAD' });
      return serveDocument(req, res, Number(documentFile[1]), searchParams.get('version'));
    }
    const exportFile = /^exports\/([a-f0-9]{32})$/.exec(name);
    if (exportFile) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, methodNotAllowed('GET'), { Allow: 'GET, HEAD' });
      return serveExport(req, res, exportFile[1]!);
    }
    if (name === 'packages/upload') {
      if (req.method !== 'POST') return sendJson(res, 405, methodNotAllowed('POST'), { Allow: 'POST' });
      return receiveUpload(req, res, searchParams.get('name') ?? 'pakket.zip');
    }
    if (name === 'events') {
      if (req.method !== 'GET') return sendJson(res, 405, methodNotAllowed('GET'), { Allow: 'GET' });
      events.attach(res, SECURITY_HEADERS);
      return;
    }
    if (!CALL_NAME.test(name)) {
      return sendJson(res, 404, fail('api.unknown-call', `Onbekende opdracht: ${name}`, `Unknown call: ${name}`, name));
    }
    if (req.method !== 'POST') return sendJson(res, 405, methodNotAllowed('POST'), { Allow: 'POST' });
    // JSON only: a cross-site form post (text/plain, no preflight) is refused before anything runs.
    if (!/^application\/json\s*(;|$)/i.test(header(req, 'content-type') ?? '')) {
      return sendJson(res, 415, fail('web.unsupported-media-type', 'Stuur JSON (Content-Type: application/json).', 'Send JSON (Content-Type: application/json).'));
    }

    // A personal export (all of a user's annotations and drafts) may be large; every other call is small.
    const limitMb = name === 'importPersonal' ? 64 : 1;
    const body = await readJsonBody(req, limitMb * 1024 * 1024, limits.jsonBodyMs);
    if (body.kind === 'timeout') {
      return sendJson(res, 408, fail('web.body-timeout', 'Het verzoek kwam te traag binnen en is afgebroken.', 'The request arrived too slowly and was cut off.'), { Connection: 'close' });
    }
    if (body.kind === 'too-deep') {
      return sendJson(res, 400, fail('web.too-deep', 'Het verzoek is te diep genest en is geweigerd.', 'The request is nested too deeply and was refused.'));
    }
    if (body.kind === 'too-large') {
      // Node discards the rest of the body after this answer, so the client can read it cleanly.
      return sendJson(res, 413, fail('web.body-too-large', `Verzoek te groot (maximaal ${limitMb} MB).`, `Request too large (${limitMb} MB at most).`));
    }
    if (body.kind === 'invalid-json') {
      return sendJson(res, 400, fail('web.invalid-json', `Geen geldige JSON: ${body.message}`, `Not valid JSON: ${body.message}`));
    }

    // A client that goes away cancels its running call (an import stops cleanly).
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const result = await dispatchCall(target, name, body.value, {
      signal: abort.signal,
      onProgress: (progress) => events.publish({ type: 'progress', task: name, progress }),
    });
    if (!res.destroyed) sendJson(res, statusOf(result), result);
  }

  /**
   * A package file the user picked or dropped, as raw bytes (not JSON), kept
   * by the core within its upload quota until imported; answers its handle.
   */
  async function receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, fileName: string): Promise<void> {
    if (!/^application\/(zip|x-zip-compressed|octet-stream)\s*(;|$)/i.test(header(req, 'content-type') ?? '')) {
      return sendJson(res, 415, fail('web.unsupported-media-type', 'Stuur het pakket als application/zip.', 'Send the package as application/zip.'));
    }
    const declared = Number(header(req, 'content-length'));
    try {
      const stored = await core().storeUpload(untilIdle(req, limits.uploadIdleMs), fileName, Number.isFinite(declared) ? declared : undefined);
      sendJson(res, 200, { ok: true, value: stored });
    } catch (error) {
      // Node discards the rest of a refused body after the answer; a stalled one is not waited for.
      const status = statusOfUpload(error);
      if (!res.headersSent) sendJson(res, status, { ok: false, error: toErrorInfo(error) }, status === 408 ? { Connection: 'close' } : {});
    }
  }

  /** A document's PDF by id (never by path), for the reader. */
  function serveDocument(req: http.IncomingMessage, res: http.ServerResponse, documentId: number, version: string | null): void {
    if (version !== null && !/^[1-9]\d{0,9}$/.test(version)) return sendJson(res, 400, fail('web.bad-version', 'Ongeldige versie.', 'Invalid version.'));
    let bytes: Buffer;
    try {
      bytes = core().documentFile(documentId, version === null ? undefined : Number(version)).read();
    } catch (error) {
      const info = toErrorInfo(error);
      return sendJson(res, info.code.startsWith('not-found.') ? 404 : info.code === 'vault.locked' ? 423 : 500, { ok: false, error: info });
    }
    // Whole, decrypted in an encrypted store: never a path on disk.
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/pdf', 'Content-Length': String(bytes.length), 'Content-Disposition': 'inline', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  }

  /** A file the core made for the user (a motion as DOCX/PDF, a personal export), by its random id. */
  function serveExport(req: http.IncomingMessage, res: http.ServerResponse, exportId: string): void {
    let file: ReturnType<Core['exportFile']>;
    try {
      file = core().exportFile(exportId);
    } catch (error) {
      const info = toErrorInfo(error);
      return sendJson(res, info.code.startsWith('not-found.') ? 404 : info.code === 'vault.locked' ? 423 : 500, { ok: false, error: info });
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': file.mimeType,
      'Content-Length': String(file.size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : file.bytes);
  }

  function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const found = lookupStaticFile(options.staticDir, rawPath);
    if (found.kind === 'forbidden') return sendText(res, 403, 'Forbidden');
    if (found.kind === 'not-found') return sendText(res, 404, 'Not found');
    // A development host: always revalidate, so a rebuilt renderer shows at once.
    sendFile(req, res, found.filePath, { 'Content-Type': found.contentType, 'Content-Length': String(found.size), 'Cache-Control': 'no-cache' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${LOOPBACK_HOST}:${port}/`;

  return {
    url,
    appUrl: `${url}#token=${token}`,
    token,
    port,
    publish: (event) => events.publish(event),
    async close() {
      unsubscribe();
      events.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function splitUrl(rawUrl: string): { rawPath: string; pathname: string; searchParams: URLSearchParams } {
  const queryStart = rawUrl.indexOf('?');
  const rawPath = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  // Routing looks at the raw path (no dot-segment normalisation), so '/api/../x' is not an API call.
  return { rawPath, pathname: rawPath, searchParams: new URLSearchParams(queryStart === -1 ? '' : rawUrl.slice(queryStart + 1)) };
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function fail(code: string, nl: string, en: string, subject?: string): Result<never> {
  const error: ErrorInfo = subject === undefined ? { code, nl, en } : { code, nl, en, subject };
  return { ok: false, error };
}

function methodNotAllowed(allowed: string): Result<never> {
  return fail('web.method-not-allowed', `Methode niet toegestaan (alleen ${allowed}).`, `Method not allowed (${allowed} only).`);
}

function statusOfUpload(error: unknown): number {
  const { code } = toErrorInfo(error);
  if (code === 'upload.too-large' || code === 'upload.quota') return 413;
  if (code === 'web.body-timeout') return 408;
  return code === 'vault.locked' ? 423 : 422;
}

/** The envelope is the answer; the status only mirrors it for logs and tools. */
function statusOf(result: Result<unknown>): number {
  if (result.ok) return 200;
  const { code } = result.error;
  if (code === 'api.invalid-input') return 400;
  if (code === 'api.unknown-call' || code.startsWith('not-found.')) return 404;
  if (code === 'internal') return 500;
  return 422;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extraHeaders,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** A file with the security headers; only the headers for HEAD. */
function sendFile(req: http.IncomingMessage, res: http.ServerResponse, filePath: string, headers: Record<string, string>): void {
  res.writeHead(200, { ...SECURITY_HEADERS, ...headers });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  fs.createReadStream(filePath)
    .on('error', () => res.destroy())
    .pipe(res);
}

function sendText(res: http.ServerResponse, status: number, text: string, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extraHeaders,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}
