// npm run bench:import — pages/s of extraction + import of the sample packages,
// beside poppler's pdftotext on the same PDFs, measured in the same run.
//
// Two workloads, each on a fresh data dir and a fresh core (so thread start-up
// and JIT warm-up are always counted, as for a user's first import):
//   sample  the bundled sample packages once (267 pages: start-up weighs heavily)
//   month   the sample four times as different meetings with different PDF
//           bytes (a month of council meetings, about 1,000 pages)
// Both sides get both cores: the import uses its worker pool, pdftotext runs
// as many processes at once as there are cores. Each workload runs ROUNDS
// times; the median is reported, with where that round's time went per stage
// (electron/core/import/import-stages.ts: real timers around each stage; the
// extraction threads time theirs and send them back with their results).
// The import runs the compiled core (out/node/core.js, built first when a
// source changed), as the CLI and the app run it; BENCH_FROM_SOURCE=1 runs
// the TypeScript sources instead.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import type * as CoreModule from '../electron/core/index.ts';
import type { ImportStage, StageTimes } from '../electron/core/index.ts';
import type { PackageManifest } from '../shared/package-format.ts';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// As a user's import runs (the CLI and the app run compiled code): out/node/core.js, built first when a source changed.
// BENCH_FROM_SOURCE=1 measures the TypeScript sources instead (threads then load tsx).
const fromSource = process.env.BENCH_FROM_SOURCE === '1';
const { ensureBuilt, OUT_DIR } = (await import(pathToFileURL(path.join(repo, 'scripts', 'build-node.mjs')).href)) as { ensureBuilt: () => Promise<void>; OUT_DIR: string };
if (!fromSource) await ensureBuilt();
const { createCore, IMPORT_STAGES, importStages } = (await import(
  fromSource ? '../electron/core/index.ts' : pathToFileURL(path.join(OUT_DIR, 'core.js')).href
)) as typeof CoreModule;
const sampleDir = path.join(repo, 'resources', 'sample');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COPIES = 4;
const cores = os.availableParallelism();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-'));

const samplePackages = fs
  .readdirSync(sampleDir)
  .map((name) => path.join(sampleDir, name))
  .filter((dir) => fs.existsSync(path.join(dir, 'meeting.json')))
  .sort();

/**
 * The sample as `copies` sets of distinct meetings: meeting and document ids get a suffix and each
 * PDF gets a trailing comment, so its bytes (and sha256) differ and the import
 * really reads it again, as it would a new meeting's documents.
 */
function monthOfPackages(copies: number): string[] {
  const out: string[] = [];
  for (let copy = 1; copy <= copies; copy++) {
    for (const dir of samplePackages) {
      const target = path.join(work, `month-${copy}`, path.basename(dir));
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'meeting.json'), 'utf8')) as PackageManifest;
      manifest.meeting.id += `-kopie-${copy}`;
      // New meetings bring new documents: other ids too, or each copy would be a new version of the last
      // copy's documents (compared word by word), which a month of new meetings is not.
      const docId = (id: string) => `${id}-kopie-${copy}`;
      const renameIn = (items: PackageManifest['agenda']): void => {
        for (const item of items) {
          if (item.documents) item.documents = item.documents.map(docId);
          if (item.children) renameIn(item.children);
        }
      };
      renameIn(manifest.agenda);
      for (const doc of manifest.documents) {
        doc.id = docId(doc.id);
        const bytes = Buffer.concat([fs.readFileSync(path.join(dir, doc.file)), Buffer.from(`\n% raadsmap bench copy ${copy}\n`)]);
        fs.mkdirSync(path.dirname(path.join(target, doc.file)), { recursive: true });
        fs.writeFileSync(path.join(target, doc.file), bytes);
        doc.sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
      }
      fs.writeFileSync(path.join(target, 'meeting.json'), JSON.stringify(manifest));
      out.push(target);
    }
  }
  return out;
}

/** One file per distinct content: shared documents are read once by the import, so by pdftotext too. */
function distinctPdfs(packages: string[]): string[] {
  const pdfs = packages.flatMap((dir) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.pdf')).map((f) => path.join(dir, f)));
  return [...new Map(pdfs.map((f) => [crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex'), f])).values()];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Milliseconds and share per stage (import-stages.ts). Thread stages are
 * thread time, so shares are of the stages' sum, not of the wall-clock time;
 * the main thread's own stages are also shown against the wall clock.
 */
function printStages(stages: StageTimes, seconds: number) {
  const entries = Object.keys(IMPORT_STAGES).map((stage) => [stage as ImportStage, stages[stage as ImportStage] ?? 0] as const);
  const sum = entries.reduce((n, [, ms]) => n + ms, 0);
  console.log(`  stages (ms, share of ${sum.toFixed(0)} ms summed; wall clock ${(seconds * 1000).toFixed(0)} ms)`);
  for (const [stage, ms] of entries) {
    console.log(`    ${IMPORT_STAGES[stage].padEnd(30)} ${ms.toFixed(0).padStart(7)}  ${((100 * ms) / (sum || 1)).toFixed(1).padStart(5)} %`);
  }
}

async function importRound(packages: string[]): Promise<{ seconds: number; pages: number; stages: StageTimes }> {
  const dataDir = fs.mkdtempSync(path.join(work, 'data-'));
  const core = createCore({ dataDir });
  try {
    importStages.reset();
    const start = performance.now();
    const results = await core.importPackages({ paths: packages });
    const seconds = (performance.now() - start) / 1000;
    return { seconds, pages: results.reduce((n, r) => n + r.pagesExtracted, 0), stages: importStages.snapshot() };
  } finally {
    await core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function pdftotextRound(files: string[]): Promise<{ seconds: number; pages: number }> {
  const queue = [...files];
  let pages = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: cores }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 256 * 1024 * 1024 });
        pages += stdout.split('\f').length - 1;
      }
    }),
  );
  return { seconds: (performance.now() - start) / 1000, pages };
}

async function measure(name: string, packages: string[]) {
  const files = distinctPdfs(packages);
  console.log(`${name}: ${packages.length} packages, ${files.length} distinct PDFs`);
  const ours: number[] = [];
  const theirs: number[] = [];
  let pages = 0;
  let popplerPages = 0;
  const rounds: { rate: number; seconds: number; stages: StageTimes }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const a = await importRound(packages);
    const b = await pdftotextRound(files);
    pages = a.pages;
    popplerPages = b.pages;
    ours.push(a.pages / a.seconds);
    rounds.push({ rate: a.pages / a.seconds, seconds: a.seconds, stages: a.stages });
    theirs.push(b.pages / b.seconds);
    console.log(`  round ${round}: import ${a.pages} pages in ${a.seconds.toFixed(2)} s; pdftotext ${b.pages} pages in ${b.seconds.toFixed(2)} s`);
  }
  const importRate = median(ours);
  const popplerRate = median(theirs);
  console.log(`  pages                        ${pages} (pdftotext counted ${popplerPages})`);
  console.log(`  import (extract + store)     ${importRate.toFixed(1)} pages/s`);
  console.log(`  pdftotext (${cores} processes)     ${popplerRate.toFixed(1)} pages/s`);
  console.log(`  ratio import / pdftotext     ${(importRate / popplerRate).toFixed(2)}  (aim: at least 0.60)`);
  const medianRound = rounds.find((r) => r.rate === importRate)!;
  printStages(medianRound.stages, medianRound.seconds);
  console.log('');
}

try {
  console.log(`Raadsmap import benchmark (${fromSource ? 'TypeScript sources' : 'compiled, out/node'}): ${cores} cores, ${ROUNDS} rounds, median; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  await measure('sample', samplePackages);
  await measure(`month (sample x ${COPIES})`, monthOfPackages(COPIES));
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
