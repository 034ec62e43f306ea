// The Node side compiled to JavaScript in out/node: the CLI (cli.js, run by
// bin/raadsmap.mjs), the web host (serve.js), `npm start` (start.js) and the
// worker threads (worker.js, export-worker.js, rekey-worker.js, which the
// code looks for beside itself). Dependencies stay in node_modules.
//
//   node scripts/build-node.mjs              build now
//   node scripts/build-node.mjs --if-stale   only when out/node is missing or older than a source
//   node scripts/build-node.mjs --out-dir D  build into D instead (tests)
//
// Plain JavaScript, so that checking the build needs nothing but Node: the
// runners call staleReason at every start (a stat per source file, a few
// milliseconds) and build first when a source or the lock file changed, so what runs
// always matches the checkout. Building needs vite, a development dependency.
// Only fs, path and url at the top: the check runs at every start of `raadsmap`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const thisFile = fileURLToPath(import.meta.url);
export const repoRoot = path.resolve(path.dirname(thisFile), '..');
export const OUT_DIR = path.join(repoRoot, 'out', 'node');
const INFO_FILE = 'build-info.json';

const ENTRIES = {
  cli: 'electron/cli/bin.ts',
  serve: 'electron/web/serve.ts',
  start: 'scripts/start.ts',
  // The core as a module, for benchmarks that measure the code as it runs for a user (npm run bench:import).
  core: 'electron/core/index.ts',
  // Threads: electron/core/extraction/worker-entry.ts finds them next to the code that starts them,
  // so every chunk stays at the top of the output folder.
  worker: 'electron/core/extraction/worker.ts',
  'export-worker': 'electron/core/export/export-worker.ts',
  'rekey-worker': 'electron/core/vault/rekey-worker.ts',
};

/**
 * Why out/node must be built before it runs, or null when it is current:
 * every file it was built from is still there with the same size and time.
 */
export function staleReason(outDir = OUT_DIR) {
  let info;
  try {
    info = JSON.parse(fs.readFileSync(path.join(outDir, INFO_FILE), 'utf8'));
  } catch {
    return 'not built yet';
  }
  for (const [file, mtimeMs, size] of info.inputs) {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch {
      return `${path.relative(repoRoot, file)} is gone`;
    }
    if (stat.mtimeMs !== mtimeMs || stat.size !== size) return `${path.relative(repoRoot, file)} changed`;
  }
  return null;
}

/**
 * Builds out/node in a separate process when it is stale (vite stays out of
 * the caller), with one line on stderr; throws when that build fails.
 */
export async function ensureBuilt(language = 'nl', outDir = OUT_DIR) {
  if (staleReason(outDir) === null) return;
  const { spawnSync } = await import('node:child_process');
  process.stderr.write(
    language === 'en'
      ? 'raadsmap: building the command line from the sources (out/node; once after a change)…\n'
      : 'raadsmap: de opdrachtregel wordt uit de bronnen gebouwd (out/node; eenmalig na een wijziging)…\n',
  );
  const build = spawnSync(process.execPath, [thisFile, '--out-dir', outDir], { stdio: ['ignore', 2, 2] });
  if (build.status !== 0) {
    throw new Error(
      language === 'en'
        ? `building out/node failed (exit ${build.status ?? build.signal}); run \`npm install\`, then \`npm run build:node\` to see why.`
        : `bouwen van out/node is mislukt (code ${build.status ?? build.signal}); voer \`npm install\` uit en daarna \`npm run build:node\` om te zien waarom.`,
    );
  }
}

/**
 * Builds into a fresh folder beside outDir, then moves each file in (a rename
 * each, so a reader never sees half a file). Files of the build before stay
 * one build longer: a process still running from it (a web host started
 * earlier) can still load its chunks.
 */
export async function buildNode(outDir = OUT_DIR) {
  const { build } = await import('vite');
  const staging = `${outDir}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    const outputs = await build({
      configFile: false,
      root: repoRoot,
      logLevel: 'warn',
      publicDir: false,
      // zod is about a hundred small ES modules: bundled, a start reads one chunk instead of resolving each.
      ssr: { noExternal: ['zod'] },
      build: {
        ssr: true,
        target: 'node20',
        outDir: staging,
        emptyOutDir: true,
        minify: false,
        copyPublicDir: false,
        reportCompressedSize: false,
        rolldownOptions: {
          input: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(repoRoot, file)])),
          output: { format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
        },
      },
    });
    const chunks = [outputs].flat().flatMap((output) => ('output' in output ? output.output : []));
    const sources = new Set(chunks.flatMap((chunk) => chunk.moduleIds ?? []).filter((id) => path.isAbsolute(id) && !id.includes(`${path.sep}node_modules${path.sep}`)));
    sources.add(thisFile);
    // Bundled dependencies (zod) and the bundler itself change with an install.
    const lock = path.join(repoRoot, 'package-lock.json');
    if (fs.existsSync(lock)) sources.add(lock);
    const inputs = [...sources].sort().map((file) => {
      const stat = fs.statSync(file);
      return [file, stat.mtimeMs, stat.size];
    });
    const files = fs.readdirSync(staging);
    let previous = [];
    try {
      previous = JSON.parse(fs.readFileSync(path.join(outDir, INFO_FILE), 'utf8')).files ?? [];
    } catch {
      // Not built before.
    }
    fs.mkdirSync(outDir, { recursive: true });
    for (const file of files) fs.renameSync(path.join(staging, file), path.join(outDir, file));
    const keep = new Set([...files, ...previous, INFO_FILE]);
    for (const file of fs.readdirSync(outDir)) if (!keep.has(file)) fs.rmSync(path.join(outDir, file), { recursive: true, force: true });
    // Last: until it is written the folder counts as stale.
    const info = path.join(outDir, `${INFO_FILE}.${process.pid}.tmp`);
    fs.writeFileSync(info, JSON.stringify({ files, inputs }));
    fs.renameSync(info, path.join(outDir, INFO_FILE));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === thisFile) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out-dir');
  const outDir = at >= 0 && args[at + 1] ? path.resolve(args[at + 1]) : OUT_DIR;
  if (!args.includes('--if-stale') || staleReason(outDir) !== null) await buildNode(outDir);
}
