// Numbers, amounts, percentages and dates in one normal form, so that a
// query in one notation finds a page in another:
//
//   "2,5 mln", "2,5 miljoen", "€ 2.500.000", "2.500.000 euro", "2500000"  →  2500000
//   "3-10-2016", "3 oktober 2016", "03-10-16", "3 okt. 2016"              →  dt20161003
//   "12%", "12 procent", "12 pct"                                          →  pct12
//   "2017-2020"                                                            →  2017 2018 2019 2020
//
// The normal forms are index terms of their own (letters and digits only, so
// FTS5 keeps them whole); the page's words are indexed as written besides.
// Pure string code, shared by the index (pages) and the query side.

export interface NumericForm {
  /** Offsets of the whole expression in the text ("2,5 miljoen"). */
  start: number;
  end: number;
  /** Normal forms to index / match: one, or several years of a range. */
  forms: string[];
  /**
   * Rounded forms of a large amount, so "4,3 miljoen" finds "€ 4.341.541":
   * millions to 0, 1 and 2 decimals (4mln, 4d3mln, 4d34mln), thousands to
   * whole thousands (15k). A query uses the one of its own precision.
   */
  approx: string[];
  kind: 'amount' | 'date' | 'percent' | 'years' | 'word';
}

/** Number words as digits: "vijf jaar" and "5 jaar" are the same. Only "één" with accents is one (een is the article). */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  één: 1, eén: 1, twee: 2, drie: 3, vier: 4, vijf: 5, zes: 6, zeven: 7, acht: 8, negen: 9, tien: 10, elf: 11, twaalf: 12,
  dertien: 13, veertien: 14, vijftien: 15, twintig: 20, dertig: 30, veertig: 40, vijftig: 50, honderd: 100,
};
const NUMBER_WORD_NAMES = Object.keys(NUMBER_WORDS).sort((a, b) => b.length - a.length).join('|');
const NUMBER_WORD = new RegExp(String.raw`(?<![\p{L}])(?:${NUMBER_WORD_NAMES})(?![\p{L}])`, 'iu');

const MONTHS: Record<string, number> = {
  januari: 1, jan: 1, februari: 2, feb: 2, febr: 2, maart: 3, mrt: 3, mar: 3, april: 4, apr: 4, mei: 5, juni: 6, jun: 6,
  juli: 7, jul: 7, augustus: 8, aug: 8, september: 9, sep: 9, sept: 9, oktober: 10, okt: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
};
const MONTH_NAMES = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

// A number as Dutch writes it: 1.500.000 (thousands dots), 2,5 (decimal comma), 1500000;
// before a multiplier also 2.2 (a decimal point, as in "2.2 miljoen").
const NUMBER = String.raw`\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?`;
const NUMBER_BEFORE_MULTIPLIER = String.raw`\d+\.\d{1,2}(?=\s*(?:miljoen|miljard|mln|mld|mrd))`;
const MULTIPLIERS: Record<string, number> = {
  miljoen: 1e6, miljoenen: 1e6, mln: 1e6, mio: 1e6, milj: 1e6, miljard: 1e9, miljarden: 1e9, mld: 1e9, mrd: 1e9, mljrd: 1e9,
  duizend: 1e3, k: 1e3,
};
const MULTIPLIER_NAMES = Object.keys(MULTIPLIERS).sort((a, b) => b.length - a.length).join('|');

// Order matters: dates before amounts (3-10-2016 is not three numbers), percent before plain amounts.
const PATTERNS: { kind: NumericForm['kind']; re: RegExp }[] = [
  { kind: 'date', re: new RegExp(String.raw`(?<![\p{L}\p{N}.,-])(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4}|\d{2})(?![\p{L}\p{N}]|[.,-]\d)`, 'gu') },
  { kind: 'date', re: new RegExp(String.raw`(?<![\p{L}\p{N}.,-])(\d{1,2})(?:e|ste|de)?\s+(${MONTH_NAMES})\.?\s+(\d{4})(?![\p{L}\p{N}])`, 'giu') },
  { kind: 'years', re: /(?<![\p{L}\p{N}.,-])((?:19|20)\d{2})\s*[-–—/]\s*((?:19|20)\d{2})(?![\p{L}\p{N}]|[.,-]\d)/gu },
  { kind: 'percent', re: new RegExp(String.raw`(?<![\p{L}\p{N}.,])(${NUMBER})\s*(?:%|procent(?![\p{L}])|pct(?![\p{L}])\.?)`, 'giu') },
  {
    kind: 'amount',
    re: new RegExp(
      String.raw`(?:(?:€|eur\b|euro\b)\s*)?(?<![\p{L}\p{N}.,])(${NUMBER_BEFORE_MULTIPLIER}|${NUMBER})(?:\s*(${MULTIPLIER_NAMES})(?![\p{L}])\.?)?(?:\s*(?:euro|eur)(?![\p{L}]))?`,
      'giu',
    ),
  },
  { kind: 'word', re: new RegExp(String.raw`(?<![\p{L}])(${NUMBER_WORD_NAMES})(?![\p{L}])`, 'giu') },
];

/** Whether a text holds a digit or a number word: where numericForms can find something. */
export function hasNumber(text: string): boolean {
  return /\d/.test(text) || NUMBER_WORD.test(text);
}

/** "2,5" → 2.5, "1.500.000" → 1500000, "15.000" → 15000; NaN for anything else. */
function parseDutchNumber(raw: string): number {
  if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(raw)) return Number(raw.replace(/\./g, '').replace(',', '.'));
  return Number(raw.replace(',', '.'));
}

/** The rounded forms of an amount (see NumericForm.approx); `decimals` limits them to one precision. */
export function approximateForms(value: number, decimals?: number): string[] {
  const out: string[] = [];
  if (value >= 1e6) {
    for (const d of decimals === undefined ? [0, 1, 2] : [Math.min(2, decimals)]) {
      const term = numberTerm(Math.round((value / 1e6) * 10 ** d) / 10 ** d);
      if (term) out.push(`${term}mln`);
    }
  } else if (value >= 1e3 && (decimals === undefined || decimals === 0)) {
    out.push(`${Math.round(value / 1e3)}k`);
  }
  return out;
}

/** A value as an index term: integers as digits, fractions with "d" for the decimal comma (2d5). */
export function numberTerm(value: number): string | null {
  if (!Number.isFinite(value) || value < 0 || value > 1e15) return null;
  const rounded = Math.round(value * 1000) / 1000;
  if (Number.isInteger(rounded)) return String(rounded);
  return String(rounded).replace('.', 'd');
}

function dateTerm(day: number, month: number, year: number): string | null {
  if (year < 100) year += year < 70 ? 2000 : 1900;
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2100) return null;
  return `dt${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}

/**
 * Every number, amount, percentage, date and year range in `text`, with its
 * normal forms. Plain integers without a multiplier, euro sign or decimals
 * are left out: the word itself ("2017", "15000") is already its normal form.
 */
export function numericForms(text: string): NumericForm[] {
  if (!/\d/.test(text) && !NUMBER_WORD.test(text)) return [];
  const found: NumericForm[] = [];
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => taken.every(([s, e]) => end <= s || start >= e);
  for (const { kind, re } of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].trimEnd().length;
      if (!free(start, end)) continue;
      const forms = formsOf(kind, m);
      const approx = kind === 'amount' ? amountApprox(m) : [];
      if (forms.length === 0 && approx.length === 0) continue;
      taken.push([start, end]);
      found.push({ start, end, forms, approx, kind });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Rounded forms of an amount of a thousand or more (a plain year such as 2017 is none). */
function amountApprox(m: RegExpMatchArray): string[] {
  const raw = m[1]!;
  const multiplier = m[2] ? MULTIPLIERS[m[2].toLowerCase()] : undefined;
  if (multiplier === undefined && !/^\d{1,3}(?:\.\d{3})+/.test(raw) && !/€|eur/i.test(m[0])) return [];
  if (m[2]?.toLowerCase() === 'k' && !/€|eur/i.test(m[0])) return [];
  const value = parseAmount(raw, multiplier);
  return Number.isFinite(value) ? approximateForms(value) : [];
}

function parseAmount(raw: string, multiplier: number | undefined): number {
  // "2.2 miljoen": a decimal point before a multiplier.
  const value = multiplier !== undefined && /^\d+\.\d{1,2}$/.test(raw) ? Number(raw) : parseDutchNumber(raw);
  return value * (multiplier ?? 1);
}

/** How many decimals an amount was written with, in the unit it was written in ("4,3 miljoen" → 1). */
export function writtenDecimals(text: string): number {
  return /\d[.,](\d{1,2})\s*(?:miljoen|miljard|mln|mld|mrd|mio|milj|mljrd)/i.exec(text)?.[1]?.length ?? 0;
}

function formsOf(kind: NumericForm['kind'], m: RegExpMatchArray): string[] {
  switch (kind) {
    case 'word':
      return [String(NUMBER_WORDS[m[1]!.toLowerCase()] ?? NUMBER_WORDS[m[1]!] ?? '')].filter(Boolean);
    case 'date': {
      const month = /^\d+$/.test(m[2]!) ? Number(m[2]) : MONTHS[m[2]!.toLowerCase()];
      const term = month === undefined ? null : dateTerm(Number(m[1]), month, Number(m[3]));
      // "1.3.12" in a numbered list is no date: a numeric date needs a 4-digit year or a dash/slash.
      if (term && /^\d+$/.test(m[2]!) && m[3]!.length === 2 && !/[-/]/.test(m[0])) return [];
      return term ? [term] : [];
    }
    case 'years': {
      const from = Number(m[1]);
      const to = Number(m[2]);
      if (to <= from || to - from > 12) return [];
      return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
    }
    case 'percent': {
      const term = numberTerm(parseDutchNumber(m[1]!));
      return term ? [`pct${term}`] : [];
    }
    case 'amount': {
      const raw = m[1]!;
      const multiplier = m[2] ? MULTIPLIERS[m[2].toLowerCase()] : undefined;
      const hasCurrency = /€|eur/i.test(m[0]);
      // A plain integer ("2017", "15") is its own index term already and no amount to round.
      if (multiplier === undefined && !hasCurrency && /^\d+$/.test(raw)) return [];
      // "k" alone is too ambiguous without a currency ("3 k" in a list): only "€ 30k".
      if (m[2]?.toLowerCase() === 'k' && !hasCurrency) return [];
      const term = numberTerm(parseAmount(raw, multiplier));
      return term ? [term] : [];
    }
  }
}
