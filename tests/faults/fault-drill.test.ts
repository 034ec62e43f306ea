// The fault drill (issue 24, `npm run test:faults`, part of `npm test`):
// real Raadsmap processes (the CLI, or tests/faults/drill-child.ts) killed
// with SIGKILL at seeded random moments during each operation that writes,
// a full disk on a small file system, concurrent processes on one store,
// and damaged files. After each: the store opens, doctor is clean, no
// acknowledged write is lost, no output is torn, and the next start leaves
// no temporaries behind. FAULT_SEED picks the moments (printed, so a failure
// can be replayed); FAULT_KILLS the kills per operation (default 3, bounded
// for CI). The counts are printed as a table at the end.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { openSession } from '../../electron/core/open-session.ts';
import { samplePackageSpec, writePackage, type TestPackage } from '../support/make-package.ts';
import { mountSmallDisk } from '../support/small-disk.ts';
import { raadsmapIn } from '../support/spawn-cli.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startFixtureServer, type FixtureServer } from '../sync/fixture-server.ts';

vi.setConfig({ testTimeout: 600_000, hookTimeout: 120_000 });

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(here, '../../bin/raadsmap.mjs');
const CHILD = path.join(here, 'drill-child.ts');
const SEED = Number(process.env.FAULT_SEED ?? 20261207);
const KILLS = Math.max(1, Number(process.env.FAULT_KILLS ?? 3));
const PASSPHRASE = 'fractievergadering maandag';

/** mulberry32: the same seed gives the same kill moments. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(SEED);

interface Tally {
  kills: number;
  integrityFailures: number;
  tornOutputs: number;
  lostWrites: number;
  leftovers: number;
  concurrentFailures: number;
}
const tallies = new Map<string, Tally>();
const tally = (op: string) => {
  let t = tallies.get(op);
  if (!t) tallies.set(op, (t = { kills: 0, integrityFailures: 0, tornOutputs: 0, lostWrites: 0, leftovers: 0, concurrentFailures: 0 }));
  return t;
};

/** Runs a process and SIGKILLs it after `killAfterMs` (if still running); its stdout lines so far. */
function runKilled(args: string[], killAfterMs: number, env: Record<string, string> = {}): Promise<{ stdout: string; killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.resume();
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.exitCode === null;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ stdout, killed, code });
    });
  });
}
const cliArgs = (dataDir: string, ...args: string[]) => [CLI, '--data-dir', dataDir, ...args];
const childArgs = (...args: string[]) => ['--import', 'tsx', CHILD, ...args];

/** How long an operation takes here when not killed: the kill moments are spread over it. */
async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}
// Over most of the run (a CLI spends its first second starting up; a kill after the end kills nothing).
const killMoment = (durationMs: number) => Math.round(300 + rand() * durationMs * 0.85);

/** Files a crash may leave that the next start must have removed. */
function leftoversIn(dataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if ((entry.name === 'staging' || entry.name === 'uploads') && fs.readdirSync(full).length > 0) found.push(`${path.relative(dataDir, full)}/ (${fs.readdirSync(full).join(', ')})`);
        else if (!/^onleesbaar-/.test(entry.name)) walk(full);
      } else if (/\.(tmp|partial|restoring|rekeyed)$/.test(entry.name) || /\.raadsmap-\d+-/.test(entry.name)) {
        found.push(path.relative(dataDir, full));
      }
    }
  };
  if (fs.existsSync(dataDir)) walk(dataDir);
  return found;
}

/** The store after a crash, as the next start sees it: opens, doctor clean, nothing left behind. */
async function checkStore(op: string, dataDir: string, open: () => Promise<{ core: Core; close: () => Promise<void> }>, extra?: (core: Core) => void | Promise<void>): Promise<void> {
  const t = tally(op);
  let opened;
  try {
    opened = await open();
  } catch (error) {
    t.integrityFailures++;
    throw new Error(`${op}: the store does not open after a kill (seed ${SEED}): ${(error as Error).message}`);
  }
  try {
    const report = await opened.core.doctor({});
    if (!report.ok) {
      t.integrityFailures++;
      throw new Error(`${op}: doctor after a kill (seed ${SEED}): ${report.problems.map((p) => p.nl).join('; ')}`);
    }
    await extra?.(opened.core);
  } finally {
    await opened.close();
  }
  const left = leftoversIn(dataDir);
  if (left.length) {
    t.leftovers++;
    throw new Error(`${op}: left behind after the next start (seed ${SEED}): ${left.join(', ')}`);
  }
}
const plainOpen = (dataDir: string) => async () => {
  const core = createCore({ dataDir, extractionThreads: 1 });
  return { core, close: () => core.close() };
};

/** Every meeting either whole (all its documents, each with all its pages) or absent. */
function assertWholeMeetings(op: string, core: Core, expected: Map<string, number>): void {
  for (const m of core.listMeetings({})) {
    const detail = core.getMeeting({ meetingId: m.id });
    const docs = new Set(detail.agenda.flatMap(function all(i): number[] { return [...i.documents.map((d) => d.id), ...i.children.flatMap(all)]; }));
    const want = expected.get(detail.externalId);
    if (want !== undefined && docs.size !== want) {
      tally(op).integrityFailures++;
      throw new Error(`${op}: meeting ${detail.externalId} has ${docs.size} of ${want} documents after a kill (seed ${SEED})`);
    }
  }
}

function bigPackageSpec(n: number): TestPackage {
  const spec = samplePackageSpec();
  spec.meetingId = `zwolle/2018-0${n}-12`;
  spec.title = `Raadsvergadering ${n}`;
  for (let d = 0; d < 6; d++) {
    const id = `doc/drill-${n}-${d}`;
    spec.documents.push({ id, title: `Bijlage ${d} bij raadsvergadering ${n}`, pages: Array.from({ length: 10 }, (_, p) => [`Raadsvergadering ${n}, bijlage ${d}`, `Pagina ${p + 1}: schulddienstverlening, jeugdhulp en wachttijden`]) });
    spec.agenda[1]!.children![0]!.documents!.push(id);
  }
  return spec;
}
const docCount = (spec: TestPackage) => new Set(spec.documents.map((d) => d.id)).size;

/** A store with the sample meeting and some private work; returns its meeting id. */
async function storeWithWork(dataDir: string): Promise<number> {
  const core = createCore({ dataDir, extractionThreads: 1 });
  try {
    await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
    const meetingId = core.listMeetings({})[0]!.id;
    const items = core.getMeeting({ meetingId }).agenda.flatMap((i) => [i, ...i.children]);
    core.saveAgendaNote({ agendaItemId: items[1]!.id, body: 'Standpunt: voor, met amendement' });
    const draft = core.createMotionDraft({ kind: 'motie', meetingId });
    core.saveMotionDraft({ draftId: draft.id, content: { ...draft.content, title: 'Motie wachtlijsten schuldhulp' }, checkpoint: true });
    return meetingId;
  } finally {
    await core.close();
  }
}

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
  console.log(`fault drill: seed ${SEED}, ${KILLS} kills per operation (FAULT_SEED, FAULT_KILLS)`);
});
afterAll(async () => {
  await server?.close();
  const rows = [...tallies.entries()].map(([op, t]) => `${op.padEnd(28)} ${String(t.kills).padStart(5)} ${String(t.integrityFailures).padStart(9)} ${String(t.tornOutputs).padStart(6)} ${String(t.lostWrites).padStart(5)} ${String(t.leftovers).padStart(9)} ${String(t.concurrentFailures).padStart(10)}`);
  const table = [`${'operation'.padEnd(28)} kills integrity  torn  lost leftovers concurrent`, ...rows].join('\n');
  console.log(`\nfault drill (seed ${SEED}):\n${table}`);
  fs.mkdirSync('test-results', { recursive: true });
  fs.writeFileSync(path.join('test-results', 'fault-drill.json'), JSON.stringify({ seed: SEED, kills: KILLS, operations: Object.fromEntries(tallies) }, null, 2));
});

describe('fault drill: kill -9 at random moments', () => {
  it('import and re-import: never a partial meeting', async () => {
    const specs = [bigPackageSpec(1), bigPackageSpec(2)];
    const packages = await Promise.all(specs.map(async (s) => (await writePackage(tempDir(), s)).dir));
    const expected = new Map(specs.map((s) => [s.meetingId!, docCount(s)]));
    const duration = await timed(() => raadsmapIn(tempDir(), ['import', ...packages]));
    for (let k = 0; k < KILLS; k++) {
      const dataDir = tempDir();
      const run = await runKilled(cliArgs(dataDir, 'import', ...packages), killMoment(duration));
      if (run.killed) tally('import').kills++;
      await checkStore('import', dataDir, plainOpen(dataDir), (core) => assertWholeMeetings('import', core, expected));
      // The next import completes what the killed one left.
      expect((await raadsmapIn(dataDir, ['import', ...packages])).code).toBe(0);
    }
    // Re-import: a changed version of a meeting (a document added) over the stored one.
    const changed = bigPackageSpec(1);
    changed.documents.push({ id: 'doc/drill-1-extra', title: 'Nagekomen stuk', pages: [['Nagekomen stuk', 'Een nieuwe bijlage over armoedebeleid']] });
    changed.agenda[1]!.children![0]!.documents!.push('doc/drill-1-extra');
    const changedDir = (await writePackage(tempDir(), changed)).dir;
    for (let k = 0; k < KILLS; k++) {
      const dataDir = tempDir();
      expect((await raadsmapIn(dataDir, ['import', packages[0]!])).code).toBe(0);
      const run = await runKilled(cliArgs(dataDir, 'import', changedDir), killMoment(duration / 2));
      if (run.killed) tally('re-import').kills++;
      await checkStore('re-import', dataDir, plainOpen(dataDir), (core) => {
        const m = core.listMeetings({}).map((x) => core.getMeeting({ meetingId: x.id })).find((x) => x.externalId === changed.meetingId)!;
        const docs = new Set(m.agenda.flatMap(function all(i): number[] { return [...i.documents.map((d) => d.id), ...i.children.flatMap(all)]; }));
        if (docs.size !== docCount(specs[0]!) && docs.size !== docCount(changed)) {
          tally('re-import').integrityFailures++;
          throw new Error(`re-import: ${docs.size} documents, neither the old nor the new version (seed ${SEED})`);
        }
      });
    }
  });

  it('private writes: no acknowledged note, draft or saved search is lost', async () => {
    const dataDir = tempDir();
    const meetingId = await storeWithWork(dataDir);
    for (let k = 0; k < KILLS * 2; k++) {
      const run = await runKilled(childArgs('writes', dataDir, String(meetingId)), 1500 + Math.round(rand() * 2500));
      if (run.killed) tally('private writes').kills++;
      const acked = run.stdout.split('\n').filter((l) => l.startsWith('ack-'));
      await checkStore('private writes', dataDir, plainOpen(dataDir), (core) => {
        const drafts = new Set(core.listMotionDrafts({}).map((d) => d.title));
        const searches = new Set(core.listSavedSearches({}).map((s) => s.name));
        const lost = acked.filter((marker) => {
          const n = Number(marker.split('-').pop());
          return (n % 3 === 0 && !drafts.has(marker)) || (n % 3 === 2 && !searches.has(marker));
        });
        if (lost.length) {
          tally('private writes').lostWrites += lost.length;
          throw new Error(`private writes: ${lost.length} acknowledged writes lost, e.g. ${lost[0]} (seed ${SEED})`);
        }
      });
    }
  });

  it('backup and restore: the private database is the old or the restored one, whole', async () => {
    const dataDir = tempDir();
    await storeWithWork(dataDir);
    expect((await raadsmapIn(dataDir, ['backups', 'create'])).code).toBe(0);
    const duration = await timed(() => raadsmapIn(dataDir, ['backups', 'create']));
    for (let k = 0; k < KILLS; k++) {
      const run = await runKilled(cliArgs(dataDir, 'backups', 'create'), killMoment(duration));
      if (run.killed) tally('backup').kills++;
      await checkStore('backup', dataDir, plainOpen(dataDir), (core) => {
        // Every backup listed is whole: a restore of the newest works.
        const newest = core.listBackups({})[0]!;
        core.restoreBackup({ name: newest.name });
        expect(core.listMotionDrafts({}).map((d) => d.title)).toContain('Motie wachtlijsten schuldhulp');
      });
    }
    for (let k = 0; k < KILLS; k++) {
      const name = (await raadsmapIn(dataDir, ['backups', 'list'])).stdout.split('\n')[0]!.split(' ')[0]!;
      const run = await runKilled(cliArgs(dataDir, 'backups', 'restore', name), killMoment(duration));
      if (run.killed) tally('restore').kills++;
      await checkStore('restore', dataDir, plainOpen(dataDir), (core) => {
        expect(core.listMotionDrafts({}).map((d) => d.title)).toContain('Motie wachtlijsten schuldhulp');
      });
    }
  });

  it('exports (bundle, annotated PDF, personal file, motion): the old file or the whole new one, never torn', async () => {
    const dataDir = tempDir();
    const meetingId = await storeWithWork(dataDir);
    const out = tempDir();
    const core = createCore({ dataDir, extractionThreads: 1 });
    const draftId = core.listMotionDrafts({})[0]!.id;
    const documentId = core.getMeeting({ meetingId }).agenda.flatMap(function all(i): number[] { return [...i.documents.map((d) => d.id), ...i.children.flatMap(all)]; })[0]!;
    await core.close();
    const pdfValid = async (bytes: Buffer) => (await PDFDocument.load(bytes)).getPageCount() > 0;
    const cases: { op: string; file: string; args: string[]; valid: (bytes: Buffer) => Promise<boolean> | boolean }[] = [
      { op: 'export bundle', file: 'bundel.pdf', args: ['export-bundle', '--meeting', String(meetingId), '--out'], valid: pdfValid },
      { op: 'export annotated pdf', file: 'stuk.pdf', args: ['export-pdf', '--document', String(documentId), '--out'], valid: pdfValid },
      { op: 'personal export', file: 'eigen.json', args: ['personal', 'export'], valid: (b) => Boolean(JSON.parse(b.toString('utf8'))) },
      { op: 'motion export', file: 'motie.docx', args: ['motions', 'export', draftId, '--out'], valid: (b) => b.subarray(0, 2).toString('latin1') === 'PK' && b.includes(Buffer.from('word/document.xml')) },
    ];
    for (const c of cases) {
      const target = path.join(out, c.file);
      const duration = await timed(() => raadsmapIn(dataDir, [...c.args, target]));
      const good = fs.readFileSync(target);
      expect(await c.valid(good)).toBe(true);
      for (let k = 0; k < KILLS; k++) {
        const run = await runKilled(cliArgs(dataDir, ...c.args, target), killMoment(duration));
        if (run.killed) tally(c.op).kills++;
        const now = fs.existsSync(target) ? fs.readFileSync(target) : null;
        let whole = false;
        try {
          whole = now !== null && (now.equals(good) || (await c.valid(now)));
        } catch {
          whole = false;
        }
        if (!whole) {
          tally(c.op).tornOutputs++;
          throw new Error(`${c.op}: ${now === null ? 'the previous file is gone' : 'a torn file'} at ${target} after a kill (seed ${SEED})`);
        }
        await checkStore(c.op, dataDir, plainOpen(dataDir));
      }
      // Temporaries a kill left beside the user's file are gone after the next write there.
      expect((await raadsmapIn(dataDir, [...c.args, target])).code).toBe(0);
      expect(fs.readdirSync(out).filter((n) => n !== path.basename(target) && !cases.some((x) => x.file === n))).toEqual([]);
    }
  });

  it('sync: never a partial meeting, and the next sync completes', async () => {
    const duration = await timed(async () => {
      const dir = tempDir();
      await raadsmapIn(dir, ['sources', 'add', 'oparl', server.oparlUrl, '--since', '2017-01-01']);
      await raadsmapIn(dir, ['sync']);
    });
    for (let k = 0; k < KILLS; k++) {
      const dataDir = tempDir();
      expect((await raadsmapIn(dataDir, ['sources', 'add', 'oparl', server.oparlUrl, '--since', '2017-01-01'])).code).toBe(0);
      const run = await runKilled(cliArgs(dataDir, 'sync'), killMoment(duration * 0.8));
      if (run.killed) tally('sync').kills++;
      await checkStore('sync', dataDir, plainOpen(dataDir));
      const again = await raadsmapIn(dataDir, ['sync']);
      expect(again.code, again.stderr).toBe(0);
      await checkStore('sync', dataDir, plainOpen(dataDir), (core) => expect(core.listMeetings({}).length).toBe(4));
    }
  });

  it('turning encryption on: the store opens, plain or encrypted, with all private work', async () => {
    const source = tempDir();
    await storeWithWork(source);
    const duration = await timed(async () => {
      const dir = tempDir();
      fs.cpSync(source, dir, { recursive: true });
      await runKilled(childArgs('encrypt', dir, PASSPHRASE), 120_000);
    });
    for (let k = 0; k < KILLS; k++) {
      const dataDir = tempDir();
      fs.cpSync(source, dataDir, { recursive: true });
      const run = await runKilled(childArgs('encrypt', dataDir, PASSPHRASE), killMoment(duration));
      if (run.killed) tally('encrypt').kills++;
      const open = async () => {
        const session = openSession({ dataDir, extractionThreads: 1 });
        if (session.status().state === 'locked') await session.unlockVault({ passphrase: PASSPHRASE });
        return { core: session.core(), close: () => session.close(), session };
      };
      await checkStore('encrypt', dataDir, open, async (core) => {
        expect(core.listMotionDrafts({}).map((d) => d.title)).toContain('Motie wachtlijsten schuldhulp');
      });
      // Encrypted after the kill: the recovery code that was never shown is there to be shown.
      const session = openSession({ dataDir, extractionThreads: 1 });
      if (session.status().state === 'locked') {
        await session.unlockVault({ passphrase: PASSPHRASE });
        if (!run.stdout.trim()) expect((await session.pendingRecoveryCode()).recoveryCode).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
      }
      await session.close();
    }
  });
});

describe('fault drill: a full disk, concurrent processes, damaged files', () => {
  it('a full disk during an import leaves the store as it was and usable', async (ctx) => {
    const disk = mountSmallDisk(24);
    if (!disk) return ctx.skip('this machine does not allow mounting a small file system (not root)');
    try {
      const dataDir = path.join(disk.dir, 'raadsmap');
      await storeWithWork(dataDir);
      const before = createCore({ dataDir, extractionThreads: 1 });
      const meetingsBefore = before.listMeetings({}).length;
      await before.close();
      const free = disk.fill();
      let failed;
      try {
        failed = await raadsmapIn(dataDir, ['import', (await writePackage(tempDir(), bigPackageSpec(3))).dir]);
      } finally {
        free();
      }
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/De schijf is vol|De schijf gaf een fout/);
      await checkStore('full disk: import', dataDir, plainOpen(dataDir), (core) => expect(core.listMeetings({}).length).toBe(meetingsBefore));
    } finally {
      disk.unmount();
    }
  });

  it('two imports, an import and a search, an import and a sync at once: each succeeds', async () => {
    const dataDir = tempDir();
    await storeWithWork(dataDir);
    const [a, b] = await Promise.all([bigPackageSpec(4), bigPackageSpec(5)].map(async (s) => (await writePackage(tempDir(), s)).dir));
    await raadsmapIn(dataDir, ['sources', 'add', 'oparl', server.oparlUrl, '--since', '2017-01-01']);
    const runs = await Promise.all([raadsmapIn(dataDir, ['import', a!]), raadsmapIn(dataDir, ['import', b!]), raadsmapIn(dataDir, ['search', 'jeugdhulp']), raadsmapIn(dataDir, ['sync'])]);
    const failures = runs.filter((r) => r.code !== 0);
    tally('concurrent processes').concurrentFailures += failures.length;
    expect(failures.map((f) => f.stderr)).toEqual([]);
    await checkStore('concurrent processes', dataDir, plainOpen(dataDir), (core) => expect(core.listMeetings({}).length).toBe(1 + 2 + 4));
  });

  it('damaged files are detected: a zero-byte personal.db is restored from a backup, not opened empty', async () => {
    const dataDir = tempDir();
    await storeWithWork(dataDir);
    expect((await raadsmapIn(dataDir, ['backups', 'create'])).code).toBe(0);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dataDir, 'personal.db' + suffix), { force: true });
    fs.writeFileSync(path.join(dataDir, 'personal.db'), '');
    await checkStore('damaged personal.db', dataDir, plainOpen(dataDir), (core) => {
      expect(core.listMotionDrafts({}).map((d) => d.title)).toContain('Motie wachtlijsten schuldhulp');
      expect(core.storeNotices({})).toHaveLength(1);
    });
  });
});
