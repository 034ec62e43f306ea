// npm run bench:bombs — a package with one, and one with two, 2 GiB
// decompression bombs (5 KB PDFs, two layers of Flate) imported through the
// core, each in a fresh process: time to the refusal and the process's peak
// RSS. Wanted (issue 23): refused in < 10 s with the RSS under 600 MB, for
// both. Two extraction threads, so the two bombs are read at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measureBombImport, writeBombPackage } from './lib/bomb-import.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-bombs-'));
try {
  console.log(`bench:bombs — ${os.availableParallelism()} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GB, node ${process.version}, ${ROUNDS} rounds each`);
  console.log('case        round  refused after  peak RSS  RSS at start  outcome');
  for (const bombs of [1, 2]) {
    const packageDir = await writeBombPackage(fs.mkdtempSync(path.join(work, 'package-')), bombs);
    for (let round = 1; round <= ROUNDS; round++) {
      const r = await measureBombImport(packageDir, work, 2);
      const outcome = r.outcome.ok ? 'imported (!)' : `${r.outcome.code}: ${r.outcome.nl}`;
      console.log(
        `${`${bombs} bomb${bombs > 1 ? 's' : ''}`.padEnd(12)}${String(round).padEnd(7)}${`${(r.ms / 1000).toFixed(2)} s`.padStart(13)}${`${r.peakRssMb} MB`.padStart(10)}${`${r.startRssMb} MB`.padStart(14)}  ${outcome}`,
      );
    }
  }
  console.log('peak RSS: the kernel high-water mark of the importing process (VmHWM), or sampled every 5 ms where there is none');
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
