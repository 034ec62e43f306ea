import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raadsmapIn } from '../support/spawn-cli.ts';

// The `raadsmap` command as a user runs it (bin/raadsmap.mjs), on the bundled sample.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sampleDir = path.join(repo, 'resources', 'sample');
const samples = fs.readdirSync(sampleDir).map((name) => path.join(sampleDir, name)).sort();

const raadsmap = (dataDir: string, ...args: string[]) => raadsmapIn(dataDir, args);
const raadsmapWith = (env: Record<string, string>, dataDir: string, ...args: string[]) => raadsmapIn(dataDir, args, env);

interface SearchLine {
  documentId: number;
  documentTitle: string;
  meetingTitle: string | null;
  agendaItem: string | null;
  page: number;
  score: number;
  partial: boolean;
  matched: string[];
  missing: string[];
  passage: string;
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
    // Each meeting delivered once; 23 januari 2017 came twice (its raadsvoorstel revised), so importing both packages again replays them in order.
    const once = samples.filter((dir) => !path.basename(dir).startsWith('2017-01-23-'));
    const again = await raadsmap(dataDir, 'import', ...once);
    expect(again.code).toBe(0);
    expect(again.stdout.trim().split('\n')).toEqual(Array(once.length).fill(expect.stringMatching(/: niets veranderd\.$/)));
    const latest = await raadsmap(dataDir, 'import', samples.find((dir) => dir.endsWith('-herzien'))!);
    expect(latest.stdout.trim()).toMatch(/^Raadsplein besluitvormend: niets veranderd\.$/);
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
    expect(plain.stdout).toMatch(/Bedoelde u: schulddienstverlening\?/);
    expect(plain.stdout).toMatch(/blz\. \d+: .*«/);
  });

  it('marks partial matches in --json with the words each page has and lacks, and searches words as typed with --exact', async () => {
    // No page of the sample speaks of nazorg and of a ruimtevaartagentschap.
    const partial = lines((await raadsmap(dataDir, 'search', '--json', 'nazorg', 'ruimtevaartagentschap')).stdout);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial[0]).toMatchObject({ partial: true, matched: ['nazorg'], missing: ['ruimtevaartagentschap'] });
    expect(partial[0]!.passage).toMatch(/nazorg/i);
    expect(partial[0]!.passage).not.toMatch(/«/);
    const readable = await raadsmap(dataDir, 'search', 'nazorg', 'ruimtevaartagentschap');
    expect(readable.stdout).toMatch(/Gedeeltelijke overeenkomst/);
    expect(readable.stdout).toMatch(/ontbreekt: -ruimtevaartagentschap-/);
    // Other forms find more than the words as typed: "gewijzigde" finds wijzigen and wijziging.
    const forms = lines((await raadsmap(dataDir, 'search', '--json', '--limit', '50', 'gewijzigde')).stdout);
    const exact = lines((await raadsmap(dataDir, 'search', '--json', '--limit', '50', '--exact', 'gewijzigde')).stdout);
    expect(new Set(forms.map((h) => h.documentId)).size).toBeGreaterThan(new Set(exact.map((h) => h.documentId)).size);
    expect(exact.every((h) => /gewijzigd/i.test(h.text) && !h.partial)).toBe(true);
  });
});

describe('raadsmap personal, annotations, backups', () => {
  it('imports annotations given only by document id and quote onto the right pages, and exports them again', async () => {
    const { default: Database } = await import('better-sqlite3-multiple-ciphers');
    const db = new Database(path.join(dataDir, 'library.db'), { readonly: true });
    const doc = db.prepare("SELECT d.id, v.sha256 FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE d.title = 'Rekenkamerrapport Schulddienstverlening'").get() as { id: number; sha256: string };
    const rawText = (page: number) => db.prepare('SELECT raw_text FROM pages WHERE sha256 = ? AND page_number = ?').pluck().get(doc.sha256, page) as string;
    // A sentence-long passage from pages 4 and 7 of the real report, as a user would have quoted it.
    const passage = (page: number) => rawText(page).split('\n').find((line) => line.trim().length > 40)!.trim();
    const quotes = [passage(4), passage(7)];
    db.close();
    const file = path.join(dataDir, 'aantekeningen.json');
    fs.writeFileSync(file, JSON.stringify({ format: 'raadsmap-personal/1', annotations: quotes.map((exact, i) => ({ documentId: doc.id, quote: { exact }, note: `Punt ${i + 1}`, tags: ['rekenkamer'] })) }));

    const imported = await raadsmap(dataDir, 'personal', 'import', file);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Aantekeningen: 2 nieuw, 0 bijgewerkt, 0 overgeslagen; 2 op hun plaats/);
    const listed = JSON.parse((await raadsmap(dataDir, 'annotations', '--document', String(doc.id), '--json')).stdout) as { page: number; quote: { exact: string }; note: string; rects: unknown[]; anchorStatus: string }[];
    expect(listed.map((a) => [a.page, a.quote.exact, a.note, a.anchorStatus])).toEqual([
      [4, quotes[0], 'Punt 1', 'anchored'],
      [7, quotes[1], 'Punt 2', 'anchored'],
    ]);
    expect(listed.every((a) => a.rects.length > 0)).toBe(true);

    const out = path.join(dataDir, 'terug.json');
    expect((await raadsmap(dataDir, 'personal', 'export', out)).stdout).toMatch(/2 aantekeningen, 0 notities en 0 concepten/);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).annotations).toHaveLength(2);
    const bad = await raadsmap(dataDir, 'personal', 'import', path.join(dataDir, 'library.db'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/geen geldige JSON/);
  });

  it('lists, makes and restores backups', async () => {
    const made = await raadsmap(dataDir, 'backups', 'create');
    expect(made.stdout.trim()).toMatch(/^personal-[0-9TZ-]+\.db$/);
    expect((await raadsmap(dataDir, 'backups')).stdout).toContain(made.stdout.trim());
    const restored = await raadsmap(dataDir, 'backups', 'restore', made.stdout.trim());
    expect(restored.stdout).toMatch(/teruggezet; de vorige stand staat in personal-/);
    expect((await raadsmap(dataDir, 'backups', 'restore', 'personal-1999-01-01T00-00-00Z.db')).stderr).toMatch(/bestaat niet/);
  });
});

describe('raadsmap export-pdf and export-bundle', () => {
  it('writes an annotated document and the fractie bundle of a sample meeting', async () => {
    const { openPdf } = await import('../../electron/core/extraction/pdfjs.ts');
    type Item = { documents: { id: number; title: string; pageCount: number }[]; children: Item[] };
    const meetings = JSON.parse((await raadsmap(dataDir, 'meetings', '--json')).stdout) as { id: number; startsAt: string; agenda: Item[] }[];
    const january = meetings.find((m) => m.startsAt.startsWith('2017-01-09'))!;
    // Every item's documents at any depth: the section items ("1 Raadzaal") carry some too.
    const walk = (items: Item[]): Item[] => items.flatMap((item) => [item, ...walk(item.children)]);
    const documents = walk(january.agenda).flatMap((item) => item.documents);
    const report = documents.find((d) => d.title === 'Rekenkamerrapport Schulddienstverlening')!;

    const single = path.join(dataDir, 'rapport.pdf');
    const exported = await raadsmap(dataDir, 'export-pdf', '--document', String(report.id), '--out', single, '--summary');
    expect(exported.code).toBe(0);
    const pdf = await (await openPdf(new Uint8Array(fs.readFileSync(single)))).promise;
    expect(pdf.numPages).toBe(report.pageCount + 1); // the two annotations imported above, listed on a summary page

    const bundleFile = path.join(dataDir, 'bundel.pdf');
    const bundle = await raadsmap(dataDir, 'export-bundle', '--meeting', String(january.id), '--out', bundleFile);
    expect(bundle.code).toBe(0);
    expect(bundle.stderr).toMatch(/\d+%\]/);
    const pageCount = Number(/: (\d+) pagina's\./.exec(bundle.stdout)![1]);
    const unique = new Map(documents.map((d) => [d.id, d.pageCount]));
    const read = await (await openPdf(new Uint8Array(fs.readFileSync(bundleFile)))).promise;
    expect(read.numPages).toBe(pageCount);
    // The cover, the agenda pages, then every document of the meeting once.
    const agendaPages = (await read.getPageLabels())!.filter((l) => l.startsWith('Agenda ')).length;
    expect(pageCount).toBe(1 + agendaPages + [...unique.values()].reduce((a, b) => a + b, 0));
    const outline = (await read.getOutline()) as { title: string }[];
    expect(outline.slice(0, 2).map((o) => o.title)).toEqual(['Voorblad', 'Agenda en notities']);
    expect((await raadsmap(dataDir, 'export-bundle', '--meeting', '999', '--out', bundleFile)).stderr).toMatch(/999/);
  }, 120_000);
});

describe('raadsmap on an encrypted store', () => {
  it('opens it only with the app password or the recovery code from the environment, and says how', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-cli-vault-'));
    try {
      const { openSession } = await import('../../electron/core/open-session.ts');
      const session = openSession({ dataDir: dir });
      const { recoveryCode } = await session.setupVault({ encrypt: true, passphrase: 'een lang wachtwoord' });
      // Written down, as the app's "Verder" confirms it (an unconfirmed code is tests/vault/recovery-code.test.ts).
      await session.confirmRecoveryCode();
      await session.close();

      expect((await raadsmap(dir, 'vault')).stdout).toBe('Versleuteld, vergrendeld met een app-wachtwoord (te openen met: app-wachtwoord, herstelcode)\n');
      const locked = await raadsmap(dir, 'meetings');
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('zijn versleuteld');
      expect(locked.stderr).toContain('RAADSMAP_PASSPHRASE');
      const wrong = await raadsmapWith({ RAADSMAP_PASSPHRASE: 'verkeerd' }, dir, 'meetings');
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('Dat wachtwoord klopt niet');
      const imported = await raadsmapWith({ RAADSMAP_PASSPHRASE: 'een lang wachtwoord' }, dir, 'import', samples[0]!);
      expect(imported.code, imported.stderr).toBe(0);
      const listed = await raadsmapWith({ RAADSMAP_RECOVERY_CODE: recoveryCode! }, dir, 'meetings', '--json');
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toHaveLength(1);
      // Still encrypted on disk: the plain SQLite header is nowhere.
      expect(fs.readFileSync(path.join(dir, 'library.db')).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
