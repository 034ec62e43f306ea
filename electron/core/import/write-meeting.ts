import type Database from 'better-sqlite3-multiple-ciphers';
import { RaadsmapError } from '../../../shared/errors.ts';
import { walkAgenda, type PackageManifest } from '../../../shared/package-format.ts';
import type { ExtractedDocument } from '../extraction/types.ts';
import { compareVersions, type VersionComparison } from '../versions/changes.ts';
import type { VersionPage } from '../versions/tokens.ts';
import { saveComparison, storedComparison, versionPages } from '../versions/version-store.ts';

export const LOCAL_SOURCE_KEY = 'local';

/** What an import changed, as counts a user can read ("3 documenten nieuw"). */
export interface ImportCounts {
  itemsAdded: number;
  itemsChanged: number;
  itemsWithdrawn: number;
  documentsAdded: number;
  documentsChanged: number;
  documentsWithdrawn: number;
  /** New versions of documents that were already known (a changed PDF). */
  versionsAdded: number;
  pagesStored: number;
  /** Files of known versions put back into the store (after doctor set damaged ones aside); only when there were any. */
  filesRestored?: number;
  /** Earlier versions delivered again that became current again (A → B → A); only when there were any. */
  versionsReturned?: number;
  /** 1 when the meeting itself changed (title, time, place, chair, clerk, kind, body, or it came back after a withdrawal); only then. */
  meetingChanged?: number;
}

export type ImportOutcome = 'created' | 'updated' | 'unchanged';

export interface MeetingWrite {
  sourceKey: string;
  /** Where it came from, for the import log: a file path or an API URL. */
  origin: string;
  manifest: PackageManifest;
  manifestSha256: string;
  /** Per document id: the file's hash and name. */
  files: Map<string, { sha256: string; size: number; fileName: string }>;
  /** Extracted text for every sha256 not yet in `pdf_files`. */
  extracted: Map<string, ExtractedDocument>;
  now: string;
}

export interface MeetingWriteResult {
  meetingId: number;
  outcome: ImportOutcome;
  counts: ImportCounts;
}

export const emptyCounts = (): ImportCounts => ({
  itemsAdded: 0,
  itemsChanged: 0,
  itemsWithdrawn: 0,
  documentsAdded: 0,
  documentsChanged: 0,
  documentsWithdrawn: 0,
  versionsAdded: 0,
  pagesStored: 0,
});

/** The sha256s among `hashes` whose text is not stored yet: only those need extraction. */
export function missingExtractions(db: Database.Database, hashes: Iterable<string>): string[] {
  const has = db.prepare('SELECT 1 FROM pdf_files WHERE sha256 = ?').pluck();
  return [...new Set(hashes)].filter((sha) => !has.get(sha));
}

/** True when this exact manifest was the last one imported for its meeting. */
export function isUnchanged(db: Database.Database, sourceKey: string, meetingExternalId: string, manifestSha256: string): number | null {
  const row = db
    .prepare(
      `SELECT m.id FROM meetings m JOIN sources s ON s.id = m.source_id
       WHERE s.key = ? AND m.external_id = ? AND m.manifest_sha256 = ? AND m.status = 'active'`,
    )
    .pluck()
    .get(sourceKey, meetingExternalId, manifestSha256) as number | undefined;
  return row ?? null;
}

/**
 * Writes one meeting (body, meeting, agenda tree, documents, versions, page
 * text, links) in a single transaction: a crash or error at any point leaves
 * the library as it was before. Things that disappeared from the package are
 * marked withdrawn, never deleted, because private notes may refer to them.
 */
export function writeMeeting(db: Database.Database, input: MeetingWrite): MeetingWriteResult {
  // What each new version changed, compared before the transaction: no other writer waits on a comparison.
  const compared = compareBeforeWrite(db, input);
  return db.transaction((): MeetingWriteResult => {
    const counts = emptyCounts();
    const { manifest, now } = input;
    // Checked again inside the transaction: what another import wrote since prepare counts too.
    checkOwnership(db, input.sourceKey, manifest);
    const sourceId = ensureSource(db, input.sourceKey, now);

    const bodyId = upsertReturningId(
      db,
      `INSERT INTO bodies (source_id, external_id, name, kind, municipality) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (source_id, external_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, municipality = excluded.municipality
       RETURNING id`,
      [sourceId, manifest.body.id, manifest.body.name, manifest.body.kind, manifest.body.municipality],
    );

    const m = manifest.meeting;
    const existing = db
      .prepare('SELECT id, body_id, title, kind, starts_at, ends_at, location, chair, clerk, status FROM meetings WHERE source_id = ? AND external_id = ?')
      .get(sourceId, m.id) as Record<string, unknown> | undefined;
    const existingMeeting = existing?.['id'] as number | undefined;
    // A meeting moved to another evening or renamed is an update the user must see, also when no item or document changed.
    const details = { body_id: bodyId, title: m.title, kind: m.kind, starts_at: m.start, ends_at: m.end ?? null, location: m.location ?? null, chair: m.chair ?? null, clerk: m.clerk ?? null, status: 'active' };
    if (existing && Object.entries(details).some(([column, value]) => existing[column] !== value)) counts.meetingChanged = 1;
    const meetingId = upsertReturningId(
      db,
      `INSERT INTO meetings (source_id, external_id, body_id, title, kind, starts_at, ends_at, location, chair, clerk, status, manifest_sha256, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)
       ON CONFLICT (source_id, external_id) DO UPDATE SET body_id = excluded.body_id, title = excluded.title, kind = excluded.kind,
         starts_at = excluded.starts_at, ends_at = excluded.ends_at, location = excluded.location, chair = excluded.chair,
         clerk = excluded.clerk, status = 'active', manifest_sha256 = excluded.manifest_sha256, updated_at = excluded.updated_at
       RETURNING id`,
      [sourceId, m.id, bodyId, m.title, m.kind, m.start, m.end ?? null, m.location ?? null, m.chair ?? null, m.clerk ?? null, input.manifestSha256, now, now],
    );

    const documentIds = writeDocuments(db, input, sourceId, counts, compared);
    writeAgenda(db, manifest, meetingId, documentIds, counts);
    withdrawOrphanedDocuments(db, meetingId, documentIds, now, counts);

    const outcome: ImportOutcome = existingMeeting === undefined ? 'created' : hasChanges(counts) ? 'updated' : 'unchanged';
    db.prepare('INSERT INTO imports (source_id, meeting_id, origin, outcome, summary, finished_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      sourceId,
      meetingId,
      input.origin,
      outcome,
      JSON.stringify(counts),
      now,
    );
    return { meetingId, outcome, counts };
  }).immediate();
}

/** Key of a comparison made before the write: the document, the version it replaces, the new file. */
const comparedKey = (documentId: number, fromVersionId: number, toSha256: string) => `${documentId}:${fromVersionId}:${toSha256}`;

/**
 * The comparisons of each document's current version with the file that
 * replaces it, made before the write transaction (reading only). The
 * transaction stores one only when that version is still the current one;
 * otherwise (another import came first) the background catch-up or the
 * first reader compares the right pair.
 */
export function compareBeforeWrite(db: Database.Database, input: Pick<MeetingWrite, 'sourceKey' | 'manifest' | 'files' | 'extracted'>): Map<string, VersionComparison> {
  const out = new Map<string, VersionComparison>();
  const sourceId = db.prepare('SELECT id FROM sources WHERE key = ?').pluck().get(input.sourceKey) as number | undefined;
  if (sourceId === undefined) return out;
  const currentOf = db.prepare(
    'SELECT d.id, d.current_version_id AS versionId, v.sha256 FROM documents d JOIN document_versions v ON v.id = d.current_version_id WHERE d.source_id = ? AND d.external_id = ?',
  );
  const versionOf = db.prepare('SELECT id FROM document_versions WHERE document_id = ? AND sha256 = ?').pluck();
  const storedText = db.prepare('SELECT 1 FROM pdf_files WHERE sha256 = ?').pluck();
  for (const doc of input.manifest.documents) {
    const file = input.files.get(doc.id);
    const current = file && (currentOf.get(sourceId, doc.id) as { id: number; versionId: number; sha256: string } | undefined);
    if (!file || !current || current.sha256 === file.sha256) continue;
    const known = versionOf.get(current.id, file.sha256) as number | undefined;
    if (known !== undefined && storedComparison(db, current.versionId, known)) continue; // delivered again: compared before
    const extracted = input.extracted.get(file.sha256);
    const newPages: VersionPage[] | undefined = storedText.get(file.sha256)
      ? versionPages(db, file.sha256)
      : extracted?.pages.map((p) => ({ pageNumber: p.pageNumber, rawText: p.rawText, quality: p.quality }));
    if (!newPages) continue;
    out.set(comparedKey(current.id, current.versionId, file.sha256), compareVersions(versionPages(db, current.sha256), newPages));
  }
  return out;
}

/**
 * A package may change only what belongs to its own municipality. Ids are
 * the publisher's, and every package shares the local source, so a package
 * of another municipality that reuses an id would otherwise replace that
 * body, meeting or document (a new current version of someone else's
 * proposal). A document belongs to the municipalities whose meetings list it:
 * a commissie and the raad of one municipality share proposals, so the body
 * alone is too narrow. A synced source needs no such check: it finds and
 * writes only rows of its own source id, never a package's or another
 * source's. Throws before anything is written.
 */
export function checkOwnership(db: Database.Database, sourceKey: string, manifest: PackageManifest): void {
  if (sourceKey !== LOCAL_SOURCE_KEY) return;
  const sourceId = db.prepare('SELECT id FROM sources WHERE key = ?').pluck().get(sourceKey) as number | undefined;
  if (sourceId === undefined) return;
  const ours = manifest.body.municipality;
  const foreign = (owners: string[]) => owners.length > 0 && !owners.some((owner) => sameMunicipality(owner, ours));

  const body = db.prepare('SELECT name, municipality FROM bodies WHERE source_id = ? AND external_id = ?').get(sourceId, manifest.body.id) as
    | { name: string; municipality: string }
    | undefined;
  if (body && foreign([body.municipality])) throw notOurs('body', manifest.body.id, body.name, body.municipality, ours);

  const meeting = db
    .prepare('SELECT m.title, b.municipality FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE m.source_id = ? AND m.external_id = ?')
    .get(sourceId, manifest.meeting.id) as { title: string; municipality: string } | undefined;
  if (meeting && foreign([meeting.municipality])) throw notOurs('meeting', manifest.meeting.id, meeting.title, meeting.municipality, ours);

  const findDocument = db.prepare('SELECT id, title FROM documents WHERE source_id = ? AND external_id = ?');
  // Every meeting that ever listed it, withdrawn links too: withdrawing does not hand a document over.
  const owners = db
    .prepare(
      `SELECT DISTINCT b.municipality FROM agenda_item_documents l JOIN agenda_items i ON i.id = l.agenda_item_id
       JOIN meetings m ON m.id = i.meeting_id JOIN bodies b ON b.id = m.body_id WHERE l.document_id = ? ORDER BY 1`,
    )
    .pluck();
  for (const doc of manifest.documents) {
    const existing = findDocument.get(sourceId, doc.id) as { id: number; title: string } | undefined;
    if (!existing) continue;
    const municipalities = owners.all(existing.id) as string[];
    if (foreign(municipalities)) throw notOurs('document', doc.id, existing.title, municipalities.join(', '), ours);
  }
}

/** "Zwolle", " zwolle " and "Gemeente Zwolle" are one municipality. */
function sameMunicipality(a: string, b: string): boolean {
  const key = (name: string) => name.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('nl').replace(/^gemeente /, '');
  return key(a) === key(b);
}

const OWNED = {
  body: { nl: 'het orgaan', en: 'the body', code: 'package.foreign-body' },
  meeting: { nl: 'de vergadering', en: 'the meeting', code: 'package.foreign-meeting' },
  document: { nl: 'het document', en: 'the document', code: 'package.foreign-document' },
} as const;

function notOurs(kind: keyof typeof OWNED, externalId: string, title: string, owner: string, ours: string): RaadsmapError {
  const what = OWNED[kind];
  const municipality = (name: string, word: string) => (/^gemeente\b/i.test(name.trim()) ? name.trim() : `${word} ${name.trim()}`);
  return new RaadsmapError({
    code: what.code,
    nl:
      `Dit pakket (${municipality(ours, 'gemeente')}) gebruikt het id ${externalId} van ${what.nl} "${title}", dat bij ${municipality(owner, 'gemeente')} hoort. ` +
      'Een pakket kan alleen vergaderingen en documenten van zijn eigen gemeente bijwerken; er is niets geïmporteerd. Vraag de afzender om een pakket met eigen id\'s.',
    en:
      `This package (${municipality(ours, 'municipality of')}) uses the id ${externalId} of ${what.en} "${title}", which belongs to the ${municipality(owner, 'municipality of')}. ` +
      'A package can only update meetings and documents of its own municipality; nothing was imported. Ask the sender for a package with ids of its own.',
    subject: externalId,
  });
}

function hasChanges(c: ImportCounts): boolean {
  return Object.values(c).some((n) => n > 0);
}

function ensureSource(db: Database.Database, key: string, now: string): number {
  const existing = db.prepare('SELECT id FROM sources WHERE key = ?').pluck().get(key) as number | undefined;
  if (existing !== undefined) return existing;
  // Remote sources are registered by `sources add`; only local packages arrive without one.
  return Number(
    db.prepare("INSERT INTO sources (kind, key, name, created_at) VALUES ('package', ?, 'Lokale pakketten', ?)").run(key, now).lastInsertRowid,
  );
}

function upsertReturningId(db: Database.Database, sql: string, params: unknown[]): number {
  return db.prepare(sql).pluck().get(...params) as number;
}

/** Documents, their versions and (new) page text. Returns package document id → row id. */
function writeDocuments(db: Database.Database, input: MeetingWrite, sourceId: number, counts: ImportCounts, compared: Map<string, VersionComparison>): Map<string, number> {
  const ids = new Map<string, number>();
  const findDocument = db.prepare('SELECT id, title, type, document_date, current_version_id, status FROM documents WHERE source_id = ? AND external_id = ?');
  const insertDocument = db.prepare(
    `INSERT INTO documents (source_id, external_id, title, type, document_date, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'active', ?, ?)`,
  );
  const updateDocument = db.prepare(`UPDATE documents SET title = ?, type = ?, document_date = ?, status = 'active', updated_at = ? WHERE id = ?`);
  const findVersion = db.prepare('SELECT id FROM document_versions WHERE document_id = ? AND sha256 = ?').pluck();
  // Numbered per document, for good: pruning older versions does not renumber the rest.
  const insertVersion = db.prepare(
    `INSERT INTO document_versions (document_id, sha256, file_name, created_at, origin, number)
     VALUES (@documentId, @sha256, @fileName, @now, @origin, (SELECT coalesce(max(number), 0) + 1 FROM document_versions WHERE document_id = @documentId))`,
  );
  const setCurrent = db.prepare('UPDATE documents SET current_version_id = ?, updated_at = ? WHERE id = ?');
  const logCurrent = db.prepare('INSERT INTO current_versions (document_id, from_version_id, to_version_id, set_at) VALUES (?, ?, ?, ?)');

  for (const doc of input.manifest.documents) {
    const file = input.files.get(doc.id);
    if (!file) throw new Error(`no staged file for document ${doc.id}`);
    storeExtraction(db, file.sha256, file.size, input, counts);

    const existing = findDocument.get(sourceId, doc.id) as
      | { id: number; title: string; type: string; document_date: string | null; current_version_id: number | null; status: string }
      | undefined;
    let documentId: number;
    if (!existing) {
      documentId = Number(insertDocument.run(sourceId, doc.id, doc.title, doc.type, doc.date ?? null, input.now, input.now).lastInsertRowid);
      counts.documentsAdded++;
    } else {
      documentId = existing.id;
      const metaChanged = existing.title !== doc.title || existing.type !== doc.type || existing.document_date !== (doc.date ?? null);
      if (metaChanged || existing.status !== 'active') {
        updateDocument.run(doc.title, doc.type, doc.date ?? null, input.now, documentId);
        counts.documentsChanged++;
      }
    }
    let versionId = findVersion.get(documentId, file.sha256) as number | undefined;
    if (versionId === undefined) {
      versionId = Number(insertVersion.run({ documentId, sha256: file.sha256, fileName: file.fileName, now: input.now, origin: input.origin }).lastInsertRowid);
      if (existing) counts.versionsAdded++;
    } else if (existing && existing.current_version_id !== versionId) {
      counts.versionsReturned = (counts.versionsReturned ?? 0) + 1;
    }
    if (existing?.current_version_id !== versionId) {
      const replaced = existing?.current_version_id ?? null;
      setCurrent.run(versionId, input.now, documentId);
      logCurrent.run(documentId, replaced, versionId, input.now);
      // What the new version changed, compared before the transaction against the version that is still the one replaced.
      const comparison = replaced === null ? undefined : compared.get(comparedKey(documentId, replaced, file.sha256));
      if (replaced !== null && comparison) saveComparison(db, { documentId, fromVersionId: replaced, toVersionId: versionId }, comparison, input.now);
    }
    ids.set(doc.id, documentId);
  }
  return ids;
}

function storeExtraction(db: Database.Database, sha256: string, size: number, input: MeetingWrite, counts: ImportCounts): void {
  if (db.prepare('SELECT 1 FROM pdf_files WHERE sha256 = ?').get(sha256)) return;
  const extracted = input.extracted.get(sha256);
  if (!extracted) throw new Error(`text of ${sha256} was not extracted`);
  db.prepare('INSERT INTO pdf_files (sha256, size, page_count, title, extracted_at) VALUES (?, ?, ?, ?, ?)').run(
    sha256,
    size,
    extracted.pageCount,
    extracted.info.title ?? null,
    input.now,
  );
  const insertPage = db.prepare(
    'INSERT INTO pages (sha256, page_number, width, height, text, raw_text, quality, runs) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const page of extracted.pages) {
    const runs = page.runs.map((r) => [r.start, r.end, round2(r.x), round2(r.y), round2(r.width), round2(r.height)]);
    insertPage.run(sha256, page.pageNumber, page.width, page.height, page.text, page.rawText, page.quality, JSON.stringify(runs));
    counts.pagesStored++;
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;

interface ItemRow {
  id: number;
  parent_id: number | null;
  position: number;
  number: string | null;
  title: string;
  is_section: number;
  starts_at: string | null;
  ends_at: string | null;
  description: string | null;
  portfolio_holder: string | null;
  informant: string | null;
  status: string;
}

function writeAgenda(
  db: Database.Database,
  manifest: PackageManifest,
  meetingId: number,
  documentIds: Map<string, number>,
  counts: ImportCounts,
): void {
  const existing = new Map<string, ItemRow>();
  for (const row of db.prepare('SELECT * FROM agenda_items WHERE meeting_id = ?').all(meetingId) as (ItemRow & { external_id: string })[]) {
    existing.set(row.external_id, row);
  }
  const insertItem = db.prepare(
    `INSERT INTO agenda_items (meeting_id, external_id, parent_id, position, number, title, is_section, starts_at, ends_at, description, portfolio_holder, informant, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active')`,
  );
  const updateItem = db.prepare(
    `UPDATE agenda_items SET parent_id = ?, position = ?, number = ?, title = ?, is_section = ?, starts_at = ?, ends_at = ?,
       description = ?, portfolio_holder = ?, informant = ?, status = 'active' WHERE id = ?`,
  );
  const itemIds = new Map<string, number>();
  const seen = new Set<string>();

  // walkAgenda yields parents before children, so parent ids are known in time.
  for (const { item, parentId, position } of walkAgenda(manifest.agenda)) {
    seen.add(item.id);
    const parentRowId = parentId === null ? null : (itemIds.get(parentId) ?? null);
    const values = [
      parentRowId,
      position,
      item.number ?? null,
      item.title,
      item.section ? 1 : 0,
      item.start ?? null,
      item.end ?? null,
      item.description ?? null,
      item.portfolioHolder ?? null,
      item.informant ?? null,
    ] as const;
    const old = existing.get(item.id);
    if (!old) {
      const id = Number(insertItem.run(meetingId, item.id, ...values).lastInsertRowid);
      itemIds.set(item.id, id);
      counts.itemsAdded++;
    } else {
      itemIds.set(item.id, old.id);
      const before = [old.parent_id, old.position, old.number, old.title, old.is_section, old.starts_at, old.ends_at, old.description, old.portfolio_holder, old.informant];
      if (old.status !== 'active' || before.some((v, i) => v !== values[i])) {
        updateItem.run(...values, old.id);
        counts.itemsChanged++;
      }
    }
    writeItemDocuments(db, itemIds.get(item.id)!, item.documents ?? [], documentIds, counts);
  }

  const withdrawItem = db.prepare("UPDATE agenda_items SET status = 'withdrawn' WHERE id = ?");
  const withdrawLinks = db.prepare("UPDATE agenda_item_documents SET status = 'withdrawn' WHERE agenda_item_id = ?");
  for (const [externalId, row] of existing) {
    if (seen.has(externalId) || row.status === 'withdrawn') continue;
    withdrawItem.run(row.id);
    withdrawLinks.run(row.id);
    counts.itemsWithdrawn++;
  }
}

function writeItemDocuments(
  db: Database.Database,
  itemId: number,
  refs: string[],
  documentIds: Map<string, number>,
  counts: ImportCounts,
): void {
  const current = new Map(
    (db.prepare('SELECT document_id, position, status FROM agenda_item_documents WHERE agenda_item_id = ?').all(itemId) as {
      document_id: number;
      position: number;
      status: string;
    }[]).map((r) => [r.document_id, r]),
  );
  const upsert = db.prepare(
    `INSERT INTO agenda_item_documents (agenda_item_id, document_id, position, status) VALUES (?, ?, ?, 'active')
     ON CONFLICT (agenda_item_id, document_id) DO UPDATE SET position = excluded.position, status = 'active'`,
  );
  const wanted = new Set<number>();
  refs.forEach((ref, position) => {
    const documentId = documentIds.get(ref)!;
    wanted.add(documentId);
    const old = current.get(documentId);
    if (!old || old.position !== position || old.status !== 'active') {
      upsert.run(itemId, documentId, position);
      if (old) counts.itemsChanged++;
    }
  });
  const withdraw = db.prepare("UPDATE agenda_item_documents SET status = 'withdrawn' WHERE agenda_item_id = ? AND document_id = ?");
  for (const [documentId, old] of current) {
    if (!wanted.has(documentId) && old.status === 'active') {
      withdraw.run(itemId, documentId);
      counts.itemsChanged++;
    }
  }
}

/**
 * A document that this meeting no longer lists, and that no other meeting
 * lists either, is withdrawn. One still attached elsewhere stays active: it
 * only left this meeting.
 */
function withdrawOrphanedDocuments(
  db: Database.Database,
  meetingId: number,
  present: Map<string, number>,
  now: string,
  counts: ImportCounts,
): void {
  const candidates = db
    .prepare(
      `SELECT DISTINCT d.id FROM documents d
       JOIN agenda_item_documents l ON l.document_id = d.id
       JOIN agenda_items i ON i.id = l.agenda_item_id
       WHERE i.meeting_id = ? AND d.status = 'active'`,
    )
    .pluck()
    .all(meetingId) as number[];
  const presentIds = new Set(present.values());
  counts.documentsWithdrawn += withdrawUnlisted(db, candidates.filter((id) => !presentIds.has(id)), now);
}

/** Withdraws those of `documentIds` that no active agenda item of any meeting lists any more; returns how many. */
export function withdrawUnlisted(db: Database.Database, documentIds: Iterable<number>, now: string): number {
  const stillLinked = db
    .prepare(
      `SELECT 1 FROM agenda_item_documents l JOIN agenda_items i ON i.id = l.agenda_item_id
       WHERE l.document_id = ? AND l.status = 'active' AND i.status = 'active' LIMIT 1`,
    )
    .pluck();
  const withdraw = db.prepare("UPDATE documents SET status = 'withdrawn', updated_at = ? WHERE id = ? AND status = 'active'");
  let withdrawn = 0;
  for (const id of documentIds) if (!stillLinked.get(id)) withdrawn += withdraw.run(now, id).changes;
  return withdrawn;
}
