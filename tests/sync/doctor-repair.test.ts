// `doctor --repair` for a PDF that came from a sync source: fetched again from
// the URL the sync remembered for its sha256, against the local OParl server;
// when the source cannot be reached, the report says so and a later repair
// (the source back) puts it in place.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import type { DocumentSummary } from '../../shared/api.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import { syncCore } from './helpers.ts';
import { tempDir } from '../support/temp-dir.ts';

let server: FixtureServer;
let core: Core;
let dataDir: string;
let serverOpen = false;

beforeEach(async () => {
  server = await startFixtureServer();
  serverOpen = true;
  dataDir = tempDir();
  ({ core } = syncCore(dataDir, { timeoutMs: 10_000 }));
});
afterEach(async () => {
  await core.close();
  if (serverOpen) await server.close();
});

const storedPath = (sha: string) => path.join(dataDir, 'files', sha.slice(0, 2), `${sha}.pdf`);
function flipByte(file: string): void {
  const bytes = fs.readFileSync(file);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0xff;
  fs.writeFileSync(file, bytes);
}
const allDocuments = (c: Core): DocumentSummary[] =>
  c.listMeetings({}).flatMap((m) =>
    c.getMeeting({ meetingId: m.id }).agenda.flatMap(function all(i): DocumentSummary[] {
      return [...i.documents, ...i.children.flatMap(all)];
    }),
  );

describe('doctor repairs a synced PDF from its source', () => {
  it('fetches it again from the remembered URL; an unreachable source is said, and a later repair succeeds', async () => {
    const source = core.addSource({ kind: 'oparl', url: server.oparlUrl, since: '2017-01-01' });
    const [synced] = await core.syncSources({});
    expect(synced).toMatchObject({ status: 'ok', meetingsFailed: 0 });
    const doc = allDocuments(core).find((d) => d.title.startsWith('Beslisnota Ontwikkelagenda'))!;
    const fileId = doc.externalId.split('/file/')[1]!;
    const good = fs.readFileSync(storedPath(doc.sha256));
    const fileRequests = () => server.requests.filter((r) => r.path.includes(`/file/${fileId}/`)).length;

    flipByte(storedPath(doc.sha256));
    const found = await core.doctor({});
    expect(found.ok).toBe(false);
    // The proposal is on the agenda twice (info/debat, then besluitvormend): both meetings are named.
    expect(found.files).toMatchObject([
      {
        sha256: doc.sha256,
        state: 'damaged',
        documents: [{ documentId: doc.id, title: doc.title, meetings: [{ title: 'Raadsplein info/debat' }, { title: 'Raadsplein besluitvormend' }] }],
      },
    ]);
    expect(found.problems[0]!.nl).toContain(`"${doc.title}" (Raadsplein info/debat, 9 jan 2017 en 1 andere)`);
    expect(found.problems[0]!.en).toContain(`"${doc.title}" (Raadsplein info/debat, 9 Jan 2017 and 1 more)`);

    const before = fileRequests();
    const repaired = await core.doctor({ repair: true });
    expect(repaired.ok).toBe(true);
    expect(repaired.files[0]!.repair).toMatchObject({
      outcome: 'source',
      nl: expect.stringMatching(new RegExp(`^Hersteld: opnieuw opgehaald bij bron ${source.id} \\(Zwolle\\)\\. Het beschadigde bestand staat apart in files/quarantine/${doc.sha256}\\.`)),
      en: expect.stringMatching(new RegExp(`^Repaired: fetched again from source ${source.id} \\(Zwolle\\)\\.`)),
    });
    expect(fileRequests() - before).toBe(1);
    expect(fs.readFileSync(storedPath(doc.sha256)).equals(good)).toBe(true);

    // The server answers 500 for this file, however often asked: not repaired, and it says why and what to do.
    server.faults.push({ match: new RegExp(`/file/${fileId}/`), kind: '500', times: Infinity });
    flipByte(storedPath(doc.sha256));
    const failing = await core.doctor({ repair: true });
    expect(failing.ok).toBe(false);
    expect(failing.files[0]!.repair).toMatchObject({ outcome: 'not-repaired' });
    expect(failing.problems[0]!.nl).toMatch(new RegExp(`^PDF beschadigd .*"${doc.title}".* Niet hersteld \\(Bron ${source.id} \\(Zwolle\\): bestand "${doc.title}" \\(http://127\\.0\\.0\\.1:\\d+/.*\\) .*\\): herstel opnieuw als de bron weer bereikbaar is\\.`));
    expect(failing.problems[0]!.en).toMatch(/Not repaired \(Source \d+ \(Zwolle\): file ".*" \(http:.*\) returned HTTP 500\): repair again when the source can be reached\./);
    expect(fs.existsSync(storedPath(doc.sha256))).toBe(false);

    // The source answers again: the file, now missing, is fetched.
    server.faults.length = 0;
    const later = await core.doctor({ repair: true });
    expect(later.ok).toBe(true);
    expect(later.files).toMatchObject([{ state: 'missing', repair: { outcome: 'source', setAsidePath: null } }]);
    expect(fs.readFileSync(storedPath(doc.sha256)).equals(good)).toBe(true);

    // The source gone from the network altogether: "no connection", at once.
    await server.close();
    serverOpen = false;
    flipByte(storedPath(doc.sha256));
    const offline = await core.doctor({ repair: true });
    expect(offline.problems[0]!.nl).toMatch(/Niet hersteld \(Bron \d+ \(Zwolle\): bestand .* is niet bereikbaar \(ECONNREFUSED\): geen verbinding\): herstel opnieuw als de bron weer bereikbaar is\./);
    expect(offline.problems[0]!.en).toMatch(/Not repaired \(Source \d+ \(Zwolle\): file .* cannot be reached \(ECONNREFUSED\): no connection\): repair again when the source can be reached\./);
  }, 120_000);
});
