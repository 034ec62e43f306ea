// pdf.js set up for reading untrusted PDFs in Node: no eval, no XFA, no
// system fonts, and the package's own CMaps, standard fonts and wasm decoders
// so CJK/CID fonts and JPEG 2000 images do not fail.
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';

// Node has no Web Worker, so pdf.js parses in this thread through a "fake
// worker". Handing it the worker module up front replaces the dynamic import
// by path it would otherwise do, which a bundled build could not resolve.
const scope = globalThis as { pdfjsWorker?: unknown };
scope.pdfjsWorker ??= pdfjsWorker;

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

/** pdf.js takes ownership of `data` (its buffer may be detached). */
export function openPdf(data: Uint8Array) {
  return getDocument({
    data,
    ...resources,
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0, // errors only: font warnings would flood the log across thousands of PDFs
  });
}

export type PdfLoadingTask = ReturnType<typeof openPdf>;
export type PdfDocument = Awaited<PdfLoadingTask['promise']>;
export type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;
