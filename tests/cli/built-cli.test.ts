// The compiled `raadsmap` where only the runtime dependencies are installed,
// as after `npm ci --omit=dev`: a copy of bin/raadsmap.mjs, scripts/build-node.mjs
// and out/node (built before the tests, tests/support/build-node-setup.ts)
// beside a node_modules with every package of the lock except the development
// ones (tsx, esbuild, vite, …), run from that folder. If anything at run time
// transpiled TypeScript, or a thread fell back to tsx, these commands would
// fail here. A module log (tests/support/module-log.mjs) shows what `--help`
// and `search` load.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sampleDir = path.join(repo, 'resources', 'sample');
const moduleLog = path.join(repo, 'tests', 'support', 'module-log.mjs');

let root: string;
let dataDir: string;

/** node_modules with the lock's runtime packages only: each top-level one that is not `dev` linked in. */
function runtimeNodeModules(target: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(repo, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const left: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    const name = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key)?.[1];
    if (!name) continue;
    if (entry.dev) {
      left.push(name);
      continue;
    }
    const from = path.join(repo, 'node_modules', name);
    if (!fs.existsSync(from)) continue; // an optional package not installed here (electron, other platforms' binaries)
    fs.mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
    fs.symlinkSync(from, path.join(target, name), 'dir');
  }
  return left;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** The module URLs the main thread resolved. */
  modules: string[];
}

async function raadsmap(...args: string[]): Promise<Run> {
  const log = path.join(root, `modules-${Math.random().toString(36).slice(2)}.log`);
  fs.writeFileSync(log, '');
  const argv = ['--import', moduleLog, path.join(root, 'bin', 'raadsmap.mjs'), '--data-dir', dataDir, ...args];
  const env = { ...process.env, RAADSMAP_MODULE_LOG: log };
  const run = await promisify(execFile)(process.execPath, argv, { cwd: root, env, maxBuffer: 16 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
  return { ...run, modules: fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

/** The packages a run loaded from node_modules, by name. */
const packagesOf = (run: Run) => [...new Set(run.modules.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []))].sort();
const typeScriptOf = (run: Run) => run.modules.filter((url) => /\.(?:c|m)?tsx?$/.test(new URL(url).pathname));

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-built-'));
  dataDir = path.join(root, 'data');
  const left = runtimeNodeModules(path.join(root, 'node_modules'));
  expect(left).toEqual(expect.arrayContaining(['tsx', 'esbuild', 'vite', 'typescript']));
  for (const file of ['bin/raadsmap.mjs', 'scripts/build-node.mjs']) {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.copyFileSync(path.join(repo, file), path.join(root, file));
  }
  fs.cpSync(path.join(repo, 'out', 'node'), path.join(root, 'out', 'node'), { recursive: true });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the compiled raadsmap, with only the runtime dependencies', () => {
  it('keeps tsx a development dependency', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
    expect(Object.keys(pkg.devDependencies)).toContain('tsx');
  });

  it('answers --help loading commander alone: no store, no schemas, no TypeScript', async () => {
    const help = await raadsmap('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: raadsmap \[options\] \[command\]/);
    expect(help.stdout).toMatch(/search \[options\] <query\.\.\.>/);
    expect(help.stderr).toBe('');
    expect(packagesOf(help)).toEqual(['commander']);
    expect(typeScriptOf(help)).toEqual([]);
  });

  it('imports the sample in its extraction threads, then searches it without pdf.js, docx, pdf-lib, the thread pool or the zip reader', async () => {
    const imported = await raadsmap('import', ...fs.readdirSync(sampleDir).map((name) => path.join(sampleDir, name)));
    expect(imported.stderr).not.toMatch(/tsx|Cannot find|ERR_/);
    expect(imported.code).toBe(0);
    // Text read from the PDFs: by pdf.js, in the threads.
    expect(imported.stdout).toMatch(/1 documenten nieuw, 0 nieuwe versies, 0 ingetrokken; 69 pagina's gelezen\./);

    const search = await raadsmap('search', 'nazorg');
    expect(search.code).toBe(0);
    expect(search.stdout).toMatch(/^\d+ documenten gevonden/);
    expect(search.stdout).toMatch(/\[\d+\] Rekenkamerrapport Schulddienstverlening \(rekenkamerrapport\)/);
    expect(search.stdout).toMatch(/«nazorg»/);
    const loaded = packagesOf(search);
    expect(loaded).toEqual(expect.arrayContaining(['better-sqlite3-multiple-ciphers', 'commander', 'minisearch']));
    expect(loaded).not.toContain('pdfjs-dist');
    expect(loaded).not.toContain('docx');
    expect(loaded).not.toContain('pdf-lib');
    expect(loaded).not.toContain('piscina');
    expect(loaded).not.toContain('yauzl');
    expect(typeScriptOf(search)).toEqual([]);
  });

  it('exports an annotated PDF in its export thread', async () => {
    const search = await raadsmap('search', 'nazorg');
    const documentId = /\[(\d+)\] Rekenkamerrapport Schulddienstverlening/.exec(search.stdout)![1]!;
    const out = path.join(root, 'rapport.pdf');
    const exported = await raadsmap('export-pdf', '--document', documentId, '--out', out);
    expect(exported.stderr).not.toMatch(/tsx|Cannot find|ERR_/);
    expect(exported.code).toBe(0);
    expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('copies a store under a new key in its rekey thread', async () => {
    const copy = path.join(root, 'library-copy.db');
    const job = { file: path.join(dataDir, 'library.db'), copy, fromKey: null, toKey: 'ab'.repeat(32) };
    // As electron/core/vault/run-rekey.ts starts it from built code: rekey-worker.js beside the bundle.
    const script = path.join(root, 'rekey.mjs');
    fs.writeFileSync(
      script,
      `
      import { Worker } from 'node:worker_threads';
      const worker = new Worker(new URL(${JSON.stringify(pathToFileURL(path.join(root, 'out', 'node', 'rekey-worker.js')).href)}), { workerData: ${JSON.stringify(job)} });
      worker.on('message', (message) => { console.log(JSON.stringify(message)); void worker.terminate(); });
      worker.on('error', (error) => { console.error(error.message); process.exitCode = 1; });`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({ type: 'done' });
    // Encrypted: no plain SQLite header any more.
    expect(fs.readFileSync(copy).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
  });

  it('builds first when a source changed, and says in one line what to do when it cannot build', async () => {
    // Point the copy's build record at a file of this test, then change that file.
    const source = path.join(root, 'source.ts');
    fs.writeFileSync(source, 'export {};\n');
    const stat = fs.statSync(source);
    const info = path.join(root, 'out', 'node', 'build-info.json');
    const record = JSON.parse(fs.readFileSync(info, 'utf8')) as { inputs: [string, number, number][] };
    fs.writeFileSync(info, JSON.stringify({ ...record, inputs: [[source, stat.mtimeMs, stat.size]] }));
    expect((await raadsmap('--help')).code).toBe(0);
    fs.appendFileSync(source, 'export const changed = true;\n');

    // Here the build cannot run (vite is a development dependency): nothing stale runs.
    const stale = await raadsmap('--help');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toMatch(/^raadsmap: de opdrachtregel wordt uit de bronnen gebouwd \(out\/node; eenmalig na een wijziging\)…\n/);
    expect(stale.stderr.trimEnd().split('\n').at(-1)).toMatch(/^raadsmap: bouwen van out\/node is mislukt \(code 1\); voer `npm install` uit en daarna `npm run build:node` om te zien waarom\.$/);
  });
});
