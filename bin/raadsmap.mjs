#!/usr/bin/env node
// `npx raadsmap …` in a checkout: runs the TypeScript CLI through tsx, so the
// command always matches the source without a build step.
import { register } from 'tsx/esm/api';

register();
try {
  const { runCli } = await import('../electron/cli/main.ts');
  process.exitCode = await runCli(process.argv.slice(2));
} catch (error) {
  // runCli reports every failure itself; this is one that keeps it from starting. One printable line, no stack.
  const { printable } = await import('../shared/safe-text.ts');
  process.stderr.write(`raadsmap: ${printable(error instanceof Error ? error.message : String(error))}\n`);
  process.exitCode = 1;
}
