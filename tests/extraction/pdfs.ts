// Real PDFs for the extraction tests, made with pdf-lib (and by hand where
// pdf-lib cannot: encryption, an impossible page count).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts, degrees, type PDFFont } from 'pdf-lib';

export const A4: [number, number] = [595.28, 841.89];
export const BODY_X = 72;
export const BODY_TOP = 700;
export const LEADING = 14;
export const BODY_SIZE = 12;

export interface PageSpec {
  lines: string[];
  header?: string;
  footer?: string;
  size?: [number, number];
  rotate?: number;
}

/** Body line k is drawn with its baseline at (BODY_X, BODY_TOP - k * LEADING); header at the top, footer at the bottom. */
export async function makePdf(pages: PageSpec[], options: { font?: 'helvetica' | 'dejavu'; title?: string; author?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (options.title) doc.setTitle(options.title);
  if (options.author) doc.setAuthor(options.author);
  const font = options.font === 'dejavu' ? await embedDejaVu(doc) : await doc.embedFont(StandardFonts.Helvetica);
  for (const spec of pages) drawPage(doc, font, spec);
  return doc.save();
}

function drawPage(doc: PDFDocument, font: PDFFont, spec: PageSpec): void {
  const [width, height] = spec.size ?? A4;
  const page = doc.addPage([width, height]);
  if (spec.rotate) page.setRotation(degrees(spec.rotate));
  if (spec.header) page.drawText(spec.header, { x: 50, y: height - 36, size: 9, font });
  spec.lines.forEach((line, k) => page.drawText(line, { x: BODY_X, y: BODY_TOP - k * LEADING, size: BODY_SIZE, font }));
  if (spec.footer) page.drawText(spec.footer, { x: width / 2 - 30, y: 30, size: 9, font });
}

async function embedDejaVu(doc: PDFDocument): Promise<PDFFont> {
  doc.registerFontkit(fontkit);
  const dir = path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json'));
  return doc.embedFont(fs.readFileSync(path.join(dir, 'ttf', 'DejaVuSans.ttf')), { subset: true });
}

/** A long report: `pageCount` pages of 45 lines each, numbered, with a running header. */
export async function makeLongPdf(pageCount: number): Promise<Uint8Array> {
  const sentence = 'De gemeente werkt met partners aan vroegsignalering van schulden en aan re-integratie';
  return makePdf(
    Array.from({ length: pageCount }, (_, p) => ({
      header: 'Gemeente Zwolle — Rekenkamerrapport Schulddienstverlening',
      footer: `Pagina ${p + 1} van ${pageCount}`,
      lines: Array.from({ length: 45 }, (_, k) => `${p + 1}.${k + 1} ${sentence} (regel ${k + 1}).`),
    })),
  );
}

/** A classic PDF (xref table) from object bodies: object i + 1 is `objects[i]`; `trailer` adds trailer entries. */
export function handmadePdf(objects: string[], trailer = ''): Uint8Array {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

const catalog = '<< /Type /Catalog /Pages 2 0 R >>';
const pageObject = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>';

/**
 * pdf-lib cannot encrypt: a standard security handler (RC4, revision 2)
 * whose owner/user hashes match no empty password, so pdf.js asks for one.
 */
export function encryptedPdf(): Uint8Array {
  const encrypt = `<< /Filter /Standard /V 1 /R 2 /Length 40 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >>`;
  const id = '<00112233445566778899aabbccddeeff>';
  return handmadePdf([catalog, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', pageObject, encrypt], `/Encrypt 4 0 R /ID [${id} ${id}]`);
}

export function pdfWithPages(count: number): Uint8Array {
  const kids = Array.from({ length: count }, (_, i) => `${i + 3} 0 R`).join(' ');
  return handmadePdf([catalog, `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`, ...Array<string>(count).fill(pageObject)]);
}
