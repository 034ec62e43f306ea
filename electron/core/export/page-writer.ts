// Flowing text onto A4 pages with pdf-lib's standard fonts: wrapping at word
// boundaries, new pages where a line does not fit, "Pagina n van m" footers,
// and every string spelled in WinAnsi first, so no input makes an export fail.
// Used by the motion PDF and by the fractie bundle's cover, agenda and
// annotation summary pages.
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';

/** A4 in points. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
/** 25 mm. */
export const MARGIN = 70.87;
export const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
export const FOOTER_BASELINE = 36;

const FOOTER_SIZE = 9;
export const RULE_GAP = 4;
export const GREY = rgb(0.38, 0.38, 0.38);

/** Text in one font; runs of a paragraph are separated by a space. */
export interface Run {
  text: string;
  font: PDFFont;
}

/** One wrapped line: pieces of text at offsets from the line's start. */
export type Line = { text: string; font: PDFFont; x: number }[];

/** Writes lines top to bottom, starting a new page where the next line does not fit. */
export class PageWriter {
  private page: PDFPage;
  /** The pages this writer added (a bundle holds other pages too). */
  readonly pages: PDFPage[] = [];
  /** The baseline of the line last written, or the top margin on a new page. */
  private y = PAGE_HEIGHT - MARGIN;
  private readonly encodable: Set<number>;

  constructor(
    private readonly pdf: PDFDocument,
    encodable: Set<number>,
  ) {
    this.encodable = encodable;
    this.page = this.newPage();
  }

  /** Wraps runs of text at spaces into lines no wider than `width`; a word longer than a line is cut. */
  wrap(runs: readonly Run[], size: number, width: number): Line[] {
    const lines: Line[] = [];
    let line: Line = [];
    let lineWidth = 0;
    const flush = () => {
      if (line.length > 0) lines.push(line);
      line = [];
      lineWidth = 0;
    };
    const place = (text: string, font: PDFFont, textWidth: number) => {
      const last = line[line.length - 1];
      if (last && last.font === font) last.text += text;
      else line.push({ text, font, x: lineWidth });
      lineWidth += textWidth;
    };
    for (const run of runs) {
      const words = toWinAnsi(run.text, this.encodable).split(' ').filter((word) => word !== '');
      for (const word of words) {
        const space = textWidth(run.font, ' ', size);
        const wordWidth = textWidth(run.font, word, size);
        if (line.length > 0 && lineWidth + space + wordWidth <= width) {
          place(` ${word}`, run.font, space + wordWidth);
          continue;
        }
        flush();
        if (wordWidth <= width) {
          place(word, run.font, wordWidth);
          continue;
        }
        const pieces = cutWord(word, run.font, size, width);
        for (const piece of pieces.slice(0, -1)) {
          place(piece, run.font, 0);
          flush();
        }
        const rest = pieces[pieces.length - 1]!;
        place(rest, run.font, textWidth(run.font, rest, size));
      }
    }
    flush();
    return lines;
  }

  /** Starts a new page unless `height` fits below the current line. */
  keepRoom(height: number): void {
    const available = this.y - MARGIN;
    if (height > available && this.y < PAGE_HEIGHT - MARGIN) this.page = this.newPage();
  }

  gap(height: number): void {
    this.y -= height;
  }

  lines(lines: readonly Line[], indent: number, style: { size: number; leading: number }, color = rgb(0, 0, 0)): void {
    for (const line of lines) {
      this.advance(style.leading);
      for (const piece of line) this.page.drawText(piece.text, { x: MARGIN + indent + piece.x, y: this.y, size: style.size, font: piece.font, color });
    }
  }

  /** Draws `text` on the baseline of the next line, without moving down to it. */
  marker(text: string, font: PDFFont, size: number, leading: number): void {
    if (this.y - leading < MARGIN) this.page = this.newPage();
    this.page.drawText(text, { x: MARGIN, y: this.y - leading, size, font });
  }

  /** A line to sign on. */
  rule(width: number): void {
    this.advance(RULE_GAP);
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + width, y: this.y }, thickness: 0.5, color: rgb(0, 0, 0) });
  }

  /** "Pagina n van m" on every page this writer made, and `left` (e.g. "Concept") beside it. */
  footers(font: PDFFont, left?: string): void {
    const pages = this.pages;
    pages.forEach((page, i) => {
      const text = `Pagina ${i + 1} van ${pages.length}`;
      const width = textWidth(font, text, FOOTER_SIZE);
      page.drawText(text, { x: (PAGE_WIDTH - width) / 2, y: FOOTER_BASELINE, size: FOOTER_SIZE, font, color: GREY });
      if (left) page.drawText(toWinAnsi(left, this.encodable), { x: MARGIN, y: FOOTER_BASELINE, size: FOOTER_SIZE, font, color: GREY });
    });
  }

  /** Starts the next text on a fresh page (a new section of a bundle). */
  breakPage(): void {
    if (this.y < PAGE_HEIGHT - MARGIN) this.page = this.newPage();
  }

  /** The page being written and how many this writer has made. */
  get currentPage(): PDFPage {
    return this.page;
  }

  private advance(height: number): void {
    if (this.y - height < MARGIN) this.page = this.newPage();
    this.y -= height;
  }

  private newPage(): PDFPage {
    this.y = PAGE_HEIGHT - MARGIN;
    const page = this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(page);
    return page;
  }
}

/** Cuts a word that is wider than a line into pieces that each fit (at least one character each). */
export function cutWord(word: string, font: PDFFont, size: number, width: number): string[] {
  const pieces: string[] = [];
  let piece = '';
  let pieceWidth = 0;
  for (const char of word) {
    const charWidth = textWidth(font, char, size);
    if (piece !== '' && pieceWidth + charWidth > width) {
      pieces.push(piece);
      piece = '';
      pieceWidth = 0;
    }
    piece += char;
    pieceWidth += charWidth;
  }
  if (piece !== '') pieces.push(piece);
  return pieces;
}

const glyphWidths = new WeakMap<PDFFont, Map<string, number>>();

/**
 * The width drawText gives `text`: the sum of its glyphs' widths. (pdf-lib's
 * widthOfTextAtSize also subtracts kerning, which drawText does not apply, so
 * a line measured with it can run past the margin.)
 */
export function textWidth(font: PDFFont, text: string, size: number): number {
  let widths = glyphWidths.get(font);
  if (!widths) glyphWidths.set(font, (widths = new Map()));
  let sum = 0;
  for (const char of text) {
    let width = widths.get(char);
    if (width === undefined) widths.set(char, (width = font.widthOfTextAtSize(char, 1000)));
    sum += width;
  }
  return (sum * size) / 1000;
}

/** Letters WinAnsi lacks, spelled with letters it has. Others lose their accents, or become '?'. */
const SPELLED: Record<string, string> = {
  'ĳ': 'ij',
  'Ĳ': 'IJ',
  'ł': 'l',
  'Ł': 'L',
  'đ': 'd',
  'Đ': 'D',
  'ı': 'i',
  'ŉ': "'n",
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2015': '—',
  '\u2212': '-',
  '\u2032': "'",
  '\u2033': '"',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u2192': '->',
  '\u2190': '<-',
  '\u21d2': '=>',
  '\u2044': '/',
  '\u2024': '.',
  '\u2025': '..',
  '\ufb00': 'ff',
  '\ufb01': 'fi',
  '\ufb02': 'fl',
  '\ufb03': 'ffi',
  '\ufb04': 'ffl',
};
const graphemes = new Intl.Segmenter('nl', { granularity: 'grapheme' });

/**
 * `text` in characters the standard fonts can draw: white space folded to one
 * space (a no-break space stays one), each grapheme kept, spelled (SPELLED), stripped of its combining
 * marks, or else '?'. Emoji, Chinese, a lone accent: all end up as '?'.
 */
export function toWinAnsi(text: string, encodable: ReadonlySet<number>): string {
  const fits = (s: string) => [...s].every((char) => encodable.has(char.codePointAt(0)!));
  const folded = text.normalize('NFC').replace(/\u00ad/gu, '').replace(/[^\S\u00a0]+/gu, ' ');
  // The usual case, and the fast one; otherwise only the words that need it are spelled.
  return fits(folded) ? folded : folded.split(' ').map((word) => (fits(word) ? word : spellWord(word, fits))).join(' ');
}

function spellWord(word: string, fits: (s: string) => boolean): string {
  let out = '';
  for (const { segment } of graphemes.segment(word)) {
    if (fits(segment)) out += segment;
    else if (SPELLED[segment] !== undefined) out += SPELLED[segment];
    else {
      const bare = segment.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
      const chars = [...bare];
      out += chars.length > 0 && chars.every((char) => fits(char) || SPELLED[char] !== undefined) ? chars.map((char) => SPELLED[char] ?? char).join('') : '?';
    }
  }
  return out;
}
