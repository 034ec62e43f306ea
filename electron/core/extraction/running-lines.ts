// Running headers, footers and page numbers: lines at the top or bottom of a
// page that belong to the layout, not to the text. Pure string code.

export interface PageLines {
  lines: readonly string[];
  /**
   * Optional, per line: true when the line lies in the page's top or bottom
   * margin. Content-stream order does not always put headers first and
   * footers last, so the PDF side tells where a line really is.
   */
  edge?: readonly boolean[] | undefined;
}

/** The first and last few lines of a page are where headers and footers sit. */
const EDGE_LINES = 2;
/** A line is running when it repeats on at least this many pages ... */
const MIN_RUN_PAGES = 3;
/** ... each within this many pages of the previous one (headers may skip even/odd pages). */
const MAX_PAGE_GAP = 2;
/** Lines with fewer letters than this are never "repeated" (number rows in tables). */
const MIN_LETTERS_OF_RUNNING_LINE = 3;
const MAX_DIGITS_PER_LETTER = 0.5;

const LABELLED_PAGE_NUMBER = /^(?:pagina|page|pag\.?|blz\.?|blad|p\.)\s*\d{1,4}(?:\s*(?:van|of|\/)\s*\d{1,4})?$/iu;
const PAGE_N_OF_M = /^\d{1,4}\s*(?:van|of)\s*\d{1,4}$/iu;
const BARE_NUMBER = /^[-–—([]?\s*(\d{1,4})\s*[-–—)\]]?$/u;
const N_SLASH_M = /^(\d{1,4})\s*\/\s*(\d{1,4})$/u;

/** Per page, the indexes of the lines to leave out of the normalised text. */
export function findRunningLines(pages: readonly PageLines[]): Set<number>[] {
  const edges = pages.map(edgeLineIndexes);
  const drop = pages.map(() => new Set<number>());
  markPageNumbers(pages, edges, drop);
  markRepeatedLines(pages, edges, drop);
  return drop;
}

function edgeLineIndexes(page: PageLines): number[] {
  const filled = page.lines.flatMap((line, i) => (line.trim() === '' ? [] : [i]));
  const indexes = new Set([...filled.slice(0, EDGE_LINES), ...filled.slice(-EDGE_LINES)]);
  page.edge?.forEach((isEdge, i) => {
    if (isEdge && page.lines[i]?.trim()) indexes.add(i);
  });
  return [...indexes].sort((a, b) => a - b);
}

/** The number a bare page-number line shows ("3", "- 3 -", "(3)", "3/12"), else null. */
function bareNumber(line: string): number | null {
  const bare = BARE_NUMBER.exec(line);
  if (bare) return Number(bare[1]);
  const slash = N_SLASH_M.exec(line);
  if (slash && Number(slash[1]) <= Number(slash[2])) return Number(slash[1]);
  return null;
}

/**
 * "Pagina 3 van 12" is always a page number. A bare "3" at a page edge is one
 * only when it counts with the pages: it equals the page number, or a
 * neighbouring page shows the number before or after it (documents bundled
 * into one meeting package restart their numbering). A lone number that does
 * neither is kept: it may be a table value or a footnote.
 */
function markPageNumbers(pages: readonly PageLines[], edges: number[][], drop: Set<number>[]): void {
  const bare = pages.map((page, p) => {
    const numbers = new Map<number, number>(); // line index → number shown
    for (const i of edges[p]!) {
      const line = page.lines[i]!.trim();
      if (LABELLED_PAGE_NUMBER.test(line) || PAGE_N_OF_M.test(line)) drop[p]!.add(i);
      else {
        const n = bareNumber(line);
        if (n !== null) numbers.set(i, n);
      }
    }
    return numbers;
  });
  const shows = (p: number, n: number) => [...(bare[p]?.values() ?? [])].includes(n);
  bare.forEach((numbers, p) => {
    for (const [i, n] of numbers) {
      if (n === p + 1 || shows(p - 1, n - 1) || shows(p + 1, n + 1)) drop[p]!.add(i);
    }
  });
}

/**
 * With digits masked, so "Rapport 2016 — 3" and "Rapport 2016 — 4" are the
 * same line. Lines that are mostly digits (a "Totaal 12.345 67.890" row closing
 * each page of a table) are content, never running.
 */
function runningKey(line: string): string | null {
  const letters = line.match(/\p{L}/gu)?.length ?? 0;
  const digits = line.match(/\p{N}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS_OF_RUNNING_LINE || digits > letters * MAX_DIGITS_PER_LETTER) return null;
  return line.toLowerCase().replace(/\d+/gu, '#').replace(/\s+/gu, ' ').trim();
}

/**
 * Edge lines whose masked text recurs on nearby pages. Requiring nearness
 * (not just a count) keeps a heading such as "1 Inleiding" that happens to
 * open three chapters far apart, while chapter-specific running headers that
 * repeat only within their chapter are still found.
 */
function markRepeatedLines(pages: readonly PageLines[], edges: number[][], drop: Set<number>[]): void {
  const occurrences = new Map<string, Map<number, number[]>>(); // key → page → line indexes
  edges.forEach((indexes, p) => {
    for (const i of indexes) {
      const key = runningKey(pages[p]!.lines[i]!);
      if (key === null) continue;
      const byPage = occurrences.get(key) ?? new Map<number, number[]>();
      occurrences.set(key, byPage);
      byPage.set(p, [...(byPage.get(p) ?? []), i]);
    }
  });
  for (const byPage of occurrences.values()) {
    if (byPage.size < MIN_RUN_PAGES) continue;
    for (const chain of nearbyChains([...byPage.keys()].sort((a, b) => a - b))) {
      if (chain.length < MIN_RUN_PAGES) continue;
      for (const p of chain) for (const i of byPage.get(p)!) drop[p]!.add(i);
    }
  }
}

/** Splits sorted page indexes where the gap exceeds MAX_PAGE_GAP. */
function nearbyChains(sortedPages: number[]): number[][] {
  const chains: number[][] = [];
  for (const p of sortedPages) {
    const chain = chains.at(-1);
    if (chain && p - chain.at(-1)! <= MAX_PAGE_GAP) chain.push(p);
    else chains.push([p]);
  }
  return chains;
}
