// Runs one export job in its own worker thread, with progress, cancel
// (the thread is ended) and limits on time and memory. The thread's heap
// limit does not count the buffers outside the heap (what pdf-lib inflates,
// the PDF's bytes): beside it, a watchdog here ends the thread when the
// process grows by more than the same limit while the job runs, also while
// the thread is stuck in a synchronous parse. What pdf-lib inflates is
// limited in the thread itself (decode-limit.ts), naming the document; the
// watchdog is for whatever else might grow.
import { Worker } from 'node:worker_threads';
import { RaadsmapError, cancelledError, type ProgressListener } from '../../../shared/errors.ts';
import { workerEntry } from '../extraction/worker-entry.ts';
import type { ExportJob, ExportMessage } from './export-worker.ts';

const TIMEOUT_MS = 10 * 60_000;
/** The thread's heap, and how far the process may grow while it runs (heap and buffers together). */
const MAX_MEMORY_MB = 4096;
/** How often the watchdog looks: a JavaScript inflate adds at most some tens of MB in between. */
const MEMORY_POLL_MS = 100;
const MB = 1024 * 1024;

export type ExportOutcome = Extract<ExportMessage, { type: 'done' }>;

export interface ExportOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
  /** How far the process may grow while the job runs, in MB; MAX_MEMORY_MB unless a test wants less. */
  memoryLimitMb?: number | undefined;
}

export function runExport(job: ExportJob, options: ExportOptions = {}): Promise<ExportOutcome> {
  if (options.signal?.aborted) return Promise.reject(cancelledError());
  const memoryLimitMb = options.memoryLimitMb ?? MAX_MEMORY_MB;
  const entry = workerEntry(import.meta.url, 'export-worker');
  const threadOptions = { workerData: job, resourceLimits: { maxOldGenerationSizeMb: MAX_MEMORY_MB } };
  const startRss = process.memoryUsage.rss();
  // From source (tests, `npm run web`) the thread registers tsx itself, then imports the TypeScript file:
  // hooks given as --import in execArgv are not in place yet when a worker's first module loads.
  const worker = entry.execArgv.length
    ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.filename)}); })`, { ...threadOptions, eval: true })
    : new Worker(new URL(entry.filename), threadOptions);
  return new Promise<ExportOutcome>((resolve, reject) => {
    let settled = false;
    // What the thread said it was doing last: where it was when the watchdog stops it.
    let step: { nl: string; en: string } = job.kind === 'document' ? { nl: `“${job.title}”`, en: `“${job.title}”` } : { nl: 'de fractiebundel', en: 'the fractie bundle' };
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearInterval(watchdog);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(cancelledError()));
    const timer = setTimeout(
      () => finish(() => reject(new RaadsmapError({ code: 'export.timeout', nl: 'Exporteren duurde te lang en is gestopt.', en: 'The export took too long and was stopped.' }))),
      TIMEOUT_MS,
    );
    const watchdog = setInterval(() => {
      if (process.memoryUsage.rss() - startRss <= memoryLimitMb * MB) return;
      finish(() =>
        reject(
          new RaadsmapError({
            code: 'export.too-much-memory',
            nl: `Het exporteren nam meer dan ${memoryLimitMb} MB geheugen in (bij ${step.nl}) en is gestopt; er is niets opgeslagen. Laat dat stuk weg of exporteer minder stukken tegelijk.`,
            en: `The export took more than ${memoryLimitMb} MB of memory (at ${step.en}) and was stopped; nothing was saved. Leave that document out or export fewer documents at once.`,
          }),
        ),
      );
    }, MEMORY_POLL_MS);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: ExportMessage) => {
      if (message.type === 'progress') {
        step = { nl: `“${message.progress.nl}”`, en: `“${message.progress.en}”` };
        options.onProgress?.(message.progress);
      } else if (message.type === 'done') finish(() => resolve(message));
      else finish(() => reject(new RaadsmapError(message.error)));
    });
    worker.on('error', (error) =>
      finish(() =>
        reject(
          new RaadsmapError({
            code: 'export.crashed',
            nl: `Het exporteren is vastgelopen (${error.message}); er is niets opgeslagen.`,
            en: `The export crashed (${error.message}); nothing was saved.`,
          }),
        ),
      ),
    );
    worker.on('exit', (code) => finish(() => reject(new RaadsmapError({ code: 'export.crashed', nl: `Het exporteren stopte onverwacht (code ${code}).`, en: `The export stopped unexpectedly (code ${code}).` }))));
  });
}
