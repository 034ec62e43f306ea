// Finding what a user typed in a page's text string (pages.raw_text in the
// core; pdf.js text items joined, "\n" after an item that ends a line, in the
// reader). Case and diacritics do not matter ("financiele" finds
// "financiële"), runs of spaces and line breaks are one space, and a word
// broken at a line end ("schuld-\nhulp") is found whole. Offsets are into the
// page's text string, so a hit can be marked on the glyphs and made into a
// highlight as a selection would be: the reader's find bar and the CLI's
// `annotations add --quote` place the same text at the same offsets.

export interface FindHit {
  page: number;
  start: number;
  end: number;
}

/** One character folded: lower case, without accents (é → e, Ĳ → ĳ stays one character). */
function foldChar(c: string): string {
  const folded = c.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return folded.length === 1 ? folded : c.toLowerCase().slice(0, 1) || c;
}

export interface Folded {
  text: string;
  /** For each character of `text`, the offset in the original it came from. */
  origin: number[];
}

/**
 * The text folded for matching, with a map back to the original: spaces and
 * line breaks collapse to one space, and "-" + line break between letters
 * (PDF hyphenation) is dropped.
 */
export function foldText(text: string): Folded {
  const out: string[] = [];
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '\n' && /\p{L}/u.test(text[i - 1] ?? '') && /\p{L}/u.test(text[i + 2] ?? '')) {
      i++; // the hyphen and its line break
      continue;
    }
    if (/\s/.test(c)) {
      if (out.at(-1) === ' ') continue;
      out.push(' ');
      origin.push(i);
      continue;
    }
    out.push(foldChar(c));
    origin.push(i);
  }
  return { text: out.join(''), origin };
}

/** The query as it is matched: folded, its spaces collapsed, trimmed. */
export function foldQuery(query: string): string {
  return foldText(query.trim()).text;
}

/** Every occurrence of the query in one page's text, in order (never overlapping). */
export function findInText(text: string, query: string): { start: number; end: number }[] {
  const needle = foldQuery(query);
  if (!needle) return [];
  const hay = foldText(text);
  const hits: { start: number; end: number }[] = [];
  let from = 0;
  for (;;) {
    const at = hay.text.indexOf(needle, from);
    if (at < 0) break;
    const last = at + needle.length - 1;
    hits.push({ start: hay.origin[at]!, end: hay.origin[last]! + 1 });
    from = at + needle.length;
  }
  return hits;
}
