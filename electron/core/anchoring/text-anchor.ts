// Anchors a passage of a PDF page the way annotation tools do it (the W3C
// quote and position selectors): the exact text with some context before and
// after it, plus its offsets in the page's text layer string (pages.raw_text,
// the same string pdf.js's text layer is built from). Rectangles in points on
// the page as displayed come from the glyph positions of the page's text runs
// (or, where those are not known, from the runs' boxes), so a highlight sits
// on the words at any zoom, and can be written into an exported PDF as-is.
import search from 'approx-string-match';
import type { GlyphRun } from '../extraction/glyph-geometry.ts';

/** Characters of context kept on each side of a quote. */
const CONTEXT = 32;

export interface QuoteSelector {
  exact: string;
  prefix: string;
  suffix: string;
}

/** [x, y, width, height] in points, origin bottom-left of the page as displayed. */
export type Rect = [number, number, number, number];

/** One pdf.js text item: offsets into raw_text and its box, as stored in pages.runs. */
export type StoredRun = [start: number, end: number, x: number, y: number, width: number, height: number];

export interface AnchorPage {
  pageNumber: number;
  rawText: string;
  runs: StoredRun[];
}

export interface Located {
  pageNumber: number;
  start: number;
  end: number;
  /** `anchored`: the old position still holds the quote; `moved`: found elsewhere or edited. */
  status: 'anchored' | 'moved';
}

export function quoteAt(rawText: string, start: number, end: number): QuoteSelector {
  return {
    exact: rawText.slice(start, end),
    prefix: rawText.slice(Math.max(0, start - CONTEXT), start),
    suffix: rawText.slice(end, end + CONTEXT),
  };
}

/**
 * The boxes that cover [start, end) of a page, joined per line so a
 * highlight is one bar per line. With `GlyphRun`s (runs whose characters'
 * extents along the line are known from the glyphs,
 * extraction/glyph-geometry.ts) each run's part spans its characters'
 * glyphs, not the spaces at its ends; a run whose glyphs did not match, and
 * every `StoredRun`, is spread evenly over its characters.
 */
export function rectsFor(runs: readonly (StoredRun | GlyphRun)[], start: number, end: number): Rect[] {
  const pieces: Piece[] = [];
  for (const run of runs) {
    const { start: runStart, end: runEnd, x, y, width, height, vertical, edges } = Array.isArray(run) ? fromStored(run as StoredRun) : (run as GlyphRun);
    const from = Math.max(start, runStart);
    const to = Math.min(end, runEnd);
    if (from >= to) continue;
    // Along the line and across it: x and y, or y and x for text that runs up or down the page.
    const [along, alongSize, across, acrossSize] = vertical ? [y, height, x, width] : [x, width, y, height];
    let low = Infinity;
    let high = -Infinity;
    if (edges) {
      for (let i = from - runStart; i < to - runStart; i++) {
        const [a, b] = [edges[2 * i]!, edges[2 * i + 1]!];
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        low = Math.min(low, a);
        high = Math.max(high, b);
      }
      if (low === Infinity) continue; // only spaces of this run: nothing to mark
    } else {
      const length = runEnd - runStart || 1;
      low = along + (alongSize * (from - runStart)) / length;
      high = along + (alongSize * (to - runStart)) / length;
    }
    pieces.push({ vertical, low, high, across, acrossSize });
  }
  return joinLines(pieces).map((p) => (p.vertical ? [p.across, p.low, p.acrossSize, p.high - p.low] : [p.low, p.across, p.high - p.low, p.acrossSize]).map((n) => Math.round(n * 100) / 100) as Rect);
}

/** A run's part of a highlight: its extent along the line (low..high) and across it. */
interface Piece {
  vertical: boolean;
  low: number;
  high: number;
  across: number;
  acrossSize: number;
}

const fromStored = ([start, end, x, y, width, height]: StoredRun): GlyphRun => ({ start, end, x, y, width, height, vertical: false, edges: null });

/** Pieces on the same line (across within a third of the height of each other) and touching: one bar. */
function joinLines(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    const last = out.at(-1);
    const size = piece.acrossSize;
    if (
      last &&
      last.vertical === piece.vertical &&
      Math.abs(last.across - piece.across) < size / 3 &&
      Math.abs(last.acrossSize - size) < size / 3 &&
      piece.low - last.high < size &&
      last.low - piece.high < size
    ) {
      const top = Math.max(last.across + last.acrossSize, piece.across + size);
      last.across = Math.min(last.across, piece.across);
      last.acrossSize = top - last.across;
      last.low = Math.min(last.low, piece.low);
      last.high = Math.max(last.high, piece.high);
    } else {
      out.push({ ...piece });
    }
  }
  return out;
}

/**
 * Finds a quote in a (new version of a) document: first at its old position,
 * then the exact text anywhere (the occurrence whose context and page fit
 * best), then approximately (an edited passage) with at most a fifth of its
 * characters changed. Null when the passage is gone.
 */
export function locateQuote(pages: readonly AnchorPage[], quote: QuoteSelector, hint: { pageNumber: number; start?: number | null | undefined }): Located | null {
  const exact = quote.exact;
  if (!exact.trim()) return null;
  const hintPage = pages.find((p) => p.pageNumber === hint.pageNumber);
  if (hintPage && hint.start != null && hintPage.rawText.slice(hint.start, hint.start + exact.length) === exact) {
    return { pageNumber: hintPage.pageNumber, start: hint.start, end: hint.start + exact.length, status: 'anchored' };
  }

  let best: { located: Located; score: number } | null = null;
  const consider = (page: AnchorPage, start: number, end: number, errors: number) => {
    // Fewer errors first; then context that agrees; then nearness to the old page and offset.
    const context = similarity(quote.prefix, page.rawText.slice(Math.max(0, start - quote.prefix.length), start), 'end') + similarity(quote.suffix, page.rawText.slice(end, end + quote.suffix.length), 'start');
    const distance = Math.abs(page.pageNumber - hint.pageNumber) + (page.pageNumber === hint.pageNumber && hint.start != null ? Math.abs(start - hint.start) / 10_000 : 0);
    const score = errors * 10 - context * 5 + distance * 0.5;
    if (!best || score < best.score) best = { located: { pageNumber: page.pageNumber, start, end, status: 'moved' }, score };
  };

  for (const page of pages) {
    for (let at = page.rawText.indexOf(exact); at !== -1; at = page.rawText.indexOf(exact, at + 1)) consider(page, at, at + exact.length, 0);
  }
  if (best) return (best as { located: Located }).located;

  // Too short a quote matches anything approximately: only exact matches count then.
  if (exact.length < 12) return null;
  const maxErrors = Math.min(64, Math.floor(exact.length / 5));
  for (const page of byNearness(pages, hint.pageNumber)) {
    for (const match of search(page.rawText, exact, maxErrors)) consider(page, match.start, match.end, match.errors);
  }
  return best ? (best as { located: Located }).located : null;
}

/** Share (0..1) of characters two context strings have in common at the side next to the quote. */
function similarity(expected: string, actual: string, side: 'start' | 'end'): number {
  if (!expected) return 0;
  let same = 0;
  const n = Math.min(expected.length, actual.length);
  for (let i = 0; i < n; i++) {
    const a = side === 'start' ? expected[i] : expected[expected.length - 1 - i];
    const b = side === 'start' ? actual[i] : actual[actual.length - 1 - i];
    if (a !== b) break;
    same++;
  }
  return same / expected.length;
}

function byNearness(pages: readonly AnchorPage[], pageNumber: number): AnchorPage[] {
  return [...pages].sort((a, b) => Math.abs(a.pageNumber - pageNumber) - Math.abs(b.pageNumber - pageNumber));
}
