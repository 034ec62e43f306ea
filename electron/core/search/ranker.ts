// The second stage of search: FTS5 finds candidate pages (bm25, fast over
// 200k pages); this ranks the best few dozen of them by reading their text
// again with the query plan. Pure code over page text.
//
//   score = (bm25 of the concepts, each at its alternative's weight
//            + a bonus for concepts in a heading or the document title)
//           × coverage²   (share of the query's weight the page has: partial matches rank lower)
//           × proximity   (the concepts close together: same sentence or window)
//           × answer      (a question that asks wanneer/hoeveel/hoe lang: a date, number, duration near the matches)
//           × page kind   (lists of names, tables of contents, number tables rank lower)
import { extraTerms, STOPWORDS, tokens as tokenize, type AnalysisFocus, type CompoundSplitter, type ExtraTerm, type Token } from '../../../shared/search/analyser.ts';
import { hasNumber } from '../../../shared/search/numbers.ts';
import { NEAR_SLACK, type Alternative, type Concept, type QueryPlan } from './query-plan.ts';

export interface PageStats {
  /** Pages in the index. */
  pages: number;
  /** Average words per page. */
  averageLength: number;
  /** Pages that match each concept (any alternative), in plan order. */
  conceptPages: number[];
}

export interface RankedPage {
  score: number;
  /** Index into plan.concepts of every concept the page has. */
  matched: number[];
  missing: number[];
  /** Concepts the page has only approximately (a phrase's words near each other): it is a partial match for them. */
  approximate: number[];
  /** Tokens that match, for the snippet's marks. */
  marks: number[];
  tokens: Token[];
}

/** bm25's term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;
/** Weight of a match through an index-side extra term, against the word itself. */
const EXTRA_WEIGHT = { part: 0.6, joined: 0.95, ellipsis: 0.95, number: 1 } as const;
/** Added per concept (times its idf and weight) when it stands in a heading line, or in the document title. */
const HEADING_BONUS = 0.4;
const TITLE_BONUS = 0.35;
/** Share of its weight a light word of a question (Concept.optional) keeps. */
const OPTIONAL_WEIGHT = 0.3;
/** Proximity: the bonus halves for every this many words the concepts stand apart. */
const PROXIMITY_HALF_LIFE = 12;
const PROXIMITY_BONUS = 1;

/** A page with the kind of answer a question asks for (a date, a number, a duration) near its matches. */
const ANSWER_BONUS = 1.5;
/** Words from a match within which the answer counts as near. */
const ANSWER_WINDOW = 15;
const MONTHS = new Set(['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december', 'kwartaal', 'voorjaar', 'najaar', 'zomer', 'medio']);
const DURATIONS = new Set(['jaar', 'jaren', 'maand', 'maanden', 'week', 'weken', 'dag', 'dagen', 'schooljaar', 'schooljaren']);
const NUMBER_WORDS = new Set(['een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien', 'twaalf', 'twintig', 'honderd', 'duizend', 'half', 'anderhalf']);

/** Whether a token of the kind the question asks for stands within ANSWER_WINDOW words of a match. */
function answerNear(asks: 'moment' | 'amount' | 'duration', tokens: Token[], place: number[], matches: number[]): boolean {
  const isNumber = (t: Token | undefined) => t !== undefined && (/^\d/.test(t.folded) || NUMBER_WORDS.has(t.folded));
  return tokens.some((t, i) => {
    let fits: boolean;
    if (asks === 'moment') fits = /^(19|20)\d\d$/.test(t.folded) || MONTHS.has(t.folded);
    else if (asks === 'amount') fits = /^\d/.test(t.folded) || t.folded === 'procent';
    else fits = DURATIONS.has(t.folded) && (isNumber(tokens[i - 1]) || isNumber(tokens[i - 2]));
    return fits && matches.some((m) => Math.abs(m - place[i]!) <= ANSWER_WINDOW);
  });
}

interface Occurrence {
  at: number;
  weight: number;
  /** The alternative it matched (set by conceptOccurrences). */
  alternative?: Alternative;
}

export function idf(pagesWithTerm: number, pages: number): number {
  return Math.log(1 + (pages - pagesWithTerm + 0.5) / (pagesWithTerm + 0.5));
}

/** Reads one page's text against the plan; `titleStems` are the stems of its document's title. */
export function rankPage(text: string, plan: QueryPlan, stats: PageStats, splitter: CompoundSplitter, titleStems: ReadonlySet<string>, focus = analysisFocus(plan)): RankedPage {
  const { tokens, positions: place, extras, words, headings: headingTokens } = readPage(text, splitter, focus);
  const body = new Map<string, number[]>();
  tokens.forEach((t, i) => {
    const list = body.get(t.stem);
    if (list) list.push(i);
    else body.set(t.stem, [i]);
  });
  const extra = new Map<string, Occurrence[]>();
  for (const e of extras) {
    const list = extra.get(e.term) ?? [];
    list.push({ at: e.at, weight: EXTRA_WEIGHT[e.kind] });
    extra.set(e.term, list);
  }
  const termOccurrences = (term: string, weight: number): Occurrence[] => [
    ...(body.get(term) ?? []).map((at) => ({ at, weight })),
    ...(extra.get(term) ?? []).map((o) => ({ at: o.at, weight: o.weight * weight })),
  ];

  const lengthNorm = 1 - B + B * (words / Math.max(1, stats.averageLength));
  let base = 0;
  let totalIdf = 0;
  let matchedIdf = 0;
  const matched: number[] = [];
  const missing: number[] = [];
  const approximate: number[] = [];
  const positions: number[][] = [];
  const marks = new Set<number>();

  plan.concepts.forEach((concept, c) => {
    // A light word counts for less, and its absence makes no partial match.
    const weightOfConcept = idf(stats.conceptPages[c] ?? 1, stats.pages) * (concept.optional ? OPTIONAL_WEIGHT : 1);
    totalIdf += weightOfConcept;
    const occurrences = conceptOccurrences(concept, tokens, place, body, termOccurrences);
    if (occurrences.length === 0) {
      if (!concept.optional) missing.push(c);
      if (titleHas(concept, titleStems)) base += TITLE_BONUS * weightOfConcept * 0.5;
      return;
    }
    const best = Math.max(...occurrences.map((o) => o.weight));
    if (concept.alternatives.every((a) => a.kind === 'near' || !occurrences.some((o) => o.alternative === a))) {
      approximate.push(c);
      matchedIdf += weightOfConcept * best;
    } else {
      matched.push(c);
      matchedIdf += weightOfConcept;
    }
    const tf = occurrences.reduce((sum, o) => sum + o.weight, 0) / best;
    base += weightOfConcept * best * ((tf * (K1 + 1)) / (tf + K1 * lengthNorm));
    if (occurrences.some((o) => headingTokens.has(o.at))) base += HEADING_BONUS * weightOfConcept * best;
    if (titleHas(concept, titleStems)) base += TITLE_BONUS * weightOfConcept * best;
    positions.push([...new Set(occurrences.map((o) => place[o.at]!))].sort((a, b) => a - b));
    for (const o of occurrences) for (let k = o.at; k < o.at + spanOf(concept, o.at, tokens); k++) marks.add(k);
  });

  const coverage = totalIdf > 0 ? matchedIdf / totalIdf : 0;
  let proximity = 1;
  if (positions.length >= 2) {
    const window = smallestWindow(positions);
    proximity = 1 + PROXIMITY_BONUS * Math.pow(0.5, Math.max(0, window - positions.length) / PROXIMITY_HALF_LIFE);
  }
  // A question that asks when, how many or how long: the answer's kind of words near the matches.
  const answer = plan.parsed.asks && positions.length > 0 && answerNear(plan.parsed.asks, tokens, place, positions.flat()) ? ANSWER_BONUS : 1;
  const score = base * coverage * coverage * proximity * answer * pageKindFactor(text, tokens);
  return { score, matched, missing, approximate, marks: [...marks].sort((a, b) => a - b), tokens };
}

/**
 * What of a page the plan can match: compound parts only of words that hold
 * one of its terms (a stem is the start of the word it stems), numbers only
 * when it has a number. Reading 150 pages per query, this halves the work.
 */
export function analysisFocus(plan: QueryPlan): AnalysisFocus {
  const needles = new Set<string>();
  // A stem's last letters may differ in the word (advies ← adviezen): its start is enough to look for.
  const add = (term: string) => {
    if (/^\p{L}+$/u.test(term)) needles.add(term.length >= 5 ? term.slice(0, term.length - 2) : term);
  };
  for (const alternative of plan.concepts.flatMap((c) => c.alternatives)) {
    // A phrase is on a line with its longest word; the words of "all" and "near" may each stand anywhere.
    if (alternative.kind === 'phrase') add([...alternative.terms].sort((a, b) => b.length - a.length)[0]!);
    else alternative.terms.forEach(add);
  }
  // A needle that contains another is found wherever that one is: only the shortest are looked for.
  const minimal = [...needles].filter((n) => ![...needles].some((m) => m !== n && n.includes(m)));
  return { needles: minimal, numbers: plan.concepts.some((c) => c.alternatives.some((a) => a.terms.some((t) => /\d/.test(t)))) };
}

/** Reads every line and every compound of a page. */
export const WHOLE_PAGE: AnalysisFocus = { needles: [], numbers: true, whole: true };

function conceptOccurrences(
  concept: Concept,
  tokens: Token[],
  place: number[],
  body: Map<string, number[]>,
  termOccurrences: (term: string, weight: number) => Occurrence[],
): Occurrence[] {
  const out: Occurrence[] = [];
  for (const alternative of concept.alternatives) {
    const before = out.length;
    switch (alternative.kind) {
      case 'near': {
        // Every word within reach of the first: occurrences at each such window's start. FTS5's
        // NEAR(…, words + slack) counts only the words between the first and the last, so the
        // window spans that many plus the words themselves ("zo licht is als kan en zo zwaar").
        const lists = alternative.terms.map((t) => termOccurrences(t, alternative.weight).map((o) => o.at));
        if (lists.some((l) => l.length === 0)) break;
        const span = alternative.anywhere ? Infinity : 2 * alternative.terms.length - 1 + NEAR_SLACK;
        for (const at of lists[0]!) {
          if (lists.every((l) => l.some((p) => Math.abs(place[p]! - place[at]!) <= span))) out.push({ at, weight: alternative.weight });
        }
        break;
      }
      case 'term':
        out.push(...termOccurrences(alternative.terms[0]!, alternative.weight));
        break;
      case 'phrase': {
        const [first, ...rest] = alternative.terms;
        for (const at of body.get(first!) ?? []) {
          if (rest.every((s, k) => tokens[at + 1 + k]?.stem === s && place[at + 1 + k] === place[at]! + 1 + k)) out.push({ at, weight: alternative.weight });
        }
        break;
      }
      case 'all': {
        const each = alternative.terms.map((t) => termOccurrences(t, alternative.weight));
        if (each.every((list) => list.length > 0)) out.push(...each.flat());
        break;
      }
      case 'prefix': {
        const prefix = alternative.terms[0]!;
        tokens.forEach((t, at) => {
          if (t.folded.startsWith(prefix)) out.push({ at, weight: alternative.weight });
        });
        break;
      }
    }
    for (let k = before; k < out.length; k++) out[k]!.alternative = alternative;
  }
  return out;
}

/** How many tokens a match at `at` covers: a phrase marks all its words. */
function spanOf(concept: Concept, at: number, tokens: Token[]): number {
  for (const a of concept.alternatives) {
    if (a.kind === 'phrase' && tokens[at]?.stem === a.terms[0] && a.terms.every((s, k) => tokens[at + k]?.stem === s)) return a.terms.length;
  }
  return 1;
}

function titleHas(concept: Concept, titleStems: ReadonlySet<string>): boolean {
  return concept.alternatives.some((a) => (a.kind === 'term' || a.kind === 'all' || a.kind === 'phrase') && a.terms.every((t) => titleStems.has(t)));
}

/**
 * The fewest words that hold one occurrence of every matched concept
 * (sorted position lists; the classic sliding window over their merge).
 */
export function smallestWindow(lists: number[][]): number {
  const merged: { at: number; list: number }[] = [];
  lists.forEach((list, i) => list.forEach((at) => merged.push({ at, list: i })));
  merged.sort((a, b) => a.at - b.at);
  const counts = new Array<number>(lists.length).fill(0);
  let covered = 0;
  let best = Infinity;
  let left = 0;
  for (const right of merged) {
    if (counts[right.list]!++ === 0) covered++;
    while (covered === lists.length) {
      best = Math.min(best, right.at - merged[left]!.at + 1);
      if (--counts[merged[left]!.list]! === 0) covered--;
      left++;
    }
  }
  return best;
}

/** What the ranker reads of a page: the lines that can match, with their neighbours. */
interface PageReading {
  /** Tokens of the lines read, in order; offsets into the whole text. */
  tokens: Token[];
  /** Per token: its (estimated) word position on the whole page, for proximity and phrases. */
  positions: number[];
  /** Further index terms at token indexes (compound parts, numbers, ellipsis completions). */
  extras: ExtraTerm[];
  /** Words on the whole page (estimated for lines not read). */
  words: number;
  /** Token indexes on heading lines. */
  headings: Set<number>;
}

/** Words per character of Dutch page text, for lines that are not read. */
const WORDS_PER_CHAR = 1 / 6.5;
const ELLIPSIS_MARK = /[\p{L}]-[\s,]|\s-[\p{L}]/u;
/** Characters of a piece of a long line that is read or skipped as a whole. */
const MAX_PIECE = 200;
const HEADING_LINE = /^(\d+(\.\d+)*\.?\s+)?[\p{Lu}]/u;

/**
 * Reads only the lines of a page that hold one of the plan's terms (a
 * folded substring test), and the line before and after each for context:
 * tokenising whole pages is most of a query's time, and most lines of a
 * page that matches say nothing of the query.
 */
export function readPage(text: string, splitter: CompoundSplitter, focus: AnalysisFocus): PageReading {
  const lines: { start: number; text: string }[] = [];
  for (let start = 0; start <= text.length; ) {
    const end = text.indexOf('\n', start);
    let stop = end === -1 ? text.length : end;
    // A very long line (text without line breaks) is read in pieces of about two lines.
    if (stop - start > MAX_PIECE) {
      const space = text.lastIndexOf(' ', start + MAX_PIECE);
      if (space > start) stop = space;
    }
    lines.push({ start, text: text.slice(start, stop) });
    start = stop + 1;
  }
  const escape = (needle: string) => needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const anyNeedle = focus.needles.length ? new RegExp(focus.needles.map(escape).join('|')) : /$^/;
  const anyShort = focus.needles.length ? new RegExp([...new Set(focus.needles.map((n) => escape(n.slice(0, 4))))].join('|')) : /$^/;
  const relevant = lines.map(({ text: line }) => {
    if (focus.whole) return true;
    // Folded as the analyser folds, and without apostrophes and hyphens (ib'er, re-integratie are one word).
    const lower = (/^[ -~\s]*$/.test(line) ? line.toLowerCase() : line.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase()).replace(/['’-]/g, '');
    if (anyNeedle.test(lower)) return true;
    if (focus.numbers && hasNumber(line)) return true;
    // "jeugd- en gezinshulp" holds jeugdhulp only as an ellipsis.
    return line.includes('-') && ELLIPSIS_MARK.test(line) && anyShort.test(lower);
  });
  const tokens: Token[] = [];
  const positions: number[] = [];
  const headings = new Set<number>();
  let words = 0;
  lines.forEach((line, i) => {
    if (!(relevant[i] || relevant[i - 1] || relevant[i + 1])) {
      words += Math.round(line.text.length * WORDS_PER_CHAR);
      return;
    }
    const list = tokenize(line.text);
    const heading = list.length > 0 && list.length <= 8 && !/[.,;:]$/.test(line.text.trim()) && HEADING_LINE.test(line.text.trim());
    for (const token of list) {
      token.start += line.start;
      token.end += line.start;
      if (heading) headings.add(tokens.length);
      positions.push(words++);
      tokens.push(token);
    }
  });
  const extras = extraTerms(text, tokens, splitter, focus);
  return { tokens, positions, extras, words, headings };
}

const WORD_SPLIT = /[^a-z0-9\u00c0-\u024f]+/;
/** Words read around the matches that are enough to judge the kind of page. */
const KIND_SAMPLE = 40;

export function pageKindFactor(text: string, read?: readonly Token[]): number {
  let words = 0;
  let numbers = 0;
  let stop = 0;
  // The lines read around the matches tell whether the match stands in prose or in a list;
  // only when too few were read is the whole page counted.
  const sample = read && read.length >= KIND_SAMPLE ? read.map((t) => t.folded) : text.toLowerCase().split(WORD_SPLIT);
  for (const word of sample) {
    if (word === '') continue;
    const first = word.charCodeAt(0);
    if (first >= 48 && first <= 57) numbers++;
    else {
      words++;
      if (STOPWORDS.has(word)) stop++;
    }
  }
  if (words + numbers < 40) return 1;
  let factor = 1;
  const stopShare = words > 0 ? stop / words : 0;
  if (stopShare < 0.22) factor *= 0.55 + 0.45 * (stopShare / 0.22);
  const numberShare = numbers / (words + numbers);
  if (numberShare > 0.25) factor *= Math.max(0.5, 1 - (numberShare - 0.25));
  // A table of contents: most lines end in a page number (only looked for where numbers are).
  if (numberShare > 0.05) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const contentsLines = lines.filter((l) => /(\.{3,}|…|\s)\s*\d{1,3}\s*$/.test(l) && /\p{L}/u.test(l)).length;
    if (lines.length >= 6 && contentsLines / lines.length > 0.4) factor *= 0.6;
  }
  return factor;
}
