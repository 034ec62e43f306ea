import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import { collect, syncCore, visible } from './helpers.ts';
import { tempDir } from '../support/temp-dir.ts';

let server: FixtureServer;
let core: Core;
let waits: number[];
let dataDir: string;

beforeEach(async () => {
  server = await startFixtureServer();
  dataDir = tempDir();
  ({ core, waits } = syncCore(dataDir, { timeoutMs: 10_000 }));
});
afterEach(async () => {
  await core.close();
  await server.close();
});

const fileRequests = () => server.requests.filter((r) => r.path.includes('/file/'));
const addOparl = () => core.addSource({ kind: 'oparl', url: server.oparlUrl });

describe('OParl 1.1 sync against a local server', () => {
  it('first sync imports every meeting with its agenda and PDFs; the second transfers only what changed', async () => {
    const source = addOparl();
    const progress = collect();
    const [first] = await core.syncSources({}, { onProgress: progress.onProgress });
    expect(first).toMatchObject({ status: 'ok', meetingsCreated: 5, meetingsFailed: 0, error: null });
    expect(first!.filesDownloaded).toBeGreaterThan(10);
    expect(progress.events.some((p) => /vergadering 3 van 5/.test(p.nl))).toBe(true);

    const meetings = core.listMeetings({});
    expect(meetings.map((m) => m.startsAt.slice(0, 10))).toEqual(['2023-06-12', '2017-02-13', '2017-01-23', '2017-01-09', '2016-05-23']);
    expect(meetings[0]!.body.municipality).toBe('Zwolle');
    const january = core.getMeeting({ meetingId: meetings.find((m) => m.startsAt.startsWith('2017-01-09'))!.id });
    const item = january.agenda.find((i) => i.title === 'Ontwikkelagenda passend onderwijs en jeugdhulp')!;
    expect(item.number).toBe('1.3.a');
    expect(item.documents.map((d) => d.title)).toContain('Beslisnota Ontwikkelagenda passend onderwijs en jeugdhulp');
    expect(item.documents.every((d) => d.pageCount > 0)).toBe(true);
    expect((await core.doctor({})).problems).toEqual([]);
    expect(core.listSources({})[0]).toMatchObject({ id: source.id, name: 'Zwolle', pendingMeetings: 0, lastResult: { status: 'ok' } });

    // Nothing changed: the lists are read again with modified_since, no file is downloaded.
    const before = visible(core);
    const filesBefore = fileRequests().length;
    const [second] = await core.syncSources({});
    expect(second).toMatchObject({ status: 'ok', meetingsCreated: 0, meetingsUpdated: 0, filesDownloaded: 0 });
    expect(fileRequests().length).toBe(filesBefore);
    expect(server.requests.filter((r) => r.path.startsWith('/oparl/body/zwolle/meeting')).at(-1)!.path).toMatch(/modified_since=/);
    expect(visible(core)).toEqual(before);
  });

  it('a changed PDF arrives as a new version through the import path; the old version and the read state are kept', async () => {
    addOparl();
    await core.syncSources({});
    const doc = core.listMeetings({}).flatMap((m) => core.getMeeting({ meetingId: m.id }).agenda.flatMap(function all(i): typeof i.documents {
      return [...i.documents, ...i.children.flatMap(all)];
    })).find((d) => d.title.startsWith('Beslisnota Ontwikkelagenda'))!;
    core.setRead({ documentId: doc.id, read: true });
    const oldSha = doc.sha256;

    const fileId = doc.externalId.split('/file/')[1]!;
    const changed = Buffer.concat([server.files.get(fileId)!, Buffer.from('\n% gewijzigde versie\n')]);
    server.replaceFile(fileId, changed);
    const filesBefore = fileRequests().length;
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'ok', meetingsUpdated: 1, meetingsCreated: 0, filesDownloaded: 1 });
    expect(fileRequests().length - filesBefore).toBe(1);

    const detail = core.getDocument({ documentId: doc.id });
    expect(detail.versions).toHaveLength(2);
    expect(detail.versions.find((v) => v.current)!.sha256).not.toBe(oldSha);
    expect(detail.versions.some((v) => v.sha256 === oldSha && !v.current)).toBe(true);
    expect(detail.read).toBe(true);
  });

  it('a revised PDF moves my annotations onto the new version: kept in place, moved, or orphaned but never lost', async () => {
    const Database = (await import('better-sqlite3-multiple-ciphers')).default;
    const { makePdf } = await import('../support/make-package.ts');
    addOparl();
    await core.syncSources({});
    const doc = core.listMeetings({}).flatMap((m) => core.getMeeting({ meetingId: m.id }).agenda.flatMap(function all(i): typeof i.documents {
      return [...i.documents, ...i.children.flatMap(all)];
    })).find((d) => d.title.startsWith('Beslisnota Ontwikkelagenda'))!;
    const db = new Database(`${dataDir}/library.db`, { readonly: true });
    const lines = (db.prepare('SELECT raw_text FROM pages WHERE sha256 = ? AND page_number = 1').pluck().get(doc.sha256) as string).split('\n').filter((l) => l.trim().length > 25);
    db.close();
    const [kept, gone] = [lines[1]!.trim(), lines[2]!.trim()];
    const highlight = (exact: string, note: string) => core.createAnnotation({ kind: 'highlight', documentId: doc.id, page: 1, start: 0, end: 1, exact, color: 'yellow', note });
    const a = await highlight(kept, 'Blijft staan');
    const b = await highlight(gone, 'Verdwijnt uit de nieuwe versie');

    // The griffie replaces the document: the first passage now on page 2, the second left out.
    const fileId = doc.externalId.split('/file/')[1]!;
    server.replaceFile(fileId, Buffer.from(await makePdf([['Herziene versie'], ['Toegevoegd: een nieuwe alinea.', kept]], 'Beslisnota (herzien)')));
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'ok', meetingsUpdated: 1 });
    const after = core.listAnnotations({ documentId: doc.id });
    expect(after.find((x) => x.id === a.id)).toMatchObject({ anchorStatus: 'moved', page: 2, onCurrentVersion: true, note: 'Blijft staan', quote: { exact: kept } });
    expect(after.find((x) => x.id === b.id)).toMatchObject({ anchorStatus: 'orphaned', onCurrentVersion: false, note: 'Verdwijnt uit de nieuwe versie', quote: { exact: gone } });
  });

  it('a meeting deleted at the source between two syncs becomes withdrawn, with its private read state kept', async () => {
    addOparl();
    await core.syncSources({});
    const target = core.listMeetings({}).find((m) => m.startsAt.startsWith('2017-02-13'))!;
    const detail = core.getMeeting({ meetingId: target.id });
    const docId = detail.agenda.flatMap((i) => [...i.documents, ...i.children.flatMap((c) => c.documents)])[0]!.id;
    core.setRead({ documentId: docId, read: true });
    server.deleteOparlMeeting(server.oparl.meetings[3]!.id as string);

    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'ok', meetingsWithdrawn: 1 });
    const after = core.getMeeting({ meetingId: target.id });
    expect(after.status).toBe('withdrawn');
    expect(core.getDocument({ documentId: docId }).read).toBe(true);
    expect(core.listMeetings({}).filter((m) => m.status === 'active')).toHaveLength(4);
  });

  it('honours the date window and the body choice', async () => {
    core.addSource({ kind: 'oparl', url: server.oparlUrl, body: 'zwolle', since: '2017-01-20' });
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'ok', meetingsCreated: 3 });
    expect(core.listMeetings({}).every((m) => m.startsAt >= '2017-01-20')).toBe(true);

    const other = core.addSource({ kind: 'oparl', url: server.oparlUrl, body: 'kampen' });
    const [failed] = await core.syncSources({ sourceId: other.id });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'sync.unknown-body' } });
    expect(failed!.error!.nl).toMatch(/geen orgaan "kampen".*Gemeente Zwolle/);
  });
});

describe('OParl faults end with a clear status and an intact store', () => {
  it('retries 500s with backoff and obeys 429 Retry-After', async () => {
    addOparl();
    server.faults.push({ match: /^\/oparl\/body\/zwolle\/meeting/, kind: '500', times: 2 });
    server.faults.push({ match: /^\/oparl\/body\/zwolle\/paper/, kind: '429', times: 1, retryAfter: 3 });
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'ok', meetingsCreated: 5 });
    expect(waits).toContain(3000);
    expect(waits.filter((w) => w < 3000).length).toBeGreaterThanOrEqual(2);
  });

  it('a server that keeps failing: failed with the URL named, nothing half written', async () => {
    addOparl();
    server.faults.push({ match: /^\/oparl\/body\/zwolle\/paper/, kind: '500', times: Infinity });
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'failed', meetingsCreated: 0, error: { code: 'sync.http-error' } });
    expect(result!.error!.nl).toMatch(/Bron \d+ .*OParl.*\/oparl\/body\/zwolle\/paper.* gaf HTTP 500/);
    expect(core.listMeetings({})).toEqual([]);
    expect(server.requests.filter((r) => r.path.startsWith('/oparl/body/zwolle/paper')).length).toBe(4); // 1 + 3 retries, then stop
  });

  it('timeouts, wrong content types and a links.next loop each fail with their own code', async () => {
    addOparl();
    server.faults.push({ match: /^\/oparl\/system/, kind: 'timeout', times: Infinity });
    const impatient = syncCore(tempDir(), { timeoutMs: 300 }).core;
    try {
      impatient.addSource({ kind: 'oparl', url: server.oparlUrl });
      const [timedOut] = await impatient.syncSources({});
      expect(timedOut).toMatchObject({ status: 'failed', requests: 4, error: { code: 'sync.timeout' } });
      expect(timedOut!.error!.nl).toMatch(/antwoordde niet binnen 0\.3 s/);
    } finally {
      await impatient.close();
    }
    server.faults.length = 0;
    server.faults.push({ match: /^\/oparl\/system/, kind: 'wrong-type', times: Infinity });
    const [html] = await core.syncSources({});
    expect(html).toMatchObject({ status: 'failed', error: { code: 'sync.bad-content-type' } });
    expect(html!.error!.en).toMatch(/text\/html instead of application\/json/);
    server.faults.length = 0;
    server.paginationLoop = true;
    expect((await core.syncSources({}))[0]).toMatchObject({ status: 'failed', error: { code: 'sync.pagination-loop' } });
    expect(core.listMeetings({})).toEqual([]);
    server.paginationLoop = false;
    expect((await core.syncSources({}))[0]).toMatchObject({ status: 'ok', meetingsCreated: 5 });
  });

  it('a truncated download resumes with a Range request and is verified', async () => {
    addOparl();
    server.faults.push({ match: /\/file\/.*beslisnota-ontwikkelagenda.*\/download/, kind: 'truncate', times: 1 });
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'ok', meetingsCreated: 5 });
    const tries = server.requests.filter((r) => /beslisnota-ontwikkelagenda/.test(r.path));
    expect(tries.length).toBe(2);
    expect(tries[1]!.range).toMatch(/^bytes=\d+-$/);
    expect((await core.doctor({})).problems).toEqual([]);
  });

  it('a file whose checksum does not match fails its meeting only, which the next sync completes', async () => {
    addOparl();
    const fileId = [...server.files.keys()].find((k) => k.includes('terugblik-raadsplein-2017-01-09'))!;
    server.corruptFile(fileId, 2); // the clean second try gets bad bytes too
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'failed', meetingsCreated: 4, meetingsFailed: 1, error: { code: 'sync.checksum-mismatch' } });
    expect(result!.error!.nl).toMatch(/sha512-controlesom/);
    expect(core.listMeetings({}).map((m) => m.startsAt.slice(0, 10))).not.toContain('2017-01-09');
    expect(core.listSources({})[0]!.pendingMeetings).toBe(1);
    const [next] = await core.syncSources({});
    expect(next).toMatchObject({ status: 'ok', meetingsCreated: 1 });
    expect(core.listMeetings({})).toHaveLength(5);
  });

  it('offline: one status and one event, no retries', async () => {
    const address = server.oparlUrl;
    await server.close();
    core.addSource({ kind: 'oparl', url: address });
    const progress = collect();
    const [result] = await core.syncSources({}, { onProgress: progress.onProgress });
    expect(result).toMatchObject({ status: 'offline', requests: 1, error: { code: 'sync.offline' } });
    expect(progress.events.filter((p) => p.phase === 'offline')).toHaveLength(1);
    expect(waits).toEqual([]);
    server = await startFixtureServer();
  });

  it('cancel stops between meetings; the next sync completes to the same library as one uninterrupted sync', async () => {
    addOparl();
    const controller = new AbortController();
    const seen: string[] = [];
    const watchdog = setTimeout(() => console.error('cancel test stuck', seen.slice(-8), server.requests.slice(-8), process.getActiveResourcesInfo()), 45_000);
    const [cancelled] = await core.syncSources({}, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.nl);
        if (/vergadering 3 van 5/.test(p.nl)) controller.abort();
      },
    });
    clearTimeout(watchdog);
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    const partial = core.listMeetings({}).length;
    expect(partial).toBeLessThan(5);
    const watchdog2 = setTimeout(() => console.error('resumed sync stuck', server.requests.slice(-8)), 45_000);
    const [done] = await core.syncSources({});
    clearTimeout(watchdog2);
    expect(done).toMatchObject({ status: 'ok' });
    expect(done!.meetingsCreated).toBe(5 - partial);

    const reference = syncCore(tempDir()).core;
    try {
      reference.addSource({ kind: 'oparl', url: server.oparlUrl });
      await reference.syncSources({});
      expect(visible(core)).toEqual(visible(reference));
    } finally {
      await reference.close();
    }
  }, 180_000); // three syncs; slow when the kill tests share the cores
});
