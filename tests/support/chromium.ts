// Debian's Chromium and a fresh renderer build: shared by the e2e tests
// (tests/support/e2e.ts) and the screenshot script (scripts/screenshots.ts).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const CHROMIUM = process.env.RAADSMAP_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Always a fresh build of the current source, into `outDir` (a running `npm run web` keeps its files). */
export async function buildRenderer(outDir: string): Promise<void> {
  await build({ configFile: path.join(repo, 'renderer', 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}
