// A pool of worker threads (piscina) that run extractPdf, so extraction uses
// every core and a PDF that hangs or crashes pdf.js costs one thread, not the
// app. Page progress is forwarded from the worker through a MessagePort when
// the caller asks for it (onPage); without onPage no port is made.
import { createRequire } from 'node:module';
import os from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import type * as PiscinaModule from 'piscina';
import { RaadsmapError, cancelledError, throwIfCancelled } from '../../../shared/errors.ts';
import { DEFAULT_DECODED_LIMIT_MB, HOLD_FACTOR } from './decode-budget.ts';
import type { PageGeometry } from './glyph-geometry.ts';
import { fromErrorInfo, pdfErrors } from './pdf-errors.ts';
import { importStages } from '../import/import-stages.ts';
import type { ExtractOptions, ExtractedDocument } from './types.ts';
import { workerEntry } from './worker-entry.ts';
import type { ExtractTask, ExtractTaskResult } from './worker.ts';

export const DEFAULT_TIMEOUT_MS = 120_000;
/** Reading the glyphs of a few pages takes milliseconds; a PDF that takes longer is not worth the wait. */
export const GEOMETRY_TIMEOUT_MS = 30_000;
/** pdf.js needs little heap for text; more than this is a pathological PDF, and kills only its thread. */
export const DEFAULT_MAX_MEMORY_MB = 1024;
const MAX_DEFAULT_THREADS = 4;
/** A thread with pdf.js loaded, before any document: code, caches, stacks. */
const THREAD_OVERHEAD_MB = 64;
/** Threads beyond the first stop after this long without work. */
const IDLE_TIMEOUT_MS = 30_000;

export interface ExtractionPoolOptions {
  /** Defaults to the number of cores, at most 4, and no more than fit in memory (defaultThreadCount). */
  threads?: number | undefined;
  /** Default per-task limit; a task still running then ends as `pdf.timeout` and its thread is replaced. */
  timeoutMs?: number | undefined;
  /** V8 heap per thread. */
  maxMemoryMb?: number | undefined;
  /** Decoded data (outside the heap): one stream may decode to this many MB, a document hold three times as many (decode-budget.ts). */
  decodedLimitMb?: number | undefined;
}

export interface PoolExtractOptions extends ExtractOptions {
  /** Overrides the pool's timeout for this task. */
  timeoutMs?: number | undefined;
}

export interface ExtractionPool {
  /** How many documents are extracted at once, at most. */
  readonly threads: number;
  /** Threads running now: they start on demand, up to `threads`. */
  readonly liveThreads: number;
  /**
   * Extracts one PDF in a worker thread. The bytes are transferred, not
   * copied: afterwards `bytes` is empty (detached) unless it was a view on a
   * larger buffer, which is copied instead.
   */
  extract(bytes: Uint8Array, options?: PoolExtractOptions): Promise<ExtractedDocument>;
  /**
   * Where the characters of some pages sit, from their glyphs (readGeometry
   * in a worker thread); `bytes` are transferred as for extract. Pages that
   * cannot be read are left out.
   */
  geometry(bytes: Uint8Array, pageNumbers: readonly number[], options?: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined }): Promise<PageGeometry[]>;
  /** Ends all threads; tasks still running reject with `cancelled`. */
  close(): Promise<void>;
}

/** The most a thread can take: its heap limit, the decoded data a document may hold, and what pdf.js itself holds. */
export function threadBudgetMb(maxMemoryMb = DEFAULT_MAX_MEMORY_MB, decodedLimitMb = DEFAULT_DECODED_LIMIT_MB): number {
  return maxMemoryMb + HOLD_FACTOR * decodedLimitMb + THREAD_OVERHEAD_MB;
}

/**
 * As many threads as there are cores (at most 4), and no more than fit their
 * budgets into the memory the machine can give: half of it, and no more than
 * is free now. Always at least one.
 */
export function defaultThreadCount(budgetMb = threadBudgetMb(), memory = { total: os.totalmem(), free: os.freemem() }): number {
  const availableMb = Math.min(memory.total / 2, memory.free) / (1024 * 1024);
  const fit = Math.floor(availableMb / budgetMb);
  return Math.max(1, Math.min(MAX_DEFAULT_THREADS, os.availableParallelism(), fit));
}

/**
 * piscina loads a thread's task file with require() first. Node ≥ 20.19 then loads our ES module
 * synchronously (require(esm)), and a thread ended during that load can abort the whole process
 * (V8 fatal "IsGraphAsync must be used on an instantiated module"; seen once in CI-like load at
 * the end of `raadsmap sync`). Without require(esm), piscina takes its import() path instead.
 */
export const THREAD_FLAGS: readonly string[] = process.allowedNodeEnvironmentFlags.has('--no-experimental-require-module') ? ['--no-experimental-require-module'] : [];

export function createExtractionPool(options: ExtractionPoolOptions = {}): ExtractionPool {
  const maxMemoryMb = options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
  const decodedLimitMb = options.decodedLimitMb ?? DEFAULT_DECODED_LIMIT_MB;
  const threads = options.threads ?? defaultThreadCount(threadBudgetMb(maxMemoryMb, decodedLimitMb));
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  const defaultTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const entry = workerEntry();
  // Loaded with the first pool, not with every start of a host (a CLI search extracts nothing).
  const { Piscina } = createRequire(import.meta.url)('piscina') as typeof PiscinaModule;
  const piscina = new Piscina<ExtractTask, ExtractTaskResult>({
    filename: entry.filename,
    execArgv: [...entry.execArgv, ...THREAD_FLAGS],
    minThreads: 1,
    maxThreads: threads,
    idleTimeout: IDLE_TIMEOUT_MS,
    resourceLimits: { maxOldGenerationSizeMb: maxMemoryMb },
  });
  let closed = false;
  // Tasks go to piscina only when a thread is free, so a task's time limit counts its own run,
  // not the time it waited behind the others of a large import.
  let running = 0;
  const waiting: { start: () => void; abandon: () => void }[] = [];
  const acquire = (signal: AbortSignal | undefined) =>
    new Promise<void>((resolve, reject) => {
      if (running < threads) {
        running++;
        return resolve();
      }
      const entry = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          running++;
          resolve();
        },
        abandon: () => reject(cancelledError()),
      };
      const onAbort = () => {
        waiting.splice(waiting.indexOf(entry), 1);
        reject(cancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(entry);
    });
  const release = () => {
    running--;
    waiting.shift()?.start();
  };

  async function queued<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    throwIfCancelled(signal);
    if (closed) throw cancelledError();
    await acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  async function extract(bytes: Uint8Array, options: PoolExtractOptions = {}) {
    return queued(options.signal, async () => {
      const result = await runTask(bytes, options);
      if (!('document' in result)) throw new Error('the extraction thread answered with something else');
      importStages.addAll(result.stageMs);
      return result.document;
    });
  }

  async function geometry(bytes: Uint8Array, pageNumbers: readonly number[], options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined } = {}) {
    return queued(options.signal, async () => {
      const result = await runTask(bytes, { signal: options.signal, timeoutMs: options.timeoutMs ?? GEOMETRY_TIMEOUT_MS, geometryOf: [...pageNumbers] });
      if (!('geometry' in result)) throw new Error('the extraction thread answered with something else');
      return result.geometry;
    });
  }

  async function runTask(bytes: Uint8Array, { signal, onPage, timeoutMs = defaultTimeoutMs, geometryOf }: PoolExtractOptions & { geometryOf?: number[] }) {
    if (closed) throw cancelledError();
    const data = ownBuffer(bytes);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), timeoutMs);
    // Aborting a running piscina task terminates its thread: that is what ends a pdf.js hang.
    const taskSignal = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    const progress = onPage ? forwardProgress(onPage) : undefined;
    try {
      const result = await piscina.run(
        { bytes: data, progress: progress?.port, geometryOf, decodedLimitMb },
        { signal: taskSignal, transferList: progress ? [data.buffer, progress.port] : [data.buffer] },
      );
      if (!result.ok) throw fromErrorInfo(result.error);
      if ('document' in result) progress?.finish(result.document.pageCount);
      return result;
    } catch (error) {
      if (error instanceof RaadsmapError) throw error;
      if (signal?.aborted || closed) throw cancelledError();
      if (timeout.signal.aborted) throw pdfErrors.timeout(Number((timeoutMs / 1000).toFixed(3)));
      throw pdfErrors.workerFailed(error instanceof Error ? error.message : String(error), error);
    } finally {
      clearTimeout(timer);
      progress?.close();
    }
  }

  return {
    threads,
    get liveThreads() {
      return piscina.threads.length;
    },
    extract,
    geometry,
    async close() {
      if (closed) return;
      closed = true;
      for (const entry of waiting.splice(0)) entry.abandon();
      await piscina.destroy();
    },
  };
}

/** Only a view that spans its whole ArrayBuffer can be transferred without taking memory that is not ours (Node's Buffer pool). */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole ? (bytes as Uint8Array<ArrayBuffer>) : bytes.slice();
}

/** A port the worker posts [done, total] to. Messages can trail the result: `finish` reports the last page in any case. */
function forwardProgress(onPage: (done: number, total: number) => void) {
  const channel = new MessageChannel();
  let reported = 0;
  channel.port1.on('message', ([done, total]: [number, number]) => {
    if (done <= reported) return;
    reported = done;
    onPage(done, total);
  });
  return {
    port: channel.port2,
    finish(total: number) {
      if (reported < total) {
        reported = total;
        onPage(total, total);
      }
    },
    close: () => channel.port1.close(),
  };
}
