// A table of contents for a PDF without bookmarks, derived from its text:
// numbered headings ("2.3 Financiële gevolgen", "Hoofdstuk 3", "Bijlage 1")
// standing alone on a line, and short lines set clearly larger or bold (by
// the font's name, or a font used at body size for headings only: pdf.js
// does not give the names of embedded fonts).
// Pure code on pdf.js text content (page.getTextContent()), one page at a
// time: no DOM and no pdf.js, so the renderer and the core can both use it.
//
// Many council documents set their headings in the body font (the bundled
// sample reports do), so typography alone finds little. A numbered line in
// the body font counts only when its number continues the document's
// numbering (1 → 1.1 → 1.2 → 2 → 2.1), so a list restarting at "1." inside a
// chapter does not; a lone "2" counts as a chapter only when a "2.x" section
// follows it, or when chapters 1, 2, 3 follow each other apart in the text
// (list items stand next to each other). Running headers and footers, tables
// of contents, footnotes in a smaller font, sentences, dates and amounts are
// left out.

/** The parts of a pdf.js TextItem used here (marked-content items have no `str`). */
export interface OutlineTextItem {
  str: string;
  hasEOL?: boolean;
  transform: readonly number[];
  width?: number;
  fontName?: string;
}
/** The parts of a pdf.js text style used here; the name says bold only for some fonts (pdf.js gives embedded fonts a generic family). */
export interface OutlineTextStyle {
  fontFamily?: string;
  fontSubstitution?: string;
}
export interface OutlineTextContent {
  items: readonly (OutlineTextItem | object)[];
  styles?: Readonly<Record<string, OutlineTextStyle | undefined>>;
}

export interface OutlineEntry {
  title: string;
  /** 1-based page number. */
  page: number;
  /** 1 for chapters, 2 for their sections, ... */
  level: number;
}

/** One line of a page, as the derivation needs it. */
export interface OutlineLine {
  text: string;
  /** Baseline of the line's first item, in PDF user space (larger is higher on the page). */
  y: number;
  /** Font size of most of the line's characters. */
  size: number;
  /** pdf.js font (loaded name) of most of the line's characters. */
  font: string;
  /** The font's name says bold (only some PDFs tell pdf.js's text content this). */
  bold: boolean;
  /** A wide gap between two items: columns or a tab, as in a table or a table of contents. */
  gap: boolean;
  /** Text that does not run left to right (rotated or vertical): never a heading. */
  rotated: boolean;
}

export interface OutlinePage {
  lines: OutlineLine[];
  /** Characters per style ("font|size"), for the body text's style. */
  styleChars: Record<string, number>;
}

export const MAX_OUTLINE_ENTRIES = 200;
const MAX_HEADING_CHARS = 100;
/** The words after a heading's number; an un-numbered heading is shorter. */
const NUMBERED_HEADING = { maxChars: MAX_HEADING_CHARS, maxWords: 14 };
const PLAIN_HEADING = { maxChars: 80, maxWords: 10 };
/** A font this much larger than the body text is a heading font. */
const LARGER = 1.12;
/** Smaller than this share of the body text: footnotes, captions, running lines. */
const SMALLER = 0.9;
/** A font at body size, other than the body's, is a heading font when it has this many lines and this share of them read as headings. */
const MIN_HEADING_FONT_LINES = 2;
const HEADING_FONT_SHARE = 0.8;
/** A numbered heading may skip this many numbers at its level (one missed or deleted heading). */
const MAX_NUMBER_STEP = 3;
/** Running headers and footers: the first and last lines of a page ... */
const EDGE_LINES = 2;
/** ... repeating on at least this many pages, each within MAX_PAGE_GAP of the previous one. */
const MIN_RUN_PAGES = 3;
const MAX_PAGE_GAP = 2;
/** A page where at least this many lines, and this share of its lines, end in a page number is a table of contents. */
const MIN_TOC_LINES = 3;
const MIN_TOC_SHARE = 0.4;

const BOLD_NAME = /bold|black|heavy|semibold|demi/iu;
const LEADER = /(?:\.\s?){4,}|…{2,}|_{4,}|(?:·\s?){4,}/u;
const ENDS_IN_NUMBER = /\s\d{1,3}$/u;
const endsInPageNumber = (text: string) => ENDS_IN_NUMBER.test(text) && /\p{L}/u.test(text);
/** "2", "2.3", "2.3.1", and the lettered items of agendas ("1.3.a", "4b"). */
const NUMBERED = /^(\d{1,2}(?:\.\d{1,2}){0,3})(?:\.?([a-z]))?[.)]?\s+(.+)$/u;
/** A line led by a chapter-like number, as items of a numbered list are ("2. De raad besluit"). */
const LIST_NUMBER = /^\(?(\d{1,2})[.)]?\s/u;
/** Lines this close to a heading, holding the number before or after it, make it a list item. */
const LIST_WINDOW = 2;
const LABELLED = /^(hoofdstuk|bijlage|deel)\s+(\d{1,2}|[ivxlc]{1,6}|[a-z])(?=$|[\s.:\-–—])[.:]?\s*(?:[-–—:]\s*)?(.*)$/iu;
const MONTH = /^(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\b/iu;
const STARTS_UPPER = /^[(‘'"“]?\p{Lu}/u;
const SENTENCE_END = /[.,;:\-–]$/u;
const SENTENCE_BREAK = /[.!?]\s+\p{Lu}/u;

// ---------------------------------------------------------------------------
// One page: pdf.js text items → lines.

/** The lines of one page, with the font and size of each; keep this instead of the items. */
export function outlinePage(content: OutlineTextContent): OutlinePage {
  const styles = content.styles ?? {};
  const lines: OutlineLine[] = [];
  const styleChars: Record<string, number> = {};
  let line: { text: string; y: number; chars: Map<string, number>; sizes: Map<number, number>; end: number; size: number; gap: boolean; rotated: boolean } | null = null;

  const finish = () => {
    if (line && line.text.trim() !== '') {
      const font = argmax(line.chars) ?? '';
      const style = styles[font];
      const bold = BOLD_NAME.test(`${font} ${style?.fontFamily ?? ''} ${style?.fontSubstitution ?? ''}`);
      lines.push({ text: line.text.replace(/\s+/gu, ' ').trim(), y: line.y, size: argmax(line.sizes) ?? 0, font, bold, gap: line.gap, rotated: line.rotated });
    }
    line = null;
  };

  for (const item of content.items) {
    if (!('str' in item)) continue;
    const { str, transform: t } = item;
    if (str.trim() === '') {
      // Spaces and the empty items pdf.js adds for line ends carry no reliable position.
      if (line && str !== '') line.text += ' ';
      if (item.hasEOL) finish();
      continue;
    }
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = t;
    const size = Math.hypot(c, d) || Math.abs(d) || Math.hypot(a, b);
    const rotated = Math.abs(b) > Math.abs(a) * 0.1 || a <= 0;
    if (line && (rotated || line.rotated || Math.abs(y - line.y) > 0.5 * Math.max(size, line.size))) finish();
    if (!line) line = { text: '', y, chars: new Map(), sizes: new Map(), end: x, size, gap: false, rotated };
    else {
      const space = x - line.end;
      if (space > 2 * size) line.gap = true;
      if (space > 0.25 * size && !/\s$/u.test(line.text)) line.text += ' ';
    }
    line.text += str;
    line.end = x + (item.width ?? 0);
    line.size = Math.max(line.size, size);
    const n = str.replace(/\s/gu, '').length;
    const font = item.fontName ?? '';
    const rounded = Math.round(size * 2) / 2;
    line.chars.set(font, (line.chars.get(font) ?? 0) + n);
    line.sizes.set(rounded, (line.sizes.get(rounded) ?? 0) + n);
    const key = `${font}|${rounded}`;
    styleChars[key] = (styleChars[key] ?? 0) + n;
    if (item.hasEOL) finish();
  }
  finish();
  return { lines, styleChars };
}

function argmax<K>(counts: Map<K, number>): K | undefined {
  let best: K | undefined;
  let most = -1;
  for (const [key, n] of counts) {
    if (n > most) {
      best = key;
      most = n;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------
// The document: lines of all pages → outline entries.

type Parsed =
  | { kind: 'number'; path: number[]; title: string }
  | { kind: 'label'; label: string; n: number | string; title: string }
  | { kind: 'plain'; title: string };

interface Candidate {
  page: number;
  line: OutlineLine;
  text: string;
  parsed: Parsed;
  /** Set clearly larger than the body text, or bold by its font's name. */
  strong: boolean;
  /** In another font than the body text, at body size (often bold, but also italic or a table font). */
  distinct: boolean;
  /** In a font used at body size for headings only: bold headings whose font name pdf.js does not give. */
  headingFont: boolean;
  /** Next to the item numbered before or after it: an item of a numbered list. */
  inList: boolean;
}

/** The outline of a document from its pages' lines (outlinePage per page), at most maxEntries long. */
export function deriveOutline(pages: readonly OutlinePage[], { maxEntries = MAX_OUTLINE_ENTRIES }: { maxEntries?: number } = {}): OutlineEntry[] {
  const body = bodyStyle(pages);
  if (!body) return [];
  const skipped = pages.map(() => new Set<number>());
  markRunningLines(pages, skipped);
  markTableOfContents(pages, skipped);

  const headingFonts = headingOnlyFonts(pages, skipped, body);
  const candidates: Candidate[] = [];
  pages.forEach((page, p) => {
    const pageBody = bodyStyle([page])?.size ?? body.size;
    page.lines.forEach((line, i) => {
      if (skipped[p]!.has(i) || line.rotated || line.size < body.size * SMALLER) return;
      const larger = line.size >= LARGER * Math.max(body.size, pageBody);
      const distinct = !larger && line.font !== body.font;
      const strong = larger || (line.bold && !body.bold);
      let text = line.text;
      // A heading set larger or bold may wrap: its next line in the same style continues it.
      const next = page.lines[i + 1];
      if ((strong || distinct) && next && !skipped[p]!.has(i + 1) && next.font === line.font && Math.abs(next.size - line.size) < 0.5 && parse(next.text).kind === 'plain' && line.y - next.y < 2 * line.size) {
        text = `${text} ${next.text}`;
        skipped[p]!.add(i + 1);
      } else if (next && !strong && /^\p{Ll}/u.test(next.text) && next.font === line.font) return; // a wrapped sentence
      const parsed = parse(text);
      const headingFont = distinct && headingFonts.has(styleKey(line));
      candidates.push({ page: p + 1, line, text, parsed, strong, distinct, headingFont, inList: inList(page, i, parsed, skipped[p]!) });
    });
  });

  const entries = pickHeadings(candidates);
  return capEntries(normaliseLevels(entries), maxEntries);
}

/**
 * A chapter number or label with its predecessor just above it or its
 * successor just below ("2. ..." under "1. ..."; "Bijlage 2" under
 * "Bijlage 1") is an item of a list, not a heading.
 */
function inList(page: OutlinePage, i: number, parsed: Parsed, skipped: ReadonlySet<number>): boolean {
  let n: number;
  let numberOf: (text: string) => number | undefined;
  if (parsed.kind === 'number' && parsed.path.length === 1) {
    n = parsed.path[0]!;
    numberOf = (text) => {
      const m = LIST_NUMBER.exec(text);
      return m ? Number(m[1]) : undefined;
    };
  } else if (parsed.kind === 'label' && typeof parsed.n === 'number') {
    n = parsed.n;
    const { label } = parsed;
    numberOf = (text) => {
      const other = parse(text);
      return other.kind === 'label' && other.label === label && typeof other.n === 'number' ? other.n : undefined;
    };
  } else return false;
  for (let k = 1; k <= LIST_WINDOW; k++) {
    const above = page.lines[i - k];
    const below = page.lines[i + k];
    if (above && !skipped.has(i - k) && numberOf(above.text) === n - 1) return true;
    if (below && !skipped.has(i + k) && numberOf(below.text) === n + 1) return true;
  }
  return false;
}

const styleKey = (line: OutlineLine) => `${line.font}|${Math.round(line.size * 2) / 2}`;

/**
 * pdf.js does not tell the names of embedded fonts, so a bold font at body
 * size is just another font. One whose lines (two at least) nearly all read
 * as headings is taken for a heading font; italic quotes, a table's font or
 * bold lead-ins of paragraphs are not.
 */
function headingOnlyFonts(pages: readonly OutlinePage[], skipped: readonly Set<number>[], body: { font: string; size: number }): Set<string> {
  const counts = new Map<string, { lines: number; headings: number }>();
  pages.forEach((page, p) =>
    page.lines.forEach((line, i) => {
      if (skipped[p]!.has(i) || line.rotated || line.font === body.font || line.size < body.size * SMALLER || line.size >= body.size * LARGER) return;
      const count = counts.get(styleKey(line)) ?? { lines: 0, headings: 0 };
      counts.set(styleKey(line), count);
      count.lines++;
      const parsed = parse(line.text);
      if (!line.gap && readsAsHeading(parsed.title, parsed.kind === 'plain' ? PLAIN_HEADING : NUMBERED_HEADING)) count.headings++;
    }),
  );
  return new Set([...counts].filter(([, { lines, headings }]) => lines >= MIN_HEADING_FONT_LINES && headings >= HEADING_FONT_SHARE * lines).map(([key]) => key));
}

/** The style (font and size) of most characters: the body text. */
function bodyStyle(pages: readonly OutlinePage[]): { font: string; size: number; bold: boolean } | null {
  const totals = new Map<string, number>();
  for (const page of pages) for (const [key, n] of Object.entries(page.styleChars)) totals.set(key, (totals.get(key) ?? 0) + n);
  const key = argmax(totals);
  if (key === undefined) return null;
  const cut = key.lastIndexOf('|');
  const font = key.slice(0, cut);
  const size = Number(key.slice(cut + 1));
  const bold = pages.some((page) => page.lines.some((line) => line.font === font && line.bold));
  return { font, size, bold };
}

function parse(text: string): Parsed {
  const labelled = LABELLED.exec(text);
  if (labelled && /^\p{Lu}/u.test(text)) {
    const n = /^\d+$/u.test(labelled[2]!) ? Number(labelled[2]) : labelled[2]!.toUpperCase();
    return { kind: 'label', label: labelled[1]!.toLowerCase(), n, title: labelled[3]!.trim() };
  }
  const numbered = NUMBERED.exec(text);
  if (numbered) {
    const path = numbered[1]!.split('.').map(Number);
    if (numbered[2]) path.push(numbered[2].charCodeAt(0) - 'a'.charCodeAt(0) + 1);
    return { kind: 'number', path, title: numbered[3]!.trim() };
  }
  return { kind: 'plain', title: text };
}

/** Whether the words after a number (or a whole un-numbered line) read as a heading, not a sentence, list item, date or amount. */
function readsAsHeading(title: string, { maxChars, maxWords }: { maxChars: number; maxWords: number }): boolean {
  const letters = title.match(/\p{L}/gu)?.length ?? 0;
  // Times and dates in brackets ("Pauze (20.00 – 20.10 uur)") are part of an agenda item's title.
  const digits = title.replace(/\([^)]*\)/gu, '').match(/\p{N}/gu)?.length ?? 0;
  return (
    title.length <= maxChars &&
    title.split(' ').length <= maxWords &&
    letters >= 2 &&
    digits <= letters / 2 &&
    STARTS_UPPER.test(title) &&
    !SENTENCE_END.test(title) &&
    !SENTENCE_BREAK.test(title) &&
    !MONTH.test(title) &&
    !/[€$%]/u.test(title)
  );
}

function acceptable(c: Candidate): boolean {
  const { parsed } = c;
  if (c.text.length > MAX_HEADING_CHARS) return false;
  switch (parsed.kind) {
    case 'number':
      return readsAsHeading(parsed.title, NUMBERED_HEADING);
    case 'label':
      return parsed.title === '' || readsAsHeading(parsed.title, NUMBERED_HEADING);
    case 'plain':
      return (c.strong || c.headingFont) && readsAsHeading(parsed.title, PLAIN_HEADING);
  }
}

/**
 * Whether `path` may follow `current` in a document's numbering: at some
 * depth it goes up after the same parents, and any deeper numbers start at 1
 * ("2.4" → "2.5", "3", "3.1", "2.4.1"; not "1", "2.3" or "2.2.3"). A number
 * may skip others of its level (a heading that was not found), up to
 * MAX_NUMBER_STEP; a parent only by one ("2.4" → "3.1" without "3"; not "5.1").
 */
function continuesNumbering(current: readonly number[], path: readonly number[]): boolean {
  for (let k = 0; k < path.length; k++) {
    const was = current[k];
    const now = path[k]!;
    const deeper = path.slice(k + 1);
    const maxStep = deeper.length === 0 ? MAX_NUMBER_STEP : 1;
    const startsDeeper = deeper.every((n) => n === 1);
    if (was === undefined) return (k === 0 ? now <= maxStep : now === 1) && startsDeeper;
    if (now !== was) return now > was && now - was <= maxStep && startsDeeper;
  }
  return false;
}

/** The numbers of the numbered lines after candidate `at` that read as headings and stand in no list, with their index. */
function* numbersAfter(candidates: readonly Candidate[], at: number): Generator<[number, number[]]> {
  for (let j = at + 1; j < candidates.length; j++) {
    const c = candidates[j]!;
    if (c.parsed.kind === 'number' && !c.inList && acceptable(c)) yield [j, c.parsed.path];
  }
}

/**
 * A chapter number in the body font ("2 Beleid") is confirmed by the next
 * numbered section ("2.1 ..."), or by the next chapter that is itself
 * confirmed. A numbered list ("2. De raad besluit") has no sections of its own.
 */
function confirmedChapter(candidates: readonly Candidate[], at: number, n: number): boolean {
  for (const [j, path] of numbersAfter(candidates, at)) {
    if (path.length >= 2) return path[0] === n;
    if (path[0] === n + 1) return confirmedChapter(candidates, j, n + 1);
  }
  return false;
}

/**
 * Chapters without sections ("1 Inleiding" ... "7 Openbaarheid" of a short
 * memo): a chapter number in the body font also counts when the next chapter
 * number follows it, before any numbered section.
 */
function chapterFollows(candidates: readonly Candidate[], at: number, n: number): boolean {
  for (const [, path] of numbersAfter(candidates, at)) {
    if (path.length >= 2) return false;
    if (path[0]! > n) return path[0] === n + 1;
  }
  return false;
}

interface Picked extends OutlineEntry {
  style: string;
  numbered: boolean;
  size: number;
  /** The number of a chapter found by its number alone. */
  chapter?: number | undefined;
}

function pickHeadings(candidates: readonly Candidate[]): Picked[] {
  const picked: Picked[] = [];
  let numbering: number[] = [];
  const labels = new Map<string, number | string>();
  /** Styles of numbered headings set apart from the body, with their level: un-numbered headings in them get it too. */
  const headingStyles = new Map<string, number>();
  candidates.forEach((c, i) => {
    const { parsed } = c;
    if (!acceptable(c)) return;
    const entry = { title: c.text, page: c.page, style: styleKey(c.line), size: c.line.size };
    if (parsed.kind === 'number') {
      const n = parsed.path[0]!;
      const previous = picked.at(-1);
      // A chapter number in the body font needs more than its number: sections of its own, or a chapter after it or before it.
      const chapter = () =>
        !c.inList &&
        (confirmedChapter(candidates, i, n) || chapterFollows(candidates, i, n) || (previous?.numbered === true && previous.level === 1 && previous.chapter === n - 1));
      // A second document bundled into the same PDF starts again at chapter 1, with its sections.
      const restart = parsed.path.length === 1 && n <= 1 && (numbering[0] ?? 0) >= 2 && !c.inList && confirmedChapter(candidates, i, n);
      const ok = c.strong || restart || (continuesNumbering(numbering, parsed.path) && (c.distinct || parsed.path.length > 1 || chapter()));
      if (!ok) return;
      if (restart) labels.clear();
      numbering = parsed.path;
      picked.push({ ...entry, level: parsed.path.length, numbered: true, chapter: parsed.path.length === 1 ? n : undefined });
      if (c.strong || c.distinct) headingStyles.set(entry.style, Math.min(headingStyles.get(entry.style) ?? Infinity, parsed.path.length));
    } else if (parsed.kind === 'label') {
      const last = labels.get(parsed.label);
      if (typeof parsed.n === 'number' && typeof last === 'number' && parsed.n <= last) return;
      if (last === parsed.n || (c.inList && !c.strong)) return;
      labels.set(parsed.label, parsed.n);
      if (parsed.label === 'hoofdstuk' && typeof parsed.n === 'number') numbering = [parsed.n];
      picked.push({ ...entry, level: 1, numbered: true });
      if (c.strong || c.distinct) headingStyles.set(entry.style, 1);
    } else {
      picked.push({ ...entry, level: 0, numbered: false });
    }
  });
  // Un-numbered headings: the level of numbered headings in their style; else, larger than the
  // chapters, 1, and otherwise one below the numbered heading before them ("Argumenten" under
  // "2.3"); in a document without numbered headings, by size (largest 1, then 2, 3).
  const chapterSize = Math.max(0, ...picked.filter((e) => e.numbered && e.level === 1).map((e) => e.size));
  const plainSizes = [...new Set(picked.filter((e) => !e.numbered).map((e) => Math.round(e.size * 2) / 2))].sort((a, b) => b - a);
  let numberedLevel = 0;
  for (const e of picked) {
    if (e.numbered) numberedLevel = e.level;
    else if (headingStyles.has(e.style)) e.level = headingStyles.get(e.style)!;
    else if (chapterSize === 0) e.level = Math.min(3, plainSizes.indexOf(Math.round(e.size * 2) / 2) + 1);
    else e.level = e.size > chapterSize + 0.25 ? 1 : numberedLevel + 1;
  }
  return picked;
}

function normaliseLevels(entries: Picked[]): OutlineEntry[] {
  const top = Math.min(...entries.map((e) => e.level));
  return entries.map(({ title, page, level }) => ({ title, page, level: level - top + 1 }));
}

/** At most max entries: the deepest level goes first, then the list is cut. */
function capEntries(entries: OutlineEntry[], max: number): OutlineEntry[] {
  let kept = entries;
  while (kept.length > max) {
    const deepest = Math.max(...kept.map((e) => e.level));
    if (deepest <= 1) return kept.slice(0, max);
    kept = kept.filter((e) => e.level < deepest);
  }
  return kept;
}

/** Indexes of a page's first and last lines, top to bottom by position. */
function edgeLines(page: OutlinePage): number[] {
  const order = page.lines.map((_, i) => i).sort((a, b) => page.lines[b]!.y - page.lines[a]!.y);
  return [...new Set([...order.slice(0, EDGE_LINES), ...order.slice(-EDGE_LINES)])];
}

/**
 * Running headers and footers: edge lines whose text (digits masked, so
 * "Pagina 3 van 57" is "Pagina 4 van 57") recurs at the edges of nearby pages.
 * Bare page numbers are no headings anyway. Nearness keeps a heading such as
 * "1 Inleiding" that opens chapters far apart; a heading's own number is not
 * masked, so "Bijlage 1", "Bijlage 2", "Bijlage 3" opening three pages in a
 * row stay, while "3 Financiën 27", "3 Financiën 28" run.
 */
function markRunningLines(pages: readonly OutlinePage[], skipped: Set<number>[]): void {
  const seen = new Map<string, Map<number, number[]>>();
  pages.forEach((page, p) => {
    for (const i of edgeLines(page)) {
      const key = runningKey(page.lines[i]!.text);
      const byPage = seen.get(key) ?? new Map<number, number[]>();
      seen.set(key, byPage);
      byPage.set(p, [...(byPage.get(p) ?? []), i]);
    }
  });
  for (const byPage of seen.values()) {
    if (byPage.size < MIN_RUN_PAGES) continue;
    let chain: number[] = [];
    const flush = () => {
      if (chain.length >= MIN_RUN_PAGES) for (const p of chain) for (const i of byPage.get(p)!) skipped[p]!.add(i);
      chain = [];
    };
    for (const p of [...byPage.keys()].sort((a, b) => a - b)) {
      if (chain.length > 0 && p - chain.at(-1)! > MAX_PAGE_GAP) flush();
      chain.push(p);
    }
    flush();
  }
}

function runningKey(text: string): string {
  const mask = (s: string) => s.toLowerCase().replace(/\d+/gu, '#');
  const parsed = parse(text);
  if (parsed.kind === 'number') return `${parsed.path.join('.')} ${mask(parsed.title)}`;
  if (parsed.kind === 'label') return `${parsed.label} ${parsed.n} ${mask(parsed.title)}`;
  return mask(text);
}

/**
 * Table-of-contents lines: dot leaders, a page number after a wide gap, or
 * a line ending in a number on a page where many lines do ("Inleiding 3").
 */
function markTableOfContents(pages: readonly OutlinePage[], skipped: Set<number>[]): void {
  pages.forEach((page, p) => {
    const own = page.lines.flatMap((_, i) => (skipped[p]!.has(i) ? [] : [i]));
    const numbered = own.filter((i) => endsInPageNumber(page.lines[i]!.text));
    for (const i of own) {
      const line = page.lines[i]!;
      if (LEADER.test(line.text) || (line.gap && endsInPageNumber(line.text))) skipped[p]!.add(i);
    }
    if (numbered.length >= MIN_TOC_LINES && numbered.length >= MIN_TOC_SHARE * own.length) for (const i of numbered) skipped[p]!.add(i);
  });
}

// ---------------------------------------------------------------------------
// A whole document, read a page at a time.

/** The parts of a pdf.js document (PDFDocumentProxy) used to read its text. */
export interface OutlineSource {
  numPages: number;
  getPage(pageNumber: number): Promise<{ getTextContent(): Promise<OutlineTextContent> }>;
}

/**
 * Reads the pages' text one after the other (each page's items are reduced to
 * its lines straight away, so memory stays small), then derives the outline.
 * One request at a time leaves pdf.js free to draw pages in between.
 */
export async function deriveDocumentOutline(pdf: OutlineSource, options: { maxEntries?: number } = {}): Promise<OutlineEntry[]> {
  const pages: OutlinePage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    pages.push(outlinePage(await page.getTextContent()));
  }
  return deriveOutline(pages, options);
}

// ---------------------------------------------------------------------------
// For display: entries as a tree.

export interface OutlineTreeNode extends OutlineEntry {
  children: OutlineTreeNode[];
}

/** Nests each entry under the nearest earlier entry of a lower level. */
export function outlineTree(entries: readonly OutlineEntry[]): OutlineTreeNode[] {
  const roots: OutlineTreeNode[] = [];
  const stack: OutlineTreeNode[] = [];
  for (const entry of entries) {
    const node: OutlineTreeNode = { ...entry, children: [] };
    while (stack.length > 0 && stack.at(-1)!.level >= entry.level) stack.pop();
    (stack.at(-1)?.children ?? roots).push(node);
    stack.push(node);
  }
  return roots;
}
