// Locks between the Raadsmap processes that share one data dir: the desktop
// app, the web host and any number of CLI commands, at once.
//
// - Each open core marks itself open (locks/open-<id>.lock) and keeps its
//   scratch files in staging/<id>/ and uploads/<id>/. Opening removes only the
//   folders of cores that are gone, never those of one still running.
// - One long writer at a time (an import, a sync, encrypting): the writer lock
//   (locks/writer.lock). A second one waits for it, saying for whom, and gives
//   up after a while with a clear message. Short writes need no lock here:
//   SQLite serialises them (open-store.ts: IMMEDIATE transactions, busy_timeout).
// - Rewriting the store under another key is exclusive (locks/rekey.lock): it
//   waits until no other process has the store open, and no process opens it
//   meanwhile.
//
// The locks are OS file locks, taken through SQLite (Node has no flock): a
// holder keeps a write transaction open on an empty database file (BEGIN
// IMMEDIATE, nothing written), which is fcntl() on Linux and macOS and
// LockFileEx() on Windows. The kernel drops such a lock when its process ends,
// however it ends (kill -9, a crash, power loss), so a lock is never stale and
// a reused pid means nothing. A pid file would need the owner's start time to
// tell a reused pid apart, which Node cannot read portably (/proc exists on
// Linux only; macOS needs `ps`, Windows PowerShell), and a heartbeat needs a
// timeout a busy machine can overrun. Beside each lock file a small JSON
// record says who holds it (pid, task, since); only the messages read it.
import Database from 'better-sqlite3-multiple-ciphers';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RaadsmapError, cancelledError, type ProgressListener } from '../../shared/errors.ts';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './files/atomic-write.ts';

export const LOCKS_DIR = 'locks';
const WRITER = 'writer.lock';
const REKEY = 'rekey.lock';
/** An open core: open-<pid>-<random>.lock; its id names its folders under staging/ and uploads/. */
const OPEN = /^open-(\d+-[a-f0-9]{8})\.lock$/;
const POLL_MS = 200;

/** How long a long task waits for another process's by default (a large first sync takes a while). */
export const WRITER_WAIT_MS = 15 * 60 * 1000;
/** How long encrypting waits for other processes to close the store. */
export const ALONE_WAIT_MS = 2 * 60 * 1000;

/** The long writers, as the messages name them. */
export type WriterTask = 'import' | 'sync' | 'repair' | 'encrypt' | 'prune';
const TASK_NL: Record<WriterTask | 'start', string> = { import: 'importeren', sync: 'synchroniseren', repair: 'herstellen', encrypt: 'versleutelen', prune: 'oude versies opruimen', start: 'starten' };
const TASK_EN: Record<WriterTask | 'start', string> = { import: 'import', sync: 'sync', repair: 'repair', encrypt: 'encryption', prune: 'pruning old versions', start: 'start' };

interface Holder {
  pid: number;
  /** 'start': a process checking, for moments, whether a rewrite is to be finished (no rewrite runs). */
  task?: WriterTask | 'start' | undefined;
  since: string;
}

/** Lock files this process holds: a probe from here would find them taken, by us. */
const heldHere = new Set<string>();

export interface HeldLock {
  readonly file: string;
  release(): void;
}

/**
 * Takes the lock on `file` (made if missing), waiting up to `waitMs` (a
 * blocking wait: only for locks held for moments). Null when another holds it.
 */
function tryLock(file: string, waitMs = 0): HeldLock | null {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  // Made here, not by SQLite (0644): the data dir is the user's alone, and SQLite gives the journal this mode too.
  // Only when missing: closing any descriptor of a file drops all of this process's fcntl locks on it, so
  // nothing but SQLite (which keeps track) may open a lock file that may be held here.
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: waitMs });
    db.exec('BEGIN IMMEDIATE');
  } catch (error) {
    db?.close();
    if (isBusy(error)) return null;
    // Not a lock file (an old rekey.lock held a pid as text): nobody can hold it, so it is replaced.
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') {
      fs.rmSync(file, { force: true });
      return tryLock(file, waitMs);
    }
    throw error;
  }
  const held = db;
  heldHere.add(file);
  let released = false;
  return {
    file,
    release() {
      if (released) return;
      released = true;
      heldHere.delete(file);
      fs.rmSync(holderFile(file), { force: true });
      held.close();
    },
  };
}

/** 'held' by a process (this one included), 'free', or 'missing' (no such lock file). */
function probe(file: string): 'held' | 'free' | 'missing' {
  let db: Database.Database;
  try {
    db = new Database(file, { timeout: 0, fileMustExist: true });
  } catch {
    return 'missing';
  }
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return 'free';
  } catch (error) {
    if (isBusy(error)) return 'held';
    return 'free'; // not a lock file: nobody holds it
  } finally {
    db.close();
  }
}

const isBusy = (error: unknown) => /^SQLITE_BUSY/.test((error as { code?: string }).code ?? '');
const holderFile = (lockFile: string) => lockFile.replace(/\.lock$/, '.json');

/**
 * Best effort, and written in place (no temporary a kill could leave): the
 * record only names the holder in messages (a torn one reads as unknown), and
 * must never make a taken lock fail.
 */
function writeHolder(lockFile: string, holder: Holder): void {
  try {
    fs.writeFileSync(holderFile(lockFile), JSON.stringify(holder), { mode: PRIVATE_FILE_MODE });
  } catch {
    // A message without the holder's pid, then.
  }
}

function readHolder(lockFile: string): Holder | null {
  try {
    const holder = JSON.parse(fs.readFileSync(holderFile(lockFile), 'utf8')) as Holder;
    return Number.isInteger(holder.pid) ? holder : null;
  } catch {
    return null; // not written yet, or being replaced
  }
}

/**
 * Removes a lock file that `lock` holds. On Unix while holding it, so that a
 * process opening it meanwhile waits and then finds it gone (markOpen checks);
 * Windows cannot delete an open file, so there it is released first, and the
 * delete fails harmlessly when another process has opened it since.
 */
function removeLockFile(lock: HeldLock): void {
  const windows = process.platform === 'win32';
  if (!windows) fs.rmSync(lock.file, { force: true });
  lock.release();
  // With SQLite's (empty) journal, left beside a lock whose process was killed holding it.
  for (const file of windows ? [lock.file, `${lock.file}-journal`] : [`${lock.file}-journal`]) {
    try {
      fs.rmSync(file, { force: true });
    } catch {
      // Windows: opened by another process since; it is that one's now, or goes at the next tidy-up.
    }
  }
}

// ---- An open core and its scratch folders ---------------------------------

export interface OpenMark {
  readonly id: string;
  /** Where this core stages packages and downloads (staging/<id>/). */
  readonly stagingDir: string;
  /** Where this core keeps uploaded packages until they are imported (uploads/<id>/). */
  readonly uploadsDir: string;
  /** At close: the folders go, and so does the mark. */
  release(): void;
}

/** Marks a core open on `dataDir`, before its folders exist: a folder whose owner holds no mark is a leftover. */
export function markOpen(dataDir: string): OpenMark {
  const locks = path.join(dataDir, LOCKS_DIR);
  for (;;) {
    const id = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
    const file = path.join(locks, `open-${id}.lock`);
    const lock = tryLock(file);
    // Another process tidying up took it for a leftover and removed it between our open and our lock: a new id.
    if (!lock || !fs.existsSync(file)) {
      lock?.release();
      continue;
    }
    writeHolder(file, { pid: process.pid, since: new Date().toISOString() });
    const stagingDir = path.join(dataDir, 'staging', id);
    const uploadsDir = path.join(dataDir, 'uploads', id);
    for (const dir of [stagingDir, uploadsDir]) fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    return {
      id,
      stagingDir,
      uploadsDir,
      release() {
        for (const dir of [stagingDir, uploadsDir]) fs.rmSync(dir, { recursive: true, force: true });
        removeLockFile(lock);
      },
    };
  }
}

/**
 * Removes what cores that are gone left behind (a killed import's staged
 * copy, an upload never imported): the folders under staging/ and uploads/
 * whose owner no longer holds its mark, and that mark. A running core's are
 * left alone, whichever process it is in.
 */
export function removeLeftovers(dataDir: string): void {
  const locks = path.join(dataDir, LOCKS_DIR);
  const folders = (name: string) => (fs.existsSync(path.join(dataDir, name)) ? fs.readdirSync(path.join(dataDir, name)).map((entry) => path.join(dataDir, name, entry)) : []);
  for (const name of fs.existsSync(locks) ? fs.readdirSync(locks) : []) {
    const id = OPEN.exec(name)?.[1];
    if (!id) continue;
    const lock = tryLock(path.join(locks, name));
    if (!lock) continue; // its core is running
    for (const dir of ['staging', 'uploads']) fs.rmSync(path.join(dataDir, dir, id), { recursive: true, force: true });
    removeLockFile(lock);
  }
  // Folders without a mark: their owner is gone (or was an older Raadsmap, which kept no marks).
  for (const entry of [...folders('staging'), ...folders('uploads')]) {
    if (probe(path.join(locks, `open-${path.basename(entry)}.lock`)) !== 'held') fs.rmSync(entry, { recursive: true, force: true });
  }
}

/** The pids of the other processes that have the store open now (this process's own cores do not count). */
export function otherProcessesOpen(dataDir: string): number[] {
  const locks = path.join(dataDir, LOCKS_DIR);
  const pids = new Set<number>();
  for (const name of fs.existsSync(locks) ? fs.readdirSync(locks) : []) {
    if (!OPEN.test(name)) continue;
    const file = path.join(locks, name);
    if (heldHere.has(file) || probe(file) !== 'held') continue;
    const pid = readHolder(file)?.pid ?? Number(/^open-(\d+)-/.exec(name)![1]);
    if (pid !== process.pid) pids.add(pid);
  }
  return [...pids].sort((a, b) => a - b);
}

// ---- The writer lock -------------------------------------------------------

export interface WaitOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
  /** How long to wait before giving up; WRITER_WAIT_MS by default. */
  timeoutMs?: number | undefined;
}

/**
 * Takes the store-wide writer lock for a long task, waiting while another
 * task (in this process or another) holds it: the wait is reported as
 * progress ("Wacht op een ander Raadsmap-proces (importeren, pid 1234) …"),
 * cancelled through the signal, and ends after `timeoutMs` with store.busy.
 */
export async function acquireWriterLock(dataDir: string, task: WriterTask, options: WaitOptions = {}): Promise<HeldLock> {
  const file = path.join(dataDir, LOCKS_DIR, WRITER);
  const deadline = Date.now() + (options.timeoutMs ?? WRITER_WAIT_MS);
  let said = '';
  for (;;) {
    if (options.signal?.aborted) throw cancelledError();
    const lock = tryLock(file);
    if (lock) {
      writeHolder(file, { pid: process.pid, task, since: new Date().toISOString() });
      return lock;
    }
    const holder = readHolder(file);
    const waiting = waitingFor(holder);
    if (waiting.nl !== said) options.onProgress?.({ phase: 'wait', done: 0, total: 0, ...waiting });
    said = waiting.nl;
    if (Date.now() >= deadline) throw storeBusy(holder, options.timeoutMs ?? WRITER_WAIT_MS);
    await pause(POLL_MS, options.signal);
  }
}

function who(holder: Holder | null): { nl: string; en: string; here: boolean } {
  const here = holder?.pid === process.pid;
  const task = holder?.task;
  if (here) return { nl: `het ${task ? TASK_NL[task] : 'schrijven'}`, en: `the ${task ? TASK_EN[task] : 'writing'}`, here };
  if (!holder) return { nl: 'een ander Raadsmap-proces', en: 'another Raadsmap process', here };
  const what = task ? [TASK_NL[task], TASK_EN[task]] : ['bezig', 'busy'];
  return { nl: `een ander Raadsmap-proces (${what[0]}, pid ${holder.pid})`, en: `another Raadsmap process (${what[1]}, pid ${holder.pid})`, here };
}

function waitingFor(holder: Holder | null): { nl: string; en: string } {
  const w = who(holder);
  if (w.here) return { nl: `Wacht tot ${w.nl} klaar is …`, en: `Waiting for ${w.en} to finish …` };
  return { nl: `Wacht op ${w.nl} …`, en: `Waiting for ${w.en} …` };
}

function storeBusy(holder: Holder | null, waitedMs: number): RaadsmapError {
  const w = who(holder);
  const minutes = Math.max(1, Math.round(waitedMs / 60_000));
  const seconds = Math.ceil(waitedMs / 1000);
  const waited =
    waitedMs >= 60_000
      ? [`${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}`, `${minutes} minute${minutes === 1 ? '' : 's'}`]
      : [`${seconds} ${seconds === 1 ? 'seconde' : 'seconden'}`, `${seconds} second${seconds === 1 ? '' : 's'}`];
  const nlWho = w.nl.charAt(0).toUpperCase() + w.nl.slice(1);
  const enWho = w.en.charAt(0).toUpperCase() + w.en.slice(1);
  return new RaadsmapError({
    code: 'store.busy',
    nl: `${nlWho} is na ${waited[0]} wachten nog bezig met deze gegevens. Probeer het opnieuw als het klaar is; er is niets veranderd.`,
    en: `${enWho} is still working on this data after waiting ${waited[1]}. Try again when it is done; nothing was changed.`,
    subject: holder ? String(holder.pid) : undefined,
  });
}

// ---- Rewriting the store under another key ---------------------------------

/** How long a start waits for other processes' start checks (each takes moments; a loaded machine, many at once). */
const START_CHECK_WAIT_MS = 60_000;

/** Held while the store is rewritten under another key. */
export function holdRekeyLock(dataDir: string, waitMs = 2000): HeldLock {
  const file = path.join(dataDir, LOCKS_DIR, REKEY);
  const lock = tryLock(file, waitMs);
  if (!lock) throw rewriteBusy(readHolder(file)?.pid ?? null);
  writeHolder(file, { pid: process.pid, task: 'encrypt', since: new Date().toISOString() });
  return lock;
}

/**
 * Held for moments at each start, to finish or discard an interrupted
 * rewrite. Processes starting at once take turns, however long a loaded
 * machine makes a turn; only a rewrite running elsewhere is vault.busy.
 * `rewriting()` marks the holder as a rewrite when there is one to finish.
 */
export function holdStartCheck(dataDir: string): HeldLock & { rewriting(): void } {
  const file = path.join(dataDir, LOCKS_DIR, REKEY);
  const deadline = Date.now() + START_CHECK_WAIT_MS;
  for (;;) {
    const lock = tryLock(file, 250);
    if (lock) {
      writeHolder(file, { pid: process.pid, task: 'start', since: new Date().toISOString() });
      return { ...lock, file: lock.file, release: () => lock.release(), rewriting: () => writeHolder(file, { pid: process.pid, task: 'encrypt', since: new Date().toISOString() }) };
    }
    const holder = readHolder(file);
    if (holder?.task === 'encrypt' || Date.now() >= deadline) throw rewriteBusy(holder?.pid ?? null);
  }
}

/**
 * Another process is rewriting the store now (this process's own rewrite,
 * and another's start check, do not count): its pid, or 0 when unknown. A
 * rewrite that starts after this check waits for this core to close
 * (waitUntilAlone), so a moment's doubt here loses nothing.
 */
export function rewriteRunningElsewhere(dataDir: string): number | null {
  const file = path.join(dataDir, LOCKS_DIR, REKEY);
  if (heldHere.has(file) || probe(file) !== 'held') return null;
  const holder = readHolder(file);
  return holder?.task === 'encrypt' ? holder.pid : null;
}

export function rewriteBusy(pid: number | null): RaadsmapError {
  const nl = pid ? `Een ander Raadsmap-proces (pid ${pid})` : 'Een ander Raadsmap-proces';
  const en = pid ? `Another Raadsmap process (pid ${pid})` : 'Another Raadsmap process';
  return new RaadsmapError({
    code: 'vault.busy',
    nl: `${nl} versleutelt deze gegevens nu. Wacht tot het klaar is en probeer het dan opnieuw.`,
    en: `${en} is encrypting this data now. Wait until it is done, then try again.`,
    subject: pid ? String(pid) : undefined,
  });
}

/**
 * Waits until no other process has the store open (a rewrite renames the
 * database files: a process still writing to the old ones would lose that),
 * saying which ones; after `timeoutMs`, store.in-use. Called holding the rekey
 * lock, so no process opens the store meanwhile (createCore checks it).
 */
export async function waitUntilAlone(dataDir: string, options: WaitOptions = {}): Promise<void> {
  const timeout = options.timeoutMs ?? ALONE_WAIT_MS;
  const deadline = Date.now() + timeout;
  let said = '';
  for (;;) {
    if (options.signal?.aborted) throw cancelledError();
    const others = otherProcessesOpen(dataDir);
    if (others.length === 0) return;
    const pids = others.join(', ');
    if (pids !== said) {
      options.onProgress?.({
        phase: 'wait',
        done: 0,
        total: 0,
        nl: `Wacht tot andere Raadsmap-processen deze gegevens sluiten (pid ${pids}) …`,
        en: `Waiting for other Raadsmap processes to close this data (pid ${pids}) …`,
      });
    }
    said = pids;
    if (Date.now() >= deadline) {
      throw new RaadsmapError({
        code: 'store.in-use',
        nl: `Andere Raadsmap-processen (pid ${pids}) hebben deze gegevens nog open. Sluit ze (de app, de webhost of een opdracht die nog loopt) en probeer het opnieuw; er is niets veranderd.`,
        en: `Other Raadsmap processes (pid ${pids}) still have this data open. Close them (the app, the web host or a command still running) and try again; nothing was changed.`,
        subject: pids,
      });
    }
    await pause(POLL_MS, options.signal);
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      done();
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
