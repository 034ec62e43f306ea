import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SearchResults } from '../../shared/api.ts';
import type { CoreEvent } from '../../shared/api.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { openStore } from '../../electron/core/db/open-store.ts';
import { SearchService } from '../../electron/core/search/search-service.ts';
import { PageIndex } from '../../electron/core/search/page-index.ts';
import { dutchCompoundSplitter } from '../../electron/core/search/lexicon.ts';
import { writePackage, type TestPackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
function openCore(dataDir = tempDir(), events?: CoreEvent[]): Core {
  const core = createCore({ dataDir, clock: () => new Date('2026-11-22T12:00:00Z'), extractionThreads: 2 });
  if (events) core.onEvent((e) => events.push(e));
  cores.push(core);
  return core;
}
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

/** Two meetings of two bodies, documents whose pages say different things. */
function infoMeeting(): TestPackage {
  return {
    meetingId: 'zwolle/2017-01-09',
    title: 'Raadsplein info/debat',
    start: '2017-01-09T20:15:00+01:00',
    agenda: [
      { id: '1.3.a', number: '1.3.a', title: 'Ontwikkelagenda passend onderwijs en jeugdhulp', documents: ['doc/beslisnota', 'doc/advies'] },
      { id: '2.3', number: '2.3', title: 'Rekenkameronderzoek Schulddienstverlening', documents: ['doc/rekenkamer'] },
    ],
    documents: [
      {
        id: 'doc/beslisnota',
        title: 'Beslisnota Ontwikkelagenda',
        type: 'beslisnota',
        pages: [
          ['Beslisnota voor de raad', 'Passend onderwijs en jeugdhulp horen bij elkaar.'],
          ['Financiële gevolgen', 'De kosten van het onderwijs zijn passend binnen de begroting.'],
        ],
      },
      { id: 'doc/advies', title: 'Advies Participatieraad', type: 'bijlage', pages: [['De Participatieraad adviseert positief over de ontwikkelagenda.']] },
      {
        id: 'doc/rekenkamer',
        title: 'Rekenkamerrapport Schulddienstverlening',
        type: 'rekenkamerrapport',
        pages: [
          ['Inleiding', 'Dit rapport gaat over de gemeentelijke aanpak.'],
          ['Bevindingen', 'De schulddienstverlening in Zwolle kent wachtlijsten.', 'Veel inwoners hebben schulden.'],
          ['Conclusies', 'Nazorg is beperkt: niet alle klanten krijgen een nazorgtraject.'],
        ],
      },
    ],
  };
}

function laterMeeting(): TestPackage {
  return {
    meetingId: 'zwolle/2017-02-13',
    title: 'Raadsplein info/debat',
    start: '2017-02-13T20:15:00+01:00',
    agenda: [{ id: '1.3', number: '1.3', title: 'Armoedebeleid', documents: ['doc/armoede'] }],
    documents: [
      {
        id: 'doc/armoede',
        title: 'Raadsvoorstel Armoedebeleid',
        type: 'raadsvoorstel',
        pages: [['Armoedebeleid 2017-2020', 'Vroegsignalering van schulden en nazorg na schuldhulpverlening.']],
      },
    ],
  };
}

async function coreWith(...specs: TestPackage[]): Promise<Core> {
  const core = openCore();
  for (const spec of specs) await core.importPackages({ paths: [(await writePackage(tempDir(), spec)).dir] });
  await core.searchIndexReady();
  return core;
}

const titles = (r: SearchResults) => r.documents.map((d) => d.title);
const pagesOf = (r: SearchResults, title: string) => r.documents.find((d) => d.title === title)?.pages.map((p) => p.page);
/** Pages with every word (not partial matches). */
const fullPagesOf = (r: SearchResults, title: string) =>
  r.documents
    .find((d) => d.title === title)
    ?.pages.filter((p) => !p.partial)
    .map((p) => p.page);
const marks = (r: SearchResults) => r.documents.flatMap((d) => d.pages.flatMap((p) => p.snippet.filter((s) => s.match).map((s) => s.text)));

describe('search over page text', () => {
  it('finds inflections and compounds: schuld finds schulden and schulddienstverlening, on the right page', async () => {
    const core = await coreWith(infoMeeting());
    const results = core.search({ query: 'schuld' });
    expect(titles(results)[0]).toBe('Rekenkamerrapport Schulddienstverlening');
    expect(pagesOf(results, 'Rekenkamerrapport Schulddienstverlening')![0]).toBe(2);
    expect(marks(results)).toEqual(expect.arrayContaining(['schulddienstverlening', 'schulden']));
    expect(results.documents[0]).toMatchObject({
      meeting: { title: 'Raadsplein info/debat' },
      agendaItem: { number: '2.3', title: 'Rekenkameronderzoek Schulddienstverlening' },
    });
    // The second half of a compound too, and diacritics either way.
    expect(pagesOf(core.search({ query: 'dienstverlening' }), 'Rekenkamerrapport Schulddienstverlening')).toContain(2);
    expect(pagesOf(core.search({ query: 'financiele' }), 'Beslisnota Ontwikkelagenda')).toEqual([2]);
  });

  it('ranks pages with every word first, then partial matches, and matches phrases only in order', async () => {
    const core = await coreWith(infoMeeting());
    expect(fullPagesOf(core.search({ query: 'nazorg klanten' }), 'Rekenkamerrapport Schulddienstverlening')).toEqual([3]);
    // No page has both: pages with one of them follow as partial matches, the missing word named.
    const partial = core.search({ query: 'nazorg participatieraad' });
    expect(partial.partialFrom).toBe(0);
    expect(partial.documents.length).toBeGreaterThan(0);
    expect(partial.documents.every((d) => d.partial)).toBe(true);
    expect(partial.documents.find((d) => d.title === 'Rekenkamerrapport Schulddienstverlening')!.missing).toEqual(['participatieraad']);
    // Both pages of the beslisnota have both words; only page 1 has them as a phrase.
    expect(fullPagesOf(core.search({ query: 'passend onderwijs' }), 'Beslisnota Ontwikkelagenda')!.sort()).toEqual([1, 2]);
    expect(fullPagesOf(core.search({ query: '"passend onderwijs"' }), 'Beslisnota Ontwikkelagenda')).toEqual([1]);
    expect(marks(core.search({ query: '"passend onderwijs"' }))).toContain('Passend onderwijs');
  });

  it('excludes pages with -word and -"phrase"', async () => {
    const core = await coreWith(infoMeeting());
    expect(pagesOf(core.search({ query: 'onderwijs -jeugdhulp' }), 'Beslisnota Ontwikkelagenda')).toEqual([2]);
    expect(pagesOf(core.search({ query: 'onderwijs -"passend onderwijs"' }), 'Beslisnota Ontwikkelagenda')).toEqual([2]);
  });

  it('filters by document type, meeting, date range and body, and sorts by date', async () => {
    const core = await coreWith(infoMeeting(), laterMeeting());
    expect(titles(core.search({ query: 'nazorg' })).sort()).toEqual(['Raadsvoorstel Armoedebeleid', 'Rekenkamerrapport Schulddienstverlening']);
    expect(titles(core.search({ query: 'nazorg', filters: { types: ['raadsvoorstel'] } }))).toEqual(['Raadsvoorstel Armoedebeleid']);
    expect(titles(core.search({ query: 'nazorg', filters: { from: '2017-02-01' } }))).toEqual(['Raadsvoorstel Armoedebeleid']);
    expect(titles(core.search({ query: 'nazorg', filters: { to: '2017-01-31' } }))).toEqual(['Rekenkamerrapport Schulddienstverlening']);
    const later = core.listMeetings({}).find((m) => m.startsAt.startsWith('2017-02-13'))!;
    expect(titles(core.search({ query: 'nazorg', filters: { meetingId: later.id } }))).toEqual(['Raadsvoorstel Armoedebeleid']);
    expect(titles(core.search({ query: 'nazorg', filters: { bodyId: later.body.id } }))).toHaveLength(2);
    expect(titles(core.search({ query: 'nazorg', filters: { bodyId: 999 } }))).toEqual([]);
    expect(titles(core.search({ query: 'schulden', sort: 'date' }))[0]).toBe('Raadsvoorstel Armoedebeleid');
  });

  it('corrects a typo to the nearest word the documents have, and says so', async () => {
    const core = await coreWith(infoMeeting());
    const results = core.search({ query: 'schulddienstverlning' });
    expect(results.corrections).toEqual([{ from: 'schulddienstverlning', to: 'schulddienstverlening' }]);
    expect(titles(results)[0]).toBe('Rekenkamerrapport Schulddienstverlening');
  });

  it('suggests completions of the last word and matching titles', async () => {
    const core = await coreWith(infoMeeting());
    const suggestions = core.suggest({ text: 'passend schuldd' });
    expect(suggestions).toContainEqual({ text: 'passend schulddienstverlening', kind: 'word' });
    expect(core.suggest({ text: 'rekenkameronder' })).toContainEqual({ text: 'Rekenkameronderzoek Schulddienstverlening', kind: 'title' });
    // As you type, the last word is a prefix.
    expect(pagesOf(core.search({ query: 'nazorgtra', asYouType: true }), 'Rekenkamerrapport Schulddienstverlening')).toEqual([3]);
  });

  it('finds agenda items and meetings by their words, fuzzily', async () => {
    const core = await coreWith(infoMeeting());
    const results = core.search({ query: 'rekenkameronderzoek' });
    expect(results.records).toContainEqual(expect.objectContaining({ kind: 'agenda-item', title: '2.3 Rekenkameronderzoek Schulddienstverlening', personal: false }));
    expect(core.search({ query: 'ontwikelagenda' }).records.map((r) => r.title)).toContain('1.3.a Ontwikkelagenda passend onderwijs en jeugdhulp');
  });
});

/** Both meetings imported and indexed, and the store opened beside the core: for a SearchService with other thresholds. */
async function bothMeetingsStore() {
  const dataDir = tempDir();
  const core = openCore(dataDir);
  await core.importPackages({ paths: [(await writePackage(tempDir(), infoMeeting())).dir, (await writePackage(tempDir(), laterMeeting())).dir] });
  await core.searchIndexReady();
  return openStore(dataDir);
}

describe('the query plans for large libraries', () => {
  it('ranks only the newest matches of a very broad query, and says the total is an estimate', async () => {
    const store = await bothMeetingsStore();
    try {
      const small = new SearchService(store.db, () => {}, () => new Date(), { rankWindow: 1, restrictBelowPages: 1 });
      // "nazorg" is on two pages; a window of one ranks only the newest (the later meeting's).
      const broad = small.search({ query: 'nazorg' });
      expect(broad).toMatchObject({ totalIsEstimate: true });
      expect(titles(broad)).toEqual(['Raadsvoorstel Armoedebeleid']);
      // A date filter reaches the older page again.
      expect(titles(small.search({ query: 'nazorg', filters: { to: '2017-01-31' } }))).toEqual(['Rekenkamerrapport Schulddienstverlening']);
      // A filter that leaves few pages ranks among those pages only: every match there is found.
      const restricted = new SearchService(store.db, () => {}, () => new Date(), { rankWindow: 1, restrictBelowPages: 1000 });
      expect(restricted.search({ query: 'nazorg', filters: { types: ['rekenkamerrapport'] } })).toMatchObject({
        totalIsEstimate: false,
        documents: [{ title: 'Rekenkamerrapport Schulddienstverlening' }],
      });
    } finally {
      store.close();
    }
  });

  it('ranks a query of common words among the newest pages when they hold enough of its matches', async () => {
    const store = await bothMeetingsStore();
    try {
      // Every word counts as common, one match is enough, and the newest page alone is kept apart (rebuilt so).
      const small = new SearchService(store.db, () => {}, () => new Date(), { costlyPostings: 0, recentEnough: 1, recentPages: 1 });
      store.db.prepare("UPDATE search_meta SET value = 'stale' WHERE key = 'analyser'").run();
      // The later meeting's file is the newest (both were imported at the same clock time).
      store.db
        .prepare("UPDATE pdf_files SET extracted_at = '2027-01-01' WHERE sha256 IN (SELECT v.sha256 FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE d.title = ?)")
        .run('Raadsvoorstel Armoedebeleid');
      small.pages.resetIfStale();
      await small.ensureIndexed();
      // "nazorg" is on two pages: only the newest (the later meeting's) is ranked, and the total says so.
      const common = small.search({ query: 'nazorg' });
      expect(common).toMatchObject({ totalIsEstimate: true });
      expect(titles(common)).toEqual(['Raadsvoorstel Armoedebeleid']);
      // Words the newest pages do not have are looked for in the whole library.
      expect(small.search({ query: 'wachtlijsten' })).toMatchObject({ totalIsEstimate: false, documents: [{ title: 'Rekenkamerrapport Schulddienstverlening' }] });
      // Words that are not common: every match is ranked.
      const rare = new SearchService(store.db, () => {}, () => new Date(), { recentPages: 1 });
      expect(titles(rare.search({ query: 'nazorg' })).sort()).toEqual(['Raadsvoorstel Armoedebeleid', 'Rekenkamerrapport Schulddienstverlening']);
    } finally {
      store.close();
    }
  });
});

describe('search over my own work', () => {
  it('finds annotations, agenda notes and motion drafts, marked as mine', async () => {
    const dataDir = tempDir();
    const importer = openCore(dataDir);
    await importer.importPackages({ paths: [(await writePackage(tempDir(), infoMeeting())).dir] });
    const meeting = importer.getMeeting({ meetingId: 1 });
    await importer.close();
    cores.splice(cores.indexOf(importer), 1);
    const item = meeting.agenda.find((i) => i.number === '2.3')!;
    // My work as it is stored (the annotation and motion APIs write these rows), there when the app starts.
    const personal = new Database(path.join(dataDir, 'personal.db'));
    personal
      .prepare(
        "INSERT INTO annotations (id, document_id, document_key, sha256, page_number, kind, color, note, tags, quote_exact, created_at, updated_at) VALUES ('a1', ?, 'local:doc/rekenkamer', ?, 3, 'highlight', 'yellow', 'Vragen over wachttijden stellen', '[\"armoede\"]', 'Nazorg is beperkt', 't', 't')",
      )
      .run(item.documents[0]!.id, item.documents[0]!.sha256);
    personal.prepare("INSERT INTO agenda_notes (agenda_item_id, agenda_item_key, body, stance, updated_at) VALUES (?, 'local:2.3', 'Fractie wil een motie over wachttijden', 'voor', 't')").run(item.id);
    personal
      .prepare("INSERT INTO motion_drafts (id, kind, meeting_id, agenda_item_id, title, content, created_at, updated_at) VALUES ('m1', 'motie', 1, ?, 'Motie Wachttijden schuldhulp', ?, 't', 't')")
      .run(item.id, JSON.stringify({ constaterende: ['dat de wachttijden oplopen'], verzoekt: 'de wachttijden te halveren' }));
    personal.close();

    const core = openCore(dataDir);
    await core.searchIndexReady();
    const results = core.search({ query: 'wachttijden' });
    expect(results.records.map((r) => [r.kind, r.personal])).toEqual(
      expect.arrayContaining([
        ['annotation', true],
        ['agenda-note', true],
        ['motion', true],
      ]),
    );
    expect(results.records.find((r) => r.kind === 'annotation')).toMatchObject({ documentId: item.documents[0]!.id, page: 3 });
    expect(core.search({ query: '#armoede' }).records.map((r) => r.kind)).toContain('annotation');
  });
});

describe('the index on disk', () => {
  /** Everything the index holds: terms with page and occurrence counts, pages, vocabulary. */
  function indexContents(dataDir: string) {
    const db = new Database(path.join(dataDir, 'library.db'), { readonly: true });
    try {
      return {
        vocabulary: db.prepare('SELECT term, doc, cnt FROM search_vocab ORDER BY term').all(),
        pages: db.prepare('SELECT sha256, page_number, indexed FROM search_pages ORDER BY sha256, page_number').all(),
        terms: db.prepare('SELECT term, freq FROM search_terms ORDER BY term').all(),
        stems: db.prepare('SELECT term, pages FROM search_stems ORDER BY term').all(),
        counts: db.prepare('SELECT name, value FROM search_counts ORDER BY name').all(),
        recent: db.prepare('SELECT rowid FROM search_recent ORDER BY rowid').pluck().all(),
      };
    } finally {
      db.close();
    }
  }

  it('an import updates the index incrementally to exactly what a full rebuild gives', async () => {
    const incremental = tempDir();
    const a = openCore(incremental);
    await a.importPackages({ paths: [(await writePackage(tempDir(), infoMeeting())).dir] });
    expect(a.search({ query: 'armoedebeleid' }).documents).toEqual([]);
    await a.importPackages({ paths: [(await writePackage(tempDir(), laterMeeting())).dir] });
    expect(titles(a.search({ query: 'armoedebeleid' }))).toEqual(['Raadsvoorstel Armoedebeleid']);
    await a.close();
    cores.splice(cores.indexOf(a), 1);

    // Force a rebuild, as an analyser upgrade would: it runs at start, with progress.
    const db = new Database(path.join(incremental, 'library.db'));
    const before = indexContents(incremental);
    db.prepare("UPDATE search_meta SET value = 'nl-0' WHERE key = 'analyser'").run();
    db.close();
    const events: CoreEvent[] = [];
    const rebuilt = openCore(incremental, events);
    await rebuilt.searchIndexReady();
    expect(indexContents(incremental)).toEqual(before);
    const progress = events.filter((e) => e.type === 'progress' && e.task === 'search-index');
    expect(progress.at(-1)).toMatchObject({ progress: { phase: 'index', done: 7, total: 7 } });
    expect(rebuilt.searchStatus({})).toEqual({ indexedPages: 7, totalPages: 7, building: false });

    // And a store that imported both in one go holds the same index.
    const together = tempDir();
    const b = openCore(together);
    await b.importPackages({ paths: [(await writePackage(tempDir(), infoMeeting())).dir, (await writePackage(tempDir(), laterMeeting())).dir] });
    expect(indexContents(together)).toEqual(before);
  });
});

describe('what the index counts as it grows', () => {
  it('pages per term as FTS5 counts them, and the pages and characters indexed', async () => {
    const dataDir = tempDir();
    const core = openCore(dataDir);
    await core.importPackages({ paths: [(await writePackage(tempDir(), infoMeeting())).dir, (await writePackage(tempDir(), laterMeeting())).dir] });
    await core.searchIndexReady();
    const db = new Database(path.join(dataDir, 'library.db'), { readonly: true });
    try {
      // FTS5's own vocabulary reads every doclist for this; the index kept the same numbers as it went.
      expect(db.prepare('SELECT term, pages FROM search_stems ORDER BY term').all()).toEqual(db.prepare('SELECT term, doc AS pages FROM search_vocab ORDER BY term').all());
      const chars = db.prepare('SELECT sum(length(p.text)) FROM search_pages s JOIN pages p ON p.sha256 = s.sha256 AND p.page_number = s.page_number WHERE s.indexed = 1').pluck().get();
      expect(db.prepare('SELECT name, value FROM search_counts ORDER BY name').all()).toEqual([
        { name: 'chars-indexed', value: chars },
        { name: 'pages-indexed', value: 7 },
        { name: 'pages-seen', value: 7 },
      ]);
    } finally {
      db.close();
    }
    expect(core.searchStatus({})).toEqual({ indexedPages: 7, totalPages: 7, building: false });
  });

  /** A store with a page index that keeps `recentPages` apart, and files of page texts put in as an import stores them. */
  function pageIndexStore(recentPages: number) {
    const store = openStore(tempDir());
    const pages = new PageIndex(store.db, () => dutchCompoundSplitter(store.db), 'test', recentPages);
    pages.resetIfStale();
    const addFile = (sha256: string, texts: string[]) => {
      store.db.prepare("INSERT INTO pdf_files (sha256, size, page_count, extracted_at) VALUES (?, 1, ?, '2026-01-01')").run(sha256, texts.length);
      texts.forEach((text, i) => store.db.prepare("INSERT INTO pages (sha256, page_number, width, height, text, raw_text, quality, runs) VALUES (?, ?, 595, 842, ?, '', 'ok', '[]')").run(sha256, i + 1, text));
    };
    const recent = () => store.db.prepare('SELECT rowid FROM search_recent ORDER BY rowid').pluck().all();
    const found = (table: string, word: string) => store.db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).pluck().all(`"${word}"`);
    // As prune-versions removes a file: out of the index, then its pages and the file.
    const removeFile = (sha256: string) =>
      store.db.transaction(() => {
        pages.removeFile(sha256);
        store.db.prepare('DELETE FROM pages WHERE sha256 = ?').run(sha256);
        store.db.prepare('DELETE FROM pdf_files WHERE sha256 = ?').run(sha256);
      })();
    // While queries rank in search_recent, the usable pages it lacks after recent-from (none, or a search misses them).
    const missingFromRecent = () => {
      if (!pages.recentInUse()) return [];
      const from = store.db.prepare("SELECT value FROM search_counts WHERE name = 'recent-from'").pluck().get();
      const held = new Set(recent());
      return store.db.prepare('SELECT id FROM search_pages WHERE id > ? AND indexed = 1 ORDER BY id').pluck().all(from).filter((id) => !held.has(id));
    };
    return { store, pages, addFile, recent, found, removeFile, missingFromRecent };
  }

  /** Another process's page index on the same store (an import beside the app). */
  function sharingProcess(store: { dataDir: string }, recentPages: number) {
    const other = openStore(store.dataDir);
    return { pages: new PageIndex(other.db, () => dutchCompoundSplitter(other.db), 'test', recentPages), close: () => other.close() };
  }

  /** Page texts with a word of their own each: "Pagina a1 van de raad.", "Pagina a2 …". */
  const numbered = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `Pagina ${prefix}${i + 1} van de raad.`);

  it('keeps only the newest pages in search_recent as files arrive', async () => {
    const { store, pages, addFile, recent, found } = pageIndexStore(2);
    try {
      addFile('a'.repeat(64), ['Nazorg voor klanten.', 'De wachtlijsten groeien.', 'Nazorg blijft nodig.']);
      await pages.indexMissing();
      expect(recent()).toEqual([2, 3]);
      addFile('b'.repeat(64), ['Nazorg in het armoedebeleid.', 'Een nieuwe regeling.']);
      await pages.indexMissing();
      // The two newest; the library keeps every page.
      expect(recent()).toEqual([4, 5]);
      expect(found('search_recent', 'nazorg')).toEqual([4]);
      expect(found('search_fts', 'nazorg')).toEqual([1, 3, 4]);
      expect(pages.stemFrequency('nazorg')).toBe(3);
      expect(pages.progress()).toEqual({ indexedPages: 5, totalPages: 5 });
    } finally {
      store.close();
    }
  });

  it('writes no page twice while the library is small, and fills search_recent when it outgrows it, resuming after a cancel', async () => {
    const { store, pages, addFile, recent, found: foundIn } = pageIndexStore(3);
    const found = (word: string) => foundIn('search_recent', word);
    try {
      addFile('a'.repeat(64), ['Nazorg voor klanten.', 'De wachtlijsten groeien.']);
      await pages.indexMissing();
      // Two pages, three kept apart: the library is ranked in search_fts, search_recent stays empty.
      expect(recent()).toEqual([]);
      expect(pages.recentInUse()).toBe(false);

      addFile('b'.repeat(64), ['Nazorg in het armoedebeleid.', 'Een nieuwe regeling.']);
      // Cancelled as it starts to fill: nothing is in use yet, and the next run goes on.
      const cancel = new AbortController();
      await expect(pages.indexMissing({ signal: cancel.signal, onProgress: () => cancel.abort() })).rejects.toMatchObject({ code: 'cancelled' });
      expect(pages.recentInUse()).toBe(false);
      const progress: { done: number; total: number }[] = [];
      await pages.indexMissing({ onProgress: (p) => progress.push({ done: p.done, total: p.total }) });
      // The newest three: page 2 analysed again from its text, 3 and 4 as they were indexed.
      expect(recent()).toEqual([2, 3, 4]);
      expect(found('wachtlijst')).toEqual([2]);
      expect(found('nazorg')).toEqual([3]);
      expect(pages.recentInUse()).toBe(true);
      expect(progress.at(-1)).toEqual({ done: 3, total: 3 });

      addFile('c'.repeat(64), ['Wachtlijsten in de nazorg.']);
      await pages.indexMissing();
      expect(recent()).toEqual([3, 4, 5]);
      expect(found('wachtlijst')).toEqual([5]);

      // An index written before search_recent's state was recorded (it then held the newest pages at
      // every size) is taken over without a rebuild: a larger library keeps them in use ...
      const asBefore = () => {
        store.db.prepare("UPDATE search_meta SET value = replace(value, 'counted-2', 'counted-1') WHERE key = 'analyser'").run();
        store.db.prepare("DELETE FROM search_counts WHERE name LIKE 'recent-%'").run();
      };
      asBefore();
      expect(pages.resetIfStale()).toBe(false);
      expect(pages.recentInUse()).toBe(true);
      expect(recent()).toEqual([3, 4, 5]);
      expect(pages.progress()).toEqual({ indexedPages: 5, totalPages: 5 });
      // ... and in a smaller one (here: kept apart are more pages than it has) it is emptied.
      asBefore();
      const larger = new PageIndex(store.db, () => dutchCompoundSplitter(store.db), 'test', 10);
      expect(larger.resetIfStale()).toBe(false);
      expect(larger.recentInUse()).toBe(false);
      expect(recent()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('finishes a fill that another process sharing the store finished meanwhile without taking search_recent out of use', async () => {
    const { store, pages, addFile, recent, missingFromRecent } = pageIndexStore(300);
    const other = sharingProcess(store, 300);
    try {
      addFile('a'.repeat(64), numbered('a', 300));
      await pages.indexMissing();
      expect(pages.recentInUse()).toBe(false);
      // The library outgrows search_recent: pages 101-300 are filled in, in two batches; both processes take part.
      addFile('b'.repeat(64), numbered('b', 100));
      await Promise.all([pages.indexMissing(), other.pages.indexMissing()]);
      expect(pages.recentInUse()).toBe(true);
      expect(missingFromRecent()).toEqual([]);
      expect(recent()).toHaveLength(300);
      // And the next file is added to it, not filled in once more (a second row of the same rowid).
      addFile('c'.repeat(64), numbered('c', 1));
      await pages.indexMissing();
      expect(recent()).toEqual(Array.from({ length: 300 }, (_, i) => 102 + i));
      expect(missingFromRecent()).toEqual([]);
    } finally {
      other.close();
      store.close();
    }
  });

  it('misses no page in search_recent when a fill stopped halfway and the newest file was removed before it went on', async () => {
    const { store, pages, addFile, found, removeFile, missingFromRecent } = pageIndexStore(300);
    try {
      addFile('a'.repeat(64), numbered('a', 200));
      addFile('b'.repeat(64), numbered('b', 100));
      await pages.indexMissing();
      // Outgrown: pages 101-300 to fill in; cancelled after the first batch (up to page 250).
      addFile('c'.repeat(64), numbered('c', 100));
      const cancel = new AbortController();
      await expect(pages.indexMissing({ signal: cancel.signal, onProgress: (p) => p.done > 0 && cancel.abort() })).rejects.toMatchObject({ code: 'cancelled' });
      // Pages 201-300 leave (prune-versions), and file c's pages get their ids: the fill, up to 250, has none left to fill.
      removeFile('b'.repeat(64));
      await pages.indexMissing();
      addFile('d'.repeat(64), numbered('d', 100));
      await pages.indexMissing();
      expect(pages.recentInUse()).toBe(true);
      expect(missingFromRecent()).toEqual([]);
      expect(found('search_recent', 'c1')).toEqual([201]);
    } finally {
      store.close();
    }
  });

  it('takes over an index of the format before only with the newest pages it holds', async () => {
    const { store, pages, addFile, recent, removeFile, missingFromRecent } = pageIndexStore(3);
    try {
      addFile('a'.repeat(64), numbered('a', 5));
      addFile('b'.repeat(64), numbered('b', 2));
      await pages.indexMissing();
      expect(recent()).toEqual([5, 6, 7]);
      // The newest file removed: search_recent kept page 5 only, as the format before did.
      removeFile('b'.repeat(64));
      store.db.prepare("UPDATE search_meta SET value = replace(value, 'counted-2', 'counted-1') WHERE key = 'analyser'").run();
      store.db.prepare("DELETE FROM search_counts WHERE name LIKE 'recent-%'").run();
      expect(pages.resetIfStale()).toBe(false);
      expect(missingFromRecent()).toEqual([]);
      await pages.indexMissing();
      expect(pages.recentInUse()).toBe(true);
      expect(recent()).toEqual([3, 4, 5]);
    } finally {
      store.close();
    }
  });

  it('keeps search_recent in use when another process indexed a batch\'s files meanwhile', async () => {
    const { store, pages, addFile, recent, missingFromRecent } = pageIndexStore(3);
    const other = sharingProcess(store, 3);
    try {
      addFile('a'.repeat(64), numbered('a', 5));
      await pages.indexMissing();
      // Two batches of a file each: the other process indexes the second file while this one writes the first,
      // and this one skips it then; its pages must not count as added (search_recent would leave too many out).
      addFile('b'.repeat(64), numbered('b', 100));
      addFile('c'.repeat(64), numbered('c', 100));
      await Promise.all([pages.indexMissing(), other.pages.indexMissing()]);
      expect(pages.recentInUse()).toBe(true);
      expect(recent()).toEqual([203, 204, 205]);
      expect(missingFromRecent()).toEqual([]);
    } finally {
      other.close();
      store.close();
    }
  });
});

describe('saved searches', () => {
  it('tell which newly arrived documents match, until seen', async () => {
    const events: CoreEvent[] = [];
    const core = openCore(tempDir(), events);
    await core.importPackages({ paths: [(await writePackage(tempDir(), infoMeeting())).dir] });
    const saved = core.saveSearch({ name: 'Nazorg', query: 'nazorg schulden' });
    expect(saved).toMatchObject({ name: 'Nazorg', unseenAlerts: 0 });
    core.saveSearch({ name: 'Alleen rekenkamer', query: 'nazorg', filters: { types: ['rekenkamerrapport'] } });

    await core.importPackages({ paths: [(await writePackage(tempDir(), laterMeeting())).dir] });
    expect(events.filter((e) => e.type === 'search-alerts')).toEqual([{ type: 'search-alerts', alerts: [{ savedSearchId: saved.id, name: 'Nazorg', documents: 1 }] }]);
    // Listed by name.
    const [other, alerted] = core.listSavedSearches({});
    expect(alerted).toMatchObject({ name: 'Nazorg', unseenAlerts: 1, alerts: [{ title: 'Raadsvoorstel Armoedebeleid', page: 1, seen: false }] });
    expect(other).toMatchObject({ name: 'Alleen rekenkamer', unseenAlerts: 0 });

    expect(core.markAlertsSeen({ savedSearchId: saved.id })).toEqual({ marked: 1 });
    expect(core.listSavedSearches({})[1]).toMatchObject({ name: 'Nazorg', unseenAlerts: 0, alerts: [{ seen: true }] });
    expect(core.deleteSavedSearch({ savedSearchId: saved.id })).toEqual({ deleted: true });
    expect(core.listSavedSearches({}).map((s) => s.name)).toEqual(['Alleen rekenkamer']);
  });

  it('alert on documents with every word only, and one that cannot run costs the others nothing', async () => {
    const events: CoreEvent[] = [];
    const core = openCore(tempDir(), events);
    await core.importPackages({ paths: [(await writePackage(tempDir(), infoMeeting())).dir] });
    core.saveSearch({ name: 'Groot bedrag', query: '€ 10.000.000.000.000.000 nazorg' });
    // The new meeting speaks of nazorg but not of a ruimtevaartagentschap: a partial match, no alert.
    core.saveSearch({ name: 'Deels', query: 'nazorg ruimtevaartagentschap' });
    const full = core.saveSearch({ name: 'Vroegsignalering', query: 'vroegsignalering' });
    await core.importPackages({ paths: [(await writePackage(tempDir(), laterMeeting())).dir] });
    expect(events.filter((e) => e.type === 'search-alerts')).toEqual([{ type: 'search-alerts', alerts: [{ savedSearchId: full.id, name: 'Vroegsignalering', documents: 1 }] }]);
  });
});

describe('documents beyond the pages read again', () => {
  it('list a document with a page that has every word among the full matches, with that page first', async () => {
    // 45 pages with both words fill the pages read again; the mixed document's full page is not among them.
    // (Each page says it differently: lines repeated on every page are running headers, and left out.)
    const bulk = Array.from({ length: 45 }, (_, i) => [
      'Plan voor de binnenstad',
      'Hoofdstuk bruggen',
      `De fietsbrug en de kademuur, de fietsbrug en de kademuur, variant ${i + 1}.`,
      'De fietsbrug sluit aan op de kademuur.',
      'Zie ook de bijlagen',
      'Gemeente Zwolle',
    ]);
    const core = await coreWith({
      agenda: [{ id: '1', number: '1', title: 'Bruggen', documents: ['doc/bulk', 'doc/mixed'] }],
      documents: [
        { id: 'doc/bulk', title: 'Bulk', pages: bulk },
        { id: 'doc/mixed', title: 'Gemengd', pages: [['Ook hier een fietsbrug bij een kademuur, en verder een lange tekst over het beleid van de gemeente.'], ['Alleen een fietsbrug.']] },
      ],
    });
    const results = core.search({ query: 'fietsbrug kademuur', limit: 10 });
    const mixed = results.documents.find((d) => d.title === 'Gemengd')!;
    expect(mixed.partial).toBe(false);
    expect(mixed.pages[0]).toMatchObject({ page: 1, partial: false });
  });
});
