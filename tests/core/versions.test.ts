import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { dispatchCall } from '../../electron/core/dispatch.ts';
import { samplePackageSpec, writePackage, type TestPackage } from '../support/make-package.ts';
import { highlightQuote } from '../support/highlight.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

const REKENKAMER_V1 = [
  ['Rekenkamerrapport Schulddienstverlening', 'De nazorg na een schuldregeling is beperkt.', 'Het budget is € 1,1 mln per jaar.'],
  ['Aanbevelingen', 'Zorg voor nazorg bij iedere afgeronde schuldregeling.', 'Betrek de wijkteams bij de vroegsignalering.'],
];
const REKENKAMER_V2 = [
  ['Rekenkamerrapport Schulddienstverlening', 'De nazorg na een schuldregeling is beperkt.', 'Het budget is € 1,4 mln per jaar.'],
  ['Aanbevelingen', 'Zorg voor nazorg bij iedere afgeronde schuldregeling.', 'Betrek de wijkteams en de huisartsen bij de vroegsignalering.'],
];

/** The sample package with the rekenkamer report's pages as given. */
function withRekenkamer(pages: string[][]): TestPackage {
  const spec = samplePackageSpec();
  spec.documents[2]!.pages = pages;
  return spec;
}

async function setUp() {
  const dataDir = tempDir();
  let now = new Date('2026-12-01T08:00:00Z');
  const core = createCore({ dataDir, clock: () => now, extractionThreads: 1 });
  cores.push(core);
  const importAt = async (spec: TestPackage, at: string) => {
    now = new Date(at);
    const dir = (await writePackage(tempDir(), spec)).dir;
    return { dir, result: await core.importPackages({ paths: [dir] }) };
  };
  const first = await importAt(withRekenkamer(REKENKAMER_V1), '2026-12-01T08:00:00Z');
  const meetingId = first.result[0]!.meetingId;
  const documentId = core.getMeeting({ meetingId }).agenda[1]!.children[0]!.documents[0]!.id;
  return { dataDir, core, importAt, meetingId, documentId, firstDir: first.dir, setNow: (at: string) => (now = new Date(at)) };
}

describe('versions of a document and what changed', () => {
  it('keeps the old version with its source, compares the new one once, and lists exactly its changes', async () => {
    const { core, importAt, documentId, firstDir } = await setUp();
    const { dir } = await importAt(withRekenkamer(REKENKAMER_V2), '2026-12-02T09:00:00Z');

    const detail = core.getDocument({ documentId });
    expect(detail.versions.map((v) => ({ number: v.number, current: v.current, source: v.source, diff: v.diff, createdAt: v.createdAt }))).toEqual([
      { number: 2, current: true, source: { kind: 'package', name: 'Lokale pakketten', origin: path.resolve(dir) }, diff: { status: 'changed', count: 2 }, createdAt: '2026-12-02T09:00:00.000Z' },
      { number: 1, current: false, source: { kind: 'package', name: 'Lokale pakketten', origin: path.resolve(firstDir) }, diff: null, createdAt: '2026-12-01T08:00:00.000Z' },
    ]);
    // The old version's PDF and text stay available.
    expect(core.documentFile(documentId, detail.versions[1]!.id).read().subarray(0, 5).toString()).toBe('%PDF-');

    const changes = core.listChanges({ documentId });
    expect(changes.from.number).toBe(1);
    expect(changes.to.number).toBe(2);
    expect(changes.changes.map((c) => ({ page: c.page, kind: c.kind, oldText: c.oldText, newText: c.newText, amount: c.amount }))).toEqual([
      { page: 1, kind: 'replaced', oldText: '1,1', newText: '1,4', amount: { old: '€ 1,1 mln', new: '€ 1,4 mln' } },
      { page: 2, kind: 'inserted', oldText: '', newText: 'en de huisartsen', amount: null },
    ]);
    // Offsets address the page's text layer, as annotations do: the text found there is the new text.
    const inserted = changes.changes[1]!.ranges[0]!;
    const place = core.findQuote(documentId, 'en de huisartsen').places[0]!;
    expect({ page: inserted.page, start: inserted.start, end: inserted.end }).toEqual({ page: place.page, start: place.start, end: place.end });
    // The same through dispatch, as the hosts call it; a version of another document is refused by name.
    expect(await dispatchCall(core, 'listChanges', { documentId })).toEqual({ ok: true, value: changes });
    const other = await dispatchCall(core, 'listChanges', { documentId, fromVersionId: 1 });
    expect(other).toMatchObject({ ok: false, error: { code: 'not-found.version' } });
  });

  it('gives a change badge in the agenda, the meeting list, the document and search until the reader opens it', async () => {
    const { core, importAt, meetingId, documentId } = await setUp();
    core.setRead({ documentId, read: true }); // opened on day 1
    expect(core.getMeeting({ meetingId }).changedDocuments).toEqual([]);
    await importAt(withRekenkamer(REKENKAMER_V2), '2026-12-02T09:00:00Z');

    const meeting = core.getMeeting({ meetingId });
    const badge = { count: 2, status: 'changed', since: '2026-12-01T08:00:00.000Z', fromVersionId: expect.any(Number), toVersionId: expect.any(Number), arrivedAt: '2026-12-02T09:00:00.000Z' };
    expect(meeting.agenda[1]!.children[0]!.documents[0]!.changes).toEqual(badge);
    expect(meeting.agenda[0]!.children[1]!.documents.every((d) => d.changes === null)).toBe(true);
    expect(meeting.changedDocuments).toEqual([
      { documentId, title: 'Rekenkamerrapport Schulddienstverlening', type: 'rekenkamerrapport', agendaItemId: meeting.agenda[1]!.children[0]!.id, agendaItemNumber: '2.3', agendaItemTitle: 'Rekenkameronderzoek Schulddienstverlening', changes: badge },
    ]);
    expect(core.listMeetings({}).find((m) => m.id === meetingId)!.changedCount).toBe(1);
    expect(core.getDocument({ documentId }).changes).toEqual(badge);
    await core.searchIndexReady();
    const hit = core.search({ query: 'huisartsen' }).documents.find((d) => d.documentId === documentId)!;
    expect(hit.changes).toEqual(badge);
    // The badge's versions are the ones to compare: everything since the reader last saw it.
    const { fromVersionId, toVersionId } = core.getDocument({ documentId }).changes!;
    expect(core.listChanges({ documentId, fromVersionId, toVersionId }).changes).toHaveLength(2);

    expect(core.markDocumentSeen({ documentId })).toEqual({ versionId: core.getDocument({ documentId }).versionId });
    expect(core.getMeeting({ meetingId }).changedDocuments).toEqual([]);
    expect(core.listMeetings({}).find((m) => m.id === meetingId)!.changedCount).toBe(0);
    expect(core.search({ query: 'huisartsen' }).documents.find((d) => d.documentId === documentId)!.changes).toBeNull();
    // What changed stays readable after the badge is gone.
    expect(core.listChanges({ documentId }).changes).toHaveLength(2);
  });

  it('a new file with the same text is no change: no badge, no alert', async () => {
    const { core, importAt, meetingId, documentId } = await setUp();
    core.saveSearch({ name: 'Nazorg', query: 'nazorg schuldregeling' });
    // Another title in the PDF's metadata: other bytes, the same text.
    const spec = withRekenkamer(REKENKAMER_V1);
    const { makePdf } = await import('../support/make-package.ts');
    spec.documents[2]!.bytes = await makePdf(REKENKAMER_V1, 'Rekenkamerrapport (opnieuw opgeslagen)');
    const { result } = await importAt(spec, '2026-12-02T09:00:00Z');
    expect(result[0]!.counts['versionsAdded']).toBe(1);
    await core.searchIndexReady();
    expect(core.listChanges({ documentId })).toMatchObject({ status: 'identical', changes: [] });
    expect(core.getMeeting({ meetingId }).changedDocuments).toEqual([]);
    expect(core.getDocument({ documentId }).versions[0]!.diff).toEqual({ status: 'identical', count: 0 });
    expect(core.listSavedSearches({})[0]!.alerts).toEqual([]);
  });

  it('a saved search reports a changed document as changed, not as new', async () => {
    const { core, importAt, documentId } = await setUp();
    core.saveSearch({ name: 'Huisartsen', query: 'huisartsen vroegsignalering' });
    await importAt(withRekenkamer(REKENKAMER_V2), '2026-12-02T09:00:00Z');
    await core.searchIndexReady();
    const [saved] = core.listSavedSearches({});
    expect(saved!.alerts).toEqual([{ documentId, title: 'Rekenkamerrapport Schulddienstverlening', page: 2, foundAt: '2026-12-02T09:00:00.000Z', seen: false, change: 'changed', changeCount: 2 }]);
  });

  it('an unreadable new version leaves the old one current and says which document', async () => {
    const { core, documentId, setNow } = await setUp();
    const before = core.getDocument({ documentId });
    const spec = withRekenkamer(REKENKAMER_V2);
    spec.documents[2]!.bytes = new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('kapot '.repeat(500))]));
    setNow('2026-12-02T09:00:00Z');
    const dir = (await writePackage(tempDir(), spec)).dir;
    await expect(core.importPackages({ paths: [dir] })).rejects.toMatchObject({ code: 'pdf.corrupt', nl: expect.stringContaining('Rekenkamerrapport Schulddienstverlening') });
    expect(core.getDocument({ documentId })).toEqual(before);
    expect(() => core.listChanges({ documentId })).toThrow(expect.objectContaining({ code: 'versions.only-one' }));
  });

  it('marks annotations on a changed passage and leaves the others where they were', async () => {
    const { core, importAt, documentId } = await setUp();
    const highlight = (exact: string) => highlightQuote(core, documentId, exact);
    const unchanged = await highlight('Zorg voor nazorg bij iedere afgeronde schuldregeling.');
    const amount = await highlight('Het budget is € 1,1 mln per jaar.');
    const inserted = await highlight('Betrek de wijkteams bij de vroegsignalering.');
    await importAt(withRekenkamer(REKENKAMER_V2), '2026-12-02T09:00:00Z');

    const after = new Map(core.listAnnotations({ documentId }).map((a) => [a.id, a]));
    expect(after.get(unchanged.id)).toMatchObject({ anchorStatus: 'anchored', changedInNewVersion: false, onCurrentVersion: true, page: unchanged.page, position: unchanged.position });
    expect(after.get(amount.id)).toMatchObject({ changedInNewVersion: true, onCurrentVersion: true });
    expect(after.get(inserted.id)).toMatchObject({ changedInNewVersion: true });
    // Re-attached by the user: no longer marked.
    const place = core.findQuote(documentId, 'Het budget is € 1,4 mln per jaar.').places[0]!;
    const reattached = await core.reattachAnnotation({ annotationId: amount.id, page: place.page, start: place.start, end: place.end, exact: 'Het budget is € 1,4 mln per jaar.' });
    expect(reattached.changedInNewVersion).toBe(false);
  });

  it('prunes old versions safely: never the current one, never one an annotation is on; doctor counts what they take', async () => {
    const { core, importAt, documentId, dataDir } = await setUp();
    const v3 = REKENKAMER_V2.map((page) => page.map((line) => line.replace('huisartsen', 'apothekers')));
    await importAt(withRekenkamer(REKENKAMER_V2), '2026-12-02T09:00:00Z');
    await importAt(withRekenkamer(v3), '2026-12-03T09:00:00Z');
    const versions = core.getDocument({ documentId }).versions;
    expect(versions.map((v) => v.number)).toEqual([3, 2, 1]);
    const doctor = await core.doctor({});
    expect(doctor.counts.oldVersions).toBe(2);
    const oldFiles = versions.slice(1).map((v) => path.join(dataDir, 'files', v.sha256.slice(0, 2), `${v.sha256}.pdf`));
    expect(doctor.storage.oldVersionBytes).toBe(oldFiles.reduce((n, f) => n + fs.statSync(f).size, 0));
    expect(doctor.storage.bytes).toBeGreaterThan(doctor.storage.oldVersionBytes);

    const dryRun = await core.pruneVersions({ keep: 1, dryRun: true });
    expect(dryRun).toMatchObject({ dryRun: true, versionsRemoved: 2, filesRemoved: 2, keptForAnnotations: 0 });
    expect(core.getDocument({ documentId }).versions).toHaveLength(3);

    // Keep 2: version 1 goes (its file, its text, its comparison), 2 and 3 stay with their changes.
    const firstSize = fs.statSync(oldFiles[1]!).size;
    const progress: { phase: string; done: number; total: number }[] = [];
    const pruned = await core.pruneVersions({}, { onProgress: (p) => progress.push(p) });
    // A prune says how far it is, file by file.
    expect(progress.filter((p) => p.phase === 'prune').map((p) => [p.done, p.total])).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(pruned).toEqual({ dryRun: false, versionsRemoved: 1, filesRemoved: 1, bytesFreed: firstSize, keptForAnnotations: 0, keptAsSeen: 0 });
    expect(fs.existsSync(oldFiles[1]!)).toBe(false);
    expect(fs.existsSync(oldFiles[0]!)).toBe(true);
    // The versions keep their numbers: "versie 1" never comes to mean another file.
    expect(core.getDocument({ documentId }).versions.map((v) => v.number)).toEqual([3, 2]);
    expect(core.listChanges({ documentId }).changes.map((c) => [c.oldText, c.newText])).toEqual([['huisartsen', 'apothekers']]);
    expect((await core.doctor({})).ok).toBe(true);
    // The search index lost the pruned file's pages and what they counted: the same numbers FTS5 itself gives.
    const Sqlite = (await import('better-sqlite3-multiple-ciphers')).default;
    const library = new Sqlite(path.join(dataDir, 'library.db'), { readonly: true });
    try {
      expect(library.prepare('SELECT count(*) FROM search_pages WHERE sha256 = ?').pluck().get(versions[2]!.sha256)).toBe(0);
      expect(library.prepare('SELECT term, pages FROM search_stems ORDER BY term').all()).toEqual(library.prepare('SELECT term, doc AS pages FROM search_vocab ORDER BY term').all());
      const indexed = library.prepare('SELECT count(*) FROM search_pages WHERE indexed = 1').pluck().get();
      expect(library.prepare("SELECT value FROM search_counts WHERE name = 'pages-indexed'").pluck().get()).toBe(indexed);
    } finally {
      library.close();
    }

    // An annotation still on version 2 (a restored backup, before re-anchoring) keeps it.
    const Database = (await import('better-sqlite3-multiple-ciphers')).default;
    const personal = new Database(path.join(dataDir, 'personal.db'));
    personal
      .prepare(
        `INSERT INTO annotations (id, document_id, document_key, sha256, page_number, kind, tags, rects, created_at, updated_at, point_x, point_y)
         VALUES ('00000000-0000-4000-8000-000000000001', ?, 'local::doc/rekenkamer', ?, 1, 'note', '[]', '[]', '2026-12-04T00:00:00Z', '2026-12-04T00:00:00Z', 10, 10)`,
      )
      .run(documentId, versions[1]!.sha256);
    personal.close();
    expect(await core.pruneVersions({ keep: 1 })).toMatchObject({ versionsRemoved: 0, keptForAnnotations: 1 });
    expect(fs.existsSync(oldFiles[0]!)).toBe(true);
  });
});

describe('prune-versions after a crash between its commit and its removals', () => {
  it('removes a stored file no version uses once it is a day old, never a fresh one (an import in progress stores its files first)', async () => {
    const dataDir = tempDir();
    const core = createCore({ dataDir, extractionThreads: 1 });
    try {
      const left = 'a'.repeat(64);
      const fresh = 'b'.repeat(64);
      for (const sha of [left, fresh]) {
        fs.mkdirSync(path.join(dataDir, 'files', sha.slice(0, 2)), { recursive: true });
        fs.writeFileSync(path.join(dataDir, 'files', sha.slice(0, 2), `${sha}.pdf`), Buffer.alloc(4096, 1));
      }
      const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
      fs.utimesSync(path.join(dataDir, 'files', 'aa', `${left}.pdf`), twoDaysAgo, twoDaysAgo);

      expect(await core.pruneVersions({ dryRun: true })).toMatchObject({ dryRun: true, versionsRemoved: 0, filesRemoved: 1, bytesFreed: 4096 });
      expect(fs.existsSync(path.join(dataDir, 'files', 'aa', `${left}.pdf`))).toBe(true);
      expect(await core.pruneVersions({})).toMatchObject({ versionsRemoved: 0, filesRemoved: 1, bytesFreed: 4096 });
      expect(fs.existsSync(path.join(dataDir, 'files', 'aa', `${left}.pdf`))).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'files', 'bb', `${fresh}.pdf`))).toBe(true);
    } finally {
      await core.close();
    }
  });
});
