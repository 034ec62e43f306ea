// Removes old versions of documents to free space: beyond the newest `keep`
// of each document (the current one always among them), never a version an
// annotation sits on, nor the one the user last saw (its change badge
// compares that one with the current one). The rows go in one transaction (the version, its
// comparisons, and, when no other version uses the file, its page text,
// search index entries and what sync remembered of it); the PDFs are removed
// after the commit, so a crash in between leaves only a file nothing uses
// (doctor counts it; the next prune removes it), never a version without its file.
import type Database from 'better-sqlite3-multiple-ciphers';
import type { PruneReport } from '../../../shared/api.ts';
import type { ProgressListener } from '../../../shared/errors.ts';
import type { BlobStore } from '../files/blob-store.ts';

/** By default the current version and the one before it stay, so what the last revision changed stays readable. */
export const DEFAULT_KEEP_VERSIONS = 2;

export function pruneVersions(
  db: Database.Database,
  blobs: BlobStore,
  /** Takes a file's pages out of the search index, in this transaction (PageIndex.removeFile). */
  removeFromIndex: (sha256: string) => void,
  input: { keep?: number | undefined; dryRun?: boolean | undefined },
  now = Date.now(),
  onProgress?: ProgressListener,
): PruneReport {
  const keep = input.keep ?? DEFAULT_KEEP_VERSIONS;
  const dryRun = input.dryRun === true;
  const plan = db.transaction(() => {
    const candidates = db
      .prepare(
        `SELECT v.id, v.sha256 FROM (
           SELECT v.id, v.sha256, v.document_id, row_number() OVER (PARTITION BY v.document_id ORDER BY (v.id = d.current_version_id) DESC, v.id DESC) AS rank
           FROM document_versions v JOIN documents d ON d.id = v.document_id
         ) v
         JOIN documents d ON d.id = v.document_id
         WHERE v.rank > ? AND v.id <> d.current_version_id
         ORDER BY v.id`,
      )
      .all(keep) as { id: number; sha256: string }[];
    const annotated = db.prepare('SELECT 1 FROM personal.annotations WHERE sha256 = ? LIMIT 1').pluck();
    // The version the user last saw stays: the change badge compares it with the current one.
    const seen = db.prepare('SELECT 1 FROM personal.read_state r JOIN document_versions v ON v.document_id = r.document_id AND v.sha256 = r.seen_sha256 WHERE v.id = ?').pluck();
    const notAnnotated = candidates.filter((c) => !annotated.get(c.sha256));
    const removable = notAnnotated.filter((c) => !seen.get(c.id));
    const keptForAnnotations = candidates.length - notAnnotated.length;
    const keptAsSeen = notAnnotated.length - removable.length;
    const files = filesFreed(removable);
    if (dryRun || removable.length === 0) return { removable, files, keptForAnnotations, keptAsSeen };

    const dropChanges = db.prepare('DELETE FROM version_changes WHERE diff_id IN (SELECT id FROM version_diffs WHERE from_version_id = @id OR to_version_id = @id)');
    const dropDiffs = db.prepare('DELETE FROM version_diffs WHERE from_version_id = @id OR to_version_id = @id');
    const dropVersion = db.prepare('DELETE FROM document_versions WHERE id = @id');
    for (const c of removable) {
      dropChanges.run({ id: c.id });
      dropDiffs.run({ id: c.id });
      dropVersion.run({ id: c.id });
    }
    const report = (done: number) =>
      onProgress?.({ phase: 'prune', done, total: files.length, nl: `Oude versies verwijderen (${done}/${files.length})`, en: `Removing old versions (${done}/${files.length})` });
    for (const [index, file] of files.entries()) {
      // Taking a file's pages out of the index reads them again: the step that takes time in a large prune.
      report(index);
      // Out of the search index first, while its page text is still there to count what it added.
      removeFromIndex(file.sha256);
      db.prepare('DELETE FROM pages WHERE sha256 = ?').run(file.sha256);
      db.prepare('DELETE FROM pdf_files WHERE sha256 = ?').run(file.sha256);
      // A later sync must download it again rather than take it from the store.
      db.prepare('DELETE FROM sync_files WHERE sha256 = ?').run(file.sha256);
    }
    report(files.length);
    return { removable, files, keptForAnnotations, keptAsSeen };
  }).immediate();

  if (!dryRun) for (const file of plan.files) blobs.remove(file.sha256);
  // Files left by a crash between an earlier prune's commit and its removals: no version uses them.
  const orphans = orphanedFiles(db, blobs, now);
  if (!dryRun) for (const file of orphans) blobs.remove(file.sha256);
  return {
    dryRun,
    versionsRemoved: plan.removable.length,
    filesRemoved: plan.files.length + orphans.length,
    bytesFreed: [...plan.files, ...orphans].reduce((n, f) => n + (f.storedBytes || f.size), 0),
    keptForAnnotations: plan.keptForAnnotations,
    keptAsSeen: plan.keptAsSeen,
  };

  /** The files of these versions that no other version uses: what removing them frees. */
  function filesFreed(removed: { id: number; sha256: string }[]): { sha256: string; size: number; storedBytes: number }[] {
    const removedIds = new Set(removed.map((r) => r.id));
    const users = db.prepare('SELECT id FROM document_versions WHERE sha256 = ?').pluck();
    const size = db.prepare('SELECT size FROM pdf_files WHERE sha256 = ?').pluck();
    return [...new Set(removed.map((r) => r.sha256))]
      .filter((sha) => (users.all(sha) as number[]).every((id) => removedIds.has(id)))
      .map((sha) => ({ sha256: sha, size: (size.get(sha) as number | undefined) ?? 0, storedBytes: blobs.storedSize(sha) }));
  }
}

/**
 * An import stores its PDFs before the transaction that makes versions of
 * them (and another process may be importing now): only a file no version,
 * page text or sync record uses, and untouched for a day, is left over.
 */
export const ORPHAN_AGE_MS = 24 * 60 * 60 * 1000;

function orphanedFiles(db: Database.Database, blobs: BlobStore, now: number): { sha256: string; size: number; storedBytes: number }[] {
  // What sync remembers having downloaded counts as used too: it would be downloaded again.
  const used = db
    .prepare('SELECT 1 FROM document_versions WHERE sha256 = @sha UNION ALL SELECT 1 FROM pdf_files WHERE sha256 = @sha UNION ALL SELECT 1 FROM sync_files WHERE sha256 = @sha LIMIT 1')
    .pluck();
  const out: { sha256: string; size: number; storedBytes: number }[] = [];
  for (const sha256 of blobs.list()) {
    if (used.get({ sha: sha256 })) continue;
    const age = now - blobs.modifiedAt(sha256);
    if (age < ORPHAN_AGE_MS) continue;
    const storedBytes = blobs.storedSize(sha256);
    out.push({ sha256, size: storedBytes, storedBytes });
  }
  return out;
}
