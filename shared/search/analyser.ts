// The Dutch analyser: one definition of "which words match" for the index
// (core), the snippets (core) and the highlights in the reader (renderer).
//
//   text ──tokens()──> surface words with offsets
//        ──fold()────> lowercase, no diacritics (financiële = financiele, ĳ = ij)
//        ──stem()────> Snowball Dutch (schulden = schuld, aanbevelingen = aanbeveling)
//        ──compound parts (with a word list)──> schulddienstverlening: schuld, dienstverlening, dienst, verlening
//
// Stopwords stay in the token stream (phrases such as "van zorgen voor" need
// them); queries drop them outside phrases. Pure functions of text and word
// list: indexing a meeting alone gives the same index as rebuilding all.
import { stemmer } from '@orama/stemmers/dutch';
import { numericForms } from './numbers.ts';

/** Bump when anything below changes what is indexed: a stored index of another version is rebuilt. */
export const ANALYSER_VERSION = 'nl-4';

export interface Token {
  /** Offsets into the analysed text (UTF-16), for snippets and highlights. */
  start: number;
  end: number;
  /** The word as written. */
  surface: string;
  /** Lowercase, diacritics removed, apostrophes dropped. */
  folded: string;
  /** What is indexed and matched. Digits-only tokens are not stemmed. */
  stem: string;
  /** Set on the pieces of a hyphenated word ("re-integratie"): the joined form, folded. */
  joined?: string | undefined;
}

// Letters and digits, with inner hyphens, apostrophes, dots and commas kept
// together so that "re-integratie", "auto's", "1.500.000" and "1.3.a" are one raw token.
const RAW_TOKEN = /[\p{L}\p{N}]+(?:[-'’.,][\p{L}\p{N}]+)*/gu;
const COMBINING = /\p{M}+/gu;
const DIGITS_WITH_SEPARATORS = /^\d{1,3}(?:[.,]\d{3})+$/; // 1.500.000 (Dutch thousands)

const ASCII_WORD = /^[A-Za-z0-9]*$/;
const foldCache = new Map<string, string>();

/** Lowercase without diacritics; NFKD also splits ligatures such as ĳ and ﬁ. "auto's" folds to "auto". */
export function fold(word: string): string {
  // Most words are plain ASCII: no normalisation needed (snippets fold thousands per query).
  if (ASCII_WORD.test(word)) return word.toLowerCase();
  let folded = foldCache.get(word);
  if (folded === undefined) {
    folded = word.normalize('NFKD').replace(COMBINING, '').toLowerCase().replace(/['’]s$/, '').replace(/['’]/g, '');
    if (foldCache.size > 100_000) foldCache.clear();
    foldCache.set(word, folded);
  }
  return folded;
}

/**
 * Plurals Snowball leaves apart, brought to the singular first:
 * conclusies → conclusie, ideeën → idee, categorieën → categorie, adviezen → advies.
 */
function singular(folded: string): string {
  // "advies" (and huuradvies, eindadvies) is a singular ending in -ies.
  if (folded.length >= 7 && folded.endsWith('ies') && !folded.endsWith('advies')) return folded.slice(0, -1);
  if (folded.length >= 6 && /[ie]een$/.test(folded)) return folded.slice(0, -2);
  if (folded.length >= 6 && /[aeiouyj]zen$/.test(folded)) return `${folded.slice(0, -3)}s`;
  return folded;
}

const stemCache = new Map<string, string>();
/** Snowball Dutch stem of a folded word; numbers and very short words stay as they are. */
export function stem(folded: string): string {
  if (folded.length < 3 || /\d/.test(folded)) return folded;
  let stemmed = stemCache.get(folded);
  if (stemmed === undefined) {
    stemmed = stemmer(singular(folded));
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(folded, stemmed);
  }
  return stemmed;
}

/** Every word of `text`, in order, with offsets (a sign that folds to nothing, such as a lone combining mark, is none). */
export function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const match of text.matchAll(RAW_TOKEN)) {
    const raw = match[0];
    const at = match.index;
    if (DIGITS_WITH_SEPARATORS.test(raw)) {
      out.push(makeToken(raw, at, raw.replace(/[.,]/g, '')));
      continue;
    }
    if (!/[-.,]/.test(raw)) {
      out.push(makeToken(raw, at, undefined)); // the common case: one plain word
      continue;
    }
    // Split on hyphens, dots and commas; apostrophes stay inside (fold drops them).
    const pieces = [...raw.matchAll(/[^-.,]+/g)];
    const joined = pieces.length > 1 && /[-]/.test(raw) && !/\d/.test(raw) ? fold(raw.replace(/-/g, '')) : undefined;
    for (const piece of pieces) {
      const token = makeToken(piece[0], at + piece.index, undefined);
      if (joined) token.joined = joined;
      out.push(token);
    }
  }
  return out.some((t) => t.folded === '') ? out.filter((t) => t.folded !== '') : out;
}

function makeToken(surface: string, start: number, override: string | undefined): Token {
  const folded = override ?? fold(surface);
  return { start, end: start + surface.length, surface, folded, stem: stem(folded) };
}

/**
 * Common Dutch function words. They stay in the index for phrases; a query
 * ignores them outside quotes, where they would only demand a word every page has.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'aan al alle als alsof bij dan dat de den der des deze die dit door dus een en er' +
    ' ge geen had heb hebben heeft hem het hier hij hoe hun ik in is ja je kan kon' +
    ' maar me meer men met mij mijn na naar niet niets nog nu of om omdat ons onze ook op' +
    ' over te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd' +
    ' wie wij wil worden wordt zal ze zei zich zij zijn zo zonder zou'
  ).split(' '),
);

export function isStopword(folded: string): boolean {
  return STOPWORDS.has(folded);
}

// ---- Compound words -------------------------------------------------------

const MIN_PART = 4;
const MIN_COMPOUND = 2 * MIN_PART;
const MAX_COMPOUND = 48;
const LINKERS = ['', 's', 'e', 'en'] as const;
const INFLECTIONS = ['en', 's', 'n', 'e'] as const;

/** The folded words a splitter knows (electron/core/search/lexicon.ts reads them from the dictionary). */
export interface WordList {
  has(word: string): boolean;
  /** The length of the longest word. */
  readonly longestWord: number;
}

/**
 * Splits Dutch compounds with a word list: schulddienstverlening → schuld +
 * dienstverlening (→ dienst + verlening). Parts are at least four letters
 * (three-letter heads such as "ver" or "bel" split far too much), joined
 * directly or by the linking s, e or en. Tries the longest head first.
 */
export class CompoundSplitter {
  private readonly memo = new Map<string, string[] | null>();

  /** The longest word of the list: no head is longer. */
  private readonly longest: number;

  constructor(private readonly words: WordList) {
    this.longest = words.longestWord;
  }

  /** The parts and sub-compounds of a folded word (without the word itself); [] when it is not a compound. */
  parts(folded: string): string[] {
    // A run of letters longer than any compound (text pasted without spaces) is not split: the cost grows with its cube.
    if (folded.length < MIN_COMPOUND || folded.length > MAX_COMPOUND || /[^a-z]/.test(folded)) return [];
    return this.split(folded) ?? [];
  }

  /** Whether the word list has this folded word (also inflected, or as a compound of its words). */
  knows(word: string): boolean {
    return this.isWord(word) || this.parts(word).length > 0;
  }

  /** A word of the list, also in plural or inflected form (aanbieders, achterstanden). */
  private isWord(word: string): boolean {
    if (this.words.has(word)) return true;
    for (const suffix of INFLECTIONS) {
      if (word.length - suffix.length >= MIN_PART && word.endsWith(suffix) && this.words.has(word.slice(0, -suffix.length))) return true;
    }
    return false;
  }

  private split(word: string): string[] | null {
    const known = this.memo.get(word);
    if (known !== undefined) return known;
    let result: string[] | null = null;
    for (let cut = Math.min(word.length - MIN_PART, this.longest); cut >= MIN_PART && !result; cut--) {
      const head = word.slice(0, cut);
      if (!this.words.has(head) || STOPWORDS.has(head)) continue;
      for (const linker of LINKERS) {
        const rest = word.slice(cut);
        if (!rest.startsWith(linker)) continue;
        const tail = rest.slice(linker.length);
        if (tail.length < MIN_PART) continue;
        // A tail that is a word itself is not split further: "voorstel" is not voor + stel.
        if (this.isWord(tail)) {
          result = [head, tail];
          break;
        }
        const tailParts = this.split(tail);
        if (tailParts) {
          result = [head, tail, ...tailParts];
          break;
        }
      }
    }
    if (this.memo.size > 500_000) this.memo.clear();
    this.memo.set(word, result);
    return result;
  }
}

// ---- Page analysis (index side) ------------------------------------------

export interface AnalysedText {
  /** Stems in text order, space-separated: what phrases and words match. */
  body: string;
  /**
   * Further index terms, matched at a lower weight: stems of compound parts,
   * joined hyphenations and hyphen-ellipsis completions, and the normal forms
   * of numbers, amounts, percentages and dates (numbers.ts).
   */
  parts: string;
  /** Surface vocabulary (folded words of 3+ letters) with counts: suggestions and typo correction. */
  terms: Map<string, number>;
}

/** An index term beside the word at token position `at`. */
export interface ExtraTerm {
  at: number;
  term: string;
  kind: 'part' | 'joined' | 'ellipsis' | 'number';
}

export interface PositionalAnalysis {
  tokens: Token[];
  extras: ExtraTerm[];
}

/** Words that carry a suspended hyphen: "jeugd- en gezinshulp", "beleidsdoelen en -middelen". */
const ELLIPSIS_LINKS: ReadonlySet<string> = new Set(['en', 'of', 'tot', 'noch']);
/** Characters at most between the words of an ellipsis ("jeugd- en gezinshulp"). */
const ELLIPSIS_GAP = 12;

/**
 * The tokens of a text with every further index term at its position: what
 * the index stores (flattened by analyseText).
 */
export function analysePositions(text: string, splitter: CompoundSplitter | undefined): PositionalAnalysis {
  const list = tokens(text);
  return { tokens: list, extras: extraTerms(text, list, splitter) };
}

/**
 * The further index terms of `list` (tokens of `text`): compound parts,
 * joined hyphenations, ellipsis completions and number forms. The index
 * gives all tokens; the ranker (`focus`) only those of the lines it reads,
 * and wants parts only of words that can hold a query term.
 */
export function extraTerms(text: string, list: Token[], splitter: CompoundSplitter | undefined, focus?: AnalysisFocus): ExtraTerm[] {
  const extras: ExtraTerm[] = [];
  let lastJoined: string | undefined;
  const wanted = (folded: string) => !focus || focus.whole === true || (folded.length >= MIN_COMPOUND && focus.needles.some((n) => folded.includes(n)));
  list.forEach((token, i) => {
    if (token.joined && token.joined !== lastJoined) {
      extras.push({ at: i, term: stem(token.joined), kind: 'joined' });
      if (wanted(token.joined)) for (const part of splitter?.parts(token.joined) ?? []) extras.push({ at: i, term: stem(part), kind: 'part' });
    }
    lastJoined = token.joined;
    if (wanted(token.folded)) for (const part of splitter?.parts(token.folded) ?? []) extras.push({ at: i, term: stem(part), kind: 'part' });
  });
  if (splitter) for (const e of ellipsisCompletions(text, list, splitter)) extras.push(e);
  if ((!focus || focus.numbers) && list.length > 0) {
    // A form counts where a token starts it ("€ 2.500.000" at its number); forms between the tokens given are left out.
    let at = 0;
    for (const form of numericForms(text)) {
      while (at < list.length - 1 && list[at]!.end <= form.start) at++;
      const token = list[at]!;
      if (token.start < form.start || token.start >= form.end) continue;
      for (const term of [...form.forms, ...form.approx]) extras.push({ at, term, kind: 'number' });
    }
  }
  return extras;
}

/** What a ranker needs of a page: compound parts of words holding these (folded) needles, and numbers or not. */
export interface AnalysisFocus {
  needles: string[];
  numbers: boolean;
  /** Read every line and every compound (no needles to look for). */
  whole?: boolean;
}

/**
 * Hyphen ellipsis: "jeugd- en gezinshulp" also says jeugdhulp, "zorg- en
 * veiligheidshuis" zorghuis, "beleidsdoelen en -middelen" beleidsmiddelen.
 * The shared part is the compound's tail (or head) found by the splitter.
 */
export function ellipsisCompletions(text: string, list: Token[], splitter: CompoundSplitter): ExtraTerm[] {
  const out: ExtraTerm[] = [];
  for (let i = 0; i < list.length; i++) {
    const token = list[i]!;
    // Left ellipsis: "X- en W", "X-, Y- en W"; the hyphen stands right after the word.
    if (text[token.end] === '-' && /^[\s,]/.test(text.slice(token.end + 1, token.end + 2)) && /^[a-z]+$/.test(token.folded)) {
      let j = i + 1;
      while (j < list.length && text[list[j]!.end] === '-' && !ELLIPSIS_LINKS.has(list[j]!.folded)) j++;
      const link = list[j];
      const word = list[j + 1];
      // Only words that stand together (a token list of some lines only may jump).
      const near = (a: Token | undefined, b: Token | undefined) => a !== undefined && b !== undefined && b.start - a.end <= ELLIPSIS_GAP;
      if (link && word && ELLIPSIS_LINKS.has(link.folded) && near(list[j - 1], link) && near(link, word)) {
        // The shared part: the compound's tail (gezins|hulp), else the next word
        // ("onderwijs- en maatschappelijke doelen" says onderwijsdoelen).
        const next = list[j + 2];
        const tail = splitter.parts(word.folded)[1] ?? (next && near(word, next) && /^[a-z]{4,}$/.test(next.folded) ? next.folded : undefined);
        if (tail) {
          for (let k = i; k < j; k++) {
            const head = list[k]!;
            if (/^[a-z]+$/.test(head.folded)) out.push({ at: k, term: stem(head.folded + tail), kind: 'ellipsis' });
          }
        }
      }
    }
    // Right ellipsis: "W en -Y"; the hyphen stands right before the word.
    if (i >= 2 && text[token.start - 1] === '-' && /\s/.test(text[token.start - 2] ?? '') && ELLIPSIS_LINKS.has(list[i - 1]!.folded)) {
      const word = list[i - 2]!;
      const parts = splitter.parts(word.folded);
      const tail = parts[1];
      if (tail && word.folded.endsWith(tail) && /^[a-z]+$/.test(token.folded)) {
        out.push({ at: i, term: stem(word.folded.slice(0, word.folded.length - tail.length) + token.folded), kind: 'ellipsis' });
      }
    }
  }
  return out;
}

export function analyseText(text: string, splitter: CompoundSplitter | undefined): AnalysedText {
  const { tokens: list, extras } = analysePositions(text, splitter);
  const terms = new Map<string, number>();
  for (const token of list) {
    if (token.folded.length >= 3 && /^[a-z]/.test(token.folded)) terms.set(token.folded, (terms.get(token.folded) ?? 0) + 1);
  }
  return { body: list.map((t) => t.stem).join(' '), parts: extras.map((e) => e.term).join(' '), terms };
}

// ---- Queries ----------------------------------------------------------------

export interface ParsedQuery {
  /** Words that must all match (stopwords removed), as typed and analysed; offsets into the input. `quoted`: typed in quotes, matched as written. */
  terms: { surface: string; folded: string; stem: string; start: number; end: number; quoted?: boolean }[];
  /** Exact phrases: stems in order, stopwords kept. `quoted` when typed in quotes (never expanded). */
  phrases: { surface: string; stems: string[]; start: number; end: number; quoted: boolean }[];
  excludedTerms: { surface: string; stem: string }[];
  excludedPhrases: { surface: string; stems: string[] }[];
  /** The last word while typing: matched as a prefix of the folded word. */
  prefix?: string | undefined;
  /** Stopwords and question words left out ("de", "hoeveel"): a query of only these searches nothing. */
  dropped: string[];
  /** What a question asks for: a moment (wanneer), an amount (hoeveel) or a duration (hoe lang). */
  asks?: 'moment' | 'amount' | 'duration' | undefined;
}

/**
 * Words of a question that are not what it is about: "hoeveel", "welke",
 * "waarom". Dropped from queries like stopwords (never from phrases).
 */
export const QUESTION_WORDS: ReadonlySet<string> = new Set(
  (
    'hoeveel welke welk waarom wanneer waar waarin waaraan waarvoor waardoor waarover waarmee waarop waarbij waaruit' +
    ' kunnen kun kunt moet moeten mogen mag gaat gaan doen doet iets wordt werden geworden zullen zouden staat staan' +
    ' hoelang hoeveelste graag weten'
  ).split(' '),
);

const HOW_WORDS: ReadonlySet<string> = new Set(['lang', 'vaak', 'groot', 'hoog', 'laag', 'snel', 'duur', 'ver']);
const ASKS: Readonly<Record<string, ParsedQuery['asks']>> = { wanneer: 'moment', hoeveel: 'amount', hoeveelste: 'amount', hoelang: 'duration' };

/**
 * Parses what a user types: words (all must match), "exact phrases",
 * -word and -"phrase" to exclude. With `asYouType`, the last word (when no
 * space follows it) is a prefix. Stopwords and question words are dropped
 * outside phrases (a query of only those searches nothing: see `dropped`).
 */
export function parseQuery(input: string, options: { asYouType?: boolean } = {}): ParsedQuery {
  const query: ParsedQuery = { terms: [], phrases: [], excludedTerms: [], excludedPhrases: [], dropped: [] };
  const pattern = /(-?)"([^"]*)"?|(-?)([^\s"]+)/g;
  const words: { surface: string; negated: boolean; last: boolean; start: number; quoted?: boolean }[] = [];
  let previous = '';
  for (const match of input.matchAll(pattern)) {
    const last = match.index + match[0].length === input.length;
    if (match[2] !== undefined) {
      const stems = tokens(match[2]).map((t) => t.stem);
      const start = match.index + match[1]!.length + 1;
      if (stems.length > 0) {
        const entry = { surface: match[2].trim(), stems };
        if (match[1]) query.excludedPhrases.push(entry);
        else if (stems.length === 1) words.push({ surface: match[2].trim(), negated: false, last: false, start, quoted: true });
        else query.phrases.push({ ...entry, start, end: start + match[2].length, quoted: true });
      }
    } else if (match[4] !== undefined) {
      // "doelen en -middelen" is a suspended hyphen, not an exclusion.
      const negated = match[3] === '-' && !ELLIPSIS_LINKS.has(fold(previous));
      words.push({ surface: match[4], negated, last, start: match.index + match[3]!.length });
      previous = match[4];
      continue;
    }
    previous = '';
  }
  const dropped = (folded: string) => isStopword(folded) || QUESTION_WORDS.has(folded);
  let previousFolded = '';
  // "NEAR(nazorg", "body:nazorg": words joined by other punctuation than a
  // hyphen, dot, comma or apostrophe are separate words, not a phrase.
  const split: typeof words = [];
  for (const word of words) {
    let from = 0;
    const list = tokens(word.surface);
    list.forEach((token, i) => {
      const next = list[i + 1];
      if (next && /^[-.,'’/]?$/.test(word.surface.slice(token.end, next.start)) && !/\s/.test(word.surface.slice(token.end, next.start))) return;
      const start = list[from]!.start;
      split.push({ ...word, surface: word.surface.slice(start, token.end), start: word.start + start, last: word.last && !next });
      from = i + 1;
    });
  }
  words.splice(0, words.length, ...split);
  for (const word of words) {
    const parts = tokens(word.surface);
    if (parts.length === 0) continue;
    if (word.negated) {
      if (parts.length > 1) query.excludedPhrases.push({ surface: word.surface, stems: parts.map((t) => t.stem) });
      else query.excludedTerms.push({ surface: word.surface, stem: parts[0]!.stem });
      continue;
    }
    const start = word.start + parts[0]!.start;
    const end = word.start + parts.at(-1)!.end;
    if (parts.length > 1) {
      // "re-integratie", "23-01-2017", "1.3.a": the pieces in order, as a phrase.
      query.phrases.push({ surface: word.surface, stems: parts.map((t) => t.stem), start, end, quoted: false });
      continue;
    }
    const token = parts[0]!;
    // "hoe lang", "hoe vaak", "hoe groot": the question, not the subject.
    const questionPair = previousFolded === 'hoe' && HOW_WORDS.has(token.folded);
    query.asks ??= ASKS[token.folded] ?? (questionPair ? (token.folded === 'lang' ? 'duration' : 'amount') : undefined);
    previousFolded = token.folded;
    if (options.asYouType && word.last && token.folded.length >= 2) {
      query.prefix = token.folded;
      continue;
    }
    if (dropped(token.folded) || questionPair) {
      query.dropped.push(token.surface);
      continue;
    }
    query.terms.push({ surface: token.surface, folded: token.folded, stem: token.stem, start, end, ...(word.quoted ? { quoted: true } : {}) });
  }
  return query;
}

export function isEmptyQuery(query: ParsedQuery): boolean {
  return query.terms.length === 0 && query.phrases.length === 0 && !query.prefix;
}

// ---- Matching for snippets and highlights -------------------------------

/** Which words of a text a query matches: for the snippet marks and the reader's highlights. */
export function matchRanges(text: string, query: ParsedQuery, list: Token[] = tokens(text)): { start: number; end: number }[] {
  const matched = new Array<boolean>(list.length).fill(false);
  const stems = new Set(query.terms.map((t) => t.stem));
  // A word matches a query word by stem, or contains it as a compound part (schuld in schulddienstverlening).
  const partOf = query.terms.filter((t) => t.folded.length >= MIN_PART).map((t) => t.stem);
  list.forEach((token, i) => {
    if (stems.has(token.stem)) matched[i] = true;
    else if (query.prefix && token.folded.startsWith(query.prefix)) matched[i] = true;
    else if (token.folded.length >= MIN_COMPOUND && partOf.some((p) => token.folded.includes(p))) matched[i] = true;
  });
  for (const phrase of query.phrases) {
    for (let i = 0; i + phrase.stems.length <= list.length; i++) {
      if (phrase.stems.every((s, k) => list[i + k]!.stem === s)) for (let k = 0; k < phrase.stems.length; k++) matched[i + k] = true;
    }
  }
  const ranges: { start: number; end: number }[] = [];
  list.forEach((token, i) => {
    if (!matched[i]) return;
    const previous = ranges.at(-1);
    // Adjacent matched words (a phrase) become one range when only spaces lie between them.
    if (previous && /^\s*$/.test(text.slice(previous.end, token.start)) && matched[i - 1]) previous.end = token.end;
    else ranges.push({ start: token.start, end: token.end });
  });
  return ranges;
}

export interface SnippetPart {
  text: string;
  match: boolean;
}

/**
 * The passage of about `words` words with the most matches, as plain text
 * parts (never markup: the renderer puts matches in <mark> itself).
 */
export function makeSnippet(text: string, query: ParsedQuery, words = 32): SnippetPart[] {
  // A long page is only read around the first place a query word occurs: a
  // result list makes some sixty snippets, and tokenising whole pages is the
  // slow part. When no word is found verbatim (diacritics), the whole page is read.
  if (text.length > 3 * SNIPPET_REGION) {
    const lower = text.toLowerCase();
    const needles = [...query.terms.map((t) => t.stem), ...query.phrases.map((p) => p.stems[0] ?? ''), query.prefix ?? ''].filter((n) => n.length >= 3);
    let first = -1;
    for (const needle of needles) {
      const at = lower.indexOf(needle);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    if (first >= 0) {
      const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, first - SNIPPET_REGION / 2)));
      const to = Math.min(text.length, text.indexOf(' ', first + SNIPPET_REGION) === -1 ? text.length : text.indexOf(' ', first + SNIPPET_REGION));
      const parts = snippetParts(text.slice(from, to), query, words);
      if (from > 0 && parts[0]?.text !== '… ') parts.unshift({ text: '… ', match: false });
      if (to < text.length && parts.at(-1)?.text !== ' …') parts.push({ text: ' …', match: false });
      return parts;
    }
  }
  return snippetParts(text, query, words);
}

/** Characters between two tokens beyond which a snippet does not run on. */
const SNIPPET_GAP = 80;

/** Characters read around the first match of a long page. */
const SNIPPET_REGION = 1200;

function snippetParts(text: string, query: ParsedQuery, words: number): SnippetPart[] {
  const list = tokens(text);
  if (list.length === 0) return [];
  return snippetFromRanges(text, list, matchRanges(text, query, list), words);
}

/** The snippet around tokens already known to match (the ranker's marks), adjacent ones as one mark. */
export function snippetFromMarks(text: string, list: Token[], marks: readonly number[], words = 32): SnippetPart[] {
  if (list.length === 0) return [];
  const ranges: { start: number; end: number }[] = [];
  let previous = -2;
  for (const i of marks) {
    const token = list[i];
    if (!token) continue;
    const last = ranges.at(-1);
    if (last && i === previous + 1 && /^\s*$/.test(text.slice(last.end, token.start))) last.end = token.end;
    else ranges.push({ start: token.start, end: token.end });
    previous = i;
  }
  return snippetFromRanges(text, list, ranges, words);
}

function snippetFromRanges(text: string, list: Token[], ranges: { start: number; end: number }[], words: number): SnippetPart[] {
  if (list.length === 0) return [];
  const matchTokens = ranges.map((r) => list.findIndex((t) => t.start >= r.start));
  let best = 0;
  let bestCount = -1;
  for (const first of matchTokens.length ? matchTokens : [0]) {
    const from = Math.max(0, first - Math.floor(words / 3));
    const count = matchTokens.filter((m) => m >= from && m < from + words).length;
    if (count > bestCount) {
      best = from;
      bestCount = count;
    }
  }
  // A token list of only some lines (the ranker's) may jump: the snippet starts after the
  // last gap before its first match, and stops before the next gap.
  const firstMatch = matchTokens.find((m) => m >= best);
  if (firstMatch !== undefined) {
    for (let i = firstMatch - 1; i >= best; i--) {
      if (list[i + 1]!.start - list[i]!.end > SNIPPET_GAP) {
        best = i + 1;
        break;
      }
    }
  }
  let last = Math.min(list.length - 1, best + words - 1);
  for (let i = best; i < last; i++) {
    if (list[i + 1]!.start - list[i]!.end > SNIPPET_GAP) {
      last = i;
      break;
    }
  }
  const startToken = list[best]!;
  const endToken = list[last]!;
  const from = startToken.start;
  const to = endToken.end;
  const parts: SnippetPart[] = [];
  let at = from;
  for (const range of ranges) {
    if (range.end <= from || range.start >= to) continue;
    if (range.start > at) parts.push({ text: text.slice(at, range.start), match: false });
    parts.push({ text: text.slice(Math.max(range.start, at), Math.min(range.end, to)), match: true });
    at = Math.min(range.end, to);
  }
  if (at < to) parts.push({ text: text.slice(at, to), match: false });
  const clean = parts.map((p) => ({ ...p, text: p.text.replace(/\s+/g, ' ') }));
  if (best > 0 || /[\p{L}\p{N}]/u.test(text.slice(0, startToken.start))) clean.unshift({ text: '… ', match: false });
  if (last < list.length - 1 || endToken.end < text.trimEnd().length) clean.push({ text: ' …', match: false });
  return clean;
}
