// From the text layer's lines to text for search and display, across all pages
// of a document at once (running headers and the vocabulary for hyphenation
// are document-wide). Pure string code: no pdf.js, unit-testable on strings.
import { buildVocabulary, repairHyphenation } from './hyphenation.ts';
import { assessQuality } from './quality.ts';
import { findRunningLines, type PageLines } from './running-lines.ts';
import type { PageQuality } from './types.ts';

export type { PageLines } from './running-lines.ts';
export { isGarbledWord } from './quality.ts';

export interface NormalisedPage {
  text: string;
  quality: PageQuality;
}

/** Typographic ligatures pdf.js leaves in place when normalisation is off (as the text layer has it). */
const LIGATURES: Readonly<Record<string, string>> = { ﬀ: 'ff', ﬁ: 'fi', ﬂ: 'fl', ﬃ: 'ffi', ﬄ: 'ffl', ﬅ: 'st', ﬆ: 'st' };
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/gu;
/**
 * Bullet glyphs at the start of a line, shown as "•". Symbol-font bullets come
 * out as private-use code points (U+F0B7, U+F0A7); broken fonts give a lone
 * Greek or Cyrillic letter or "Á" (seed 002 has ҍ, ς and Á), which only count
 * when a space follows, so a word starting with such a letter is left alone.
 */
const BULLET_AT_START = /^(?:[•●○◦▪■□▫◆◇►▶▸‣⁃∙➢➤❖❑⦁\uE000-\uF8FF]\s*|[\u0370-\u04FFÁ·]\s+)(?=\S)/u;
/** Seed 002 also has ς standing in for a dash between words: "Amsterdam ς schuldhulpverlening". */
const SIGMA_AS_DASH = / ς (?=\S)/gu;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u00AD]/gu;

export function normalisePages(pages: readonly PageLines[]): NormalisedPage[] {
  const cleaned = pages.map((page) => ({ lines: page.lines.map(cleanLine), edge: page.edge }));
  const running = findRunningLines(cleaned);
  const vocabulary = buildVocabulary(cleaned.flatMap((page) => page.lines));
  return cleaned.map((page, p) => {
    const body = page.lines.filter((line, i) => line !== '' && !running[p]!.has(i));
    const text = joinSoftBreaks(repairHyphenation(body, vocabulary)).join('\n');
    // Quality sees the control characters before they are stripped: they are a sign of a broken font.
    return { text: withoutControlChars(text), quality: assessQuality(text) };
  });
}

/** Convenience for text that arrives as one string per page ("\n" between lines). */
export function normalisePageTexts(texts: readonly string[]): NormalisedPage[] {
  return normalisePages(texts.map((text) => ({ lines: text.split('\n') })));
}

/** NFC, ligatures spelled out, whitespace collapsed and trimmed, bullets as "•". */
export function cleanLine(line: string): string {
  const spaced = line
    .normalize('NFC')
    .replace(/[\uFB00-\uFB06]/gu, (ligature) => LIGATURES[ligature] ?? ligature)
    .replace(ZERO_WIDTH, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return spaced.replace(BULLET_AT_START, '• ').replace(SIGMA_AS_DASH, ' – ');
}

/** A lower-case start, also behind an opening bracket or quote: "(integraal kindcentrum". */
const CONTINUATION = /^[(‘'"“]?\p{Ll}/u;

/**
 * A line break inside a sentence becomes a space: the next line starts in
 * lower case and this one does not end a clause with ":" or ";" (list items).
 * Headings, new sentences and list items keep their own line, so the "\n"s
 * left are (roughly) paragraph breaks. The text layer's blank lines say
 * nothing reliable (extracted text has them inside paragraphs) and are dropped.
 */
export function joinSoftBreaks(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const previous = out.at(-1);
    const continues = previous !== undefined && (previous === '•' || (CONTINUATION.test(line) && !/[:;]$/u.test(previous)));
    if (continues) out[out.length - 1] = `${previous} ${line}`;
    else out.push(line);
  }
  return out;
}

function withoutControlChars(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(CONTROL_CHARS, '').replace(/ {2,}/gu, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}
