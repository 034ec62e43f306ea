import { describe, expect, it } from 'vitest';
import { dutchCompoundSplitter } from '../../electron/core/search/lexicon.ts';
import { analyseText, fold, makeSnippet, matchRanges, parseQuery, stem, tokens } from '../../shared/search/analyser.ts';

const splitter = dutchCompoundSplitter();
const marked = (text: string, query: string) =>
  matchRanges(text, parseQuery(query))
    .map((r) => text.slice(r.start, r.end))
    .join(' | ');

describe('the Dutch analyser', () => {
  it('folds case, diacritics and ligatures', () => {
    expect(fold('Financiële')).toBe('financiele');
    expect(fold('ĳsbaan')).toBe('ijsbaan');
    expect(fold("auto's")).toBe('auto');
    expect(stem(fold('financiële'))).toBe(stem(fold('financiele')));
  });

  it('stems Dutch inflections to one form', () => {
    expect(stem('schulden')).toBe(stem('schuld'));
    expect(stem('aanbevelingen')).toBe(stem('aanbeveling'));
    // Plurals Snowball misses on its own.
    for (const [plural, singular] of [['conclusies', 'conclusie'], ['ideeën', 'idee'], ['adviezen', 'advies'], ["auto's", 'auto'], ['huizen', 'huis']]) {
      expect(stem(fold(plural!)), plural).toBe(stem(fold(singular!)));
    }
    expect(stem('advies')).toBe('advies');
    // Snowball keeps these apart (the merges the multilingual stemmer makes are wrong).
    expect(stem('gemeente')).not.toBe(stem('mening'));
    expect(stem('gezin')).not.toBe(stem('zin'));
  });

  it('splits compounds with the word list, without splitting words that are words', () => {
    expect(splitter.parts('schulddienstverlening')).toEqual(['schuld', 'dienstverlening', 'dienst', 'verlening']);
    expect(splitter.parts('jeugdhulpaanbieder')).toEqual(['jeugdhulp', 'aanbieder']);
    expect(splitter.parts('zorgaanbieders')).toEqual(['zorg', 'aanbieders']);
    expect(splitter.parts('raadsvoorstel')).toEqual(['raad', 'voorstel']);
    expect(splitter.parts('verlening')).toEqual([]);
    expect(splitter.parts('gemeente')).toEqual([]);
  });

  it('keeps numbers and dates searchable', () => {
    const body = analyseText('Een bedrag van € 1.500.000 op 23-01-2017 voor agendapunt 1.3.a', splitter).body.split(' ');
    expect(body).toEqual(expect.arrayContaining(['1500000', '23', '01', '2017', '1', '3', 'a']));
  });

  it('indexes a hyphenated word as its pieces and joined', () => {
    const analysed = analyseText('De re-integratie van inwoners', splitter);
    expect(analysed.body).toBe('de re integratie van inwoner');
    expect(analysed.parts).toContain('reintegratie');
  });

  it('gives tokens offsets into the original text', () => {
    const text = 'Passend onderwijs, jeugdhulp.';
    expect(tokens(text).map((t) => text.slice(t.start, t.end))).toEqual(['Passend', 'onderwijs', 'jeugdhulp']);
  });
});

describe('queries', () => {
  it('parses words, phrases and exclusions; drops stopwords outside phrases', () => {
    const q = parseQuery('de schuld "van zorgen voor" -jeugd -"passend onderwijs"');
    expect(q.terms.map((t) => t.stem)).toEqual(['schuld']);
    expect(q.phrases.map((p) => p.stems)).toEqual([['van', 'zorgen', 'voor'].map(stem)]);
    expect(q.excludedTerms.map((t) => t.stem)).toEqual(['jeugd']);
    expect(q.excludedPhrases.map((p) => p.stems)).toEqual([['passend', 'onderwijs']]);
  });

  it('treats the last word as a prefix while typing', () => {
    expect(parseQuery('passend onder', { asYouType: true })).toMatchObject({ terms: [{ stem: 'passend' }], prefix: 'onder' });
    expect(parseQuery('passend onder ', { asYouType: true }).prefix).toBeUndefined();
  });

  it('marks words by stem, compound part and phrase, never by a bare substring of a short word', () => {
    expect(marked('De schulden en de schulddienstverlening', 'schuld')).toBe('schulden | schulddienstverlening');
    expect(marked('Passend onderwijs en passende zorg', '"passend onderwijs"')).toBe('Passend onderwijs');
    expect(marked('Financiële gevolgen', 'financiele')).toBe('Financiële');
    expect(marked('De raad vergadert', 'raadsel')).toBe('');
  });

  it('makes snippets as plain text parts around the matches', () => {
    const text = `${'Inleiding zonder treffers. '.repeat(20)}Het college stelt voor de schulddienstverlening te verbeteren. ${'Slot. '.repeat(20)}`;
    const snippet = makeSnippet(text, parseQuery('schuld'));
    expect(snippet.filter((p) => p.match).map((p) => p.text)).toEqual(['schulddienstverlening']);
    expect(snippet[0]!.text).toBe('… ');
    expect(snippet.at(-1)!.text).toBe(' …');
    expect(snippet.map((p) => p.text).join('')).toContain('Het college stelt voor de schulddienstverlening te verbeteren');
  });
});
