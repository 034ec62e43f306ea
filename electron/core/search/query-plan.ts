// From what the councillor typed to what is searched: a query becomes a list
// of concepts (one per content word, number or phrase), each with the
// alternatives that count as that concept on a page:
//
//   "hoeveel kost jeugdzorg in 2,5 mln"
//     kost        → kost (literal)
//     jeugdzorg   → jeugdzorg (literal) | jeugdhulp (synonym)
//     2,5 mln     → 2500000 (the normal form of every notation, numbers.ts)
//   "hoeveel", "in" are question and stop words: they need not match.
//
// Alternatives carry a weight (literal 1, other forms below it), so a page
// that says it as typed ranks above one that says it in other words.
// Every expansion is checked against the library's own vocabulary, so an
// expansion that matches nothing costs nothing.
import { ellipsisCompletions, fold, isStopword, parseQuery, stem, tokens, type CompoundSplitter, type ParsedQuery } from '../../../shared/search/analyser.ts';
import { NUMBER_WORDS, approximateForms, numericForms, writtenDecimals } from '../../../shared/search/numbers.ts';
import type { SynonymTable } from './synonyms.ts';
import { derivedFormCandidates, numberForms, wordFormCandidates } from './word-forms.ts';

export type AlternativeKind = 'term' | 'phrase' | 'all' | 'prefix' | 'near';
export type Via = 'literal' | 'form' | 'compound' | 'synonym' | 'number' | 'ellipsis' | 'correction' | 'near';

export interface Alternative {
  /**
   * term: one index term anywhere; phrase: stems in this order in the text;
   * all: each term somewhere on the page; prefix: a word that starts so;
   * near: each term within a few words of the others (or, with anywhere,
   * anywhere on the page). A near match is not the phrase asked for: it is
   * found only among partial matches.
   */
  kind: AlternativeKind;
  terms: string[];
  anywhere?: true;
  weight: number;
  via: Via;
  /** What it stands for, as a reader would write it ("jeugdhulp", "wijk team"). */
  label: string;
}

export interface Concept {
  /** As typed: what "missing words" shows when a page lacks it. */
  surface: string;
  alternatives: Alternative[];
  /**
   * A light word of a question ("zeggen", "zitten", "via"): it counts when
   * a page has it, but a page without it is no partial match.
   */
  optional?: boolean;
}

/**
 * Words that carry little of what a question is about: light verbs and
 * adverbs ("wat zeggen de stukken over …", "loopt dat via het wijkteam").
 */
const LIGHT_WORDS: ReadonlySet<string> = new Set(
  (
    'zeggen zegt zei zitten zit zat lopen loopt liep komen komt kwam krijgen krijgt kreeg maken maakt nemen neemt geven geeft' +
    ' houden houdt laten laat liggen ligt zien ziet vinden vindt denken denkt gebeuren gebeurt hebben heeft zelf via steeds' +
    ' andere ander echt eigenlijk precies ongeveer vooral bijvoorbeeld daar hier soms vaak nou even ergens iemand' +
    ' gebruiken gebruikt regelen geregeld'
  ).split(' '),
);

export interface QueryPlan {
  parsed: ParsedQuery;
  concepts: Concept[];
  /** FTS5 sub-expressions a page must not match. */
  excluded: string[];
  /** Words replaced because the library does not have them (typo tolerance). */
  corrections: { from: string; to: string }[];
  /** The query had more than MAX_CONCEPTS words: only the first are searched. */
  truncated: boolean;
}

/** What the plan asks of the library: its vocabulary, word list and synonyms. */
export interface PlanContext {
  /** Pages holding this index term (body or parts); 0 when none. */
  pagesWith(term: string): number;
  /** How often the library writes this folded word; 0 when never. */
  wordFrequency(folded: string): number;
  /** The library's word most likely meant by an unknown one, or null. */
  nearestWord(folded: string): string | null;
  splitter: CompoundSplitter;
  synonyms: SynonymTable;
}

const WEIGHT = { literal: 1, ellipsis: 1, number: 1, joined: 0.9, form: 0.85, split: 0.8, derived: 0.6, synonym: 0.7, near: 0.5, partsAnywhere: 0.45, wordsAnywhere: 0.3, someWords: 0.2 } as const;
/** A word of a quoted phrase on its own counts when it is at most this many times as common as the phrase's rarest word. */
const SOME_WORDS_SPREAD = 2;
/** Words a near match may span beyond the phrase's own length. */
export const NEAR_SLACK = 4;
const MIN_SPLIT_PART = 3;
/** Words of a query that are searched; a longer query (a pasted passage) is cut there. */
export const MAX_CONCEPTS = 32;

export function planQuery(input: string, context: PlanContext, options: { asYouType?: boolean; exact?: boolean } = {}): QueryPlan {
  const parsed = parseQuery(input, options);
  if (options.exact) return exactPlan(parsed);
  const concepts: Concept[] = [];
  const corrections: { from: string; to: string }[] = [];

  // Numbers, amounts, percentages and dates first: they take their words with them ("2,5 mln").
  // (An amount beyond what a number term holds has no forms: its words stay words.)
  const numeric = numericForms(input).filter((f) => f.kind !== 'years' && f.forms.length > 0);
  const consumed = (start: number, end: number) => numeric.some((f) => start < f.end && end > f.start);
  for (const form of numeric) {
    // "één" is a number word even though "een" is a stopword the parser dropped.
    const overlaps = parsed.terms.some((t) => t.start < form.end && t.end > form.start) || parsed.phrases.some((p) => !p.quoted && p.start < form.end && p.end > form.start);
    if (!overlaps && form.kind !== 'word') continue;
    // Inside quotes a number is part of what is quoted, not a concept of its own.
    const quoted = [...parsed.phrases, ...parsed.terms].some((p) => p.quoted && p.start <= form.start && form.end <= p.end);
    if (quoted) continue;
    const surface = input.slice(form.start, form.end);
    // "4,3 miljoen" is a rounded amount: it also finds € 4.341.541, a little lower.
    const approx = /[a-z]/i.test(surface) && form.kind === 'amount' ? form.approx.filter((a) => approximateForms(Number(form.forms[0] ?? NaN), writtenDecimals(surface)).includes(a)) : [];
    concepts.push({
      surface,
      alternatives: [
        ...form.forms.map((term): Alternative => ({ kind: 'term', terms: [term], weight: WEIGHT.number, via: 'number', label: term })),
        ...approx.map((term): Alternative => ({ kind: 'term', terms: [term], weight: WEIGHT.form, via: 'number', label: term })),
        // "vijf" is also just the word.
        ...(form.kind === 'word' ? [{ kind: 'term', terms: [stem(fold(surface))], weight: WEIGHT.literal, via: 'literal', label: surface } as Alternative] : []),
      ],
    });
  }

  // Words and unquoted phrases ("re-integratie", "niet-aangeboren") in the order typed.
  interface Unit {
    start: number;
    end: number;
    surface: string;
    /** Content stems: what a synonym-list term is looked up by (none for a quoted phrase). */
    content: string[];
    term?: ParsedQuery['terms'][number];
    phrase?: ParsedQuery['phrases'][number];
  }
  const contentStems = (text: string) => tokens(text).filter((t) => !isStopword(t.folded)).map((t) => t.stem);
  const units: Unit[] = [
    ...parsed.terms.filter((t) => !consumed(t.start, t.end)).map((t) => ({ start: t.start, end: t.end, surface: t.surface, content: t.quoted ? [] : [t.stem], term: t })),
    ...parsed.phrases
      .filter((p) => p.quoted || !consumed(p.start, p.end))
      .map((p) => ({ start: p.start, end: p.end, surface: p.surface, content: p.quoted ? [] : contentStems(p.surface), phrase: p })),
  ].sort((a, b) => a.start - b.start);
  // A pasted passage: only its first words are planned (typo look-ups and forms cost per word).
  const unitsCut = units.length + concepts.length > MAX_CONCEPTS;
  units.splice(Math.max(0, MAX_CONCEPTS - concepts.length));

  const ellipsis = queryEllipsis(input, context.splitter);
  /** Words typed in quotes: matched as written, never joined, expanded or corrected. */
  const asWritten = new Set<Concept>();
  for (let i = 0; i < units.length; ) {
    // The longest run of words that is a synonym-list term: "wet maatschappelijke ondersteuning" ↔ wmo.
    let span = 0;
    let synonyms: ReturnType<SynonymTable['alternativesOf']> = [];
    for (let length = Math.min(context.synonyms.longest, units.length - i); length >= 1; length--) {
      const run = units.slice(i, i + length);
      if (run.some((u) => u.content.length === 0)) continue;
      const found = context.synonyms.alternativesOf(run.flatMap((u) => u.content));
      if (found.length) {
        span = length;
        synonyms = found;
        break;
      }
    }
    if (span > 1) {
      const run = units.slice(i, i + span);
      concepts.push({
        surface: input.slice(run[0]!.start, run.at(-1)!.end),
        alternatives: [
          { kind: 'all', terms: run.flatMap((u) => u.content), weight: WEIGHT.literal, via: 'literal', label: run.map((u) => u.surface).join(' ') },
          ...synonyms.flatMap((s) => synonymAlternatives(s, context)),
        ],
      });
      i += span;
      continue;
    }
    const unit = units[i]!;
    i++;
    if (unit.term?.quoted) {
      // "wmo" in quotes: that word as written, nothing else.
      const concept: Concept = { surface: unit.term.surface, alternatives: [{ kind: 'term', terms: [unit.term.stem], weight: WEIGHT.literal, via: 'literal', label: unit.term.surface }] };
      asWritten.add(concept);
      concepts.push(concept);
      continue;
    }
    if (unit.term) {
      // Not on the list in this number: the list may have its singular or plural (leraar → leraren), which the stemmer keeps apart.
      if (synonyms.length === 0) synonyms = [...new Map(numberForms(unit.term.folded).flatMap((f) => context.synonyms.alternativesOf([stem(f)])).map((t) => [t.text, t])).values()];
      concepts.push({
        surface: unit.term.surface,
        alternatives: [...wordAlternatives(unit.term.folded, context, ellipsis.get(unit.term.start)), ...synonyms.flatMap((s) => synonymAlternatives(s, context))],
        ...(LIGHT_WORDS.has(unit.term.folded) ? { optional: true } : {}),
      });
      continue;
    }
    const phrase = unit.phrase!;
    const alternatives: Alternative[] = [{ kind: 'phrase', terms: phrase.stems, weight: WEIGHT.literal, via: 'literal', label: phrase.surface }];
    // "1 gezin, 1 plan" is as often written "één gezin, één plan".
    const numbers = numberWordVariant(phrase.stems);
    if (numbers) alternatives.push({ kind: 'phrase', terms: numbers, weight: WEIGHT.number, via: 'number', label: numbers.join(' ') });
    // "zo licht als kan, zo zwaar als nodig" also written "zo licht is als kan …": the words close together, as a partial match.
    const content = [...new Set(contentStems(phrase.surface))];
    if (phrase.quoted && content.length >= 2) alternatives.push({ kind: 'near', terms: content, weight: WEIGHT.near, via: 'near', label: phrase.surface });
    // And when nowhere close together, its words anywhere on a page: a quoted phrase is no dead end either.
    if (phrase.quoted && content.length >= 1) alternatives.push({ kind: 'near', terms: content, anywhere: true, weight: WEIGHT.wordsAnywhere, via: 'near', label: phrase.surface });
    // And a page with only its telling words ("drempelloos" of "drempelloos erbij halen"), below those.
    if (phrase.quoted && content.length >= 2) alternatives.push(...tellingWords(content, context).map((t): Alternative => ({ kind: 'near', terms: [t], anywhere: true, weight: WEIGHT.someWords, via: 'near', label: phrase.surface })));
    // "re-integratie" is also written "reintegratie": the index keeps the joined form.
    if (!phrase.quoted && phrase.stems.every((s) => /^[a-z]+$/.test(s))) {
      const joined = fold(phrase.surface.replace(/[-.]/g, ''));
      if (/^[a-z]+$/.test(joined)) alternatives.push({ kind: 'term', terms: [stem(joined)], weight: WEIGHT.joined, via: 'compound', label: joined });
    }
    // "follow-up" ↔ nazorg, "m.e.r." ↔ milieueffectrapportage.
    alternatives.push(...synonyms.flatMap((s) => synonymAlternatives(s, context)));
    concepts.push({ surface: phrase.surface, alternatives });
  }

  // Two words the library writes as one: "quick scan" ↔ quickscan, "kosten zorg" ↔ zorgkosten.
  const wordConcepts = concepts.filter((c) => !asWritten.has(c) && c.alternatives[0]?.via === 'literal' && c.alternatives[0].kind === 'term' && /^[a-z]+$/.test(fold(c.surface)));
  for (let k = 0; k + 1 < wordConcepts.length; k++) {
    const a = fold(wordConcepts[k]!.surface);
    const b = fold(wordConcepts[k + 1]!.surface);
    for (const joined of [`${a}${b}`, `${a}s${b}`, `${b}${a}`, `${b}s${a}`]) {
      if (context.wordFrequency(joined) === 0) continue;
      const alternative: Alternative = { kind: 'term', terms: [stem(joined)], weight: WEIGHT.joined, via: 'compound', label: joined };
      wordConcepts[k]!.alternatives.push(alternative);
      wordConcepts[k + 1]!.alternatives.push(alternative);
      break;
    }
  }

  // A word the library does not have at all, in no form: most likely a typo.
  for (const concept of concepts) {
    const literal = concept.alternatives[0];
    if (!literal || literal.via !== 'literal' || literal.kind !== 'term' || asWritten.has(concept)) continue;
    const folded = fold(concept.surface);
    if (folded.length < 4 || /\d/.test(folded)) continue;
    if (concept.alternatives.some((a) => alternativePages(a, context) > 0)) continue;
    // A real Dutch word the library just does not have is no typo ("steken"): partial matches cover it.
    if (context.splitter.knows(folded)) continue;
    const nearest = context.nearestWord(folded);
    if (!nearest) continue;
    corrections.push({ from: concept.surface, to: nearest });
    concept.alternatives = [...wordAlternatives(nearest, context, undefined), ...context.synonyms.alternativesOf([stem(nearest)]).flatMap((s) => synonymAlternatives(s, context))].map((a) =>
      a.via === 'literal' ? { ...a, via: 'correction' as const } : a,
    );
  }

  if (parsed.prefix) {
    concepts.push({ surface: parsed.prefix, alternatives: [{ kind: 'prefix', terms: [parsed.prefix], weight: WEIGHT.literal, via: 'literal', label: parsed.prefix }] });
  }

  const quote = (term: string) => `"${term.replace(/"/g, '')}"`;
  const excluded = [...parsed.excludedTerms.map((t) => quote(t.stem)), ...parsed.excludedPhrases.map((p) => `body : ${quote(p.stems.join(' '))}`)];
  for (const concept of concepts) concept.alternatives = dedupe(concept.alternatives);
  // A pasted passage: its first MAX_CONCEPTS words are the query (the results say so).
  const kept = concepts.filter((c) => c.alternatives.length > 0);
  const truncated = kept.length > MAX_CONCEPTS;
  concepts.splice(0, concepts.length, ...kept.slice(0, MAX_CONCEPTS));
  // A query of light words only ("zeggen"): then they are what it is about.
  if (concepts.every((c) => c.optional)) for (const c of concepts) delete c.optional;
  return { parsed, concepts, excluded, corrections, truncated: truncated || unitsCut };
}

/**
 * The words of a quoted phrase that say what it is about: its rarest word in
 * the library, and those about as rare. Numbers and words on no page are not.
 */
function tellingWords(content: readonly string[], context: PlanContext): string[] {
  const counted = content.filter((t) => !/\d/.test(t) && !WORD_DIGITS.has(t)).map((t) => ({ t, pages: context.pagesWith(t) })).filter((w) => w.pages > 0);
  if (counted.length === 0) return [];
  const rarest = Math.min(...counted.map((w) => w.pages));
  return counted.filter((w) => w.pages <= rarest * SOME_WORDS_SPREAD).map((w) => w.t);
}

/** Only the words and phrases as typed, each required: no other forms, synonyms or corrections. */
function exactPlan(parsed: ParsedQuery): QueryPlan {
  const quote = (term: string) => `"${term.replace(/"/g, '')}"`;
  const concepts: Concept[] = [
    ...parsed.terms.map((t): Concept => ({ surface: t.surface, alternatives: [{ kind: 'term', terms: [t.stem], weight: WEIGHT.literal, via: 'literal', label: t.surface }] })),
    ...parsed.phrases.map((p): Concept => ({ surface: p.surface, alternatives: [{ kind: 'phrase', terms: p.stems, weight: WEIGHT.literal, via: 'literal', label: p.surface }] })),
    ...(parsed.prefix ? [{ surface: parsed.prefix, alternatives: [{ kind: 'prefix', terms: [parsed.prefix], weight: WEIGHT.literal, via: 'literal', label: parsed.prefix } as Alternative] }] : []),
  ];
  const excluded = [...parsed.excludedTerms.map((t) => quote(t.stem)), ...parsed.excludedPhrases.map((p) => `body : ${quote(p.stems.join(' '))}`)];
  return { parsed, concepts: concepts.slice(0, MAX_CONCEPTS), excluded, corrections: [], truncated: concepts.length > MAX_CONCEPTS };
}

/** The word itself, its other forms, its parts written apart, its hyphen-ellipsis completion. */
function wordAlternatives(folded: string, context: PlanContext, completion: string | undefined): Alternative[] {
  const literal: Alternative = { kind: 'term', terms: [stem(folded)], weight: WEIGHT.literal, via: 'literal', label: folded };
  const out: Alternative[] = [];
  if (completion) {
    // "jeugd- en gezinshulp": the councillor means jeugdhulp; "jeugd" alone is a weaker reading.
    out.push({ kind: 'term', terms: [stem(completion)], weight: WEIGHT.ellipsis, via: 'ellipsis', label: completion });
    out.push({ ...literal, weight: WEIGHT.split });
  } else {
    out.push(literal);
  }
  if (/^[a-z]+$/.test(folded)) {
    for (const form of writtenForms(folded, context)) out.push({ kind: 'term', terms: [stem(form)], weight: WEIGHT.form, via: 'form', label: form });
    // effectief → effectiviteit, evaluatie → evalueren (and a derived verb's own forms: geëvalueerd).
    for (const derived of derivedFormCandidates(folded)) {
      const forms = derived.endsWith('eren') ? [derived, ...wordFormCandidates(derived, (w) => context.wordFrequency(w) > 0)] : [derived];
      for (const form of forms) {
        if (stem(form) === literal.terms[0] || context.wordFrequency(form) === 0) continue;
        out.push({ kind: 'term', terms: [stem(form)], weight: WEIGHT.derived, via: 'form', label: form });
      }
    }
    const split = splitWord(folded, context);
    if (split) {
      out.push({ kind: 'phrase', terms: split.map(stem), weight: WEIGHT.split, via: 'compound', label: split.join(' ') });
      // A compound the library never writes: its parts anywhere on a page ("zorgkosten" → kosten van zorg).
      if (context.pagesWith(literal.terms[0]!) === 0) out.push({ kind: 'all', terms: split.map(stem), weight: WEIGHT.partsAnywhere, via: 'compound', label: split.join(' ') });
    }
    // A part swapped for its synonym: populatiebekostiging → populatiefinanciering, jeugdzorgaanbieder → jeugdhulpaanbieder
    // (the parts as the word list splits them: the library need not write them alone).
    const parts = context.splitter.parts(folded);
    const halves = parts.length === 2 ? (parts as [string, string]) : split;
    if (halves) for (const compound of partSynonymCompounds(halves, context)) out.push({ kind: 'term', terms: [stem(compound)], weight: WEIGHT.synonym, via: 'synonym', label: compound });
  }
  return out;
}

/**
 * A compound as two words the library writes: the word list's split first
 * (wijkteam → wijk team), else any cut into two words the library has
 * (quickscan → quick scan), the one whose rarer part is most common.
 */
function splitWord(folded: string, context: PlanContext): [string, string] | null {
  const parts = context.splitter.parts(folded);
  if (parts.length >= 2 && context.wordFrequency(parts[0]!) > 0 && context.wordFrequency(parts[1]!) > 0) return [parts[0]!, parts[1]!];
  if (folded.length < 2 * MIN_SPLIT_PART + 1) return null;
  let best: { parts: [string, string]; score: number } | null = null;
  for (let cut = MIN_SPLIT_PART; cut <= folded.length - MIN_SPLIT_PART; cut++) {
    const head = folded.slice(0, cut);
    for (const linker of ['', 's']) {
      if (!folded.startsWith(linker, cut)) continue;
      const tail = folded.slice(cut + linker.length);
      if (tail.length < MIN_SPLIT_PART) continue;
      const score = Math.min(context.wordFrequency(head), context.wordFrequency(tail));
      if (score > 0 && (!best || score > best.score)) best = { parts: [head, tail], score };
    }
  }
  return best?.parts ?? null;
}

/** The compound with one of its two parts replaced by a one-word synonym, as the library writes it. */
function partSynonymCompounds([head, tail]: [string, string], context: PlanContext): string[] {
  const oneWord = (part: string) =>
    context.synonyms
      .alternativesOf([stem(part)])
      .filter((t) => t.stems.length === 1)
      .map((t) => fold(t.text))
      .filter((w) => /^[a-z]+$/.test(w));
  const out = new Set<string>();
  for (const other of oneWord(tail)) for (const linker of ['', 's']) out.add(`${head}${linker}${other}`);
  for (const other of oneWord(head)) for (const linker of ['', 's']) out.add(`${other}${linker}${tail}`);
  return [...out].filter((w) => context.wordFrequency(w) > 0);
}

function synonymAlternative(term: { text: string; stems: string[] }): Alternative {
  return term.stems.length === 1
    ? { kind: 'term', terms: term.stems, weight: WEIGHT.synonym, via: 'synonym', label: term.text }
    : { kind: 'phrase', terms: term.stems, weight: WEIGHT.synonym, via: 'synonym', label: term.text };
}

/**
 * A synonym, and when it is one word its other forms as the library writes
 * them (dokter → arts → artsen, which the stemmer keeps apart), ranked as a
 * synonym's form.
 */
function synonymAlternatives(term: { text: string; stems: string[] }, context: PlanContext): Alternative[] {
  const out = [synonymAlternative(term)];
  const folded = fold(term.text);
  if (term.stems.length !== 1 || !/^[a-z]+$/.test(folded)) return out;
  const seen = new Set(term.stems);
  for (const form of writtenForms(folded, context)) {
    const formStem = stem(form);
    if (seen.has(formStem)) continue;
    seen.add(formStem);
    out.push({ kind: 'term', terms: [formStem], weight: WEIGHT.synonym * WEIGHT.form, via: 'synonym', label: form });
  }
  return out;
}

/** A word's other forms (word-forms.ts) that the library writes and that do not stem as the word does. */
function writtenForms(folded: string, context: PlanContext): string[] {
  const own = stem(folded);
  const written = (w: string) => context.wordFrequency(w) > 0;
  return wordFormCandidates(folded, written).filter((form) => stem(form) !== own && written(form));
}

/** Pages an alternative can match at most (a phrase or "all": its rarest word). */
export function alternativePages(alternative: Alternative, context: Pick<PlanContext, 'pagesWith'>): number {
  if (alternative.kind === 'prefix') return 1;
  return Math.min(...alternative.terms.map((t) => context.pagesWith(t)));
}

/** Query words left elliptic ("jeugd- en gezinshulp"): their completion, by offset in the query. */
function queryEllipsis(input: string, splitter: CompoundSplitter): Map<number, string> {
  const out = new Map<number, string>();
  if (!input.includes('-')) return out;
  const list = tokens(input);
  for (const extra of ellipsisCompletions(input, list, splitter)) {
    const token = list[extra.at]!;
    // The completion's surface: the stem is what the index has, the folded word is what the plan labels.
    out.set(token.start, completionWord(input, list, extra.at, splitter) ?? extra.term);
  }
  return out;
}

/** "jeugd" in "jeugd- en gezinshulp" → "jeugdhulp" (the folded word, not its stem). */
function completionWord(input: string, list: ReturnType<typeof tokens>, at: number, splitter: CompoundSplitter): string | null {
  const token = list[at]!;
  if (input[token.end] === '-') {
    let j = at + 1;
    while (j < list.length && input[list[j]!.end] === '-') j++;
    const word = list[j + 1];
    const next = list[j + 2];
    const tail = (word ? splitter.parts(word.folded)[1] : undefined) ?? (next && /^[a-z]{4,}$/.test(next.folded) ? next.folded : undefined);
    return tail ? token.folded + tail : null;
  }
  const word = list[at - 2];
  const tail = word ? splitter.parts(word.folded)[1] : undefined;
  return word && tail ? word.folded.slice(0, word.folded.length - tail.length) + token.folded : null;
}

function dedupe(alternatives: Alternative[]): Alternative[] {
  const seen = new Map<string, Alternative>();
  for (const a of alternatives) {
    const key = `${a.kind}${a.anywhere ? '*' : ''}:${a.terms.join(' ')}`;
    const known = seen.get(key);
    if (!known || known.weight < a.weight) seen.set(key, a);
  }
  return [...seen.values()];
}

/**
 * FTS5 for one concept: any of its alternatives (near matches only when
 * partial matches are asked for). Every term is put in double quotes with
 * any double quote removed: inside them FTS5 reads nothing as syntax.
 */
export function conceptExpression(concept: Concept, mode: 'all' | 'any' = 'all'): string | null {
  const quote = (term: string) => `"${term.replace(/"/g, '')}"`;
  const alternatives = concept.alternatives.filter((a) => a.kind !== 'near' || mode === 'any');
  const parts = alternatives.map((a) => {
    switch (a.kind) {
      case 'near':
        if (a.anywhere) return a.terms.length === 1 ? quote(a.terms[0]!) : `(${a.terms.map(quote).join(' AND ')})`;
        return `NEAR(${a.terms.map(quote).join(' ')}, ${a.terms.length + NEAR_SLACK})`;
      case 'term':
        return quote(a.terms[0]!);
      case 'phrase':
        return `body : ${quote(a.terms.join(' '))}`;
      case 'all':
        return `(${a.terms.map(quote).join(' AND ')})`;
      case 'prefix':
        return `${quote(a.terms[0]!)} *`;
    }
  });
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
}

/** All required concepts (strict) or any of them (relaxed), minus the exclusions. */
export function planExpression(plan: Pick<QueryPlan, 'concepts' | 'excluded'>, mode: 'all' | 'any', concepts = plan.concepts): string | null {
  const required = concepts.filter((c) => !c.optional);
  if (required.length > 0) concepts = required;
  if (concepts.length === 0) return null;
  const expressions = concepts.map((c) => conceptExpression(c, mode)).filter((e): e is string => e !== null);
  if (expressions.length === 0) return null;
  const positive = expressions.join(mode === 'all' ? ' AND ' : ' OR ');
  return plan.excluded.length ? `(${positive}) NOT (${plan.excluded.join(' OR ')})` : positive;
}

// Stems of the number words and of their digits, both ways ("één" folds and stems to "een").
const WORD_DIGITS = new Map(Object.entries(NUMBER_WORDS).map(([word, n]) => [stem(fold(word)), String(n)]));
const DIGIT_WORDS = new Map([...WORD_DIGITS].map(([word, n]) => [n, word]));

/**
 * A phrase's stems with its small numbers written the other way: "1 gezin 1 plan" ↔
 * "een gezin een plan", "drie decentralisaties" ↔ "3 …". Null when it has none.
 * "een" is not read as 1 here: it is mostly the article.
 */
export function numberWordVariant(stems: readonly string[]): string[] | null {
  let changed = false;
  const out = stems.map((s) => {
    const other = DIGIT_WORDS.get(s) ?? (s !== 'een' ? WORD_DIGITS.get(s) : undefined);
    if (other === undefined) return s;
    changed = true;
    return other;
  });
  return changed ? out : null;
}
