// npm run bench:changes — comparing two versions of a long document.
//
// A 300-page document of real Dutch council text (the seed texts of the
// sample, ../shared/seeds, laid out 45 lines a page) and a revised copy with
// edits spread through it, as a college revises a voorstel: amounts changed,
// sentences inserted and deleted, words replaced, three paragraphs moved far,
// and ten pages reflowed (lines joined, a word broken over a line end). Prints
// the time of the comparison made when the new version is stored (tokenise
// both, diff, find moves and amounts), the median of five runs, and how many
// changes it found for how many edits. Aim: under 1 s.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareVersions } from '../electron/core/versions/changes.ts';
import type { VersionPage } from '../electron/core/versions/tokens.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seedsDir = process.env.BENCH_SEEDS ?? path.join(repo, '..', 'shared', 'seeds');
const PAGES = Number(process.env.BENCH_PAGES ?? 300);
const LINES_PER_PAGE = 45;
const RUNS = 5;

const seedLines = fs
  .readdirSync(seedsDir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .flatMap((f) => fs.readFileSync(path.join(seedsDir, f), 'utf8').split('\n'))
  .map((l) => l.trim())
  .filter((l) => l.length > 20);

// The document: seed lines, chapter by chapter, as long as needed.
const lines: string[] = [];
for (let chapter = 1; lines.length < PAGES * LINES_PER_PAGE; chapter++) {
  lines.push(`Hoofdstuk ${chapter}`);
  for (const line of seedLines) {
    if (lines.length >= PAGES * LINES_PER_PAGE) break;
    lines.push(line);
  }
}

// The revision: an edit every few pages, kept in order so each is made once.
const revised = [...lines];
let edits = 0;
const step = Math.floor(revised.length / 60);
for (let i = step; i < revised.length - step; i += step) {
  const kind = (i / step) % 4;
  if (kind === 0) revised[i] = `${revised[i]} Het college stelt hiervoor € ${(i % 9) + 1},${i % 10} mln beschikbaar.`;
  else if (kind === 1) revised[i] = revised[i]!.replace(/\b(de|het|een)\b/, 'deze');
  else if (kind === 2) revised[i] = revised[i]!.split(' ').slice(0, -3).join(' ');
  else revised[i] = revised[i]!.replace(/\d+/, (n) => String(Number(n) + 1));
  if (revised[i] !== lines[i]) edits++;
}
// Three paragraphs of six lines moved forty pages on.
for (const from of [20, 110, 200].map((p) => p * LINES_PER_PAGE + 7)) {
  const paragraph = revised.splice(from, 6);
  revised.splice(from + 40 * LINES_PER_PAGE, 0, ...paragraph);
  edits++;
}

const toPages = (all: string[], reflow: boolean): VersionPage[] =>
  Array.from({ length: Math.ceil(all.length / LINES_PER_PAGE) }, (_, p) => {
    let pageLines = all.slice(p * LINES_PER_PAGE, (p + 1) * LINES_PER_PAGE);
    if (reflow && p % 30 === 5) {
      // Reflowed: lines joined in pairs, the pair's last word broken over the line end.
      pageLines = pageLines.flatMap((line, i) => {
        if (i % 2 === 1) return [];
        const joined = `${line} ${pageLines[i + 1] ?? ''}`.trim();
        const words = joined.split(' ');
        const last = words.pop() ?? '';
        return last.length > 8 && /^\p{Ll}+$/u.test(last) ? [`${words.join(' ')} ${last.slice(0, 4)}-`, last.slice(4)] : [joined];
      });
    }
    return { pageNumber: p + 1, rawText: [`Gemeente Zwolle — Jaarstukken`, ...pageLines, `Pagina ${p + 1}`].join('\n'), quality: 'ok' as const };
  });

const oldPages = toPages(lines, false);
const newPages = toPages(revised, true);
const times: number[] = [];
const cpuTimes: number[] = [];
let changes = 0;
for (let run = 0; run < RUNS; run++) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = compareVersions(oldPages, newPages);
  times.push(performance.now() - start);
  // CPU time of this process too: on a shared machine the wall clock includes waiting for a core.
  const used = process.cpuUsage(cpu);
  cpuTimes.push((used.user + used.system) / 1000);
  changes = result.changes.length;
}
const words = oldPages.reduce((n, p) => n + p.rawText.split(/\s+/).length, 0);
const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
const median = medianOf(times);
console.log(`document: ${oldPages.length} pages, ${words} words; revision: ${edits} edits (3 paragraphs moved), ${newPages.filter((_, p) => p % 30 === 5).length} pages reflowed`);
console.log(
  `compare: ${median.toFixed(0)} ms median of ${RUNS} (${times.map((t) => t.toFixed(0)).join(', ')} ms), CPU ${medianOf(cpuTimes).toFixed(0)} ms; ${changes} changes found; aim < 1000 ms`,
);
