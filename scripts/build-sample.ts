// `npm run sample`: rebuilds resources/sample from the seed texts in
// ../shared/seeds (or --seeds DIR) and prints what it wrote.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSample } from './sample/build.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { seeds: { type: 'string' } } });
const seedsDir = path.resolve(values.seeds ?? path.join(repoRoot, '..', 'shared', 'seeds'));
const outDir = path.join(repoRoot, 'resources', 'sample');

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
try {
  const summary = await buildSample({ seedsDir, outDir });
  for (const p of summary.packages) {
    console.log(`${p.folder}  ${p.items} agenda items, ${p.documents} documents, ${p.pages} pages, ${mb(p.bytes)}`);
  }
  console.log(
    `${summary.packages.length} packages, ${summary.documents} distinct documents, ${summary.pages} distinct pages, ${mb(summary.bytes)} written to ${path.relative(process.cwd(), outDir) || '.'}`,
  );
  if (summary.replacedChars > 0) console.log(`${summary.replacedChars} characters without a glyph in DejaVu Sans were drawn as U+FFFD`);
} catch (error) {
  console.error(`Sample build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
