// Where a quoted passage is in a document, to place a highlight from its text
// alone (the CLI's `annotations add --quote`): found as the reader's find bar
// finds it (shared/find-text.ts: case, accents, spaces, line breaks and
// line-end hyphenation do not matter), as offsets into the page's text string
// that createAnnotation takes. When it is nowhere, the passages closest to it
// (a few characters off) are named instead, so the user can correct the quote.
import search from 'approx-string-match';
import { findInText, foldQuery, foldText } from '../../../shared/find-text.ts';
import type { AnchorPage } from './text-anchor.ts';

/** Characters of context shown on each side of a place. */
const CONTEXT = 30;
/** How many near passages to name when the quote is not found. */
const NEAR = 3;

export interface QuotePlace {
  page: number;
  start: number;
  end: number;
  /** The page's text at [start, end): the quote as it stands in the document. */
  exact: string;
  /** A little of the text before and after, on one line. */
  before: string;
  after: string;
}

export interface QuoteSearch {
  /** Every place the quote is. */
  places: QuotePlace[];
  /** When it is nowhere: the passages closest to it, best first. */
  near: QuotePlace[];
}

export function findQuote(pages: readonly AnchorPage[], quote: string): QuoteSearch {
  const places = pages.flatMap((page) => findInText(page.rawText, quote).map(({ start, end }) => placeOn(page, start, end)));
  return { places, near: places.length ? [] : nearPlaces(pages, quote) };
}

function placeOn(page: AnchorPage, start: number, end: number): QuotePlace {
  const flat = (s: string) => s.replace(/\s+/g, ' ');
  return {
    page: page.pageNumber,
    start,
    end,
    exact: page.rawText.slice(start, end),
    before: flat(page.rawText.slice(Math.max(0, start - CONTEXT), start)).trimStart(),
    after: flat(page.rawText.slice(end, end + CONTEXT)).trimEnd(),
  };
}

/** Up to NEAR passages with at most a fifth of the quote's characters changed, fewest changes first. */
function nearPlaces(pages: readonly AnchorPage[], quote: string): QuotePlace[] {
  const needle = foldQuery(quote);
  // A short quote is near to anything.
  if (needle.length < 8) return [];
  const maxErrors = Math.min(64, Math.floor(needle.length / 5));
  const found: { page: AnchorPage; start: number; end: number; errors: number }[] = [];
  for (const page of pages) {
    const folded = foldText(page.rawText);
    for (const match of search(folded.text, needle, maxErrors)) {
      if (match.end <= match.start) continue;
      found.push({ page, start: folded.origin[match.start]!, end: folded.origin[match.end - 1]! + 1, errors: match.errors });
    }
  }
  found.sort((a, b) => a.errors - b.errors || a.page.pageNumber - b.page.pageNumber || a.start - b.start);
  // One passage per stretch of text: matches that overlap are the same passage.
  const chosen: typeof found = [];
  for (const f of found) {
    if (chosen.some((c) => c.page === f.page && f.start < c.end && c.start < f.end)) continue;
    chosen.push(f);
    if (chosen.length === NEAR) break;
  }
  return chosen.map((c) => placeOn(c.page, ...wholeWords(c.page.rawText, c.start, c.end)));
}

/** [start, end) widened to the words it cuts into: a near passage is shown and placed as whole words. */
function wholeWords(text: string, start: number, end: number): [number, number] {
  const inWord = (i: number) => /[\p{L}\p{N}]/u.test(text[i] ?? '');
  while (start > 0 && inWord(start - 1) && inWord(start)) start--;
  while (end < text.length && inWord(end) && inWord(end - 1)) end++;
  return [start, end];
}
