import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The `raadsmap` command as a user runs it (bin/raadsmap.mjs), on the bundled sample.
const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sampleDir = path.join(repo, 'resources', 'sample');
const samples = fs.readdirSync(sampleDir).map((name) => path.join(sampleDir, name)).sort();

async function raadsmap(dataDir: string, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(repo, 'bin', 'raadsmap.mjs'), '--data-dir', dataDir, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

interface SearchLine {
  documentId: number;
  documentTitle: string;
  meetingTitle: string | null;
  agendaItem: string | null;
  page: number;
  score: number;
  snippet: string;
  text: string;
}
const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SearchLine);

let dataDir: string;
let firstImport: { stdout: string; stderr: string; code: number };

beforeAll(async () => {
  // One store for the whole file (tempDir() would be emptied after each test).
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-cli-'));
  firstImport = await raadsmap(dataDir, 'import', ...samples);
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('raadsmap import, meetings, meeting', () => {
  it('imports the sample with a progress line, then lists its meetings with agenda trees and documents', async () => {
    expect(firstImport.code).toBe(0);
    expect(firstImport.stderr).toMatch(/\d+%\].*Tekst lezen/);
    expect(firstImport.stdout).toMatch(/Raadsplein info\/debat \(nieuw, vergadering \d\): 14 agendapunten nieuw/);
    const meetings = JSON.parse((await raadsmap(dataDir, 'meetings', '--json')).stdout) as { title: string; startsAt: string; agenda: { number: string; title: string; children: unknown[] }[] }[];
    expect(meetings.map((m) => m.startsAt.slice(0, 10))).toEqual(['2023-06-12', '2017-02-13', '2017-01-23', '2017-01-09', '2016-05-23']);
    const january = meetings.find((m) => m.startsAt.startsWith('2017-01-09'))!;
    expect(january.agenda.map((i) => i.title)).toEqual(['Raadzaal', 'Takzaal']);
  });

  it('reports nothing changed on a second import', async () => {
    const again = await raadsmap(dataDir, 'import', ...samples);
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n')).toEqual(Array(samples.length).fill(expect.stringMatching(/: niets veranderd\.$/)));
  });

  it('says what is wrong on stderr with a non-zero exit', async () => {
    const missing = await raadsmap(dataDir, 'meeting', '999');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/^raadsmap: .*999/);
    const english = await raadsmap(dataDir, '--lang', 'en', 'import', path.join(dataDir, 'bestaat-niet'));
    expect(english.code).not.toBe(0);
    expect(english.stderr).toMatch(/Package not found/);
  });
});

describe('raadsmap search', () => {
  it('answers who advised on the Ontwikkelagenda: the Participatieraad advice, on its first page', async () => {
    const hits = lines((await raadsmap(dataDir, 'search', '--json', '--limit', '5', 'advies', 'participatieraad', 'ontwikkelagenda')).stdout);
    const advice = hits.find((h) => h.documentTitle.startsWith('Advies Participatieraad'));
    expect(advice).toMatchObject({ page: 1, agendaItem: expect.stringMatching(/Ontwikkelagenda passend onderwijs en jeugdhulp/) });
    expect(hits.indexOf(advice!)).toBeLessThan(8);
    // Each line carries the full page text, with the words in it.
    expect(advice!.text).toMatch(/Participatieraad/);
    expect(advice!.snippet).toMatch(/«advies»/i);
  });

  it('answers what the Rekenkamer concluded about nazorg: its recommendations, at the page', async () => {
    const hits = lines((await raadsmap(dataDir, 'search', '--json', 'nazorg', 'aanbeveling')).stdout);
    expect(hits.slice(0, 3).map((h) => h.documentTitle)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Overzicht aanbevelingen en reactie|Rekenkamerrapport Schulddienstverlening/)]),
    );
    const report = hits.find((h) => h.documentTitle === 'Rekenkamerrapport Schulddienstverlening')!;
    expect(report.text).toMatch(/nazorg/i);
    expect(report.text).toMatch(/aanbeveling/i);
  });

  it('filters by document type and prints a readable list without --json', async () => {
    const typed = lines((await raadsmap(dataDir, 'search', '--json', '--type', 'rekenkamerrapport,raadsvoorstel', 'schulden', '-jeugdhulp')).stdout);
    expect(typed.every((h) => !/jeugdhulp/i.test(h.text))).toBe(true);
    expect(new Set(typed.map((h) => h.documentTitle))).toEqual(
      new Set(['Rekenkamerrapport Schulddienstverlening', 'Voorblad Raadsplein info/debat: Rekenkameronderzoek Schulddienstverlening']),
    );
    const plain = await raadsmap(dataDir, 'search', 'schulddienstverlning');
    expect(plain.stdout).toMatch(/Gezocht op "schulddienstverlening" in plaats van "schulddienstverlning"/);
    expect(plain.stdout).toMatch(/blz\. \d+: .*«/);
  });
});
