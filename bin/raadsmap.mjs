#!/usr/bin/env node
// `npx raadsmap …` in a checkout: runs the compiled CLI, out/node/cli.js
// (electron/cli/bin.ts built by scripts/build-node.mjs). When that is missing
// or older than a source it is built first, so the command always matches the
// checkout; nothing transpiles TypeScript at run time.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, OUT_DIR } from '../scripts/build-node.mjs';

const args = process.argv.slice(2);
const english = args.some((arg, i) => arg === '--lang=en' || (arg === '--lang' && args[i + 1] === 'en'));
try {
  await ensureBuilt(english ? 'en' : 'nl');
} catch (error) {
  process.stderr.write(`raadsmap: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
await import(pathToFileURL(path.join(OUT_DIR, 'cli.js')).href);
