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
import type Database from 'better-sqlite3-multiple-ciphers';
import { ANALYSER_VERSION, analyseText, type CompoundSplitter } from '../../../shared/search/analyser.ts';
import { throwIfCancelled, type ProgressListener } from '../../../shared/errors.ts';
import { importStages } from '../import/import-stages.ts';

/** bm25 over the FTS columns: words as written count fully, compound parts less. */
export const BM25 = 'bm25(search_fts, 1.0, 0.35)';
/** Pages per write transaction while indexing: short enough to keep the event loop free. */
const BATCH_PAGES = 150;

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
  ) {
    this.analyserVersion = `${ANALYSER_VERSION}+${lexiconVersion}`;
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
      this.db.prepare('DELETE FROM search_pages').run();
      this.db.prepare('DELETE FROM search_terms').run();
      this.db.prepare("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('analyser', ?)").run(this.analyserVersion);
    })();
    this.stemCounts.clear();
    this.counts = undefined;
    return stored !== undefined;
  }

  /** Counted once and then kept up to date by indexMissing (every search reports it). */
  private counts: IndexProgress | undefined;

  progress(): IndexProgress {
    this.counts ??= {
      totalPages: this.db.prepare('SELECT coalesce(sum(page_count), 0) FROM pdf_files').pluck().get() as number,
      indexedPages: this.db.prepare('SELECT count(*) FROM search_pages').pluck().get() as number,
    };
    return { ...this.counts };
  }

  /** Indexes every stored page not in the index yet, a whole file per transaction; resumable and cancellable. */
  async indexMissing(options: { signal?: AbortSignal | undefined; onProgress?: ProgressListener | undefined } = {}): Promise<number> {
    const missing = this.db
      .prepare('SELECT sha256, page_count FROM pdf_files f WHERE NOT EXISTS (SELECT 1 FROM search_pages s WHERE s.sha256 = f.sha256) ORDER BY f.extracted_at, f.sha256')
      .all() as { sha256: string; page_count: number }[];
    this.counts = undefined; // new files may have been stored since the last count
    if (missing.length === 0) return 0;
    const total = missing.reduce((n, f) => n + f.page_count, 0);
    const readPages = this.db.prepare('SELECT page_number, text, quality FROM pages WHERE sha256 = ? ORDER BY page_number');
    const isIndexed = this.db.prepare('SELECT 1 FROM search_pages WHERE sha256 = ? LIMIT 1').pluck();
    const insertPage = this.db.prepare('INSERT INTO search_pages (sha256, page_number, indexed) VALUES (?, ?, ?)');
    const insertText = this.db.prepare('INSERT INTO search_fts (rowid, body, parts) VALUES (?, ?, ?)');
    const addTerm = this.db.prepare('INSERT INTO search_terms (term, freq) VALUES (?, ?) ON CONFLICT (term) DO UPDATE SET freq = freq + excluded.freq');
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
      const batch: typeof missing = [];
      let pages = 0;
      while (i < missing.length && (batch.length === 0 || pages + missing[i]!.page_count <= BATCH_PAGES)) {
        pages += missing[i]!.page_count;
        batch.push(missing[i++]!);
      }
      const writing = performance.now();
      let analysing = 0;
      this.db.transaction(() => {
        const terms = new Map<string, number>();
        for (const file of batch) {
          // Another process sharing the store (an import's, a search's) may have indexed it meanwhile.
          if (isIndexed.get(file.sha256)) continue;
          for (const page of readPages.all(file.sha256) as { page_number: number; text: string; quality: string }[]) {
            // Garbled or empty pages are recorded as looked at, not indexed as garbage.
            const usable = page.quality === 'ok';
            const id = Number(insertPage.run(file.sha256, page.page_number, usable ? 1 : 0).lastInsertRowid);
            if (!usable) continue;
            const analysisStart = performance.now();
            const analysed = analyseText(page.text, splitter);
            analysing += performance.now() - analysisStart;
            insertText.run(id, analysed.body, analysed.parts);
            for (const [term, count] of analysed.terms) terms.set(term, (terms.get(term) ?? 0) + count);
          }
        }
        for (const [term, count] of terms) addTerm.run(term, count);
      })();
      importStages.add('analyse', analysing);
      importStages.add('fts', performance.now() - writing - analysing);
      this.stemCounts.clear();
      done += pages;
      const counts = this.counts as IndexProgress | undefined; // progress() may have counted meanwhile
      if (counts) counts.indexedPages += pages;
      report();
      // Let the host answer other calls (the UI) between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return done;
  }

  /** How many pages hold this stem (body or parts); 0 for a word the corpus does not have. */
  stemFrequency(stem: string): number {
    let count = this.stemCounts.get(stem);
    if (count === undefined) {
      this.stemStatement ??= this.db.prepare('SELECT doc FROM search_vocab WHERE term = ?').pluck();
      count = (this.stemStatement.get(stem) as number | undefined) ?? 0;
      if (this.stemCounts.size > 50_000) this.stemCounts.clear();
      this.stemCounts.set(stem, count);
    }
    return count;
  }

  /** Page counts per term, looked up in fts5vocab (a b-tree seek each); emptied whenever pages are indexed. */
  private readonly stemCounts = new Map<string, number>();

  private stemStatement: Database.Statement | undefined;
  private wordStatement: Database.Statement | undefined;

  /** How often the library writes this folded word (surface vocabulary); 0 when never. */
  wordFrequency(folded: string): number {
    this.wordStatement ??= this.db.prepare('SELECT freq FROM search_terms WHERE term = ?').pluck();
    return (this.wordStatement.get(folded) as number | undefined) ?? 0;
  }

  private averageWords: { pages: number; value: number } | undefined;

  /**
   * Average words per page, for bm25's length normalisation in the ranker:
   * estimated from up to 2,000 pages, again when the index has grown by a tenth.
   */
  averageLength(): number {
    const pages = this.progress().indexedPages;
    if (!this.averageWords || Math.abs(pages - this.averageWords.pages) > this.averageWords.pages / 10) {
      const chars = this.db
        .prepare(
          `SELECT avg(length(p.text)) FROM (
             SELECT sha256, page_number FROM search_pages WHERE indexed = 1 AND id % max(1, (SELECT max(id) FROM search_pages) / 2000) = 0 LIMIT 2000
           ) s JOIN pages p ON p.sha256 = s.sha256 AND p.page_number = s.page_number`,
        )
        .pluck()
        .get() as number | null;
      // About 7 characters a word in Dutch page text (word, space, punctuation).
      this.averageWords = { pages, value: Math.max(50, (chars ?? 2000) / 7) };
    }
    return this.averageWords.value;
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
