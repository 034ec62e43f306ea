// Which file a pool thread starts, and with which Node flags.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface WorkerEntry {
  filename: string;
  execArgv: string[];
}

/**
 * Built code (out/node by scripts/build-node.mjs, out/main by electron-vite)
 * has `<name>.js` beside it and starts it plain: no transpiler at run time.
 * From the sources (tests, bench) the caller is a .ts file: worker threads do
 * not inherit the TypeScript transform of the thread that starts them
 * (vitest's never reaches them, tsx's hooks are not guaranteed to), so the
 * thread loads tsx, a development dependency, itself.
 */
export function workerEntry(baseUrl: string = import.meta.url, name = 'worker'): WorkerEntry {
  if (new URL(baseUrl).pathname.endsWith('.ts')) return { filename: new URL(`./${name}.ts`, baseUrl).href, execArgv: ['--import', 'tsx'] };
  return { filename: unpackedFromAsar(new URL(`./${name}.js`, baseUrl)).href, execArgv: [] };
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
