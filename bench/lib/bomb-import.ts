// A package with decompression bombs imported through the core in a process
// of its own, so what it measures is the app's memory alone: the time from
// the start of the import to its refusal, and the process's peak RSS (the
// kernel's high-water mark where there is one, else sampled). Used by
// `npm run bench:bombs` and by the suite's measured case
// (tests/security/hostile-pdfs-bombs.test.ts).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { streamBombs } from '../../tests/support/hostile-pdfs.ts';
import { samplePackageSpec, writePackage } from '../../tests/support/make-package.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface BombImport {
  /** From the start of the import to its refusal (or its end). */
  ms: number;
  /** The process's peak resident set over its whole life, in MB. */
  peakRssMb: number;
  /** Its resident set with the core open, before the import, in MB. */
  startRssMb: number;
  /** How the peak was found: the kernel's high-water mark, or sampling every 5 ms. */
  peakFrom: 'VmHWM' | 'sampled';
  outcome: { ok: true } | { ok: false; code: string; nl: string; en: string };
  /** Meetings in the store after the import, and whether the doctor found it sound. */
  meetingsAfter: number;
  doctorOk: boolean;
}

/**
 * Writes the sample package (three documents) with the first `bombs` of its
 * PDFs replaced by the 2 GiB Flate bomb of the suite (5 KB each, every copy
 * with other bytes, so each is extracted).
 */
export async function writeBombPackage(dir: string, bombs: number): Promise<string> {
  const bomb = streamBombs().find((p) => p.name === 'stream-bomb-flate-2gib')!.bytes;
  const spec = samplePackageSpec();
  spec.documents.slice(0, bombs).forEach((doc, i) => (doc.bytes = Buffer.concat([bomb, Buffer.from(`% copy ${i}\n`)])));
  return (await writePackage(dir, spec)).dir;
}

/** Imports `packageDir` in a fresh node process with its own data dir under `workDir`, with `threads` extraction threads. */
export async function measureBombImport(packageDir: string, workDir: string, threads: number): Promise<BombImport> {
  const dataDir = fs.mkdtempSync(path.join(workDir, 'data-'));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(here, 'bomb-import-child.ts'), packageDir, dataDir, String(threads)], {
    cwd: path.resolve(here, '../..'),
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as BombImport;
}
