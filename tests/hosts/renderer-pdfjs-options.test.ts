import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The reader opens untrusted PDFs: pdf.js must run without eval, XFA or
// scripting, and nothing inside a PDF (link annotations, javascript: or
// launch actions, outline URLs) may be followed. openPdf's options are
// checked against a mocked pdfjs-dist; the rest by what the renderer uses.

const pdfjs = vi.hoisted(() => ({
  getDocument: vi.fn((options: Record<string, unknown>) => ({ options, promise: Promise.resolve(), destroyed: false })),
  GlobalWorkerOptions: { workerSrc: '' },
  // One worker for the session (started from the app's own worker file, GlobalWorkerOptions.workerSrc).
  PDFWorker: class {
    destroyed = false;
    destroy() {
      this.destroyed = true;
    }
  },
}));
vi.mock('pdfjs-dist', () => pdfjs);
vi.mock('pdfjs-dist/build/pdf.worker.min.mjs?url', () => ({ default: './assets/pdf.worker.min.mjs' }));

const renderer = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../renderer/src');

function sources(dir: string): Array<{ file: string; text: string }> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry.name) ? [{ file: path.relative(renderer, full), text: fs.readFileSync(full, 'utf8') }] : [];
  });
}

beforeAll(() => {
  vi.stubGlobal('document', { baseURI: 'raadsmap-app://app/index.html' });
});
afterAll(() => vi.unstubAllGlobals());

describe("the reader's pdf.js", () => {
  it('opens documents with eval and XFA off, and no scripting asked for', async () => {
    const { openPdf } = await import('../../renderer/src/reader/pdf.ts');
    openPdf({ url: 'raadsmap-document://document/7' });
    const options = pdfjs.getDocument.mock.calls[0]![0];
    expect(options.isEvalSupported).toBe(false);
    expect(options.enableXfa).toBe(false);
    expect(options.enableScripting).toBeUndefined();
    // Image bombs are skipped in the window, not decoded.
    expect(options.maxImageSize).toBe(100_000_000);
    expect(options.url).toBe('raadsmap-document://document/7');
    // The worker comes from the app itself (served with the CSP), not from a blob or CDN.
    expect(pdfjs.GlobalWorkerOptions.workerSrc).toBe('./assets/pdf.worker.min.mjs');
    expect(String(options.wasmUrl)).toMatch(/^raadsmap-app:\/\/app\/pdfjs\/wasm\/$/);
    // The next document reuses the session's worker.
    openPdf({ url: 'raadsmap-document://document/8' });
    expect(options.worker).toBeInstanceOf(pdfjs.PDFWorker);
    expect(pdfjs.getDocument.mock.calls[1]![0].worker).toBe(options.worker);
  });

  it('is the only place the renderer opens a PDF', () => {
    const openers = sources(renderer).filter(({ text }) => /import\s*\{[^}]*\bgetDocument\b[^}]*\}\s*from 'pdfjs-dist'/.test(text));
    expect(openers.map(({ file }) => file)).toEqual([path.join('reader', 'pdf.ts')]);
  });

  it('draws no annotation layer and loads no scripting or link handling of pdf.js', () => {
    const forbidden = /AnnotationLayer|annotationLayer|PDFLinkService|LinkTarget|PDFScriptingManager|pdf\.sandbox|enableScripting|getJSActions|unsafeUrl|openExternal|window\.open/;
    const hits = sources(renderer).filter(({ text }) => forbidden.test(text)).map(({ file, text }) => `${file}: ${forbidden.exec(text)![0]}`);
    expect(hits).toEqual([]);
  });

  it('follows only internal destinations from the outline, never its URLs or actions', () => {
    const sidebar = fs.readFileSync(path.join(renderer, 'reader', 'Sidebar.tsx'), 'utf8');
    expect(sidebar).toMatch(/getDestination\(dest\)/);
    expect(sidebar).not.toMatch(/\.url\b|\.action\b|newWindow|location\.href|location\.assign/);
  });
});
