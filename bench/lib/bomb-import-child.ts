// The process bomb-import.ts measures: opens a core on a fresh data dir,
// imports one package and prints one JSON line (BombImport).
import fs from 'node:fs';
import { createCore } from '../../electron/core/index.ts';
import { isRaadsmapError } from '../../shared/errors.ts';
import type { BombImport } from './bomb-import.ts';

const [packageDir, dataDir, threads] = process.argv.slice(2) as [string, string, string];
const MB = 1024 * 1024;

/** The kernel's high-water mark of this process's resident set (Linux), in bytes. */
function highWaterMark(): number | undefined {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

const core = createCore({ dataDir, extractionThreads: Number(threads) });
let sampled = process.memoryUsage.rss();
const startRss = sampled;
const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage.rss())), 5);
const started = performance.now();
const outcome: BombImport['outcome'] = await core.importPackages({ paths: [packageDir] }).then(
  () => ({ ok: true as const }),
  (error: unknown) => (isRaadsmapError(error) ? { ok: false as const, code: error.code, nl: error.nl, en: error.en } : { ok: false as const, code: 'unclear', nl: String(error), en: String(error) }),
);
const ms = Math.round(performance.now() - started);
clearInterval(sampler);
sampled = Math.max(sampled, process.memoryUsage.rss());
const hwm = highWaterMark();
const result: BombImport = {
  ms,
  peakRssMb: Math.round((hwm ?? sampled) / MB),
  startRssMb: Math.round(startRss / MB),
  peakFrom: hwm === undefined ? 'sampled' : 'VmHWM',
  outcome,
  meetingsAfter: core.listMeetings({}).length,
  doctorOk: (await core.doctor({})).ok,
};
await core.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result)}\n`);
