import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const cli = path.join(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'), 'bin', 'raadsmap.mjs');

/** `raadsmap --data-dir DIR …args` as a user runs it (bin/raadsmap.mjs), to its end: its output and exit code. */
export async function raadsmapIn(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, '--data-dir', dataDir, ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

/** Runs `raadsmap --data-dir DIR …args` in a child process, SIGKILLed after `killAfterMs` when given. */
export function spawnCli(dataDir: string, args: string[], killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return run(dataDir, args, { killAfterMs });
}

/**
 * Runs `raadsmap --data-dir DIR …args` with its stdout a pipe whose reading
 * end is closed at once, as when the reader of `raadsmap … | head` has left:
 * every write to stdout fails with EPIPE.
 */
export function spawnCliClosedStdout(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return run(dataDir, args, { closeStdout: true, env });
}

function run(
  dataDir: string,
  args: string[],
  options: { killAfterMs?: number | undefined; closeStdout?: boolean; env?: Record<string, string> },
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, '--data-dir', dataDir, ...args], {
      stdio: ['ignore', options.closeStdout ? 'pipe' : 'ignore', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    child.stdout?.destroy();
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const timer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('error', reject);
    // 'close': after the process ended and its stderr was read to the end.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}
