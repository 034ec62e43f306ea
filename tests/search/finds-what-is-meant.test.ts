// Search finds what a councillor means: every rule of the query planner and
// the ranker, each against a real index (PDFs made, imported, extracted and
// indexed as the app does), each failing without the rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResults } from '../../shared/api.ts';
import { inputs } from '../../shared/api.ts';
import { matchRanges, parseQuery } from '../../shared/search/analyser.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { writePackage, type TestDocument } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const filler = 'Dit staat in een gewone alinea van een raadsstuk over het beleid van de gemeente en de uitvoering daarvan.';

/** One document per case: its id says what it is for. */
const documents: TestDocument[] = [
  ['participle', 'De regeling is in 2016 gewijzigd door het college.'],
  ['infinitive', 'Het college wil de verordening wijzigen.'],
  ['plural', 'Er werken drie zorgaanbieders in de regio.'],
  ['diminutive', 'Na afloop volgde een kort gesprekje met de wethouder.'],
  ['singular-s', 'De huisarts verwijst door naar het wijkteam; elke mens telt.'],
  ['singular-doubled', 'Het proces van de aanvraag duurt lang, net als de les.'],
  ['strong', 'De rekenkamer heeft een andere aanpak aanbevolen.'],
  ['derived-noun', 'De effectiviteit van de schuldhulp is niet vast te stellen.'],
  ['derived-verb', 'Het instrument wordt medio 2017 geëvalueerd door de gemeente.'],
  ['present-participle', 'Bij deze gezinnen is vaak sprake van zorgmijdend gedrag.'],
  ['part-synonym', 'De scholen stappen over op populatiefinanciering per wijk.'],
  ['separable', 'De raad heeft de begroting vastgesteld.'],
  ['compound-joined', 'De zorgkosten stijgen elk jaar.'],
  ['compound-apart', 'Het wijk team helpt bewoners thuis.'],
  ['quickscan', 'Het onderzoek is een quick scan van het armoedebeleid.'],
  ['compound-parts', 'Alle jeugdhulpaanbieders tekenen het convenant.'],
  ['ellipsis-left', 'Wij financieren de jeugd- en gezinshulp in de buurt.'],
  ['ellipsis-right', 'De beleidsdoelen en -middelen staan in de bijlage.'],
  ['ellipsis-adjective', 'Samenwerken aan onderwijs- en maatschappelijke doelen in Stadshagen.'],
  ['diacritics', 'De financiële positie van de stichting is gezond.'],
  ['amount', 'Het project kost € 2.500.000 per jaar.'],
  ['amount-words', 'De subsidie bedraagt 1,1 miljoen euro.'],
  ['thousands', 'Er kwamen 15.000 bezoekers naar de markt.'],
  ['date', 'Het besluit over de brug is genomen op 3-10-2016.'],
  ['date-words', 'Op 12 maart 2015 vond de hoorzitting plaats.'],
  ['percent', 'Het aandeel steeg tot 12% van de huishoudens.'],
  ['range', 'Het meerjarenplan voor 2017-2020 ligt ter inzage.'],
  ['rounded', 'Er is sprake van een totale schuld van € 4.341.541 bij de klanten.'],
  ['number-word', 'Het programma voor de proeftuin loopt vijf jaar.'],
  ['question', 'De nazorg kost veertig uur per klant.'],
  ['typo', 'De participatieraad adviseert positief.'],
  ['opinion', 'Dat is de mening van de wethouder.'],
  ['street', 'De Hauptstraße in de partnerstad krijgt een nieuwe inrichting.'],
  ['one-plan', 'Het motto van de wijkaanpak is 1 gezin, 1 plan.'],
  ['one-plan-words', 'In de wijk werken wij volgens één gezin, één plan.'],
  ['phrase-apart', 'De inzet van hulp is zo licht is als kan en zo zwaar als nodig.'],
  ['phrase-scattered', 'Er zijn drie nieuwe taken. Het Rijk noemt ze de decentralisaties in het sociaal domein.'],
  ['phrase-exact', 'De leerkracht kan de specialist drempelloos erbij halen.'],
  ['phrase-telling-word', 'Ouders kunnen drempelloos binnenlopen bij het team.'],
  ['phrase-common-word-1', 'Wij nemen de buurt erbij.'],
  ['phrase-common-word-2', 'De ouders zijn erbij betrokken.'],
  ['phrase-common-word-3', 'Er komen twee taken erbij.'],
  ['synonym-plural-s', 'De artsen van het consultatiebureau geven voorlichting.'],
  ['synonym-singular-s', 'Een dokter van de spoedpost adviseert de ouders.'],
  ['synonym', 'De Wet maatschappelijke ondersteuning regelt de huishoudelijke hulp.'],
  ['literal', 'Via de Wmo krijgt u huishoudelijke hulp.'],
].map(([id, text]) => ({ id: `doc/${id}`, title: `Stuk ${id}`, pages: [id === 'opinion' ? [text!] : [text!, filler]] }));
// A date across two lines, and an amount far below a heading (the snippet must show it).
documents.push({ id: 'doc/date-lines', title: 'Stuk date-lines', pages: [['De gemeenteraad stemde op 3 oktober', '2016 in met het voorstel voor de kade.', filler]] });
documents.push({
  id: 'doc/budget',
  title: 'Stuk budget',
  pages: [['Datum: 12 maart 2020', filler, filler, filler, 'Financiën', '2,5 miljoen euro is het budget voor de nieuwe sporthal.', filler]],
});
// A word broken at a line end in the PDF, rejoined by extraction.
documents.push({ id: 'doc/hyphenated', title: 'Stuk hyphenated', pages: [['De aanpak van vroeg-', 'signalering bij schulden werkt.', filler]] });

// Ranking cases: the same words, placed so that one page should win.
documents.push(
  { id: 'doc/when-yes', title: 'Planning fietsbrug', pages: [['De nieuwe fietsbrug wordt in 2019 opgeleverd.', filler]] },
  { id: 'doc/when-no', title: 'Ontwerp fietsbrug', pages: [['De nieuwe fietsbrug wordt door de aannemer opgeleverd. De fietsbrug is breed.', filler]] },

  {
    id: 'doc/near',
    title: 'Stuk armoede sport dichtbij',
    pages: [['Armoede beperkt de sport van kinderen in de wijk.', filler, filler, filler, filler, filler, filler, 'Daarnaast is er een wijkcentrum met een bibliotheek.']],
  },
  {
    id: 'doc/far',
    title: 'Stuk armoede sport ver',
    pages: [['Armoede komt in alle wijken voor.', filler, filler, filler, filler, filler, 'Daarnaast is er sport.']],
  },
  {
    id: 'doc/names',
    title: 'Ledenlijst',
    pages: [
      [
        'Leden: Jansen Pieters Klaassen Dijkstra Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Brouwer Kok Jacobs',
        'Vermeulen Willems Schouten Hoekstra Koster Prins Huisman Peeters Kuipers Veenstra Kramer Post Kuiper Molenaar Verbeek Vink',
        'Groen Sleutelwoord Scholten Wijnen Postma Bosman Martens Kroon Driessen Verhoeven Koning Blom Wouters Evers',
      ],
    ],
  },
  {
    id: 'doc/prose',
    title: 'Beleidsnota',
    pages: [['Het sleutelwoord van deze nota is samenwerking tussen de gemeente en haar partners in de stad.', filler, filler]],
  },
);

let core: Core;
beforeAll(async () => {
  core = createCore({ dataDir: tempDir(), clock: () => new Date('2026-11-22T12:00:00Z'), extractionThreads: 2 });
  const pkg = await writePackage(tempDir(), {
    agenda: [{ id: '1', number: '1', title: 'Stukken', documents: documents.map((d) => d.id) }],
    documents,
  });
  await core.importPackages({ paths: [pkg.dir] });
  await core.searchIndexReady();
}, 120_000);
afterAll(async () => {
  await core?.close();
});

const search = (query: string) => core.search(inputs.search.parse({ query, limit: 50 }));
/** Titles of documents with every word (not partial matches), best first. */
const found = (r: SearchResults) => r.documents.filter((d) => !d.partial).map((d) => d.title);
const finds = (query: string, id: string) => expect(found(search(query)), query).toContain(`Stuk ${id}`);

describe('Dutch word forms', () => {
  it('matches participles, infinitives, plurals, diminutives and strong verbs to each other', () => {
    finds('wijzigen regeling', 'participle');
    finds('gewijzigde verordening', 'infinitive');
    finds('zorgaanbieder regio', 'plural');
    finds('gesprek wethouder', 'diminutive');
    finds('aanbevelen aanpak', 'strong');
    finds('vaststellen begroting', 'separable');
  });

  it('matches a plural in -en to a singular whose -s the stemmer takes off (huisartsen ↔ huisarts, mensen ↔ mens, processen ↔ proces)', () => {
    finds('huisartsen wijkteam', 'singular-s');
    finds('mensen wijkteam', 'singular-s');
    finds('processen aanvraag', 'singular-doubled');
    finds('lessen aanvraag', 'singular-doubled');
  });

  it('matches an adjective to its noun and a noun in -atie to its verb (effectief ↔ effectiviteit, evaluatie ↔ geëvalueerd)', () => {
    finds('effectief schuldhulp', 'derived-noun');
    finds('evaluatie instrument', 'derived-verb');
    // A derivation changes the word class: it ranks below the word as typed.
    expect(found(search('effectiviteit schuldhulp'))[0]).toBe('Stuk derived-noun');
  });

  it('matches a present participle to its verb and nouns (zorgmijders ↔ zorgmijdend)', () => {
    finds('zorgmijders gezinnen', 'present-participle');
  });

  it('does not read a noun as a participle of a verb the library never uses ("gemeente" is not "menen")', () => {
    expect(found(search('gemeente'))).toContain('Stuk participle');
    expect(found(search('gemeente'))).not.toContain('Stuk opinion');
  });
});

describe('compounds, written apart or together', () => {
  it('finds a compound from its parts in either order, and parts written apart from the compound', () => {
    finds('kosten zorg', 'compound-joined');
    finds('wijkteam bewoners', 'compound-apart');
    finds('quickscan armoedebeleid', 'quickscan');
    finds('jeugdhulp aanbieders convenant', 'compound-parts');
  });

  it('finds a compound with one part said in its synonym (populatiebekostiging → populatiefinanciering)', () => {
    finds('populatiebekostiging scholen', 'part-synonym');
  });

  it('completes a hyphen ellipsis on either side, also before an adjective', () => {
    finds('jeugdhulp buurt', 'ellipsis-left');
    finds('gezinshulp buurt', 'ellipsis-left');
    finds('beleidsmiddelen', 'ellipsis-right');
    finds('onderwijsdoelen stadshagen', 'ellipsis-adjective');
    // The query may be elliptic itself.
    finds('jeugd- en gezinshulp', 'ellipsis-left');
  });

  it('finds words with letters outside a-z (ß)', () => {
    finds('hauptstraße', 'street');
  });

  it('folds diacritics and rejoins words broken at a line end', async () => {
    finds('financiele positie', 'diacritics');
    finds('financiële positie', 'diacritics');
    finds('vroegsignalering schulden', 'hyphenated');
  });
});

describe('numbers, amounts, percentages and dates in another notation', () => {
  it('finds an amount however it is written', () => {
    finds('2,5 mln project', 'amount');
    finds('2,5 miljoen project', 'amount');
    finds('2500000 project', 'amount');
    finds('€ 1.100.000 subsidie', 'amount-words');
    finds('1,1 mln subsidie', 'amount-words');
    finds('15000 bezoekers', 'thousands');
    // A rounded amount finds the exact one.
    finds('schuld 4,3 miljoen', 'rounded');
  });

  it('finds a date written across two lines, and shows an amount in its snippet', () => {
    finds('3 oktober 2016 kade', 'date-lines');
    const budget = search('2,5 miljoen sporthal').documents.find((d) => d.title === 'Stuk budget')!;
    expect(budget.pages[0]!.snippet.filter((p) => p.match).map((p) => p.text).join(' ')).toMatch(/2/);
    expect(budget.pages[0]!.snippet.map((p) => p.text).join('')).toContain('sporthal');
  });

  it('finds a quoted phrase with its numbers written as words, and the other way round', () => {
    expect(found(search('"1 gezin, 1 plan"'))).toEqual(expect.arrayContaining(['Stuk one-plan', 'Stuk one-plan-words']));
    expect(found(search('"twee gezin, twee plan"'))).toEqual([]);
    expect(found(search('"drie nieuwe taken"'))).toEqual(['Stuk phrase-scattered']);
    expect(found(search('"3 nieuwe taken"'))).toEqual(['Stuk phrase-scattered']);
  });

  it('reads "één" as the number one', () => {
    finds('één gezin één plan', 'one-plan');
  });

  it('finds dates, percentages, years in a range and number words', () => {
    finds('3 oktober 2016 brug', 'date');
    finds('03-10-16 brug', 'date');
    finds('12-03-2015 hoorzitting', 'date-words');
    finds('12 procent huishoudens', 'percent');
    finds('meerjarenplan 2018', 'range');
    finds('proeftuin 5 jaar', 'number-word');
  });
});

describe('no dead ends', () => {
  it('lets question and stop words go unmatched', () => {
    finds('hoeveel kost de nazorg?', 'question');
  });

  it('follows with partial matches when no page has every word, the missing words named', () => {
    const results = search('nazorg brug');
    expect(results.partialFrom).toBe(0);
    const nazorg = results.documents.find((d) => d.title === 'Stuk question')!;
    expect(nazorg.partial).toBe(true);
    expect(nazorg.missing).toEqual(['brug']);
    expect(nazorg.matched).toEqual(['nazorg']);
    // Full matches come before partial ones.
    const mixed = search('regeling gewijzigd college');
    expect(mixed.documents[0]!.partial).toBe(false);
  });

  it('follows a quoted phrase with its words close together, then anywhere on a page, as partial matches', () => {
    const close = search('"zo licht als kan, zo zwaar als nodig"');
    const apart = close.documents.find((d) => d.title === 'Stuk phrase-apart');
    expect(apart?.partial).toBe(true);
    expect(apart?.missing).toEqual(['zo licht als kan, zo zwaar als nodig']);
    const scattered = search('"drie decentralisaties"');
    expect(scattered.documents.map((d) => d.title)).toEqual(['Stuk phrase-scattered']);
    expect(scattered.documents[0]!.partial).toBe(true);
  });

  it('follows a quoted phrase found on few pages with pages that have its telling word, not its common ones', () => {
    const results = search('"drempelloos erbij halen"');
    const titles = results.documents.map((d) => d.title);
    expect(titles[0]).toBe('Stuk phrase-exact');
    expect(results.documents[0]!.partial).toBe(false);
    const telling = results.documents.find((d) => d.title === 'Stuk phrase-telling-word');
    expect(telling?.partial).toBe(true);
    expect(telling?.missing).toEqual(['drempelloos erbij halen']);
    // "erbij" is on three times as many pages as "drempelloos": a page with only that word says nothing.
    expect(titles.filter((t) => t.startsWith('Stuk phrase-common-word'))).toEqual([]);
  });

  it('offers "Bedoelde u" from the library’s own words, with its results', () => {
    const results = search('partcipatieraad');
    expect(results.didYouMean).toBe('participatieraad');
    expect(found(results)).toContain('Stuk typo');
  });

  it('never returns nothing when a content word occurs anywhere, and does not "correct" a real word', () => {
    const results = search('nazorg ruimtevaartorganisatie');
    expect(results.didYouMean).toBeNull();
    expect(results.documents.map((d) => d.title)).toContain('Stuk question');
  });
});

describe('domain synonyms and abbreviations', () => {
  it('matches a word in quotes only as written', () => {
    const titles = found(search('"wmo" huishoudelijke hulp'));
    expect(titles).toContain('Stuk literal');
    expect(titles).not.toContain('Stuk synonym');
  });

  it('matches a synonym in its other number, and finds the list from a word in the number it does not list (dokter → artsen, artsen → dokter)', () => {
    // The list has "arts"; the stemmer keeps it apart from "artsen" (art / arts).
    finds('dokter voorlichting', 'synonym-plural-s');
    finds('artsen spoedpost', 'synonym-singular-s');
  });

  it('finds the spelled-out form from the abbreviation and ranks the literal match first', () => {
    const results = search('wmo huishoudelijke hulp');
    const titles = found(results);
    expect(titles).toContain('Stuk synonym');
    expect(titles.indexOf('Stuk literal')).toBeLessThan(titles.indexOf('Stuk synonym'));
    // The reader marks what was found: the synonym too.
    expect(results.markQuery).toContain('"wet maatschappelijke ondersteuning"');
    const text = 'De Wet maatschappelijke ondersteuning regelt de huishoudelijke hulp.';
    expect(matchRanges(text, parseQuery(results.markQuery)).map((r) => text.slice(r.start, r.end))).toContain('Wet maatschappelijke ondersteuning');
  });
});

describe('ranking', () => {
  it('ranks the words close together above the same words far apart', () => {
    const titles = found(search('armoede sport'));
    expect(titles.indexOf('Stuk armoede sport dichtbij')).toBeLessThan(titles.indexOf('Stuk armoede sport ver'));
  });

  it('ranks the page with the kind of answer a question asks for first: a year for "wanneer"', () => {
    const titles = found(search('wanneer wordt de fietsbrug opgeleverd?'));
    expect(titles.slice(0, 2)).toEqual(['Planning fietsbrug', 'Ontwerp fietsbrug']);
    // Without the question word, the page that names the bridge twice comes first.
    expect(found(search('fietsbrug opgeleverd')).slice(0, 2)).toEqual(['Ontwerp fietsbrug', 'Planning fietsbrug']);
  });

  it('ranks prose above a page that is a list of names', () => {
    const titles = found(search('sleutelwoord'));
    expect(titles).toEqual(['Beleidsnota', 'Ledenlijst']);
  });
});

describe('bad input never fails', () => {
  const odd = [
    '',
    '   ',
    '"',
    '-',
    '*',
    ':',
    '^',
    '"passend onderwijs',
    'nazorg*',
    'body:nazorg',
    '^nazorg',
    'NEAR(nazorg klant)',
    'nazorg AND klant',
    'nazorg or klant',
    'NOT nazorg',
    'nazorg not klant',
    '(((nazorg',
    'nazorg -',
    '\u0000nazorg\u0007',
    'nazorg\u202e',
    '-"',
    '"" "" ""',
    'a'.repeat(2000),
    Array.from({ length: 300 }, (_, i) => (i % 2 ? 'nazorg' : 'klant')).join(' '),
  ];
  for (const query of odd) {
    it(`searches ${JSON.stringify(query.length > 40 ? `${query.slice(0, 40)}… (${query.length} characters)` : query)} without an error`, () => {
      const results = search(query);
      expect(results.total).toBeGreaterThanOrEqual(0);
    });
  }

  it('finds the words among FTS syntax and control characters', () => {
    expect(found(search('nazorg*'))).toContain('Stuk question');
    expect(found(search('\u0000nazorg\u0007'))).toContain('Stuk question');
    // FTS5's NEAR is no operator here: an unknown word, so the page follows as a partial match.
    const near = search('NEAR(nazorg klant)').documents.find((d) => d.title === 'Stuk question');
    expect(near?.matched).toEqual(['nazorg', 'klant']);
  });

  it('searches a pasted passage by its first words, and says so', () => {
    const results = search(Array.from({ length: 60 }, (_, i) => (i === 0 ? 'nazorg' : `woord${i}`)).join(' '));
    expect(results.notice?.code).toBe('search.truncated');
    expect(results.documents.map((d) => d.title)).toContain('Stuk question');
  });

  it('takes an amount too large to be a number and a run of letters without spaces in its stride', () => {
    for (const query of ['€ 10.000.000.000.000.000', 'windpark 20000000000 miljard', '5000000000000000 euro']) expect(search(query).total).toBeGreaterThanOrEqual(0);
    // Text pasted without spaces: the compound splitter must not try every cut of 10,000 letters.
    expect(search('zorg'.repeat(2500)).total).toBe(0);
  });

  it('says so when a query has only common words', () => {
    const results = search('de het een wat');
    expect(results.documents).toEqual([]);
    expect(results.notice?.code).toBe('search.only-stopwords');
    expect(results.notice?.nl).toContain('de, het, een, wat');
  });
});
