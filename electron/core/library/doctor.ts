import type Database from 'better-sqlite3-multiple-ciphers';
import type { DoctorFileProblem, DoctorReport } from '../../../shared/api.ts';
import { throwIfCancelled, type ProgressListener } from '../../../shared/errors.ts';
import { formatShortDate } from '../../../shared/format.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { repairFile, type RepairDeps } from './doctor-repair.ts';

export interface DoctorOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
}

type Message = { nl: string; en: string };

/**
 * Checks that the store is whole: SQLite's own integrity and foreign-key
 * checks on both files, every extracted file with all its pages, and every
 * stored PDF hashed again against its sha256 (a flipped byte is found, not
 * only a missing file). Each damaged or missing PDF is named with the
 * documents and meetings that use it. With `repair`, each is moved aside and
 * fetched again (doctor-repair.ts); the report then says what is still wrong.
 */
export async function runDoctor(deps: RepairDeps, input: { repair?: boolean | undefined }, options: DoctorOptions = {}): Promise<DoctorReport> {
  const { db, blobs } = deps;
  const { integrity, counts, problems } = checkDatabase(db);
  const stored = new Set(blobs.list());
  counts.files = stored.size;
  const storage = storageOf(db, blobs, stored);

  const found = await verifyFiles(db, blobs, stored, options);
  const files: DoctorFileProblem[] = found.map(({ sha256, state }) => ({ sha256, state, documents: documentsUsing(db, sha256), repair: null }));
  if (input.repair) {
    for (const [index, file] of files.entries()) {
      throwIfCancelled(options.signal);
      const title = file.documents[0]?.title ?? file.sha256.slice(0, 12);
      options.onProgress?.({
        phase: 'repair-files',
        done: index,
        total: files.length,
        nl: `Bestand ${index + 1}/${files.length} herstellen: ${title}`,
        en: `Repairing file ${index + 1}/${files.length}: ${title}`,
      });
      file.repair = await repairFile(deps, file, options.signal);
    }
    if (files.length) options.onProgress?.({ phase: 'repair-files', done: files.length, total: files.length, nl: 'Bestanden hersteld', en: 'Files repaired' });
  }
  for (const file of files) {
    if (file.repair && file.repair.outcome !== 'not-repaired') continue;
    problems.push(fileProblem(file));
  }
  return { ok: problems.length === 0, integrity, counts, storage, problems, files };
}

/** What the stored PDFs take on disk, and the part that only old versions use (what pruneVersions can free). */
function storageOf(db: Database.Database, blobs: BlobStore, stored: Set<string>): DoctorReport['storage'] {
  let bytes = 0;
  for (const sha256 of stored) bytes += blobs.storedSize(sha256);
  const onlyOld = db
    .prepare(
      `SELECT DISTINCT v.sha256 FROM document_versions v
       WHERE NOT EXISTS (SELECT 1 FROM documents d JOIN document_versions c ON c.id = d.current_version_id WHERE c.sha256 = v.sha256)`,
    )
    .pluck()
    .all() as string[];
  const oldVersionBytes = onlyOld.reduce((n, sha256) => n + (stored.has(sha256) ? blobs.storedSize(sha256) : 0), 0);
  return { bytes, oldVersionBytes };
}

/** The database part: quick, no file is read. */
function checkDatabase(db: Database.Database): Pick<DoctorReport, 'integrity' | 'counts' | 'problems'> {
  const integrity: string[] = [];
  for (const schema of ['main', 'personal']) {
    const result = db.pragma(`${schema}.integrity_check`, { simple: true }) as string;
    integrity.push(`${schema === 'main' ? 'library.db' : 'personal.db'}: ${result}`);
  }
  const problems: Message[] = [];
  for (const line of integrity) if (!line.endsWith(': ok')) problems.push({ nl: `Integriteitscontrole: ${line}`, en: `Integrity check: ${line}` });

  const fkViolations = db.pragma('main.foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const v of fkViolations.slice(0, 20)) {
    problems.push({ nl: `Verwijzing klopt niet: ${v.table} rij ${v.rowid} → ${v.parent}`, en: `Broken reference: ${v.table} row ${v.rowid} → ${v.parent}` });
  }

  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const counts = {
    meetings: count('SELECT count(*) FROM meetings'),
    agendaItems: count('SELECT count(*) FROM agenda_items'),
    documents: count('SELECT count(*) FROM documents'),
    versions: count('SELECT count(*) FROM document_versions'),
    pages: count('SELECT count(*) FROM pages'),
    files: 0,
    garbledPages: count("SELECT count(*) FROM pages WHERE quality = 'garbled'"),
    emptyPages: count("SELECT count(*) FROM pages WHERE quality = 'empty'"),
    oldVersions: count('SELECT count(*) FROM document_versions v JOIN documents d ON d.id = v.document_id WHERE v.id <> d.current_version_id'),
  };
  const incomplete = db
    .prepare(
      `SELECT f.sha256, f.page_count, count(p.page_number) AS stored FROM pdf_files f
       LEFT JOIN pages p ON p.sha256 = f.sha256 GROUP BY f.sha256 HAVING stored <> f.page_count`,
    )
    .all() as { sha256: string; page_count: number; stored: number }[];
  for (const f of incomplete) {
    problems.push({ nl: `Tekst onvolledig: ${f.sha256} heeft ${f.stored} van ${f.page_count} pagina's`, en: `Text incomplete: ${f.sha256} has ${f.stored} of ${f.page_count} pages` });
  }
  const withoutVersion = count('SELECT count(*) FROM documents WHERE current_version_id IS NULL');
  if (withoutVersion > 0) problems.push({ nl: `${withoutVersion} documenten zonder versie`, en: `${withoutVersion} documents without a version` });
  return { integrity, counts, problems };
}

/**
 * Hashes every stored file and every file a document version needs, one at a
 * time (progress; cancel between files). Returns those that are not right.
 */
async function verifyFiles(db: Database.Database, blobs: BlobStore, stored: Set<string>, options: DoctorOptions): Promise<{ sha256: string; state: 'damaged' | 'missing' }[]> {
  const referenced = db.prepare('SELECT DISTINCT sha256 FROM document_versions ORDER BY sha256').pluck().all() as string[];
  const all = [...new Set([...referenced, ...stored])];
  const total = all.length;
  // About a hundred updates, however many files: a progress line, not a log of every file.
  const step = Math.max(1, Math.floor(total / 100));
  const report = (done: number) =>
    options.onProgress?.({ phase: 'verify-files', done, total, nl: `Bestanden controleren (${done}/${total})`, en: `Checking files (${done}/${total})` });
  const found: { sha256: string; state: 'damaged' | 'missing' }[] = [];
  for (const [index, sha256] of all.entries()) {
    throwIfCancelled(options.signal);
    if (index % step === 0) report(index);
    const state = await blobs.verify(sha256);
    if (state !== 'ok') found.push({ sha256, state });
    // An encrypted file is read in one go: between files the app stays responsive.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (total > 0) report(total);
  return found;
}

function documentsUsing(db: Database.Database, sha256: string): DoctorFileProblem['documents'] {
  const documents = db
    .prepare(
      `SELECT d.id, d.title, (v.id = d.current_version_id) AS current FROM document_versions v JOIN documents d ON d.id = v.document_id
       WHERE v.sha256 = ? ORDER BY d.id`,
    )
    .all(sha256) as { id: number; title: string; current: number }[];
  const meetings = db.prepare(
    `SELECT DISTINCT m.id AS meetingId, m.title, m.starts_at AS startsAt FROM agenda_item_documents l
     JOIN agenda_items i ON i.id = l.agenda_item_id JOIN meetings m ON m.id = i.meeting_id
     WHERE l.document_id = ? ORDER BY m.starts_at, m.id`,
  );
  return documents.map((d) => ({
    documentId: d.id,
    title: d.title,
    current: d.current === 1,
    meetings: meetings.all(d.id) as { meetingId: number; title: string; startsAt: string }[],
  }));
}

/** "PDF beschadigd: "Beslisnota" (Raadsvergadering, 9 jan 2017) …" with what was tried when a repair did not succeed. */
function fileProblem(file: DoctorFileProblem): Message {
  const users = { nl: usersOf(file, 'nl'), en: usersOf(file, 'en') };
  const short = file.sha256.slice(0, 12);
  const what =
    file.state === 'damaged'
      ? { nl: `PDF beschadigd (de inhoud klopt niet meer met sha256 ${short}…)`, en: `PDF damaged (its content no longer matches sha256 ${short}…)` }
      : { nl: `PDF ontbreekt in de bestandsopslag (sha256 ${short}…)`, en: `PDF missing from the file store (sha256 ${short}…)` };
  const next = file.repair ? { nl: ` ${file.repair.nl}`, en: ` ${file.repair.en}` } : { nl: '', en: '' };
  return { nl: `${what.nl}: ${users.nl}.${next.nl}`, en: `${what.en}: ${users.en}.${next.en}` };
}

/** The documents using a file, each with its first meeting and date; a few, then how many more. */
export function usersOf(file: Pick<DoctorFileProblem, 'documents'>, language: 'nl' | 'en'): string {
  const nl = language === 'nl';
  if (file.documents.length === 0) return nl ? 'geen document gebruikt dit bestand' : 'no document uses this file';
  const shown = file.documents.slice(0, 3).map((d) => {
    const [meeting, ...others] = d.meetings;
    const where = meeting ? ` (${meeting.title}, ${formatShortDate(meeting.startsAt, language)}${others.length ? (nl ? ` en ${others.length} andere` : ` and ${others.length} more`) : ''})` : '';
    const old = d.current ? '' : nl ? ', een eerdere versie' : ', an earlier version';
    return `"${d.title}"${where}${old}`;
  });
  const more = file.documents.length - shown.length;
  if (more > 0) shown.push(nl ? `en nog ${more} documenten` : `and ${more} more documents`);
  return shown.join('; ');
}
