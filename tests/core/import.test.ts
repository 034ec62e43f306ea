import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgendaItemView, MeetingDetail } from '../../shared/api.ts';
import { createCore, IMPORT_STAGES, importStages, type Core } from '../../electron/core/index.ts';
import { listFiles, snapshotStore } from '../support/db-snapshot.ts';
import { streamBombs } from '../support/hostile-pdfs.ts';
import { samplePackageSpec, sha256, writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
function openCore(dataDir = tempDir()): Core {
  const core = createCore({ dataDir, clock: () => new Date('2026-11-22T12:00:00Z'), extractionThreads: 2 });
  cores.push(core);
  return core;
}
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

const flatten = (items: AgendaItemView[]): AgendaItemView[] => items.flatMap((i) => [i, ...flatten(i.children)]);
const item = (meeting: MeetingDetail, number: string) => flatten(meeting.agenda).find((i) => i.number === number)!;

describe('importing a meeting package', () => {
  it('stores the meeting, its agenda tree with time slots and its documents with page text', async () => {
    const core = openCore();
    const { dir } = await writePackage(tempDir(), samplePackageSpec());
    const [result] = await core.importPackages({ paths: [dir] });
    expect(result).toMatchObject({ outcome: 'created', meetingTitle: 'Raadsplein info/debat', pagesExtracted: 6 });
    expect(result!.counts).toMatchObject({ itemsAdded: 5, documentsAdded: 3, versionsAdded: 0 });

    const [summary] = core.listMeetings({});
    expect(summary).toMatchObject({ title: 'Raadsplein info/debat', itemCount: 5, documentCount: 3, unreadCount: 3 });
    expect(summary!.body).toMatchObject({ name: 'Gemeenteraad Zwolle', municipality: 'Zwolle' });

    const meeting = core.getMeeting({ meetingId: summary!.id });
    expect(meeting.agenda.map((i) => [i.number, i.title, i.section])).toEqual([
      ['1', 'Raadzaal', true],
      ['2', 'Takzaal', true],
    ]);
    const proposal = item(meeting, '1.3.a');
    expect(proposal).toMatchObject({ start: '20.25', end: '22.00', portfolioHolder: 'Ed Anker' });
    expect(proposal.documents.map((d) => [d.title, d.type, d.pageCount])).toEqual([
      ['Beslisnota Ontwikkelagenda', 'beslisnota', 2],
      ['Advies Participatieraad', 'bijlage', 1],
    ]);
    expect(await core.doctor({})).toMatchObject({ ok: true, counts: { meetings: 1, documents: 3, pages: 6, files: 3 } });
  });

  it('tells where its time went, per stage, the extraction threads\' stages included (npm run bench:import prints them)', async () => {
    const core = openCore();
    const { dir } = await writePackage(tempDir(), samplePackageSpec());
    importStages.reset();
    await core.importPackages({ paths: [dir] });
    await core.searchIndexReady();
    const stages = importStages.snapshot();
    for (const stage of ['unpack', 'read', 'parse', 'assemble', 'store', 'commit', 'analyse', 'fts'] as const) {
      expect(stages[stage], IMPORT_STAGES[stage]).toBeGreaterThan(0);
    }
    importStages.reset();
    expect(importStages.snapshot()).toEqual({});
  });

  it('reports nothing changed on a second import and writes nothing', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const { dir } = await writePackage(tempDir(), samplePackageSpec());
    await core.importPackages({ paths: [dir] });
    const before = snapshotStore(dataDir);
    const [again] = await core.importPackages({ paths: [dir] });
    expect(again).toMatchObject({ outcome: 'unchanged', pagesExtracted: 0 });
    expect(snapshotStore(dataDir)).toBe(before);
  });

  it('reports a meeting moved to another evening or renamed as updated, with nothing else changed', async () => {
    const core = openCore();
    const events: string[] = [];
    core.onEvent((e) => events.push(e.type));
    const spec = samplePackageSpec();
    await core.importPackages({ paths: [(await writePackage(tempDir(), spec)).dir] });
    events.length = 0;
    spec.start = '2017-01-16T19:30:00+01:00';
    spec.title = 'Raadsplein info/debat (verplaatst)';
    const [moved] = await core.importPackages({ paths: [(await writePackage(tempDir(), spec)).dir] });
    expect(moved).toMatchObject({ outcome: 'updated', counts: { meetingChanged: 1, itemsChanged: 0, documentsAdded: 0, versionsAdded: 0 } });
    expect(events).toContain('library-changed');
    expect(core.getMeeting({ meetingId: moved!.meetingId })).toMatchObject({ title: 'Raadsplein info/debat (verplaatst)', startsAt: '2017-01-16T19:30:00+01:00' });
  });

  it('imports the same package from a zip as from a folder', async () => {
    const JSZip = (await import('jszip')).default;
    const { dir } = await writePackage(tempDir(), samplePackageSpec());
    const zip = new JSZip();
    for (const file of listFiles(dir)) zip.file(file, fs.readFileSync(path.join(dir, file)));
    const zipPath = path.join(tempDir(), 'vergadering.zip');
    fs.writeFileSync(zipPath, await zip.generateAsync({ type: 'nodebuffer' }));
    const core = openCore();
    const [fromZip] = await core.importPackages({ paths: [zipPath] });
    expect(fromZip!.outcome).toBe('created');
    const [fromFolder] = await core.importPackages({ paths: [dir] });
    expect(fromFolder!.outcome).toBe('unchanged');
  });

  it('keeps the old version when a PDF changed, and makes the new one current', async () => {
    const core = openCore();
    const spec = samplePackageSpec();
    const { dir } = await writePackage(tempDir(), spec);
    await core.importPackages({ paths: [dir] });
    const oldSha = item(core.getMeeting({ meetingId: 1 }), '1.3.a').documents[0]!.sha256;

    spec.documents[0]!.pages.push(['Amendement verwerkt', 'Nieuwe pagina']);
    const { dir: dir2 } = await writePackage(tempDir(), spec);
    const [result] = await core.importPackages({ paths: [dir2] });
    expect(result).toMatchObject({ outcome: 'updated', pagesExtracted: 3 });
    expect(result!.counts).toMatchObject({ versionsAdded: 1, documentsAdded: 0 });

    const doc = item(core.getMeeting({ meetingId: 1 }), '1.3.a').documents[0]!;
    expect(doc).toMatchObject({ pageCount: 3, versionCount: 2 });
    expect(doc.sha256).not.toBe(oldSha);
    expect(await core.doctor({})).toMatchObject({ ok: true, counts: { versions: 4, files: 4 } });
  });

  it('marks agenda items and documents that disappeared as withdrawn, not deleted', async () => {
    const core = openCore();
    const spec = samplePackageSpec();
    const { dir } = await writePackage(tempDir(), spec);
    await core.importPackages({ paths: [dir] });

    // The Takzaal item and its report leave the agenda; the advice leaves item 1.3.a.
    spec.agenda = spec.agenda.slice(0, 1);
    spec.agenda[0]!.children![1]!.documents = ['doc/beslisnota'];
    spec.documents = spec.documents.filter((d) => d.id === 'doc/beslisnota');
    const { dir: dir2 } = await writePackage(tempDir(), spec);
    const [result] = await core.importPackages({ paths: [dir2] });
    expect(result!.counts).toMatchObject({ itemsWithdrawn: 2, documentsWithdrawn: 2 });

    const meeting = core.getMeeting({ meetingId: 1 });
    expect(meeting.agenda.map((i) => [i.title, i.status])).toEqual([
      ['Raadzaal', 'active'],
      ['Takzaal', 'withdrawn'],
    ]);
    expect(item(meeting, '2.3').status).toBe('withdrawn');
    expect(item(meeting, '1.3.a').documents.map((d) => [d.title, d.linkStatus, d.status])).toEqual([
      ['Beslisnota Ontwikkelagenda', 'active', 'active'],
      ['Advies Participatieraad', 'withdrawn', 'withdrawn'],
    ]);
    expect(core.listMeetings({})[0]).toMatchObject({ itemCount: 3, documentCount: 1 });
  });

  it('shares one document between meetings: a dossier across info/debat and besluitvormend', async () => {
    const core = openCore();
    await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
    const decision = samplePackageSpec();
    decision.meetingId = 'zwolle/2017-01-23';
    decision.title = 'Raadsplein besluitvormend';
    decision.start = '2017-01-23T19:00:00+01:00';
    decision.agenda = [{ id: '5', number: '5', title: 'Ontwikkelagenda passend onderwijs en jeugdhulp', documents: ['doc/beslisnota'] }];
    decision.documents = decision.documents.filter((d) => d.id === 'doc/beslisnota');
    const [result] = await core.importPackages({ paths: [(await writePackage(tempDir(), decision)).dir] });
    // Same document id and bytes: no new document, no new text extraction.
    expect(result).toMatchObject({ outcome: 'created', pagesExtracted: 0 });
    expect(result!.counts.documentsAdded).toBe(0);

    const meetings = core.listMeetings({});
    expect(meetings.map((m) => m.title)).toEqual(['Raadsplein besluitvormend', 'Raadsplein info/debat']);
    const decisionView = core.getMeeting({ meetingId: meetings[0]!.id });
    expect(decisionView.relatedMeetings).toEqual([expect.objectContaining({ title: 'Raadsplein info/debat', sharedDocuments: 1 })]);
    expect((await core.doctor({})).counts).toMatchObject({ documents: 3, files: 3 });
  });

  it('reports progress per document and can be cancelled without changing the store', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const spec = samplePackageSpec();
    for (let i = 0; i < 6; i++) {
      spec.documents.push({ id: `doc/extra-${i}`, title: `Bijlage ${i}`, pages: Array.from({ length: 40 }, (_, p) => [`Bijlage ${i} pagina ${p + 1}`]) });
      spec.agenda[1]!.children![0]!.documents!.push(`doc/extra-${i}`);
    }
    const { dir } = await writePackage(tempDir(), spec);
    const before = snapshotStore(dataDir);
    const phases: string[] = [];
    const controller = new AbortController();
    const run = core.importPackages(
      { paths: [dir] },
      {
        signal: controller.signal,
        onProgress: (p) => {
          phases.push(`${p.phase} ${p.done}/${p.total}`);
          if (p.phase === 'extract' && p.done >= 2) controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(phases).toContain('extract 0/9');
    expect(phases.some((p) => p.startsWith('stage'))).toBe(true);
    expect(snapshotStore(dataDir)).toBe(before);
    expect(listFiles(path.join(dataDir, 'staging'))).toEqual([]);

    // After a cancel the same import still completes.
    const [done] = await core.importPackages({ paths: [dir] });
    expect(done!.outcome).toBe('created');
  });
});

describe('importing several packages at once', () => {
  function decisionSpec() {
    const decision = samplePackageSpec();
    decision.meetingId = 'zwolle/2017-01-23';
    decision.title = 'Raadsplein besluitvormend';
    decision.start = '2017-01-23T19:00:00+01:00';
    decision.agenda = [{ id: '5', number: '5', title: 'Ontwikkelagenda passend onderwijs en jeugdhulp', documents: ['doc/beslisnota'] }];
    decision.documents = decision.documents.filter((d) => d.id === 'doc/beslisnota');
    return decision;
  }

  it('stores a PDF shared by two packages of one batch once, and writes the meetings in the given order', async () => {
    const core = openCore();
    const info = await writePackage(tempDir(), samplePackageSpec());
    const decision = await writePackage(tempDir(), decisionSpec());
    const progress: string[] = [];
    const results = await core.importPackages({ paths: [info.dir, decision.dir] }, { onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.nl}`) });
    expect(results.map((r) => [r.meetingId, r.meetingTitle, r.outcome])).toEqual([
      [1, 'Raadsplein info/debat', 'created'],
      [2, 'Raadsplein besluitvormend', 'created'],
    ]);
    // 6 distinct pages in all: the shared beslisnota is stored (and counted) once.
    expect(results.reduce((n, r) => n + r.pagesExtracted, 0)).toBe(6);
    expect(await core.doctor({})).toMatchObject({ ok: true, counts: { meetings: 2, documents: 3, pages: 6, files: 3 } });
    // One progress bar for the batch: packages done of all, naming the package at hand.
    expect(progress[0]).toMatch(/^0\/2 Pakket [12]\/2/);
    expect(progress.filter((p) => p.includes('Opgeslagen')).at(-1)).toMatch(/^1\/2 Pakket 2\/2 .*Opgeslagen: Raadsplein besluitvormend/);
    // By the time the import returns, its pages are in the search index too.
    expect(core.searchStatus({})).toEqual({ indexedPages: 6, totalPages: 6, building: false });
  });

  it('stages the next package as soon as one is read: a long PDF in the first does not hold back the third', async () => {
    const core = openCore(); // two extraction threads: two packages are read at once
    const single = async (meetingId: string, pages: number) =>
      (
        await writePackage(tempDir(), {
          meetingId,
          title: `Vergadering ${meetingId}`,
          agenda: [{ id: '1', number: '1', title: 'Voorstel', documents: ['doc/voorstel'] }],
          documents: [
            {
              id: 'doc/voorstel',
              title: `Voorstel ${meetingId}`,
              pages: Array.from({ length: pages }, (_, p) => Array.from({ length: 45 }, (_, l) => `Pagina ${p + 1} regel ${l + 1} van het raadsvoorstel over ${meetingId}`)),
            },
          ],
        })
      ).dir;
    const packages = [await single('zwolle/lang', 150), await single('zwolle/kort-1', 1), await single('zwolle/kort-2', 1)];
    const progress: string[] = [];
    const results = await core.importPackages({ paths: packages }, { onProgress: (p) => progress.push(p.nl) });
    expect(results.map((r) => [r.meetingTitle, r.outcome, r.pagesExtracted])).toEqual([
      ['Vergadering zwolle/lang', 'created', 150],
      ['Vergadering zwolle/kort-1', 'created', 1],
      ['Vergadering zwolle/kort-2', 'created', 1],
    ]);
    // The third package is taken up while the long PDF of the first is still being read (its text read comes after).
    const thirdStarted = progress.findIndex((p) => p.startsWith('Pakket 3/3'));
    const firstRead = progress.findIndex((p) => /^Pakket 1\/3 .*Tekst lezen \(1\/1\)/.test(p));
    expect(thirdStarted).toBeGreaterThan(-1);
    expect(firstRead).toBeGreaterThan(thirdStarted);
  });

  it('stops at a refused package: the ones before it are stored, it and the ones after change nothing', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    const good = await writePackage(tempDir(), samplePackageSpec());
    const broken = await writePackage(tempDir(), { ...decisionSpec(), meetingId: 'zwolle/2017-01-16' });
    fs.rmSync(path.join(broken.dir, 'pdf/doc-beslisnota.pdf'));
    const after = await writePackage(tempDir(), decisionSpec());
    const error = await core.importPackages({ paths: [good.dir, broken.dir, after.dir] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'package.missing-file' });
    expect(core.listMeetings({}).map((m) => m.title)).toEqual(['Raadsplein info/debat']);
    expect(listFiles(path.join(dataDir, 'staging'))).toEqual([]);
    expect(await core.doctor({})).toMatchObject({ ok: true, counts: { meetings: 1 } });
  });
});

describe('bad input leaves the store exactly as it was', () => {
  async function expectRefused(mutate: (dir: string) => void | Promise<void>, code: string, mentions: RegExp) {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
    const before = snapshotStore(dataDir);
    const filesBefore = listFiles(path.join(dataDir, 'files'));

    const spec = samplePackageSpec();
    spec.meetingId = 'zwolle/2017-02-06';
    const { dir } = await writePackage(tempDir(), spec);
    await mutate(dir);
    const error = await core.importPackages({ paths: [dir] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code });
    expect((error as { nl: string }).nl).toMatch(mentions);
    expect(snapshotStore(dataDir)).toBe(before);
    expect(listFiles(path.join(dataDir, 'files'))).toEqual(filesBefore);
    expect(listFiles(path.join(dataDir, 'staging'))).toEqual([]);
  }

  /** Replaces the package's `file` (document `index` of meeting.json) by `bytes`, with a matching checksum. */
  const replacePdf = (file: string, index: number, bytes: Uint8Array) => (dir: string) => {
    fs.writeFileSync(path.join(dir, file), bytes);
    const manifestPath = path.join(dir, 'meeting.json');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    manifest.documents[index].sha256 = sha256(bytes);
    fs.writeFileSync(manifestPath, JSON.stringify(manifest));
  };

  it('a corrupt PDF (valid checksum, broken content) names the document', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('kapot '.repeat(500))]);
    await expectRefused(replacePdf('pdf/doc-rekenkamer.pdf', 2, bytes), 'pdf.corrupt', /Rekenkamerrapport Schulddienstverlening/);
  });

  it('a decompression bomb names the document and how far it unpacks', async () => {
    const bomb = streamBombs().find((p) => p.name === 'stream-bomb-flate-2gib')!.bytes;
    await expectRefused(
      replacePdf('pdf/doc-rekenkamer.pdf', 2, bomb),
      'pdf.decoded-too-large',
      /^Document "Rekenkamerrapport Schulddienstverlening" \(pdf\/doc-rekenkamer\.pdf\): Het document pakt uit tot meer dan 64 MB/,
    );
  });

  it('an encrypted PDF names the document', async () => {
    await expectRefused(replacePdf('pdf/doc-advies.pdf', 1, await encryptedPdf()), 'pdf.encrypted', /Advies Participatieraad/);
  });

  it('a PDF whose sha256 does not match', async () => {
    await expectRefused((dir) => fs.appendFileSync(path.join(dir, 'pdf/doc-advies.pdf'), '\n% aangepast'), 'package.checksum-mismatch', /doc-advies\.pdf/);
  });

  it('a missing PDF', async () => {
    await expectRefused((dir) => fs.rmSync(path.join(dir, 'pdf/doc-beslisnota.pdf')), 'package.missing-file', /doc-beslisnota\.pdf/);
  });

  it('HTML in a title', async () => {
    await expectRefused(
      (dir) => {
        const manifestPath = path.join(dir, 'meeting.json');
        const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
        manifest.meeting.title = 'Raad <img src=x onerror=alert(1)>';
        fs.writeFileSync(manifestPath, JSON.stringify(manifest));
      },
      'package.invalid-manifest',
      /meeting\.title/,
    );
  });
});

/**
 * pdf-lib cannot encrypt, so this writes the smallest PDF that pdf.js treats
 * as password-protected, with a correct cross-reference table: a standard
 * security handler (RC4, R2) whose user password is not the empty one.
 */
async function encryptedPdf(): Promise<Buffer> {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    `<< /Filter /Standard /V 1 /R 2 /Length 40 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
