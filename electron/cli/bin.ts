// The `raadsmap` command: out/node/cli.js is built from this file, and
// bin/raadsmap.mjs runs that (tests run this file from the sources).
import { printable } from '../../shared/safe-text.ts';
import { runCli } from './main.ts';

try {
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  // runCli reports every failure itself; this is one that keeps it from starting. One printable line, no stack.
  process.stderr.write(`raadsmap: ${printable(error instanceof Error ? error.message : String(error))}\n`);
  process.exitCode = 1;
}
