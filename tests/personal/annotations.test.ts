import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/api.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { recreateInput } from '../../renderer/src/reader/annotation-restore.ts';
import { writePackage, type TestPackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

const PASSAGE = 'Het college stelt voor om de schuldhulpverlening uit te breiden met vroegsignalering.';
const page1 = ['Raadsvoorstel Schuldhulpverlening', 'Zwolle, 10 februari 2026', 'Inleiding bij het voorstel aan de raad.'];
const page2 = ['Beslispunten', 'De raad wordt gevraagd in te stemmen.', PASSAGE, 'De kosten worden gedekt uit de algemene reserve.'];
const page3 = ['Financiële paragraaf', 'Het budget bedraagt 250.000 euro per jaar.'];

function spec(pages: string[][]): TestPackage {
  return {
    agenda: [{ id: '4', number: '4', title: 'Schuldhulpverlening', documents: ['doc/voorstel'] }],
    documents: [{ id: 'doc/voorstel', title: 'Raadsvoorstel Schuldhulpverlening', type: 'raadsvoorstel', pages }],
  };
}

async function setup(pages = [page1, page2, page3]) {
  const dataDir = tempDir();
  let now = new Date('2026-11-22T12:00:00Z');
  const core = createCore({ dataDir, clock: () => now, extractionThreads: 1 });
  cores.push(core);
  await core.importPackages({ paths: [(await writePackage(tempDir(), spec(pages))).dir] });
  const documentId = core.getMeeting({ meetingId: 1 }).agenda[0]!.documents[0]!.id;
  const rawText = (page: number) => {
    const db = new Database(path.join(dataDir, 'library.db'), { readonly: true });
    try {
      return db.prepare('SELECT p.raw_text FROM pages p JOIN document_versions v ON v.sha256 = p.sha256 JOIN documents d ON d.current_version_id = v.id WHERE d.id = ? AND p.page_number = ?').pluck().get(documentId, page) as string;
    } finally {
      db.close();
    }
  };
  const highlight = (page: number, exact: string, extra: Partial<{ note: string; tags: string[] }> = {}) => {
    const start = rawText(page).indexOf(exact);
    expect(start, `"${exact}" on page ${page}`).toBeGreaterThanOrEqual(0);
    return core.createAnnotation({ kind: 'highlight', documentId, page, start, end: start + exact.length, exact, color: 'yellow', ...extra });
  };
  const newVersion = async (pagesNext: string[][]) => {
    now = new Date(now.getTime() + 60_000);
    const [summary] = await core.importPackages({ paths: [(await writePackage(tempDir(), spec(pagesNext))).dir] });
    return summary!;
  };
  return { core, dataDir, documentId, rawText, highlight, newVersion, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const byId = (list: Annotation[], id: string) => list.find((a) => a.id === id)!;

describe('highlights on PDF text', () => {
  it('stores the quote with context, the text position, the page and rectangles over the words', async () => {
    const { core, documentId, rawText, highlight } = await setup();
    const a = await highlight(2, 'schuldhulpverlening uit te breiden', { note: 'Steunen, maar vraag naar kosten', tags: ['#schulden', 'financiën', 'schulden'] });
    const text = rawText(2);
    expect(a).toMatchObject({
      documentId,
      page: 2,
      kind: 'highlight',
      color: 'yellow',
      note: 'Steunen, maar vraag naar kosten',
      tags: ['schulden', 'financiën'],
      anchorStatus: 'anchored',
      onCurrentVersion: true,
      quote: { exact: 'schuldhulpverlening uit te breiden' },
    });
    expect(text.slice(a.position!.start, a.position!.end)).toBe('schuldhulpverlening uit te breiden');
    expect(a.quote!.prefix.endsWith('stelt voor om de ')).toBe(true);
    expect(a.quote!.suffix.startsWith(' met vroegsignalering')).toBe(true);
    // One bar on the passage's line (the third line drawn at y = 770 - 2*14), within the line's x range.
    expect(a.rects).toHaveLength(1);
    const [x, y, w, h] = a.rects[0]!;
    expect(y).toBeLessThan(742);
    expect(y + h).toBeGreaterThan(742);
    expect(x).toBeGreaterThan(72 + 100);
    expect(w).toBeGreaterThan(100);
    expect(w).toBeLessThan(300);
    expect(core.listAnnotations({ documentId })).toEqual([a]);
    expect(core.listAnnotations({ meetingId: 1 })).toEqual([a]);
  });

  it('finds the selected text on the page when the offsets the reader sent are off', async () => {
    const { core, documentId } = await setup();
    const a = await core.createAnnotation({ kind: 'highlight', documentId, page: 3, start: 0, end: 10, exact: '250.000 euro', color: 'green' });
    expect(a.quote!.exact).toBe('250.000 euro');
    await expect(core.createAnnotation({ kind: 'highlight', documentId, page: 3, start: 0, end: 5, exact: 'niet op deze pagina', color: 'green' })).rejects.toThrow(
      expect.objectContaining({ code: 'annotation.text-not-on-page' }),
    );
  });

  it('pins a note to a point, edits and deletes annotations', async () => {
    const { core, documentId, highlight } = await setup();
    const note = await core.createAnnotation({ kind: 'note', documentId, page: 1, point: { x: 300, y: 500 }, note: 'Vragen aan de wethouder', tags: ['vragen'] });
    expect(note).toMatchObject({ kind: 'note', point: { x: 300, y: 500 }, quote: null, rects: [], page: 1 });
    await expect(core.createAnnotation({ kind: 'note', documentId, page: 9, point: { x: 1, y: 1 }, note: 'x' })).rejects.toThrow(expect.objectContaining({ code: 'annotation.no-page' }));
    const h = await highlight(3, 'Het budget');
    expect(core.updateAnnotation({ annotationId: h.id, color: 'pink', note: 'Te laag?' })).toMatchObject({ color: 'pink', note: 'Te laag?', quote: { exact: 'Het budget' } });
    expect(core.deleteAnnotation({ annotationId: note.id })).toEqual({ deleted: true });
    expect(core.listAnnotations({ documentId }).map((a) => a.id)).toEqual([h.id]);
  });

  it('undoes a delete (the reader\'s "Ongedaan maken"): made again from what was deleted, the same but for its id and dates', async () => {
    const { core, documentId, highlight, newVersion } = await setup();
    const kept = (a: Annotation) => ({ ...a, id: undefined, createdAt: undefined, updatedAt: undefined });
    const h = core.updateAnnotation({ annotationId: (await highlight(2, 'schuldhulpverlening uit te breiden')).id, color: 'blue', note: 'Steunen\nmaar vraag naar kosten', tags: ['schulden', 'financiën'] });
    const note = await core.createAnnotation({ kind: 'note', documentId, page: 3, point: { x: 120.5, y: 610 }, note: 'Tabel nakijken', tags: ['check'] });
    for (const gone of [h, note]) {
      core.deleteAnnotation({ annotationId: gone.id });
      const back = await core.createAnnotation(recreateInput(gone)!);
      expect(kept(back)).toEqual(kept(gone));
    }
    // On a new version: a moved highlight comes back where it is now; one that was not found cannot be placed again.
    const moved = await highlight(2, PASSAGE);
    const lost = await highlight(1, 'Inleiding bij het voorstel');
    await newVersion([['Raadsvoorstel Schuldhulpverlening', 'Zwolle, 10 februari 2026'], ['Beslispunten', 'Nieuw: een extra regel.', 'De raad wordt gevraagd in te stemmen.', PASSAGE], page3]);
    const [nowMoved, nowLost] = [moved, lost].map((a) => byId(core.listAnnotations({ documentId }), a.id));
    expect([nowMoved!.anchorStatus, nowLost!.anchorStatus]).toEqual(['moved', 'orphaned']);
    core.deleteAnnotation({ annotationId: nowMoved!.id });
    expect(kept(await core.createAnnotation(recreateInput(nowMoved!)!))).toEqual({ ...kept(nowMoved!), anchorStatus: 'anchored' });
    expect(recreateInput(nowLost!)).toBeNull();
  });

  it('is found by search, with its note and tags', async () => {
    const { core, highlight } = await setup();
    await highlight(2, 'vroegsignalering', { note: 'Navragen bij de wethouder', tags: ['wethouder'] });
    await core.searchIndexReady();
    const results = core.search({ query: 'navragen' });
    expect(results.records).toEqual([expect.objectContaining({ kind: 'annotation', personal: true, page: 2 })]);
  });
});

describe('re-anchoring on a new version of the document', () => {
  it('keeps a highlight anchored when the text did not move, and moves it when text is inserted before it', async () => {
    const { core, documentId, highlight, newVersion, rawText } = await setup();
    const same = await highlight(1, 'Inleiding bij het voorstel');
    const shifted = await highlight(2, PASSAGE);
    const summary = await newVersion([page1, ['Beslispunten', 'Nieuw: een extra beslispunt over de wachttijden.', 'De raad wordt gevraagd in te stemmen.', PASSAGE, 'De kosten worden gedekt uit de algemene reserve.'], page3]);
    expect(summary.counts).toMatchObject({ annotationsAnchored: 1, annotationsMoved: 1, annotationsOrphaned: 0 });
    const list = core.listAnnotations({ documentId });
    expect(byId(list, same.id)).toMatchObject({ anchorStatus: 'anchored', page: 1, onCurrentVersion: true, rects: same.rects });
    const moved = byId(list, shifted.id);
    expect(moved).toMatchObject({ anchorStatus: 'moved', page: 2, onCurrentVersion: true, quote: { exact: PASSAGE } });
    expect(rawText(2).slice(moved.position!.start, moved.position!.end)).toBe(PASSAGE);
    // One line lower on the page now.
    expect(moved.rects[0]![1]).toBeCloseTo(shifted.rects[0]![1] - 14, 0);
  });

  it('follows a passage to another page, and an edited passage by approximate match', async () => {
    const { core, documentId, highlight, newVersion, rawText } = await setup();
    const toPage3 = await highlight(2, 'De kosten worden gedekt uit de algemene reserve.');
    const edited = await highlight(2, PASSAGE);
    const editedPassage = 'Het college stelt voor om de schuldhulpverlening flink uit te breiden met vroegsignalering.';
    await newVersion([page1, ['Beslispunten', 'De raad wordt gevraagd in te stemmen.', editedPassage], ['De kosten worden gedekt uit de algemene reserve.', ...page3]]);
    const list = core.listAnnotations({ documentId });
    expect(byId(list, toPage3.id)).toMatchObject({ anchorStatus: 'moved', page: 3, quote: { exact: 'De kosten worden gedekt uit de algemene reserve.' } });
    const fuzzy = byId(list, edited.id);
    expect(fuzzy).toMatchObject({ anchorStatus: 'moved', page: 2, onCurrentVersion: true });
    expect(fuzzy.quote!.exact).toContain('flink uit te breiden');
    expect(rawText(2).slice(fuzzy.position!.start, fuzzy.position!.end)).toBe(fuzzy.quote!.exact);
  });

  it('orphans a highlight whose passage was removed: kept with its quote and note, and re-attachable', async () => {
    const { core, documentId, highlight, newVersion, rawText } = await setup();
    const gone = await highlight(2, PASSAGE, { note: 'Belangrijk voor onze motie' });
    const summary = await newVersion([page1, ['Beslispunten', 'De raad wordt gevraagd in te stemmen.', 'De kosten worden gedekt uit de algemene reserve.'], page3]);
    expect(summary.counts).toMatchObject({ annotationsOrphaned: 1 });
    const orphan = byId(core.listAnnotations({ documentId }), gone.id);
    expect(orphan).toMatchObject({ anchorStatus: 'orphaned', onCurrentVersion: false, note: 'Belangrijk voor onze motie', quote: { exact: PASSAGE } });
    // Re-attached by the user on a new selection.
    const exact = 'De raad wordt gevraagd in te stemmen.';
    const start = rawText(2).indexOf(exact);
    const placed = await core.reattachAnnotation({ annotationId: gone.id, page: 2, start, end: start + exact.length, exact });
    expect(placed).toMatchObject({ anchorStatus: 'anchored', onCurrentVersion: true, note: 'Belangrijk voor onze motie', quote: { exact } });
  });

  it('never loses an annotation when a document is withdrawn or a note sits on a page that is gone', async () => {
    const { core, documentId, newVersion } = await setup();
    const note = await core.createAnnotation({ kind: 'note', documentId, page: 3, point: { x: 100, y: 100 }, note: 'Budget navragen' });
    await newVersion([page1, page2]);
    expect(byId(core.listAnnotations({ documentId }), note.id)).toMatchObject({ page: 2, anchorStatus: 'moved', note: 'Budget navragen' });
    await core.importPackages({ paths: [(await writePackage(tempDir(), { agenda: [{ id: '4', number: '4', title: 'Schuldhulpverlening' }], documents: [] })).dir] });
    expect(core.listAnnotations({ documentId })).toHaveLength(1);
  });

  it('places annotations a crash left on the old version when the app starts again', async () => {
    const { core, dataDir, documentId, highlight, newVersion } = await setup();
    const a = await highlight(2, PASSAGE);
    await newVersion([page1, ['Nieuwe eerste regel.', ...page2], page3]);
    await core.close();
    cores.length = 0;
    // As if the process died between the import's commit and the re-anchoring.
    const db = new Database(path.join(dataDir, 'personal.db'));
    db.prepare("UPDATE annotations SET sha256 = hex(zeroblob(32)), anchor_status = 'anchored'").run();
    db.close();
    const again = createCore({ dataDir, extractionThreads: 1 });
    cores.push(again);
    expect(byId(again.listAnnotations({ documentId }), a.id)).toMatchObject({ onCurrentVersion: true, quote: { exact: PASSAGE } });
  });
});
