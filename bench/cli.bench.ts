// npm run bench:cli — how long the command line takes as a whole process.
//
// Imports the bundled sample into a temporary data dir with the compiled CLI
// (bin/raadsmap.mjs; out/node is built first when a source changed), then runs
// `node -e 0` (bare Node, the reference), `raadsmap --help` and
// `raadsmap search nazorg` in turn, BENCH_RUNS times each (default 15, at
// least 10), and prints the median, p90 and fastest wall time of each beside
// its target: --help at most three times bare Node, search under 0.4 s.
// The runs are interleaved, so a machine that gets busier meanwhile slows
// all three alike; the load average is printed before and after. A few more
// runs of each report the process's CPU time (user + system, all threads):
// on a loaded machine the wall time waits for a core, the CPU time does not.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 15));
const CPU_RUNS = 5;
const QUERY = 'nazorg';
const SEARCH_TARGET_MS = 400;
const HELP_FACTOR = 3;

const bin = path.join(repo, 'bin', 'raadsmap.mjs');
const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)]!;
const ms = (n: number) => `${Math.round(n)} ms`;
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' / ');

/** Written into a CPU run: at exit, the process's CPU time in ms on file descriptor 3. */
const CPU_REPORT = `data:text/javascript,${encodeURIComponent(
  "import fs from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); fs.writeSync(3, String((u.user + u.system) / 1000)); });",
)}`;

/** Runs a command to its end; its wall time in ms. Fails the bench when the command fails. */
function timed(args: string[]): number {
  const start = performance.now();
  run(args, ['ignore', 'pipe', 'pipe']);
  return performance.now() - start;
}

/** Runs a command to its end; the CPU time it used, in ms. */
function cpuTime(args: string[]): number {
  return Number(run(['--import', CPU_REPORT, ...args], ['ignore', 'pipe', 'pipe', 'pipe'])[3]!.toString('utf8'));
}

function run(args: string[], stdio: ('ignore' | 'pipe')[]): (Buffer | null)[] {
  const child = spawnSync(process.execPath, args, { cwd: repo, stdio, maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`${args.join(' ')} exited with ${child.status ?? child.signal}:\n${child.stderr?.toString('utf8') ?? ''}`);
  return child.output;
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
    const cpu = commands.map(() => [] as number[]);
    for (let run = 0; run < CPU_RUNS; run++) commands.forEach((command, i) => cpu[i]!.push(cpuTime(command.args)));
    const loadAfter = load();

    const [bare, help, search] = times.map((t, i) => ({ median: quantile(t, 0.5), p90: quantile(t, 0.9), min: Math.min(...t), cpu: quantile(cpu[i]!, 0.5) }));
    const helpTarget = HELP_FACTOR * bare!.median;
    const verdict = (met: boolean) => (met ? 'met' : 'NOT MET');
    // The median against bare Node's: comparable between machines and loads, where milliseconds are not.
    const relative = (command: { median: number }) => (command.median / bare!.median).toFixed(1);
    const rows = [
      ['command', 'median', 'p90', 'fastest', 'CPU time', '× node', 'target (median)', ''],
      [commands[0]!.label, ms(bare!.median), ms(bare!.p90), ms(bare!.min), ms(bare!.cpu), '1.0', 'the reference', ''],
      [commands[1]!.label, ms(help!.median), ms(help!.p90), ms(help!.min), ms(help!.cpu), relative(help!), `≤ ${ms(helpTarget)} (${HELP_FACTOR}× node -e 0)`, verdict(help!.median <= helpTarget)],
      [commands[2]!.label, ms(search!.median), ms(search!.p90), ms(search!.min), ms(search!.cpu), relative(search!), `< ${ms(SEARCH_TARGET_MS)}`, verdict(search!.median < SEARCH_TARGET_MS)],
    ];
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
    const cores = os.cpus();
    process.stdout.write(
      [
        '',
        `Whole-process wall time, ${RUNS} runs of each, interleaved; CPU time the median of ${CPU_RUNS} more (Node ${process.version}, ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${cores.length} logical cores, ${os.platform()} ${os.release()})`,
        `Load average (1 / 5 / 15 min): ${loadBefore} before, ${loadAfter} after`,
        '',
        ...rows.map((row) => row.map((cell, column) => (column === 0 || column === 6 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ').trimEnd()),
        '',
      ].join('\n'),
    );
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main();
