// Line-end hyphenation repair for Dutch text. Pure string code.
//
// "vroeg-\nsignalering" is one word broken by the typesetter, but Dutch also
// writes real hyphens that can land at a line end: klinkerbotsing
// (re-integratie, zee-egel, auto-ongeluk), a capital after the hyphen
// (Noord-Holland), acronyms (WSNP-bewindvoering), suspended hyphens
// ("jeugd- en gezinszorg") and dashes used as separators ("Amsterdam - ...").
// The document itself is the best judge: if it spells the word elsewhere
// (joined, hyphenated or with a trema, as in financiële / financi-ele), that
// spelling wins; the rules below decide only for words it never spells out.

/** Lower-cased words of a document, for deciding how to rejoin broken words. */
export type Vocabulary = ReadonlySet<string>;

const SOFT_HYPHEN = '\u00AD';
const LINE_END_HYPHENS = new Set(['-', '\u2010', SOFT_HYPHEN]);
/** "jeugd- en gezinszorg", "woon- of zorgvorm": the hyphen stands for a shared second part. */
const SUSPENDING_WORDS = new Set(['en', 'of', 'en/of', 'tot', 'noch', 'als', 'dan', 'and', 'or']);
const VOWEL = /^[aeiouyàáâäèéêëìíîïòóôöùúûü]$/iu;
const DIAERESIS: Readonly<Record<string, string>> = { a: 'ä', e: 'ë', i: 'ï', o: 'ö', u: 'ü' };
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** A token without the punctuation around it: "(vroeg-" → "vroeg", "signalering," → "signalering". */
const wordCore = (token: string) => (isAsciiAlphanumeric(token.charCodeAt(0)) && isAsciiAlphanumeric(token.charCodeAt(token.length - 1)) ? token : token.replace(EDGE_PUNCTUATION, ''));

/** A-Z, a-z, 0-9: most tokens start and end with one, and then have no punctuation around them to strip. */
function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
}

export function buildVocabulary(lines: Iterable<string>): Set<string> {
  const vocabulary = new Set<string>();
  for (const line of lines) {
    for (const token of line.split(' ')) {
      if (LINE_END_HYPHENS.has(token.at(-1) ?? '')) continue; // a fragment, not a word
      const word = wordCore(token).toLowerCase();
      if (word) vocabulary.add(word);
    }
  }
  return vocabulary;
}

/** Joins lines that end in a hyphenated word with the line that continues it. */
export function repairHyphenation(lines: readonly string[], vocabulary: Vocabulary): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const previous = out.at(-1);
    const joined = previous === undefined ? null : joinAcrossBreak(previous, line, vocabulary);
    if (joined === null) out.push(line);
    else out[out.length - 1] = joined;
  }
  return out;
}

/** `previous` and `next` as one line when `previous` ends in a broken word; null when the break is real. */
export function joinAcrossBreak(previous: string, next: string, vocabulary: Vocabulary): string | null {
  const hyphen = previous.at(-1);
  if (hyphen === undefined || !LINE_END_HYPHENS.has(hyphen) || next === '') return null;
  const withoutHyphen = previous.slice(0, -1);
  if (hyphen === SOFT_HYPHEN) return withoutHyphen + next; // only ever a typesetter's break

  const headToken = withoutHyphen.slice(withoutHyphen.lastIndexOf(' ') + 1);
  const nextToken = next.slice(0, next.includes(' ') ? next.indexOf(' ') : undefined);
  // " -" at a line end is a separator dash; "•", "(" or a quote on the next line starts something new.
  if (!LETTER_OR_DIGIT.test(headToken.at(-1) ?? '') || !LETTER_OR_DIGIT.test(nextToken[0] ?? '')) return null;

  if (SUSPENDING_WORDS.has(wordCore(nextToken).toLowerCase()) || /\p{L}-,?$/u.test(nextToken)) return `${previous} ${next}`;

  const head = wordCore(headToken);
  const tail = nextToken.match(/^[\p{L}\p{N}]+/u)?.[0] ?? '';
  switch (byVocabulary(head, tail, vocabulary) ?? byRule(head, tail)) {
    case 'keep':
      return previous + next;
    case 'trema': {
      const vowel = next[0]!;
      const marked = DIAERESIS[vowel.toLowerCase()]!;
      return withoutHyphen + (vowel === vowel.toLowerCase() ? marked : marked.toUpperCase()) + next.slice(1);
    }
    case 'join':
      return withoutHyphen + next;
  }
}

type Decision = 'join' | 'keep' | 'trema';

function byVocabulary(head: string, tail: string, vocabulary: Vocabulary): Decision | null {
  const h = head.toLowerCase();
  const t = tail.toLowerCase();
  const joinedKnown = vocabulary.has(h + t);
  const hyphenatedKnown = vocabulary.has(`${h}-${t}`);
  if (hyphenatedKnown && !joinedKnown) return 'keep';
  if (joinedKnown && !hyphenatedKnown) return 'join';
  // At a line break Dutch drops the trema: "financi-|ele" is financiële, "ge-|interesseerd" geïnteresseerd.
  const withTrema = DIAERESIS[t[0] ?? ''];
  if (withTrema && vocabulary.has(h + withTrema + t.slice(1))) return 'trema';
  return null;
}

function byRule(head: string, tail: string): Decision {
  const last = head.at(-1) ?? '';
  const first = tail[0] ?? '';
  if (/\p{N}/u.test(head) || /\p{Lu}/u.test(last)) return 'keep'; // 2015-2016, WSNP-bewindvoering
  if (/[-/.@]/u.test(head)) return 'keep'; // huis-aan-huisbladen, URLs and e-mail addresses
  if (/[\p{Lu}\p{N}]/u.test(first)) return 'keep'; // Noord-Holland, COVID-19
  if (VOWEL.test(last) && VOWEL.test(first)) return 'keep'; // klinkerbotsing: re-integratie, zee-egel
  return 'join';
}
