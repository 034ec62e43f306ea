// npm run bench:highlights — how far highlights sit from the words they mark.
// For every word of the sample PDFs, and of a PDF with two columns, kerning,
// spacing, rotated pages and turned text (tests/support/layout-pdf.ts), that
// poppler and the text layer agree on (tests/support/poppler-words.ts), the
// highlight's rect of that word is compared with poppler's word box
// (`pdftotext -bbox-layout`, the independent measure). The error along the
// line is the larger distance of the rect's two ends from the box's; across
// it, of its two sides (these differ by font: pdf.js and poppler take a
// font's ascent from different tables). Before: each text run's width spread
// evenly over its characters (all the stored runs allow). After: the glyph
// positions (extraction/glyph-geometry.ts). Also the time to read one page's
// glyphs on demand. Extra PDFs can be given as arguments.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rectsFor, type StoredRun } from '../electron/core/anchoring/text-anchor.ts';
import { extractPdf, readGeometry } from '../electron/core/extraction/extract-pdf.ts';
import { makeLayoutPdf } from '../tests/support/layout-pdf.ts';
import { pairWords, popplerWords } from '../tests/support/poppler-words.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sampleDir = path.join(repo, 'resources', 'sample');
const pdfs = [
  ...new Map(
    (fs.readdirSync(sampleDir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => path.join(sampleDir, f))
      .map((f) => [crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex'), f] as const),
  ).values(),
].sort();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-highlights-'));
const layoutPdf = path.join(work, 'opmaakproef.pdf');
fs.writeFileSync(layoutPdf, await makeLayoutPdf());
const extraPdfs = [layoutPdf, ...process.argv.slice(2)];

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { max: sorted.at(-1) ?? NaN, median: sorted[Math.floor(sorted.length / 2)] ?? NaN, p95: sorted[Math.floor(sorted.length * 0.95)] ?? NaN };
};
const fmt = ({ max, median, p95 }: ReturnType<typeof stats>) => `max ${max.toFixed(2)} pt, median ${median.toFixed(2)} pt, 95% ${p95.toFixed(2)} pt`;

type Errors = Record<'before' | 'after', { along: number[]; across: number[] }>;
const newErrors = (): Errors => ({ before: { along: [], across: [] }, after: { along: [], across: [] } });
const groups = new Map<string, { errors: Errors; words: number; pdfs: number }>();
let notOneRect = 0;
const pageTimes: number[] = [];
for (const file of [...pdfs, ...extraPdfs]) {
  const name = pdfs.includes(file) ? 'sample PDFs' : path.basename(file);
  const group = groups.get(name) ?? groups.set(name, { errors: newErrors(), words: 0, pdfs: 0 }).get(name)!;
  group.pdfs++;
  const bytes = fs.readFileSync(file);
  const extracted = await extractPdf(new Uint8Array(bytes));
  const poppler = popplerWords(file);
  const pageNumbers = extracted.pages.map((p) => p.pageNumber);
  // Per page, as an annotation would ask for it: one document opened per page (the worst case).
  const geometry = [];
  for (const n of pageNumbers.slice(0, 3)) {
    const start = performance.now();
    await readGeometry(new Uint8Array(bytes), [n]);
    pageTimes.push(performance.now() - start);
  }
  geometry.push(...(await readGeometry(new Uint8Array(bytes), pageNumbers)));
  for (const page of extracted.pages) {
    const stored: StoredRun[] = page.runs.map((r) => [r.start, r.end, r.x, r.y, r.width, r.height]);
    const exact = geometry.find((g) => g.pageNumber === page.pageNumber);
    if (!exact || exact.rawText !== page.rawText) throw new Error(`${file} p. ${page.pageNumber}: no geometry for the stored text`);
    for (const word of pairWords(page.rawText, page.runs, poppler[page.pageNumber - 1]?.words ?? [])) {
      const before = rectsFor(stored, word.start, word.end);
      const after = rectsFor(exact.runs, word.start, word.end);
      if (before.length !== 1 || after.length !== 1) {
        notOneRect++;
        continue;
      }
      group.words++;
      const vertical = exact.runs.find((r) => r.start <= word.start && word.end <= r.end)?.vertical ?? false;
      const [x0, y0, x1, y1] = word.box;
      for (const [name, [x, y, w, h]] of [['before', before[0]!], ['after', after[0]!]] as const) {
        const dx = Math.max(Math.abs(x - x0), Math.abs(x + w - x1));
        const dy = Math.max(Math.abs(y - y0), Math.abs(y + h - y1));
        group.errors[name].along.push(vertical ? dy : dx);
        group.errors[name].across.push(vertical ? dx : dy);
      }
    }
  }
}
fs.rmSync(work, { recursive: true, force: true });

console.log(`Highlight error against poppler's word boxes (${notOneRect} words skipped: not one rect)`);
const all = { errors: newErrors(), words: 0, pdfs: 0 };
for (const group of groups.values()) {
  all.words += group.words;
  all.pdfs += group.pdfs;
  for (const side of ['before', 'after'] as const) for (const axis of ['along', 'across'] as const) all.errors[side][axis].push(...group.errors[side][axis]);
}
for (const [name, { errors, words, pdfs: count }] of [...groups, ['all', all] as const]) {
  console.log(`${name}: ${words} words in ${count} PDF(s)`);
  console.log(`  before (runs spread evenly)  along the line: ${fmt(stats(errors.before.along))}`);
  console.log(`                               across it:      ${fmt(stats(errors.before.across))}`);
  console.log(`  after (glyph positions)      along the line: ${fmt(stats(errors.after.along))}`);
  console.log(`                               across it:      ${fmt(stats(errors.after.across))}`);
}
const t = stats(pageTimes);
console.log(`  reading one page's glyphs (open the PDF, text and operators of that page): median ${t.median.toFixed(0)} ms, max ${t.max.toFixed(0)} ms over ${pageTimes.length} calls`);
