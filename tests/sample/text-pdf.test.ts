import { PDFDocument } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { textToPdf } from '../../scripts/lib/text-pdf.ts';

/** Text per page as pdf.js reads it: one string per line, top to bottom. */
async function pagesOf(bytes: Uint8Array): Promise<string[][]> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const pdf = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const pages: string[][] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    const lines = new Map<number, string>();
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const y = Math.round(item.transform[5]);
      lines.set(y, (lines.get(y) ?? '') + item.str);
    }
    pages.push([...lines].sort((a, b) => b[0] - a[0]).map(([, text]) => text));
  }
  await pdf.destroy();
  return pages;
}

describe('textToPdf', () => {
  const lines = [
    'Beslisnota voor de raad',
    '',
    'De financiële gevolgen zijn voor één jaar in beeld gebracht (vroeg-',
    'signalering, re-integratie).',
    'ҍ een bullet zoals de seed hem geeft; ς en Ŝ uit een kapotte fontcodering',
    '\uf0a7 een teken zonder glyph in DejaVu Sans',
  ];

  it('writes a text layer that reads back line for line, Dutch diacritics and seed artefacts included', async () => {
    const result = await textToPdf({ title: 'Ontwikkelagenda passend onderwijs en jeugdhulp', lines });
    const [page] = await pagesOf(result.bytes);
    expect(page).toEqual([
      'Gemeente Zwolle — Ontwikkelagenda passend onderwijs en jeugdhulp',
      'Ontwikkelagenda passend onderwijs en jeugdhulp',
      ...lines.filter((l) => l !== '').map((l) => l.replace('\uf0a7', '\uFFFD')),
      'Pagina 1 van 1',
    ]);
    expect(result).toMatchObject({ pageCount: 1, replacedChars: 1 });
  });

  it('gives the same bytes for the same input, with fixed metadata', async () => {
    const date = new Date('2016-11-16T12:00:00Z');
    const [a, b] = await Promise.all([0, 1].map(() => textToPdf({ title: 'Beslisnota', lines, date })));
    expect(Buffer.from(a!.bytes).equals(Buffer.from(b!.bytes))).toBe(true);
    const pdf = await PDFDocument.load(a!.bytes, { updateMetadata: false });
    expect(pdf.getTitle()).toBe('Beslisnota');
    expect(pdf.getAuthor()).toBe('Gemeente Zwolle');
    expect(pdf.getProducer()).toBe('Raadsmap sample builder');
    expect(pdf.getCreationDate()).toEqual(date);
    expect(pdf.getModificationDate()).toEqual(date);
  });

  it('runs onto as many A4 pages as needed, numbering each, and wraps lines that are too wide', async () => {
    const long = `${'schulddienstverlening '.repeat(30)}einde`;
    const body = Array.from({ length: 300 }, (_, i) => `Regel ${i + 1} van het document`);
    const result = await textToPdf({ title: 'Rekenkamerrapport', header: 'Rekenkamercommissie Zwolle — Rapport', lines: [long, ...body] });
    const pages = await pagesOf(result.bytes);
    expect(result.pageCount).toBe(pages.length);
    expect(pages.length).toBeGreaterThan(5);
    const { width, height } = (await PDFDocument.load(result.bytes)).getPage(0).getSize();
    expect([width, height]).toEqual([595.28, 841.89]);
    pages.forEach((page, i) => {
      expect(page[0]).toBe('Rekenkamercommissie Zwolle — Rapport');
      expect(page.at(-1)).toBe(`Pagina ${i + 1} van ${pages.length}`);
    });
    const text = pages.flatMap((page) => page.slice(1, -1));
    const wrapped = text.slice(1, text.indexOf('Regel 1 van het document'));
    expect(wrapped.length).toBeGreaterThan(1);
    expect(wrapped.join(' ')).toBe(long);
    expect(text.filter((l) => l.startsWith('Regel '))).toEqual(body);
  });
});
