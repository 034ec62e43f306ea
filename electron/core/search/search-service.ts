// Search: one query over page text (FTS5, page-index.ts) and short records
// (MiniSearch, record-index.ts), with filters, typo correction, documents
// grouped with their best pages and snippets, suggestions, and saved searches
// whose new matches become alerts after every import or sync.
import type Database from 'better-sqlite3-multiple-ciphers';
import { distance } from 'fastest-levenshtein';
import type { CoreEvent, DocumentHit, RecordHit, SavedSearch, SearchContext, SearchFilters, SearchIndexStatus, SearchResults, Suggestion } from '../../../shared/api.ts';
import { searchFiltersSchema } from '../../../shared/api.ts';
import { RaadsmapError, type ProgressListener } from '../../../shared/errors.ts';
import { isEmptyQuery, makeSnippet, parseQuery, snippetFromMarks, tokens, type ParsedQuery } from '../../../shared/search/analyser.ts';
import { dutchCompoundSplitter, lexiconVersion } from './lexicon.ts';
import { bm25, PageIndex, type PageTable } from './page-index.ts';
import { alternativePages, MAX_CONCEPTS, planExpression, planQuery, type PlanContext, type QueryPlan } from './query-plan.ts';
import { analysisFocus, rankPage, WHOLE_PAGE, type PageStats, type RankedPage } from './ranker.ts';
import { domainSynonyms } from './synonyms.ts';
import { importStages } from '../import/import-stages.ts';
import { RecordIndex, type SearchRecord } from './record-index.ts';
import { changeBadges, ensureComparison } from '../versions/version-store.ts';

/** Page hits read per query before grouping: plenty for the first pages of results. */
const MAX_PAGE_HITS = 800;
/** Candidates (best by bm25) that the ranker reads again, for all words and for partial matches. */
const STRICT_CANDIDATES = 40;
const RELAXED_CANDIDATES = 40;
/** Fewer documents with every word than this: partial matches follow. */
const PARTIAL_BELOW_DOCUMENTS = 10;
/** A concept on more than this share of pages does not select partial candidates (ranking still counts it). */
const COMMON_SHARE = 0.2;
/** At most this many matching pages are ranked by bm25 for one query (see rankedPages). */
const RANK_WINDOW = 10_000;
/** Filters that leave fewer pages than this restrict the ranking to those pages. */
const RESTRICT_BELOW_PAGES = 40_000;
/**
 * A query whose words are on more pages than this together (bm25 reads all
 * of them, ~20 ms per 200,000 on a laptop) is ranked among the newest pages
 * when they hold RECENT_ENOUGH of its matches.
 */
const COSTLY_POSTINGS = 300_000;
const RECENT_ENOUGH = 100;
const PAGES_PER_DOCUMENT = 3;

export interface SearchInput {
  query: string;
  filters?: SearchFilters | undefined;
  sort?: 'relevance' | 'date' | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
  asYouType?: boolean | undefined;
  withPageText?: boolean | undefined;
  pagesPerDocument?: number | undefined;
  /** Only the words as typed, all of them: no other forms, synonyms, corrections or partial matches. */
  exact?: boolean | undefined;
}

interface Tuning {
  rankWindow: number;
  restrictBelowPages: number;
  costlyPostings: number;
  recentEnough: number;
  /** Pages kept in search_recent (page-index.ts). */
  recentPages?: number;
}

interface InternalFilters extends SearchFilters {
  /** Only these documents: saved-search alerts look at what just arrived. */
  documentIds?: number[] | undefined;
}

export class SearchService {
  readonly pages: PageIndex;
  readonly records: RecordIndex;
  private readonly statements = new Map<string, Database.Statement>();
  private indexing: Promise<void> | undefined;
  private indexAgain = false;
  private readonly background = new AbortController();
  /** True while start-up indexes what is missing (after an analyser change: everything). */
  private catchingUp = false;
  private readonly tuning: Omit<Tuning, 'recentPages'>;

  constructor(
    private readonly db: Database.Database,
    private readonly emit: (event: CoreEvent) => void,
    private readonly clock: () => Date,
    /** The query planner's thresholds and the newest pages kept apart; tests make them small to reach every plan. */
    tuning: Partial<Tuning> = {},
  ) {
    this.tuning = { rankWindow: RANK_WINDOW, restrictBelowPages: RESTRICT_BELOW_PAGES, costlyPostings: COSTLY_POSTINGS, recentEnough: RECENT_ENOUGH, ...tuning };
    const splitter = () => dutchCompoundSplitter(db); // loads once per process, on first use
    this.pages = new PageIndex(db, splitter, lexiconVersion(), tuning.recentPages);
    this.records = new RecordIndex(db, splitter);
  }

  /**
   * At start: an index of another analyser version is emptied, and whatever
   * is not indexed (all of it then, or pages of a crash) is indexed in the
   * background. Searching works meanwhile, over what is indexed so far.
   */
  start(): Promise<void> {
    this.pages.resetIfStale();
    // The record index builds meanwhile; a search before it is done lists pages only.
    const records = this.records.build();
    this.catchingUp = true;
    const pages = this.ensureIndexed({ signal: this.background.signal }).finally(() => {
      this.catchingUp = false;
    });
    return Promise.all([pages, records]).then(() => undefined);
  }

  /** Resolves when the page index holds every stored page and the record index is built. */
  async ready(): Promise<void> {
    await Promise.all([this.ensureIndexed(), this.records.build()]);
  }

  /** Indexes all stored pages not yet indexed; one run at a time, repeated when asked again meanwhile. */
  ensureIndexed(options: { signal?: AbortSignal | undefined; onProgress?: ProgressListener | undefined } = {}): Promise<void> {
    if (this.indexing) {
      this.indexAgain = true;
      return this.indexing;
    }
    const run = async () => {
      // Start on the next turn: a host subscribes to events right after createCore and sees all progress.
      await new Promise((resolve) => setImmediate(resolve));
      do {
        this.indexAgain = false;
        let reported = 0;
        await this.pages.indexMissing({
          signal: options.signal,
          onProgress: (p) => {
            options.onProgress?.(p);
            this.emit({ type: 'progress', task: 'search-index', progress: p });
            // Status events at most every ~2,000 pages, and at the end.
            if (p.done - reported >= 2000 || p.done === p.total) {
              reported = p.done;
              this.emit({ type: 'search-index', status: this.status() });
            }
          },
        });
      } while (this.indexAgain);
    };
    this.indexing = run().finally(() => {
      this.indexing = undefined;
    });
    return this.indexing;
  }

  status(): SearchIndexStatus {
    return { ...this.pages.progress(), building: this.indexing !== undefined };
  }

  /**
   * After an import or sync committed: index its pages, refresh its records,
   * then check saved searches. While a background rebuild runs, the import
   * does not wait for it: the alerts follow when the index is complete.
   */
  async afterImport(meetingIds: number[], afterCurrentId: number, onProgress?: ProgressListener): Promise<void> {
    importStages.time('records', () => {
      for (const id of meetingIds) this.records.refreshMeeting(id);
    });
    const rebuilding = this.catchingUp;
    const indexed = this.ensureIndexed({ onProgress: rebuilding ? undefined : onProgress }).then(() => {
      const alerts = importStages.time('alerts', () => this.checkSavedSearches(afterCurrentId));
      if (alerts.length) this.emit({ type: 'search-alerts', alerts });
    });
    if (!rebuilding) await indexed;
    else indexed.catch(() => {});
  }

  /** Stops background indexing and the record index build (at close); what was indexed so far stays. */
  stop(): void {
    this.background.abort();
    this.records.stop();
  }

  search(input: SearchInput, internal: Pick<InternalFilters, 'documentIds'> = {}): SearchResults {
    const started = performance.now();
    const filters: InternalFilters = { ...input.filters, ...internal };
    const plan = planQuery(input.query, this.planContext(), { asYouType: input.asYouType, exact: input.exact });
    const empty = (notice: SearchResults['notice']): SearchResults => ({
      query: input.query,
      corrections: [],
      didYouMean: null,
      total: 0,
      totalIsEstimate: false,
      partialFrom: null,
      markQuery: input.query,
      documents: [],
      records: [],
      index: this.status(),
      tookMs: 0,
      notice,
    });
    if (plan.concepts.length === 0) {
      return empty(
        plan.parsed.dropped.length > 0
          ? {
              code: 'search.only-stopwords',
              nl: `Alleen veelvoorkomende woorden (${plan.parsed.dropped.join(', ')}): voeg een woord toe waar het over gaat, of zoek een exacte zin tussen aanhalingstekens.`,
              en: `Only common words (${plan.parsed.dropped.join(', ')}): add a word for what you are looking for, or search an exact phrase in quotes.`,
            }
          : null,
      );
    }

    // All concepts first; when that finds little, pages with most of them follow (partial matches).
    const stats = this.pageStats(plan);
    const strict = this.rankedPages(plan, 'all', planExpression(plan, 'all'), filters, STRICT_CANDIDATES, stats);
    let windowed = strict.windowed;
    let pages = strict.pages.filter((p) => !isPartial(p.ranked));
    const strictDocuments = new Set(pages.map((p) => p.documentId)).size;
    if (!input.exact && (plan.concepts.filter((c) => !c.optional).length >= 2 || plan.concepts.some((c) => c.alternatives.some((a) => a.kind === 'near'))) && strictDocuments < PARTIAL_BELOW_DOCUMENTS) {
      const seen = new Set(pages.map((p) => p.pageId));
      let relaxed = this.rankedPages(plan, 'any', planExpression(plan, 'any', this.relaxedConcepts(plan, stats)), filters, RELAXED_CANDIDATES, stats, seen);
      // The rare words may not occur where the filters look: then any word of the query.
      if (relaxed.pages.length === 0) relaxed = this.rankedPages(plan, 'any', planExpression(plan, 'any', this.relaxedConcepts(plan, stats, false)), filters, RELAXED_CANDIDATES, stats, seen);
      windowed ||= relaxed.windowed;
      pages = [...pages, ...relaxed.pages.filter((p) => (p.ranked.matched.length > 0 || p.ranked.approximate.length > 0) && isPartial(p.ranked))];
    }
    const groups = groupByDocument(pages, input.pagesPerDocument ?? PAGES_PER_DOCUMENT);
    // Documents whose pages were not read again follow the ranked ones with every word, in bm25 order.
    for (const hit of strict.rest) {
      const group = groups.get(hit.documentId);
      if (!group) groups.set(hit.documentId, { documentId: hit.documentId, score: 0, pages: [hit], pageHits: 1, titleMatch: false, partial: false, unranked: true });
      else if (group.partial) {
        // Its partial pages were read, but a page with every word was not: that page leads.
        Object.assign(group, { partial: false, unranked: true, pages: [hit, ...group.pages] });
        group.pageHits++;
      } else group.pageHits++;
    }
    const recordHits = this.recordHits(plan.parsed, filters);

    // A document whose title matches ranks higher, and is listed even without page hits.
    const titleHits = recordHits.filter((r) => r.kind === 'document');
    const best = Math.max(0, ...[...groups.values()].map((g) => g.score));
    const allowed = this.allowedDocuments(
      titleHits.map((r) => r.refId as number),
      filters,
    );
    for (const hit of titleHits) {
      const documentId = hit.refId as number;
      if (!allowed.has(documentId)) continue;
      const group = groups.get(documentId) ?? { documentId, score: 0, pages: [], pageHits: 0, titleMatch: false, partial: false };
      group.unranked = false;
      group.titleMatch = true;
      group.partial = false;
      group.score += Math.max(best, 1) * 0.25;
      groups.set(documentId, group);
    }

    let ordered = [...groups.values()];
    if (input.sort === 'date') {
      const dates = this.documentDates(ordered.map((g) => g.documentId), filters);
      ordered.sort((a, b) => Number(a.partial) - Number(b.partial) || (dates.get(b.documentId) ?? '').localeCompare(dates.get(a.documentId) ?? '') || b.score - a.score);
    } else {
      ordered.sort((a, b) => Number(a.partial) - Number(b.partial) || Number(a.unranked ?? false) - Number(b.unranked ?? false) || b.score - a.score);
    }
    const total = ordered.length;
    const firstPartial = ordered.findIndex((g) => g.partial);
    const offset = input.offset ?? 0;
    ordered = ordered.slice(offset, offset + (input.limit ?? 20));

    const read = this.pageReader(plan, stats);
    const badges = changeBadges(this.db, ordered.map((g) => g.documentId));
    const documents = ordered.map((group) => ({ ...this.documentHit(group, plan, filters, input.withPageText ?? false, read), changes: badges.get(group.documentId) ?? null }));
    const records = recordHits
      .filter((r) => r.kind !== 'document')
      .slice(0, 20)
      .map((r) => recordHit(r, plan.parsed));
    const didYouMean = plan.corrections.length ? applyCorrections(input.query, plan.corrections) : null;
    return {
      query: input.query,
      corrections: plan.corrections,
      didYouMean,
      total,
      totalIsEstimate: windowed,
      partialFrom: firstPartial < 0 ? null : firstPartial,
      markQuery: markQuery(input.query, plan),
      documents,
      records,
      index: this.status(),
      tookMs: Math.round((performance.now() - started) * 10) / 10,
      notice: plan.truncated
        ? {
            code: 'search.truncated',
            nl: `Alleen de eerste ${MAX_CONCEPTS} woorden van de zoekopdracht zijn gebruikt.`,
            en: `Only the first ${MAX_CONCEPTS} words of the query were used.`,
          }
        : null,
    };
  }

  /** Completions of the last word (from the corpus vocabulary) and matching titles. */
  suggest(text: string, limit = 8): Suggestion[] {
    const match = /(\S+)$/.exec(text);
    if (!match) return [];
    const head = text.slice(0, match.index);
    const last = tokens(match[1]!).at(-1);
    const out: Suggestion[] = [];
    if (last && last.folded.length >= 2) {
      for (const { term } of this.pages.completions(last.folded, limit)) {
        if (term !== last.folded) out.push({ text: `${head}${term}`, kind: 'word' });
      }
    }
    // Titles of agenda items, documents and meetings that match what is typed so far.
    const titles = this.records.search(text, { prefix: true, limit: 50, filter: (r) => r.kind === 'agenda-item' || r.kind === 'document' || r.kind === 'meeting' });
    for (const record of titles) {
      const title = record.kind === 'agenda-item' ? record.title.replace(/^[0-9A-Za-z.]+\s+/, '') : record.title;
      if (!out.some((s) => s.text === title)) out.push({ text: title, kind: 'title' });
    }
    // Words first (they complete what is typed), then up to half the list in titles.
    const words = out.filter((s) => s.kind === 'word').slice(0, Math.ceil(limit / 2));
    return [...words, ...out.filter((s) => s.kind === 'title')].slice(0, limit);
  }

  // ---- Saved searches ------------------------------------------------------

  listSaved(): SavedSearch[] {
    const rows = this.db.prepare('SELECT id, name, query, filters, created_at FROM personal.saved_searches ORDER BY name COLLATE NOCASE').all() as {
      id: number;
      name: string;
      query: string;
      filters: string;
      created_at: string;
    }[];
    // An alert on a document's later version is a change (with that version's count of changes), not a new document.
    const alerts = this.db.prepare(
      `SELECT a.document_id, a.document_title, a.best_page, a.found_at, a.seen_at, a.change,
         coalesce(a.change_count, (SELECT x.change_count FROM version_diffs x WHERE x.to_version_id = v.id AND x.status = 'changed' AND x.too_large = 0 ORDER BY x.created_at DESC, x.id DESC LIMIT 1)) AS change_count,
         -- Alerts made before the change was kept with them: told from the versions still stored.
         (SELECT count(*) FROM document_versions o WHERE o.document_id = a.document_id AND o.id < v.id) AS earlier_versions
       FROM personal.saved_search_alerts a LEFT JOIN document_versions v ON v.document_id = a.document_id AND v.sha256 = a.sha256
       WHERE a.saved_search_id = ? ORDER BY a.found_at DESC, a.document_title LIMIT 100`,
    );
    // Counted over all alerts: the list shows the newest hundred.
    const unseen = this.db.prepare('SELECT count(*) FROM personal.saved_search_alerts WHERE saved_search_id = ? AND seen_at IS NULL').pluck();
    return rows.map((row) => {
      const list = (
        alerts.all(row.id) as {
          document_id: number;
          document_title: string;
          best_page: number;
          found_at: string;
          seen_at: string | null;
          change: 'new' | 'changed' | null;
          earlier_versions: number | null;
          change_count: number | null;
        }[]
      ).map((a) => {
        const change = a.change ?? (a.earlier_versions ? 'changed' : 'new');
        return {
          documentId: a.document_id,
          title: a.document_title,
          page: a.best_page,
          foundAt: a.found_at,
          seen: a.seen_at !== null,
          change,
          changeCount: change === 'changed' ? a.change_count : null,
        };
      });
      return {
        id: row.id,
        name: row.name,
        query: row.query,
        filters: searchFiltersSchema.parse(JSON.parse(row.filters)),
        createdAt: row.created_at,
        unseenAlerts: unseen.get(row.id) as number,
        alerts: list,
      };
    });
  }

  save(name: string, query: string, filters: SearchFilters = {}): SavedSearch {
    if (isEmptyQuery(parseQuery(query))) {
      throw new RaadsmapError({ code: 'search.empty-query', nl: 'Een zoekopdracht zonder zoekwoorden kan niet worden bewaard.', en: 'A search without search words cannot be saved.' });
    }
    const id = Number(
      this.db
        .prepare('INSERT INTO personal.saved_searches (name, query, filters, created_at) VALUES (?, ?, ?, ?)')
        .run(name, query, JSON.stringify(filters), this.clock().toISOString()).lastInsertRowid,
    );
    return this.listSaved().find((s) => s.id === id)!;
  }

  deleteSaved(id: number): boolean {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM personal.saved_search_alerts WHERE saved_search_id = ?').run(id);
      return this.db.prepare('DELETE FROM personal.saved_searches WHERE id = ?').run(id).changes > 0;
    })();
  }

  markSeen(id: number): number {
    return this.db.prepare('UPDATE personal.saved_search_alerts SET seen_at = ? WHERE saved_search_id = ? AND seen_at IS NULL').run(this.clock().toISOString(), id).changes;
  }

  /**
   * Runs every saved search over the documents whose current version was set
   * after current_versions row `afterCurrentId` (a new version, or an earlier
   * one delivered again); records new matches, each saying whether the
   * document was new or changed (and how many changes) as it is now, so
   * pruning later does not change that. A version delivered again is news again.
   */
  checkSavedSearches(afterCurrentId: number): { savedSearchId: number; name: string; documents: number }[] {
    const arrivals = this.db
      .prepare(
        `SELECT c.document_id AS documentId, c.from_version_id AS fromVersionId, c.to_version_id AS toVersionId
         FROM current_versions c JOIN documents d ON d.id = c.document_id AND d.current_version_id = c.to_version_id AND d.status = 'active'
         WHERE c.id = (SELECT max(l.id) FROM current_versions l WHERE l.document_id = c.document_id) AND c.id > ?`,
      )
      .all(afterCurrentId) as { documentId: number; fromVersionId: number | null; toVersionId: number }[];
    const now = this.clock().toISOString();
    const change = new Map<number, { change: 'new' | 'changed'; count: number | null }>();
    for (const a of arrivals) {
      if (a.fromVersionId === null) {
        change.set(a.documentId, { change: 'new', count: null });
        continue;
      }
      const compared = ensureComparison(this.db, a.documentId, a.fromVersionId, a.toVersionId, now);
      // A new version with the same text as the one before is no news.
      if (compared?.status === 'identical') continue;
      change.set(a.documentId, { change: 'changed', count: compared?.status === 'changed' ? compared.count : null });
    }
    const arrived = [...change.keys()];
    if (arrived.length === 0) return [];
    // Found again (a version delivered again): news again, unseen.
    const insert = this.db.prepare(
      `INSERT INTO personal.saved_search_alerts (saved_search_id, document_id, sha256, document_title, best_page, found_at, change, change_count)
       SELECT @savedSearchId, d.id, v.sha256, d.title, @page, @now, @change, @count FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE d.id = @documentId
       ON CONFLICT (saved_search_id, document_id, sha256) DO UPDATE SET document_title = excluded.document_title, best_page = excluded.best_page,
         found_at = excluded.found_at, seen_at = NULL, change = excluded.change, change_count = excluded.change_count`,
    );
    const out: { savedSearchId: number; name: string; documents: number }[] = [];
    for (const saved of this.db.prepare('SELECT id, name, query, filters FROM personal.saved_searches').all() as { id: number; name: string; query: string; filters: string }[]) {
      const filters = searchFiltersSchema.safeParse(JSON.parse(saved.filters));
      // One saved search that cannot run must not cost the others their alerts (nor fail the import).
      let results: SearchResults;
      try {
        results = this.search({ query: saved.query, filters: filters.success ? filters.data : {}, limit: 200 }, { documentIds: arrived });
      } catch {
        continue;
      }
      let added = 0;
      // Only documents with every word: a partial match is no news worth an alert.
      for (const doc of results.documents.filter((d) => !d.partial)) {
        const found = change.get(doc.documentId)!;
        added += insert.run({ savedSearchId: saved.id, page: doc.pages[0]?.page ?? 1, now, change: found.change, count: found.count, documentId: doc.documentId }).changes;
      }
      if (added > 0) out.push({ savedSearchId: saved.id, name: saved.name, documents: added });
    }
    return out;
  }

  // ---- Internals -------------------------------------------------------------

  /** Prepared once per SQL text: a query runs some twenty of them. */
  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /** What the query planner asks of this library: vocabulary, word list and synonyms. */
  private planContext(): PlanContext {
    return {
      pagesWith: (term) => this.pages.stemFrequency(term),
      wordFrequency: (folded) => this.pages.wordFrequency(folded),
      nearestWord: (folded) => this.nearestWord(folded),
      splitter: dutchCompoundSplitter(this.db),
      synonyms: domainSynonyms(),
    };
  }

  /**
   * The most frequent word of the library within one edit (two for long
   * words) of an unknown one, with the same first letter: "Bedoelde u …?".
   */
  private nearestWord(folded: string): string | null {
    const maxDistance = folded.length >= 8 ? 2 : 1;
    let best: { term: string; freq: number; d: number } | undefined;
    for (const candidate of this.pages.similarTerms(folded)) {
      const d = distance(folded, candidate.term);
      if (d > maxDistance || d === 0) continue;
      if (!best || d < best.d || (d === best.d && candidate.freq > best.freq)) best = { ...candidate, d };
    }
    return best?.term ?? null;
  }

  private pageStats(plan: QueryPlan): PageStats {
    const pages = Math.max(1, this.pages.progress().indexedPages);
    return {
      pages,
      averageLength: this.pages.averageLength(),
      conceptPages: plan.concepts.map((c) =>
        Math.min(pages, Math.max(1, ...c.alternatives.map((a) => (a.kind === 'prefix' ? Math.ceil(pages / 10) : alternativePages(a, { pagesWith: (t) => this.pages.stemFrequency(t) }))))),
      ),
    };
  }

  /**
   * The concepts that select partial candidates: a word on most pages
   * ("gemeente") would bring in thousands of pages that the ranker then
   * ranks low anyway, so it is left out when a rarer concept is there.
   */
  private relaxedConcepts(plan: QueryPlan, stats: PageStats, onlyRare = true): QueryPlan['concepts'] {
    const found = plan.concepts.filter((c, i) => !c.optional && (stats.conceptPages[i] ?? 0) > 0 && this.conceptFound(c));
    const rare = found.filter((c) => (stats.conceptPages[plan.concepts.indexOf(c)] ?? 0) <= stats.pages * COMMON_SHARE);
    return onlyRare && rare.length > 0 ? rare : found;
  }

  /** Whether any page has the concept at all (conceptPages is at least 1 even for none). */
  private conceptFound(concept: QueryPlan['concepts'][number]): boolean {
    return concept.alternatives.some((a) => a.kind === 'prefix' || a.kind === 'near' || alternativePages(a, { pagesWith: (t) => this.pages.stemFrequency(t) }) > 0);
  }

  /**
   * Candidate pages from FTS5 (bm25, body words above compound parts), then
   * ranked by reading their text (ranker.ts). Ranking every match of a very
   * broad query ("gemeente") costs a bm25 per page, so three plans:
   *  - filters that leave few pages (a meeting, a document type): rank only
   *    the matches among those pages (FTS5 seeks them by rowid);
   *  - no filters, and more than RANK_WINDOW pages match: rank the newest
   *    RANK_WINDOW matches (rowids grow with import order) among the newest
   *    pages (search_recent, see page-index.ts: bm25 reads every word's whole
   *    doclist in the table it ranks in); the total is then an estimate, and
   *    a more specific query or a date filter finds older pages;
   *  - otherwise (broad filters, or not so many matches): rank all matches.
   */
  private rankedPages(
    plan: QueryPlan,
    /** all: strict candidates (every concept); any: partial ones. */
    mode: 'all' | 'any',
    expression: string | null,
    filters: InternalFilters,
    candidates: number,
    stats: PageStats,
    skip: ReadonlySet<number> = new Set(),
  ): { pages: Ranked[]; rest: PageHit[]; windowed: boolean } {
    if (!expression) return { pages: [], rest: [], windowed: false };
    const { where, params } = documentFilterSql(filters);
    const filtered = where !== '1 = 1';
    let restriction = '';
    let windowed = false;
    let table: PageTable = 'search_fts';
    const extra: Record<string, unknown> = {};
    if (filtered && this.pagesAllowedBy(where, params) <= this.tuning.restrictBelowPages) {
      restriction = `AND rowid IN (
        SELECT sp.id FROM search_pages sp
        JOIN document_versions v ON v.sha256 = sp.sha256
        JOIN documents d ON d.id = v.document_id AND d.current_version_id = v.id AND d.status = 'active'
        WHERE sp.indexed = 1 AND ${where})`;
    } else if (!filtered) {
      // The rowid of the match before the newest rankWindow ones; undefined when there are no more.
      const beforeNewest = (within: PageTable) =>
        this.sql(`SELECT rowid FROM ${within} WHERE ${within} MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`).pluck().get(expression, this.tuning.rankWindow) as number | undefined;
      if (!this.pages.recentInUse()) {
        // A library no larger than search_recent keeps is ranked in search_fts itself: the newest rankWindow matches when there are more.
        const threshold = beforeNewest('search_fts');
        if (threshold !== undefined) {
          restriction = 'AND rowid > @threshold';
          extra.threshold = threshold;
          windowed = true;
        }
      } else {
        // The newest pages first (cheap): with that many matches there, the library has them too.
        const threshold = beforeNewest('search_recent');
        // Common words make bm25 over the library slow even for few matches: the newest pages do when they hold enough.
        const costly = () => this.postings(plan) > this.tuning.costlyPostings && this.sql(`SELECT rowid FROM search_recent WHERE search_recent MATCH ? LIMIT 1 OFFSET ?`).pluck().get(expression, this.tuning.recentEnough - 1) !== undefined;
        if (threshold !== undefined || costly() || beforeNewest('search_fts') !== undefined) {
          table = 'search_recent';
          // Not every match is ranked: the library has pages before the newest.
          windowed = true;
          if (threshold !== undefined) {
            restriction = 'AND rowid > @threshold';
            extra.threshold = threshold;
          }
        }
      }
    }
    const rows = this.sql(
      // bm25 in a subquery, sorted outside: FTS5's own ORDER BY rank would ignore the rowid restriction.
      `WITH hits AS MATERIALIZED (
         SELECT id, score FROM (SELECT rowid AS id, -${bm25(table)} AS score FROM ${table} WHERE ${table} MATCH @expression ${restriction})
         ORDER BY score DESC LIMIT ${MAX_PAGE_HITS}
       )
       -- CROSS JOIN fixes the order: from the few hits outwards (without it, SQLite may
       -- build an automatic index over all documents for every query).
       SELECT hits.id AS pageId, d.id AS documentId, d.title AS title, sp.sha256 AS sha256, sp.page_number AS page
       FROM hits
       CROSS JOIN search_pages sp ON sp.id = hits.id
       CROSS JOIN document_versions v ON v.sha256 = sp.sha256
       CROSS JOIN documents d ON d.id = v.document_id AND d.current_version_id = v.id AND d.status = 'active'
       WHERE ${where}
       ORDER BY hits.score DESC`,
    ).all({ ...params, ...extra, expression }) as { pageId: number; documentId: number; title: string; sha256: string; page: number }[];

    // The best candidates by bm25 are read again and ranked; the others keep
    // their bm25 order behind them, and are read only when they are shown.
    const read = this.pageReader(plan, stats);
    // FTS5 found every concept on a strict candidate: where reading only the lines that can
    // match misses one (a number across two lines, a word spelled apart from its stem), the
    // whole page is read; what the ranker still cannot see is FTS5's word, not a partial match.
    const readWhole = this.pageReader(plan, stats, false);
    const readStrict = (hit: PageHit): Ranked => {
      let ranked = read(hit);
      if (!isPartial(ranked.ranked)) return ranked;
      ranked = readWhole({ ...hit, ranked: undefined, text: undefined });
      ranked.ranked.missing = [];
      ranked.ranked.approximate = [];
      return ranked;
    };
    const out: Ranked[] = [];
    const rest: PageHit[] = [];
    for (const row of rows) {
      if (skip.has(row.pageId)) continue;
      if (out.length < candidates) out.push(mode === 'all' ? readStrict({ ...row }) : read({ ...row }));
      else rest.push({ ...row });
    }
    return { pages: out, rest, windowed: windowed || rows.length >= MAX_PAGE_HITS };
  }

  /** Reads a page hit's text and ranks it against the plan (once; title stems kept per query). */
  private pageReader(plan: QueryPlan, stats: PageStats, focused = true): (hit: PageHit) => PageHit & Required<Pick<PageHit, 'text' | 'ranked'>> {
    const pageText = this.sql('SELECT text FROM pages WHERE sha256 = ? AND page_number = ?').pluck();
    const splitter = dutchCompoundSplitter(this.db);
    const focus = focused ? analysisFocus(plan) : WHOLE_PAGE;
    const titles = new Map<number, Set<string>>();
    return (hit) => {
      if (hit.ranked && hit.text !== undefined) return hit as PageHit & Required<Pick<PageHit, 'text' | 'ranked'>>;
      let titleStems = titles.get(hit.documentId);
      if (!titleStems) {
        titleStems = new Set(tokens(hit.title).map((t) => t.stem));
        titles.set(hit.documentId, titleStems);
      }
      hit.text = (pageText.get(hit.sha256, hit.page) as string | undefined) ?? '';
      hit.ranked = rankPage(hit.text, plan, stats, splitter, titleStems, focus);
      return hit as PageHit & Required<Pick<PageHit, 'text' | 'ranked'>>;
    };
  }

  /** What bm25 reads in search_fts for the plan's words: the pages of each of their terms, summed (a prefix: a tenth of the library). */
  private postings(plan: QueryPlan): number {
    const library = this.pages.progress().indexedPages;
    let sum = 0;
    for (const alternative of plan.concepts.flatMap((c) => c.alternatives)) {
      for (const term of alternative.terms) sum += alternative.kind === 'prefix' ? library / 10 : this.pages.stemFrequency(term);
    }
    return sum;
  }

  /** Pages of the documents the filters allow, counted per document (cheap: documents, not pages). */
  private pagesAllowedBy(where: string, params: Record<string, unknown>): number {
    return this.sql(
      `SELECT coalesce(sum(f.page_count), 0) FROM documents d
       JOIN document_versions v ON v.id = d.current_version_id JOIN pdf_files f ON f.sha256 = v.sha256
       WHERE d.status = 'active' AND ${where}`,
    )
      .pluck()
      .get(params) as number;
  }

  private recordHits(parsed: ParsedQuery, filters: InternalFilters): (SearchRecord & { score: number })[] {
    const words = [...parsed.terms.map((t) => t.folded), ...parsed.phrases.flatMap((p) => tokens(p.surface).map((t) => t.folded))];
    if (parsed.prefix) words.push(parsed.prefix);
    if (words.length === 0) return [];
    const hasDocumentFilter = filters.documentIds !== undefined || filters.types !== undefined || filters.sourceId !== undefined;
    const hits = this.records.search(words.join(' '), {
      prefix: parsed.prefix !== undefined,
      limit: 200,
      filter: (r) => {
        if (filters.documentIds && r.kind !== 'document') return false;
        if (hasDocumentFilter && r.kind !== 'document' && r.kind !== 'annotation') return false;
        if (filters.meetingId && r.meetingId !== null && r.meetingId !== filters.meetingId) return false;
        if (filters.bodyId && r.bodyId !== null && r.bodyId !== filters.bodyId) return false;
        if (r.kind === 'meeting' || r.kind === 'agenda-item') {
          if (filters.from && (r.date ?? '') < filters.from) return false;
          if (filters.to && (r.date ?? '') > filters.to) return false;
        }
        return true;
      },
    });
    // Phrases and exclusions hold for records too: checked on their text.
    if (parsed.phrases.length === 0 && parsed.excludedTerms.length === 0 && parsed.excludedPhrases.length === 0) return hits;
    return hits.filter((hit) => {
      const text = `${hit.title}\n${hit.text}`;
      const stems = tokens(text).map((t) => t.stem);
      const has = (seq: string[]) => stems.some((_, i) => seq.every((s, k) => stems[i + k] === s));
      if (!parsed.phrases.every((p) => has(p.stems))) return false;
      if (parsed.excludedTerms.some((t) => stems.includes(t.stem))) return false;
      if (parsed.excludedPhrases.some((p) => has(p.stems))) return false;
      return true;
    });
  }

  private allowedDocuments(ids: number[], filters: InternalFilters): Set<number> {
    if (ids.length === 0) return new Set();
    const { where, params } = documentFilterSql(filters);
    const rows = this
      .sql(`SELECT d.id FROM documents d WHERE d.status = 'active' AND d.id IN (SELECT value FROM json_each(@ids)) AND ${where}`)
      .pluck()
      .all({ ...params, ids: JSON.stringify(ids) }) as number[];
    return new Set(rows);
  }

  /** Per document: the date of its latest meeting (else its own date), for sorting by date. */
  private documentDates(ids: number[], filters: InternalFilters): Map<number, string> {
    if (ids.length === 0) return new Map();
    const rows = this
      .sql(
        `SELECT d.id, coalesce(max(CASE WHEN (@meetingId IS NULL OR m.id = @meetingId) THEN m.starts_at END), d.document_date) AS date
         FROM documents d
         LEFT JOIN agenda_item_documents l ON l.document_id = d.id
         LEFT JOIN agenda_items i ON i.id = l.agenda_item_id
         LEFT JOIN meetings m ON m.id = i.meeting_id
         WHERE d.id IN (SELECT value FROM json_each(@ids)) GROUP BY d.id`,
      )
      .all({ ids: JSON.stringify(ids), meetingId: filters.meetingId ?? null }) as { id: number; date: string | null }[];
    return new Map(rows.map((r) => [r.id, r.date ?? '']));
  }

  private documentHit(group: Group, plan: QueryPlan, filters: InternalFilters, withText: boolean, read: (hit: PageHit) => Ranked): Omit<DocumentHit, 'changes'> {
    const doc = this.sql('SELECT d.title, d.type, d.document_date, v.sha256 FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE d.id = ?').get(group.documentId) as {
      title: string;
      type: string;
      document_date: string | null;
      sha256: string;
    };
    const surfaces = (indexes: number[]) => indexes.map((i) => plan.concepts[i]!.surface);
    const pages = group.pages.map(read).map((p) => ({
      page: p.page,
      score: round(p.ranked.score),
      snippet: snippetFromMarks(p.text, p.ranked.tokens, p.ranked.marks),
      matched: surfaces(p.ranked.matched),
      missing: surfaces([...p.ranked.missing, ...p.ranked.approximate].sort((a, b) => a - b)),
      partial: isPartial(p.ranked),
      ...(withText ? { text: p.text } : {}),
    }));
    if (pages.length === 0 && group.titleMatch) {
      const text = (this.sql('SELECT text FROM pages WHERE sha256 = ? AND page_number = ?').pluck().get(doc.sha256, 1) as string | undefined) ?? '';
      pages.push({ page: 1, score: 0, snippet: makeSnippet(text, plan.parsed), matched: plan.concepts.map((c) => c.surface), missing: [], partial: false, ...(withText ? { text } : {}) });
    }
    return {
      documentId: group.documentId,
      title: doc.title,
      type: doc.type,
      date: doc.document_date,
      score: round(group.score),
      pageHits: group.pageHits,
      titleMatch: group.titleMatch,
      partial: group.partial,
      matched: pages[0]?.matched ?? [],
      missing: pages[0]?.missing ?? [],
      pages,
      ...this.context(group.documentId, filters),
    };
  }

  /** The meeting and agenda item a document belongs to: the latest one the filters allow. */
  private context(documentId: number, filters: InternalFilters): SearchContext {
    const rows = this
      .sql(
        `SELECT m.id AS meetingId, m.title AS meetingTitle, m.starts_at AS startsAt, b.name AS bodyName, m.body_id AS bodyId,
                i.id AS itemId, i.number, i.title AS itemTitle, l.status
         FROM agenda_item_documents l
         JOIN agenda_items i ON i.id = l.agenda_item_id
         JOIN meetings m ON m.id = i.meeting_id
         JOIN bodies b ON b.id = m.body_id
         WHERE l.document_id = ?
         ORDER BY (l.status = 'active') DESC, m.starts_at DESC`,
      )
      .all(documentId) as { meetingId: number; meetingTitle: string; startsAt: string; bodyName: string; bodyId: number; itemId: number; number: string | null; itemTitle: string; status: string }[];
    const fits = (r: (typeof rows)[number]) =>
      (!filters.meetingId || r.meetingId === filters.meetingId) &&
      (!filters.bodyId || r.bodyId === filters.bodyId) &&
      (!filters.from || r.startsAt.slice(0, 10) >= filters.from) &&
      (!filters.to || r.startsAt.slice(0, 10) <= filters.to);
    const chosen = rows.find(fits) ?? rows[0];
    const meetings = new Set(rows.map((r) => r.meetingId));
    if (!chosen) return { meeting: null, agendaItem: null, otherMeetings: 0 };
    return {
      meeting: { id: chosen.meetingId, title: chosen.meetingTitle, startsAt: chosen.startsAt, bodyName: chosen.bodyName },
      agendaItem: { id: chosen.itemId, number: chosen.number, title: chosen.itemTitle },
      otherMeetings: meetings.size - 1,
    };
  }
}

interface PageHit {
  pageId: number;
  documentId: number;
  title: string;
  sha256: string;
  page: number;
  /** Set when the page is read again and ranked (pageReader). */
  text?: string;
  ranked?: RankedPage;
}

type Ranked = PageHit & Required<Pick<PageHit, 'text' | 'ranked'>>;

interface Group {
  documentId: number;
  score: number;
  /** The best pages, full matches before partial ones. */
  pages: PageHit[];
  pageHits: number;
  titleMatch: boolean;
  /** No page has every concept of the query. */
  partial: boolean;
  /** Its pages were not read again (beyond the ranked candidates): it follows those in bm25 order. */
  unranked?: boolean;
}

/** Pages grouped per document: the best page decides, with a small bonus for a document that matches on many pages. */
function groupByDocument(pages: Ranked[], pagesPerDocument: number): Map<number, Group> {
  const sorted = [...pages].sort((a, b) => Number(isPartial(a.ranked)) - Number(isPartial(b.ranked)) || b.ranked.score - a.ranked.score);
  const groups = new Map<number, Group>();
  for (const hit of sorted) {
    let group = groups.get(hit.documentId);
    if (!group) {
      group = { documentId: hit.documentId, score: 0, pages: [], pageHits: 0, titleMatch: false, partial: isPartial(hit.ranked) };
      groups.set(hit.documentId, group);
    }
    group.pageHits++;
    if (group.pages.length < pagesPerDocument) group.pages.push(hit);
  }
  for (const group of groups.values()) group.score = (group.pages[0]?.ranked?.score ?? 0) * (1 + 0.1 * Math.log(group.pageHits));
  return groups;
}

/** A page without every concept, or with one only approximately (a phrase's words near each other). */
const isPartial = (ranked: RankedPage) => ranked.missing.length > 0 || ranked.approximate.length > 0;

/** The query with the other forms, compounds and synonyms it matched as quoted phrases (see SearchResults.markQuery). */
function markQuery(query: string, plan: QueryPlan): string {
  const extra = new Set<string>();
  for (const alternative of plan.concepts.flatMap((c) => c.alternatives)) {
    if (alternative.via === 'literal' || alternative.via === 'number' || alternative.via === 'near' || alternative.kind === 'prefix') continue;
    extra.add(alternative.label.replace(/"/g, ''));
  }
  return [query, ...[...extra].map((label) => `"${label}"`)].join(' ');
}

/** The query as typed with each corrected word replaced: what "Bedoelde u …?" offers. */
function applyCorrections(query: string, corrections: { from: string; to: string }[]): string {
  let out = query;
  for (const c of corrections) out = out.replace(c.from, c.to);
  return out;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** SQL conditions on a document `d` for the search filters; meeting filters go through its agenda links. */
function documentFilterSql(filters: InternalFilters): { where: string; params: Record<string, unknown> } {
  const conditions = ['1 = 1'];
  const params: Record<string, unknown> = {};
  if (filters.types?.length) {
    conditions.push('d.type IN (SELECT value FROM json_each(@types))');
    params.types = JSON.stringify(filters.types);
  }
  if (filters.sourceId) {
    conditions.push('d.source_id = @sourceId');
    params.sourceId = filters.sourceId;
  }
  if (filters.documentIds) {
    conditions.push('d.id IN (SELECT value FROM json_each(@documentIds))');
    params.documentIds = JSON.stringify(filters.documentIds);
  }
  const meeting: string[] = [];
  if (filters.meetingId) {
    meeting.push('m.id = @meetingId');
    params.meetingId = filters.meetingId;
  }
  if (filters.bodyId) {
    meeting.push('m.body_id = @bodyId');
    params.bodyId = filters.bodyId;
  }
  if (filters.from) {
    meeting.push('substr(m.starts_at, 1, 10) >= @from');
    params.from = filters.from;
  }
  if (filters.to) {
    meeting.push('substr(m.starts_at, 1, 10) <= @to');
    params.to = filters.to;
  }
  if (meeting.length) {
    conditions.push(
      `EXISTS (SELECT 1 FROM agenda_item_documents l JOIN agenda_items i ON i.id = l.agenda_item_id JOIN meetings m ON m.id = i.meeting_id
               WHERE l.document_id = d.id AND ${meeting.join(' AND ')})`,
    );
  }
  return { where: conditions.join(' AND '), params };
}

function recordHit(record: SearchRecord & { score: number }, parsed: ParsedQuery): RecordHit {
  const text = record.text || record.title;
  return {
    kind: record.kind as RecordHit['kind'],
    personal: record.kind === 'annotation' || record.kind === 'agenda-note' || record.kind === 'motion',
    refId: record.refId,
    title: record.title,
    snippet: makeSnippet(text, parsed, 24),
    meetingId: record.meetingId,
    documentId: record.documentId,
    page: record.page,
    score: round(record.score),
  };
}
