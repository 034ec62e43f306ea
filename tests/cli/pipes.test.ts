import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raadsmapIn, spawnCliClosedStdout } from '../support/spawn-cli.ts';
import { startFixtureServer } from '../sync/fixture-server.ts';

// `raadsmap … | head`: the reader of stdout leaves early. A listing stops and
// ends quietly (exit 0, no stack trace); a long task finishes its work and,
// as nobody reads stdout any more, says so and what it did on stderr.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sampleDir = path.join(repo, 'resources', 'sample');
const samples = fs.readdirSync(sampleDir).map((name) => path.join(sampleDir, name)).sort();
const cli = path.join(repo, 'bin', 'raadsmap.mjs');

let dataDir: string;
beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-pipes-'));
});
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** A shell pipeline `raadsmap … | head -N`, with raadsmap's own exit code and stderr. */
async function intoHead(args: string[], lines: number): Promise<{ stdout: string; stderr: string; code: number }> {
  const quoted = [process.execPath, cli, '--data-dir', dataDir, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `${quoted} 2>"$ERRFILE" | head -${lines}; exit "\${PIPESTATUS[0]}"`;
  const errFile = path.join(dataDir, `stderr-${Date.now()}.txt`);
  try {
    const { stdout } = await promisify(execFile)('bash', ['-c', script], { env: { ...process.env, ERRFILE: errFile }, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr: fs.readFileSync(errFile, 'utf8'), code: 0 };
  } catch (error) {
    const e = error as { stdout: string; code: number };
    return { stdout: e.stdout, stderr: fs.readFileSync(errFile, 'utf8'), code: e.code };
  }
}

describe('a long task whose stdout is closed', () => {
  it('import: finishes, and reports on stderr that it did and what it imported', async () => {
    const run = await spawnCliClosedStdout(dataDir, ['import', ...samples, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/raadsmap: de uitvoer werd niet meer gelezen; het importeren is voltooid:\n(.*\(nieuw, vergadering \d\).*\n){3}.*\(bijgewerkt, vergadering \d\).*\n(.*\(nieuw, vergadering \d\).*\n){2}$/);
    expect(run.stderr).not.toMatch(/EPIPE|at .*\.ts:\d+/);
    // Everything is in the store.
    const meetings = JSON.parse((await raadsmapIn(dataDir, ['meetings', '--json'])).stdout) as unknown[];
    expect(meetings).toHaveLength(5);
    expect((await raadsmapIn(dataDir, ['doctor'])).code).toBe(0);
  }, 180_000);

  it('sync: fetches every meeting, and reports on stderr what arrived', async () => {
    const server = await startFixtureServer();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-pipes-sync-'));
    try {
      expect((await raadsmapIn(dir, ['sources', 'add', 'oparl', server.oparlUrl, '--since', '2017-01-01'])).code).toBe(0);
      const run = await spawnCliClosedStdout(dir, ['sync', '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/raadsmap: de uitvoer werd niet meer gelezen; het synchroniseren is afgerond:\nBron 1 \(Zwolle\): 4 vergaderingen nieuw, .*\n$/);
      expect(JSON.parse((await raadsmapIn(dir, ['meetings', '--json'])).stdout)).toHaveLength(4);
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('export-bundle: writes the whole file, and says so on stderr, in English too', async () => {
    const meeting = (JSON.parse((await raadsmapIn(dataDir, ['meetings', '--json'])).stdout) as { id: number; startsAt: string }[]).find((m) => m.startsAt.startsWith('2017-01-09'))!;
    const file = path.join(dataDir, 'bundel.pdf');
    const run = await spawnCliClosedStdout(dataDir, ['--lang', 'en', 'export-bundle', '--meeting', String(meeting.id), '--out', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/raadsmap: the output was no longer read; the export finished:\n.*bundel\.pdf: \d+ pages\.\n$/);
    const pages = Number(/: (\d+) pages\./.exec(run.stderr)![1]);
    const { openPdf } = await import('../../electron/core/extraction/pdfjs.ts');
    expect((await (await openPdf(new Uint8Array(fs.readFileSync(file)))).promise).numPages).toBe(pages);
  }, 180_000);
});

describe('a listing whose stdout is closed', () => {
  it('ends quietly with exit 0: annotations, search --json, meetings', async () => {
    // Two annotations to list.
    const doc = (JSON.parse((await raadsmapIn(dataDir, ['search', '--json', '--limit', '1', 'rekenkamerrapport', 'schulddienstverlening'])).stdout.split('\n')[0]!) as { documentId: number; text: string });
    const sentences = doc.text.split('\n').filter((l) => l.trim().length > 30).slice(0, 2);
    const file = path.join(dataDir, 'mijn.json');
    fs.writeFileSync(file, JSON.stringify({ format: 'raadsmap-personal/1', annotations: sentences.map((exact) => ({ documentId: doc.documentId, quote: { exact: exact.trim() }, note: 'n' })) }));
    expect((await raadsmapIn(dataDir, ['personal', 'import', file])).code).toBe(0);

    for (const args of [['annotations'], ['search', '--json', 'schulden'], ['meetings', '--json']]) {
      const run = await spawnCliClosedStdout(dataDir, args);
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 0, stderr: '' });
    }
  }, 180_000);

  it('in a real pipe into head: one line out, exit 0, nothing on stderr', async () => {
    const annotations = await intoHead(['annotations'], 1);
    expect(annotations).toMatchObject({ code: 0, stderr: '' });
    expect(annotations.stdout.trim().split('\n')).toHaveLength(1);
    // Long lines: far more than a pipe holds, so the writes after head left do fail.
    const search = await intoHead(['search', '--json', '--limit', '50', 'gemeente'], 1);
    expect(search).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(search.stdout)).toMatchObject({ documentId: expect.any(Number) });
  }, 120_000);
});
