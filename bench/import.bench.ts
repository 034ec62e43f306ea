// npm run bench:import — pages/s of extraction + import of the sample packages,
// beside poppler's pdftotext on the same PDFs, measured in the same run.
//
// Both sides get both cores: the import uses its worker pool, pdftotext runs
// as many processes at once as there are cores. Each side runs ROUNDS times on
// a fresh data dir; the median is reported.
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createCore } from '../electron/core/index.ts';

const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sampleDir = path.join(repo, 'resources', 'sample');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const cores = os.availableParallelism();

const packages = fs
  .readdirSync(sampleDir)
  .map((name) => path.join(sampleDir, name))
  .filter((dir) => fs.existsSync(path.join(dir, 'meeting.json')))
  .sort();
const pdfs = packages.flatMap((dir) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.pdf')).map((f) => path.join(dir, f)));
// Shared documents are the same bytes in two packages; the import reads them once, so must pdftotext.
const distinctPdfs = [...new Map(pdfs.map((f) => [crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex'), f])).values()];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function importRound(): Promise<{ seconds: number; pages: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-'));
  const core = createCore({ dataDir });
  try {
    const start = performance.now();
    const results = await core.importPackages({ paths: packages });
    const seconds = (performance.now() - start) / 1000;
    return { seconds, pages: results.reduce((n, r) => n + r.pagesExtracted, 0) };
  } finally {
    await core.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function pdftotextRound(): Promise<{ seconds: number; pages: number }> {
  const queue = [...distinctPdfs];
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

async function main() {
  console.log(`Raadsmap import benchmark: ${packages.length} sample packages, ${distinctPdfs.length} distinct PDFs, ${cores} cores, ${ROUNDS} rounds`);
  const ours: number[] = [];
  const theirs: number[] = [];
  let pages = 0;
  let popplerPages = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    const a = await importRound();
    const b = await pdftotextRound();
    pages = a.pages;
    popplerPages = b.pages;
    ours.push(a.pages / a.seconds);
    theirs.push(b.pages / b.seconds);
    console.log(`  round ${round}: import ${a.pages} pages in ${a.seconds.toFixed(2)} s; pdftotext ${b.pages} pages in ${b.seconds.toFixed(2)} s`);
  }
  const importRate = median(ours);
  const popplerRate = median(theirs);
  console.log('');
  console.log(`pages                          ${pages} (pdftotext counted ${popplerPages})`);
  console.log(`import (extract + store)       ${importRate.toFixed(1)} pages/s`);
  console.log(`pdftotext (${cores} processes)       ${popplerRate.toFixed(1)} pages/s`);
  console.log(`ratio import / pdftotext       ${(importRate / popplerRate).toFixed(2)}  (aim: at least 0.50)`);
}

await main();
