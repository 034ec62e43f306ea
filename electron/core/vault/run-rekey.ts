// Starts the rekey thread for one file (as run-export.ts does for exports):
// from source it registers tsx itself, built it starts rekey-worker.js next
// to the bundle. A cancel ends the thread; the caller discards the copy.
import { Worker } from 'node:worker_threads';
import { RaadsmapError, cancelledError } from '../../../shared/errors.ts';
import { workerEntry } from '../extraction/worker-entry.ts';
import type { RekeyJob, RekeyMessage } from './rekey-worker.ts';

export function runRekeyCopy(job: RekeyJob, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelledError());
  const entry = workerEntry(import.meta.url, 'rekey-worker');
  const worker = entry.execArgv.length
    ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.filename)}); })`, { workerData: job, eval: true })
    : new Worker(new URL(entry.filename), { workerData: job });
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    // Settled only once the thread has ended: a cancelled copy must not still be written when the caller discards it.
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate().finally(fn);
    };
    const onAbort = () => finish(() => reject(cancelledError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: RekeyMessage) => finish(() => (message.type === 'done' ? resolve() : reject(new RaadsmapError(message.error)))));
    worker.on('error', (error) => finish(() => reject(new RaadsmapError({ code: 'vault.rekey-failed', nl: `Versleutelen is vastgelopen (${error.message}); de gegevens zijn zoals ze waren.`, en: `Encryption crashed (${error.message}); the data is as it was.` }))));
    worker.on('exit', (code) => finish(() => reject(new RaadsmapError({ code: 'vault.rekey-failed', nl: `Versleutelen stopte onverwacht (code ${code}); de gegevens zijn zoals ze waren.`, en: `Encryption stopped unexpectedly (code ${code}); the data is as it was.` }))));
  });
}
