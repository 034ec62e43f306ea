import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import { syncCore, visible } from './helpers.ts';
import { tempDir } from '../support/temp-dir.ts';

let server: FixtureServer;
let core: Core;
let waits: number[];

beforeEach(async () => {
  server = await startFixtureServer();
  ({ core, waits } = syncCore(tempDir(), { timeoutMs: 10_000 }));
});
afterEach(async () => {
  await core.close();
  await server.close();
});

const exportRequests = () => server.requests.filter((r) => r.path.startsWith('/api/export/'));

describe('OpenBesluitvorming export feed sync', () => {
  it('snapshot first, then only the changes feed from the cursor of the first page; deletions become withdrawn', async () => {
    core.addSource({ kind: 'obv', url: server.obvUrl, body: 'zwolle' });
    const [first] = await core.syncSources({});
    expect(first).toMatchObject({ status: 'ok', meetingsCreated: 5, meetingsFailed: 0 });
    expect(exportRequests().filter((r) => r.path.startsWith('/api/export/snapshot')).length).toBeGreaterThan(3); // paged
    const meetings = core.listMeetings({});
    expect(meetings[0]!.body.name).toBe('Raadsplein Zwolle');
    const january = core.getMeeting({ meetingId: meetings.find((m) => m.startsAt.startsWith('2017-01-09'))!.id });
    expect(january.agenda.map((i) => i.title)).toEqual(['Raadzaal', 'Takzaal']);
    expect(january.agenda[0]!.children.find((c) => c.number === '1.3.a')!.documents.length).toBeGreaterThan(3);

    // Caught up: one changes call, nothing downloaded.
    const before = visible(core);
    const fileCount = server.requests.filter((r) => r.path.startsWith('/files/')).length;
    const mark = exportRequests().length;
    const [second] = await core.syncSources({});
    expect(second).toMatchObject({ status: 'ok', meetingsCreated: 0, meetingsUpdated: 0, filesDownloaded: 0 });
    expect(exportRequests().slice(mark).map((r) => r.path)).toEqual([expect.stringMatching(/^\/api\/export\/changes\?source=zwolle&limit=500&cursor=\d+$/)]);
    expect(server.requests.filter((r) => r.path.startsWith('/files/')).length).toBe(fileCount);
    expect(visible(core)).toEqual(before);

    // A document deleted upstream leaves its agenda item; a deleted meeting is withdrawn.
    const item = january.agenda[0]!.children.find((c) => c.number === '1.3.a')!;
    const doc = item.documents[0]!;
    server.obvDelete(`document:fixture:${doc.externalId.split('document:fixture:')[1]}`);
    const meetingEntity = server.obvLog.find((r) => r.entity_type === 'Meeting' && String(r.entity_id).includes('2016-05-23'))!.entity_id as string;
    server.obvDelete(meetingEntity);
    const [third] = await core.syncSources({});
    expect(third).toMatchObject({ status: 'ok', meetingsUpdated: 1, meetingsWithdrawn: 1 });
    const after = core.getMeeting({ meetingId: january.id });
    const itemAfter = after.agenda[0]!.children.find((c) => c.number === '1.3.a')!;
    expect(itemAfter.documents.find((d) => d.id === doc.id)?.linkStatus).toBe('withdrawn');
    expect(itemAfter.documents.filter((d) => d.linkStatus === 'active')).toHaveLength(item.documents.length - 1);
    expect(core.listMeetings({}).find((m) => m.startsAt.startsWith('2016-05-23'))!.status).toBe('withdrawn');
  });

  it('429 with Retry-After is waited out; a wrong content type and a cursor that never moves fail clearly', async () => {
    core.addSource({ kind: 'obv', url: server.obvUrl, body: 'zwolle' });
    server.faults.push({ match: /^\/api\/export\/snapshot/, kind: '429', times: 2, retryAfter: 4 });
    const [ok] = await core.syncSources({});
    expect(ok).toMatchObject({ status: 'ok', meetingsCreated: 5 });
    expect(waits.filter((w) => w === 4000)).toHaveLength(2);

    server.faults.push({ match: /^\/api\/export\/changes/, kind: 'wrong-type', times: 1 });
    const [html] = await core.syncSources({});
    expect(html).toMatchObject({ status: 'failed', error: { code: 'sync.bad-content-type' } });
    expect(html!.error!.nl).toMatch(/text\/html in plaats van application\/x-ndjson/);

    server.paginationLoop = true;
    expect((await core.syncSources({}))[0]).toMatchObject({ status: 'failed', error: { code: 'sync.pagination-loop' } });
    expect(core.listMeetings({})).toHaveLength(5);
    expect((await core.doctor({})).problems).toEqual([]);
  });

  it('refuses an OpenBesluitvorming source without a source key, and the same source twice', () => {
    expect(() => core.addSource({ kind: 'obv', url: server.obvUrl })).toThrowError(expect.objectContaining({ code: 'source.obv-needs-source' }));
    core.addSource({ kind: 'obv', url: server.obvUrl, body: 'zwolle' });
    expect(() => core.addSource({ kind: 'obv', url: server.obvUrl, body: 'zwolle' })).toThrowError(expect.objectContaining({ code: 'source.exists' }));
    expect(core.listSources({})).toHaveLength(1);
  });
});
