// extractPdf: per-page text and geometry of one PDF, in the current thread.
// The worker pool runs this same function in its threads.
import { cancelledError, throwIfCancelled } from '../../../shared/errors.ts';
import { throwIfOverDecodeBudget } from './decode-budget.ts';
import { normalisePages } from './normalise.ts';
import { alignGlyphs, placeGlyphs, type FontLike, type PageGeometry } from './glyph-geometry.ts';
import { readPageText, type PageText } from './page-text.ts';
import { MAX_PAGES, fromPdfJsError, pdfErrors } from './pdf-errors.ts';
import { loadPdfjs, openPdf, type PdfDocument, type PdfPage } from './pdfjs.ts';
import { importStages } from '../import/import-stages.ts';
import type { ExtractOptions, ExtractedDocument, ExtractedPage } from './types.ts';

/** Readers accept the header anywhere in the first 1024 bytes (some producers write junk before it). */
const HEADER_WINDOW = 1024;
const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

interface ReadPage extends PageText {
  pageNumber: number;
  width: number;
  height: number;
  /** What pdf.js said when this page could not be read. */
  failure?: string;
}

/**
 * Reads every page's text. pdf.js takes ownership of `bytes` (their buffer
 * may be detached): pass a copy if you still need them. Errors are
 * RaadsmapErrors: pdf.not-pdf, pdf.encrypted, pdf.corrupt, pdf.too-many-pages,
 * cancelled. A page that fails on its own comes out empty rather than failing
 * the document; only when every page fails is the document corrupt.
 */
export async function extractPdf(bytes: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedDocument> {
  const { signal, onPage } = options;
  throwIfCancelled(signal);
  if (!hasPdfHeader(bytes)) throw pdfErrors.notPdf();
  const opening = performance.now();
  const task = await openPdf(bytes);
  try {
    const pdf = await untilAborted(task.promise, signal);
    importStages.add('parse', performance.now() - opening);
    if (pdf.numPages > MAX_PAGES) throw pdfErrors.tooManyPages(pdf.numPages);
    if (pdf.numPages === 0) throw pdfErrors.corrupt('the document has no pages');
    const pages: ReadPage[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      throwIfCancelled(signal);
      pages.push(await untilAborted(readPage(pdf, n), signal));
      // A page that decoded too much failed on its own; the document stops here.
      throwIfOverDecodeBudget();
      onPage?.(n, pdf.numPages);
    }
    const failure = pages.every((p) => p.failure !== undefined) ? pages[0]!.failure : undefined;
    if (failure !== undefined) throw pdfErrors.corrupt(failure);
    const normalised = importStages.time('assemble', () => withNormalisedText(pages));
    return { pageCount: pages.length, pages: normalised, info: await importStages.time('parse', () => readInfo(pdf)) };
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    throw fromPdfJsError(error);
  } finally {
    // Frees the document, its fonts and pdf.js's (fake) worker: no leak across thousands of PDFs.
    await task.destroy();
  }
}

/**
 * Where each character of the given pages sits (glyph-geometry.ts): the
 * text layer string as extraction stores it, its runs, and per run the
 * extent of each character from the glyphs. For placing highlights on one
 * or a few pages on demand. A page that cannot be read (or does not exist)
 * is left out; errors are RaadsmapErrors as for extractPdf.
 */
export async function readGeometry(bytes: Uint8Array, pageNumbers: readonly number[], options: { signal?: AbortSignal | undefined } = {}): Promise<PageGeometry[]> {
  const { signal } = options;
  throwIfCancelled(signal);
  if (!hasPdfHeader(bytes)) throw pdfErrors.notPdf();
  const { OPS, AnnotationMode } = await loadPdfjs();
  // Images are never decoded here: glyphs do not need them, and a scan's pages would cost their pixels.
  const task = await openPdf(bytes, { withoutImages: true });
  try {
    const pdf = await untilAborted(task.promise, signal);
    const out: PageGeometry[] = [];
    for (const pageNumber of new Set(pageNumbers)) {
      throwIfCancelled(signal);
      if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > pdf.numPages) continue;
      let page: PdfPage | undefined;
      try {
        page = await untilAborted(pdf.getPage(pageNumber), signal);
        const viewport = page.getViewport({ scale: 1 });
        const content = await untilAborted(page.getTextContent({ disableNormalization: true }), signal);
        const { rawText, runs } = readPageText(content.items, content.styles, viewport);
        // Annotations' own appearances are not page text: left out, as the text layer leaves them out.
        const operators = await untilAborted(page.getOperatorList({ annotationMode: AnnotationMode.DISABLE }), signal);
        const fonts = page.commonObjs;
        const fontOf = (name: string) => (fonts.has(name) ? (fonts.get(name) as FontLike) : undefined);
        const glyphs = placeGlyphs(operators.fnArray, operators.argsArray, fontOf, viewport, OPS);
        out.push({ pageNumber, rawText, runs: alignGlyphs(rawText, runs, glyphs) });
      } catch (error) {
        if (signal?.aborted) throw error;
        // This page stays without glyph positions; its highlights keep the run boxes.
      } finally {
        page?.cleanup();
      }
      throwIfOverDecodeBudget();
    }
    return out;
  } catch (error) {
    if (signal?.aborted) throw cancelledError();
    throw fromPdfJsError(error);
  } finally {
    await task.destroy();
  }
}

export function hasPdfHeader(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, HEADER_WINDOW) - PDF_HEADER.length;
  for (let i = 0; i <= end; i++) {
    if (PDF_HEADER.every((byte, k) => bytes[i + k] === byte)) return true;
  }
  return false;
}

async function readPage(pdf: PdfDocument, pageNumber: number): Promise<ReadPage> {
  let page: PdfPage | undefined;
  try {
    const parsing = performance.now();
    page = await pdf.getPage(pageNumber);
    const viewport = page.getViewport({ scale: 1 });
    // As pdf.js's viewer asks for it, so offsets into rawText match its text layer and find controller.
    const content = await page.getTextContent({ disableNormalization: true });
    const assembling = performance.now();
    importStages.add('parse', assembling - parsing);
    const text = readPageText(content.items, content.styles, viewport);
    importStages.add('assemble', performance.now() - assembling);
    return { pageNumber, width: round(viewport.width), height: round(viewport.height), ...text };
  } catch (error) {
    const size = page?.getViewport({ scale: 1 });
    return {
      pageNumber,
      width: round(size?.width ?? 0),
      height: round(size?.height ?? 0),
      rawText: '',
      runs: [],
      lines: [],
      failure: error instanceof Error ? error.message : String(error),
    };
  } finally {
    page?.cleanup();
  }
}

function withNormalisedText(pages: readonly ReadPage[]): ExtractedPage[] {
  const normalised = normalisePages(pages);
  return pages.map((page, i) => ({
    pageNumber: page.pageNumber,
    width: page.width,
    height: page.height,
    rawText: page.rawText,
    text: normalised[i]!.text,
    quality: normalised[i]!.quality,
    runs: page.runs,
  }));
}

async function readInfo(pdf: PdfDocument): Promise<ExtractedDocument['info']> {
  try {
    const info = (await pdf.getMetadata()).info as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
    const title = text(info['Title']);
    const author = text(info['Author']);
    return { ...(title && { title }), ...(author && { author }) };
  } catch {
    return {}; // a broken Info dictionary is no reason to lose the text
  }
}

/** Settles with `promise`, or rejects with `cancelled` as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const round = (n: number) => Math.round(n * 100) / 100;
