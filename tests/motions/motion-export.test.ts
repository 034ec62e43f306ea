import JSZip from 'jszip';
import mammoth from 'mammoth';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { extractPdf } from '../../electron/core/extraction/extract-pdf.ts';
import type { ExtractedDocument } from '../../electron/core/extraction/types.ts';
import { motionToDocx } from '../../electron/core/motions/motion-docx.ts';
import { motionToPdf, toWinAnsi } from '../../electron/core/motions/motion-pdf.ts';
import { motionContentSchema, type AmendementContent, type MotieContent, type MotionContent } from '../../shared/motion.ts';
import { formatMotionDate, motionLayout, type MotionBlock } from '../../shared/motion-layout.ts';

const common = {
  municipality: 'Zwolle',
  meetingDate: '2026-02-10',
  meetingTitle: 'Raadsvergadering',
  agendaItem: { number: '7.2', title: 'Fietsbeleid 2026–2030' },
  submitters: [
    { name: 'Anna de Vries', fractie: 'GroenLinks' },
    { name: 'Piet Jansen', fractie: 'VVD' },
  ],
};

const motie = (overrides: Partial<MotieContent> = {}): MotieContent =>
  motionContentSchema.parse({
    kind: 'motie',
    title: 'Veilige fietsroutes naar school',
    ...common,
    constaterende: [
      { text: 'het aantal fietsongevallen bij scholen stijgt;', citation: { documentId: 12, documentTitle: 'Raadsvoorstel Fietsbeleid', page: 3 } },
      { text: 'ouders zich zorgen maken over de oversteek bij de Assendorperstraat;' },
    ],
    overwegende: [{ text: 'kinderen veilig moeten kunnen fietsen;' }],
    verzoekt: ['een plan voor veilige schoolroutes voor te leggen;', 'de raad voor de zomer te informeren,'],
    ...overrides,
  }) as MotieContent;

const amendement = (overrides: Partial<AmendementContent> = {}): AmendementContent =>
  motionContentSchema.parse({
    kind: 'amendement',
    title: 'Meer groen in het centrum',
    ...common,
    decisionPoint: 'beslispunt 2',
    deleteText: 'een budget van € 100.000 beschikbaar te stellen',
    addText: 'een budget van € 250.000 beschikbaar te stellen\nwaarvan de helft voor bomen',
    toelichting: 'Het centrum heeft te weinig schaduw.\n\nBomen helpen tegen hittestress.',
    ...overrides,
  }) as AmendementContent;

/** Fails unless every part stands in `text`, each after the one before it. */
function expectInOrder(text: string, parts: string[]): void {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    expect(at, `"${part}" after offset ${from} in:\n${text}`).toBeGreaterThanOrEqual(0);
    from = at + part.length;
  }
}

/** 25 mm, in points. */
const MARGIN = 70.87;
const fold = (text: string) => text.replace(/\s+/g, ' ');

async function docxText(content: MotionContent, status: 'concept' | 'ingediend' = 'ingediend'): Promise<string> {
  const bytes = await motionToDocx(content, status);
  const result = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return fold(result.value);
}

async function readPdf(content: MotionContent, status: 'concept' | 'ingediend' = 'ingediend') {
  const bytes = await motionToPdf(content, status);
  const pdf = await extractPdf(bytes.slice());
  return { bytes, pdf, pages: pdf.pages.map((p) => fold(p.rawText)), text: fold(pdf.pages.map((p) => p.rawText).join('\n')) };
}

const MOTIE_ORDER = [
  'Motie',
  'Veilige fietsroutes naar school',
  'De raad van de gemeente Zwolle,',
  'in vergadering bijeen op dinsdag 10 februari 2026,',
  'behandelend agendapunt 7.2 Fietsbeleid 2026–2030,',
  'gehoord de beraadslaging,',
  'constaterende dat',
  'het aantal fietsongevallen bij scholen stijgt; (bron: Raadsvoorstel Fietsbeleid, p. 3)',
  'ouders zich zorgen maken over de oversteek bij de Assendorperstraat;',
  'overwegende dat',
  'kinderen veilig moeten kunnen fietsen;',
  'verzoekt het college',
  'een plan voor veilige schoolroutes voor te leggen;',
  'de raad voor de zomer te informeren,',
  'en gaat over tot de orde van de dag.',
  'Ingediend door:',
  'Anna de Vries',
  'GroenLinks',
  'Piet Jansen',
  'VVD',
];

const AMENDEMENT_ORDER = [
  'Amendement',
  'Meer groen in het centrum',
  'De raad van de gemeente Zwolle,',
  'in vergadering bijeen op dinsdag 10 februari 2026,',
  'behandelend agendapunt 7.2 Fietsbeleid 2026–2030,',
  'gehoord de beraadslaging,',
  'besluit het ontwerpbesluit (beslispunt 2) als volgt te wijzigen:',
  'te schrappen:',
  'een budget van € 100.000 beschikbaar te stellen',
  'toe te voegen:',
  'een budget van € 250.000 beschikbaar te stellen',
  'waarvan de helft voor bomen',
  'Toelichting',
  'Het centrum heeft te weinig schaduw.',
  'Bomen helpen tegen hittestress.',
  'Ingediend door:',
  'Anna de Vries',
  'Piet Jansen',
];

/** 80 points of some length each: several pages. */
const longMotie = () =>
  motie({
    constaterende: Array.from({ length: 80 }, (_, i) => ({
      text: `punt ${i + 1}: de gemeente heeft in het afgelopen jaar op verschillende plaatsen maatregelen genomen die nog niet zijn geëvalueerd;`,
    })),
  });

const texts = (blocks: MotionBlock[]) =>
  blocks.map((b) =>
    b.type === 'list' ? b.items.map((i) => i.lines.join(' / ')).join(' | ') : b.type === 'signatures' ? b.submitters.map((s) => `${s.name}, ${s.fractie}`).join(' | ') : b.text,
  );

describe('motionLayout', () => {
  it('lays out a motie in the standard order', () => {
    const blocks = motionLayout(motie(), 'ingediend');
    expect(blocks.map((b) => b.type)).toEqual([
      'heading',
      'heading',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
      'list',
      'paragraph',
      'list',
      'paragraph',
      'list',
      'paragraph',
      'paragraph',
      'signatures',
    ]);
    expect(blocks[0]).toEqual({ type: 'heading', level: 1, text: 'Motie' });
    const first = blocks.find((b) => b.type === 'list');
    expect(first?.type === 'list' && first.items[0]).toEqual({
      lines: ['het aantal fietsongevallen bij scholen stijgt;'],
      citation: { documentId: 12, documentTitle: 'Raadsvoorstel Fietsbeleid', page: 3, label: '(bron: Raadsvoorstel Fietsbeleid, p.\u00a03)' },
    });
    expect(blocks.at(-1)).toEqual({ type: 'signatures', submitters: common.submitters });
  });

  it('marks a concept, and leaves out empty sections, blank points and the agenda item of a motie vreemd aan de orde', () => {
    const blocks = motionLayout(
      motie({ agendaItem: null, constaterende: [{ text: '  \n\t ' }], overwegende: [{ text: 'eerste regel\r\n\n  tweede   regel ' }, { text: '' }], verzoekt: [' '], submitters: [{ name: ' ', fractie: '' }] }),
      'concept',
    );
    expect(texts(blocks)).toEqual([
      'Motie',
      'Concept',
      'Veilige fietsroutes naar school',
      'De raad van de gemeente Zwolle,',
      'in vergadering bijeen op dinsdag 10 februari 2026,',
      'gehoord de beraadslaging,',
      'overwegende dat',
      'eerste regel / tweede regel',
      'en gaat over tot de orde van de dag.',
    ]);
  });

  it('lays out an amendement, with only the parts it has', () => {
    const full = texts(motionLayout(amendement(), 'ingediend'));
    expectInOrder(full.join('\n'), AMENDEMENT_ORDER);
    const onlyAdding = texts(motionLayout(amendement({ decisionPoint: '', deleteText: ' ', toelichting: '', agendaItem: { number: null, title: 'Begroting' } }), 'ingediend'));
    expect(onlyAdding).toContain('besluit het ontwerpbesluit als volgt te wijzigen:');
    expect(onlyAdding).toContain('behandelend agendapunt Begroting,');
    expect(onlyAdding).not.toContain('te schrappen:');
    expect(onlyAdding).not.toContain('Toelichting');
    expect(onlyAdding).toContain('toe te voegen:');
  });

  it('writes the meeting date in Dutch, and leaves a date that does not exist as it is', () => {
    expect(formatMotionDate('2026-02-10')).toBe('dinsdag 10 februari 2026');
    expect(formatMotionDate('2017-01-23')).toBe('maandag 23 januari 2017');
    expect(formatMotionDate('2026-02-31')).toBe('2026-02-31');
  });
});

describe('motionToDocx', () => {
  it('writes every section of a motie in order', async () => {
    expectInOrder(await docxText(motie()), MOTIE_ORDER);
  });

  it('writes an amendement in order', async () => {
    expectInOrder(await docxText(amendement()), AMENDEMENT_ORDER);
  });

  it('is an A4 document with Raadsmap as its creator, a dashed list and page numbers in the footer', async () => {
    const zip = await JSZip.loadAsync(await motionToDocx(motie(), 'concept'));
    const core = await zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain('<dc:title>Motie: Veilige fietsroutes naar school</dc:title>');
    expect(core).toContain('<dc:creator>Raadsmap</dc:creator>');
    const body = await zip.file('word/document.xml')!.async('string');
    expect(body).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(body).toContain('<w:numPr>');
    const numbering = await zip.file('word/numbering.xml')!.async('string');
    expect(numbering).toContain('<w:lvlText w:val="-"/>');
    const footers = await Promise.all(Object.keys(zip.files).filter((name) => /^word\/footer\d*\.xml$/.test(name)).map((name) => zip.file(name)!.async('string')));
    expect(footers.join('')).toMatch(/Pagina .*PAGE.*van .*NUMPAGES/s);
    expect(await docxText(motie(), 'concept')).toMatch(/^Motie CONCEPT Veilige/);
  });
});

describe('motionToPdf', () => {
  it('writes every section of a motie in order, on one page, with its metadata', async () => {
    const { bytes, pdf, text } = await readPdf(motie());
    expectInOrder(text, [...MOTIE_ORDER, 'Pagina 1 van 1']);
    expect(pdf.pageCount).toBe(1);
    expect(pdf.info.title).toBe('Motie: Veilige fietsroutes naar school');
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    expect(doc.getCreator()).toBe('Raadsmap');
    expect(doc.getAuthor()).toBe('Anna de Vries (GroenLinks), Piet Jansen (VVD)');
    const [width, height] = [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()];
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842]);
  });

  it('writes an amendement in order', async () => {
    const { text } = await readPdf(amendement());
    // The en dash and euro sign are WinAnsi: they survive.
    expectInOrder(text, AMENDEMENT_ORDER);
  });

  it('goes on over several pages for a long motion, each numbered "Pagina n van m"', async () => {
    const { pdf, pages, text } = await readPdf(longMotie());
    expect(pdf.pageCount).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => expect(page).toContain(`Pagina ${i + 1} van ${pdf.pageCount}`));
    // Nothing lost at the page breaks: every point, in order, then the closing phrases.
    expectInOrder(text, [
      ...Array.from({ length: 80 }, (_, i) => `punt ${i + 1}: de gemeente`),
      'overwegende dat',
      'en gaat over tot de orde van de dag.',
      'Ingediend door:',
      'Piet Jansen',
    ]);
    expectInsideMargins(pdf);
  });

  it('starts a new page rather than leave a section phrase alone at the bottom', async () => {
    // Short points, one more each time: the phrases after them move down page 1 line by line, past its bottom.
    for (let n = 12; n <= 31; n++) {
      const short = motie({ constaterende: Array.from({ length: n }, (_, i) => ({ text: `punt ${i + 1};` })) });
      const { pages } = await readPdf(short);
      if (n >= 26) expect(pages.length).toBeGreaterThan(1);
      for (const page of pages) expect(page.trimEnd()).not.toMatch(/(constaterende dat|overwegende dat|verzoekt het college|Ingediend door:) Pagina \d+ van \d+$/);
    }
  });

  it('breaks one long point over pages, inside the margins', async () => {
    const words = Array.from({ length: 2000 }, (_, i) => `woord${i}`);
    const { pdf, text } = await readPdf(motie({ constaterende: [{ text: words.join(' ') }] }));
    expect(pdf.pageCount).toBeGreaterThanOrEqual(3);
    expectInOrder(text, [...words.filter((_, i) => i % 100 === 0), 'woord1999', 'overwegende dat']);
    expectInsideMargins(pdf);
  });
});

/** Every text run within the page's margins; the footer below the bottom margin. */
function expectInsideMargins(pdf: ExtractedDocument): void {
  for (const page of pdf.pages) {
    for (const run of page.runs) {
      const text = page.rawText.slice(run.start, run.end);
      expect(run.x, text).toBeGreaterThanOrEqual(MARGIN - 0.1);
      expect(run.x + run.width, text).toBeLessThanOrEqual(595.28 - MARGIN + 0.1);
      if (/^(Pagina \d+ van \d+|Concept)$/.test(text)) expect(run.y, text).toBeLessThan(MARGIN);
      else {
        expect(run.y, text).toBeGreaterThanOrEqual(MARGIN - 4); // descenders may reach just below the baseline
        expect(run.y + run.height, text).toBeLessThanOrEqual(841.89 - MARGIN + 4);
      }
    }
  }
}

describe('odd input', () => {
  const longWord = 'Gemeentelijkeschuldhulpverleningsbeleidsnotaevaluatie'.repeat(6);
  const odd = () =>
    motie({
      title: 'Fietsen 🚲 naar de ĳsbaan, 北京 en Łódź',
      municipality: 'Súdwest-Fryslân',
      constaterende: [
        { text: `${longWord} is één woord;` },
        { text: 'de Ĳssel 👩‍👩‍👧 buiten zijn oevers treedt;\u0000\u0007 ≥ 3 m', citation: { documentId: 1, documentTitle: 'Notitie 🌊 hoogwater', page: 99 } },
        { text: '\ud800 een losse surrogaat en e\u0301 en \u0301 en soft\u00adhyphen' },
      ],
      overwegende: [],
      verzoekt: ['  '],
      submitters: [{ name: 'Ĳsbrand Ŀ', fractie: '' }],
    });

  it('spells what WinAnsi lacks and never throws', async () => {
    const doc = await PDFDocument.create();
    const set = new Set((await doc.embedFont(StandardFonts.Helvetica)).getCharacterSet());
    expect(toWinAnsi('ĳsbaan Ĳssel', set)).toBe('ijsbaan IJssel');
    expect(toWinAnsi('Łódź “x” – € é', set)).toBe('Lódz “x” – € é');
    expect(toWinAnsi('e\u0301', set)).toBe('é');
    expect(toWinAnsi('a🚲b 👩‍👩‍👧 北京', set)).toBe('a?b ? ??');
    expect(toWinAnsi('a\tb \n c', set)).toBe('a b c');
    expect(toWinAnsi('p.\u00a03', set)).toBe('p.\u00a03');
  });

  it('still exports to PDF', async () => {
    const { pdf, text } = await readPdf(odd(), 'concept');
    expectInOrder(text, [
      'Fietsen ? naar de ijsbaan, ?? en Lódz',
      'De raad van de gemeente Súdwest-Fryslân,',
      'constaterende dat',
      'de IJssel ? buiten zijn oevers treedt; >= 3 m (bron: Notitie ? hoogwater, p. 99)',
      '? een losse surrogaat en é en ? en softhyphen',
      'en gaat over tot de orde van de dag.',
      'IJsbrand',
    ]);
    expect(text).not.toContain('overwegende dat');
    expect(text).not.toContain('verzoekt het college');
    // The long word is cut over lines, not lost and not past the margin.
    expect(text.replace(/\s/g, '')).toContain(`${longWord}iséénwoord;`);
    expectInsideMargins(pdf);
    expect(pdf.info.title).toBe('Motie: Fietsen 🚲 naar de ĳsbaan, 北京 en Łódź');
  });

  it('still exports to DOCX, keeping the characters Word can show', async () => {
    const text = await docxText(odd(), 'concept');
    expectInOrder(text, [
      'Fietsen 🚲 naar de ĳsbaan, 北京 en Łódź',
      'De raad van de gemeente Súdwest-Fryslân,',
      `${longWord} is één woord;`,
      'de Ĳssel 👩‍👩‍👧 buiten zijn oevers treedt; ≥ 3 m (bron: Notitie 🌊 hoogwater, p. 99)',
      'en gaat over tot de orde van de dag.',
      'Ĳsbrand Ŀ',
    ]);
    expect(text).not.toContain('\u0000');
  });

  it('exports a draft that is still all but empty', async () => {
    const empty = motie({ title: '', municipality: '', agendaItem: null, constaterende: [], overwegende: [], verzoekt: [], submitters: [] });
    const { text } = await readPdf(empty, 'concept');
    expectInOrder(text, ['Motie', 'CONCEPT', 'De raad,', 'gehoord de beraadslaging,', 'en gaat over tot de orde van de dag.', 'Pagina 1 van 1']);
    expectInOrder(await docxText(empty), ['Motie', 'De raad,', 'en gaat over tot de orde van de dag.']);
    const bare = amendement({ title: '', decisionPoint: '', deleteText: '', addText: '', toelichting: '', submitters: [] });
    expectInOrder((await readPdf(bare)).text, ['Amendement', 'besluit het ontwerpbesluit als volgt te wijzigen:']);
    expectInOrder(await docxText(bare), ['Amendement', 'besluit het ontwerpbesluit als volgt te wijzigen:']);
  });
});
