import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExtractionPool, threadBudgetMb, type ExtractionPool } from '../../electron/core/extraction/pool.ts';
import { runExport } from '../../electron/core/export/run-export.ts';
import { isRaadsmapError } from '../../shared/errors.ts';
import { hostilePdfs, type HostilePdf } from '../support/hostile-pdfs.ts';

// At least 200 malformed and hostile PDFs (tests/support/hostile-pdfs.ts)
// through text extraction (the core's worker pool: a thread per task with a
// time, heap and decoded-data limit) and through the export (annotatePdf in child
// processes with a heap limit and a time limit per file, and a few through
// the export thread itself). Wanted: 0 crashes, 0 hangs, and every file
// either handled or refused with a RaadsmapError whose code says why. A file
// stopped at its time limit (pdf.timeout) is the limit holding, not a hang;
// which files that may be is listed (STOPPED_AT_LIMIT), so any other fails.
// Decompression bombs must be refused as such (pdf.decoded-too-large) or, for
// images text extraction never decodes, read as ordinary documents; all of it
// with the process's memory bounded.

const here = path.dirname(fileURLToPath(import.meta.url));
const EXTRACT_TIMEOUT_MS = 20_000;
const EXTRACT_MEMORY_MB = 512;
/** What the two threads may take at most (heap, decoded data, pdf.js), over what the process held before. */
const MAX_RSS_GROWTH_MB = 2 * threadBudgetMb(EXTRACT_MEMORY_MB);
const EXPORT_TIMEOUT_MS = 20_000;
const EXPORT_MEMORY_MB = 512;
/** The reasons a refused file may give; anything else is a failure without a clear reason. */
const EXTRACT_REASONS = new Set(['pdf.not-pdf', 'pdf.encrypted', 'pdf.corrupt', 'pdf.too-many-pages', 'pdf.decoded-too-large']);
const EXPORT_REASONS = new Set(['export.bad-pdf', 'export.encrypted', 'export.decoded-too-large']);
/** Known slow in pdf.js (quadratic in unbalanced `q`, minutes for this file): stopped by the pool's limit with pdf.timeout. */
const STOPPED_AT_LIMIT = { extraction: ['content-q-nesting-100k'], export: [] as string[] };

type Outcome =
  | { name: string; result: 'ok' }
  | { name: string; result: 'refused'; code: string }
  | { name: string; result: 'stopped' | 'hang' | 'crash' | 'unclear'; detail: string };

interface Figures {
  tried: number;
  ok: number;
  refused: number;
  stoppedAtLimit: number;
  crashes: number;
  hangs: number;
  unclear: number;
  codes: Record<string, number>;
}

function figures(outcomes: Outcome[]): Figures {
  const count = (r: Outcome['result']) => outcomes.filter((o) => o.result === r).length;
  const codes: Record<string, number> = {};
  for (const o of outcomes) if (o.result === 'refused') codes[o.code] = (codes[o.code] ?? 0) + 1;
  return { tried: outcomes.length, ok: count('ok'), refused: count('refused'), stoppedAtLimit: count('stopped'), crashes: count('crash'), hangs: count('hang'), unclear: count('unclear'), codes };
}

/** Crashes, hangs, unclear failures, and files stopped at the time limit that are not known to be slow. */
const problems = (outcomes: Outcome[], stoppable: readonly string[]) =>
  outcomes.filter((o) => o.result === 'hang' || o.result === 'crash' || o.result === 'unclear' || (o.result === 'stopped' && !stoppable.includes(o.name)));

let pdfs: HostilePdf[];
let dir: string;
const files = new Map<string, string>();

beforeAll(() => {
  pdfs = hostilePdfs();
  // Not tempDir(): that one is emptied after every test, and these files serve them all.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-hostile-'));
  for (const pdf of pdfs) {
    const file = path.join(dir, `${pdf.name}.pdf`);
    fs.writeFileSync(file, pdf.bytes);
    files.set(pdf.name, file);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('hostile PDFs', () => {
  it('are at least 200, of every kind, the same on every run', () => {
    expect(pdfs.length).toBeGreaterThanOrEqual(200);
    expect(new Set(pdfs.map((p) => p.name)).size).toBe(pdfs.length);
    expect(new Set(pdfs.map((p) => p.kind))).toEqual(
      new Set(['truncated', 'byte-flips', 'page-tree', 'page-box', 'xref-trailer', 'font', 'content', 'nesting', 'action', 'encrypted', 'stream-bomb', 'image-bomb']),
    );
    // Small files (the 2 GiB one is 5 KB) that would inflate to gigabytes.
    const bombs = pdfs.filter((p) => p.kind.endsWith('-bomb'));
    expect(bombs.length).toBeGreaterThanOrEqual(25);
    expect(Math.max(...bombs.map((p) => p.bytes.length))).toBeLessThan(3 * 1024 * 1024);
    expect(pdfs.find((p) => p.name === 'stream-bomb-flate-2gib')!.bytes.length).toBeLessThan(8 * 1024);
    expect(Buffer.from(hostilePdfs()[150]!.bytes).equals(Buffer.from(pdfs[150]!.bytes))).toBe(true);
  });

  describe('through extraction', () => {
    let pool: ExtractionPool;
    beforeAll(() => {
      pool = createExtractionPool({ threads: 2, timeoutMs: EXTRACT_TIMEOUT_MS, maxMemoryMb: EXTRACT_MEMORY_MB });
    });
    afterAll(() => pool.close());

    it('never crash or hang a thread, and every refusal names its reason', async () => {
      const rss = watchRss();
      // As many at once as the pool has threads: the pool's time limit counts from extract(), queue time included.
      const outcomes = await mapLimited(pdfs, pool.threads, async (pdf): Promise<Outcome> => {
          try {
            await pool.extract(new Uint8Array(pdf.bytes));
            return { name: pdf.name, result: 'ok' };
          } catch (error) {
            if (!isRaadsmapError(error)) return { name: pdf.name, result: 'unclear', detail: String(error) };
            if (error.code === 'pdf.timeout') return { name: pdf.name, result: 'stopped', detail: error.en };
            if (error.code === 'pdf.worker-failed') return { name: pdf.name, result: 'crash', detail: error.en };
            if (!EXTRACT_REASONS.has(error.code) || !error.nl || !error.en) return { name: pdf.name, result: 'unclear', detail: `${error.code}: ${error.en}` };
            return { name: pdf.name, result: 'refused', code: error.code };
          }
        });
      // A task that outlived its limit (a hang) would leave Promise.all waiting: the test's own timeout fails it.
      const growthMb = rss.stop();
      console.log(`hostile PDFs, extraction: ${JSON.stringify({ ...figures(outcomes), rssGrowthMb: growthMb })}`);
      expect(problems(outcomes, STOPPED_AT_LIMIT.extraction)).toEqual([]);
      expect(outcomes.filter((o) => o.result === 'stopped').map((o) => o.name)).toEqual(STOPPED_AT_LIMIT.extraction);
      expect(figures(outcomes).tried).toBe(pdfs.length);
      // Every stream bomb refused as one; images text extraction does not decode leave the document readable.
      const kindOf = new Map(pdfs.map((p) => [p.name, p.kind]));
      const bombOutcomes = (kind: string) => outcomes.filter((o) => kindOf.get(o.name) === kind).map((o) => [o.name, o.result === 'refused' ? o.code : o.result]);
      expect(bombOutcomes('stream-bomb').filter(([, outcome]) => outcome !== 'pdf.decoded-too-large')).toEqual([]);
      expect(bombOutcomes('image-bomb').filter(([, outcome]) => outcome !== 'ok' && outcome !== 'pdf.decoded-too-large')).toEqual([]);
      expect(growthMb).toBeLessThan(MAX_RSS_GROWTH_MB);
    }, 150_000);

    it('read the glyphs of pages with image bombs without decoding the images', async () => {
      const rss = watchRss();
      for (const pdf of pdfs.filter((p) => p.kind === 'image-bomb')) {
        const started = performance.now();
        const pages = await pool.geometry(new Uint8Array(pdf.bytes), [1]);
        expect(pages.map((p) => p.pageNumber), pdf.name).toEqual([1]);
        expect(performance.now() - started, pdf.name).toBeLessThan(5_000);
      }
      expect(rss.stop()).toBeLessThan(MAX_RSS_GROWTH_MB);
    }, 120_000);
  });

  describe('through export', () => {
    it('never crash or hang a child process, and every refusal names its reason', async () => {
      const names = pdfs.map((p) => p.name);
      const half = Math.ceil(names.length / 2);
      const outcomes = (await Promise.all([exportInChild(names.slice(0, half)), exportInChild(names.slice(half))])).flat();
      console.log(`hostile PDFs, export: ${JSON.stringify(figures(outcomes))}`);
      expect(problems(outcomes, STOPPED_AT_LIMIT.export)).toEqual([]);
      expect(outcomes.map((o) => o.name).sort()).toEqual([...names].sort());
      // pdf-lib inflates every object stream at load: this one, 1 GiB with the catalog in it, is stopped at the export's limit (decode-limit.ts).
      expect(outcomes.find((o) => o.name === 'stream-bomb-object-stream')).toEqual({ name: 'stream-bomb-object-stream', result: 'refused', code: 'export.decoded-too-large' });
    }, 150_000);

    it('end in a named error in the export thread too, where pdf-lib loops', async () => {
      for (const name of ['page-tree-kids-self', 'page-tree-two-cycle', 'page-tree-kids-ancestor', 'encrypted-aes-256', 'xref-not-a-pdf']) {
        const outcome = await runExport({ kind: 'document', path: files.get(name)!, title: name, annotations: [], author: 'Raadslid', flatten: true, summary: true }).then(
          () => 'ok',
          (error: unknown) => (isRaadsmapError(error) ? (EXPORT_REASONS.has(error.code) ? error.code : `${error.code}: ${error.en}`) : `unclear: ${String(error)}`),
        );
        expect(['ok', ...EXPORT_REASONS], name).toContain(outcome);
      }
    }, 120_000);
  });
});

/**
 * Runs annotatePdf over `names` in a child process with a heap limit; a
 * file that takes longer than EXPORT_TIMEOUT_MS is a hang (the child is
 * killed), a child that dies on a file is a crash; either way a new child
 * goes on with the next file.
 */
async function exportInChild(names: string[]): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  while (next < names.length) {
    const batch = names.slice(next);
    const child = spawn(process.execPath, [`--max-old-space-size=${EXPORT_MEMORY_MB}`, '--stack-size=984', '--import', 'tsx', path.join(here, '../support/hostile-export-child.ts')], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.stdin.end(batch.map((name) => files.get(name)).join('\n') + '\n');
    const lines = readline.createInterface({ input: child.stdout });
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, EXPORT_TIMEOUT_MS);
    };
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    arm();
    for await (const line of lines) {
      arm();
      const result = JSON.parse(line) as { ok: boolean; code?: string; nl?: string; en?: string; raw?: string };
      const name = names[next++]!;
      if (result.ok) outcomes.push({ name, result: 'ok' });
      else if (result.code && EXPORT_REASONS.has(result.code) && result.nl && result.en) outcomes.push({ name, result: 'refused', code: result.code });
      else outcomes.push({ name, result: 'unclear', detail: result.code ? `${result.code}: ${result.en}` : result.raw ?? line });
    }
    clearTimeout(timer);
    const code = await exited;
    if (next < names.length) {
      // The child stopped on names[next]: killed for taking too long, or died.
      const name = names[next++]!;
      outcomes.push(timedOut ? { name, result: 'stopped', detail: `more than ${EXPORT_TIMEOUT_MS} ms` } : { name, result: 'crash', detail: `exit ${code}: ${stderr.slice(-500)}` });
    }
  }
  return outcomes;
}

/** Samples this process's RSS; stop() gives how far it rose above where it was at the start, in MB. */
function watchRss() {
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.round((Math.max(peak, process.memoryUsage.rss()) - start) / (1024 * 1024));
    },
  };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await fn(items[index]!);
      }
    }),
  );
  return results;
}
