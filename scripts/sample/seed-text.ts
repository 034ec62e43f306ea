// Reading the seed texts (../shared/seeds): cutting a seed into its documents
// along an explicit boundary table, and picking fields and paragraphs out of
// the text. Everything fails loudly: a seed that changed must stop the build,
// not silently produce a wrong sample.
import fs from 'node:fs';
import path from 'node:path';

export interface Seed {
  file: string;
  lines: string[];
}

export function readSeed(seedsDir: string, file: string): Seed {
  const full = path.join(seedsDir, file);
  if (!fs.existsSync(full)) throw new Error(`Seed ${file} not found in ${seedsDir} (use --seeds DIR)`);
  const lines = fs.readFileSync(full, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop(); // the file's final newline
  return { file, lines };
}

/** Where a document starts in a seed. */
export interface Boundary {
  /** The document's first line. The first match after the previous boundary wins. */
  start: RegExp;
  /** A line that must follow within CONFIRM_WINDOW lines, for starts that recur (e.g. every cover sheet). */
  confirm?: RegExp;
}

const CONFIRM_WINDOW = 15;

/**
 * Cuts a seed into consecutive documents: each runs from its boundary to the
 * next one (the last to the end), so every seed line lands in exactly one.
 */
export function cutSeed<T extends { title: string; boundary: Boundary }>(seed: Seed, table: readonly T[]): (T & { lines: string[] })[] {
  const starts: number[] = [];
  let from = 0;
  for (const entry of table) {
    const at = seed.lines.findIndex((line, i) => i >= from && entry.boundary.start.test(line));
    if (at === -1) throw new Error(`${seed.file}: start of "${entry.title}" (${entry.boundary.start}) not found after line ${from + 1}`);
    const { confirm } = entry.boundary;
    if (confirm && !seed.lines.slice(at + 1, at + 1 + CONFIRM_WINDOW).some((line) => confirm.test(line))) {
      throw new Error(`${seed.file}: "${entry.title}" should start at line ${at + 1}, but ${confirm} does not follow it`);
    }
    starts.push(at);
    from = at + 1;
  }
  if (starts[0] !== 0) throw new Error(`${seed.file}: lines 1-${starts[0]} belong to no document`);
  return table.map((entry, i) => ({ ...entry, lines: seed.lines.slice(starts[i], starts[i + 1] ?? seed.lines.length) }));
}

/** The lines from the first match of `from` up to, not including, the next match of `until`. */
export function linesFromUntil(lines: readonly string[], from: RegExp, until: RegExp): string[] {
  const start = lines.findIndex((line) => from.test(line));
  const end = lines.findIndex((line, i) => i > start && until.test(line));
  if (start === -1 || end === -1) throw new Error(`Text from ${from} until ${until} not found`);
  return lines.slice(start, end);
}

/** Every line matching `pattern`, trimmed; at least one. */
export function linesMatching(lines: readonly string[], pattern: RegExp): string[] {
  const found = lines.filter((line) => pattern.test(line)).map((line) => line.trim());
  if (found.length === 0) throw new Error(`No line matches ${pattern}`);
  return found;
}

/**
 * Re-flows hard-wrapped lines into paragraphs separated by "\n"; a line
 * matching `newParagraph` starts a new one. Empty lines are ignored: in
 * extracted PDF text they fall inside paragraphs as often as between them.
 * Runs of spaces collapse, as they are layout, not content.
 */
export function paragraphs(lines: readonly string[], newParagraph?: RegExp): string {
  const out: string[] = [];
  for (const raw of lines) {
    const line = raw.replace(/\s+/g, ' ').trim();
    if (line === '') continue;
    if (out.length === 0 || newParagraph?.test(line)) out.push(line);
    else out[out.length - 1] += ` ${line}`;
  }
  return out.join('\n');
}

/** The value after a label at the start of a line, e.g. "portefeuillehouder Ed Anker". */
export function field(lines: readonly string[], label: string): string {
  const prefix = `${label} `;
  const line = lines.find((l) => l.trimStart().startsWith(prefix));
  const value = line?.trimStart().slice(prefix.length).replace(/\s+/g, ' ').trim();
  if (!value) throw new Error(`Field "${label}" not found`);
  return value;
}
