import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RaadsmapError } from '../../shared/errors.ts';
import { extractPdf } from '../../electron/core/extraction/extract-pdf.ts';
import { createExtractionPool, defaultThreadCount, threadBudgetMb, type ExtractionPool } from '../../electron/core/extraction/pool.ts';
import { workerEntry } from '../../electron/core/extraction/worker-entry.ts';
import { streamBombs } from '../support/hostile-pdfs.ts';
import { encryptedPdf, makeLongPdf, makePdf } from './pdfs.ts';

const reportPdf = (n: number) =>
  makePdf(
    ['eerste', 'tweede', 'derde'].map((ordinal, p) => ({
      header: `Rapport ${n}`,
      footer: `Pagina ${p + 1} van 3`,
      lines: [`Het ${ordinal} deel van document ${n}: vroeg-`, `signalering en re-`, `integratie, de ${ordinal} ronde (${n * 10 + p}).`],
    })),
  );

describe('the extraction pool', () => {
  let pool: ExtractionPool;
  let longPdf: Uint8Array;
  beforeAll(async () => {
    pool = createExtractionPool({ threads: 2 });
    longPdf = await makeLongPdf(60);
  });
  afterAll(() => pool.close());

  it('extracts several PDFs at once on both threads, with the same result as extractPdf', async () => {
    const pdfs = await Promise.all([1, 2, 3, 4].map(reportPdf));
    const expected = await Promise.all(pdfs.map((bytes) => extractPdf(bytes.slice())));
    let busyThreads = 0;
    const results = await Promise.all(
      pdfs.map((bytes) =>
        pool.extract(bytes.slice(), {
          onPage: () => {
            busyThreads = Math.max(busyThreads, pool.liveThreads);
          },
        }),
      ),
    );
    expect(results).toEqual(expected);
    expect(results[3]!.pages[0]!.text).toBe('Het eerste deel van document 4: vroegsignalering en re-integratie, de eerste ronde (40).');
    expect(pool.threads).toBe(2);
    expect(busyThreads).toBe(2);
  });

  it('forwards page progress from the worker, ending at the last page', async () => {
    const progress: number[][] = [];
    const doc = await pool.extract(longPdf.slice(), { onPage: (done, total) => progress.push([done, total]) });
    expect(doc.pageCount).toBe(60);
    expect(progress.at(-1)).toEqual([60, 60]);
    const dones = progress.map(([done]) => done!);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
  });

  it('transfers the bytes to the worker instead of copying them', async () => {
    const bytes = await reportPdf(5);
    await pool.extract(bytes);
    expect(bytes.byteLength).toBe(0); // detached: the buffer moved to the worker
  });

  it('brings errors across the thread boundary with code and both messages', async () => {
    const error = await pool.extract(encryptedPdf()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RaadsmapError);
    expect(error).toMatchObject({ code: 'pdf.encrypted', nl: expect.stringMatching(/wachtwoord/), en: expect.stringMatching(/password/) });
    const notPdf = await pool.extract(new TextEncoder().encode('geen pdf')).catch((e: unknown) => e);
    expect(notPdf).toMatchObject({ code: 'pdf.not-pdf' });
  });

  it('cancels a running task, and keeps working afterwards', async () => {
    const controller = new AbortController();
    const error = await pool
      .extract(longPdf.slice(), { signal: controller.signal, onPage: (done) => done >= 2 && controller.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RaadsmapError);
    expect(error).toMatchObject({ code: 'cancelled' });
    expect((await pool.extract(await reportPdf(6))).pageCount).toBe(3);
  });

  it('refuses a 2 GiB decompression bomb within seconds, and reads the next document on the same thread as before', async () => {
    const bomb = streamBombs().find((p) => p.name === 'stream-bomb-flate-2gib')!;
    const started = performance.now();
    const error = await pool.extract(new Uint8Array(bomb.bytes)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'pdf.decoded-too-large', nl: expect.stringMatching(/pakt uit tot meer dan 64 MB/), en: expect.stringMatching(/unpacks to more than 64 MB/) });
    expect(performance.now() - started).toBeLessThan(5_000);
    const pdf = await reportPdf(8);
    const expected = await extractPdf(pdf.slice());
    expect(await Promise.all([pool.extract(pdf.slice()), pool.extract(pdf.slice())])).toEqual([expected, expected]);
  });

  it('ends a task that runs too long as pdf.timeout, and keeps working afterwards', async () => {
    const error = await pool.extract(longPdf.slice(), { timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RaadsmapError);
    expect(error).toMatchObject({ code: 'pdf.timeout', nl: expect.stringMatching(/0\.03 seconden/) });
    expect((await pool.extract(await reportPdf(7))).pageCount).toBe(3);
  });
});

describe('a busy pool', () => {
  it('counts a task’s time limit from when a thread takes it, not from when it was queued', async () => {
    const pool = createExtractionPool({ threads: 1 });
    try {
      const pdf = await makeLongPdf(60);
      await pool.extract(pdf.slice()); // the thread is started
      const start = performance.now();
      await pool.extract(pdf.slice());
      const one = performance.now() - start;
      // Four on one thread: the last waits three runs. Each run stays well within its limit.
      const limit = Math.round(2.5 * one + 500);
      const results = await Promise.allSettled([1, 2, 3, 4].map(() => pool.extract(pdf.slice(), { timeoutMs: limit })));
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    } finally {
      await pool.close();
    }
  }, 120_000);

  it('cancels a queued task without running it', async () => {
    const pool = createExtractionPool({ threads: 1 });
    try {
      const first = pool.extract(await makeLongPdf(60));
      const abort = new AbortController();
      const queued = pool.extract(await reportPdf(3), { signal: abort.signal }).catch((e: unknown) => e);
      abort.abort();
      expect(await queued).toMatchObject({ code: 'cancelled' });
      expect((await first).pageCount).toBe(60);
    } finally {
      await pool.close();
    }
  });
});

describe('closing the pool', () => {
  it('ends its threads and cancels what is still running', async () => {
    const pool = createExtractionPool({ threads: 2 });
    // Long enough to be still running at the close, even on a loaded machine.
    const running = pool.extract(await makeLongPdf(400)).catch((e: unknown) => e);
    await expect(pool.extract(await reportPdf(1))).resolves.toMatchObject({ pageCount: 3 });
    expect(pool.liveThreads).toBeGreaterThan(0);
    await pool.close();
    expect(pool.liveThreads).toBe(0);
    expect(await running).toMatchObject({ code: 'cancelled' });
    await expect(pool.extract(await reportPdf(2))).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('the number of threads', () => {
  const GB = 1024 ** 3;
  it('fits the threads’ budgets (heap, decoded data, pdf.js) into half the memory and what is free', () => {
    expect(threadBudgetMb()).toBe(1024 + 3 * 64 + 64);
    const cores = Math.min(4, os.availableParallelism());
    expect(defaultThreadCount(threadBudgetMb(), { total: 64 * GB, free: 48 * GB })).toBe(cores);
    expect(defaultThreadCount(1280, { total: 8 * GB, free: 6 * GB })).toBe(Math.min(cores, 3));
    expect(defaultThreadCount(1280, { total: 16 * GB, free: 1.5 * GB })).toBe(1);
    expect(defaultThreadCount(1280, { total: 2 * GB, free: 0.5 * GB })).toBe(1); // always one
  });
});

describe('the worker entry', () => {
  it('starts the .ts worker through tsx from the sources, and built code the worker.js beside it, never through tsx', () => {
    expect(workerEntry()).toEqual({ filename: expect.stringMatching(/\/worker\.ts$/), execArgv: ['--import', 'tsx'] });
    expect(workerEntry('file:///opt/raadsmap/out/node/pool-Ab12.js')).toEqual({ filename: 'file:///opt/raadsmap/out/node/worker.js', execArgv: [] });
    expect(workerEntry('file:///opt/raadsmap/out/node/cli.js', 'export-worker')).toEqual({ filename: 'file:///opt/raadsmap/out/node/export-worker.js', execArgv: [] });
  });
});
