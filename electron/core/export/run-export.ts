// Runs one export job in its own worker thread, with progress, cancel
// (the thread is ended) and limits on time and memory.
import { Worker } from 'node:worker_threads';
import { RaadsmapError, cancelledError, type ProgressListener } from '../../../shared/errors.ts';
import { workerEntry } from '../extraction/worker-entry.ts';
import type { ExportJob, ExportMessage } from './export-worker.ts';

const TIMEOUT_MS = 10 * 60_000;
const MAX_MEMORY_MB = 4096;

export type ExportOutcome = Extract<ExportMessage, { type: 'done' }>;

export function runExport(job: ExportJob, options: { signal?: AbortSignal | undefined; onProgress?: ProgressListener | undefined } = {}): Promise<ExportOutcome> {
  if (options.signal?.aborted) return Promise.reject(cancelledError());
  const entry = workerEntry(import.meta.url, 'export-worker');
  const threadOptions = { workerData: job, resourceLimits: { maxOldGenerationSizeMb: MAX_MEMORY_MB } };
  // From source (tests, `npm run web`) the thread registers tsx itself, then imports the TypeScript file:
  // hooks given as --import in execArgv are not in place yet when a worker's first module loads.
  const worker = entry.execArgv.length
    ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.filename)}); })`, { ...threadOptions, eval: true })
    : new Worker(new URL(entry.filename), threadOptions);
  return new Promise<ExportOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(cancelledError()));
    const timer = setTimeout(
      () => finish(() => reject(new RaadsmapError({ code: 'export.timeout', nl: 'Exporteren duurde te lang en is gestopt.', en: 'The export took too long and was stopped.' }))),
      TIMEOUT_MS,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: ExportMessage) => {
      if (message.type === 'progress') options.onProgress?.(message.progress);
      else if (message.type === 'done') finish(() => resolve(message));
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
