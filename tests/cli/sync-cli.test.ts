import { execFile } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../sync/fixture-server.ts';
import { tempDir } from '../support/temp-dir.ts';

// `raadsmap sources …` and `raadsmap sync` as a user runs them, against the local OParl server.
const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function raadsmap(dataDir: string, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repo, 'bin', 'raadsmap.mjs'), '--data-dir', dataDir, ...args]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());

describe('raadsmap sources and sync', () => {
  it('adds an OParl source, syncs it with a progress line, then lists it with its last sync', async () => {
    const dataDir = tempDir();
    const added = await raadsmap(dataDir, 'sources', 'add', 'oparl', server.oparlUrl, '--since', '2017-01-01');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^Bron 1 toegevoegd: 127\.0\.0\.1:\d+ \(oparl\)\. Synchroniseer met: raadsmap sync --source 1/);

    const first = await raadsmap(dataDir, 'sync');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/\[\s*\d+%\] Bron 1 .*vergadering 2 van 5 opslaan: Raadsplein/);
    expect(first.stdout).toMatch(/^Bron 1 \(Zwolle\): 4 vergaderingen nieuw, 0 bijgewerkt, 0 ingetrokken, 0 ongewijzigd; \d+ bestanden \([\d.]+ MB\) opgehaald\./);
    const meetings = await raadsmap(dataDir, 'meetings');
    expect(meetings.stdout).toMatch(/Raadsplein info\/debat/);

    const second = await raadsmap(dataDir, '--lang', 'en', 'sync', '--source', '1');
    expect(second.stdout).toMatch(/Source 1 \(Zwolle\): 0 meetings new, 0 updated, 0 withdrawn, 0 unchanged; 0 files \(0\.0 MB\) fetched\./);

    // A new meeting the RIS has not dated yet: not imported, and the user is told why.
    const undated: Record<string, unknown> = { ...server.oparl.meetings[0]!, id: `${server.oparlUrl}/undated-meeting`, name: 'Raadsplein (datum volgt)', agendaItem: [], modified: server.tick() };
    delete undated.start;
    server.oparl.meetings.push(undated);
    const third = await raadsmap(dataDir, 'sync');
    server.oparl.meetings.pop();
    expect(third.stdout).toMatch(/^Bron 1 \(Zwolle\): 0 vergaderingen nieuw, 0 bijgewerkt, 0 ingetrokken, 0 ongewijzigd; 0 bestanden \(0\.0 MB\) opgehaald; 1 overgeslagen: geen datum\.\n$/);

    const list = await raadsmap(dataDir, 'sources', 'list');
    expect(list.stdout).toMatch(/^1 {2}oparl {2}Zwolle {2}http:\/\/127\.0\.0\.1:\d+\/oparl\/system \(vanaf 2017-01-01\)\n {5}laatste synchronisatie [\d-]+ [\d:]+ UTC: in orde\n$/);
    const json = JSON.parse((await raadsmap(dataDir, 'sources', 'list', '--json')).stdout) as { lastResult: { meetingsCreated: number; meetingsWithoutDate: number } }[];
    expect(json[0]!.lastResult).toMatchObject({ meetingsCreated: 0, meetingsWithoutDate: 1 });

    const removed = await raadsmap(dataDir, 'sources', 'remove', '1');
    expect(removed.stdout).toMatch(/Bron 1 verwijderd; de vergaderingen blijven bewaard/);
    expect((await raadsmap(dataDir, 'sources', 'list')).stdout).toMatch(/Nog geen bronnen/);
    expect((await raadsmap(dataDir, 'meetings')).stdout).toMatch(/Raadsplein info\/debat/);
  }, 120_000);

  it('says clearly what is wrong: kind, URL, date, missing source key, unknown source, offline', async () => {
    const dataDir = tempDir();
    const kind = await raadsmap(dataDir, 'sources', 'add', 'ibabs', server.oparlUrl);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/oparl of obv/);
    const url = await raadsmap(dataDir, 'sources', 'add', 'oparl', 'ftp://ris.example');
    expect(url).toMatchObject({ code: 1, stderr: 'raadsmap: "ftp://ris.example" is geen http(s)-adres.\n' });
    const date = await raadsmap(dataDir, '--lang', 'en', 'sources', 'add', 'oparl', server.oparlUrl, '--since', '31-01-2024');
    expect(date.stderr).toBe('raadsmap: --since must be a date such as 2024-01-31, not "31-01-2024".\n');
    const obv = await raadsmap(dataDir, 'sources', 'add', 'obv', server.obvUrl);
    expect(obv.stderr).toMatch(/bronsleutel nodig \(--body/);
    const unknown = await raadsmap(dataDir, 'sync', '--source', '9');
    expect(unknown).toMatchObject({ code: 1, stderr: 'raadsmap: Er is geen bron 9. "raadsmap sources list" toont de bronnen.\n' });

    // A port nobody listens on: the connection is refused.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await raadsmap(dataDir, 'sources', 'add', 'oparl', `http://127.0.0.1:${port}/oparl/system`);
    const offline = await raadsmap(dataDir, 'sync');
    expect(offline.code).toBe(75);
    expect(offline.stdout).toBe(`Bron 1 (127.0.0.1:${port}): offline, overgeslagen.\n`);
    expect((await raadsmap(dataDir, 'sources', 'list')).stdout).toMatch(/offline, overgeslagen: Bron 1 .* is niet bereikbaar \(ECONNREFUSED\)/);
  }, 60_000);
});
