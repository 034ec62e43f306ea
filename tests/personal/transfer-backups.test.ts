import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import type { MotieContent } from '../../shared/motion.ts';
import { samplePackageSpec, writePackage, type TestPackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

const clockAt = (iso: string) => {
  let now = new Date(iso);
  return { clock: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
};

async function machine(packages: TestPackage[], dataDir = tempDir(), time = clockAt('2026-11-22T12:00:00Z')) {
  const core = createCore({ dataDir, clock: time.clock, extractionThreads: 1 });
  cores.push(core);
  for (const spec of packages) await core.importPackages({ paths: [(await writePackage(tempDir(), spec)).dir] });
  return core;
}

const other: TestPackage = {
  meetingId: 'zwolle/2017-01-02',
  title: 'Commissie Bestuur',
  start: '2017-01-02T19:30:00+01:00',
  agenda: [{ id: '1', number: '1', title: 'Opening', documents: ['doc/other'] }],
  documents: [{ id: 'doc/other', title: 'Andere brief', type: 'brief', pages: [['Een brief over iets anders.']] }],
};

function findDocument(core: Core, title: string) {
  for (const m of core.listMeetings({})) {
    const walk = (items: ReturnType<Core['getMeeting']>['agenda']): number | undefined => {
      for (const i of items) {
        const d = i.documents.find((x) => x.title === title);
        if (d) return d.id;
        const inner = walk(i.children);
        if (inner) return inner;
      }
      return undefined;
    };
    const id = walk(core.getMeeting({ meetingId: m.id }).agenda);
    if (id) return id;
  }
  throw new Error(`no document ${title}`);
}

describe('personal export and import', () => {
  it('moves annotations, notes and drafts to another machine, placed by quote on its own ids', async () => {
    const a = await machine([samplePackageSpec()]);
    const rekenkamer = findDocument(a, 'Rekenkamerrapport Schulddienstverlening');
    const highlight = await a.createAnnotation({ kind: 'highlight', documentId: rekenkamer, page: 1, start: 0, end: 0 + 'Nazorg is beperkt.'.length, exact: 'Nazorg is beperkt.', color: 'blue', note: 'Kern van het rapport', tags: ['rekenkamer'] });
    await a.createAnnotation({ kind: 'note', documentId: rekenkamer, page: 2, point: { x: 50, y: 60 }, note: 'Aanbevelingen' });
    const item = a.getMeeting({ meetingId: 1 }).agenda[1]!.children[0]!;
    a.saveAgendaNote({ agendaItemId: item.id, body: '- [ ] Rekenkamer bellen', stance: 'tegen' });
    const draft = a.createMotionDraft({ kind: 'motie', meetingId: 1, agendaItemId: item.id });
    a.saveMotionDraft({ draftId: draft.id, content: { ...(draft.content as MotieContent), verzoekt: ['de nazorg te versterken'] }, checkpoint: true });

    const exported = a.exportPersonal({});
    expect(exported).toMatchObject({ fileName: 'raadsmap-persoonlijk-2026-11-22.json', mimeType: 'application/json' });
    const json = a.exportFile(exported.exportId).bytes.toString('utf8');
    expect(JSON.parse(json)).toMatchObject({ format: 'raadsmap-personal/1', annotations: [{ id: highlight.id }, {}], agendaNotes: [{}], motionDrafts: [{ id: draft.id, revisions: [{}, {}] }] });

    // Machine B has another meeting first: all its ids differ from A's.
    const b = await machine([other, samplePackageSpec()]);
    const there = findDocument(b, 'Rekenkamerrapport Schulddienstverlening');
    expect(there).not.toBe(rekenkamer);
    const summary = b.importPersonal({ json });
    expect(summary).toEqual({ annotations: { added: 2, updated: 0, anchored: 2, moved: 0, orphaned: 0, skipped: 0 }, agendaNotes: 1, motionDrafts: 1, problems: [], problemCount: 0 });
    // Placed by quote at once; on the glyphs of B's copy of the page right after.
    await b.annotationsPlaced();
    const placed = b.listAnnotations({ documentId: there });
    expect(placed.map((x) => [x.kind, x.page, x.quote?.exact ?? null, x.note, x.onCurrentVersion])).toEqual([
      ['highlight', 1, 'Nazorg is beperkt.', 'Kern van het rapport', true],
      ['note', 2, null, 'Aanbevelingen', true],
    ]);
    expect(placed[0]!.rects).toEqual(highlight.rects);
    const itemThere = b.getMeeting({ meetingId: 2 }).agenda[1]!.children[0]!;
    expect(b.getAgendaNote({ agendaItemId: itemThere.id })).toMatchObject({ body: '- [ ] Rekenkamer bellen', stance: 'tegen' });
    const draftThere = b.getMotionDraft({ draftId: draft.id });
    expect(draftThere).toMatchObject({ meetingId: 2, agendaItemId: itemThere.id, content: { verzoekt: ['de nazorg te versterken'] } });
    expect(draftThere.revisions).toHaveLength(2);

    // Importing the same file again changes nothing.
    expect(b.importPersonal({ json }).annotations).toMatchObject({ added: 0, updated: 0, skipped: 2 });
    expect(b.listAnnotations({})).toHaveLength(2);
  });

  it('never puts a row on another row that merely has the same id here; keeps this machine’s text of a draft in its history', async () => {
    const a = await machine([other, samplePackageSpec()]);
    const itemOnA = a.getMeeting({ meetingId: 1 }).agenda[0]!; // "Opening" of the meeting B does not have
    a.saveAgendaNote({ agendaItemId: itemOnA.id, body: 'Notitie bij een vergadering die B niet kent' });
    const b = await machine([samplePackageSpec()], tempDir(), clockAt('2026-11-01T12:00:00Z'));
    const sameIdOnB = itemOnA.id; // on B this id is an item of another meeting
    b.saveAgendaNote({ agendaItemId: sameIdOnB, body: 'Eigen notitie van B' });
    // A draft that both have (imported earlier), edited on B and later on A.
    const draftOnA = a.createMotionDraft({ kind: 'motie', meetingId: 2 });
    b.importPersonal({ json: a.exportFile(a.exportPersonal({}).exportId).bytes.toString('utf8') });
    const draftOnB = b.getMotionDraft({ draftId: draftOnA.id });
    b.saveMotionDraft({ draftId: draftOnA.id, content: { ...(draftOnB.content as MotieContent), verzoekt: ['tekst van B'] } });
    a.saveMotionDraft({ draftId: draftOnA.id, content: { ...(draftOnA.content as MotieContent), verzoekt: ['tekst van A'] } });

    const summary = b.importPersonal({ json: a.exportFile(a.exportPersonal({}).exportId).bytes.toString('utf8') });
    expect(b.getAgendaNote({ agendaItemId: sameIdOnB }).body).toBe('Eigen notitie van B');
    expect(summary.problems).toEqual([{ nl: expect.stringContaining('niet aanwezig'), en: expect.stringContaining('not here') }]);
    expect((b.getMotionDraft({ draftId: draftOnA.id }).content as MotieContent).verzoekt).toEqual(['tekst van A']);
    // B's own text is one restore away: the revision kept at the import (B's clock).
    const history = b.getMotionDraft({ draftId: draftOnA.id }).revisions;
    const keptAtImport = history.find((r) => r.createdAt === '2026-11-01T12:00:00.000Z')!;
    const restored = b.restoreMotionRevision({ draftId: draftOnA.id, revisionId: keptAtImport.id });
    expect((restored.content as MotieContent).verzoekt).toEqual(['tekst van B']);
  });

  it('anchors annotations given only by document id and quote on the right pages', async () => {
    const core = await machine([samplePackageSpec()]);
    const documentId = findDocument(core, 'Rekenkamerrapport Schulddienstverlening');
    const json = JSON.stringify({
      format: 'raadsmap-personal/1',
      annotations: [
        { documentId, quote: { exact: 'Aanbevelingen' }, note: 'Lezen!' },
        { documentId, quote: { exact: 'Bijlagen' } },
        { documentId, quote: { exact: 'Dit staat nergens in het rapport' }, note: 'Bewaren' },
        { documentId: 9999, quote: { exact: 'Nazorg' } },
      ],
    });
    const summary = core.importPersonal({ json });
    expect(summary.annotations).toEqual({ added: 3, updated: 0, anchored: 2, moved: 0, orphaned: 1, skipped: 1 });
    expect(summary.problems).toEqual([{ nl: expect.stringContaining('document 9999 is hier niet aanwezig'), en: expect.stringContaining('document 9999 is not here') }]);
    const list = core.listAnnotations({ documentId });
    expect(list.map((a) => [a.quote!.exact, a.page, a.anchorStatus])).toEqual([
      ['Dit staat nergens in het rapport', 1, 'orphaned'],
      ['Aanbevelingen', 2, 'anchored'],
      ['Bijlagen', 3, 'anchored'],
    ]);
    expect(list.find((a) => a.page === 2)!.rects).toHaveLength(1);
  });

  it('refuses a file that is not an export, naming the problem, and changes nothing', async () => {
    const core = await machine([samplePackageSpec()]);
    expect(() => core.importPersonal({ json: '{"format": "iets-anders"}' })).toThrow(expect.objectContaining({ code: 'personal.bad-export', nl: expect.stringContaining('format') }));
    expect(() => core.importPersonal({ json: '{kapot' })).toThrow(expect.objectContaining({ code: 'personal.not-json' }));
    expect(() =>
      core.importPersonal({ json: JSON.stringify({ format: 'raadsmap-personal/1', annotations: [{ documentId: 1, quote: { exact: 'Nazorg' } }, { documentId: 1, color: 'paars', quote: { exact: 'x' } }] }) }),
    ).toThrow(expect.objectContaining({ code: 'personal.bad-export', en: expect.stringContaining('annotations.1.color') }));
    expect(core.listAnnotations({})).toEqual([]);
  });
});

describe('backups of private data', () => {
  it('are made daily at start, kept for the set number of days, and restore what was there', async () => {
    const dataDir = tempDir();
    const time = clockAt('2026-11-01T08:00:00Z');
    let core = await machine([samplePackageSpec()], dataDir, time);
    expect(core.listBackups({}).map((b) => b.name)).toEqual(['personal-2026-11-01T08-00-00Z.db']);
    const item = core.getMeeting({ meetingId: 1 }).agenda[1]!.children[0]!;
    core.saveAgendaNote({ agendaItemId: item.id, body: 'Versie van 1 november' });

    // Each later start on a new day adds one; after 14 days the oldest go (the newest always stays).
    for (let day = 1; day <= 16; day++) {
      await core.close();
      cores.length = 0;
      time.advance(24 * 60 * 60 * 1000);
      core = await machine([], dataDir, time);
    }
    const names = core.listBackups({}).map((b) => b.name);
    expect(names[0]).toBe('personal-2026-11-17T08-00-00Z.db');
    expect(names.at(-1)).toBe('personal-2026-11-03T08-00-00Z.db');
    expect(names).toHaveLength(15);

    const backup = core.createBackup({});
    core.saveAgendaNote({ agendaItemId: item.id, body: 'Per ongeluk gewist' });
    time.advance(1000);
    const restored = core.restoreBackup({ name: backup.name });
    expect(core.getAgendaNote({ agendaItemId: item.id }).body).toBe('Versie van 1 november');
    // What was there before the restore is itself a backup.
    time.advance(1000);
    core.restoreBackup({ name: restored.safetyCopy });
    expect(core.getAgendaNote({ agendaItemId: item.id }).body).toBe('Per ongeluk gewist');
  });

  it('refuses a damaged backup and keeps the private data as it was', async () => {
    const core = await machine([samplePackageSpec()]);
    const item = core.getMeeting({ meetingId: 1 }).agenda[1]!.children[0]!;
    core.saveAgendaNote({ agendaItemId: item.id, body: 'Blijft staan' });
    const name = 'personal-2026-01-01T00-00-00Z.db';
    fs.writeFileSync(path.join(core.dataDir, 'backups', name), 'geen database');
    expect(() => core.restoreBackup({ name })).toThrow(expect.objectContaining({ code: 'backup.damaged' }));
    expect(() => core.restoreBackup({ name: 'personal-2030-01-01T00-00-00Z.db' })).toThrow(expect.objectContaining({ code: 'not-found.backup' }));
    expect(core.getAgendaNote({ agendaItemId: item.id }).body).toBe('Blijft staan');
  });
});
