// Sync into an encrypted store, against the local OParl fixture server: the
// PDFs arrive encrypted on disk, and a meeting rebuilt after one changed file
// takes its other (stored, encrypted) PDFs back decrypted: same bytes, no new
// versions.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from '../../electron/core/open-session.ts';
import { startFixtureServer, type FixtureServer } from '../sync/fixture-server.ts';
import { fastSleep } from '../sync/helpers.ts';
import { tempDir } from '../support/temp-dir.ts';

let server: FixtureServer | undefined;
let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  await server?.close();
});

const storedFiles = (dataDir: string) =>
  (fs.readdirSync(path.join(dataDir, 'files'), { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).map((e) => fs.readFileSync(path.join(e.parentPath, e.name)));

describe('sync into an encrypted store', () => {
  it('stores every downloaded PDF encrypted and rebuilds a changed meeting from the stored ones without new versions', async () => {
    server = await startFixtureServer();
    const dataDir = tempDir();
    session = openSession({ dataDir, extractionThreads: 1, sync: { http: { timeoutMs: 10_000, retries: 3, baseDelayMs: 10, sleep: fastSleep().sleep }, concurrency: 3 } });
    await session.setupVault({ encrypt: true, passphrase: 'een lang wachtwoord' });
    const core = session.core();
    core.addSource({ kind: 'oparl', url: server.oparlUrl });
    const [first] = await core.syncSources({});
    expect(first).toMatchObject({ status: 'ok', meetingsCreated: 5 });
    const files = storedFiles(dataDir);
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((bytes) => bytes.subarray(0, 5).toString('latin1') === '%PDF-')).toEqual([]);

    const documents = core.listMeetings({}).flatMap((m) =>
      core.getMeeting({ meetingId: m.id }).agenda.flatMap(function all(i): (typeof i.documents)[number][] {
        return [...i.documents, ...i.children.flatMap(all)];
      }),
    );
    const changed = documents.find((d) => d.title.startsWith('Beslisnota Ontwikkelagenda'))!;
    const fileId = changed.externalId.split('/file/')[1]!;
    server.replaceFile(fileId, Buffer.concat([server.files.get(fileId)!, Buffer.from('\n% gewijzigde versie\n')]));
    const [second] = await core.syncSources({});
    expect(second).toMatchObject({ status: 'ok', meetingsUpdated: 1, filesDownloaded: 1, meetingsFailed: 0 });
    expect(core.getDocument({ documentId: changed.id }).versions).toHaveLength(2);
    // The meeting's other documents came from the store, decrypted: the same PDFs, one version each.
    const meetingOfChanged = core.listMeetings({}).find((m) => core.getMeeting({ meetingId: m.id }).agenda.some(function has(i): boolean {
      return i.documents.some((d) => d.id === changed.id) || i.children.some(has);
    }))!;
    const others = core.getMeeting({ meetingId: meetingOfChanged.id }).agenda.flatMap(function all(i): (typeof i.documents)[number][] {
      return [...i.documents, ...i.children.flatMap(all)];
    }).filter((d) => d.id !== changed.id);
    expect(others.length).toBeGreaterThan(0);
    for (const doc of others) expect(core.getDocument({ documentId: doc.id }).versions, doc.title).toHaveLength(1);
    expect((await core.doctor({})).problems).toEqual([]);
    expect(storedFiles(dataDir).filter((bytes) => bytes.subarray(0, 5).toString('latin1') === '%PDF-')).toEqual([]);
  }, 120_000);
});
