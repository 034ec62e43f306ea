// npm run bench:cli — how long the command line takes as a whole process.
//
// Imports the bundled sample into a temporary data dir with the compiled CLI
// (bin/raadsmap.mjs; out/node is built first when a source changed), then runs
// `node -e 0` (bare Node, the reference), `raadsmap --help` and
// `raadsmap search nazorg` in turn, BENCH_RUNS times each (default 15, at
// least 10), and prints the median, p90 and fastest wall time of each beside
// its target: --help at most three times bare Node, search under 0.4 s.
// The runs are interleaved, so a machine that gets busier meanwhile slows
// all three alike; the load average is printed before and after.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 15));
const QUERY = 'nazorg';
const SEARCH_TARGET_MS = 400;
const HELP_FACTOR = 3;

const bin = path.join(repo, 'bin', 'raadsmap.mjs');
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)]!;
const ms = (n: number) => `${Math.round(n)} ms`;
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' / ');

/** Runs a command to its end; its wall time in ms. Fails the bench when the command fails. */
function timed(args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const elapsed = performance.now() - start;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited with ${run.status ?? run.signal}:\n${run.stderr.toString('utf8')}`);
  return elapsed;
}

function main(): void {
  const build = spawnSync(process.execPath, [path.join(repo, 'scripts', 'build-node.mjs'), '--if-stale'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('scripts/build-node.mjs failed');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-cli-'));
  try {
    const sampleDir = path.join(repo, 'resources', 'sample');
    const imported = timed([bin, '--data-dir', dataDir, 'import', ...fs.readdirSync(sampleDir).map((name) => path.join(sampleDir, name)).sort()]);
    process.stdout.write(`Sample imported into ${dataDir} (${ms(imported)}).\n`);

    const commands = [
      { label: 'node -e 0', args: ['-e', '0'] },
      { label: 'raadsmap --help', args: [bin, '--help'] },
      { label: `raadsmap search ${QUERY}`, args: [bin, '--data-dir', dataDir, 'search', QUERY] },
    ];
    // Once each before counting: the files in the page cache, as for a user's second command.
    for (const command of commands) timed(command.args);
    const loadBefore = load();
    const times = commands.map(() => [] as number[]);
    for (let run = 0; run < RUNS; run++) commands.forEach((command, i) => times[i]!.push(timed(command.args)));
    const loadAfter = load();

    const [bare, help, search] = times.map((t) => ({ median: quantile(t, 0.5), p90: quantile(t, 0.9), min: Math.min(...t) }));
    const helpTarget = HELP_FACTOR * bare!.median;
    const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');
    const rows = [
      ['command', 'median', 'p90', 'fastest', 'target', ''],
      [commands[0]!.label, ms(bare!.median), ms(bare!.p90), ms(bare!.min), 'the reference', ''],
      [commands[1]!.label, ms(help!.median), ms(help!.p90), ms(help!.min), `≤ ${ms(helpTarget)} (${HELP_FACTOR}× node -e 0)`, verdict(help!.median <= helpTarget)],
      [commands[2]!.label, ms(search!.median), ms(search!.p90), ms(search!.min), `< ${ms(SEARCH_TARGET_MS)}`, verdict(search!.median < SEARCH_TARGET_MS)],
    ];
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
    const cpu = os.cpus();
    process.stdout.write(
      [
        '',
        `Whole-process wall time, ${RUNS} runs of each, interleaved (Node ${process.version}, ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} logical cores, ${os.platform()} ${os.release()})`,
        `Load average (1 / 5 / 15 min): ${loadBefore} before, ${loadAfter} after`,
        '',
        ...rows.map((row) => row.map((cell, column) => (column === 0 || column === 4 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd()),
        '',
      ].join('\n'),
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main();
