// Exports killed while they write (SIGKILL, real `raadsmap` processes): the
// file the user asked for is the good one that was there before or the whole
// new one, never a torn one, and the temporaries a kill leaves are removed at
// the next start (data dir) or the next export to that folder (the user's).
// The kill moments are seeded: RAADSMAP_KILL_SEED=n repeats a run.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/index.ts';
import { isOurTemp } from '../../electron/core/files/atomic-write.ts';
import { ExportFiles } from '../../electron/core/files/exports.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repo, 'bin', 'raadsmap.mjs');
const SEED = Number(process.env.RAADSMAP_KILL_SEED ?? 24);

/** A number in [0, 1) fixed by the seed and what it is for: the same seed, the same kill moments. */
const seeded = (what: string): number => crypto.createHash('sha256').update(`${SEED}:${what}`).digest().readUInt32BE(0) / 2 ** 32;

type Trigger = { kind: 'output-temp' } | { kind: 'export-temp' } | { kind: 'delay'; ms: number };

/**
 * `raadsmap --data-dir DIR …args`, SIGKILLed when the trigger comes: a
 * temporary of ours appears beside the output (where the old code began to
 * overwrite it) or in the data dir's exports/, or after a delay.
 */
function runKilled(dataDir: string, outDir: string, args: string[], trigger?: Trigger): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--data-dir', dataDir, ...args], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
    const kill = () => child.kill('SIGKILL');
    const watched = trigger?.kind === 'output-temp' ? outDir : trigger?.kind === 'export-temp' ? path.join(dataDir, 'exports') : null;
    const watcher = watched ? fs.watch(watched, (_event, name) => name && isOurTemp(String(name)) && kill()) : null;
    const timer = trigger?.kind === 'delay' ? setTimeout(kill, trigger.ms) : undefined;
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      watcher?.close();
      clearTimeout(timer);
      resolve({ code, signal, stderr, ms: performance.now() - started });
    });
  });
}

/** Every temporary of ours under a folder, as paths relative to it. */
function tempsUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => isOurTemp(path.basename(f)));
}

let dataDir: string;
let outDir: string;
let ids: { document: number; meeting: number; draft: string };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-kill-export-'));
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-kill-export-out-'));
  const core = createCore({ dataDir, extractionThreads: 1 });
  try {
    await core.importPackages({ paths: [(await writePackage(fs.mkdtempSync(path.join(outDir, 'pkg-')), samplePackageSpec())).dir] });
    const meeting = core.listMeetings({})[0]!;
    const item = core.getMeeting({ meetingId: meeting.id }).agenda.flatMap((i) => i.children).find((i) => i.documents.length > 0)!;
    const document = item.documents[0]!.id;
    await core.createAnnotation({ kind: 'note', documentId: document, page: 1, point: { x: 40, y: 40 }, note: 'Nazorg navragen' });
    core.saveAgendaNote({ agendaItemId: item.id, body: '- [ ] vraag over wachtlijsten', stance: 'voor' });
    const draft = core.createMotionDraft({ kind: 'motie', meetingId: meeting.id, agendaItemId: item.id });
    core.saveMotionDraft({ draftId: draft.id, content: { ...draft.content, title: 'Nazorg versterken' } as typeof draft.content, checkpoint: true });
    ids = { document, meeting: meeting.id, draft: draft.id };
  } finally {
    await core.close();
  }
}, 60_000);

afterAll(() => {
  for (const dir of [dataDir, outDir]) fs.rmSync(dir, { recursive: true, force: true });
});

/** Whether the bytes are a whole file of this kind; throws with the reason when not. */
const complete: Record<string, (bytes: Buffer) => Promise<void>> = {
  pdf: async (bytes) => {
    // A torn PDF lacks its end (pdf-lib alone would read what is there and say nothing).
    if (!/%%EOF\s*$/.test(bytes.subarray(-32).toString('latin1'))) throw new Error('no %%EOF at the end');
    if ((await PDFDocument.load(bytes)).getPageCount() < 1) throw new Error('no pages');
  },
  json: async (bytes) => {
    const data = JSON.parse(bytes.toString('utf8')) as { format?: string; annotations?: unknown[] };
    if (data.format !== 'raadsmap-personal/1' || data.annotations?.length !== 1) throw new Error(`not the export: ${bytes.subarray(0, 80).toString('utf8')}`);
  },
  docx: async (bytes) => {
    const zip = await JSZip.loadAsync(bytes);
    if (!(await zip.file('word/document.xml')?.async('string'))?.includes('Nazorg versterken')) throw new Error('no document.xml with the title');
  },
};

async function isComplete(kind: string, bytes: Buffer): Promise<string | null> {
  try {
    await complete[kind]!(bytes);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

const commands: { name: string; file: string; kind: string; args: (file: string) => string[] }[] = [
  { name: 'export-pdf', file: 'stuk.pdf', kind: 'pdf', args: (file) => ['export-pdf', '--document', String(ids.document), '--summary', '--out', file] },
  { name: 'export-bundle', file: 'bundel.pdf', kind: 'pdf', args: (file) => ['export-bundle', '--meeting', String(ids.meeting), '--out', file] },
  { name: 'personal export', file: 'werk.json', kind: 'json', args: (file) => ['personal', 'export', file] },
  { name: 'motions export', file: 'motie.docx', kind: 'docx', args: (file) => ['motions', 'export', ids.draft, '--out', file] },
];

describe('an export killed while it writes (SIGKILL)', () => {
  for (const command of commands) {
    it(`${command.name}: the file is the previous good one or the whole new one, never torn; temporaries go at the next start`, async () => {
      const target = path.join(outDir, command.file);
      // The previous good copy, made by a run to its end.
      const clean = await runKilled(dataDir, outDir, command.args(target));
      expect(clean.code, clean.stderr).toBe(0);
      let previous = fs.readFileSync(target);
      expect(await isComplete(command.kind, previous)).toBeNull();
      // Nothing of it stays in the data dir once it is where the user wanted it.
      expect(fs.readdirSync(path.join(dataDir, 'exports'))).toEqual([]);

      const triggers: Trigger[] = [{ kind: 'output-temp' }, { kind: 'export-temp' }, { kind: 'delay', ms: Math.round(clean.ms * (0.4 + 0.6 * seeded(command.name))) }];
      const outcomes: string[] = [];
      for (const trigger of triggers) {
        const run = await runKilled(dataDir, outDir, command.args(target), trigger);
        const what = `${command.name} killed on ${trigger.kind}${trigger.kind === 'delay' ? ` (${trigger.ms} ms)` : ''}, seed ${SEED}`;
        const now = fs.readFileSync(target);
        const same = now.equals(previous);
        if (!same) expect(await isComplete(command.kind, now), `${what}: a torn file (${now.length} bytes, was ${previous.length})`).toBeNull();
        // An export file the core wrote before the kill is whole too (it is read back by its id).
        const exports = new ExportFiles(path.join(dataDir, 'exports'));
        for (const id of fs.readdirSync(exports.dir).filter((n) => /^[0-9a-f]{32}$/.test(n))) {
          expect(await isComplete(command.kind, exports.file(id).bytes), `${what}: export file ${id}`).toBeNull();
          exports.remove(id);
        }
        // (An export the same to the byte as the one before counts as the previous.)
        outcomes.push(`${what}: ${run.signal ?? `exit ${run.code}`}, ${same ? 'previous' : 'new'} file, temporaries left ${tempsUnder(outDir).length + tempsUnder(dataDir).length}`);
        previous = now;
      }
      // The kills timed to a temporary always land; most of the delayed ones too.
      expect(outcomes.filter((o) => o.includes(': SIGKILL,')).length, outcomes.join('\n')).toBeGreaterThanOrEqual(2);

      // The next run starts by removing what the killed ones left (their pids are gone), and writes the whole file.
      const after = await runKilled(dataDir, outDir, command.args(target));
      expect(after.code, after.stderr).toBe(0);
      expect(await isComplete(command.kind, fs.readFileSync(target))).toBeNull();
      expect(tempsUnder(dataDir), outcomes.join('\n')).toEqual([]);
      expect(tempsUnder(outDir), outcomes.join('\n')).toEqual([]);
    }, 120_000);
  }
});
