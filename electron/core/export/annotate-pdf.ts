// The user's annotations written into a PDF as real PDF annotations, so
// Acrobat, Preview, Okular and pdf.js show and list them: Highlight
// annotations with QuadPoints over the text (in the order viewers read:
// upper left, upper right, lower left, lower right), the highlight colour and
// an appearance stream (multiply, like a marker), the note as Contents with
// the author (T) and dates, a Popup for each note, and sticky-note Text
// annotations, with an appearance of their own, for notes pinned to a point.
// Optionally flattened: the highlights drawn into the page itself, for viewers
// that hide annotations, and notes as FreeText annotations whose box with the
// note's text is drawn into the page as well.
import {
  BlendMode,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFString,
  StandardFonts,
  drawObject,
  popGraphicsState,
  pushGraphicsState,
  rgb,
  type PDFFont,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';
import type { Annotation, AnnotationColor } from '../../../shared/api.ts';
import { isRaadsmapError, RaadsmapError } from '../../../shared/errors.ts';
import { DecodeLimitError, withinDecodeLimit } from './decode-limit.ts';
import { PageWriter, TEXT_WIDTH, cutWord, textWidth, toWinAnsi } from './page-writer.ts';

/** The colours of the reader's highlights, as PDF RGB (0..1). */
export const HIGHLIGHT_RGB: Record<AnnotationColor, [number, number, number]> = {
  yellow: [1, 0.87, 0],
  green: [0.24, 0.78, 0.35],
  blue: [0.27, 0.59, 1],
  pink: [1, 0.35, 0.67],
  orange: [1, 0.59, 0.16],
};

const NOTE_ICON = 20;
/** A note drawn into the page: its text at this size, wrapped at this width, at most this many lines. */
const NOTE_TEXT = { size: 9, leading: 11, width: 180, lines: 12, padding: 4 };
/** The note's colours: the icon's and the box's fill, and their border and lines. */
const NOTE_FILL: [number, number, number] = [1, 0.93, 0.55];
const NOTE_INK: [number, number, number] = [0.36, 0.27, 0];

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

/**
 * The matrix that puts a form drawn upright in its own space (origin at its
 * lower left) on the page as displayed with its origin at display point
 * (x, y): whatever the page's /Rotate, the form reads upright on screen.
 */
function uprightAt(toUser: (x: number, y: number) => Point, x: number, y: number): number[] {
  const [ox, oy] = toUser(x, y);
  const [ax, ay] = toUser(x + 1, y);
  const [cx, cy] = toUser(x, y + 1);
  return [ax - ox, ay - oy, cx - ox, cy - oy, ox, oy].map(round);
}

/** The box [llx, lly, urx, ury] in user space that a form's BBox covers through its matrix. */
function placedBox(matrix: readonly number[], width: number, height: number): number[] {
  const [a, b, c, d, e, f] = matrix as [number, number, number, number, number, number];
  const corners = [
    [0, 0],
    [width, 0],
    [0, height],
    [width, height],
  ].map(([u, v]) => [a * u! + c * v! + e, b * u! + d * v! + f] as Point);
  return [Math.min(...corners.map((p) => p[0])), Math.min(...corners.map((p) => p[1])), Math.max(...corners.map((p) => p[0])), Math.max(...corners.map((p) => p[1]))].map(round);
}

/** The page as displayed: its width and height after /Rotate. */
function displaySize(page: PDFPage): { width: number; height: number } {
  const { width, height } = page.getCropBox();
  return page.getRotation().angle % 180 === 0 ? { width, height } : { width: height, height: width };
}

/** Helvetica for the notes drawn into a document's pages: embedded once per document. */
const noteFonts = new WeakMap<PDFDocument, PDFFont>();
const noteFont = (pdf: PDFDocument) => noteFonts.get(pdf) ?? noteFonts.set(pdf, pdf.embedStandardFont(StandardFonts.Helvetica)).get(pdf)!;

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
    } else if (a.point && options.flatten) {
      // Drawn into the page: the note's text in a box whose top left is the point, kept on the page.
      const font = noteFont(pdf);
      const box = noteBox(font, contents || 'Notitie');
      const shown = displaySize(page);
      const left = Math.max(0, Math.min(a.point.x, shown.width - box.width));
      const bottom = Math.max(0, Math.min(a.point.y, shown.height) - box.height);
      const matrix = uprightAt(toUser, left, bottom);
      const form = context.register(
        context.stream(box.ops, { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, box.width, box.height].map(round), Matrix: matrix, Resources: { Font: { Helv: font.ref } } }),
      );
      ref = context.register(
        context.obj({
          ...common,
          Subtype: 'FreeText',
          Rect: placedBox(matrix, box.width, box.height),
          Contents: text(contents),
          DA: PDFString.of(`/Helv ${NOTE_TEXT.size} Tf 0 g`),
          Subj: text('Notitie'),
          AP: { N: form },
        }),
      );
      page.pushOperators(pushGraphicsState(), drawObject(page.node.newXObject('RaadsmapNote', form)), popGraphicsState());
      page.node.addAnnot(ref);
      continue; // its text is on the page: no pop-up
    } else if (a.point) {
      // A sticky note whose icon reads upright, its top left at the point.
      const matrix = uprightAt(toUser, a.point.x, a.point.y - NOTE_ICON);
      const rect = placedBox(matrix, NOTE_ICON, NOTE_ICON);
      const icon = context.register(context.stream(noteIcon(), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, NOTE_ICON, NOTE_ICON], Matrix: matrix }));
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
          AP: { N: icon },
        }),
      );
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

/** A note icon in its own space (NOTE_ICON square): a note-yellow card with a border and three lines of "text". */
function noteIcon(): string {
  const [fill, ink] = [NOTE_FILL.join(' '), NOTE_INK.join(' ')];
  return [`${fill} rg ${ink} RG 1 w`, '1.5 1.5 17 17 re B', '1.2 w', '5 14 m 15 14 l S', '5 10 m 15 10 l S', '5 6 m 12 6 l S'].join('\n');
}

/** A note's text as a box drawn in its own space (origin at the lower left): wrapped, at most NOTE_TEXT.lines lines. */
function noteBox(font: PDFFont, contents: string): { ops: string; width: number; height: number } {
  const { size, leading, padding } = NOTE_TEXT;
  const encodable = new Set(font.getCharacterSet());
  const lines = contents
    .split('\n')
    .flatMap((paragraph) => wrapWords(toWinAnsi(paragraph, encodable), font, size, NOTE_TEXT.width))
    .filter((line, i, all) => line !== '' || (i > 0 && i < all.length - 1));
  const shown = lines.length > NOTE_TEXT.lines ? [...lines.slice(0, NOTE_TEXT.lines - 1), `${lines[NOTE_TEXT.lines - 1]} …`] : lines;
  const width = Math.max(40, ...shown.map((line) => textWidth(font, line, size))) + 2 * padding;
  const height = shown.length * leading + 2 * padding;
  const ops = [`${NOTE_FILL.join(' ')} rg ${NOTE_INK.join(' ')} RG 0.75 w`, `0.375 0.375 ${round(width - 0.75)} ${round(height - 0.75)} re B`, '0 g', 'BT', `/Helv ${size} Tf`];
  // Baselines: the first a cap height and a little below the top padding, then one leading apart.
  shown.forEach((line, i) => ops.push(`1 0 0 1 ${padding} ${round(height - padding - 0.85 * size - i * leading)} Tm`, `${font.encodeText(line).toString()} Tj`));
  ops.push('ET');
  return { ops: ops.join('\n'), width: round(width), height: round(height) };
}

/** Words wrapped into lines no wider than `width`; a longer word is cut. */
function wrapWords(paragraph: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of paragraph.split(' ').flatMap((w) => cutWord(w, font, size, width))) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(font, next, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * Loads a PDF for export with clear errors: an encrypted file cannot be
 * annotated without its password, a broken one is named, not crashed on,
 * and one with streams that unpack too far is refused before they fill
 * the memory (decode-limit.ts).
 */
export async function loadForExport(bytes: Uint8Array, title: string): Promise<PDFDocument> {
  try {
    const pdf = await withinDecodeLimit(bytes.length, () => PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false }));
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
  if (cause instanceof DecodeLimitError) return decodedTooLargeError(title, cause);
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

/** A document refused by the decode limit: what it would unpack to, and that it can still be read. */
function decodedTooLargeError(title: string, cause: DecodeLimitError): RaadsmapError {
  const nl = cause.reason === 'stream' ? `een stroom die bij het uitpakken groter wordt dan ${cause.limitMb} MB` : `stromen die bij het uitpakken samen groter worden dan ${cause.limitMb} MB`;
  const en = cause.reason === 'stream' ? `a stream that unpacks to more than ${cause.limitMb} MB` : `streams that together unpack to more than ${cause.limitMb} MB`;
  return new RaadsmapError(
    {
      code: 'export.decoded-too-large',
      nl: `“${title}” kan niet worden geëxporteerd: het bestand bevat ${nl} (een decompressiebom). Het uitpakken is gestopt voordat het geheugen van deze computer volliep. Lezen in Raadsmap kan wel; vraag de afzender om een gewone PDF om het stuk te exporteren.`,
      en: `“${title}” cannot be exported: the file holds ${en} (a decompression bomb). Unpacking stopped before it could fill this computer's memory. It can still be read in Raadsmap; ask the sender for an ordinary PDF to export it.`,
      subject: title,
    },
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
