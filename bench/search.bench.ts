// npm run bench:search — the product's search against plain SQLite FTS5, on
// synthetic corpora of 10k, 50k and 200k pages (BENCH_SIZES to change).
//
// Corpus: the page texts of the bundled sample (real Zwolle documents),
// recombined sentence by sentence with a seeded random generator, plus a
// vocabulary that grows with the corpus (invented compounds of Dutch words,
// Zipf-distributed, as new subjects appear over a council term). Pages are
// written straight into a library (as an import would leave them), in
// meetings of 500 pages.
//
// Each measurement runs in a fresh child process, so start-up time and peak
// RSS are those of a process that does only that:
//   build        product: index every page (analyser + FTS5); plain: FTS5 unicode61 over raw text
//   first answer process start → first query answered (product: includes opening the store and
//                building the in-memory record index)
//   latency      p50/p95 of a fixed set of realistic Dutch queries, 5 rounds: the full
//                pipeline, and the same engine with only the words as typed (exact)
//   incremental  product: import one new 500-page meeting into the existing store (the
//                compiled core, as the app runs it), with a search asked every ~100 ms
//                meanwhile (time from asking to its answer); where its time went, per stage
// And once, at the smallest size (below 200k pages): MiniSearch holding the pages itself
// (the design not taken), to show why pages live in FTS5.
//
// BENCH_CORPUS_DIR=dir keeps each corpus (and its built indexes) there; a later run measures
// it again without generating or indexing it anew, and adds the new meeting to a copy.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import crypto from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import MiniSearch from 'minisearch';
import type * as CoreModule from '../electron/core/index.ts';
import { createCore, IMPORT_STAGES, importStages } from '../electron/core/index.ts';
import { dutchCompoundSplitter } from '../electron/core/search/lexicon.ts';
import { PACKAGE_FORMAT, type PackageManifest } from '../shared/package-format.ts';
import { isStopword, stem, tokens } from '../shared/search/analyser.ts';
import { textToPdf } from '../scripts/lib/text-pdf.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZES = (process.env.BENCH_SIZES ?? '10000,50000,200000').split(',').map(Number);
const CORPUS_DIR = process.env.BENCH_CORPUS_DIR ? path.resolve(process.env.BENCH_CORPUS_DIR) : undefined;
const MEETING_PAGES = 500;
const PAGES_PER_DOCUMENT = 25;

const QUERIES = [
  'schuldhulpverlening',
  'passend onderwijs',
  '"passend onderwijs"',
  'nazorg schuldhulp',
  'advies participatieraad',
  'jeugdhulp wachtlijsten',
  'rekenkamer aanbevelingen',
  'financiële gevolgen',
  'armoedebeleid',
  'sociaal wijkteam',
  'transformatie jeugdzorg',
  'vroegsignalering schulden',
  'beleidsplan schulddienstverlening',
  'zorgaanbieders',
  'ontwikkelagenda',
  're-integratie',
  'klanten nazorgtraject',
  'gemeente zwolle budget',
  'dienstverlening -rekenkamer',
  'schuldhulpverlning',
  // What councillors type besides keywords: questions, other forms, compounds apart, amounts, abbreviations.
  'hoeveel kost de nazorg voor klanten in 2017',
  'wat adviseert de participatieraad over de ontwikkelagenda',
  'kosten zorg',
  'jeugdhulp aanbieders',
  'gewijzigde regeling',
  '2,5 mln',
  'wmo',
  'zorg- en veiligheidshuis',
  'quick scan schulden',
  '"zo licht als kan"',
];

// ---- corpus ------------------------------------------------------------------

/** Mulberry32: a small seeded generator, so every run builds the same corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sentences of the sample's pages: the real text the corpus is recombined from. */
async function sampleSentences(work: string): Promise<string[]> {
  const dataDir = path.join(work, 'sample');
  const core = createCore({ dataDir });
  const sampleDir = path.join(repo, 'resources', 'sample');
  await core.importPackages({ paths: fs.readdirSync(sampleDir).map((n) => path.join(sampleDir, n)) });
  await core.close();
  const db = new Database(path.join(dataDir, 'library.db'), { readonly: true });
  const texts = db.prepare("SELECT text FROM pages WHERE quality = 'ok'").pluck().all() as string[];
  db.close();
  return texts.flatMap((t) => t.split(/(?<=[.?!])\s+/)).filter((s) => s.length > 30);
}

/** Word-wraps text into lines of at most `width` characters. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** Invented compounds of real Dutch words: the vocabulary that grows with the term. */
function growingVocabulary(rand: () => number, size: number): string[] {
  const words = ['wijk', 'zorg', 'jeugd', 'school', 'buurt', 'fiets', 'water', 'groen', 'energie', 'woning', 'haven', 'sport', 'cultuur', 'markt', 'station', 'parkeer', 'klimaat', 'afval', 'veilig', 'welzijn'];
  const tails = ['plan', 'fonds', 'visie', 'aanpak', 'regeling', 'beleid', 'project', 'netwerk', 'agenda', 'monitor', 'budget', 'akkoord', 'traject', 'opgave', 'strategie'];
  return Array.from({ length: size }, (_, i) => `${words[Math.floor(rand() * words.length)]}${tails[Math.floor(rand() * tails.length)]}${String.fromCharCode(97 + (i % 26))}${Math.floor(i / 26)}`);
}

/** Writes `pages` pages as meetings of 500 pages into a store's library, as imports would. */
function writeCorpus(dataDir: string, sentences: string[], pages: number, seed: number): void {
  const db = new Database(path.join(dataDir, 'library.db'));
  db.pragma('journal_mode = WAL');
  const rand = random(seed);
  // Heaps' law: the number of distinct subject words grows with the square root of the corpus.
  const vocabulary = growingVocabulary(rand, Math.round(40 * Math.sqrt(pages)));
  const zipf = () => vocabulary[Math.min(vocabulary.length - 1, Math.floor(vocabulary.length * Math.pow(rand(), 3)))]!;
  const now = new Date().toISOString();
  const insert = {
    source: db.prepare("INSERT OR IGNORE INTO sources (id, kind, key, name, created_at) VALUES (1, 'package', 'local', 'Bench', ?)"),
    body: db.prepare("INSERT OR IGNORE INTO bodies (id, source_id, external_id, name, kind, municipality) VALUES (1, 1, 'bench', 'Gemeenteraad', 'gemeenteraad', 'Zwolle')"),
    meeting: db.prepare(
      "INSERT INTO meetings (source_id, external_id, body_id, title, kind, starts_at, created_at, updated_at) VALUES (1, ?, 1, ?, 'besluitvormend', ?, ?, ?)",
    ),
    item: db.prepare('INSERT INTO agenda_items (meeting_id, external_id, position, number, title) VALUES (?, ?, ?, ?, ?)'),
    file: db.prepare('INSERT INTO pdf_files (sha256, size, page_count, title, extracted_at) VALUES (?, ?, ?, NULL, ?)'),
    page: db.prepare("INSERT INTO pages (sha256, page_number, width, height, text, raw_text, quality, runs) VALUES (?, ?, 595, 842, ?, '', 'ok', '[]')"),
    document: db.prepare("INSERT INTO documents (source_id, external_id, title, type, created_at, updated_at) VALUES (1, ?, ?, 'raadsvoorstel', ?, ?)"),
    version: db.prepare("INSERT INTO document_versions (document_id, sha256, file_name, created_at) VALUES (?, ?, 'bench.pdf', ?)"),
    current: db.prepare('UPDATE documents SET current_version_id = ? WHERE id = ?'),
    link: db.prepare('INSERT INTO agenda_item_documents (agenda_item_id, document_id, position) VALUES (?, ?, 0)'),
  };
  insert.source.run(now);
  insert.body.run();
  const meetings = Math.ceil(pages / MEETING_PAGES);
  for (let m = 0; m < meetings; m++) {
    db.transaction(() => {
      const date = new Date(Date.UTC(2022, 0, 1) + m * 3 * 86_400_000).toISOString().slice(0, 10);
      const meetingId = Number(insert.meeting.run(`bench/${m}`, `Raadsvergadering ${m + 1}`, `${date}T19:30:00+01:00`, now, now).lastInsertRowid);
      for (let d = 0; d < MEETING_PAGES / PAGES_PER_DOCUMENT; d++) {
        const subject = zipf();
        const itemId = Number(insert.item.run(meetingId, `${m}.${d}`, d, String(d + 1), `Voorstel ${subject}`).lastInsertRowid);
        const sha = `${m.toString(16).padStart(8, '0')}${d.toString(16).padStart(8, '0')}`.padEnd(64, '0');
        insert.file.run(sha, 100_000, PAGES_PER_DOCUMENT, now);
        for (let p = 1; p <= PAGES_PER_DOCUMENT; p++) {
          const parts: string[] = [];
          for (let s = 0, n = 10 + Math.floor(rand() * 10); s < n; s++) {
            parts.push(sentences[Math.floor(rand() * sentences.length)]!);
            if (rand() < 0.4) parts.push(`Het ${subject} en de ${zipf()} vragen aandacht.`);
          }
          // Lines of at most about 100 characters, as text extracted from a PDF page has.
          insert.page.run(sha, p, wrap(parts.join(' '), 100));
        }
        const documentId = Number(insert.document.run(`bench/${m}/${d}`, `Raadsvoorstel ${subject} ${m + 1}.${d + 1}`, now, now).lastInsertRowid);
        const versionId = Number(insert.version.run(documentId, sha, now).lastInsertRowid);
        insert.current.run(versionId, documentId);
        insert.link.run(itemId, documentId);
      }
    })();
  }
  db.close();
}

/** A meeting package of 20 real PDFs of 25 pages each, text recombined from the sample. */
async function writeMeetingPackage(dir: string, sentences: string[]): Promise<void> {
  const rand = random(500);
  const documents: PackageManifest['documents'] = [];
  fs.mkdirSync(path.join(dir, 'pdf'), { recursive: true });
  for (let d = 0; d < MEETING_PAGES / PAGES_PER_DOCUMENT; d++) {
    const lines: string[] = [];
    // About 25 A4 pages of text per document.
    while (lines.length < PAGES_PER_DOCUMENT * 44) lines.push(sentences[Math.floor(rand() * sentences.length)]!.slice(0, 95));
    const title = `Raadsvoorstel nieuwe vergadering ${d + 1}`;
    const pdf = await textToPdf({ title, lines });
    const file = `pdf/document-${d + 1}.pdf`;
    fs.writeFileSync(path.join(dir, file), pdf.bytes);
    documents.push({ id: `bench/new/${d}`, title, type: 'raadsvoorstel', file, sha256: crypto.createHash('sha256').update(pdf.bytes).digest('hex') });
  }
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    body: { id: 'bench', name: 'Gemeenteraad', kind: 'gemeenteraad', municipality: 'Zwolle' },
    meeting: { id: 'bench/new-meeting', title: 'Nieuwe raadsvergadering', kind: 'besluitvormend', start: '2026-12-14T19:30:00+01:00' },
    agenda: documents.map((doc, i) => ({ id: String(i + 1), number: String(i + 1), title: doc.title, documents: [doc.id] })),
    documents,
  };
  fs.writeFileSync(path.join(dir, 'meeting.json'), JSON.stringify(manifest));
}

// ---- child measurements ---------------------------------------------------

const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const sinceStart = () => performance.now(); // performance.now() counts from process start

async function child(mode: string, dataDir: string): Promise<Record<string, number>> {
  if (mode === 'product-build') {
    const start = performance.now();
    const core = createCore({ dataDir });
    await core.searchIndexReady();
    const seconds = (performance.now() - start) / 1000;
    await core.close();
    return { seconds, rssMb: rss() };
  }
  if (mode === 'product-query') {
    // The full pipeline (other word forms, compounds, synonyms, numbers, partial matches)
    // beside the same engine with only the words as typed, all required (exact).
    const core = createCore({ dataDir });
    core.search({ query: QUERIES[0]! });
    const firstAnswerMs = sinceStart();
    const times: number[] = [];
    const exactTimes: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const query of QUERIES) {
        let t = performance.now();
        core.search({ query });
        times.push(performance.now() - t);
        t = performance.now();
        core.search({ query, exact: true });
        exactTimes.push(performance.now() - t);
      }
    }
    await core.close();
    return { firstAnswerMs, p50: percentile(times, 50), p95: percentile(times, 95), exactP50: percentile(exactTimes, 50), exactP95: percentile(exactTimes, 95), rssMb: rss() };
  }
  if (mode === 'product-incremental') {
    // A real import of a new 500-page meeting (20 PDFs of 25 pages) into the
    // existing store: extraction, commit, then the index update. Both timed.
    // The compiled core, as the app and the CLI import (built by main); BENCH_FROM_SOURCE=1: the sources
    // (the extraction threads then start with tsx, about half a second more).
    const compiled = process.env.BENCH_FROM_SOURCE === '1' ? undefined : ((await import(pathToFileURL(path.join(repo, 'out', 'node', 'core.js')).href)) as typeof CoreModule);
    const core = (compiled?.createCore ?? createCore)({ dataDir });
    const stages = compiled?.importStages ?? importStages;
    await core.searchIndexReady();
    core.search({ query: 'armoedebeleid' }); // the record index is built, as in a running app
    const packageDir = path.join(dataDir, '..', 'meeting-500');
    // The meeting is committed when the 'store' phase ends; what follows is the search index and the saved searches.
    let committedAt = 0;
    // Searches while the meeting is added, as the app's would come: each from the moment it is asked to its answer.
    const answers: number[] = [];
    let importing = true;
    const asking = (async () => {
      while (importing) {
        const asked = performance.now();
        await new Promise<void>((resolve) => setTimeout(() => (core.search({ query: 'jeugdhulp wachtlijsten' }), resolve()), 0));
        answers.push(performance.now() - asked);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    stages.reset();
    const start = performance.now();
    const [result] = await core.importPackages(
      { paths: [packageDir] },
      {
        onProgress: (p) => {
          if (p.phase === 'store' && p.done === p.total) committedAt = performance.now();
        },
      },
    );
    const end = performance.now();
    importing = false;
    await asking;
    const found = core.search({ query: 'raadsvoorstel', filters: { meetingId: result!.meetingId } }).total;
    await core.close();
    return {
      seconds: (end - start) / 1000,
      indexSeconds: (end - (committedAt || end)) / 1000,
      pages: result!.pagesExtracted,
      found,
      searches: answers.length,
      searchP95: percentile(answers, 95),
      searchMax: Math.max(...answers),
      rssMb: rss(),
      // Where the time went (import-stages.ts; the threads' stages are thread time).
      ...Object.fromEntries(Object.entries(stages.snapshot()).map(([stage, ms]) => [`stage:${stage}`, ms])),
    };
  }
  if (mode === 'plain-build') {
    const start = performance.now();
    const library = new Database(path.join(dataDir, 'library.db'), { readonly: true });
    const plain = new Database(path.join(dataDir, 'plain-fts.db'));
    plain.pragma('journal_mode = WAL');
    plain.exec("CREATE VIRTUAL TABLE plain USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')");
    const insert = plain.prepare('INSERT INTO plain (rowid, text) VALUES (?, ?)');
    let batch: { id: number; text: string }[] = [];
    const flush = plain.transaction((rows: typeof batch) => rows.forEach((r) => insert.run(r.id, r.text)));
    let id = 0;
    for (const text of library.prepare('SELECT text FROM pages').pluck().iterate() as Iterable<string>) {
      batch.push({ id: ++id, text });
      if (batch.length === 2000) {
        flush(batch);
        batch = [];
      }
    }
    flush(batch);
    plain.close();
    library.close();
    return { seconds: (performance.now() - start) / 1000, rssMb: rss() };
  }
  if (mode === 'plain-query') {
    const plain = new Database(path.join(dataDir, 'plain-fts.db'), { readonly: true });
    const statement = plain.prepare("SELECT rowid, snippet(plain, 0, '[', ']', '…', 24) AS snippet FROM plain WHERE plain MATCH ? ORDER BY rank LIMIT 60");
    // FTS5's own syntax for the same queries: words AND-ed, phrases quoted, NOT for exclusions.
    const fts = (q: string) =>
      q.replace(/-(\S+)/g, 'NOT $1').replace(/[^\p{L}\p{N}" ]+/gu, ' ').trim().replace(/^NOT /, '');
    const run = (q: string) => {
      try {
        return statement.all(fts(q));
      } catch {
        return [];
      }
    };
    run(QUERIES[0]!);
    const firstAnswerMs = sinceStart();
    const times: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const query of QUERIES) {
        const t = performance.now();
        run(query);
        times.push(performance.now() - t);
      }
    }
    plain.close();
    return { firstAnswerMs, p50: percentile(times, 50), p95: percentile(times, 95), rssMb: rss() };
  }
  if (mode === 'minisearch-pages') {
    const library = new Database(path.join(dataDir, 'library.db'), { readonly: true });
    const splitter = dutchCompoundSplitter();
    const start = performance.now();
    const mini = new MiniSearch<{ id: number; text: string }>({
      fields: ['text'],
      tokenize: (text) => tokens(text).map((t) => t.folded),
      processTerm: (term) => (isStopword(term) ? null : [stem(term), ...splitter.parts(term).map(stem)]),
    });
    let id = 0;
    for (const text of library.prepare('SELECT text FROM pages').pluck().iterate() as Iterable<string>) mini.add({ id: ++id, text });
    const seconds = (performance.now() - start) / 1000;
    const jsonStart = performance.now();
    const jsonMb = JSON.stringify(mini).length / 1024 / 1024;
    const jsonSeconds = (performance.now() - jsonStart) / 1000;
    library.close();
    return { seconds, heapMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024), jsonMb: Math.round(jsonMb), jsonSeconds, rssMb: rss() };
  }
  throw new Error(`unknown mode ${mode}`);
}

function runChild(mode: string, dataDir: string): Record<string, number> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'child', mode, dataDir], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
}

const mb = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size / 1024 / 1024 : 0);
const walMb = (file: string) => mb(file) + mb(`${file}-wal`);

/** What is done to a kept corpus (generated, index built, plain FTS5 built), with its figures, as files beside it. */
function corpusMarks(dataDir: string) {
  const file = (name: string) => path.join(dataDir, `bench-${name}.json`);
  const read = (name: string) => (fs.existsSync(file(name)) ? (JSON.parse(fs.readFileSync(file(name), 'utf8')) as Record<string, number>) : undefined);
  const marks = {
    generated: read('generated'),
    built: read('built'),
    plain: read('plain'),
    set(name: 'generated' | 'built' | 'plain', figures: Record<string, number>) {
      fs.writeFileSync(file(name), JSON.stringify(figures));
      marks[name] = figures;
    },
  };
  return marks;
}

/** A copy of a store's databases (not the plain FTS5 one), for a measurement that changes it. */
function copyStore(from: string, to: string): string {
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) {
    if (name.startsWith('plain-fts') || name.startsWith('bench-')) continue;
    fs.cpSync(path.join(from, name), path.join(to, name), { recursive: true });
  }
  return to;
}

function checkpoint(file: string): void {
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

async function main() {
  // The import of the new meeting runs the compiled core (out/node), built first when a source changed.
  if (process.env.BENCH_FROM_SOURCE !== '1') await ((await import(pathToFileURL(path.join(repo, 'scripts', 'build-node.mjs')).href)) as { ensureBuilt: () => Promise<void> }).ensureBuilt();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bench-search-'));
  try {
    console.log(`Raadsmap search benchmark: sizes ${SIZES.join(', ')} pages; ${QUERIES.length} queries x 5 rounds; ${os.availableParallelism()} cores\n`);
    const sentences = await sampleSentences(work);
    await writeMeetingPackage(path.join(work, 'meeting-500'), sentences);
    console.log(`corpus: ${sentences.length} sentences of the sample, recombined\n`);
    for (const size of SIZES) {
      // BENCH_CORPUS_DIR: corpora kept there between runs; a built one is measured again without a rebuild.
      const dataDir = path.join(CORPUS_DIR ?? work, `corpus-${size}`);
      const marks = corpusMarks(dataDir);
      if (!marks.generated) {
        fs.rmSync(dataDir, { recursive: true, force: true });
        createCore({ dataDir }).close(); // the schema, as the app creates it
        const genStart = performance.now();
        writeCorpus(dataDir, sentences, size, size);
        checkpoint(path.join(dataDir, 'library.db'));
        marks.set('generated', { seconds: (performance.now() - genStart) / 1000, textMb: walMb(path.join(dataDir, 'library.db')) });
      }
      const { textMb } = marks.generated!;
      console.log(
        `${size} pages (${Math.ceil(size / MEETING_PAGES)} meetings; ${textMb!.toFixed(0)} MB of library, generated in ${marks.generated!.seconds!.toFixed(1)} s${marks.built ? '; index kept from an earlier run' : ''})`,
      );

      if (!marks.built) {
        const built = runChild('product-build', dataDir);
        checkpoint(path.join(dataDir, 'library.db'));
        marks.set('built', { ...built, indexMb: walMb(path.join(dataDir, 'library.db')) - textMb! });
      }
      const build = marks.built!;
      const indexMb = build.indexMb!;
      const query = runChild('product-query', dataDir);
      if (!marks.plain) {
        const plainBuilt = runChild('plain-build', dataDir);
        checkpoint(path.join(dataDir, 'plain-fts.db'));
        marks.set('plain', plainBuilt);
      }
      const plainBuild = marks.plain!;
      const plainQuery = runChild('plain-query', dataDir);
      // The new meeting goes into a copy when the corpus is kept: the next run measures the same corpus.
      const incrementalDir = CORPUS_DIR ? copyStore(dataDir, path.join(work, `incremental-${size}`)) : dataDir;
      const incremental = runChild('product-incremental', incrementalDir);
      if (incrementalDir !== dataDir) fs.rmSync(incrementalDir, { recursive: true, force: true });
      const row = (label: string, ours: string, plain: string) => console.log(`  ${label.padEnd(28)}${ours.padStart(14)}${plain.padStart(16)}`);
      row('', 'Raadsmap', 'plain FTS5');
      row('build', `${build.seconds!.toFixed(1)} s`, `${plainBuild.seconds!.toFixed(1)} s`);
      row('index size on disk', `${indexMb.toFixed(0)} MB`, `${walMb(path.join(dataDir, 'plain-fts.db')).toFixed(0)} MB`);
      row('process start → 1st answer', `${query.firstAnswerMs!.toFixed(0)} ms`, `${plainQuery.firstAnswerMs!.toFixed(0)} ms`);
      row('query p50', `${query.p50!.toFixed(1)} ms`, `${plainQuery.p50!.toFixed(1)} ms`);
      row('query p95', `${query.p95!.toFixed(1)} ms`, `${plainQuery.p95!.toFixed(1)} ms`);
      row('  words as typed, p50', `${query.exactP50!.toFixed(1)} ms`, '');
      row('  words as typed, p95', `${query.exactP95!.toFixed(1)} ms`, '');
      row('  full / as typed, p95', `${(query.p95! / query.exactP95!).toFixed(2)}×`, '');
      row('peak RSS (queries)', `${query.rssMb} MB`, `${plainQuery.rssMb} MB`);
      row('peak RSS (build)', `${build.rssMb} MB`, `${plainBuild.rssMb} MB`);
      row('add a 500-page meeting', `${incremental.seconds!.toFixed(2)} s`, '');
      row('  of which after the commit', `${incremental.indexSeconds!.toFixed(2)} s`, '');
      row('  searches meanwhile, p95', `${incremental.searchP95!.toFixed(0)} ms`, '');
      row('  searches meanwhile, max', `${incremental.searchMax!.toFixed(0)} ms (${incremental.searches} asked)`, '');
      const stageTimes = Object.entries(IMPORT_STAGES)
        .filter(([stage]) => incremental[`stage:${stage}`])
        .map(([stage, label]) => `${label} ${incremental[`stage:${stage}`]!.toFixed(0)}`);
      console.log(`    its stages (ms; the threads' summed): ${stageTimes.join(', ')}`);
      // At 200k pages it needs more than Node's default heap (4 GB): the point is made at the small sizes.
      if (size === Math.min(...SIZES) && size < 200_000) {
        const mini = runChild('minisearch-pages', dataDir);
        console.log(
          `  MiniSearch holding the pages (not our design): build ${mini.seconds!.toFixed(1)} s, heap ${mini.heapMb} MB, RSS ${mini.rssMb} MB, JSON ${mini.jsonMb} MB in ${mini.jsonSeconds!.toFixed(1)} s`,
        );
      }
      console.log('');
      if (!process.env.BENCH_KEEP && !CORPUS_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
    }
    console.log('Targets at 200k pages: first answer < 2 s, p95 < 100 ms and at most 2× the words-as-typed p95, RSS < 1 GB, a 500-page meeting added < 5 s.');
  } finally {
    if (process.env.BENCH_KEEP) console.log(`kept: ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'child') {
  const result = await child(process.argv[3]!, process.argv[4]!);
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  await main();
}
