// pdf.js in the page, set up for untrusted documents: no eval, no XFA, no
// scripting (no sandbox is loaded and no annotation layer is drawn, so links
// and actions inside a PDF are never followed). The same pdfjs-dist version as
// the core, so text offsets agree. Its fonts, CMaps and wasm decoders are
// copied next to the app at build time (renderer/vite.config.ts).
import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerSrc from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { inIdleTime } from '../shell/idle.ts';

GlobalWorkerOptions.workerSrc = workerSrc;

const assets = (name: string) => new URL(`./pdfjs/${name}/`, document.baseURI).href;

/**
 * One pdf.js worker, started once the first screen is up (shell/lazy-views.tsx):
 * opening a document then does not wait for the worker's 1 MB script. It
 * serves the documents open at the same time; when the last one closes it is
 * ended and a fresh one started in idle time, so a worker that died on a
 * hostile file is never reused and its memory goes with it. A document that
 * fails to load ends it at once.
 */
let sharedWorker: PDFWorker | null = null;
const workerOf = new WeakMap<PDFDocumentLoadingTask, PDFWorker>();
let openDocuments = 0;

export function startPdfWorker(): PDFWorker {
  if (!sharedWorker || sharedWorker.destroyed) sharedWorker = new PDFWorker();
  return sharedWorker;
}

function dropPdfWorker(worker: PDFWorker): void {
  if (sharedWorker === worker) sharedWorker = null;
  worker.destroy();
}

/** Closes a document opened with openPdf (see above for what happens to the worker). */
export async function closePdf(task: PDFDocumentLoadingTask): Promise<void> {
  await task.destroy().catch(() => undefined);
  const worker = workerOf.get(task);
  if (!worker) return;
  workerOf.delete(task);
  openDocuments--;
  if (openDocuments > 0 || sharedWorker !== worker) return;
  dropPdfWorker(worker);
  inIdleTime(() => {
    if (!sharedWorker) startPdfWorker();
  });
}

export function openPdf(source: { url: string; httpHeaders?: Record<string, string> | undefined }): PDFDocumentLoadingTask {
  const worker = startPdfWorker();
  const task = getDocument({
    worker,
    url: new URL(source.url, document.baseURI).href,
    httpHeaders: source.httpHeaders,
    isEvalSupported: false,
    enableXfa: false,
    // An image bomb (a few KB that decodes to gigapixels) is skipped, not decoded: 100 megapixels is
    // far beyond any scanned council page at 600 dpi (A3 is ~70 MP) and bounds the window's memory.
    maxImageSize: 100_000_000,
    cMapUrl: assets('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: assets('standard_fonts'),
    wasmUrl: assets('wasm'),
  });
  workerOf.set(task, worker);
  openDocuments++;
  // Not when the reader closed it while loading (another document opens on this worker right away).
  task.promise.catch(() => {
    if (!task.destroyed) dropPdfWorker(worker);
  });
  return task;
}
