// PDFs that import fine but are bombs for the export: pdf.js (the import)
// reads only the objects a page needs, pdf-lib (the export) parses the whole
// file and inflates every object stream and cross-reference stream it finds.
// Each is a real PDF made by makePdf with incremental updates that add
// objects nothing refers to, so every page still reads as before.
import zlib from 'node:zlib';
import { makePdf } from './make-package.ts';
import { BOMB_BYTES, lzwBomb, runLengthBomb, zlibBomb } from './hostile-pdfs.ts';

const MiB = 1024 * 1024;
/** What the bombs unpack to: 2 GiB, the size of the import's bomb (hostile-pdfs-bombs.test.ts). */
export const EXPORT_BOMB_BYTES = 2048 * MiB;

const flate = (data: Buffer) => zlib.deflateSync(data, { level: 9 });
/** Two layers of Flate around `zeros` zero bytes after `prefix`: a few KB for gigabytes. */
const doubleFlate = (zeros: number, prefix?: Buffer) => flate(zlibBomb(zeros, prefix));

/**
 * `pdf` with `body` appended as a new object in an incremental update (its
 * own xref section and a trailer with /Prev), referred to by nothing.
 */
export function withUnusedObject(pdf: Uint8Array, body: (objectNumber: number) => Buffer): Buffer {
  const base = Buffer.from(pdf);
  const tail = base.subarray(Math.max(0, base.length - 1024)).toString('latin1');
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$/.exec(tail);
  if (!trailer) throw new Error('withUnusedObject: the PDF has no classic trailer');
  const size = Number(/\/Size (\d+)/.exec(trailer[1]!)![1]);
  const root = /\/Root (\d+ \d+ R)/.exec(trailer[1]!)![1]!;
  const prev = Number(trailer[2]);
  const start = base[base.length - 1] === 0x0a ? base : Buffer.concat([base, Buffer.from('\n')]);
  const object = Buffer.concat([Buffer.from(`${size} 0 obj\n`, 'latin1'), body(size), Buffer.from('\nendobj\n', 'latin1')]);
  const xrefAt = start.length + object.length;
  const update = [
    'xref',
    '0 1',
    '0000000000 65535 f ',
    `${size} 1`,
    `${String(start.length).padStart(10, '0')} 00000 n `,
    'trailer',
    `<< /Size ${size + 2} /Root ${root} /Prev ${prev} >>`,
    'startxref',
    String(xrefAt),
    '%%EOF',
    '',
  ].join('\n');
  return Buffer.concat([start, object, Buffer.from(update, 'latin1')]);
}

const stream = (dict: string, data: Buffer) => Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);

/**
 * An object stream (/Type /ObjStm) that nothing uses: by default one small
 * object followed by 2 GiB of zeros, under two layers of Flate (about 5 KB);
 * or a gigabyte of zeros in LZW or RunLength codes, under Flate.
 */
export async function objectStreamBombPdf(pages: string[][], title: string, filter: 'flate' | 'lzw' | 'runlength' = 'flate'): Promise<Buffer> {
  return withUnusedObject(await makePdf(pages, title), (n) => {
    const header = `${n + 1} 0 `;
    const [filters, data] =
      filter === 'lzw'
        ? ['/FlateDecode /LZWDecode', flate(lzwBomb(BOMB_BYTES))]
        : filter === 'runlength'
          ? ['/FlateDecode /RunLengthDecode', flate(runLengthBomb(BOMB_BYTES))]
          : ['/FlateDecode /FlateDecode', doubleFlate(EXPORT_BOMB_BYTES, Buffer.from(`${header}<< /Unused true >>\n`, 'latin1'))];
    return stream(`/Type /ObjStm /N 1 /First ${header.length} /Filter [${filters}]`, data);
  });
}

/**
 * `count` object streams that nothing uses, each unpacking to `mb` MB (under
 * the limit of one stream): together far more than a document may unpack.
 */
export async function manyObjectStreamsPdf(pages: string[][], title: string, count: number, mb: number): Promise<Buffer> {
  let pdf: Buffer = Buffer.from(await makePdf(pages, title));
  // The same stream each time, its one object numbered past them all: made once.
  const header = '10000 0 ';
  const objectStream = stream(`/Type /ObjStm /N 1 /First ${header.length} /Filter /FlateDecode`, flate(Buffer.concat([Buffer.from(`${header}<< >>\n`, 'latin1'), Buffer.alloc(mb * MiB)])));
  for (let i = 0; i < count; i++) pdf = withUnusedObject(pdf, () => objectStream);
  return pdf;
}

/** A cross-reference stream (/Type /XRef) no startxref leads to, whose rows go on for 2 GiB. */
export async function xrefStreamBombPdf(pages: string[][], title: string): Promise<Buffer> {
  return withUnusedObject(await makePdf(pages, title), (n) => stream(`/Type /XRef /Size ${n + 1} /W [1 4 2] /Filter [/FlateDecode /FlateDecode]`, doubleFlate(EXPORT_BOMB_BYTES)));
}

/** A plain stream of 2 GiB of zeros that nothing uses: harmless to both, as pdf-lib copies a stream without inflating it. */
export async function unusedStreamPdf(pages: string[][], title: string): Promise<Buffer> {
  return withUnusedObject(await makePdf(pages, title), () => stream('/Filter [/FlateDecode /FlateDecode]', doubleFlate(EXPORT_BOMB_BYTES)));
}
