import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { annotatePdf } from '../../electron/core/export/annotate-pdf.ts';
import { runExport } from '../../electron/core/export/run-export.ts';
import { createCore } from '../../electron/core/index.ts';
import { openPdf } from '../../electron/core/extraction/pdfjs.ts';
import { isRaadsmapError } from '../../shared/errors.ts';
import { listFiles, snapshotStore } from '../support/db-snapshot.ts';
import { manyObjectStreamsPdf, objectStreamBombPdf, unusedStreamPdf, xrefStreamBombPdf } from '../support/export-bombs.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';

// PDFs that import fine (pdf.js reads only what the pages need) but hold a
// stream of 2 GiB that pdf-lib, the export, would inflate whole at load: an
// object stream and a cross-reference stream nothing refers to
// (tests/support/export-bombs.ts). Exported the way a user does, with the
// `raadsmap` command, whose peak memory (VmHWM, its export thread included)
// a preload reports. Before the fix such an export took 38 s and 4.2 GB
// (object stream) or 17 s and 3.2 GB (cross-reference stream). Now: refused
// in seconds within 600 MB, naming the document, with nothing written and
// the store as before; the fractie bundle leaves the document out with a
// page and a note that say why, as it does for any unreadable document.
// Then the limit itself (export/decode-limit.ts) on other filters and on
// many streams, and the watchdog that ends the export thread when the
// process grows past its memory limit (export/run-export.ts).

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'bin', 'raadsmap.mjs');
const peakRssPreload = path.join(repo, 'tests', 'support', 'peak-rss.mjs');
/** Past this a run is killed and counts as a hang; before the fix a bomb took 17–38 s. */
const KILL_AFTER_MS = 30_000;
const MAX_MS = 10_000;
const MAX_PEAK_RSS_MB = 600;

let work: string;
let dataDir: string;
let storeBefore: string;
const ids = { meeting: 0, objectStream: 0, xrefStream: 0, unusedStream: 0 };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The process's peak resident set (VmHWM) in MB; NaN when it was killed. */
  peakRssMb: number;
}

/** `raadsmap --data-dir DIR …args` with its time and peak memory; killed after KILL_AFTER_MS. */
function measured(args: string[]): Promise<Run> {
  const peakFile = path.join(work, `peak-${Math.random().toString(36).slice(2)}`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', peakRssPreload, cli, '--data-dir', dataDir, ...args], {
      cwd: repo,
      env: { ...process.env, RAADSMAP_PEAK_RSS_FILE: peakFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Math.round(performance.now() - started);
      const peakRssMb = fs.existsSync(peakFile) ? Math.round(Number(fs.readFileSync(peakFile, 'utf8')) / 1024) : NaN;
      resolve({ code, stdout, stderr, ms, peakRssMb });
    });
  });
}

const outDir = () => fs.mkdtempSync(path.join(work, 'out-'));

/** What every run must keep to, refused or not: done in seconds and small, the store as it was, no copy left in the data dir. */
function expectWithinLimits(run: Run): void {
  expect(run.ms).toBeLessThan(MAX_MS);
  expect(run.peakRssMb).toBeLessThan(MAX_PEAK_RSS_MB);
  expect(listFiles(path.join(dataDir, 'exports'))).toEqual([]);
  expect(snapshotStore(dataDir)).toBe(storeBefore);
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-export-bombs-'));
  dataDir = path.join(work, 'data');
  const spec = samplePackageSpec();
  const [beslisnota, advies, rekenkamer] = spec.documents as [(typeof spec.documents)[0], (typeof spec.documents)[0], (typeof spec.documents)[0]];
  beslisnota.bytes = await objectStreamBombPdf(beslisnota.pages, beslisnota.title);
  advies.bytes = await xrefStreamBombPdf(advies.pages, advies.title);
  rekenkamer.bytes = await unusedStreamPdf(rekenkamer.pages, rekenkamer.title);
  const core = createCore({ dataDir, extractionThreads: 1 });
  try {
    await core.importPackages({ paths: [(await writePackage(path.join(work, 'pkg'), spec)).dir] });
    core.updateSettings({ userName: 'Anne de Vries', fractie: 'GroenLinks' });
    ids.meeting = core.listMeetings({})[0]!.id;
    const documents = core.getMeeting({ meetingId: ids.meeting }).agenda.flatMap((item) => item.children).flatMap((item) => item.documents);
    const idOf = (title: string) => documents.find((d) => d.title === title)!.id;
    [ids.objectStream, ids.xrefStream, ids.unusedStream] = [idOf(beslisnota.title), idOf(advies.title), idOf(rekenkamer.title)];
    for (const documentId of [ids.objectStream, ids.xrefStream, ids.unusedStream]) {
      // Imported as any document: every page read, none empty.
      const detail = core.getDocument({ documentId });
      expect(detail.pageCount).toBe(spec.documents.find((d) => d.title === detail.title)!.pages.length);
      expect(detail.flaggedPages).toEqual([]);
      await core.createAnnotation({ kind: 'note', documentId, page: 1, point: { x: 40, y: 40 }, note: 'Vragen aan de wethouder' });
    }
  } finally {
    await core.close();
  }
  storeBefore = snapshotStore(dataDir);
  // The command is built from the sources once, before anything is timed.
  await measured(['--version']);
}, 60_000);

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('a PDF that imports fine but holds a 2 GiB stream pdf-lib would inflate', () => {
  it('is refused as an annotated PDF within 10 s and 600 MB, named, with nothing written', async () => {
    for (const [documentId, title, lang] of [
      [ids.objectStream, 'Beslisnota Ontwikkelagenda', 'nl'],
      [ids.xrefStream, 'Advies Participatieraad', 'en'],
    ] as const) {
      const out = outDir();
      const run = await measured(['--lang', lang, 'export-pdf', '--document', String(documentId), '--summary', '--out', path.join(out, 'stuk.pdf')]);
      console.log(`${title}: refused after ${run.ms} ms, peak RSS ${run.peakRssMb} MB`);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(
        lang === 'nl'
          ? new RegExp(`“${title}” kan niet worden geëxporteerd: het bestand bevat een stroom die bij het uitpakken groter wordt dan \\d+ MB`)
          : new RegExp(`“${title}” cannot be exported: the file holds a stream that unpacks to more than \\d+ MB`),
      );
      // Nothing at the target, and no temporary beside it.
      expect(listFiles(out)).toEqual([]);
      expectWithinLimits(run);
    }
  }, 60_000);

  it('is left out of the fractie bundle with a page and a note that say why; the rest is in it', async () => {
    const out = outDir();
    const file = path.join(out, 'bundel.pdf');
    const run = await measured(['export-bundle', '--meeting', String(ids.meeting), '--out', file]);
    console.log(`bundle with two bombs: made in ${run.ms} ms, peak RSS ${run.peakRssMb} MB`);
    expect(run.code, run.stderr).toBe(0);
    for (const title of ['Beslisnota Ontwikkelagenda', 'Advies Participatieraad']) {
      expect(run.stderr).toContain(`Niet opgenomen: “${title}” kan niet worden geëxporteerd: het bestand bevat een stroom die bij het uitpakken groter wordt dan`);
    }
    expectWithinLimits(run);
    const bundle = await (await openPdf(new Uint8Array(fs.readFileSync(file)))).promise;
    const texts: string[] = [];
    for (let n = 1; n <= bundle.numPages; n++) texts.push(((await (await bundle.getPage(n)).getTextContent()).items as { str: string }[]).map((i) => i.str).join(' '));
    // Cover, agenda, a page for each document left out, and the three pages of the report.
    expect(bundle.numPages).toBe(2 + 2 + 3);
    expect(texts.filter((t) => t.includes('Dit document is niet opgenomen.')).length).toBe(2);
    expect(texts.some((t) => t.includes('Nazorg is beperkt.'))).toBe(true);
    await bundle.destroy();
    expect(listFiles(out)).toEqual(['bundel.pdf']);
  }, 60_000);

  it('but a 2 GiB stream nothing uses is copied as it is, not inflated: that document exports as usual', async () => {
    const out = outDir();
    const file = path.join(out, 'stuk.pdf');
    const run = await measured(['export-pdf', '--document', String(ids.unusedStream), '--summary', '--out', file]);
    expect(run.code, run.stderr).toBe(0);
    expectWithinLimits(run);
    const pdf = await (await openPdf(new Uint8Array(fs.readFileSync(file)))).promise;
    expect(pdf.numPages).toBe(3 + 1);
    await pdf.destroy();
  }, 60_000);
});

/** annotatePdf's outcome on `bytes` in this process, and how long it took. */
async function annotated(bytes: Uint8Array, title: string): Promise<{ outcome: string; ms: number }> {
  const started = performance.now();
  const outcome = await annotatePdf(bytes, [], { author: 'Raadslid', title, summary: true }).then(
    () => 'ok',
    (error: unknown) => (isRaadsmapError(error) ? `${error.code}: ${error.nl}` : `unclear: ${String(error)}`),
  );
  return { outcome, ms: performance.now() - started };
}

describe('what pdf-lib may unpack of a document', () => {
  it('is limited whatever the filters: LZW and RunLength object streams are refused as well', async () => {
    for (const filter of ['lzw', 'runlength'] as const) {
      const { outcome, ms } = await annotated(await objectStreamBombPdf([['Raadsvoorstel']], filter), filter);
      expect(outcome).toMatch(new RegExp(`^export\\.decoded-too-large: “${filter}” kan niet worden geëxporteerd: het bestand bevat een stroom die bij het uitpakken groter wordt dan 64 MB`));
      expect(ms).toBeLessThan(MAX_MS);
    }
  }, 60_000);

  it('is limited for all its streams together: forty object streams of 60 MB each are refused after a few', async () => {
    const { outcome, ms } = await annotated(await manyObjectStreamsPdf([['Raadsvoorstel']], 'Veertig stromen', 40, 60), 'Veertig stromen');
    expect(outcome).toMatch(/^export\.decoded-too-large: “Veertig stromen” kan niet worden geëxporteerd: het bestand bevat stromen die bij het uitpakken samen groter worden dan 192 MB/);
    expect(ms).toBeLessThan(MAX_MS);
  }, 60_000);
});

describe('the export thread', () => {
  it('is stopped by the watchdog when the process grows past the limit, though the thread is busy parsing', async () => {
    // 400,000 small objects: pdf-lib parses them in one go, without inflating anything, its heap growing all the while.
    const file = path.join(work, 'many-objects.pdf');
    const objects = Array.from({ length: 400_000 }, (_, i) => `${i + 1} 0 obj\n[${i + 1} 0 R /Naam (tekst) 1.5]\nendobj\n`);
    fs.writeFileSync(file, `%PDF-1.7\n${objects.join('')}trailer\n<< /Size 1 >>\n%%EOF\n`);
    const started = performance.now();
    const outcome = await runExport({ kind: 'document', path: file, title: 'Veel objecten', annotations: [], author: 'Raadslid', flatten: false, summary: false }, { memoryLimitMb: 100 }).then(
      () => ({ code: 'ok', nl: '' }),
      (error: unknown) => (isRaadsmapError(error) ? { code: error.code, nl: error.nl } : { code: 'unclear', nl: String(error) }),
    );
    expect(outcome).toEqual({ code: 'export.too-much-memory', nl: expect.stringMatching(/^Het exporteren nam meer dan 100 MB geheugen in \(bij “Veel objecten”\) en is gestopt; er is niets opgeslagen\./) });
    expect(performance.now() - started).toBeLessThan(MAX_MS);
  }, 60_000);
});
