// The outline derived from a document's text, on pdf.js-shaped text items
// built here: one rule per case, each case failing without its rule.
import { describe, expect, it } from 'vitest';
import { deriveOutline, outlinePage, outlineTree, type OutlineEntry, type OutlinePage, type OutlineTextStyle } from '../../shared/derived-outline.ts';

interface Line {
  text: string;
  size?: number;
  font?: string;
}

const BODY = 'Dit is gewone lopende tekst van het rapport, in de letter van de hele tekst en tot de kantlijn';
const body = (n: number): Line[] => Array.from({ length: n }, () => ({ text: BODY }));

/** A page as pdf.js gives it: one item per line, top to bottom, 14 pt apart; `header` and `footer` at the page's edges. */
function page(lines: Line[], options: { header?: Line; footer?: Line; styles?: Record<string, OutlineTextStyle> } = {}): OutlinePage {
  const item = ({ text, size = 10, font = 'body' }: Line, y: number) => ({ str: text, hasEOL: true, transform: [size, 0, 0, size, 50, y], width: text.length * size * 0.5, fontName: font });
  const items = lines.map((line, k) => item(line, 760 - k * 14));
  // Content order need not match the page: like the sample PDFs, header and footer come last.
  if (options.header) items.push(item(options.header, 806));
  if (options.footer) items.push(item(options.footer, 30));
  return outlinePage({ items, styles: options.styles ?? {} });
}

const simple = (entries: OutlineEntry[]) => entries.map((e) => `${e.level} ${e.title} … ${e.page}`);

describe('deriveOutline on text items', () => {
  it('finds numbered headings standing alone on a line, with their page and the level of their numbering', () => {
    const pages = [
      page([{ text: '1 Inleiding' }, ...body(10), { text: '1.1 Aanleiding' }, ...body(10)]),
      page([...body(10), { text: '1.2 Vraagstelling' }, ...body(10)]),
      page([{ text: '2 Beleid' }, ...body(5), { text: '2.1 Kaders' }, ...body(5), { text: '2.1.1 Wettelijk kader' }, ...body(5)]),
    ];
    expect(simple(deriveOutline(pages))).toEqual([
      '1 1 Inleiding … 1',
      '2 1.1 Aanleiding … 1',
      '2 1.2 Vraagstelling … 2',
      '1 2 Beleid … 3',
      '2 2.1 Kaders … 3',
      '3 2.1.1 Wettelijk kader … 3',
    ]);
  });

  it('leaves out running headers and page numbers, even when set larger than the text', () => {
    const pages = Array.from({ length: 4 }, (_, p) =>
      page([{ text: p === 0 ? 'Samenvatting' : `Bijlage ${p}`, size: 14 }, ...body(12)], {
        header: { text: 'Rekenkamerrapport Jeugdhulp', size: 12 },
        footer: { text: `Pagina ${p + 1}`, size: 12 },
      }),
    );
    // "Bijlage 1" to "3" open pages in a row, as a running header would, but their own numbers differ.
    expect(simple(deriveOutline(pages))).toEqual(['1 Samenvatting … 1', '1 Bijlage 1 … 2', '1 Bijlage 2 … 3', '1 Bijlage 3 … 4']);
  });

  it('leaves out a table of contents with dot leaders', () => {
    const pages = [
      // Too few lines of this page end in a number for a table of contents: only the leaders tell.
      page([{ text: 'Inhoud', size: 14 }, { text: '1 Inleiding ..................... 2' }, { text: '1.1 Aanleiding ..................... 2' }, { text: '2 Beleid ..................... 3' }, ...body(8)]),
      page([{ text: '1 Inleiding' }, ...body(5), { text: '1.1 Aanleiding' }, ...body(5)]),
      page([{ text: '2 Beleid' }, ...body(5), { text: '2.1 Kaders' }, ...body(5)]),
    ];
    expect(simple(deriveOutline(pages))).toEqual(['1 Inhoud … 1', '1 1 Inleiding … 2', '2 1.1 Aanleiding … 2', '1 2 Beleid … 3', '2 2.1 Kaders … 3']);
  });

  it('leaves out a table of contents without leaders: a page whose lines end in page numbers', () => {
    const pages = [
      page([{ text: 'Inhoud', size: 14 }, { text: '1 Inleiding 2' }, { text: '1.1 Aanleiding 2' }, { text: '2 Beleid 3' }, { text: '2.1 Kaders 3' }]),
      page([{ text: '1 Inleiding' }, ...body(5), { text: '1.1 Aanleiding' }, ...body(5)]),
      page([{ text: '2 Beleid' }, ...body(5), { text: '2.1 Kaders' }, ...body(5)]),
    ];
    expect(simple(deriveOutline(pages)).slice(1)).toEqual(['1 1 Inleiding … 2', '2 1.1 Aanleiding … 2', '1 2 Beleid … 3', '2 2.1 Kaders … 3']);
  });

  it('takes numbered lists in the text for no chapters: sentences, restarted lists, and items next to each other', () => {
    const pages = [
      page([
        { text: '1 Inleiding' },
        ...body(3),
        { text: '1.1 Aanleiding' },
        { text: '2. De raad stelt het beleidsplan vast.' },
        ...body(3),
        // Headings by their look, but an item numbered 2 right below the one numbered 1.
        { text: '1. Aanmelding' },
        { text: '2. Intakegesprek' },
        { text: '3. Plan van aanpak' },
        ...body(3),
      ]),
      page([{ text: '2 Beleid' }, ...body(5), { text: '2.1 Kaders' }, ...body(5), { text: '1. Stabilisatiefase' }, ...body(2)]),
    ];
    expect(simple(deriveOutline(pages))).toEqual(['1 1 Inleiding … 1', '2 1.1 Aanleiding … 1', '1 2 Beleid … 2', '2 2.1 Kaders … 2']);
  });

  it('takes a numbered line that wraps into a sentence for no heading', () => {
    const pages = [
      page([{ text: '1 Inleiding' }, ...body(3), { text: '1.1 Aanleiding' }, ...body(3), { text: '2 Gemeenten in de regio werken samen met' }, { text: 'de zorgaanbieders aan een nieuwe aanpak.' }, ...body(3)]),
      page([{ text: '2 Beleid' }, ...body(5), { text: '2.1 Kaders' }, ...body(5)]),
    ];
    expect(simple(deriveOutline(pages))).toEqual(['1 1 Inleiding … 1', '2 1.1 Aanleiding … 1', '1 2 Beleid … 2', '2 2.1 Kaders … 2']);
  });

  it('leaves out footnotes, set smaller than the text', () => {
    const pages = [
      page([{ text: '1 Inleiding' }, ...body(3), { text: '1.1 Aanleiding' }, ...body(12)], { footer: { text: '2 Zie de Wet gemeentelijke schuldhulpverlening', size: 8 } }),
      page([{ text: '2 Beleid' }, ...body(5), { text: '2.1 Kaders' }, ...body(5)]),
    ];
    expect(simple(deriveOutline(pages))).toEqual(['1 1 Inleiding … 1', '2 1.1 Aanleiding … 1', '1 2 Beleid … 2', '2 2.1 Kaders … 2']);
  });

  it('does not let a stray numbered line in the body font derail the numbering', () => {
    const pages = [
      page([
        { text: '1 Inleiding' },
        ...body(3),
        { text: '1.1 Aanleiding' },
        ...body(3),
        { text: '2 Zie hiervoor de website van de gemeente' },
        ...body(3),
        { text: '3.1 Schulden in Zwolle' },
        ...body(3),
      ]),
      page([{ text: '1.2 Vraagstelling' }, ...body(5)]),
    ];
    expect(simple(deriveOutline(pages))).toEqual(['1 1 Inleiding … 1', '2 1.1 Aanleiding … 1', '2 1.2 Vraagstelling … 2']);
  });

  it('finds chapters without sections when their numbers follow each other, apart in the text', () => {
    const pages = [
      page([{ text: 'Bijlagen' }, { text: 'Bijlage 1: Actuele pilots' }, { text: 'Bijlage 2: Overzicht aanbevelingen' }, { text: '1 Inleiding' }, ...body(6), { text: '2 Kernboodschap' }, ...body(6)]),
      page([...body(4), { text: '3 Vervolg' }, ...body(3), { text: '4 Openbaarheid' }, ...body(3)]),
    ];
    expect(simple(deriveOutline(pages))).toEqual(['1 1 Inleiding … 1', '1 2 Kernboodschap … 1', '1 3 Vervolg … 2', '1 4 Openbaarheid … 2']);
  });

  it('takes no dates or amounts for headings, even in a larger font', () => {
    const pages = [page([{ text: 'Raadsvoorstel', size: 16 }, ...body(3), { text: '14 November 2016', size: 14 }, ...body(3), { text: 'Totaal € 2,5 miljoen', size: 14 }, ...body(20)])];
    expect(simple(deriveOutline(pages))).toEqual(['1 Raadsvoorstel … 1']);
  });

  it('takes short un-numbered lines only when clearly larger, bold by their font name, or in a font used for headings only', () => {
    // pdf.js names embedded fonts g_d0_f1, g_d0_f2, ...; the family says bold only for some.
    const styles = { bold: { fontFamily: 'Arial-BoldMT' }, bold2: { fontFamily: 'Arial,Bold' }, body: { fontFamily: 'sans-serif' }, f3: { fontFamily: 'sans-serif' }, f4: { fontFamily: 'sans-serif' } };
    const quote = (text: string): Line => ({ text, font: 'f4' });
    const pages = [
      page(
        [
          { text: 'Samenvatting', size: 14 },
          ...body(5),
          { text: 'Aanleiding', font: 'bold' },
          ...body(5),
          { text: 'Financiële gevolgen', font: 'bold2' },
          ...body(5),
          { text: 'Kanttekeningen' },
          ...body(5),
          { text: 'Dit is een lange zin in een grotere letter die de lezer inleidt in dit stuk', size: 14 },
          ...body(5),
          { text: 'Beslispunten', font: 'f3' },
          ...body(5),
          { text: 'Argumenten', font: 'f3' },
          ...body(5),
          // A font for quotes: its short line is no heading.
          quote('Het college heeft de afgelopen jaren stevig ingezet op vroegsignalering,'),
          quote('samenwerking met woningcorporaties en een laagdrempelige toegang.'),
          quote('Bron: Nibud'),
          ...body(5),
        ],
        { styles },
      ),
    ];
    expect(simple(deriveOutline(pages))).toEqual(['1 Samenvatting … 1', '2 Aanleiding … 1', '2 Financiële gevolgen … 1', '2 Beslispunten … 1', '2 Argumenten … 1']);
  });

  it('puts un-numbered headings under the numbered heading before them, unless larger than the chapters', () => {
    const pages = [
      page([{ text: 'Samenvatting', size: 14 }, ...body(5), { text: '1 Inleiding' }, ...body(3), { text: '1.1 Aanleiding' }, ...body(3), { text: 'Argumenten', font: 'f3' }, ...body(3), { text: 'Kanttekeningen', font: 'f3' }, ...body(3)]),
      page([{ text: '2 Beleid' }, ...body(5), { text: '2.1 Kaders' }, ...body(5)]),
    ];
    expect(simple(deriveOutline(pages))).toEqual([
      '1 Samenvatting … 1',
      '1 1 Inleiding … 1',
      '2 1.1 Aanleiding … 1',
      '3 Argumenten … 1',
      '3 Kanttekeningen … 1',
      '1 2 Beleid … 2',
      '2 2.1 Kaders … 2',
    ]);
  });

  it('keeps at most maxEntries entries, dropping the deepest level first', () => {
    const section = (p: number, k: number) => [{ text: `${p}.${k} Paragraaf over onderwerp` }, ...body(2)];
    const pages = Array.from({ length: 60 }, (_, i) => page([{ text: `${i + 1} Hoofdstuk over onderwerp` }, ...body(2), ...section(i + 1, 1), ...section(i + 1, 2), ...section(i + 1, 3)]));
    const all = deriveOutline(pages, { maxEntries: 1000 });
    expect(all).toHaveLength(240);
    const capped = deriveOutline(pages, { maxEntries: 200 });
    expect(capped).toHaveLength(60);
    expect(new Set(capped.map((e) => e.level))).toEqual(new Set([1]));
    expect(deriveOutline(pages, { maxEntries: 50 })).toHaveLength(50);
  });
});

describe('outlineTree', () => {
  it('nests each entry under the nearest earlier entry of a lower level', () => {
    const tree = outlineTree([
      { title: 'Titel', page: 1, level: 1 },
      { title: '1 Inleiding', page: 1, level: 1 },
      { title: '1.1.a Opening', page: 1, level: 3 },
      { title: '1.2 Debat', page: 2, level: 2 },
      { title: '2 Vervolg', page: 3, level: 1 },
    ]);
    const shape = (nodes: typeof tree): unknown[] => nodes.map((n) => (n.children.length > 0 ? [n.title, shape(n.children)] : n.title));
    expect(shape(tree)).toEqual(['Titel', ['1 Inleiding', ['1.1.a Opening', '1.2 Debat']], '2 Vervolg']);
  });
});
