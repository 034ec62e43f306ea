// vitest globalSetup: before any test, out/node (the compiled CLI, web host
// and threads that bin/raadsmap.mjs and `npm start` run) is built from the
// sources as they are now, when it is not already. Tests that start
// `raadsmap` as a user does then run today's code, and no two of them build
// at once.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function buildNodeOnce(): void {
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../scripts/build-node.mjs');
  const build = spawnSync(process.execPath, [script, '--if-stale'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`scripts/build-node.mjs failed (${build.status ?? build.signal}):\n${build.stdout}${build.stderr}`);
}
