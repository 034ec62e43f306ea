// The outline derived from the text of the bundled sample reports, read with
// pdf.js as the core opens PDFs. Their headings are numbered lines in the body
// font (only the title is bold and larger); the truth below is what
// `pdftotext -layout` shows on each page.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPdf } from '../../electron/core/extraction/pdfjs.ts';
import { textToPdf } from '../../scripts/lib/text-pdf.ts';
import { deriveDocumentOutline, type OutlineEntry } from '../../shared/derived-outline.ts';
import { repo } from '../support/chromium.ts';

const sample = (meeting: string, file: string) => path.join(repo, 'resources', 'sample', meeting, 'documenten', file);
const REKENKAMERRAPPORT = sample('2017-01-09-raadsplein-info-debat', 'rekenkamerrapport-schulddienstverlening.pdf');
const HANDREIKING = sample('2017-02-13-raadsplein-info-debat', 'handreiking-integrale-schuldhulpverlening.pdf');
const INFORMATIENOTA = sample('2017-01-09-raadsplein-info-debat', 'informatienota-rekenkameronderzoek-schulddienstverlening.pdf');

async function outlineOf(data: Uint8Array): Promise<{ entries: OutlineEntry[]; pages: number; ms: number }> {
  const started = performance.now();
  const pdf = await (await openPdf(data)).promise;
  try {
    const entries = await deriveDocumentOutline(pdf);
    return { entries, pages: pdf.numPages, ms: performance.now() - started };
  } finally {
    await pdf.destroy();
  }
}
const outlineOfFile = (file: string) => outlineOf(new Uint8Array(fs.readFileSync(file)));
const simple = (entries: OutlineEntry[]) => entries.map((e) => `${e.level} ${e.title} … ${e.page}`);

describe('the derived outline of the sample reports', () => {
  it('rekenkamerrapport (57 pages): every numbered chapter, section and appendix on its page; no running header, page number or numbered list', async () => {
    const { entries } = await outlineOfFile(REKENKAMERRAPPORT);
    expect(simple(entries)).toEqual([
      '1 Rekenkamerrapport Schulddienstverlening … 1',
      '1 1. Inleiding … 2',
      '2 1.1 Onderzoeksvraag … 2',
      '2 1.2 Normenkader … 4',
      '2 1.3 Leeswijzer … 5',
      '1 2. Beleidsscan … 6',
      '2 2.1 Landelijk kader … 6',
      '2 2.2 Beleidsplan Schulddienstverlening Zwolle … 6',
      '2 2.3 Scope onderzoek en taakverdeling … 10',
      '2 2.4 Participatie en WMO … 13',
      '1 3. Beschrijving armoede, schulden en diensten … 13',
      '2 3.1 Armoede in Zwolle … 13',
      '2 3.2 Schulden in Zwolle … 14',
      '2 3.3 Aanbod van diensten, afbakening en processchema … 15',
      '2 3.4 Overzicht diensten en processchema … 16',
      '2 3.5 SDV Zwolle … 16',
      '2 3.6 Preventie … 16',
      '2 3.7 Samenwerking en diensten aangeboden door samenwerkingspartners … 17',
      '2 3.8 Wet Schuldsanering Natuurlijke Personen (WSNP) … 19',
      '1 4. Schulddienstverlening: het minnelijk traject … 20',
      '2 4.1 Aanmelding en intakefase … 20',
      '2 4.2 Budgetbeheer en schuldregeling … 22',
      '2 4.3 Cijfermatige analyse minnelijk traject … 25',
      '2 4.4 Uitstroom naar WSNP en nazorg … 25',
      '2 4.5 Financiën minnelijk traject … 27',
      '2 4.6 Uitvoering en samenwerking bij minnelijk traject … 28',
      '2 4.7 Doorlooptijd beginfase en communicatie … 28',
      '2 4.8 Nazorg … 30',
      '2 4.9 Integraliteit en toeleiding naar schulddienstverlening … 31',
      '2 4.10 Bereik en informeren burgers … 34',
      '1 5. Ontwikkelingen en innovatie … 35',
      '2 5.1 Ontwikkelingen in schuldenproblematiek … 35',
      '2 5.2 Innovatie … 36',
      '1 6. Toekomstperspectief en aanknopingspunten … 38',
      '2 6.1 Economische trends en ontwikkelingen … 38',
      '2 6.2 Voorlichting in preventie niet effectief … 39',
      '1 7. Conclusies en aanbevelingen … 40',
      '2 7.1 Normenkader … 40',
      '2 7.2 Conclusies … 43',
      '2 7.3 Aanbevelingen … 47',
      '1 Bijlage 1: Begrippen … 52',
      '1 Bijlage 3: Gesprekspartners … 53',
      '1 Bijlage 4: Situatieschets armoede … 54',
      '1 Bijlage 5: Initiatieven schulddienstverlening … 55',
    ]);
    // What a reader would see go wrong: the running header, the "Pagina x van 57" footer, the numbered lists inside chapters.
    const titles = entries.map((e) => e.title).join('\n');
    expect(titles).not.toMatch(/Rekenkamercommissie Zwolle —|Pagina \d|Aanmelding$|Intakegesprek|De klant blijft|120-dagen fase|Minimale wacht/mu);
  });

  it('handreiking (69 pages, the largest sample): chapters and appendices on their pages, all thirteen practices, no footnote, table row or list item', async () => {
    const { entries, pages, ms } = await outlineOfFile(HANDREIKING);
    console.log(`handreiking: ${pages} pages, outline of ${entries.length} entries in ${Math.round(ms)} ms (open, read every page's text, derive)`);
    expect(simple(entries.filter((e) => e.level === 1))).toEqual([
      '1 Handreiking integrale schuldhulpverlening … 1',
      '1 1 Inleiding … 1',
      '1 2 Aanbevelingen voor beleid … 4',
      '1 3 De praktijkvoorbeelden … 12',
      '1 Bijlage 1 Overzicht geraadpleegde literatuur … 67',
      '1 Bijlage 2 Deelnemers 1e expertmeeting … 68',
      '1 Bijlage 3 Gesprekspartners … 68',
      '1 Bijlage 4 Deelnemers 2e expertmeeting … 69',
    ]);
    const sections = entries.filter((e) => e.title.startsWith('3.'));
    expect(sections.map((e) => e.title.replace(/ .*/u, ''))).toEqual(Array.from({ length: 13 }, (_, i) => `3.${i + 1}`));
    expect(simple(sections).slice(-2)).toEqual(['2 3.12 Zeeuws Vlaanderen … 60', '2 3.13 Zwolle … 65']);
    expect(entries.map((e) => e.title).join('\n')).not.toMatch(/^(3\.0|8 Gemeente|1 plan|23 - 27|14 gemeenten)/mu);
  });

  it('informatienota (14 pages): numbered chapters without sections, but not the list of appendices under its header', async () => {
    const { entries } = await outlineOfFile(INFORMATIENOTA);
    expect(simple(entries)).toEqual([
      '1 Informatienota Rekenkameronderzoek Schulddienstverlening … 1',
      '1 1 Inleiding … 1',
      '1 2 Kernboodschap … 2',
      '1 3 Reactie college … 3',
      '1 4 Aanbevelingen … 13',
      '1 5 Communicatie … 13',
      '1 6 Vervolg … 13',
      '1 7 Openbaarheid … 14',
    ]);
  });

  it('a report with a table of contents: the headings on their own pages, not the contents lines', async () => {
    const body = Array.from({ length: 20 }, () => 'De gemeente werkt samen met haar partners aan een sluitende aanpak voor alle inwoners.');
    const newPage = Array.from({ length: 130 }, () => '');
    const pdf = await textToPdf({
      title: 'Jaarverslag sociaal domein',
      lines: [
        'Inhoud',
        '1 Inleiding ........................................ 2',
        '1.1 Aanleiding ........................................ 2',
        '2 Resultaten ........................................ 3',
        '2.1 Jeugdhulp ........................................ 3',
        ...newPage,
        '1 Inleiding',
        ...body,
        '1.1 Aanleiding',
        ...body,
        ...newPage,
        '2 Resultaten',
        ...body,
        '2.1 Jeugdhulp',
        ...body,
      ],
    });
    const { entries, pages } = await outlineOf(pdf.bytes);
    expect(pages).toBe(3);
    expect(simple(entries)).toEqual(['1 Jaarverslag sociaal domein … 1', '1 1 Inleiding … 2', '2 1.1 Aanleiding … 2', '1 2 Resultaten … 3', '2 2.1 Jeugdhulp … 3']);
  });
});
