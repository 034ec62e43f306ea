import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { annotatePdf } from '../../electron/core/export/annotate-pdf.ts';
import { openPdf } from '../../electron/core/extraction/pdfjs.ts';
import { writePackage, type TestPackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

const PASSAGE = 'Het college stelt voor de schuldhulpverlening uit te breiden.';
const spec: TestPackage = {
  agenda: [{ id: '4', number: '4', title: 'Schuldhulpverlening', documents: ['doc/voorstel'] }],
  documents: [
    {
      id: 'doc/voorstel',
      title: 'Raadsvoorstel Schuldhulpverlening',
      type: 'raadsvoorstel',
      pages: [['Raadsvoorstel Schuldhulpverlening', 'Inleiding voor de raad.'], ['Beslispunten', PASSAGE, 'De kosten zijn gedekt.']],
    },
  ],
};

async function annotated() {
  const core = createCore({ dataDir: tempDir(), clock: () => new Date('2026-11-22T12:00:00Z'), extractionThreads: 1 });
  cores.push(core);
  await core.importPackages({ paths: [(await writePackage(tempDir(), spec)).dir] });
  const documentId = core.getMeeting({ meetingId: 1 }).agenda[0]!.documents[0]!.id;
  const highlight = await core.createAnnotation({ kind: 'highlight', documentId, page: 2, start: 0, end: 1, exact: 'schuldhulpverlening uit te breiden', color: 'green', note: 'Steunen, mits betaalbaar', tags: ['schulden'] });
  const plain = await core.createAnnotation({ kind: 'highlight', documentId, page: 1, start: 0, end: 1, exact: 'Inleiding', color: 'yellow' });
  const point = await core.createAnnotation({ kind: 'note', documentId, page: 1, point: { x: 400, y: 700 }, note: 'Vragen aan de wethouder' });
  const bytes = fs.readFileSync(core.documentFile(documentId).path);
  return { core, documentId, bytes, annotations: core.listAnnotations({ documentId }), highlight, plain, point };
}

/** Every annotation pdf.js finds, per page, and where the words of the page are. */
async function readBack(bytes: Uint8Array) {
  const pdf = await (await openPdf(new Uint8Array(bytes))).promise;
  const pages = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const annotations = (await page.getAnnotations()) as { subtype: string; color: Uint8ClampedArray | null; contentsObj: { str: string }; titleObj: { str: string }; quadPoints?: Float32Array; rect: number[]; id: string; popupRef?: string }[];
    const text = (await page.getTextContent()).items as { str: string; transform: number[]; width: number; height: number }[];
    pages.push({ annotations, text });
  }
  return { pdf, pages };
}

describe('an annotated PDF of one document', () => {
  it('holds real Highlight and Text annotations with colour, contents, author and QuadPoints over the quoted text', async () => {
    const { bytes, annotations, highlight } = await annotated();
    const out = await annotatePdf(bytes, annotations, { author: 'Anne de Vries', title: 'Raadsvoorstel Schuldhulpverlening' });
    const { pages } = await readBack(out);
    expect(pages).toHaveLength(2);

    const onPage2 = pages[1]!.annotations.filter((a) => a.subtype !== 'Popup');
    expect(onPage2).toHaveLength(1);
    const h = onPage2[0]!;
    expect(h.subtype).toBe('Highlight');
    expect(Array.from(h.color!)).toEqual([61, 199, 89]);
    expect(h.contentsObj.str).toBe('Steunen, mits betaalbaar\n\n#schulden');
    expect(h.titleObj.str).toBe('Anne de Vries');
    expect(pages[1]!.annotations.some((a) => a.subtype === 'Popup')).toBe(true);

    // The quad covers the words: where they are by Helvetica's advance widths (pdf-lib's metrics, not pdf.js's), within a point.
    const line = pages[1]!.text.find((item) => item.str.includes(PASSAGE))!;
    const [qx1, qy1, qx2, , , qy3] = Array.from(h.quadPoints!);
    const lineX = line.transform[4]!;
    const baseline = line.transform[5]!;
    const helvetica = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
    const start = lineX + helvetica.widthOfTextAtSize(PASSAGE.slice(0, PASSAGE.indexOf('schuldhulpverlening')), 11);
    const end = start + helvetica.widthOfTextAtSize('schuldhulpverlening uit te breiden', 11);
    expect(Math.abs(qx1! - start)).toBeLessThan(1);
    expect(Math.abs(qx2! - end)).toBeLessThan(1);
    expect(qy3!).toBeLessThan(baseline); // bottom below the baseline (descenders)
    expect(qy1!).toBeGreaterThan(baseline + 6); // top above the x-height
    expect(highlight.rects).toHaveLength(1);

    const onPage1 = pages[0]!.annotations.filter((a) => a.subtype !== 'Popup');
    expect(onPage1.map((a) => a.subtype).sort()).toEqual(['Highlight', 'Text']);
    const note = onPage1.find((a) => a.subtype === 'Text')!;
    expect(note.contentsObj.str).toBe('Vragen aan de wethouder');
    expect(note.rect[0]).toBeCloseTo(400, 0);
    expect(note.rect[3]).toBeCloseTo(700, 0);
    // A highlight without a note gets no pop-up; the note and the noted highlight do.
    expect(pages[0]!.annotations.filter((a) => a.subtype === 'Popup')).toHaveLength(1);
  });

  it('appends a summary page listing every annotation with its page', async () => {
    const { bytes, annotations } = await annotated();
    const out = await annotatePdf(bytes, annotations, { author: 'Anne', title: 'Raadsvoorstel Schuldhulpverlening', summary: true });
    const { pages } = await readBack(out);
    expect(pages).toHaveLength(3);
    const summary = pages[2]!.text.map((t) => t.str).join('\n');
    expect(summary).toContain('Aantekeningen bij Raadsvoorstel Schuldhulpverlening');
    expect(summary).toMatch(/Blz\. 1 · markering \(geel\)[\s\S]*“Inleiding”/);
    expect(summary).toMatch(/Blz\. 1 · notitie[\s\S]*Vragen aan de wethouder/);
    expect(summary).toMatch(/Blz\. 2 · markering \(groen\)[\s\S]*schuldhulpverlening uit te breiden[\s\S]*Steunen, mits betaalbaar[\s\S]*#schulden/);
  });

  it('draws the highlights into the page when flattened, visibly (rendered with pdftoppm)', async () => {
    const { bytes, annotations } = await annotated();
    const dir = tempDir();
    const render = async (flatten: boolean) => {
      const out = await annotatePdf(bytes, annotations, { author: 'Anne', title: 'x', flatten });
      // Viewers that hide annotations: drop them before rendering, so only the page content counts.
      const doc = await PDFDocument.load(out);
      for (const page of doc.getPages()) page.node.delete(PDFName.of('Annots'));
      const file = path.join(dir, `${flatten}.pdf`);
      fs.writeFileSync(file, await doc.save());
      execFileSync('pdftoppm', ['-f', '2', '-l', '2', '-r', '72', file, path.join(dir, `${flatten}`)]);
      const ppm = fs.readdirSync(dir).find((f) => f.startsWith(`${flatten}-`) && f.endsWith('.ppm'))!;
      return countGreenish(fs.readFileSync(path.join(dir, ppm)));
    };
    const flattened = await render(true);
    const plain = await render(false);
    expect(plain).toBe(0);
    expect(flattened).toBeGreaterThan(200); // a 72-dpi bar over ~35 characters of 11 pt text
  });

  it('fails a broken PDF with a clear message', async () => {
    await expect(annotatePdf(new TextEncoder().encode('%PDF-1.7\nkapot'), [], { author: '', title: 'Kapot stuk' })).rejects.toMatchObject({ code: 'export.bad-pdf', nl: expect.stringContaining('“Kapot stuk” is geen leesbare PDF') });
  });
});

/** Pixels of the green highlight colour in pdftoppm's PPM output (P6: a text header, then RGB bytes). */
function countGreenish(ppm: Buffer): number {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 50))!;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = ppm.subarray(header[0].length);
  let count = 0;
  for (let i = 0; i < width * height; i++) {
    const [r, g, b] = [pixels[i * 3]!, pixels[i * 3 + 1]!, pixels[i * 3 + 2]!];
    if (g > 150 && r < 120 && b < 140) count++;
  }
  return count;
}
