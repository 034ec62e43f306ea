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
  if (fs.existsSync(fileURLToPath(built))) return { filename: unpackedFromAsar(built).href, execArgv: [] };
  return { filename: new URL(`./${name}.ts`, baseUrl).href, execArgv: ['--import', 'tsx'] };
}

/**
 * Packaged, out/main is also unpacked beside app.asar (electron-builder.yml
 * asarUnpack): a thread then starts from real files on disk, as Node's loader
 * in a worker cannot be relied on to read inside the archive.
 */
export function unpackedFromAsar(url: URL): URL {
  if (!url.pathname.includes('/app.asar/')) return url;
  const unpacked = new URL(url.href.replace('/app.asar/', '/app.asar.unpacked/'));
  return fs.existsSync(fileURLToPath(unpacked)) ? unpacked : url;
}
