// The full-text index of page text, in SQLite FTS5 inside library.db.
//
// Why FTS5 and not MiniSearch for pages: a council term is 100k-250k pages.
// One in-memory MiniSearch index of 200k pages takes minutes to build and
// about 2 GB of heap; FTS5 lives on disk, answers right after start, and
// grows a meeting at a time (npm run bench:search measures both).
//
// Pages are indexed after the import's commit, in their own transactions, a
// whole PDF file at a time. "Index what is missing" is at once the
// incremental update, the resume after a crash and the rebuild after an
// analyser change (which empties the index first).
//
// What a query needs to know about the index besides FTS5 itself (pages per
// term, pages and characters indexed) is counted as pages are indexed, in
// the same transactions: FTS5's own vocabulary counts a term's pages by
// reading its whole doclist (tens of milliseconds for a common word at a
// million pages), and counting the pages table reads all of it. The newest
// RECENT_PAGES pages are indexed once more in search_recent, where queries
// of common words are ranked (search-service.ts, rankedPages).
import type Database from 'better-sqlite3-multiple-ciphers';
import { ANALYSER_VERSION, analyseText, type AnalysedText, type CompoundSplitter } from '../../../shared/search/analyser.ts';
import { throwIfCancelled, type ProgressListener } from '../../../shared/errors.ts';
import { importStages } from '../import/import-stages.ts';

/** The FTS5 tables: every page, and the newest RECENT_PAGES of them once more. */
export type PageTable = 'search_fts' | 'search_recent';
/** bm25 over the FTS columns: words as written count fully, compound parts less. */
export const bm25 = (table: PageTable) => `bm25(${table}, 1.0, 0.35)`;
/**
 * Pages in search_recent: a query that matches more pages than the ranking
 * window is ranked there, so what bm25 reads per word is bounded by this,
 * not by the library (at a million pages: ~20 ms instead of ~500 ms).
 */
export const RECENT_PAGES = 50_000;
/**
 * Pages per write transaction while indexing: short enough to keep the event
 * loop free. Not shorter: in a large index each commit costs FTS5 a segment
 * per table and merging them (at 200k pages, 50-page transactions made a
 * 500-page meeting's index update take 40 % longer than 150-page ones).
 */
const BATCH_PAGES = 150;
/**
 * Pages per write transaction while the index is small (fewer pages than
 * search_recent keeps): commits are cheap there, and a shorter transaction
 * gives the main thread back sooner to the extraction threads waiting for
 * their next PDF during an import (a user's first imports).
 */
const SMALL_INDEX_BATCH_PAGES = 50;
/**
 * What the index holds besides FTS5 (search_stems, search_counts and
 * search_recent); part of its version, so an index without them is rebuilt.
 */
const INDEX_FORMAT = 'counted-1';
/** Counts kept in search_counts: pages looked at, pages indexed (usable text), and their characters. */
const COUNTS = { seen: 'pages-seen', indexed: 'pages-indexed', chars: 'chars-indexed' } as const;
/** The index terms of analysed text as FTS5's unicode61 tokenizer reads them: letters, digits and private-use characters. */
const INDEX_TERM = /[\p{L}\p{N}\p{Co}]+/gu;

/** What pages add to the counts kept beside FTS5: words (search_terms), index terms' pages (search_stems), pages and characters (search_counts). */
interface Tallies {
  terms: Map<string, number>;
  stems: Map<string, number>;
  counts: Record<keyof typeof COUNTS, number>;
}
const newTallies = (): Tallies => ({ terms: new Map(), stems: new Map(), counts: { seen: 0, indexed: 0, chars: 0 } });

/** Counts one page with usable text: the same when it is indexed and when it is taken out again. */
function tallyPage(tallies: Tallies, text: string, analysed: AnalysedText): void {
  tallies.counts.indexed++;
  tallies.counts.chars += text.length;
  for (const [term, count] of analysed.terms) tallies.terms.set(term, (tallies.terms.get(term) ?? 0) + count);
  for (const stem of new Set(`${analysed.body} ${analysed.parts}`.toLowerCase().match(INDEX_TERM))) tallies.stems.set(stem, (tallies.stems.get(stem) ?? 0) + 1);
}

export interface IndexProgress {
  indexedPages: number;
  totalPages: number;
}

export class PageIndex {
  private readonly analyserVersion: string;

  constructor(
    private readonly db: Database.Database,
    /** Loaded on first use: opening a store to list meetings need not read the word list. */
    private readonly splitter: () => CompoundSplitter,
    lexiconVersion: string,
    /** Pages kept in search_recent (tests make it small). */
    readonly recentPages = RECENT_PAGES,
  ) {
    this.analyserVersion = `${ANALYSER_VERSION}+${lexiconVersion}+${INDEX_FORMAT}`;
  }

  /**
   * Empties the index when it was built by another analyser version (or
   * never): the next indexMissing() then rebuilds it. Returns true when it did.
   */
  resetIfStale(): boolean {
    const stored = this.db.prepare("SELECT value FROM search_meta WHERE key = 'analyser'").pluck().get() as string | undefined;
    if (stored === this.analyserVersion) return false;
    this.db.transaction(() => {
      this.db.prepare("INSERT INTO search_fts(search_fts) VALUES ('delete-all')").run();
      this.db.prepare("INSERT INTO search_recent(search_recent) VALUES ('delete-all')").run();
      this.db.prepare('DELETE FROM search_pages').run();
      this.db.prepare('DELETE FROM search_terms').run();
      this.db.prepare('DELETE FROM search_stems').run();
      this.db.prepare('DELETE FROM search_counts').run();
      this.db.prepare("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('analyser', ?)").run(this.analyserVersion);
    })();
    this.totalPages = undefined;
    return stored !== undefined;
  }

  /** Pages of all stored files: summed once, again after indexMissing looked for new files. */
  private totalPages: number | undefined;

  progress(): IndexProgress {
    this.totalPages ??= this.db.prepare('SELECT coalesce(sum(page_count), 0) FROM pdf_files').pluck().get() as number;
    // Read each time: another process (an import beside the app) may have indexed pages.
    return { totalPages: this.totalPages, indexedPages: this.count('seen') };
  }

  private countStatement: Database.Statement | undefined;

  private count(name: keyof typeof COUNTS): number {
    this.countStatement ??= this.db.prepare('SELECT value FROM search_counts WHERE name = ?').pluck();
    return Number(this.countStatement.get(COUNTS[name]) ?? 0);
  }

  /** Indexes every stored page not in the index yet, a whole file per transaction; resumable and cancellable. */
  async indexMissing(options: { signal?: AbortSignal | undefined; onProgress?: ProgressListener | undefined } = {}): Promise<number> {
    const missing = this.db
      .prepare('SELECT sha256, page_count FROM pdf_files f WHERE NOT EXISTS (SELECT 1 FROM search_pages s WHERE s.sha256 = f.sha256) ORDER BY f.extracted_at, f.sha256')
      .all() as { sha256: string; page_count: number }[];
    this.totalPages = undefined; // new files may have been stored since the last sum
    if (missing.length === 0) return 0;
    const total = missing.reduce((n, f) => n + f.page_count, 0);
    const readPages = this.db.prepare('SELECT page_number, text, quality FROM pages WHERE sha256 = ? ORDER BY page_number');
    const isIndexed = this.db.prepare('SELECT 1 FROM search_pages WHERE sha256 = ? LIMIT 1').pluck();
    const insertPage = this.db.prepare('INSERT INTO search_pages (sha256, page_number, indexed) VALUES (?, ?, ?)');
    const insertText = this.db.prepare('INSERT INTO search_fts (rowid, body, parts) VALUES (?, ?, ?)');
    const insertRecent = this.db.prepare('INSERT INTO search_recent (rowid, body, parts) VALUES (?, ?, ?)');
    const pruneRecent = this.db.prepare('DELETE FROM search_recent WHERE rowid <= ?');
    const lastPage = this.db.prepare('SELECT coalesce(max(id), 0) FROM search_pages').pluck();
    // Pages get the next ids in turn: only those that will be among the newest go into search_recent
    // (a rebuild of a million pages writes 50,000 there, not a million to delete again).
    const recentFrom = (lastPage.get() as number) + total - this.recentPages;
    const addTerm = this.db.prepare('INSERT INTO search_terms (term, freq) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET freq = freq + excluded.freq');
    const addStem = this.db.prepare('INSERT INTO search_stems (term, pages) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET pages = pages + excluded.pages');
    const addCount = this.db.prepare('INSERT INTO search_counts (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value');
    let done = 0;
    const report = () =>
      options.onProgress?.({
        phase: 'index',
        done,
        total,
        nl: `Zoekindex bijwerken: ${done} van ${total} pagina's`,
        en: `Updating the search index: ${done} of ${total} pages`,
      });
    report();
    const splitter = importStages.time('lexicon', this.splitter);
    for (let i = 0; i < missing.length; ) {
      throwIfCancelled(options.signal);
      // Read per batch: a rebuild grows the index from small to large as it goes.
      const batchPages = this.count('seen') < this.recentPages ? SMALL_INDEX_BATCH_PAGES : BATCH_PAGES;
      const batch: typeof missing = [];
      let pages = 0;
      while (i < missing.length && (batch.length === 0 || pages + missing[i]!.page_count <= batchPages)) {
        pages += missing[i]!.page_count;
        batch.push(missing[i++]!);
      }
      const writing = performance.now();
      let analysing = 0;
      this.db.transaction(() => {
        // The pages that left the newest since the last batch leave search_recent (not the other tables).
        // Before this batch's pages go in: a delete after them would write them out as a segment of their own first.
        pruneRecent.run((lastPage.get() as number) - this.recentPages);
        const tallies = newTallies();
        for (const file of batch) {
          // Another process sharing the store (an import's, a search's) may have indexed it meanwhile.
          if (isIndexed.get(file.sha256)) continue;
          for (const page of readPages.all(file.sha256) as { page_number: number; text: string; quality: string }[]) {
            // Garbled or empty pages are recorded as looked at, not indexed as garbage.
            const usable = page.quality === 'ok';
            const id = Number(insertPage.run(file.sha256, page.page_number, usable ? 1 : 0).lastInsertRowid);
            tallies.counts.seen++;
            if (!usable) continue;
            const analysisStart = performance.now();
            const analysed = analyseText(page.text, splitter);
            analysing += performance.now() - analysisStart;
            insertText.run(id, analysed.body, analysed.parts);
            if (id > recentFrom) insertRecent.run(id, analysed.body, analysed.parts);
            tallyPage(tallies, page.text, analysed);
          }
        }
        for (const [term, count] of tallies.terms) addTerm.run(term, count);
        for (const [stem, count] of tallies.stems) addStem.run(stem, count);
        for (const [name, count] of Object.entries(tallies.counts)) addCount.run(COUNTS[name as keyof typeof COUNTS], count);
      })();
      importStages.add('analyse', analysing);
      importStages.add('fts', performance.now() - writing - analysing);
      done += pages;
      report();
      // Let the host answer other calls (the UI) between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The last batch's share of pages that are no longer among the newest.
    pruneRecent.run((lastPage.get() as number) - this.recentPages);
    return done;
  }

  /**
   * Takes a file's pages out of the index (prune-versions removes the file),
   * inside the caller's transaction: its rows in both FTS5 tables, and what
   * its pages added to the counts, found by analysing their text again (the
   * same analyser that indexed them: the index's version says so).
   */
  removeFile(sha256: string): void {
    const pages = this.db
      .prepare('SELECT s.id, s.indexed, p.text FROM search_pages s LEFT JOIN pages p ON p.sha256 = s.sha256 AND p.page_number = s.page_number WHERE s.sha256 = ?')
      .all(sha256) as { id: number; indexed: number; text: string | null }[];
    if (pages.length === 0) return;
    const splitter = this.splitter();
    const tallies = newTallies();
    const dropText = this.db.prepare('DELETE FROM search_fts WHERE rowid = ?');
    const dropRecent = this.db.prepare('DELETE FROM search_recent WHERE rowid = ?');
    for (const page of pages) {
      tallies.counts.seen++;
      if (!page.indexed || page.text === null) continue;
      dropText.run(page.id);
      dropRecent.run(page.id);
      tallyPage(tallies, page.text, analyseText(page.text, splitter));
    }
    const lessTerm = this.db.prepare('UPDATE search_terms SET freq = freq - ? WHERE term = ?');
    const lessStem = this.db.prepare('UPDATE search_stems SET pages = pages - ? WHERE term = ?');
    const lessCount = this.db.prepare('UPDATE search_counts SET value = max(0, value - ?) WHERE name = ?');
    for (const [term, count] of tallies.terms) lessTerm.run(count, term);
    for (const [stem, count] of tallies.stems) lessStem.run(count, stem);
    this.db.prepare('DELETE FROM search_terms WHERE freq <= 0').run();
    this.db.prepare('DELETE FROM search_stems WHERE pages <= 0').run();
    for (const [name, count] of Object.entries(tallies.counts)) lessCount.run(count, COUNTS[name as keyof typeof COUNTS]);
    this.db.prepare('DELETE FROM search_pages WHERE sha256 = ?').run(sha256);
    this.totalPages = undefined;
  }

  /** How many pages hold this index term (body or parts); 0 for a word the corpus does not have. */
  stemFrequency(stem: string): number {
    this.stemStatement ??= this.db.prepare('SELECT pages FROM search_stems WHERE term = ?').pluck();
    return (this.stemStatement.get(stem) as number | undefined) ?? 0;
  }

  private stemStatement: Database.Statement | undefined;
  private wordStatement: Database.Statement | undefined;

  /** How often the library writes this folded word (surface vocabulary); 0 when never. */
  wordFrequency(folded: string): number {
    this.wordStatement ??= this.db.prepare('SELECT freq FROM search_terms WHERE term = ?').pluck();
    return (this.wordStatement.get(folded) as number | undefined) ?? 0;
  }

  /** Average words per page, for bm25's length normalisation in the ranker. */
  averageLength(): number {
    const pages = this.count('indexed');
    const chars = pages > 0 ? this.count('chars') / pages : 2000;
    // About 7 characters a word in Dutch page text (word, space, punctuation).
    return Math.max(50, chars / 7);
  }

  /** Folded words starting with `prefix`, most frequent first: suggestions while typing. */
  completions(prefix: string, limit: number): { term: string; freq: number }[] {
    return this.db
      .prepare('SELECT term, freq FROM search_terms WHERE term >= ? AND term < ? ORDER BY freq DESC, term LIMIT ?')
      .all(prefix, `${prefix}\uffff`, limit) as { term: string; freq: number }[];
  }

  /** Candidate words for typo correction: same first letter, similar length, most frequent first. */
  similarTerms(folded: string, maxCandidates = 20_000): { term: string; freq: number }[] {
    const first = folded.slice(0, 1);
    return this.db
      .prepare(
        `SELECT term, freq FROM search_terms
         WHERE term >= ? AND term < ? AND length(term) BETWEEN ? AND ?
         ORDER BY freq DESC LIMIT ?`,
      )
      .all(first, `${first}\uffff`, folded.length - 2, folded.length + 2, maxCandidates) as { term: string; freq: number }[];
  }
}
