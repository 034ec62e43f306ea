// Where highlights land, measured independently: each word highlighted
// through the core (on sample report pages, and on a PDF with two columns,
// kerning, spacing, /Rotate 90 and 270 and turned text) against the word
// box poppler reports, and in a rendered export (pdftoppm) the highlight
// colour over the word and not beside it. Also: highlights made before glyph
// positions are placed again from them at the next start.
import Database from 'better-sqlite3-multiple-ciphers';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/api.ts';
import { rectsFor, type Rect, type StoredRun } from '../../electron/core/anchoring/text-anchor.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import type { BlobStore } from '../../electron/core/files/blob-store.ts';
import type { PageGeometry } from '../../electron/core/extraction/glyph-geometry.ts';
import { AnnotationPlacer } from '../../electron/core/personal/annotation-placer.ts';
import { makeLayoutPdf } from '../support/layout-pdf.ts';
import { writePackage } from '../support/make-package.ts';
import { pairWords, popplerWords, type PopplerWord } from '../support/poppler-words.ts';
import { tempDir } from '../support/temp-dir.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sampleDocs = path.join(repo, 'resources', 'sample', '2017-01-09-raadsplein-info-debat', 'documenten');
const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

/** Two sample reports (some of their pages) and the layout PDF (all four pages). */
async function setup() {
  const dir = tempDir();
  const sources = [
    { id: 'doc/rekenkamer', title: 'Rekenkamerrapport Schulddienstverlening', bytes: new Uint8Array(fs.readFileSync(path.join(sampleDocs, 'rekenkamerrapport-schulddienstverlening.pdf'))), pages: [5, 20] },
    { id: 'doc/beslisnota', title: 'Beslisnota Ontwikkelagenda', bytes: new Uint8Array(fs.readFileSync(path.join(sampleDocs, 'beslisnota-ontwikkelagenda-passend-onderwijs.pdf'))), pages: [2] },
    { id: 'doc/opmaak', title: 'Opmaakproef', bytes: await makeLayoutPdf(), pages: [1, 2, 3, 4] },
  ];
  const pkg = await writePackage(path.join(dir, 'pakket'), {
    agenda: [{ id: '1', number: '1', title: 'Rapporten', documents: sources.map((s) => s.id) }],
    documents: sources.map(({ id, title, bytes }) => ({ id, title, bytes, pages: [] })),
  });
  const dataDir = path.join(dir, 'data');
  const core = createCore({ dataDir, clock: () => new Date('2026-11-22T12:00:00Z'), extractionThreads: 1 });
  cores.push(core);
  await core.importPackages({ paths: [pkg.dir] });
  const listed = core.getMeeting({ meetingId: 1 }).agenda[0]!.documents;
  const docs = sources.map((s, i) => ({ ...s, documentId: listed.find((d) => d.title === s.title)!.id, file: path.join(pkg.dir, pkg.manifest.documents[i]!.file) }));
  const db = new Database(path.join(dataDir, 'library.db'), { readonly: true });
  const pageOf = (documentId: number, page: number) => {
    const row = db
      .prepare('SELECT p.raw_text, p.runs FROM pages p JOIN document_versions v ON v.sha256 = p.sha256 JOIN documents d ON d.current_version_id = v.id WHERE d.id = ? AND p.page_number = ?')
      .get(documentId, page) as { raw_text: string; runs: string };
    const runs = JSON.parse(row.runs) as StoredRun[];
    return { rawText: row.raw_text, runs, boxes: runs.map(([start, end, x, y, width, height]) => ({ start, end, x, y, width, height })) };
  };
  cleanup.push(() => db.close());
  return { core, dataDir, docs, pageOf };
}
const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

/**
 * How a rect lies against poppler's word box: along the line, the larger
 * distance of its ends from the box's; across it, how far the box sticks out
 * of the rect and how far the rect reaches beyond the box. The text runs
 * along x, or along y on a turned page: the reading that fits better.
 */
function measure([x, y, w, h]: Rect, [x0, y0, x1, y1]: PopplerWord['box']) {
  const horizontal = { along: Math.max(Math.abs(x - x0), Math.abs(x + w - x1)), outside: Math.max(y - y0, y1 - (y + h), 0), over: Math.max(y0 - y, y + h - y1, 0) };
  const vertical = { along: Math.max(Math.abs(y - y0), Math.abs(y + h - y1)), outside: Math.max(x - x0, x1 - (x + w), 0), over: Math.max(x0 - x, x + w - x1, 0) };
  return horizontal.along + horizontal.outside <= vertical.along + vertical.outside ? horizontal : vertical;
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `max ${sorted.at(-1)!.toFixed(2)} pt, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} pt`;
};

describe('highlights placed from the glyphs', () => {
  it("lie within 1 pt of poppler's word boxes, on sample pages and on columns, kerned, rotated and turned text", { timeout: 120_000 }, async () => {
    const { core, docs, pageOf } = await setup();
    const errors = { before: [] as number[], after: [] as number[], across: [] as number[] };
    for (const doc of docs) {
      const poppler = popplerWords(doc.file);
      for (const pageNumber of doc.pages) {
        const page = pageOf(doc.documentId, pageNumber);
        const words = pairWords(page.rawText, page.boxes, poppler[pageNumber - 1]!.words).filter((w) => w.text.length >= 2);
        // Up to 40 words spread over the page.
        const chosen = words.filter((_, i) => i % Math.max(1, Math.floor(words.length / 40)) === 0).slice(0, 40);
        expect(chosen.length, `${doc.title} p. ${pageNumber}`).toBeGreaterThanOrEqual(20);
        for (const word of chosen) {
          const a = await core.createAnnotation({ kind: 'highlight', documentId: doc.documentId, page: pageNumber, start: word.start, end: word.end, exact: word.text, color: 'yellow' });
          expect(a.rects, `"${word.text}"`).toHaveLength(1);
          const after = measure(a.rects[0]!, word.box);
          const label = `"${word.text}" in ${doc.title} p. ${pageNumber}: ${JSON.stringify(a.rects[0])} vs ${JSON.stringify(word.box)}`;
          expect(after.along, label).toBeLessThan(1);
          expect(after.outside, label).toBeLessThan(1);
          // The sample's fonts are embedded and both read the same ascent; for Helvetica (not embedded,
          // the layout PDF) pdf.js's substitute reaches 0.905 em above the baseline, poppler's AFM 0.718 em.
          expect(after.over, label).toBeLessThan(doc.id === 'doc/opmaak' ? 2.5 : 1);
          errors.after.push(after.along);
          errors.across.push(Math.max(after.outside, after.over));
          errors.before.push(measure(rectsFor(page.runs, word.start, word.end)[0]!, word.box).along);
        }
      }
    }
    expect(errors.after.length).toBeGreaterThanOrEqual(200);
    console.log(
      `Highlight error against poppler over ${errors.after.length} words: before (runs spread evenly) ${stats(errors.before)}; ` +
        `after (glyphs) ${stats(errors.after)} along the line, ${stats(errors.across)} across it`,
    );
  });

  it('show their colour over the word in a rendered export (pdftoppm), not beside it, on turned pages too', { timeout: 60_000 }, async () => {
    const { core, docs, pageOf } = await setup();
    const dir = tempDir();
    // A sample report page; /Rotate 90 with text across the displayed page; /Rotate 270 with text running up it.
    for (const [doc, pageNumber] of [
      [docs[0]!, 5],
      [docs[2]!, 2],
      [docs[2]!, 4],
    ] as const) {
      const page = pageOf(doc.documentId, pageNumber);
      // One word per line, long enough to hold some pixels, with unmarked words on both sides.
      const lines = new Set<number>();
      const vertical = (box: PopplerWord['box']) => box[3] - box[1] > box[2] - box[0];
      const words = pairWords(page.rawText, page.boxes, popplerWords(doc.file)[pageNumber - 1]!.words).filter((w) => {
        const line = Math.round(vertical(w.box) ? w.box[0] : w.box[1]);
        const inner = /\S \S+ \S/.test(page.rawText.slice(w.start - 2, w.end + 2));
        if (w.text.length < 5 || !inner || lines.has(line)) return false;
        lines.add(line);
        return true;
      });
      expect(words.length).toBeGreaterThanOrEqual(12);
      for (const w of words) await core.createAnnotation({ kind: 'highlight', documentId: doc.documentId, page: pageNumber, start: w.start, end: w.end, exact: w.text, color: 'yellow' });

      const exported = await core.exportAnnotatedPdf({ documentId: doc.documentId });
      const file = path.join(dir, `export-${pageNumber}.pdf`);
      fs.writeFileSync(file, core.exportFile(exported.exportId).bytes);
      execFileSync('pdftoppm', ['-f', String(pageNumber), '-l', String(pageNumber), '-r', '72', '-png', '-singlefile', file, path.join(dir, `page-${pageNumber}`)]);
      const png = PNG.sync.read(fs.readFileSync(path.join(dir, `page-${pageNumber}.png`)));
      // The marker yellow (1, 0.87, 0), multiplied over white paper and over the glyphs.
      const yellow = (px: number, py: number) => {
        const i = (py * png.width + px) * 4;
        const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
        return r > 90 && b < 0.5 * r && g > 0.6 * r;
      };
      const share = (x0: number, x1: number, y0: number, y1: number) => {
        let hits = 0;
        let all = 0;
        for (let px = x0; px < x1; px++) for (let py = y0; py < y1; py++, all++) if (yellow(px, py)) hits++;
        return hits / all;
      };
      for (const { text, box } of words) {
        // Pixels: x to the right, y down from the top of the displayed page (72 dpi: one pixel per point).
        const [left, right, top, bottom] = [Math.floor(box[0]), Math.ceil(box[2]), Math.floor(png.height - box[3]), Math.ceil(png.height - box[1])];
        const label = `"${text}" on page ${pageNumber}`;
        if (!vertical(box)) {
          expect(share(left + 1, right - 1, top + 1, bottom - 1), `over ${label}`).toBeGreaterThan(0.6);
          // The columns a point beyond each end (in the space between the words) stay as they were.
          expect(share(left - 2, left - 1, top + 1, bottom - 1), `left of ${label}`).toBe(0);
          expect(share(right + 1, right + 2, top + 1, bottom - 1), `right of ${label}`).toBe(0);
        } else {
          expect(share(left + 1, right - 1, top + 1, bottom - 1), `over ${label}`).toBeGreaterThan(0.6);
          expect(share(left + 1, right - 1, top - 2, top - 1), `beyond the end of ${label}`).toBe(0);
          expect(share(left + 1, right - 1, bottom + 1, bottom + 2), `before ${label}`).toBe(0);
        }
      }
    }
  });

  it('places highlights made before glyph positions again from the glyphs at the next start, and says so', async () => {
    const { core, dataDir, docs, pageOf } = await setup();
    const doc = docs[0]!;
    const page = pageOf(doc.documentId, 5);
    const exact = 'schuldhulpverlening';
    const start = page.rawText.indexOf(exact);
    const made = await core.createAnnotation({ kind: 'highlight', documentId: doc.documentId, page: 5, start, end: start + exact.length, exact, color: 'green' });
    await core.close();
    cores.length = 0;
    // As an older Raadsmap stored it: the run spread evenly over its characters (personal migration 004 marks it 'runs').
    const old = rectsFor(page.runs, start, start + exact.length);
    expect(Math.abs(old[0]![0] - made.rects[0]![0])).toBeGreaterThan(1);
    const personal = new Database(path.join(dataDir, 'personal.db'));
    personal.prepare("UPDATE annotations SET rects = ?, rects_from = 'runs'").run(JSON.stringify(old));
    personal.close();

    const again = createCore({ dataDir, extractionThreads: 1 });
    cores.push(again);
    const events: unknown[] = [];
    again.onEvent((e) => events.push(e));
    await again.annotationsPlaced();
    const [placed] = again.listAnnotations({ documentId: doc.documentId }) as [Annotation];
    expect(placed.rects).toEqual(made.rects);
    expect(placed.updatedAt).toBe(made.updatedAt); // not an edit of the user's
    expect(events).toContainEqual({ type: 'annotations-changed', documentIds: [doc.documentId] });
  });

  it("keeps the runs' boxes when the page's glyphs cannot be read", async () => {
    const { core, dataDir, docs, pageOf } = await setup();
    const doc = docs[1]!;
    const page = pageOf(doc.documentId, 2);
    const word = page.rawText.match(/\b\p{L}{8,}\b/u)!;
    // The stored PDF is gone (the text is in the database): no glyphs to read.
    for (const file of fs.readdirSync(path.join(dataDir, 'files'), { recursive: true }) as string[]) {
      if (file.endsWith('.pdf') && fs.readFileSync(path.join(dataDir, 'files', file)).equals(Buffer.from(doc.bytes))) fs.rmSync(path.join(dataDir, 'files', file));
    }
    const a = await core.createAnnotation({ kind: 'highlight', documentId: doc.documentId, page: 2, start: word.index!, end: word.index! + word[0].length, exact: word[0], color: 'blue' });
    expect(a.rects).toEqual(rectsFor(page.runs, word.index!, word.index! + word[0].length));
    const personal = new Database(path.join(dataDir, 'personal.db'), { readonly: true });
    expect(personal.prepare('SELECT rects_from FROM annotations WHERE id = ?').pluck().get(a.id)).toBe('runs-only');
    personal.close();
  });

  it('makes a highlight with the runs\' boxes when the glyphs take too long (every thread busy), and places it when they come', async () => {
    let answer: (geometry: PageGeometry[]) => void = () => {};
    const blobs = { has: () => true, read: () => Buffer.from('%PDF-1.7') } as unknown as BlobStore;
    const geometry: PageGeometry = { pageNumber: 1, rawText: 'raad', runs: [] };
    const placer = new AnnotationPlacer({ blobs, reader: () => ({ geometry: () => new Promise((resolve) => (answer = resolve)) }) });
    let placedLater = false;
    expect(await placer.loadWithin('a'.repeat(64), [1], 20, () => (placedLater = true))).toBe(false);
    expect(placer.lookup('a'.repeat(64), 1)).toBeUndefined(); // not read yet: the runs for now, rects_from 'runs'
    answer([geometry]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(placedLater).toBe(true);
    expect(placer.lookup('a'.repeat(64), 1)).toBe(geometry);
    // Read already: at once.
    expect(await placer.loadWithin('a'.repeat(64), [1], 20, () => {})).toBe(true);
  });
});
