// The rekey thread: copies one database file under another key
// (rekey-copy.ts) off the main thread, and reports done or a plain error.
import { parentPort, workerData } from 'node:worker_threads';
import { isRaadsmapError, type ErrorInfo } from '../../../shared/errors.ts';
import { rekeyCopy } from './rekey-copy.ts';

export interface RekeyJob {
  file: string;
  copy: string;
  /** Hex; null: the file is not encrypted. */
  fromKey: string | null;
  toKey: string;
}

export type RekeyMessage = { type: 'done' } | { type: 'error'; error: ErrorInfo };

const job = workerData as RekeyJob;
let message: RekeyMessage;
try {
  rekeyCopy(job.file, job.copy, job.fromKey ? Buffer.from(job.fromKey, 'hex') : null, Buffer.from(job.toKey, 'hex'));
  message = { type: 'done' };
} catch (error) {
  message = {
    type: 'error',
    error: isRaadsmapError(error) ? error.toInfo() : { code: 'vault.rekey-failed', nl: `Versleutelen mislukt: ${String(error)}`, en: `Encryption failed: ${String(error)}` },
  };
}
parentPort!.postMessage(message);
