// A small file system for full-disk and read-only drills: a tmpfs of the
// given size, mounted where the machine allows it (root, as in CI and here).
// Returns null where it does not; the callers then use what the machine
// does allow (a file-size limit, folder permissions).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SmallDisk {
  dir: string;
  /** Fills what is left with a file, so the next write fails with ENOSPC; returns a function that frees it again. */
  fill(): () => void;
  readOnly(on: boolean): void;
  unmount(): void;
}

export function mountSmallDisk(sizeMb: number): SmallDisk | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0755`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    fill() {
      const filler = path.join(dir, 'filler.bin');
      const fd = fs.openSync(filler, 'w');
      const chunk = Buffer.alloc(256 * 1024, 1);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        // The last bytes too: not even a small page fits any more.
        for (let n = 4096; n >= 1; n = Math.floor(n / 2)) {
          try {
            for (;;) fs.writeSync(fd, chunk.subarray(0, n));
          } catch {
            // next smaller size
          }
        }
      } finally {
        fs.closeSync(fd);
      }
      return () => fs.rmSync(filler, { force: true });
    },
    readOnly(on) {
      execFileSync('mount', ['-o', `remount,${on ? 'ro' : 'rw'}`, dir], { stdio: 'ignore' });
    },
    unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
