import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString, StandardFonts, decodePDFRawStream, type PDFNumber, type PDFPage, type PDFRawStream } from 'pdf-lib';
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

  it('writes them so that every viewer shows them: QuadPoints in viewer order, T and Contents, and appearance streams poppler draws', async () => {
    const { bytes, annotations } = await annotated();
    const out = await annotatePdf(bytes, annotations, { author: 'Anne de Vries', title: 'Raadsvoorstel Schuldhulpverlening' });
    const doc = await PDFDocument.load(out);
    const [page1, page2] = doc.getPages() as [PDFPage, PDFPage];

    const highlight = annotsOf(page2).find((a) => a.get(PDFName.of('Subtype')) === PDFName.of('Highlight'))!;
    const quads = numbers(highlight.lookup(PDFName.of('QuadPoints'), PDFArray));
    expect(quads).toHaveLength(8);
    const [x1, y1, x2, y2, x3, y3, x4, y4] = quads as [number, number, number, number, number, number, number, number];
    // Upper left, upper right, lower left, lower right.
    expect([x1, x3]).toEqual([x1, x1]);
    expect([x2, x4]).toEqual([x2, x2]);
    expect([y1, y3]).toEqual([y2, y4]);
    expect(x2).toBeGreaterThan(x1);
    expect(y1).toBeGreaterThan(y3);
    expect(textOf(highlight, 'T')).toBe('Anne de Vries');
    expect(textOf(highlight, 'Contents')).toBe('Steunen, mits betaalbaar\n\n#schulden');
    // The appearance: the quads filled in the colour, multiplied with the page.
    const ap = appearanceOf(highlight);
    expect(ap.content).toContain('0.24 0.78 0.35 rg');
    expect(ap.content).toContain(`${x1} ${y1} m ${x2} ${y2} l ${x4} ${y4} l ${x3} ${y3} l h f`);
    expect(ap.stream.dict.lookup(PDFName.of('Resources'), PDFDict).lookup(PDFName.of('ExtGState'), PDFDict).lookup(PDFName.of('GS0'), PDFDict).get(PDFName.of('BM'))).toBe(PDFName.of('Multiply'));

    const note = annotsOf(page1).find((a) => a.get(PDFName.of('Subtype')) === PDFName.of('Text'))!;
    expect(textOf(note, 'Contents')).toBe('Vragen aan de wethouder');
    expect(textOf(note, 'T')).toBe('Anne de Vries');
    expect(appearanceOf(note).content).toContain('1 0.93 0.55 rg');

    // What poppler paints is the appearances: without the colour (/C) and the icon's name it could draw nothing else.
    for (const a of [...annotsOf(page1), ...annotsOf(page2)]) for (const key of ['C', 'Name']) a.delete(PDFName.of(key));
    const dir = tempDir();
    const file = path.join(dir, 'bare.pdf');
    fs.writeFileSync(file, await doc.save());
    execFileSync('pdftoppm', ['-r', '72', file, path.join(dir, 'page')]);
    const [first, second] = fs.readdirSync(dir).filter((f) => f.endsWith('.ppm')).sort().map((f) => fs.readFileSync(path.join(dir, f)));
    expect(countGreenish(second!)).toBeGreaterThan(200);
    // The note's card at the point (400, 700): its top left, 20 pt square.
    expect(countPixels(first!, [400, 142, 420, 162], ([r, g, b]) => r > 240 && g > 220 && g < 250 && b > 110 && b < 170)).toBeGreaterThan(150);
  });

  it('draws a note into the page when flattened, as a FreeText annotation whose text is on the page', async () => {
    const { bytes, annotations } = await annotated();
    const out = await annotatePdf(bytes, annotations, { author: 'Anne', title: 'x', flatten: true });
    const { pages } = await readBack(out);
    const freeText = pages[0]!.annotations.find((a) => a.subtype === 'FreeText')!;
    expect(freeText.contentsObj.str).toBe('Vragen aan de wethouder');
    expect(freeText.rect[0]).toBeCloseTo(400, 0);
    expect(freeText.rect[3]).toBeCloseTo(700, 0);
    expect(pages[0]!.annotations.some((a) => a.subtype === 'Text')).toBe(false);
    // In the page itself: what a viewer that hides annotations shows, and what pdftotext reads.
    const doc = await PDFDocument.load(out);
    for (const page of doc.getPages()) page.node.delete(PDFName.of('Annots'));
    const file = path.join(tempDir(), 'flat.pdf');
    fs.writeFileSync(file, await doc.save());
    expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-']).toString()).toContain('Vragen aan de wethouder');
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

/** The page's annotation dictionaries. */
function annotsOf(page: PDFPage): PDFDict[] {
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  return annots ? annots.asArray().map((ref) => page.doc.context.lookup(ref, PDFDict)) : [];
}
const numbers = (array: PDFArray) => array.asArray().map((n) => (n as PDFNumber).asNumber());
const textOf = (dict: PDFDict, key: string) => dict.lookupMaybe(PDFName.of(key), PDFString, PDFHexString)?.decodeText();
function appearanceOf(annotation: PDFDict): { stream: PDFRawStream; content: string } {
  const stream = annotation.lookup(PDFName.of('AP'), PDFDict).lookup(PDFName.of('N')) as PDFRawStream;
  return { stream, content: Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1') };
}

/** Pixels in [x0, y0, x1, y1) (from the top left) of pdftoppm's PPM output for which `test` holds. */
function countPixels(ppm: Buffer, [x0, y0, x1, y1]: [number, number, number, number], test: (rgb: [number, number, number]) => boolean): number {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 50))!;
  const width = Number(header[1]);
  const pixels = ppm.subarray(header[0].length);
  let count = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * width + x) * 3;
      if (test([pixels[i]!, pixels[i + 1]!, pixels[i + 2]!])) count++;
    }
  }
  return count;
}

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
