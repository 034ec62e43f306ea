// A package changes only its own municipality's bodies, meetings and
// documents; a synced source only its own. Everything else is refused with a
// message that names the document and both owners, and changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import type { PackageManifest } from '../../shared/package-format.ts';
import { listFiles, snapshotStore } from '../support/db-snapshot.ts';
import { samplePackageSpec, writePackage, type TestPackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startFixtureServer } from '../sync/fixture-server.ts';
import { syncCore } from '../sync/helpers.ts';

let dataDir: string;
let core: Core;
beforeEach(() => {
  dataDir = tempDir();
  core = createCore({ dataDir, clock: () => new Date('2026-11-22T12:00:00Z'), extractionThreads: 1 });
});
afterEach(() => core.close());

const UTRECHT: PackageManifest['body'] = { id: 'utrecht/raad', name: 'Gemeenteraad Utrecht', kind: 'gemeenteraad', municipality: 'Utrecht' };

/** A package folder as writePackage makes it (Zwolle's raad), with another body. */
async function packageOf(spec: TestPackage, body?: PackageManifest['body']): Promise<string> {
  const { dir, manifest } = await writePackage(tempDir(), spec);
  if (body) fs.writeFileSync(path.join(dir, 'meeting.json'), JSON.stringify({ ...manifest, body }, null, 2));
  return dir;
}

/** The sample's proposal on another agenda, with a changed PDF (a new version if it is taken). */
function proposalAgain(meetingId: string): TestPackage {
  return {
    meetingId,
    title: 'Commissie Onderwijs',
    agenda: [{ id: '4', number: '4', title: 'Ontwikkelagenda', documents: ['doc/beslisnota'] }],
    documents: [{ id: 'doc/beslisnota', title: 'Beslisnota Ontwikkelagenda (herzien)', type: 'beslisnota', pages: [['Beslisnota, herziene versie']] }],
  };
}

async function refusal(paths: string[]): Promise<{ code: string; nl: string; en: string; subject?: string }> {
  return core.importPackages({ paths }).then(
    () => expect.fail('the import was accepted'),
    (error: { code: string; nl: string; en: string; subject?: string }) => error,
  );
}

/** Every document on an agenda (of the meetings of `municipality`, or all): external id and current version's sha256. */
const documentsOf = (municipality?: string) =>
  core
    .listMeetings({})
    .filter((m) => municipality === undefined || m.body.municipality === municipality)
    .flatMap((m) => core.getMeeting({ meetingId: m.id }).agenda.flatMap(function all(i): { externalId: string; sha256: string }[] {
      return [...i.documents, ...i.children.flatMap(all)];
    }));
const currentVersions = (municipality?: string) => new Map(documentsOf(municipality).map((d) => [d.externalId, d.sha256]));

describe('a package of another municipality', () => {
  beforeEach(async () => {
    await core.importPackages({ paths: [await packageOf(samplePackageSpec())] });
  });

  it('cannot add a version to a document of Zwolle by reusing its id: refused, naming the document and both municipalities', async () => {
    const before = snapshotStore(dataDir);
    const filesBefore = listFiles(path.join(dataDir, 'files'));
    const error = await refusal([await packageOf(proposalAgain('utrecht/2017-01-10'), UTRECHT)]);
    expect(error).toMatchObject({ code: 'package.foreign-document', subject: 'doc/beslisnota' });
    expect(error.nl).toBe(
      'Dit pakket (gemeente Utrecht) gebruikt het id doc/beslisnota van het document "Beslisnota Ontwikkelagenda", dat bij gemeente Zwolle hoort. ' +
        "Een pakket kan alleen vergaderingen en documenten van zijn eigen gemeente bijwerken; er is niets geïmporteerd. Vraag de afzender om een pakket met eigen id's.",
    );
    expect(error.en).toMatch(/^This package \(municipality of Utrecht\) uses the id doc\/beslisnota of the document "Beslisnota Ontwikkelagenda", which belongs to the municipality of Zwolle\./);
    expect(snapshotStore(dataDir)).toBe(before);
    // Refused before any PDF was read or stored.
    expect(listFiles(path.join(dataDir, 'files'))).toEqual(filesBefore);
    expect(listFiles(path.join(dataDir, 'staging'))).toEqual([]);
  });

  it('cannot replace a meeting of Zwolle, nor take over its body', async () => {
    const sameMeeting = await refusal([await packageOf({ ...samplePackageSpec(), title: 'Overgenomen', documents: [], agenda: [] }, UTRECHT)]);
    expect(sameMeeting).toMatchObject({ code: 'package.foreign-meeting', subject: 'zwolle/2017-01-09' });
    expect(sameMeeting.nl).toContain('van de vergadering "Raadsplein info/debat", dat bij gemeente Zwolle hoort');

    const sameBody = await refusal([await packageOf({ meetingId: 'utrecht/1', agenda: [], documents: [] }, { ...UTRECHT, id: 'zwolle/raad' })]);
    expect(sameBody).toMatchObject({ code: 'package.foreign-body', subject: 'zwolle/raad' });
    expect(sameBody.en).toContain('of the body "Gemeenteraad Zwolle", which belongs to the municipality of Zwolle');
    expect(core.listMeetings({}).map((m) => [m.title, m.body.municipality])).toEqual([['Raadsplein info/debat', 'Zwolle']]);
  });

  it('is refused inside the write too, when the document arrived earlier in the same batch', async () => {
    const first = await packageOf({ ...proposalAgain('zwolle/2017-01-12'), documents: [{ id: 'doc/nieuw', title: 'Nieuwe nota', pages: [['Nieuw']] }], agenda: [{ id: '1', title: 'Nota', documents: ['doc/nieuw'] }] });
    const second = await packageOf({ ...proposalAgain('utrecht/2017-01-13'), documents: [{ id: 'doc/nieuw', title: 'Andere nota', pages: [['Anders']] }], agenda: [{ id: '1', title: 'Nota', documents: ['doc/nieuw'] }] }, UTRECHT);
    const error = await refusal([first, second]);
    expect(error).toMatchObject({ code: 'package.foreign-document', subject: 'doc/nieuw' });
    expect(core.listMeetings({}).map((m) => m.body.municipality)).toEqual(['Zwolle', 'Zwolle']);
    expect(await core.doctor({})).toMatchObject({ ok: true });
  });
});

describe('within one municipality', () => {
  it('a commissie adds a version to a proposal of the raad (municipality written differently)', async () => {
    await core.importPackages({ paths: [await packageOf(samplePackageSpec())] });
    const before = currentVersions().get('doc/beslisnota');
    const commissie = { id: 'zwolle/commissie', name: 'Commissie Onderwijs', kind: 'commissie', municipality: ' gemeente  Zwolle' } as const;
    const [result] = await core.importPackages({ paths: [await packageOf(proposalAgain('zwolle/2017-01-11'), commissie)] });
    expect(result).toMatchObject({ outcome: 'created', counts: { versionsAdded: 1 } });
    expect(currentVersions().get('doc/beslisnota')).not.toBe(before);
  });
});

describe('a synced source', () => {
  it('keeps its own documents: a package reusing their ids makes documents of its own, and a sync never touches a package', async () => {
    await core.close();
    const server = await startFixtureServer();
    ({ core } = syncCore(dataDir, { timeoutMs: 10_000 }));
    try {
      core.addSource({ kind: 'oparl', url: server.oparlUrl });
      await core.syncSources({});
      const synced = currentVersions();
      const [externalId] = [...synced.keys()];
      // Another municipality's package with a synced document's id and a PDF of its own.
      const spec = { meetingId: 'utrecht/2017-01-10', agenda: [{ id: '1', title: 'Stuk', documents: [externalId!] }], documents: [{ id: externalId!, title: 'Ander stuk', pages: [['Utrecht']] }] };
      const [imported] = await core.importPackages({ paths: [await packageOf(spec, UTRECHT)] });
      expect(imported).toMatchObject({ outcome: 'created', counts: { documentsAdded: 1, versionsAdded: 0 } });
      const [again] = await core.syncSources({});
      expect(again).toMatchObject({ status: 'ok' });
      const utrecht = core.getMeeting({ meetingId: imported!.meetingId }).agenda[0]!.documents[0]!;
      expect(utrecht.title).toBe('Ander stuk');
      // Every synced document kept its version; the package's is a document of its own.
      expect(currentVersions('Zwolle')).toEqual(synced);
      expect(utrecht.sha256).not.toBe(synced.get(externalId!));
    } finally {
      await server.close();
    }
  });
});
