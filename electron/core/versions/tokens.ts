// A version's text as word tokens for comparison (versions/changes.ts). Each
// token keeps where it is in its page's text layer string (pages.raw_text, the
// offsets annotations use), so a change can be marked in the reader. What is
// compared is a normal form of the word, not the line: a reflowed paragraph,
// a word broken across a line end ("vroeg-" + "signalering") and the same
// word written with a hyphen or a typographic quote compare equal. Running
// headers, footers and page numbers are left out, as in the normalised text:
// a document that grows a page does not change on every page.
import { buildVocabulary, joinAcrossBreak } from '../extraction/hyphenation.ts';
import { cleanLine } from '../extraction/normalise.ts';
import { findRunningLines } from '../extraction/running-lines.ts';

export interface VersionPage {
  pageNumber: number;
  rawText: string;
  quality: 'ok' | 'garbled' | 'empty';
}

export interface WordToken {
  /** What is compared. */
  key: string;
  /** What is shown (a word broken over a line end, whole). */
  text: string;
  page: number;
  /** Offsets in the page's raw text. */
  start: number;
  end: number;
}

interface Line {
  start: number;
  raw: string;
  clean: string;
}

const WORD = /\S+/gu;
const LINE_END_HYPHEN = /[-\u2010\u00AD]$/u;

/** The form a word (already through cleanLine: NFC, ligatures) is compared in: one kind of quote, no hyphen inside a word (re-integratie = reintegratie). */
export function wordKey(word: string): string {
  return word
    .replace(/\u00AD/gu, '')
    .replace(/[‘’‚‛`´]/gu, "'")
    .replace(/[“”„‟]/gu, '"')
    .replace(/(?<=\p{L})[-\u2010\u2011](?=\p{L})/gu, '');
}

/** The words of a version, in reading order, without running lines and garbled pages. */
export function tokenise(pages: readonly VersionPage[]): WordToken[] {
  const split = pages.map((page) => {
    const lines: Line[] = [];
    let start = 0;
    for (const raw of page.rawText.split('\n')) {
      lines.push({ start, raw, clean: cleanLine(raw) });
      start += raw.length + 1;
    }
    return lines;
  });
  const running = findRunningLines(split.map((lines) => ({ lines: lines.map((l) => l.clean) })));
  const vocabulary = buildVocabulary(split.flatMap((lines) => lines.map((l) => l.clean)));
  const tokens: WordToken[] = [];
  pages.forEach((page, p) => {
    if (page.quality === 'garbled') return; // its text is no text: comparing it would report noise
    let previous: { line: Line; token: WordToken } | null = null;
    split[p]!.forEach((line, i) => {
      if (running[p]!.has(i) || line.clean === '') return;
      let first = true;
      for (const match of line.raw.matchAll(WORD)) {
        const text = cleanLine(match[0]);
        if (text === '') continue;
        const token: WordToken = { key: wordKey(text), text, page: page.pageNumber, start: line.start + match.index, end: line.start + match.index + match[0].length };
        if (first && previous && LINE_END_HYPHEN.test(previous.token.text)) {
          const joined = joinedWord(previous.line.clean, line.clean, vocabulary);
          if (joined !== null) {
            previous.token.text = joined;
            previous.token.key = wordKey(joined);
            previous.token.end = token.end;
            first = false;
            continue;
          }
        }
        first = false;
        tokens.push(token);
      }
      const last = tokens.at(-1);
      previous = last && last.page === page.pageNumber && last.start >= line.start ? { line, token: last } : null;
    });
  });
  return tokens;
}

/** The word broken over the end of `previous` and the start of `next`, whole; null when the hyphen is real ("jeugd- en gezinszorg"). */
function joinedWord(previous: string, next: string, vocabulary: ReadonlySet<string>): string | null {
  const joined = joinAcrossBreak(previous, next, vocabulary);
  if (joined === null || joined === `${previous} ${next}`) return null;
  const from = previous.lastIndexOf(' ') + 1;
  const rest = joined.slice(from);
  const space = rest.indexOf(' ');
  return space < 0 ? rest : rest.slice(0, space);
}
