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
  /** The first word of its line: a heading or a new paragraph can start here. */
  lineStart: boolean;
}

interface Line {
  start: number;
  raw: string;
}

const WORD = /\S+/gu;
/** Printable ASCII needs no cleaning (cleanLine leaves it as it is): most words, read fast. */
const PLAIN = /^[\x21-\x7E]*$/;
/** What wordKey changes; a word without any is its own key. */
const KEYED = /[-`\u00AD\u2010\u2011‘’‚‛´“”„‟]/u;
/** How many filled lines at the top and bottom of a page running-line detection looks at (running-lines.ts looks at 2). */
const EDGE_LINES = 3;
const LINE_END_HYPHEN = /[-\u2010\u00AD]$/u;

/** The form a word (already through cleanLine: NFC, ligatures) is compared in: one kind of quote, no hyphen inside a word (re-integratie = reintegratie). */
export function wordKey(word: string): string {
  if (!KEYED.test(word)) return word;
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
      lines.push({ start, raw });
      start += raw.length + 1;
    }
    return lines;
  });
  // Running lines sit at a page's edges: only those lines need cleaning for the comparison of pages.
  const running = findRunningLines(split.map((lines) => ({ lines: edgesCleaned(lines.map((l) => l.raw)) })));
  const clean = (line: Line) => cleanLine(line.raw);
  // Read once, and only when a line ends in a hyphen: it decides how broken words are joined.
  let vocabulary: Set<string> | undefined;
  const words = () => (vocabulary ??= buildVocabulary(split.flatMap((lines) => lines.map(clean))));
  const tokens: WordToken[] = [];
  pages.forEach((page, p) => {
    if (page.quality === 'garbled') return; // its text is no text: comparing it would report noise
    let previous: { line: Line; token: WordToken } | null = null;
    split[p]!.forEach((line, i) => {
      if (running[p]!.has(i) || line.raw.trim() === '') return;
      let first = true;
      for (const match of line.raw.matchAll(WORD)) {
        const text = PLAIN.test(match[0]) ? match[0] : cleanLine(match[0]);
        if (text === '') continue;
        const token: WordToken = { key: wordKey(text), text, page: page.pageNumber, start: line.start + match.index, end: line.start + match.index + match[0].length, lineStart: first };
        if (first && previous && LINE_END_HYPHEN.test(previous.token.text)) {
          const joined = joinedWord(clean(previous.line), clean(line), words());
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

/** The lines with the first and last few filled ones cleaned (cleanLine), as running-line detection compares them; the rest as they are. */
function edgesCleaned(lines: string[]): string[] {
  const filled = lines.flatMap((line, i) => (line.trim() === '' ? [] : [i]));
  const out = [...lines];
  for (const i of [...filled.slice(0, EDGE_LINES), ...filled.slice(-EDGE_LINES)]) out[i] = cleanLine(lines[i]!);
  return out;
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
