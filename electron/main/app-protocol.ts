// The app protocol: how the Electron window loads the built renderer.
//
//   raadsmap-app://app/index.html   (and every script, style, font, wasm and
//                                    pdf.js worker file next to it)
//
// Served from out/renderer only (the web host's path checks: no `..`, no
// encoded slashes, no hidden files, no symlinks out), and every response
// carries the strict CSP as a header. A file: URL gets no response headers, so
// the pdf.js worker (a script of its own, whose CSP comes from its own
// response) would run without any policy; here it has the same one as the page.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';
import { lookupStaticFile } from '../web/static-files.ts';

export const APP_SCHEME = 'raadsmap-app';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** A standard, secure scheme: the page has an origin of its own ('self'), may fetch and start (module) workers from it. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true },
} as const;

/** On every response of the app protocol, errors included. */
export const APP_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Answers one request of the app protocol from `rendererDir` (the built out/renderer). */
export function handleAppRequest(rendererDir: string, request: { url: string; method: string }): Response {
  const plain = (status: number, text: string) => new Response(text, { status, headers: { ...APP_SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  // The raw text after the origin, so `..` or %2e%2e reach the path checks as sent.
  const prefix = `${APP_ORIGIN}/`;
  if (!request.url.startsWith(prefix)) return plain(404, 'Not found');
  const rawPath = request.url.slice(prefix.length).split(/[?#]/, 1)[0]!;
  const found = lookupStaticFile(rendererDir, rawPath);
  if (found.kind === 'forbidden') return plain(403, 'Forbidden');
  if (found.kind === 'not-found') return plain(404, 'Not found');
  const body = request.method === 'HEAD' ? null : (Readable.toWeb(fs.createReadStream(found.filePath)) as ReadableStream<Uint8Array>);
  return new Response(body, {
    status: 200,
    headers: { ...APP_SECURITY_HEADERS, 'Content-Type': found.contentType, 'Content-Length': String(found.size), 'Cache-Control': 'no-cache' },
  });
}
