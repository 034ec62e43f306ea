import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVocabulary, joinAcrossBreak, repairHyphenation } from '../../electron/core/extraction/hyphenation.ts';
import { cleanLine, isGarbledWord, normalisePageTexts } from '../../electron/core/extraction/normalise.ts';
import { assessQuality, garbledShare } from '../../electron/core/extraction/quality.ts';

const noVocabulary = new Set<string>();
const repair = (text: string, vocabulary: ReadonlySet<string> = noVocabulary) => repairHyphenation(text.split('\n'), vocabulary).join('\n');

describe('line-end hyphenation', () => {
  it.each([
    ['vroeg-\nsignalering', 'vroegsignalering'],
    ['schuldhulp-\nverlening', 'schuldhulpverlening'],
    ['ondersteunings-\nbehoefte van een kind', 'ondersteuningsbehoefte van een kind'],
    ['soft\u00AD\nhyphen', 'softhyphen'],
  ])('joins a word the typesetter broke: %j', (input, expected) => {
    expect(repair(input)).toBe(expected);
  });

  it.each([
    ['re-\nintegratie', 're-integratie'],
    ['zee-\negel', 'zee-egel'],
    ['auto-\nongeluk', 'auto-ongeluk'],
    ['informatie-\nuitwisseling', 'informatie-uitwisseling'],
    ['mede-\nopvoeders', 'mede-opvoeders'],
  ])('keeps the hyphen of a klinkerbotsing: %j', (input, expected) => {
    expect(repair(input)).toBe(expected);
  });

  it.each([
    ['Noord-\nHolland', 'Noord-Holland'],
    ['Zeeuws-\nVlaanderen', 'Zeeuws-Vlaanderen'],
    ['WSNP-\nbewindvoering', 'WSNP-bewindvoering'],
    ['huis-aan-\nhuisbladen', 'huis-aan-huisbladen'],
    ['periode 2015-\n2016', 'periode 2015-2016'],
    ['datum 12-01-\n2017', 'datum 12-01-2017'],
    ['https://www.zwolle.nl/terugblik-\nkrachtdag', 'https://www.zwolle.nl/terugblik-krachtdag'],
  ])('keeps the hyphen before a capital, in acronyms, numbers and chains: %j', (input, expected) => {
    expect(repair(input)).toBe(expected);
  });

  it.each([
    ['jeugd-\nen gezinszorg', 'jeugd- en gezinszorg'],
    ['bezwaar-\nen beroepschriften', 'bezwaar- en beroepschriften'],
    ['jeugdbescherming-\nen/of jeugdreclassering', 'jeugdbescherming- en/of jeugdreclassering'],
    ['woon-\nleef- en inkomenssituatie', 'woon- leef- en inkomenssituatie'],
    ['zorg-\nof welzijnsinstelling', 'zorg- of welzijnsinstelling'],
  ])('keeps a suspended hyphen with its space: %j', (input, expected) => {
    expect(repair(input)).toBe(expected);
  });

  it('leaves separator dashes and list items alone', () => {
    expect(repair('Amsterdam -\nschuldhulpverlening')).toBe('Amsterdam -\nschuldhulpverlening');
    expect(repair('de volgende punten: -\n• eerste')).toBe('de volgende punten: -\n• eerste');
    expect(repair('Pagina –\n3')).toBe('Pagina –\n3');
  });

  it("follows the document's own spelling first", () => {
    expect(repair('financi-\nele', buildVocabulary(['de financiële gevolgen']))).toBe('financiële');
    expect(repair('ge-\ninteresseerd', buildVocabulary(['zeer geïnteresseerd']))).toBe('geïnteresseerd');
    expect(repair('e-\nmail', buildVocabulary(['stuur een e-mail']))).toBe('e-mail');
    expect(repair('co-\nordinatie', buildVocabulary(['de coordinatie']))).toBe('coordinatie');
    // Fragments at line ends are not words: they must not vote.
    expect(buildVocabulary(['vroeg-', 'signalering,'])).toEqual(new Set(['signalering']));
  });

  it('handles several breaks in a row and returns null for real line ends', () => {
    expect(repair('de vroeg-\nsignalering en re-\nintegratie in Noord-\nHolland')).toBe('de vroegsignalering en re-integratie in Noord-Holland');
    expect(joinAcrossBreak('Een gewone regel', 'en de volgende', noVocabulary)).toBeNull();
  });
});

describe('running headers, footers and page numbers', () => {
  const page = (n: number, body: string[], header = `Gemeente Zwolle — Rapport 2016 ${n}`, footer = `Pagina ${n} van 4`) =>
    [header, ...body, footer].join('\n');
  const bodies = [
    ['De raad besluit over de ontwikkelagenda.', 'Het college stelt voor om te investeren.'],
    ['Scholen en jeugdhulp werken samen in de wijk.', 'Ouders worden vroeg betrokken.'],
    ['Het budget voor 2017 is € 1.234.567.', 'Dat is 3% meer dan in 2016.'],
    ['De evaluatie volgt op 1 januari 2018.', 'Zie bijlage 2 voor de planning.'],
  ];

  it('removes lines that repeat at the top or bottom of many pages (digits masked)', () => {
    const pages = normalisePageTexts(bodies.map((body, i) => page(i + 1, body)));
    expect(pages.map((p) => p.text)).toEqual(bodies.map((body) => body.join('\n')));
  });

  it('removes bare page numbers in their many forms, keeping numbers in the text', () => {
    for (const form of [(n: number) => `${n}`, (n: number) => `- ${n} -`, (n: number) => `${n}/4`, (n: number) => `pagina ${n}`, (n: number) => `Pagina ${n} van 4`]) {
      const pages = normalisePageTexts(bodies.map((body, i) => [...body, form(i + 1)].join('\n')));
      expect(pages.map((p) => p.text)).toEqual(bodies.map((body) => body.join('\n')));
    }
  });

  it('recognises page numbers that restart inside a bundled package, at the top as well', () => {
    const numbers = [1, 2, 1, 2, 3];
    const pages = normalisePageTexts(numbers.map((n, i) => `${n}\nTekst van blad ${String.fromCharCode(97 + i)}.`));
    expect(pages.map((p) => p.text)).toEqual(['a', 'b', 'c', 'd', 'e'].map((c) => `Tekst van blad ${c}.`));
  });

  it('keeps a lone number that does not count with the pages, and numbers in the body', () => {
    const pages = normalisePageTexts(['Totaal\n17', 'Tekst\n42', 'Meer tekst\n3']);
    expect(pages.map((p) => p.text)).toEqual(['Totaal\n17', 'Tekst\n42', 'Meer tekst']);
  });

  it('keeps repeated lines when there are fewer than three pages, or when they are far apart', () => {
    expect(normalisePageTexts(['Kop\nTekst een.', 'Kop\nTekst twee.']).map((p) => p.text)).toEqual(['Kop\nTekst een.', 'Kop\nTekst twee.']);
    const far = Array.from({ length: 12 }, (_, i) => (i % 5 === 0 ? `1 Inleiding\nHoofdstuk ${i}.` : `Gewone tekst ${i}.`));
    expect(normalisePageTexts(far).filter((p) => p.text.startsWith('1 Inleiding'))).toHaveLength(3);
  });

  it('does not treat number rows closing each page of a table as running lines', () => {
    const pages = normalisePageTexts(['Post A 100\nTotaal 12.345 67.890', 'Post B 200\nTotaal 23.456 78.901', 'Post C 300\nTotaal 34.567 89.012']);
    expect(pages.every((p) => p.text.includes('Totaal'))).toBe(true);
  });

  it('uses the margin flags of the PDF side when the content stream puts the footer first', async () => {
    const { normalisePages } = await import('../../electron/core/extraction/normalise.ts');
    const lines = (i: number) => [`Eerste regel ${'abcd'[i]}.`, `Tweede regel ${'abcd'[i]}.`, `Rapport ontwikkelagenda ${i + 1}`, ...bodies[i]!];
    const flagged = normalisePages(bodies.map((_, i) => ({ lines: lines(i), edge: [false, false, true, false, false] })));
    expect(flagged[0]!.text).toBe(['Eerste regel a.', 'Tweede regel a.', ...bodies[0]!].join('\n'));
    // Without the flag the line sits mid-page and is body text.
    expect(normalisePages(bodies.map((_, i) => ({ lines: lines(i) })))[0]!.text).toContain('Rapport ontwikkelagenda 1');
  });
});

describe('whitespace, bullets and Unicode', () => {
  it('collapses whitespace, drops blank lines and joins lines inside a sentence', () => {
    const [page] = normalisePageTexts(['  Het   college\u00A0stelt\tvoor \n\n om te investeren in\n\nde wijk.  \nNieuwe alinea.']);
    expect(page!.text).toBe('Het college stelt voor om te investeren in de wijk.\nNieuwe alinea.');
  });

  it.each(['ҍ', 'Ҍ', 'ς', '•', '●', '▪', '\uF0A7', '\uF0B7', '➢', 'Á', '·'])('turns the bullet %j at a line start into "•"', (glyph) => {
    expect(cleanLine(`${glyph} bijdraagt aan betere resultaten;`)).toBe('• bijdraagt aan betere resultaten;');
  });

  it('keeps list items on their own line but joins their continuation', () => {
    const [page] = normalisePageTexts(['namelijk dat:\nҍ bijdraagt aan het beter identificeren van\nproblemen;\nҍ bewerkstelligt dat']);
    expect(page!.text).toBe('namelijk dat:\n• bijdraagt aan het beter identificeren van problemen;\n• bewerkstelligt dat');
  });

  it('leaves words that merely start with such a letter, and turns a lone ς between words into a dash', () => {
    expect(cleanLine('Álvarez en Ωmega')).toBe('Álvarez en Ωmega');
    expect(cleanLine('3.3 Amsterdam ς schuldhulpverlening')).toBe('3.3 Amsterdam – schuldhulpverlening');
  });

  it('composes to NFC, spells out ligatures and removes controls and invisible characters', () => {
    const [page] = normalisePageTexts(['financie\u0308le e\u0301e\u0301n ﬁnanciering\u200B, con\u00ADtrole\u0007 ok']);
    expect(page!.text).toBe('financiële één financiering, controle ok');
  });

  it('keeps numbers, amounts and dates intact', () => {
    const [page] = normalisePageTexts(['Op 23-01-2017 besloot de raad: € 1.234.567,89 (3,5%)\nvoor 2017–2020.']);
    expect(page!.text).toBe('Op 23-01-2017 besloot de raad: € 1.234.567,89 (3,5%) voor 2017–2020.');
  });
});

describe('page quality', () => {
  it('flags pages with (almost) no text as empty', () => {
    expect(assessQuality('')).toBe('empty');
    expect(assessQuality(' 3 ')).toBe('empty');
    expect(normalisePageTexts(['Pagina 2 van 3', 'Gewone tekst', '\n\n'])[2]!.quality).toBe('empty');
  });

  it.each(['Ŝƴ', 'ƘŀƴŘǊŜƛƪƛƴƎ', 'ŘŜ', 'maŘƛΩǎ', '5²LΣ', 'tekst\uE001', 'te\uFFFDst', 'con\u0001trole'])('sees %j as garbled', (word) => {
    expect(isGarbledWord(word)).toBe(true);
  });

  it.each(['financiële', 'Kovačević', 'Łódź', 'Ștefan', 'coördinatie', 'café', 'm²', '€'])('sees %j as a real word', (word) => {
    expect(isGarbledWord(word)).toBe(false);
  });

  it('needs a notable share, not one odd word', () => {
    const clean = 'De gemeente Zwolle werkt samen met Kovačević en partners aan schuldhulpverlening voor inwoners. '.repeat(3);
    expect(assessQuality(clean)).toBe('ok');
    expect(assessQuality(`${clean} Ŝƴ`)).toBe('ok');
    expect(assessQuality(`${clean} ŀŀƴ ƘŜǘ ǾŜǊƘƻƎŜƴ Ǿŀƴ ŘŜ ŀǊōŜƛŘǎǇŀǊǘƛŎƛǇŀǘƛŜ`)).toBe('garbled');
  });
});

// The seeds are real text extracted from council PDFs (see /work/shared/seeds/README.md).
const SEEDS = process.env.RAADSMAP_SEEDS ?? '/work/shared/seeds';
const hasSeeds = fs.existsSync(path.join(SEEDS, '002_944e121fa60cfda0.txt'));
const seed = (prefix: string) => {
  const file = fs.readdirSync(SEEDS).find((f) => f.startsWith(prefix))!;
  return fs.readFileSync(path.join(SEEDS, file), 'utf8');
};
/** Seeds have no page breaks: cut them into pages of 45 text lines, about a printed page. */
const pseudoPages = (text: string) => {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return Array.from({ length: Math.ceil(lines.length / 45) }, (_, i) => lines.slice(i * 45, i * 45 + 45).join('\n'));
};

describe.skipIf(!hasSeeds)(`garbled detection on the real seeds${hasSeeds ? '' : ` (SKIPPED: no seeds at ${SEEDS})`}`, () => {
  it('finds about 2% garbled words in seed 002, and none in the clean seeds', () => {
    // Over the normalised text: symbol-font bullets (U+F0A7 in seed 003) have become "•" by then.
    const share = (text: string) => {
      const { words, garbled } = garbledShare(normalisePageTexts(pseudoPages(text)).map((p) => p.text).join('\n'));
      return garbled / words;
    };
    expect(share(seed('002'))).toBeGreaterThan(0.015);
    expect(share(seed('002'))).toBeLessThan(0.03);
    for (const clean of ['000', '001', '003', '004']) expect(share(seed(clean))).toBe(0);
  });

  it('keeps every page of the clean seeds ok', () => {
    for (const clean of ['000', '001', '003', '004']) {
      const qualities = normalisePageTexts(pseudoPages(seed(clean))).map((p) => p.quality);
      expect(qualities.filter((q) => q !== 'ok'), `seed ${clean}`).toEqual([]);
    }
  });

  it('flags the pages of seed 002 where garbled sentences cluster, and only those', () => {
    const qualities = normalisePageTexts(pseudoPages(seed('002'))).map((p) => p.quality);
    const garbled = qualities.filter((q) => q === 'garbled').length;
    expect(garbled).toBeGreaterThanOrEqual(1);
    expect(garbled).toBeLessThanOrEqual(8);
    expect(qualities.filter((q) => q === 'ok').length).toBeGreaterThan(qualities.length * 0.85);
  });

  it('flags a page made of the garbled paragraphs of seed 002 and keeps a clean paragraph ok', () => {
    const lines = seed('002').split('\n').filter((l) => l.trim() !== '');
    const garbledLines = lines.filter((line) => {
      const { words, garbled } = garbledShare(line);
      return words > 3 && garbled / words > 0.5;
    });
    expect(garbledLines.length).toBeGreaterThan(20);
    expect(assessQuality(garbledLines.slice(0, 12).join('\n'))).toBe('garbled');
    // A real page: a garbled paragraph amid normal text.
    const start = lines.findIndex((l) => l === garbledLines[5]);
    expect(assessQuality(lines.slice(start - 3, start + 3).join('\n'))).toBe('garbled');
    const cleanParagraph = seed('001').split('\n').filter((l) => l.trim() !== '').slice(40, 60).join('\n');
    expect(assessQuality(cleanParagraph)).toBe('ok');
  });
});
