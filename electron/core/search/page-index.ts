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
// million pages), and counting the pages table reads all of it. Once the
// library is larger than RECENT_PAGES, its newest RECENT_PAGES pages are
// indexed once more in search_recent, where queries of common words are
// ranked (search-service.ts, rankedPages). A smaller library is ranked in
// search_fts itself, and its pages are not written twice.
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
const INDEX_FORMAT = 'counted-2';
/** The format before search_recent's state was recorded (it then held the newest pages at every size): converted, not rebuilt. */
const INDEX_FORMAT_BEFORE = 'counted-1';
/** Counts kept in search_counts: pages looked at, pages indexed (usable text), and their characters. */
const COUNTS = { seen: 'pages-seen', indexed: 'pages-indexed', chars: 'chars-indexed' } as const;
/**
 * Where search_recent stands, also in search_counts. `from`: it holds every
 * indexed page with a higher id (absent: not in use, the library is small).
 * `fillFrom`/`filled`: it is being filled with the pages already indexed
 * that became the newest when the library outgrew it, up to `filled`
 * (resumed after a crash or cancel).
 */
const RECENT = { from: 'recent-from', fillFrom: 'recent-fill-from', filled: 'recent-filled' } as const;
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

  private readonly formatBefore: string;

  constructor(
    private readonly db: Database.Database,
    /** Loaded on first use: opening a store to list meetings need not read the word list. */
    private readonly splitter: () => CompoundSplitter,
    lexiconVersion: string,
    /** Pages kept in search_recent (tests make it small). */
    readonly recentPages = RECENT_PAGES,
  ) {
    this.analyserVersion = `${ANALYSER_VERSION}+${lexiconVersion}+${INDEX_FORMAT}`;
    this.formatBefore = `${ANALYSER_VERSION}+${lexiconVersion}+${INDEX_FORMAT_BEFORE}`;
  }

  /**
   * Empties the index when it was built by another analyser version (or
   * never): the next indexMissing() then rebuilds it. Returns true when it did.
   */
  resetIfStale(): boolean {
    const stored = this.db.prepare("SELECT value FROM search_meta WHERE key = 'analyser'").pluck().get() as string | undefined;
    if (stored === this.analyserVersion) return false;
    if (stored === this.formatBefore) {
      this.convertFormatBefore();
      return false;
    }
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

  /**
   * An index of the format before: search_recent held the newest pages also
   * while the library was smaller. A larger library keeps them, now recorded,
   * when it holds every one of them; otherwise (a smaller library, or one it
   * lacks pages of) search_recent is emptied, and filled again when the
   * library is larger.
   */
  private convertFormatBefore(): void {
    this.db.transaction(() => {
      const from = this.lastPageId() - this.recentPages;
      // It lacks pages when a run stopped halfway (it indexed the newest only), or the newest file was removed.
      const lacking = () =>
        this.db.prepare('SELECT 1 FROM search_pages WHERE id > ? AND indexed = 1 AND id NOT IN (SELECT rowid FROM search_recent) LIMIT 1').pluck().get(from) !== undefined;
      if (from > 0 && !lacking()) {
        this.setCounted(RECENT.from, from);
        this.dropRecentUpTo(from);
      } else {
        this.db.prepare("INSERT INTO search_recent(search_recent) VALUES ('delete-all')").run();
      }
      this.db.prepare("UPDATE search_meta SET value = ? WHERE key = 'analyser'").run(this.analyserVersion);
    })();
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
    return this.counted(COUNTS[name]) ?? 0;
  }

  private counted(key: string): number | undefined {
    this.countStatement ??= this.db.prepare('SELECT value FROM search_counts WHERE name = ?').pluck();
    const value = this.countStatement.get(key) as number | bigint | undefined;
    return value === undefined ? undefined : Number(value);
  }

  private setCounted(key: string, value: number | undefined): void {
    if (value === undefined) this.db.prepare('DELETE FROM search_counts WHERE name = ?').run(key);
    else this.db.prepare('INSERT OR REPLACE INTO search_counts (name, value) VALUES (?, ?)').run(key, value);
  }

  /**
   * Whether queries rank in search_recent: it is in use and holds the newest
   * recentPages pages (not yet while the run that put it in use is still
   * indexing the pages before them: those are ranked in search_fts).
   */
  recentInUse(): boolean {
    const from = this.counted(RECENT.from);
    if (from === undefined) return false;
    return this.lastPageId() - from >= this.recentPages;
  }

  private lastPageStatement: Database.Statement | undefined;

  /** The highest page id: pages get the next ids in turn, so the newest pages are those below it. */
  private lastPageId(): number {
    this.lastPageStatement ??= this.db.prepare('SELECT coalesce(max(id), 0) FROM search_pages').pluck();
    return this.lastPageStatement.get() as number;
  }

  /** Takes the pages up to `id` out of search_recent (they are no longer among the newest). */
  private dropRecentUpTo(id: number): void {
    this.db.prepare('DELETE FROM search_recent WHERE rowid <= ?').run(id);
  }

  /** Indexes every stored page not in the index yet, a whole file per transaction; resumable and cancellable. */
  async indexMissing(options: { signal?: AbortSignal | undefined; onProgress?: ProgressListener | undefined } = {}): Promise<number> {
    const missing = this.db
      .prepare('SELECT sha256, page_count FROM pdf_files f WHERE NOT EXISTS (SELECT 1 FROM search_pages s WHERE s.sha256 = f.sha256) ORDER BY f.extracted_at, f.sha256')
      .all() as { sha256: string; page_count: number }[];
    this.totalPages = undefined; // new files may have been stored since the last sum
    const lastAtStart = this.lastPageId();
    const newPages = missing.reduce((n, f) => n + f.page_count, 0);
    // Pages get the next ids in turn: those above this id will be the newest after this run.
    const recentFrom = lastAtStart + newPages - this.recentPages;
    // search_recent comes into use when the library outgrows it. Pages indexed before that
    // run and among the newest after it are analysed again into it first (once in a library's life).
    let toFill = 0;
    // A fill in progress goes on also with nothing left to fill (the pages after `filled` were removed):
    // only the fill puts search_recent in use, and until then this run's pages are not written there.
    let filling = false;
    if (this.counted(RECENT.from) === undefined) {
      const fillFrom = this.counted(RECENT.fillFrom);
      filling = fillFrom !== undefined || (recentFrom > 0 && recentFrom < lastAtStart);
      if (fillFrom !== undefined) toFill = Math.max(0, lastAtStart - (this.counted(RECENT.filled) ?? fillFrom));
      else if (filling) toFill = lastAtStart - recentFrom;
      else if (recentFrom > 0) this.startRecent(recentFrom); // no indexed page is among the newest: in use from now on
    }
    if (newPages === 0 && !filling) return 0;
    const total = newPages + toFill;
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
    if (filling) {
      await this.fillRecent(recentFrom, splitter, options.signal, (pages) => {
        done += pages;
        report();
      });
    }

    const readPages = this.db.prepare('SELECT page_number, text, quality FROM pages WHERE sha256 = ? ORDER BY page_number');
    const isIndexed = this.db.prepare('SELECT 1 FROM search_pages WHERE sha256 = ? LIMIT 1').pluck();
    const insertPage = this.db.prepare('INSERT INTO search_pages (sha256, page_number, indexed) VALUES (?, ?, ?)');
    const insertText = this.db.prepare('INSERT INTO search_fts (rowid, body, parts) VALUES (?, ?, ?)');
    const insertRecent = this.db.prepare('INSERT INTO search_recent (rowid, body, parts) VALUES (?, ?, ?)');
    const addTerm = this.db.prepare('INSERT INTO search_terms (term, freq) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET freq = freq + excluded.freq');
    const addStem = this.db.prepare('INSERT INTO search_stems (term, pages) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET pages = pages + excluded.pages');
    const addCount = this.db.prepare('INSERT INTO search_counts (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value');
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
        // Read in the transaction: another process sharing the store (an import's, a search's) may have
        // put search_recent in use, or indexed some of the batch's files meanwhile.
        const toIndex = batch.filter((file) => !isIndexed.get(file.sha256));
        // The pages that leave the newest with the pages this batch adds leave it before they go in
        // (a delete after them would write them out as a segment of their own first).
        const recent = this.pruneRecent(this.lastPageId() + toIndex.reduce((n, f) => n + f.page_count, 0));
        const tallies = newTallies();
        for (const file of toIndex) {
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
            if (recent !== undefined && id > recent) insertRecent.run(id, analysed.body, analysed.parts);
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
    this.db.transaction(() => this.pruneRecent(this.lastPageId()))();
    return done;
  }

  /** search_recent in use from now on, holding the pages after `from` (none of them indexed yet, or all of them). */
  private startRecent(from: number): void {
    this.db.transaction(() => {
      // Left from a fill that a larger import made unnecessary: those pages are not among the newest.
      this.dropRecentUpTo(from);
      this.setCounted(RECENT.fillFrom, undefined);
      this.setCounted(RECENT.filled, undefined);
      this.setCounted(RECENT.from, from);
    })();
  }

  /**
   * When search_recent is in use: takes out the pages that are no longer
   * among the newest once the library's last page id is `last`. Returns the
   * id above which pages belong in it, or undefined when it is not in use.
   */
  private pruneRecent(last: number): number | undefined {
    const from = this.counted(RECENT.from);
    if (from === undefined) return undefined;
    const cut = last - this.recentPages;
    if (cut <= from) return from;
    this.dropRecentUpTo(cut);
    this.setCounted(RECENT.from, cut);
    return cut;
  }

  /**
   * Puts search_recent in use when the library outgrows it: analyses the
   * indexed pages after `from` again into it (the FTS5 tables keep no text),
   * in short transactions that record how far they got, so a cancel or a
   * crash resumes where it stopped. In use once it holds every indexed page
   * after `from`, also those another process indexed meanwhile.
   */
  private async fillRecent(from: number, splitter: CompoundSplitter, signal: AbortSignal | undefined, onPages: (pages: number) => void): Promise<void> {
    // Another process sharing the store may fill it too, and finish first: then search_recent is in use, and done.
    const finishedElsewhere = () => this.counted(RECENT.from) !== undefined;
    let finished = this.db.transaction(() => {
      if (finishedElsewhere()) return true;
      if (this.counted(RECENT.fillFrom) !== undefined) return false; // resumed
      this.setCounted(RECENT.fillFrom, from);
      this.setCounted(RECENT.filled, from);
      return false;
    })();
    const next = this.db.prepare(
      `SELECT s.id, p.text FROM search_pages s JOIN pages p ON p.sha256 = s.sha256 AND p.page_number = s.page_number
       WHERE s.id > ? AND s.indexed = 1 ORDER BY s.id LIMIT ${BATCH_PAGES}`,
    );
    const insertRecent = this.db.prepare('INSERT INTO search_recent (rowid, body, parts) VALUES (?, ?, ?)');
    while (!finished) {
      throwIfCancelled(signal);
      let pages = 0;
      this.db.transaction(() => {
        if ((finished = finishedElsewhere())) return;
        const filled = this.counted(RECENT.filled)!;
        const rows = next.all(filled) as { id: number; text: string }[];
        for (const row of rows) {
          const analysed = analyseText(row.text, splitter);
          insertRecent.run(row.id, analysed.body, analysed.parts);
        }
        const last = this.lastPageId();
        const upTo = rows.length === BATCH_PAGES ? rows.at(-1)!.id : last;
        pages = Math.max(0, upTo - filled);
        finished = upTo >= last;
        if (finished) this.startRecent(this.counted(RECENT.fillFrom)!);
        else this.setCounted(RECENT.filled, upTo);
      })();
      onPages(pages);
      await new Promise((resolve) => setImmediate(resolve));
    }
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
