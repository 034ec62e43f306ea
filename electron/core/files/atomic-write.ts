// Files written whole or not at all. Every file Raadsmap writes for the user
// (exports, bundles, a personal export, motions) or for itself (backups,
// settings, the key file, stored PDFs, export files) is made under a
// temporary name beside its target, `.<name>.raadsmap-<pid>-<random>.tmp`,
// put on disk (fsync), renamed over the target, and the rename put on disk
// too (the folder fsynced where the platform allows). A kill leaves the
// previous file or the new one, never half of one. A temporary that a
// killed writer left is known by its name: removeStaleTemps() removes those
// whose writer is gone (the data dir at each start, a folder the user chose
// at the next write to it).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The data dir and what is in it are for the user alone (POSIX modes; Windows has its own ACLs). */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;
export const POSIX = process.platform !== 'win32';

/** A temporary whose writer still runs is left alone this long (a slow disk, a large backup); then its pid may be another process's. */
export const STALE_TEMP_MS = 10 * 60 * 1000;
// With SQLite's companions: VACUUM INTO a temporary (a backup) makes a -journal beside it, left by a kill.
const TEMP = /^\.[\s\S]*\.raadsmap-(\d+)-[0-9a-f]{12}\.tmp(-journal|-wal|-shm)?$/;

export interface AtomicWriteOptions {
  /** The new file's mode; by default that of the file it replaces, or the usual one (0o666 less the umask) for a new file. */
  mode?: number | undefined;
  /** First remove the temporaries of ours that dead writers left in the target's folder (a folder the user chose). */
  sweep?: boolean | undefined;
}

export const isOurTemp = (name: string): boolean => TEMP.test(name);

/** Writes `data` to `target` whole or not at all. */
export function writeFileAtomic(target: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): void {
  replaceFile(target, (temp) => fs.writeFileSync(temp, data), options);
}

/**
 * Makes `target` from what `fill` writes to the temporary path it is given
 * (an empty file in place already, with the right mode: VACUUM INTO, a copy).
 */
export function replaceFile(given: string, fill: (temp: string) => void, options: AtomicWriteOptions = {}): void {
  const target = throughLink(given);
  const dir = path.dirname(target);
  if (options.sweep) removeStaleTemps(dir);
  const temp = writeTempFile(target, fill, options);
  try {
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncDir(dir);
}

/**
 * A finished temporary beside `target`, on disk, for a caller that gives it
 * its final name itself (a hard link that must not overwrite: saved-exports.ts)
 * and removes it afterwards. Removed here when `fill` fails.
 */
export function writeTempFile(target: string, fill: (temp: string) => void, options: AtomicWriteOptions = {}): string {
  const temp = tempPathFor(target);
  const mode = modeFor(target, options);
  try {
    fs.closeSync(fs.openSync(temp, 'wx', mode ?? 0o666));
    fill(temp);
    if (POSIX && mode !== undefined) fs.chmodSync(temp, mode);
    syncFile(temp);
    return temp;
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** replaceFile for a `fill` that takes its time (a large PDF copied in): the event loop keeps running. */
export async function replaceFileAsync(target: string, fill: (temp: string) => Promise<void>, options: AtomicWriteOptions = {}): Promise<void> {
  if (options.sweep) removeStaleTemps(path.dirname(target));
  const temp = tempPathFor(target);
  const mode = modeFor(target, options);
  try {
    await (await fs.promises.open(temp, 'wx', mode ?? 0o666)).close();
    await fill(temp);
    if (POSIX && mode !== undefined) await fs.promises.chmod(temp, mode);
    const handle = await fs.promises.open(temp, 'r+');
    await handle.sync().finally(() => handle.close());
    await fs.promises.rename(temp, target);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
  syncDir(path.dirname(target));
}

/** `.<name>.raadsmap-<pid>-<random>.tmp` in the target's folder: hidden, and known as ours and whose. */
export function tempPathFor(target: string): string {
  // Short enough that the temporary's name stays within the file system's 255 bytes.
  const name = path.basename(target).slice(0, 100);
  return path.join(path.dirname(target), `.${name}.raadsmap-${process.pid}-${crypto.randomBytes(6).toString('hex')}.tmp`);
}

/** A target that is a symbolic link (a user's bundel.pdf pointing into a synced folder): the file it points to is replaced, the link stays. */
function throughLink(target: string): string {
  try {
    return fs.lstatSync(target).isSymbolicLink() ? fs.realpathSync(target) : target;
  } catch {
    return target; // no file yet, or a dangling link: written as named
  }
}

function modeFor(target: string, options: AtomicWriteOptions): number | undefined {
  if (options.mode !== undefined) return options.mode;
  try {
    return fs.statSync(target).mode & 0o7777; // a file replaced keeps its mode (a user's 600 bundle stays 600)
  } catch {
    return undefined;
  }
}

function syncFile(file: string): void {
  // r+: Windows only flushes a file opened for writing.
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Puts a folder's entries (a rename) on disk. Windows cannot open a folder for that; its renames are durable when they return. */
export function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not possible here (Windows, some network file systems): the rename stands as the OS keeps it.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Removes the temporaries of ours in `dir` whose writer is gone (its pid no
 * longer runs) or that are older than STALE_TEMP_MS (the pid may be another
 * process's by now). Another Raadsmap process may be writing one right now:
 * that one stays. Returns how many were removed.
 */
export function removeStaleTemps(dir: string, now = Date.now(), also?: RegExp): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0; // no folder, nothing left behind
  }
  let removed = 0;
  for (const name of names) {
    const pid = TEMP.exec(name)?.[1];
    if (pid === undefined && !also?.test(name)) continue;
    const file = path.join(dir, name);
    const writerGone = pid !== undefined && Number(pid) !== process.pid && !processRuns(Number(pid));
    if (!writerGone && !olderThan(file, now - STALE_TEMP_MS)) continue;
    try {
      fs.rmSync(file, { force: true, recursive: true });
      removed++;
    } catch {
      // Not ours to remove after all (another user's, a read-only folder): it must not keep the store from opening.
    }
  }
  return removed;
}

function olderThan(file: string, limit: number): boolean {
  try {
    return fs.lstatSync(file).mtimeMs < limit;
  } catch {
    return false; // gone meanwhile: renamed into place by its writer
  }
}

/** Whether a process with this pid runs (signal 0 only asks; EPERM: it runs, as another user). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
