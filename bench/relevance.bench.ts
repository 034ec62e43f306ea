// npm run bench:relevance — does search find what a councillor means?
//
// The judged queries in bench/relevance/judgements.json (written by reading
// the sample documents, not by looking at any engine's results) are run over
// the bundled sample meetings by three engines on the same pages:
//   raadsmap    the product's search (core.search), its results flattened to
//               pages in the order shown: each document with its best pages
//   fts5        plain SQLite FTS5 (unicode61, diacritics removed) over the raw
//               page text, all words must match, bm25
//   minisearch  MiniSearch with default options over the raw page text
// and scored on the first 10 pages: recall@10 (judged pages found, of at most
// 10), MRR@10 (1 / rank of the first judged page), nDCG@10 (gain 2^grade - 1)
// and the number of queries with no result at all; overall and per kind.
//
//   npm run bench:relevance                  the table
//   npm run bench:relevance -- --misses      also every query where raadsmap misses a judged page
//   npm run bench:relevance -- --json FILE   the per-query figures as JSON
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import { createCore } from '../electron/core/index.ts';
import { firstDeliveries } from '../scripts/sample/deliveries.ts';
import { pageHitsInOrder } from '../shared/search/page-order.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const K = 10;

const judgementsFile = z.object({
  format: z.literal('raadsmap-judgements/1'),
  kinds: z.record(z.string(), z.string()),
  queries: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      query: z.string(),
      intent: z.string(),
      judgements: z.array(z.object({ document: z.string(), page: z.number().int().positive(), grade: z.union([z.literal(1), z.literal(2)]), quote: z.string() })).min(1),
    }),
  ),
});
type JudgedQuery = z.infer<typeof judgementsFile>['queries'][number];

interface Page {
  document: string;
  page: number;
  text: string;
}
type Ranked = { document: string; page: number }[];

const args = process.argv.slice(2);
const showMisses = args.includes('--misses');
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;

const judged = judgementsFile.parse(JSON.parse(fs.readFileSync(path.join(repo, 'bench/relevance/judgements.json'), 'utf8')));

// ---- The sample library, as the app builds it ----------------------------------
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-relevance-'));
const core = createCore({ dataDir, extractionThreads: 2 });
const sampleDir = path.join(repo, 'resources/sample');
// The judgements were made on the sample as first delivered (not the revised raadsvoorstel of 23 januari 2017).
await core.importPackages({ paths: firstDeliveries(sampleDir) });
await core.searchIndexReady();

const db = new Database(path.join(dataDir, 'library.db'), { readonly: true });
const pages = db
  .prepare(
    `SELECT d.external_id AS document, p.page_number AS page, p.text AS text
     FROM documents d JOIN document_versions v ON v.id = d.current_version_id JOIN pages p ON p.sha256 = v.sha256
     WHERE d.status = 'active' ORDER BY d.id, p.page_number`,
  )
  .all() as Page[];
const documentIds = new Map((db.prepare('SELECT id, external_id FROM documents').all() as { id: number; external_id: string }[]).map((r) => [r.id, r.external_id]));
db.close();

// ---- The judgements hold: every quote stands on its page -------------------------
const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
const byKey = new Map(pages.map((p) => [`${p.document}#${p.page}`, p]));
const problems: string[] = [];
for (const q of judged.queries) {
  for (const j of q.judgements) {
    const page = byKey.get(`${j.document}#${j.page}`);
    if (!page) problems.push(`${q.id}: no page ${j.document} p${j.page}`);
    else if (!squash(page.text).includes(squash(j.quote))) problems.push(`${q.id}: quote not on ${j.document} p${j.page}: "${j.quote}"`);
  }
}
if (problems.length) {
  console.error(`The judgements do not hold (${problems.length}):\n${problems.join('\n')}`);
  process.exit(1);
}

// ---- Engines -----------------------------------------------------------------
const grouped = args.includes('--grouped');
function raadsmap(query: string): Ranked {
  const results = core.search({ query, limit: K, pagesPerDocument: K });
  // As `raadsmap search --json` lists them (--grouped: as the app shows documents, each with its best pages).
  if (grouped) return results.documents.flatMap((d) => d.pages.slice(0, 3).map((p) => ({ document: documentIds.get(d.documentId)!, page: p.page })));
  return pageHitsInOrder(results).map((p) => ({ document: documentIds.get(p.document.documentId)!, page: p.page }));
}

const fts = new Database(':memory:');
fts.exec("CREATE VIRTUAL TABLE pages USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')");
const insert = fts.prepare('INSERT INTO pages (rowid, text) VALUES (?, ?)');
pages.forEach((p, i) => insert.run(i + 1, p.text));
const ftsQuery = fts.prepare('SELECT rowid FROM pages WHERE pages MATCH ? ORDER BY rank LIMIT ?').pluck();
function plainFts5(query: string): Ranked {
  // What a plain FTS5 search box does: the words, each quoted (so FTS syntax is safe), all required.
  const words = query.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return [];
  const rows = ftsQuery.all(words.map((w) => `"${w}"`).join(' '), K) as number[];
  return rows.map((r) => ({ document: pages[r - 1]!.document, page: pages[r - 1]!.page }));
}

const mini = new MiniSearch<{ id: number; text: string }>({ fields: ['text'] });
mini.addAll(pages.map((p, i) => ({ id: i, text: p.text })));
function miniSearch(query: string): Ranked {
  return mini
    .search(query)
    .slice(0, K)
    .map((r) => ({ document: pages[r.id as number]!.document, page: pages[r.id as number]!.page }));
}

const engines: Record<string, (query: string) => Ranked> = { raadsmap, fts5: plainFts5, minisearch: miniSearch };

// ---- Metrics -------------------------------------------------------------------
interface Scores {
  recall: number;
  mrr: number;
  ndcg: number;
  empty: boolean;
}

function score(q: JudgedQuery, ranked: Ranked): Scores {
  const grade = new Map<string, number>(q.judgements.map((j) => [`${j.document}#${j.page}`, j.grade]));
  const top: number[] = ranked.slice(0, K).map((r) => grade.get(`${r.document}#${r.page}`) ?? 0);
  const found = top.filter((g) => g > 0).length;
  const firstRelevant = top.findIndex((g) => g > 0);
  const dcg = top.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = [...grade.values()]
    .sort((a, b) => b - a)
    .slice(0, K)
    .reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
  return {
    recall: found / Math.min(K, grade.size),
    mrr: firstRelevant < 0 ? 0 : 1 / (firstRelevant + 1),
    ndcg: ideal > 0 ? dcg / ideal : 0,
    empty: ranked.length === 0,
  };
}

const perQuery: { id: string; kind: string; query: string; engine: string; scores: Scores; ranked: Ranked }[] = [];
for (const q of judged.queries) {
  for (const [name, engine] of Object.entries(engines)) {
    const ranked = engine(q.query);
    perQuery.push({ id: q.id, kind: q.kind, query: q.query, engine: name, scores: score(q, ranked), ranked: ranked.slice(0, K) });
  }
}

function summary(rows: typeof perQuery): { n: number; recall: number; mrr: number; ndcg: number; empty: number } {
  const n = rows.length;
  const mean = (f: (s: Scores) => number) => (n ? rows.reduce((sum, r) => sum + f(r.scores), 0) / n : 0);
  return { n, recall: mean((s) => s.recall), mrr: mean((s) => s.mrr), ndcg: mean((s) => s.ndcg), empty: rows.filter((r) => r.scores.empty).length };
}

const kinds = [...new Set(judged.queries.map((q) => q.kind))];
const names = Object.keys(engines);
const f3 = (x: number) => x.toFixed(3);
const lines: string[] = [];
lines.push(`Relevance on the sample meetings: ${judged.queries.length} judged queries, ${pages.length} pages, top ${K} pages per query.`);
lines.push('');
lines.push(`| kind | n | ${names.map((e) => `${e} R@10 | MRR | nDCG | empty`).join(' | ')} |`);
lines.push(`|---|---|${names.map(() => '---|---|---|---').join('|')}|`);
for (const kind of ['all', ...kinds]) {
  const cells = names.map((e) => {
    const s = summary(perQuery.filter((r) => r.engine === e && (kind === 'all' || r.kind === kind)));
    return `${f3(s.recall)} | ${f3(s.mrr)} | ${f3(s.ndcg)} | ${s.empty}`;
  });
  const n = judged.queries.filter((q) => kind === 'all' || q.kind === kind).length;
  lines.push(`| ${kind === 'all' ? '**all**' : kind} | ${n} | ${cells.join(' | ')} |`);
}
console.log(lines.join('\n'));

if (showMisses) {
  console.log('\nWhere raadsmap misses a judged page in its top 10:');
  for (const q of judged.queries) {
    const row = perQuery.find((r) => r.id === q.id && r.engine === 'raadsmap')!;
    if (row.scores.recall >= 1 && row.scores.mrr >= 1) continue;
    const got = new Set(row.ranked.map((r) => `${r.document}#${r.page}`));
    const missed = q.judgements.filter((j) => !got.has(`${j.document}#${j.page}`)).map((j) => `${j.document.split('/').pop()} p${j.page} (${j.grade})`);
    console.log(`\n${q.id} [${q.kind}] ${q.query}  R=${f3(row.scores.recall)} MRR=${f3(row.scores.mrr)}`);
    console.log(`  top: ${row.ranked.map((r) => `${r.document.split('/').pop()} p${r.page}`).join(', ') || '(nothing)'}`);
    if (missed.length) console.log(`  missed: ${missed.join(', ')}`);
  }
}
if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(perQuery, null, 1));

await core.close();
fs.rmSync(dataDir, { recursive: true, force: true });
