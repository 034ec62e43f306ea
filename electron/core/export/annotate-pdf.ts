// The user's annotations written into a PDF as real PDF annotations, so
// Acrobat, Preview, Okular and pdf.js show and list them: Highlight
// annotations with QuadPoints over the text, the highlight colour and an
// appearance stream (multiply, like a marker), the note as Contents with
// author and date, a Popup for each note, and sticky-note Text annotations
// for notes pinned to a point. Optionally flattened: the highlights drawn into
// the page itself, for viewers that hide annotations.
import { BlendMode, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts, rgb, type PDFPage, type PDFRef } from 'pdf-lib';
import type { Annotation, AnnotationColor } from '../../../shared/api.ts';
import { isRaadsmapError, RaadsmapError } from '../../../shared/errors.ts';
import { PageWriter, TEXT_WIDTH } from './page-writer.ts';

/** The colours of the reader's highlights, as PDF RGB (0..1). */
export const HIGHLIGHT_RGB: Record<AnnotationColor, [number, number, number]> = {
  yellow: [1, 0.87, 0],
  green: [0.24, 0.78, 0.35],
  blue: [0.27, 0.59, 1],
  pink: [1, 0.35, 0.67],
  orange: [1, 0.59, 0.16],
};

const NOTE_ICON = 20;

export interface AnnotateOptions {
  /** T (author) of every annotation: the user's name. */
  author: string;
  /** Draw highlights into the page instead of (only) annotating. */
  flatten?: boolean | undefined;
}

type Point = [number, number];

/**
 * Annotation rectangles are in the page as displayed (after /Rotate, origin
 * at the bottom-left of the visible box); PDF annotations and page content
 * live in user space. This maps one to the other for a page.
 */
function toUserSpace(page: PDFPage): (x: number, y: number) => Point {
  const box = page.getCropBox();
  const rotation = ((page.getRotation().angle % 360) + 360) % 360;
  const { x: ox, y: oy, width: w, height: h } = box;
  switch (rotation) {
    case 90:
      return (x, y) => [ox + w - y, oy + x];
    case 180:
      return (x, y) => [ox + w - x, oy + h - y];
    case 270:
      return (x, y) => [ox + y, oy + h - x];
    default:
      return (x, y) => [ox + x, oy + y];
  }
}

const text = (s: string) => PDFHexString.fromText(s);

/** Adds `annotations` (each with its 1-based page) to the pages given, page 1 being pages[0]. */
export function addAnnotations(pdf: PDFDocument, pages: readonly PDFPage[], annotations: readonly Annotation[], options: AnnotateOptions): void {
  const context = pdf.context;
  for (const a of annotations) {
    const page = pages[a.page - 1];
    if (!page) continue;
    const toUser = toUserSpace(page);
    const date = PDFString.fromDate(new Date(a.updatedAt));
    const created = PDFString.fromDate(new Date(a.createdAt));
    const contents = [a.note.trim(), a.tags.length ? a.tags.map((t) => `#${t}`).join(' ') : ''].filter(Boolean).join('\n\n');
    const common = {
      Type: 'Annot',
      NM: text(a.id),
      T: text(options.author || 'Raadsmap'),
      M: date,
      CreationDate: created,
      F: 4, // print
    };
    let ref: PDFRef;
    let popupAt: { x: number; y: number };
    if (a.kind === 'highlight' && a.rects.length > 0) {
      const color = HIGHLIGHT_RGB[a.color ?? 'yellow'];
      const quads: number[] = [];
      const xs: number[] = [];
      const ys: number[] = [];
      for (const [x, y, w, h] of a.rects) {
        // Top-left, top-right, bottom-left, bottom-right: the order viewers read.
        const corners = [toUser(x, y + h), toUser(x + w, y + h), toUser(x, y), toUser(x + w, y)];
        for (const [cx, cy] of corners) {
          quads.push(round(cx), round(cy));
          xs.push(cx);
          ys.push(cy);
        }
        if (options.flatten) {
          const [llx, lly] = [Math.min(...corners.map((c) => c[0])), Math.min(...corners.map((c) => c[1]))];
          const [urx, ury] = [Math.max(...corners.map((c) => c[0])), Math.max(...corners.map((c) => c[1]))];
          page.drawRectangle({ x: llx, y: lly, width: urx - llx, height: ury - lly, color: rgb(...color), blendMode: BlendMode.Multiply });
        }
      }
      const rect = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].map(round);
      // The appearance: each quad filled in the colour, multiplied with what is under it.
      const ops = [
        '/GS0 gs',
        `${color.map(round).join(' ')} rg`,
        ...chunk(quads, 8).map((q) => `${q[0]} ${q[1]} m ${q[2]} ${q[3]} l ${q[6]} ${q[7]} l ${q[4]} ${q[5]} l h f`),
      ].join('\n');
      const appearance = context.register(
        context.stream(ops, {
          Type: 'XObject',
          Subtype: 'Form',
          BBox: rect,
          Resources: { ExtGState: { GS0: { Type: 'ExtGState', BM: 'Multiply', CA: 1, ca: 1 } } },
        }),
      );
      ref = context.register(
        context.obj({
          ...common,
          Subtype: 'Highlight',
          Rect: rect,
          QuadPoints: quads,
          C: color,
          Contents: text(contents),
          Subj: text('Markering'),
          AP: { N: appearance },
        }),
      );
      popupAt = { x: rect[2]!, y: rect[3]! };
    } else if (a.point) {
      const [x, y] = toUser(a.point.x, a.point.y);
      const rect = [x, y - NOTE_ICON, x + NOTE_ICON, y].map(round);
      ref = context.register(
        context.obj({
          ...common,
          Subtype: 'Text',
          Rect: rect,
          Name: 'Comment',
          Open: false,
          C: HIGHLIGHT_RGB.yellow,
          Contents: text(contents),
          Subj: text('Notitie'),
        }),
      );
      if (options.flatten) {
        page.drawRectangle({ x: rect[0]!, y: rect[1]!, width: NOTE_ICON, height: NOTE_ICON, color: rgb(...HIGHLIGHT_RGB.yellow), borderColor: rgb(0.36, 0.27, 0), borderWidth: 1 });
      }
      popupAt = { x: rect[2]!, y: rect[3]! };
    } else {
      continue; // an orphan without a place: listed on the summary page only
    }
    page.node.addAnnot(ref);
    if (contents) {
      // The pop-up in which viewers show the note, closed until clicked.
      const { width } = page.getSize();
      const left = Math.min(popupAt.x, width - 200);
      const popup = context.register(context.obj({ Type: 'Annot', Subtype: 'Popup', Parent: ref, Open: false, Rect: [left, popupAt.y - 120, left + 200, popupAt.y].map(round), F: 28 }));
      context.lookup(ref, PDFDict).set(PDFName.of('Popup'), popup);
      page.node.addAnnot(popup);
    }
  }
}

/**
 * Loads a PDF for export with clear errors: an encrypted file cannot be
 * annotated without its password, and a broken one is named, not crashed on.
 */
export async function loadForExport(bytes: Uint8Array, title: string): Promise<PDFDocument> {
  try {
    const pdf = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
    // The page tree is read lazily: walk it now, so a broken or looped one fails here, named.
    if (pdf.getPages().length === 0) throw new Error('no pages');
    return pdf;
  } catch (cause) {
    throw exportPdfError(title, cause);
  }
}

/**
 * What pdf-lib threw on a document, as the export's error: encrypted, or not
 * a readable PDF and why. Also for failures after loading (a page box that
 * is no rectangle, a page count that lies), which pdf-lib finds only when a
 * page is touched or the file written.
 */
export function exportPdfError(title: string, cause: unknown): RaadsmapError {
  if (isRaadsmapError(cause)) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  const encrypted = /encrypt/i.test(message);
  const loop = cause instanceof RangeError;
  const nl = loop ? 'de paginaboom loopt in een kring of is te diep' : `het bestand is beschadigd (${message})`;
  const en = loop ? 'its page tree loops or is too deep' : `the file is damaged (${message})`;
  return new RaadsmapError(
    encrypted
      ? { code: 'export.encrypted', nl: `“${title}” is beveiligd met een wachtwoord en kan niet worden geannoteerd.`, en: `“${title}” is password-protected and cannot be annotated.`, subject: title }
      : { code: 'export.bad-pdf', nl: `“${title}” is geen leesbare PDF: ${nl}`, en: `“${title}” is not a readable PDF: ${en}`, subject: title },
    { cause },
  );
}

/** One document's PDF with its annotations, and optionally a summary page listing them. */
export async function annotatePdf(
  bytes: Uint8Array,
  annotations: readonly Annotation[],
  options: AnnotateOptions & { title: string; summary?: boolean | undefined },
): Promise<Uint8Array> {
  const pdf = await loadForExport(bytes, options.title);
  try {
    const pages = pdf.getPages();
    // Those not placed on this version (orphaned) appear on the summary page only.
    addAnnotations(pdf, pages, annotations.filter((a) => a.onCurrentVersion), options);
    if (options.summary) await appendSummary(pdf, options.title, annotations);
    return await pdf.save({ useObjectStreams: true });
  } catch (cause) {
    throw exportPdfError(options.title, cause);
  }
}

/** Pages listing every annotation with its page: also what a viewer that hides annotations still shows. */
export async function appendSummary(pdf: PDFDocument, title: string, annotations: readonly Annotation[]): Promise<void> {
  const fonts = { regular: await pdf.embedFont(StandardFonts.Helvetica), bold: await pdf.embedFont(StandardFonts.HelveticaBold), italic: await pdf.embedFont(StandardFonts.HelveticaOblique) };
  const writer = new PageWriter(pdf, new Set(fonts.regular.getCharacterSet()));
  const body = { size: 10, leading: 13.5 };
  writer.lines(writer.wrap([{ text: `Aantekeningen bij ${title}`, font: fonts.bold }], 14, TEXT_WIDTH), 0, { size: 14, leading: 18 });
  writer.gap(8);
  if (annotations.length === 0) writer.lines(writer.wrap([{ text: 'Geen aantekeningen.', font: fonts.italic }], body.size, TEXT_WIDTH), 0, body);
  for (const a of [...annotations].sort((x, y) => x.page - y.page)) {
    const kind = a.kind === 'highlight' ? `markering (${COLOR_NAMES[a.color ?? 'yellow']})` : 'notitie';
    const status = a.anchorStatus === 'orphaned' || !a.onCurrentVersion ? ' — niet teruggevonden in deze versie' : '';
    writer.keepRoom(3 * body.leading);
    writer.lines(writer.wrap([{ text: `Blz. ${a.page} · ${kind}${status}`, font: fonts.bold }], body.size, TEXT_WIDTH), 0, body);
    if (a.quote) writer.lines(writer.wrap([{ text: `“${a.quote.exact.replace(/\s+/g, ' ').trim()}”`, font: fonts.italic }], body.size, TEXT_WIDTH - 12), 12, body);
    if (a.note.trim()) for (const line of a.note.trim().split('\n')) writer.lines(writer.wrap([{ text: line, font: fonts.regular }], body.size, TEXT_WIDTH - 12), 12, body);
    if (a.tags.length) writer.lines(writer.wrap([{ text: a.tags.map((t) => `#${t}`).join(' '), font: fonts.regular }], body.size, TEXT_WIDTH - 12), 12, body);
    writer.gap(6);
  }
}

const COLOR_NAMES: Record<AnnotationColor, string> = { yellow: 'geel', green: 'groen', blue: 'blauw', pink: 'roze', orange: 'oranje' };
const round = (n: number) => Math.round(n * 100) / 100;
function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
