import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli-batch-child.ts');
const END = /\n<<raadsmap-batch (\d+) (\d+) (\d+)>>\n/;

export interface BatchRun {
  stdout: string;
  stderr: string;
  code: number;
  /** How long the command took inside the process (its start not counted). */
  ms: number;
}

/** Splits a stream of the batch child into each command's output, by its end markers. */
function split(stream: string): { text: string; code: number; ms: number }[] {
  const parts = stream.split(END);
  const runs = [];
  for (let i = 0; i + 3 < parts.length; i += 4) runs.push({ text: parts[i]!, code: Number(parts[i + 2]), ms: Number(parts[i + 3]) });
  return runs;
}

/**
 * `raadsmap --data-dir DIR …args` for each argument list, one after another
 * in one child process (tests/support/cli-batch-child.ts): each command's
 * stdout, stderr and exit code as a separate run would give them.
 */
export async function raadsmapBatch(dataDir: string, commands: string[][]): Promise<BatchRun[]> {
  const list = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-batch-')), 'commands.json');
  fs.writeFileSync(list, JSON.stringify(commands.map((args) => ['--data-dir', dataDir, ...args])));
  try {
    const process_ = spawn(process.execPath, ['--import', 'tsx', child, list], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    process_.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const exit = await new Promise<number | null>((resolve, reject) => {
      process_.on('error', reject);
      process_.on('close', resolve);
    });
    const outs = split(stdout);
    const errs = split(stderr);
    if (exit !== 0 || outs.length !== commands.length || errs.length !== commands.length) {
      throw new Error(`The CLI batch ended with ${exit} after ${outs.length} of ${commands.length} commands: ${stderr.slice(-2000)}`);
    }
    return outs.map((out, i) => ({ stdout: out.text, stderr: errs[i]!.text, code: out.code, ms: out.ms }));
  } finally {
    fs.rmSync(path.dirname(list), { recursive: true, force: true });
  }
}
