// What the library remembers of PDFs it refused for good (migration 005):
// refusals that the same bytes would earn again at any later try, so trying
// is pointless. Only a decompression bomb counts: a damaged PDF may be a bad
// download, a timeout a busy machine.
import type Database from 'better-sqlite3-multiple-ciphers';
import { RaadsmapError, type ErrorInfo } from '../../../shared/errors.ts';

const PERMANENT_CODES = new Set(['pdf.decoded-too-large']);

/** A refusal these bytes would get again (an extraction error, before it is named after its document). */
export function isPermanentRefusal(error: unknown): error is RaadsmapError {
  return error instanceof RaadsmapError && PERMANENT_CODES.has(error.code);
}

/** Refusals by sha256, for an import that should not read again what was refused before. */
export interface RefusalMemory {
  /** The refusal of these bytes before, as an error that says so; undefined when they were never refused. */
  refusedBefore(sha256: string): RaadsmapError | undefined;
  remember(sha256: string, refusal: ErrorInfo): void;
}

export function refusalMemory(db: Database.Database, now: () => string): RefusalMemory {
  return {
    refusedBefore(sha256) {
      const row = db.prepare('SELECT code, nl, en, refused_at FROM refused_files WHERE sha256 = ?').get(sha256) as
        | { code: string; nl: string; en: string; refused_at: string }
        | undefined;
      if (!row) return undefined;
      const day = row.refused_at.slice(0, 10);
      return new RaadsmapError({
        code: row.code,
        nl: `${row.nl} Deze versie is op ${day} al geweigerd en wordt niet opnieuw gelezen.`,
        en: `${row.en} This version was refused on ${day} already and is not read again.`,
      });
    },
    remember(sha256, refusal) {
      db.prepare('INSERT OR IGNORE INTO refused_files (sha256, code, nl, en, refused_at) VALUES (?, ?, ?, ?, ?)').run(sha256, refusal.code, refusal.nl, refusal.en, now());
    },
  };
}
