import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import { streamBombs } from '../support/hostile-pdfs.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import { syncCore } from './helpers.ts';

// A synced document that is a decompression bomb: refused once, remembered by
// its bytes, and its meeting is not tried again at every sync; a new version
// at the source is read as any other.

let server: FixtureServer;
let core: Core;

beforeEach(async () => {
  server = await startFixtureServer();
  ({ core } = syncCore(tempDir(), { timeoutMs: 10_000 }));
});
afterEach(async () => {
  await core.close();
  await server.close();
});

const fileId = (name: string) => [...server.files.keys()].find((k) => k.endsWith(name))!;
const dates = () => core.listMeetings({}).map((m) => m.startsAt.slice(0, 10));

describe('a decompression bomb at a synced source', () => {
  it('fails its meeting once with a clear message; it is tried again only when the source changes the document', async () => {
    core.addSource({ kind: 'oparl', url: server.oparlUrl });
    const bombId = fileId('terugblik-raadsplein-2017-01-09');
    const original = server.files.get(bombId)!;
    server.replaceFile(bombId, Buffer.from(streamBombs().find((p) => p.name === 'stream-bomb-flate-2gib')!.bytes));

    const [first] = await core.syncSources({});
    expect(first).toMatchObject({ status: 'failed', meetingsCreated: 4, meetingsFailed: 1, error: { code: 'pdf.decoded-too-large' } });
    expect(first!.error!.nl).toMatch(/^Document "Korte terugblik Raadsplein info-debat 9 januari 2017" \(documenten\/\d+\.pdf\): Het document pakt uit tot meer dan 64 MB .* Raadsmap probeert deze vergadering pas weer als de bron dit document wijzigt\.$/);
    expect(first!.error!.en).toMatch(/unpacks to more than 64 MB .* Raadsmap tries this meeting again only when the source changes this document\.$/);
    expect(dates()).not.toContain('2017-01-09');
    expect(core.listSources({})[0]!.pendingMeetings).toBe(0);

    // Nothing changed at the source: the meeting is not tried again.
    const [second] = await core.syncSources({});
    expect(second).toMatchObject({ status: 'ok', meetingsFailed: 0, meetingsCreated: 0, filesDownloaded: 0 });

    // Another document of the meeting changes: the meeting is tried, the bomb refused from memory, not read again.
    const agendaId = fileId('agenda-raadsplein-2017-01-09');
    server.replaceFile(agendaId, Buffer.concat([server.files.get(agendaId)!, Buffer.from('\n% nieuwe agenda\n')]));
    const [third] = await core.syncSources({});
    expect(third).toMatchObject({ status: 'failed', meetingsFailed: 1, filesDownloaded: 1, error: { code: 'pdf.decoded-too-large' } });
    expect(third!.error!.nl).toMatch(/Deze versie is op \d{4}-\d\d-\d\d al geweigerd en wordt niet opnieuw gelezen\. Raadsmap probeert deze vergadering pas weer/);
    expect(core.listSources({})[0]!.pendingMeetings).toBe(0);

    // The source replaces the bomb by a real PDF: read and stored as any new version.
    server.replaceFile(bombId, Buffer.concat([original, Buffer.from('\n% hersteld\n')]));
    const [fourth] = await core.syncSources({});
    expect(fourth).toMatchObject({ status: 'ok', meetingsCreated: 1, meetingsFailed: 0, error: null });
    expect(dates()).toContain('2017-01-09');
    expect((await core.doctor({})).problems).toEqual([]);
  }, 120_000);
});
