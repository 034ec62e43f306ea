// Which file a pool thread starts, and with which Node flags.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  filename: string;
  execArgv: string[];
}

/**
 * Worker threads do not inherit the TypeScript transform of the thread that
 * starts them (vitest's transform never reaches them, and tsx's hooks are not
 * guaranteed to either), so a worker started from `worker.ts` loads tsx
 * itself. A build (electron-vite) emits `worker.js` next to the pool and does
 * not ship tsx: then the thread starts plain.
 */
export function workerEntry(baseUrl: string = import.meta.url, name = 'worker'): WorkerEntry {
  const built = new URL(`./${name}.js`, baseUrl);
  if (fs.existsSync(fileURLToPath(built))) return { filename: built.href, execArgv: [] };
  return { filename: new URL(`./${name}.ts`, baseUrl).href, execArgv: ['--import', 'tsx'] };
}
