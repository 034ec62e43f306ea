// npm run bench:export — export speed.
//
// Prints: the time to export a 300-page document with 200 annotations
// (highlights with notes and tags, and point notes) as an annotated PDF, with
// and without flattening; and the time to export the fractie bundle of the
// largest sample meeting, with an annotation on every document, a note and a
// position on every item and a motion draft. Aims: under 3 s and under 15 s.
// Times include starting the export thread; the median of three runs.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../electron/core/index.ts';
import { writeLongPackage } from './lib/long-package.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PAGES = Number(process.env.BENCH_PAGES ?? 300);
const ANNOTATIONS = Number(process.env.BENCH_ANNOTATIONS ?? 200);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** A highlight over a few words on each of `count` pages spread over the document (and every fifth a point note too). */
async function annotate(core: Core, dataDir: string, documentId: number, count: number): Promise<void> {
  const db = new Database(path.join(dataDir, 'library.db'), { readonly: true });
  const pages = db
    .prepare('SELECT p.page_number, p.raw_text FROM pages p JOIN document_versions v ON v.sha256 = p.sha256 JOIN documents d ON d.current_version_id = v.id WHERE d.id = ? ORDER BY p.page_number')
    .all(documentId) as { page_number: number; raw_text: string }[];
  db.close();
  for (let i = 0; i < count; i++) {
    const page = pages[Math.floor((i * pages.length) / count)]!;
    const line = page.raw_text.split('\n').filter((l) => l.trim().length > 20)[i % 5]!;
    const start = page.raw_text.indexOf(line);
    const exact = line.slice(0, Math.min(line.length, 40));
    if (i % 5 === 4) await core.createAnnotation({ kind: 'note', documentId, page: page.page_number, point: { x: 500, y: 700 }, note: `Vraag ${i}: wat kost dit?` });
    else await core.createAnnotation({ kind: 'highlight', documentId, page: page.page_number, start, end: start + exact.length, exact, color: (['yellow', 'green', 'blue', 'pink'] as const)[i % 4]!, note: i % 2 ? `Notitie ${i}` : '', tags: ['bench'] });
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-export-'));
  const dataDir = path.join(work, 'data');
  const core = createCore({ dataDir, sampleDir: path.join(repo, 'resources', 'sample') });
  try {
    core.updateSettings({ userName: 'Anne de Vries', fractie: 'GroenLinks' });
    await writeLongPackage(path.join(work, 'pkg'), PAGES);
    await core.ensureSampleData();
    await core.importPackages({ paths: [path.join(work, 'pkg')] });
    const long = core.listMeetings({}).find((m) => m.title === 'Raadsvergadering jaarrekening')!;
    const documentId = core.getMeeting({ meetingId: long.id }).agenda[0]!.documents[0]!.id;
    const placing = performance.now();
    await annotate(core, dataDir, documentId, ANNOTATIONS);
    const placed = performance.now() - placing;
    const annotations = core.listAnnotations({ documentId }).length;
    const documentPages = core.getDocument({ documentId }).pageCount;

    let bytes = 0;
    const single = await timed(3, async () => (bytes = (await core.exportAnnotatedPdf({ documentId })).size));
    const flattened = await timed(3, () => core.exportAnnotatedPdf({ documentId, flatten: true, summary: true }));
    console.log(`annotated PDF: ${documentPages} pages, ${annotations} annotations → ${(bytes / 1024 / 1024).toFixed(1)} MB in ${(single / 1000).toFixed(2)} s (aim < 3 s)`);
    console.log(`  flattened, with summary pages: ${(flattened / 1000).toFixed(2)} s`);
    console.log(`  making the ${ANNOTATIONS} annotations (each highlight's page read for its glyphs): ${(placed / 1000).toFixed(2)} s`);

    // The sample meeting with the most pages, prepared as a councillor would.
    const sample = core
      .listMeetings({})
      .filter((m) => m.id !== long.id)
      .map((m) => core.getMeeting({ meetingId: m.id }))
      .map((m) => ({ meeting: m, pages: [...new Map(flatten(m.agenda).flatMap((i) => i.documents).map((d) => [d.id, d.pageCount])).values()].reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.pages - a.pages)[0]!;
    const items = flatten(sample.meeting.agenda).filter((i) => !i.section);
    for (const item of items) {
      core.saveAgendaNote({ agendaItemId: item.id, body: `- [ ] vraag over ${item.title}`, stance: 'nog-bespreken' });
      for (const doc of item.documents) await core.createAnnotation({ kind: 'note', documentId: doc.id, page: 1, point: { x: 300, y: 400 }, note: 'Lezen voor de fractie' });
    }
    core.createMotionDraft({ kind: 'motie', meetingId: sample.meeting.id, agendaItemId: items[0]!.id });
    let pageCount = 0;
    const bundle = await timed(3, async () => (pageCount = (await core.exportBundle({ meetingId: sample.meeting.id })).pageCount));
    console.log(`fractie bundle: "${sample.meeting.title}" (${sample.meeting.startsAt.slice(0, 10)}), ${items.length} items, ${sample.pages} pages of documents → ${pageCount} pages in ${(bundle / 1000).toFixed(2)} s (aim < 15 s)`);
  } finally {
    await core.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function flatten<T extends { children: T[] }>(items: T[]): T[] {
  return items.flatMap((i) => [i, ...flatten(i.children)]);
}

await main();
