import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { samplePackageSpec, writePackage, type TestPackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

/** Meeting B: a new meeting with a new document, and a document of the sample meeting on its agenda too. */
function meetingB(): TestPackage {
  return {
    meetingId: 'zwolle/2017-01-23',
    title: 'Raadsplein besluitvormend',
    start: '2017-01-23T19:00:00+01:00',
    agenda: [{ id: '5', number: '5', title: 'Besluit passend onderwijs', documents: ['doc/raadsbesluit', 'doc/advies'] }],
    documents: [
      { id: 'doc/raadsbesluit', title: 'Raadsbesluit passend onderwijs', type: 'raadsvoorstel', pages: [['De raad besluit']] },
      { id: 'doc/advies', title: 'Advies Participatieraad', type: 'bijlage', pages: [['Advies Participatieraad Zwolle', 'De raad adviseert positief.']] },
    ],
  };
}

describe('new since the last visit', () => {
  it('lists exactly what arrived since the last day of use, newest first, each once', async () => {
    const dataDir = tempDir();
    let now = new Date('2026-12-01T08:00:00Z');
    const open = (recordVisit: boolean) => {
      const core = createCore({ dataDir, clock: () => now, extractionThreads: 1, recordVisit });
      cores.push(core);
      return core;
    };
    const importSpec = async (core: Core, spec: TestPackage, at: string) => {
      now = new Date(at);
      return core.importPackages({ paths: [(await writePackage(tempDir(), spec)).dir] });
    };

    // Day 1: the sample meeting comes in through the CLI, which is no visit.
    const cli = open(false);
    await importSpec(cli, samplePackageSpec(), '2026-12-01T08:00:00Z');
    await cli.close();

    // Day 2: the first visit; what was there before it is not new.
    now = new Date('2026-12-02T09:00:00Z');
    const day2 = open(true);
    expect(day2.newSinceLastVisit({})).toEqual({ since: '2026-12-02T09:00:00.000Z', visitedBefore: false, total: 0, items: [] });
    await day2.close();

    // Day 3: a new meeting, a new version of a document, then a new document on the sample meeting.
    now = new Date('2026-12-03T10:00:00Z');
    const day3 = open(true);
    await importSpec(day3, meetingB(), '2026-12-03T10:00:00Z');
    const changed = samplePackageSpec();
    changed.documents[2]!.pages = [['Rekenkamerrapport, herziene versie', 'Nazorg is beperkt.'], ['Aanbevelingen']];
    await importSpec(day3, changed, '2026-12-03T10:05:00Z');
    changed.documents.push({ id: 'doc/motie', title: 'Motie nazorg schulden', type: 'motie', pages: [['Motie nazorg']] });
    changed.agenda[1]!.children![0]!.documents = ['doc/rekenkamer', 'doc/motie'];
    await importSpec(day3, changed, '2026-12-03T10:10:00Z');
    const sample = day3.listMeetings({}).find((m) => m.title === 'Raadsplein info/debat')!;
    const b = day3.listMeetings({}).find((m) => m.title === 'Raadsplein besluitvormend')!;
    const expected = {
      since: '2026-12-02T09:00:00.000Z',
      visitedBefore: true,
      total: 3,
      items: [
        {
          kind: 'document',
          documentId: expect.any(Number),
          title: 'Motie nazorg schulden',
          type: 'motie',
          change: 'new',
          changeCount: null,
          arrivedAt: '2026-12-03T10:10:00.000Z',
          meeting: { id: sample.id, title: 'Raadsplein info/debat', startsAt: sample.startsAt },
        },
        {
          kind: 'document',
          documentId: expect.any(Number),
          title: 'Rekenkamerrapport Schulddienstverlening',
          type: 'rekenkamerrapport',
          change: 'version',
          // "Rekenkamerrapport" became "Rekenkamerrapport, herziene versie"; the page "Bijlagen" went.
          changeCount: 2,
          arrivedAt: '2026-12-03T10:05:00.000Z',
          meeting: { id: sample.id, title: 'Raadsplein info/debat', startsAt: sample.startsAt },
        },
        // The new meeting stands for its documents: the new decision and the advice it shares are not listed apart.
        { kind: 'meeting', meetingId: b.id, title: 'Raadsplein besluitvormend', startsAt: b.startsAt, bodyName: 'Gemeenteraad Zwolle', documentCount: 2, arrivedAt: '2026-12-03T10:00:00.000Z' },
      ],
    };
    expect(day3.newSinceLastVisit({})).toEqual(expected);
    expect(day3.newSinceLastVisit({ limit: 1 })).toMatchObject({ total: 3, items: [expected.items[0]] });
    // The version's document opens in the reader as the new version.
    const version = day3.newSinceLastVisit({}).items[1]!;
    expect(version.kind === 'document' && day3.getDocument({ documentId: version.documentId }).versions).toHaveLength(2);
    await day3.close();

    // A restart the same day does not hide what arrived since yesterday; an unchanged re-import adds nothing.
    now = new Date('2026-12-03T14:00:00Z');
    const restarted = open(true);
    await importSpec(restarted, meetingB(), '2026-12-03T14:01:00Z');
    expect(restarted.newSinceLastVisit({})).toEqual(expected);
    await restarted.close();

    // Day 4: everything above was there at the last visit (the last run of day 3).
    now = new Date('2026-12-04T08:30:00Z');
    const day4 = open(true);
    expect(day4.newSinceLastVisit({})).toEqual({ since: '2026-12-03T14:00:00.000Z', visitedBefore: true, total: 0, items: [] });
  });
});
