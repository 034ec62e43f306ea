// A motion draft as a PDF for the griffie: the blocks of
// shared/motion-layout.ts on A4 in Helvetica, wrapped at word boundaries,
// continued on new pages, with "Pagina n van m" in every footer. The standard
// fonts only know WinAnsi: whatever else the text holds is spelled in it
// ('ĳ' → 'ij', 'ł' → 'l') or becomes '?', so no input makes the export fail.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { MotionContent, MotionStatus } from '../../../shared/motion.ts';
import { motionDocumentInfo, motionLayout, type MotionBlock, type MotionListItem } from '../../../shared/motion-layout.ts';

/** A4 in points. */
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
/** 25 mm. */
const MARGIN = 70.87;
const TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const FOOTER_BASELINE = 36;

const BODY = { size: 11, leading: 15 };
const HEADING_1 = { size: 18, leading: 22 };
const HEADING_2 = { size: 13, leading: 17 };
const STATUS = { size: 10, leading: 14 };
const FOOTER_SIZE = 9;
const PARAGRAPH_GAP = 6;
/** Where the text of a point starts, right of its dash; also the indent of quoted ontwerpbesluit text. */
const LIST_INDENT = 18;
const SIGNATURE_RULE = 200;
/** Room to sign above a submitter's name, down to the rule; the rule sits this far above the name's line. */
const SIGNATURE_ROOM = 34;
const RULE_GAP = 4;
const GREY = rgb(0.38, 0.38, 0.38);

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

/** Text in one font; runs of a paragraph are separated by a space. */
interface Run {
  text: string;
  font: PDFFont;
}

/** One wrapped line: pieces of text at offsets from the line's start. */
type Line = { text: string; font: PDFFont; x: number }[];

export async function motionToPdf(content: MotionContent, status: MotionStatus): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const info = motionDocumentInfo(content, status);
  pdf.setTitle(info.title, { showInWindowTitleBar: true });
  pdf.setSubject(info.subject);
  if (info.author !== '') pdf.setAuthor(info.author);
  pdf.setKeywords(info.keywords);
  pdf.setCreator(info.creator);
  pdf.setProducer(info.creator);
  pdf.setLanguage('nl-NL');

  const fonts: Fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
    italic: await pdf.embedFont(StandardFonts.HelveticaOblique),
  };
  const writer = new PageWriter(pdf, new Set(fonts.regular.getCharacterSet()));
  const blocks = motionLayout(content, status);
  blocks.forEach((block, i) => writeBlock(writer, fonts, block, blocks[i + 1]));
  writer.footers(fonts.regular, status);
  return pdf.save();
}

/** `next`: the block after this one, which a section phrase stays on the page with. */
function writeBlock(writer: PageWriter, fonts: Fonts, block: MotionBlock, next: MotionBlock | undefined): void {
  switch (block.type) {
    case 'heading': {
      const style = block.level === 1 ? HEADING_1 : HEADING_2;
      if (block.level === 2) writer.gap(PARAGRAPH_GAP);
      const lines = writer.wrap([{ text: block.text, font: fonts.bold }], style.size, TEXT_WIDTH);
      writer.keepRoom(lines.length * style.leading + 2 * BODY.leading);
      writer.lines(lines, 0, style);
      writer.gap(block.level === 1 ? 2 : 2 * PARAGRAPH_GAP);
      return;
    }
    case 'status':
      writer.lines(writer.wrap([{ text: block.text.toUpperCase(), font: fonts.bold }], STATUS.size, TEXT_WIDTH), 0, STATUS, GREY);
      writer.gap(2 * PARAGRAPH_GAP);
      return;
    case 'paragraph': {
      const indent = block.indent ? LIST_INDENT : 0;
      const font = block.bold ? fonts.bold : block.indent ? fonts.italic : fonts.regular;
      const lines = writer.wrap([{ text: block.text, font }], BODY.size, TEXT_WIDTH - indent);
      // A section phrase ("constaterende dat") stays with the first line of its first point, "Ingediend door:" with a signature.
      if (block.bold) {
        writer.gap(PARAGRAPH_GAP);
        writer.keepRoom(lines.length * BODY.leading + PARAGRAPH_GAP + (next?.type === 'signatures' ? SIGNATURE_ROOM + 2 * BODY.leading : BODY.leading));
      }
      writer.lines(lines, indent, BODY);
      writer.gap(PARAGRAPH_GAP);
      return;
    }
    case 'list':
      for (const item of block.items) writeListItem(writer, fonts, item);
      return;
    case 'signatures':
      for (const submitter of block.submitters) {
        const name = writer.wrap([{ text: submitter.name, font: fonts.bold }], BODY.size, TEXT_WIDTH);
        const fractie = writer.wrap([{ text: submitter.fractie, font: fonts.regular }], BODY.size, TEXT_WIDTH);
        writer.keepRoom(SIGNATURE_ROOM + (name.length + fractie.length) * BODY.leading);
        writer.gap(SIGNATURE_ROOM - RULE_GAP);
        writer.rule(SIGNATURE_RULE);
        writer.lines(name, 0, BODY);
        writer.lines(fractie, 0, BODY);
      }
      return;
  }
}

function writeListItem(writer: PageWriter, fonts: Fonts, item: MotionListItem): void {
  item.lines.forEach((text, i) => {
    const runs: Run[] = [{ text, font: fonts.regular }];
    if (item.citation && i === item.lines.length - 1) runs.push({ text: item.citation.label, font: fonts.italic });
    const lines = writer.wrap(runs, BODY.size, TEXT_WIDTH - LIST_INDENT);
    if (i === 0) {
      // The dash goes on the page with the point's first line.
      writer.keepRoom(BODY.leading);
      writer.marker('-', fonts.regular, BODY.size, BODY.leading);
    }
    writer.lines(lines, LIST_INDENT, BODY);
    writer.gap(i === item.lines.length - 1 ? PARAGRAPH_GAP - 2 : 2);
  });
}

/** Writes lines top to bottom, starting a new page where the next line does not fit. */
class PageWriter {
  private page: PDFPage;
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

  /** "Pagina n van m" on every page, and "Concept" while the draft is one. */
  footers(font: PDFFont, status: MotionStatus): void {
    const pages = this.pdf.getPages();
    pages.forEach((page, i) => {
      const text = `Pagina ${i + 1} van ${pages.length}`;
      const width = textWidth(font, text, FOOTER_SIZE);
      page.drawText(text, { x: (PAGE_WIDTH - width) / 2, y: FOOTER_BASELINE, size: FOOTER_SIZE, font, color: GREY });
      if (status === 'concept') page.drawText('Concept', { x: MARGIN, y: FOOTER_BASELINE, size: FOOTER_SIZE, font, color: GREY });
    });
  }

  private advance(height: number): void {
    if (this.y - height < MARGIN) this.page = this.newPage();
    this.y -= height;
  }

  private newPage(): PDFPage {
    this.y = PAGE_HEIGHT - MARGIN;
    return this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  }
}

/** Cuts a word that is wider than a line into pieces that each fit (at least one character each). */
function cutWord(word: string, font: PDFFont, size: number, width: number): string[] {
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
function textWidth(font: PDFFont, text: string, size: number): number {
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
