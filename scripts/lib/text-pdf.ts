// Turns a plain-text document into a real A4 PDF: embedded DejaVu Sans with a
// text layer (so pdf.js and pdftotext read it back), a bold heading, a running
// header and "Pagina x van y" footers. Used for the bundled sample packages and
// by tests and benchmarks that need realistic PDFs. The same input always gives
// the same bytes: the sample folder is committed, so a rebuild must not churn.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit, { type Font, type TypeFeatures } from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export interface TextDocument {
  /** Bold heading on the first page and the PDF's Title. */
  title: string;
  /** The body, one entry per line; a line that is too wide wraps onto the next. */
  lines: readonly string[];
  /** Running header on every page; defaults to "Gemeente Zwolle — <title>". */
  header?: string;
  /** Defaults to "Gemeente Zwolle". */
  author?: string;
  /** CreationDate and ModDate. Fixed by default so the output is deterministic. */
  date?: Date;
}

export interface TextPdf {
  bytes: Uint8Array;
  pageCount: number;
  /** Characters the font has no glyph for, drawn as U+FFFD instead. */
  replacedChars: number;
}

const PAGE_WIDTH = 595.28; // A4 in points
const PAGE_HEIGHT = 841.89;
const MARGIN_LEFT = 50;
const MARGIN_RIGHT = 45;
const TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
const BODY_SIZE = 10;
const LEADING = 13;
// Extracted PDF text has many empty lines inside paragraphs; full-height gaps
// would make every page look double-spaced.
const BLANK_LINE = LEADING / 2;
const HEADING_SIZE = 14;
const HEADING_LEADING = 18;
const SMALL_SIZE = 8;
const BODY_TOP = PAGE_HEIGHT - 66;
const BODY_BOTTOM = 56;
const HEADER_BASELINE = PAGE_HEIGHT - 36;
const FOOTER_BASELINE = 30;
const GREY = rgb(0.35, 0.35, 0.35);
const REPLACEMENT = '\uFFFD';
const DEFAULT_DATE = new Date('2017-01-01T12:00:00Z');

// No OpenType shaping: every character is drawn with its own glyph, so the
// text layer maps one to one back to the input (no ligature glyph for "fi", no
// composed accents), and widths can be measured per character. It is also most
// of pdf-lib's cost per line; pdf-lib ignores glyph positioning anyway.
const NO_SHAPING: TypeFeatures = {
  rvrn: false, ltra: false, ltrm: false, ccmp: false, locl: false, rlig: false, mark: false,
  mkmk: false, calt: false, clig: false, liga: false, rclt: false, curs: false, kern: false,
};

/** A font file, parsed once per process. */
interface FontFile {
  bytes: Uint8Array;
  font: Font;
  characters: Set<number>;
  /** Advance width per code point, in font units. */
  advances: Map<number, number>;
}

/** A font embedded in one PDF, with the metrics of its file. */
interface TextFont {
  embedded: PDFFont;
  file: FontFile;
}

const fontDir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
let fontFiles: { regular: FontFile; bold: FontFile } | undefined;
function loadFontFiles() {
  const load = (name: string): FontFile => {
    const bytes = fs.readFileSync(path.join(fontDir, name));
    const font = fontkit.create(bytes);
    return { bytes, font, characters: new Set(font.characterSet), advances: new Map() };
  };
  return (fontFiles ??= { regular: load('DejaVuSans.ttf'), bold: load('DejaVuSans-Bold.ttf') });
}

// pdf-lib would parse the font file again for every PDF; hand it the font
// parsed once. Each PDF still gets its own subset.
const parsedFonts = {
  create(bytes: Uint8Array): Font {
    const file = Object.values(loadFontFiles()).find((f) => f.bytes === bytes);
    if (!file) throw new Error('textToPdf: unknown font file');
    return file.font;
  },
};

export async function textToPdf(doc: TextDocument): Promise<TextPdf> {
  const files = loadFontFiles();
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(parsedFonts);
  // Subsetting keeps each PDF small (the whole font is ~750 KB). Fixed subset
  // names, because pdf-lib would otherwise add a generated suffix.
  const embed = async (file: FontFile, name: string): Promise<TextFont> => ({
    embedded: await pdf.embedFont(file.bytes, { subset: true, customName: name, features: NO_SHAPING }),
    file,
  });
  const regular = await embed(files.regular, 'RMSMPA+DejaVuSans');
  const bold = await embed(files.bold, 'RMSMPB+DejaVuSans-Bold');

  const date = doc.date ?? DEFAULT_DATE;
  pdf.setTitle(doc.title);
  pdf.setAuthor(doc.author ?? 'Gemeente Zwolle');
  pdf.setCreator('Raadsmap');
  pdf.setProducer('Raadsmap sample builder');
  pdf.setLanguage('nl-NL');
  pdf.setCreationDate(date);
  pdf.setModificationDate(date);

  let replacedChars = 0;
  const drawable = (text: string, font: TextFont) => {
    let out = '';
    for (const ch of text) {
      if (font.file.characters.has(ch.codePointAt(0)!)) out += ch;
      else {
        out += REPLACEMENT;
        replacedChars++;
      }
    }
    return out;
  };

  let page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  let y = BODY_TOP;
  for (const line of wrap(drawable(doc.title.trim(), bold), bold.file, HEADING_SIZE)) {
    page.drawText(line, { x: MARGIN_LEFT, y: y - HEADING_SIZE, size: HEADING_SIZE, font: bold.embedded });
    y -= HEADING_LEADING;
  }
  y -= LEADING;

  // An entry may not hold a line break of its own: pdf-lib would draw it over the next line.
  for (const line of doc.lines.flatMap((l) => l.split(/\r\n|\r|\n/))) {
    if (line.trim() === '') {
      y -= BLANK_LINE;
      continue;
    }
    for (const part of wrap(drawable(line, regular), regular.file, BODY_SIZE)) {
      if (y - BODY_SIZE < BODY_BOTTOM) {
        page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
        y = BODY_TOP;
      }
      page.drawText(part, { x: MARGIN_LEFT, y: y - BODY_SIZE, size: BODY_SIZE, font: regular.embedded });
      y -= LEADING;
    }
  }

  const header = fitWidth(drawable(doc.header ?? `Gemeente Zwolle — ${doc.title.trim()}`, regular), regular.file, SMALL_SIZE);
  const pages = pdf.getPages();
  pages.forEach((p, i) => drawHeaderAndFooter(p, header, `Pagina ${i + 1} van ${pages.length}`, regular));

  return { bytes: await pdf.save(), pageCount: pages.length, replacedChars };
}

/** Running header with a rule under it; page number bottom right. */
function drawHeaderAndFooter(page: PDFPage, header: string, footer: string, font: TextFont): void {
  page.drawText(header, { x: MARGIN_LEFT, y: HEADER_BASELINE, size: SMALL_SIZE, font: font.embedded, color: GREY });
  page.drawLine({
    start: { x: MARGIN_LEFT, y: HEADER_BASELINE - 6 },
    end: { x: PAGE_WIDTH - MARGIN_RIGHT, y: HEADER_BASELINE - 6 },
    thickness: 0.5,
    color: GREY,
  });
  const x = PAGE_WIDTH - MARGIN_RIGHT - width(footer, font.file, SMALL_SIZE);
  page.drawText(footer, { x, y: FOOTER_BASELINE, size: SMALL_SIZE, font: font.embedded, color: GREY });
}

/** Width in points without shaping: the sum of the characters' advances. */
function width(text: string, file: FontFile, size: number): number {
  let units = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let advance = file.advances.get(cp);
    if (advance === undefined) file.advances.set(cp, (advance = file.font.glyphForCodePoint(cp).advanceWidth));
    units += advance;
  }
  return (units * size) / file.font.unitsPerEm;
}

/**
 * Splits a line into parts that fit the text width: at the last space that
 * fits, or, for a word wider than the line, between characters. Trailing
 * spaces never force a wrap.
 */
function wrap(line: string, file: FontFile, size: number): string[] {
  const fits = (s: string) => width(s.trimEnd(), file, size) <= TEXT_WIDTH;
  const parts: string[] = [];
  let rest = line;
  while (!fits(rest)) {
    let cut = -1;
    for (let i = rest.indexOf(' ', 1); i !== -1 && fits(rest.slice(0, i)); i = rest.indexOf(' ', i + 1)) cut = i;
    if (cut > 0 && rest.slice(0, cut).trim() !== '') {
      parts.push(rest.slice(0, cut));
      rest = rest.slice(cut).replace(/^ +/, '');
    } else {
      const chars = Array.from(rest);
      const n = longestFittingPrefix(chars.length, (k) => fits(chars.slice(0, k).join('')));
      parts.push(chars.slice(0, n).join(''));
      rest = chars.slice(n).join('');
    }
  }
  parts.push(rest);
  return parts;
}

/** Shortens text with an ellipsis until it fits the text width. */
function fitWidth(text: string, file: FontFile, size: number): string {
  if (width(text, file, size) <= TEXT_WIDTH) return text;
  const chars = Array.from(text);
  const n = longestFittingPrefix(chars.length, (k) => width(`${chars.slice(0, k).join('')}…`, file, size) <= TEXT_WIDTH);
  return `${chars.slice(0, n).join('').trimEnd()}…`;
}

/** Binary search for the largest k in 1..max with fits(k); one character always goes, however wide. */
function longestFittingPrefix(max: number, fits: (k: number) => boolean): number {
  let lo = 1;
  let hi = max;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
