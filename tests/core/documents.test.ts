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
