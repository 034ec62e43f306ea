// Many processes, one store: the app, the web host and CLI commands at once,
// each a real process (the CLI as a user runs it, or a small child running
// the core: tests/support/store-process.ts). Imports, syncs, searches,
// personal imports and restores at the same time either wait for each other
// or are safe together; no process removes another's staging, no write
// acknowledged to anyone is lost, and a lock left by a killed process (its
// pid perhaps reused since) holds nobody up.
import Database from 'better-sqlite3-multiple-ciphers';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/index.ts';
import { openSession } from '../../electron/core/open-session.ts';
import { samplePackageSpec, writePackage, type TestPackage } from '../support/make-package.ts';
import { raadsmapIn } from '../support/spawn-cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startFixtureServer, type FixtureServer } from '../sync/fixture-server.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(repo, 'bin', 'raadsmap.mjs');
const CHILD = path.join(repo, 'tests', 'support', 'store-process.ts');
const SAMPLES = fs
  .readdirSync(path.join(repo, 'resources', 'sample'))
  .sort()
  .map((name) => path.join(repo, 'resources', 'sample', name));

interface Running {
  proc: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the first stdout or stderr line matching `pattern`. */
  waitFor(pattern: RegExp, ms?: number): Promise<string>;
  /** Lines of stdout with when each arrived. */
  lines: { line: string; at: number }[];
  exit: Promise<{ code: number | null; at: number }>;
  send(line: string): void;
}

const running: Running[] = [];
afterEach(() => {
  for (const r of running.splice(0)) r.proc.kill('SIGKILL');
});

function start(args: string[]): Running {
  const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: repo });
  const r: Running = {
    proc,
    stdout: '',
    stderr: '',
    lines: [],
    exit: new Promise((resolve) => proc.on('close', (code) => resolve({ code, at: performance.now() }))),
    waitFor(pattern, ms = 30_000) {
      return new Promise((resolve, reject) => {
        const look = () => {
          const hit = `${r.stdout}\n${r.stderr}`.split('\n').find((l) => pattern.test(l));
          if (hit === undefined) return false;
          clearTimeout(timer);
          proc.stdout!.off('data', look);
          proc.stderr!.off('data', look);
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms; stdout: ${r.stdout.slice(-2000)} stderr: ${r.stderr.slice(-2000)}`)), ms);
        if (look()) return;
        proc.stdout!.on('data', look);
        proc.stderr!.on('data', look);
        void r.exit.then(() => setTimeout(() => look() || reject(new Error(`exited without ${pattern}; stdout: ${r.stdout.slice(-2000)} stderr: ${r.stderr.slice(-2000)}`)), 50));
      });
    },
    send: (line) => proc.stdin!.write(`${line}\n`),
  };
  let partial = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    r.stdout += chunk.toString();
    partial += chunk.toString();
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const line of parts) r.lines.push({ line, at: performance.now() });
  });
  proc.stderr!.on('data', (chunk: Buffer) => (r.stderr += chunk.toString()));
  running.push(r);
  return r;
}

/** `raadsmap --data-dir DIR …` in a process of its own, running on. */
const cli = (dataDir: string, ...args: string[]) => start([CLI, '--data-dir', dataDir, ...args]);
/** A child running the core (store-process.ts). */
const child = (...args: string[]) => start(['--import', 'tsx', CHILD, ...args]);

async function finished(r: Running): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { code } = await r.exit;
  return { code, stdout: r.stdout, stderr: r.stderr };
}

/** A meeting of its own with `pages` pages of text in an extra document: an import that takes a moment. */
async function meetingPackage(n: number, pages = 30): Promise<string> {
  const spec: TestPackage = samplePackageSpec();
  spec.meetingId = `zwolle/2018-0${n}-01`;
  spec.title = `Raadsplein ${n}`;
  spec.start = `2018-0${n}-01T20:00:00+01:00`;
  spec.documents = spec.documents.map((d) => ({ ...d, id: `${d.id}-${n}`, pages: d.pages.map((p) => [...p, `Vergadering ${n}`]) }));
  const rename = (items: TestPackage['agenda']): TestPackage['agenda'] =>
    items.map((i) => ({ ...i, ...(i.documents ? { documents: i.documents.map((d) => `${d}-${n}`) } : {}), ...(i.children ? { children: rename(i.children) } : {}) }));
  spec.agenda = rename(spec.agenda);
  spec.documents.push({ id: `doc/bijlage-${n}`, title: `Bijlage ${n}`, pages: Array.from({ length: pages }, (_, p) => [`Bijlage bij vergadering ${n}`, `Pagina ${p + 1} over jeugdhulp en schuldhulp`]) });
  spec.agenda[1]!.children![0]!.documents!.push(`doc/bijlage-${n}`);
  return (await writePackage(tempDir(), spec)).dir;
}

/** What the store holds, read in this process: meetings by title and the doctor's problems. */
async function storeState(dataDir: string) {
  const core = createCore({ dataDir, extractionThreads: 1 });
  try {
    return {
      meetings: core
        .listMeetings({})
        .map((m) => m.title)
        .sort(),
      problems: (await core.doctor({})).problems,
    };
  } finally {
    await core.close();
  }
}

const filesUnder = (dir: string): string[] => (fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).map((e) => e.name) : []);

describe('imports, syncs and searches in several processes at once', () => {
  it('two imports at once both succeed: the second waits for the first, and removes none of its staging', async () => {
    const dataDir = tempDir();
    // The sample meetings: 27 PDFs, long enough for the second process to start and open the store meanwhile.
    const first = cli(dataDir, 'import', ...SAMPLES);
    await first.waitFor(/Tekst lezen/);
    const second = await finished(cli(dataDir, 'import', await meetingPackage(1, 5)));
    const done = await finished(first);
    expect(done.code, done.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`Wacht op een ander Raadsmap-proces (importeren, pid ${first.proc.pid}) …`);
    const state = await storeState(dataDir);
    expect(state.problems).toEqual([]);
    expect(state.meetings).toHaveLength(6);
    // Each process's staging and uploads went with it.
    expect([...filesUnder(path.join(dataDir, 'staging')), ...filesUnder(path.join(dataDir, 'uploads'))]).toEqual([]);
  });

  it('an import while other processes list and search: the import completes and every search answers', async () => {
    const dataDir = tempDir();
    const seed = createCore({ dataDir, extractionThreads: 1 });
    await seed.importPackages({ paths: [await meetingPackage(1, 5)] });
    await seed.close();
    const importing = cli(dataDir, 'import', ...SAMPLES);
    await importing.waitFor(/Tekst lezen/);
    // Each opens the store while the import has its PDFs staged (and, before, emptied staging/ under it).
    const others = [cli(dataDir, 'search', 'jeugdhulp'), cli(dataDir, 'meetings')];
    const [searched, listed] = await Promise.all(others.map(finished));
    const imported = await finished(importing);
    for (const other of others) expect((await other.exit).at, 'done while the import ran').toBeLessThan((await importing.exit).at);
    expect(imported.code, imported.stderr).toBe(0);
    for (const s of [searched!, listed!]) expect(s.code, s.stderr).toBe(0);
    expect(searched!.stdout).toMatch(/Ontwikkelagenda passend onderwijs en jeugdhulp/);
    expect(listed!.stdout).toMatch(/Raadsplein 1/);
    const state = await storeState(dataDir);
    expect(state.problems).toEqual([]);
    expect(state.meetings).toHaveLength(6);
  });

  it('a second writer waits for the first, says for whom, and goes on when that one ends, even killed', async () => {
    const dataDir = tempDir();
    expect((await raadsmapIn(dataDir, ['meetings'])).code).toBe(0);
    const holder = child('hold', dataDir, 'writer', 'sync');
    await holder.waitFor(/^held$/);
    const importing = cli(dataDir, 'import', await meetingPackage(1, 3));
    const line = await importing.waitFor(/Wacht op/);
    expect(line).toContain(`Wacht op een ander Raadsmap-proces (synchroniseren, pid ${holder.proc.pid}) …`);
    expect(importing.proc.exitCode).toBeNull();
    holder.proc.kill('SIGKILL'); // the OS drops its lock
    const imported = await finished(importing);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await storeState(dataDir)).meetings).toEqual(['Raadsplein 1']);
  });

  it('a writer that waits too long gives up with store.busy, naming who holds the store, and changes nothing', async () => {
    const dataDir = tempDir();
    const holder = child('hold', dataDir, 'writer', 'import');
    await holder.waitFor(/^held$/);
    const core = createCore({ dataDir, extractionThreads: 1, lockWaitMs: 600 });
    try {
      const said: { nl: string; en: string }[] = [];
      const error = await core.importPackages({ paths: [await meetingPackage(1, 1)] }, { onProgress: ({ nl, en }) => said.push({ nl, en }) }).catch((e: unknown) => e);
      expect(said).toEqual([{ nl: `Wacht op een ander Raadsmap-proces (importeren, pid ${holder.proc.pid}) …`, en: `Waiting for another Raadsmap process (import, pid ${holder.proc.pid}) …` }]);
      expect(error).toMatchObject({
        code: 'store.busy',
        nl: `Een ander Raadsmap-proces (importeren, pid ${holder.proc.pid}) is na 1 seconde wachten nog bezig met deze gegevens. Probeer het opnieuw als het klaar is; er is niets veranderd.`,
        en: `Another Raadsmap process (import, pid ${holder.proc.pid}) is still working on this data after waiting 1 second. Try again when it is done; nothing was changed.`,
      });
      expect(core.listMeetings({})).toEqual([]);
    } finally {
      await core.close();
    }
  });

  describe('with a sync source', () => {
    let server: FixtureServer;
    beforeAll(async () => {
      server = await startFixtureServer({ meetings: 2 });
    });
    afterAll(() => server.close());

    it('a sync and an import at once: both complete, one after the other', async () => {
      const dataDir = tempDir();
      expect((await raadsmapIn(dataDir, ['sources', 'add', 'oparl', server.oparlUrl, '--since', '2010-01-01'])).code).toBe(0);
      const pkg = await meetingPackage(1, 20);
      const syncing = cli(dataDir, 'sync');
      await syncing.waitFor(/Bron 1/);
      const imported = await finished(cli(dataDir, 'import', pkg));
      const synced = await finished(syncing);
      expect(synced.code, synced.stderr).toBe(0);
      expect(imported.code, imported.stderr).toBe(0);
      expect(imported.stderr).toContain(`Wacht op een ander Raadsmap-proces (synchroniseren, pid ${syncing.proc.pid}) …`);
      expect(synced.stdout).toMatch(/2 vergaderingen nieuw/);
      const state = await storeState(dataDir);
      expect(state.problems).toEqual([]);
      expect(state.meetings).toHaveLength(3);
      expect(state.meetings).toContain('Raadsplein 1');
    });
  });
});

describe('personal imports and restores beside other processes', () => {
  /** A store with one meeting, and the id of its Rekenkamer document. */
  async function storeWithMeeting(): Promise<{ dataDir: string; documentId: number }> {
    const dataDir = tempDir();
    const core = createCore({ dataDir, extractionThreads: 1 });
    try {
      await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
      const meeting = core.getMeeting({ meetingId: core.listMeetings({})[0]!.id });
      const documentId = meeting.agenda[1]!.children[0]!.documents[0]!.id;
      return { dataDir, documentId };
    } finally {
      await core.close();
    }
  }

  it('two personal imports at once both complete (twice over); every annotation of both is there', async () => {
    const { dataDir, documentId } = await storeWithMeeting();
    const exportFile = (who: string, count: number) => {
      const file = path.join(tempDir(), `${who}.json`);
      // Highlights, placed by their quote: a transaction that takes a while, so the two overlap.
      const annotations = Array.from({ length: count }, (_, i) => ({ documentId, page: 1, quote: { exact: 'Nazorg is beperkt.' }, color: 'green', note: `${who}-${i}` }));
      fs.writeFileSync(file, JSON.stringify({ format: 'raadsmap-personal/1', annotations }));
      return file;
    };
    for (let trial = 0; trial < 2; trial++) {
      const results = await Promise.all([finished(cli(dataDir, 'personal', 'import', exportFile(`a${trial}`, 1000))), finished(cli(dataDir, 'personal', 'import', exportFile(`b${trial}`, 1000)))]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
    }
    const core = createCore({ dataDir, extractionThreads: 1 });
    try {
      const notes = core.listAnnotations({}).map((a) => a.note);
      expect(notes).toHaveLength(4000);
      for (const who of ['a0', 'b0', 'a1', 'b1']) expect(notes.filter((n) => n.startsWith(`${who}-`))).toHaveLength(1000);
    } finally {
      await core.close();
    }
  });

  it('a restore while another process writes notes: every write acknowledged is in the restored store or in the safety copy, none after it is lost', async () => {
    const { dataDir, documentId } = await storeWithMeeting();
    const setup = createCore({ dataDir, extractionThreads: 1 });
    await setup.createAnnotation({ kind: 'note', documentId, page: 1, point: { x: 1, y: 1 }, note: 'in-backup' });
    const backup = setup.createBackup({});
    await setup.close();

    // The long-lived process (the app): writes note after note throughout.
    const writer = child('write-notes', dataDir, String(documentId));
    await writer.waitFor(/^ack 20$/);
    const restore = await finished(cli(dataDir, 'backups', 'restore', backup.name));
    expect(restore.code, restore.stderr).toBe(0);
    const safetyName = /de vorige stand staat in (personal-\S+\.db)\./.exec(restore.stdout)![1]!;
    const acksBefore = writer.lines.filter((l) => l.line.startsWith('ack ')).length;
    // It goes on writing after the restore, into the same store.
    await writer.waitFor(new RegExp(`^ack ${acksBefore + 40}$`));
    // And it learns that another process changed the data (it looks every two seconds), as the app's windows must.
    await writer.waitFor(/^event library-changed$/, 10_000);
    writer.send('stop');
    await writer.waitFor(/^closed$/);

    const acks = writer.lines.filter((l) => l.line.startsWith('ack ')).map((l) => Number(l.line.slice(4)));
    expect(writer.lines.filter((l) => l.line.startsWith('error'))).toEqual([]);
    const notesIn = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return new Set(db.prepare('SELECT note FROM annotations').pluck().all() as string[]);
      } finally {
        db.close();
      }
    };
    const live = notesIn(path.join(dataDir, 'personal.db'));
    const safety = notesIn(path.join(dataDir, 'backups', safetyName));
    // Writes are one after another: the safety copy holds those before the restore, the store those after.
    const lastBefore = Math.max(0, ...acks.filter((n) => safety.has(`w-${n}`)));
    expect(lastBefore).toBeGreaterThanOrEqual(20);
    expect(acks.length - lastBefore).toBeGreaterThanOrEqual(40);
    const lost = acks.filter((n) => (n <= lastBefore ? !safety.has(`w-${n}`) : !live.has(`w-${n}`)));
    expect(lost, `${lost.length} of ${acks.length} acknowledged writes lost`).toEqual([]);
    // The restore did take place: the backup's note is back, the writes before it went (into the safety copy).
    expect(live.has('in-backup')).toBe(true);
    expect(acks.filter((n) => n <= lastBefore && live.has(`w-${n}`))).toEqual([]);
    // The long-lived process sees the restored store.
    expect(writer.stdout).toMatch(/^sees .*in-backup/m);
  });
});

describe('scratch folders and stale locks', () => {
  it('a running core’s staging and uploads survive other processes opening the store; a killed one’s go at the next open', async () => {
    const dataDir = tempDir();
    const app = child('open', dataDir);
    await app.waitFor(/^open /);
    const staging = fs.readdirSync(path.join(dataDir, 'staging'));
    expect(staging).toHaveLength(1);
    const mine = path.join(dataDir, 'staging', staging[0]!, 'pkg-half', '0000.pdf');
    fs.mkdirSync(path.dirname(mine), { recursive: true });
    fs.writeFileSync(mine, '%PDF-1.7');
    fs.writeFileSync(path.join(dataDir, 'uploads', staging[0]!, 'pakket.zip'), 'zip');
    // This test's process opening the store is the other process here.
    await storeState(dataDir);
    expect(fs.existsSync(mine)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'uploads', staging[0]!, 'pakket.zip'))).toBe(true);

    app.proc.kill('SIGKILL');
    await app.exit;
    await storeState(dataDir);
    expect(fs.readdirSync(path.join(dataDir, 'staging'))).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
    expect(fs.readdirSync(path.join(dataDir, 'locks')).filter((n) => n.startsWith('open-'))).toEqual([]);
  });

  it('a rewrite running elsewhere keeps the store closed; its lock, once its process is killed, holds nobody up, whatever pid its record names', async () => {
    const dataDir = tempDir();
    await storeState(dataDir);
    const rewriter = child('hold', dataDir, 'rekey');
    await rewriter.waitFor(/^held$/);
    const refused = await raadsmapIn(dataDir, ['meetings']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Een ander Raadsmap-proces (pid ${rewriter.proc.pid}) versleutelt deze gegevens nu.`);
    rewriter.proc.kill('SIGKILL');
    await rewriter.exit;

    // The dead holder's pid now belongs to a live, unrelated process: still nobody's lock.
    const unrelated = spawn('sleep', ['30']);
    running.push({ proc: unrelated } as Running);
    for (const name of ['rekey', 'writer']) fs.writeFileSync(path.join(dataDir, 'locks', `${name}.json`), JSON.stringify({ pid: unrelated.pid, task: 'encrypt', since: '2026-01-01T00:00:00Z' }));
    // As a Raadsmap before these locks left it: a pid as text, at the top of the data dir.
    fs.writeFileSync(path.join(dataDir, 'rekey.lock'), String(unrelated.pid));
    const session = openSession({ dataDir, extractionThreads: 1 });
    try {
      expect(session.status().state).toBe('plain');
      const phases: string[] = [];
      await session.core().importPackages({ paths: [await meetingPackage(1, 1)] }, { onProgress: (p) => phases.push(p.phase) });
      expect(phases).not.toContain('wait');
      expect(session.core().listMeetings({})).toHaveLength(1);
    } finally {
      await session.close();
    }
    expect(fs.existsSync(path.join(dataDir, 'rekey.lock'))).toBe(false);
  });

  it('encrypting waits until no other process has the store open, says which, and gives up with store.in-use, the store as it was', async () => {
    const dataDir = tempDir();
    const first = createCore({ dataDir, extractionThreads: 1 });
    await first.importPackages({ paths: [await meetingPackage(1, 1)] });
    await first.close();
    const app = child('open', dataDir);
    await app.waitFor(/^open /);
    const session = openSession({ dataDir, extractionThreads: 1, lockWaitMs: 800 });
    try {
      const said: string[] = [];
      const error = await session.setupVault({ encrypt: true, passphrase: 'correct horse battery staple' }, { onProgress: (p) => said.push(p.nl) }).catch((e: unknown) => e);
      expect(said).toContain(`Wacht tot andere Raadsmap-processen deze gegevens sluiten (pid ${app.proc.pid}) …`);
      expect(error).toMatchObject({ code: 'store.in-use', nl: expect.stringContaining(`Andere Raadsmap-processen (pid ${app.proc.pid}) hebben deze gegevens nog open.`), en: expect.stringContaining(`(pid ${app.proc.pid}) still have this data open`) });
      expect(session.status().state).toBe('plain');
      expect(session.core().listMeetings({})).toHaveLength(1);

      // Once the other process has closed the store, it goes ahead.
      const encrypting = session.setupVault({ encrypt: true, passphrase: 'correct horse battery staple' }, { onProgress: (p) => said.push(p.nl) });
      await new Promise((resolve) => setTimeout(resolve, 300));
      app.proc.stdin!.end();
      await app.exit;
      const done = await encrypting;
      expect(done.status.state).toBe('open');
      expect(done.recoveryCode).toBeTruthy();
      expect(session.core().listMeetings({})).toHaveLength(1);
    } finally {
      await session.close();
    }
  });
});
