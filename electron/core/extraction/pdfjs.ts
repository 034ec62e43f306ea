// pdf.js set up for reading untrusted PDFs in Node: no eval, no XFA, no
// system fonts, and the package's own CMaps, standard fonts and wasm decoders
// so CJK/CID fonts and JPEG 2000 images do not fail.
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as PdfjsTypes from 'pdfjs-dist/legacy/build/pdf.mjs';

type PdfjsModule = typeof PdfjsTypes;
let loading: Promise<PdfjsModule> | undefined;

/**
 * pdf.js is loaded on first use, not when this module is imported: an
 * extraction thread can then switch off source maps before 3 MB of pdf.js
 * is compiled (worker.ts), and read-only CLI commands never load it.
 */
export function loadPdfjs(): Promise<PdfjsModule> {
  return (loading ??= (async () => {
    const natives = { push: Array.prototype.push, parse: JSON.parse, stringify: JSON.stringify };
    const [pdfjs, pdfjsWorker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
    // The legacy build's core-js replaces Array.prototype.push (for arrays
    // longer than 2^32, a V8 corner case) and JSON.parse/stringify (for
    // source-text access) with JavaScript versions, for the whole thread.
    // Neither feature is used by pdf.js or by us; the natives make text
    // extraction and storing it about a third faster (npm run bench:import).
    Array.prototype.push = natives.push;
    JSON.parse = natives.parse;
    JSON.stringify = natives.stringify;
    // Node has no Web Worker, so pdf.js parses in this thread through a "fake
    // worker". Handing it the worker module up front replaces the dynamic import
    // by path it would otherwise do, which a bundled build could not resolve.
    const scope = globalThis as { pdfjsWorker?: unknown };
    scope.pdfjsWorker ??= pdfjsWorker;
    return pdfjs;
  })());
}

const packageDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
// pdf.js concatenates base + file name and insists on a trailing "/"; Node's fs accepts "/" on Windows too.
const resourceDir = (name: string) => `${path.join(packageDir, name)}/`;
const resources = {
  cMapUrl: resourceDir('cmaps'),
  cMapPacked: true,
  standardFontDataUrl: resourceDir('standard_fonts'),
  wasmUrl: resourceDir('wasm'),
  iccUrl: resourceDir('iccs'),
};

/**
 * pdf.js takes ownership of `data` (its buffer may be detached). With
 * `withoutImages`, operator lists leave every image out without decoding it.
 */
export async function openPdf(data: Uint8Array, options: { withoutImages?: boolean } = {}) {
  const { getDocument } = await loadPdfjs();
  return getDocument({
    data,
    ...resources,
    // pdf.js's limit in pixels (width × height); 0 leaves out every image, -1 none.
    maxImageSize: options.withoutImages ? 0 : -1,
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0, // errors only: font warnings would flood the log across thousands of PDFs
  });
}

export type PdfLoadingTask = Awaited<ReturnType<typeof openPdf>>;
export type PdfDocument = Awaited<PdfLoadingTask['promise']>;
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;
