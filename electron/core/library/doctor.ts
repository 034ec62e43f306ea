import type Database from 'better-sqlite3-multiple-ciphers';
import type { DoctorReport } from '../../../shared/api.ts';
import type { BlobStore } from '../files/blob-store.ts';

/**
 * Checks that the store is whole: SQLite's own integrity and foreign-key
 * checks on both files, every document version's PDF present in the file
 * store, every extracted file with all its pages. Problems are listed in
 * Dutch, the language of the app; the counts are for the user's overview.
 */
export function runDoctor(db: Database.Database, blobs: BlobStore): DoctorReport {
  const integrity: string[] = [];
  for (const schema of ['main', 'personal']) {
    const result = db.pragma(`${schema}.integrity_check`, { simple: true }) as string;
    integrity.push(`${schema === 'main' ? 'library.db' : 'personal.db'}: ${result}`);
  }
  const problems: string[] = [];
  for (const line of integrity) if (!line.endsWith(': ok')) problems.push(`Integriteitscontrole: ${line}`);

  const fkViolations = db.pragma('main.foreign_key_check') as { table: string; rowid: number; parent: string }[];
  for (const v of fkViolations.slice(0, 20)) problems.push(`Verwijzing klopt niet: ${v.table} rij ${v.rowid} → ${v.parent}`);

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
  };

  const stored = new Set(blobs.list());
  counts.files = stored.size;
  const referenced = db.prepare('SELECT DISTINCT sha256 FROM document_versions').pluck().all() as string[];
  for (const sha of referenced) {
    if (!stored.has(sha)) problems.push(`PDF ontbreekt in de bestandsopslag: ${sha}`);
  }
  const incomplete = db
    .prepare(
      `SELECT f.sha256, f.page_count, count(p.page_number) AS stored FROM pdf_files f
       LEFT JOIN pages p ON p.sha256 = f.sha256 GROUP BY f.sha256 HAVING stored <> f.page_count`,
    )
    .all() as { sha256: string; page_count: number; stored: number }[];
  for (const f of incomplete) problems.push(`Tekst onvolledig: ${f.sha256} heeft ${f.stored} van ${f.page_count} pagina's`);

  const withoutVersion = count("SELECT count(*) FROM documents WHERE current_version_id IS NULL");
  if (withoutVersion > 0) problems.push(`${withoutVersion} documenten zonder versie`);

  return { ok: problems.length === 0, integrity, counts, problems };
}
