// pdf.js in the page, set up for untrusted documents: no eval, no XFA, no
// scripting (no sandbox is loaded and no annotation layer is drawn, so links
// and actions inside a PDF are never followed). The same pdfjs-dist version as
// the core, so text offsets agree. Its fonts, CMaps and wasm decoders are
// copied next to the app at build time (renderer/vite.config.ts).
import { GlobalWorkerOptions, getDocument, type PDFDocumentLoadingTask } from 'pdfjs-dist';
import workerSrc from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

GlobalWorkerOptions.workerSrc = workerSrc;

const assets = (name: string) => new URL(`./pdfjs/${name}/`, document.baseURI).href;

export function openPdf(source: { url: string; httpHeaders?: Record<string, string> | undefined }): PDFDocumentLoadingTask {
  return getDocument({
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
}
