// The change badge, "new since your last visit" and saved-search alerts are
// based on the version the user last saw, never on times (review of issue 19).
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { samplePackageSpec, writePackage, type TestPackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const A = [['Rapport', 'De nazorg is beperkt.', 'Het budget is € 1,1 mln per jaar.'], ['Aanbevelingen', 'Betrek de wijkteams bij de vroegsignalering.']];
const B = [['Rapport', 'De nazorg is beperkt.', 'Het budget is € 1,4 mln per jaar.'], ['Aanbevelingen', 'Betrek de wijkteams bij de vroegsignalering.']];
const C = [['Rapport', 'De nazorg is beperkt.', 'Het budget is € 1,4 mln per jaar.'], ['Aanbevelingen', 'Betrek de wijkteams en huisartsen bij de vroegsignalering.']];
// B's amount back as in A, and C's edit: seen A, only the edit is new.
const D = [['Rapport', 'De nazorg is beperkt.', 'Het budget is € 1,1 mln per jaar.'], ['Aanbevelingen', 'Betrek de wijkteams en huisartsen bij de vroegsignalering.']];

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

const spec = (pages: string[][]): TestPackage => {
  const s = samplePackageSpec();
  s.documents[2]!.pages = pages;
  return s;
};

async function setUp(options: { recordVisit?: boolean } = {}) {
  const dataDir = tempDir();
  let now = new Date('2026-12-01T08:00:00Z');
  const open = () => {
    const core = createCore({ dataDir, clock: () => now, extractionThreads: 1, recordVisit: options.recordVisit });
    cores.push(core);
    return core;
  };
  let core = open();
  let documentId = 0;
  const at = (iso: string) => (now = new Date(iso));
  const deliver = async (pages: string[][], iso: string) => {
    at(iso);
    const dir = (await writePackage(tempDir(), spec(pages))).dir;
    const result = await core.importPackages({ paths: [dir] });
    documentId ||= core.getMeeting({ meetingId: result[0]!.meetingId }).agenda[1]!.children[0]!.documents[0]!.id;
    return result;
  };
  const seen = (iso: string) => {
    at(iso);
    core.markDocumentSeen({ documentId });
  };
  const badge = () => core.getDocument({ documentId: documentId }).changes;
  /** What the badge's own versions list: the changes the badge counts. */
  const listed = () => {
    const b = badge()!;
    return core.listChanges({ documentId, fromVersionId: b.fromVersionId, toVersionId: b.toVersionId }).changes.map((c) => `${c.oldText} → ${c.newText}`);
  };
  const reopen = async () => {
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    core = open();
    return core;
  };
  return { core: () => core, deliver, seen, badge, listed, at, reopen, documentId: () => documentId };
}

describe('the change badge is based on the version last seen', () => {
  it('a version delivered again (A → B → A → B) after the user saw A has a badge, and "new since" and the saved search report it again', async () => {
    const t = await setUp({ recordVisit: true });
    t.core().saveSearch({ name: 'Budget', query: 'budget nazorg' });
    await t.deliver(A, '2026-12-01T08:00:00Z');
    t.seen('2026-12-01T09:00:00Z');
    await t.deliver(B, '2026-12-02T08:00:00Z');
    expect(t.badge()).toMatchObject({ count: 1, status: 'changed' });
    await t.deliver(A, '2026-12-03T08:00:00Z');
    // Back to what the user saw: nothing to show.
    expect(t.badge()).toBeNull();
    t.seen('2026-12-03T09:00:00Z');
    await t.core().searchIndexReady();
    t.core().markAlertsSeen({ savedSearchId: t.core().listSavedSearches({})[0]!.id });

    // The app is used on day 3 after that, and started again the next day, when B comes back.
    t.at('2026-12-03T09:30:00Z');
    await t.reopen();
    t.at('2026-12-04T07:00:00Z');
    const core = await t.reopen();
    await t.deliver(B, '2026-12-04T08:00:00Z');
    expect(t.badge()).toMatchObject({ count: 1, status: 'changed', arrivedAt: '2026-12-04T08:00:00.000Z' });
    expect(t.listed()).toEqual(['1,1 → 1,4']);
    const news = core.newSinceLastVisit({});
    expect(news.items.filter((i) => i.kind === 'document')).toEqual([expect.objectContaining({ documentId: t.documentId(), change: 'version', changeCount: 1, arrivedAt: '2026-12-04T08:00:00.000Z' })]);
    await core.searchIndexReady();
    const [saved] = core.listSavedSearches({});
    expect(saved!.unseenAlerts).toBe(1);
    expect(saved!.alerts.filter((a) => !a.seen)).toEqual([expect.objectContaining({ documentId: t.documentId(), change: 'changed', changeCount: 1, foundAt: '2026-12-04T08:00:00.000Z' })]);
  });

  it('several unseen versions: the count is that of the seen version against the current one, and equals what listChanges lists', async () => {
    const t = await setUp();
    await t.deliver(A, '2026-12-01T08:00:00Z');
    t.seen('2026-12-01T09:00:00Z');
    await t.deliver(B, '2026-12-02T08:00:00Z');
    await t.deliver(D, '2026-12-03T08:00:00Z');
    // B's change of the amount was undone by D: only the added words are new to the user.
    expect(t.listed()).toEqual([' → en huisartsen']);
    expect(t.badge()).toMatchObject({ count: 1, status: 'changed' });
  });

  it('opened while an import with an earlier clock ran: the new version still has its badge', async () => {
    const t = await setUp();
    await t.deliver(A, '2026-12-01T08:00:00Z');
    // Another process opened A at 08:00:05, the import's time is 08:00:00.
    t.seen('2026-12-02T08:00:05Z');
    await t.deliver(B, '2026-12-02T08:00:00Z');
    expect(t.badge()).toMatchObject({ count: 1, status: 'changed' });
  });

  it('pruning keeps the version the user last saw, so the badge and its changes stay', async () => {
    const t = await setUp();
    await t.deliver(A, '2026-12-01T08:00:00Z');
    t.seen('2026-12-01T09:00:00Z');
    await t.deliver(B, '2026-12-02T08:00:00Z');
    await t.deliver(C, '2026-12-03T08:00:00Z');
    expect(t.badge()).toMatchObject({ count: 2 });
    const report = await t.core().pruneVersions({ keep: 1 });
    expect(report).toMatchObject({ versionsRemoved: 1, keptAsSeen: 1 });
    expect(t.badge()).toMatchObject({ count: 2, status: 'changed' });
    expect(t.listed()).toEqual(['1,1 → 1,4', ' → en huisartsen']);
  });

  it('a new version without readable text has a badge that says so', async () => {
    const t = await setUp();
    await t.deliver(A, '2026-12-01T08:00:00Z');
    t.seen('2026-12-01T09:00:00Z');
    await t.deliver([[''], ['']], '2026-12-02T08:00:00Z');
    expect(t.badge()).toMatchObject({ count: 0, status: 'no-text' });
  });
});
