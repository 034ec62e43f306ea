// The document protocol: how the reader in the Electron window gets a PDF.
//
//   raadsmap-document://document/<documentId>              current version
//   raadsmap-document://document/<documentId>?version=<id>  a given version of it
//   raadsmap-document://export/<exportId>                  a file made for the user to save (DOCX, PDF, JSON)
//
// By id only: a URL never names a file, so no path a page (or a document)
// makes up can reach the disk. Anything else is a 400 or 404. Pure request →
// response logic here; index.ts registers it with Electron's protocol module.
import { isRaadsmapError } from '../../shared/errors.ts';
import type { Core } from '../core/index.ts';
import { DOCUMENT_SCHEME } from './document-url.ts';

export { DOCUMENT_SCHEME, documentUrl, exportUrl } from './document-url.ts';


/** For protocol.registerSchemesAsPrivileged: fetch() and pdf.js may load from it; it is no origin of its own. */
export const DOCUMENT_SCHEME_PRIVILEGES = {
  scheme: DOCUMENT_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true },
} as const;

/**
 * Parses a request URL; null for anything that is not exactly a document URL.
 * Matched on the raw text, so dot segments or encodings never get the chance
 * to be normalised into something else.
 */
export function parseDocumentUrl(url: string): { documentId: number; versionId?: number } | null {
  const match = new RegExp(`^${DOCUMENT_SCHEME}://document/([1-9]\\d{0,9})(?:\\?version=([1-9]\\d{0,9}))?$`).exec(url);
  if (!match) return null;
  return match[2] === undefined ? { documentId: Number(match[1]) } : { documentId: Number(match[1]), versionId: Number(match[2]) };
}

/** No response of this protocol is a page: were one ever shown as a document, it could run nothing. */
export const DOCUMENT_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

/**
 * Answers one request of the document protocol. `appOrigin` (the window's
 * origin, raadsmap-app://app) is the one origin allowed to read responses
 * cross-origin, as the reader's fetch() does.
 */
export function handleDocumentRequest(core: Pick<Core, 'documentFile' | 'exportFile'>, request: { url: string; method: string }, appOrigin?: string): Response {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': DOCUMENT_CONTENT_SECURITY_POLICY,
    ...(appOrigin ? { 'Access-Control-Allow-Origin': appOrigin, Vary: 'Origin' } : {}),
  };
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers });
  const exportId = new RegExp(`^${DOCUMENT_SCHEME}://export/([a-f0-9]{32})$`).exec(request.url)?.[1];
  if (exportId) return exportResponse(core, exportId, request.method, headers);
  const target = parseDocumentUrl(request.url);
  if (!target) return new Response('Bad document URL', { status: 400, headers });
  let bytes: Buffer;
  try {
    bytes = core.documentFile(target.documentId, target.versionId).read();
  } catch (error) {
    if (isRaadsmapError(error) && error.code.startsWith('not-found.')) return new Response('Not found', { status: 404, headers });
    throw error;
  }
  // Decrypted in an encrypted store: the reader never sees a path on disk.
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(bytes), {
    status: 200,
    headers: {
      ...headers,
      'Content-Type': 'application/pdf',
      'Content-Length': String(bytes.length),
      // Shown in the reader, never run or saved by the browser.
      'Content-Disposition': 'inline',
    },
  });
}

function exportResponse(core: Pick<Core, 'exportFile'>, exportId: string, method: string, headers: Record<string, string>): Response {
  let file: ReturnType<Core['exportFile']>;
  try {
    file = core.exportFile(exportId);
  } catch (error) {
    if (isRaadsmapError(error) && error.code.startsWith('not-found.')) return new Response('Not found', { status: 404, headers });
    throw error;
  }
  const body = method === 'HEAD' ? null : new Uint8Array(file.bytes);
  return new Response(body, {
    status: 200,
    headers: { ...headers, 'Content-Type': file.mimeType, 'Content-Length': String(file.size), 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}` },
  });
}
