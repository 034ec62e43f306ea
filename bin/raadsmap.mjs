#!/usr/bin/env node
// `npx raadsmap …` in a checkout: runs the TypeScript CLI through tsx, so the
// command always matches the source without a build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../electron/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
