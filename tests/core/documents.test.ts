import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

async function coreWithSample() {
  const core = createCore({ dataDir: tempDir(), clock: () => new Date('2026-11-22T12:00:00Z'), extractionThreads: 1 });
  cores.push(core);
  await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
  const item = core.getMeeting({ meetingId: 1 }).agenda[1]!.children[0]!;
  return { core, documentId: item.documents[0]!.id };
}

describe('a document for the reader', () => {
  it('has its versions, its meetings and agenda items, and no reading state yet', async () => {
    const { core, documentId } = await coreWithSample();
    expect(core.getDocument({ documentId })).toMatchObject({
      title: 'Rekenkamerrapport Schulddienstverlening',
      type: 'rekenkamerrapport',
      pageCount: 3,
      read: false,
      lastPage: null,
      versions: [{ pageCount: 3, current: true }],
      meetings: [{ meetingTitle: 'Raadsplein info/debat', agendaItemNumber: '2.3', linkStatus: 'active' }],
      flaggedPages: [],
    });
  });

  it('is marked read and unread, and remembers the page (clamped to the document)', async () => {
    const { core, documentId } = await coreWithSample();
    expect(core.setRead({ documentId, read: true })).toEqual({ read: true });
    expect(core.listMeetings({})[0]!.unreadCount).toBe(2);
    expect(core.setReadingPosition({ documentId, page: 2 })).toEqual({ page: 2 });
    expect(core.getDocument({ documentId })).toMatchObject({ read: true, lastPage: 2 });
    expect(core.setReadingPosition({ documentId, page: 99 })).toEqual({ page: 3 });
    core.setRead({ documentId, read: false });
    expect(core.getDocument({ documentId })).toMatchObject({ read: false, lastPage: 3 });
    expect(() => core.getDocument({ documentId: 999 })).toThrow(expect.objectContaining({ code: 'not-found.document' }));
  });

  it('gives hosts the stored PDF by id', async () => {
    const { core, documentId } = await coreWithSample();
    const file = core.documentFile(documentId);
    expect(fs.readFileSync(file.path).subarray(0, 5).toString()).toBe('%PDF-');
    expect(file.size).toBe(fs.statSync(file.path).size);
    expect(() => core.documentFile(999)).toThrow(expect.objectContaining({ code: 'not-found.document' }));
  });
});

describe('uploads and cancelling', () => {
  it('keeps an uploaded zip under uploads/ until it is imported by its handle, then removes it', async () => {
    const { dispatchCall } = await import('../../electron/core/dispatch.ts');
    const JSZip = (await import('jszip')).default;
    const { dir } = await writePackage(tempDir(), samplePackageSpec());
    const zip = new JSZip();
    for (const name of ['meeting.json', ...fs.readdirSync(`${dir}/pdf`).map((f) => `pdf/${f}`)]) zip.file(name, fs.readFileSync(`${dir}/${name}`));
    const core = createCore({ dataDir: tempDir(), extractionThreads: 1 });
    cores.push(core);
    const stored = await core.storeUpload(await zip.generateAsync({ type: 'uint8array' }), '../../etc/Vergadering 9 januari.zip');
    expect(stored).toEqual({ handle: expect.stringMatching(/^[a-f0-9]{32}$/), name: 'Vergadering 9 januari.zip' });
    // In this core's own folder under uploads/ (store-lock.ts).
    const [own] = fs.readdirSync(`${core.dataDir}/uploads`);
    const kept = `${core.dataDir}/uploads/${own}/${stored.handle}.zip`;
    expect(fs.existsSync(kept)).toBe(true);
    const result = await dispatchCall(core, 'importPackages', { handles: [stored.handle], taskId: 'import-test-1' });
    expect(result).toMatchObject({ ok: true, value: [{ outcome: 'created', source: 'Vergadering 9 januari.zip' }] });
    expect(fs.existsSync(kept)).toBe(false);
  });

  it('cancelTask stops a running import by its task id; the store stays as it was', async () => {
    const { dispatchCall } = await import('../../electron/core/dispatch.ts');
    const spec = samplePackageSpec();
    for (let i = 0; i < 6; i++) {
      spec.documents.push({ id: `doc/extra-${i}`, title: `Bijlage ${i}`, pages: Array.from({ length: 40 }, (_, p) => [`Bijlage ${i} pagina ${p + 1}`]) });
      spec.agenda[1]!.children![0]!.documents!.push(`doc/extra-${i}`);
    }
    const { dir } = await writePackage(tempDir(), spec);
    const core = createCore({ dataDir: tempDir(), extractionThreads: 1 });
    cores.push(core);
    let cancelled: Promise<unknown> | undefined;
    const running = dispatchCall(core, 'importPackages', { handles: [core.choosePackage(dir).handle], taskId: 'import-test-2' }, {
      onProgress: (p) => {
        if (p.phase === 'extract' && !cancelled) cancelled = dispatchCall(core, 'cancelTask', { taskId: 'import-test-2' });
      },
    });
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await cancelled).toEqual({ ok: true, value: { cancelled: true } });
    expect(core.listMeetings({})).toEqual([]);
    expect(await dispatchCall(core, 'cancelTask', { taskId: 'import-test-2' })).toEqual({ ok: true, value: { cancelled: false } });
  });
});
