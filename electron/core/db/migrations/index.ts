import type Database from 'better-sqlite3-multiple-ciphers';
import { RaadsmapError } from '../../../../shared/errors.ts';
import { initialLibrary } from './library/001-initial.ts';
import { searchIndex } from './library/002-search.ts';
import { sourcesSync } from './library/003-sources.ts';
import { storeKeys } from './library/004-store-keys.ts';
import { refusedFiles } from './library/005-refused-files.ts';
import { versionChanges } from './library/006-version-changes.ts';
import { versionNumbers } from './library/007-version-numbers.ts';
import { searchCounts } from './library/008-search-counts.ts';
import { syncRefs } from './library/009-sync-refs.ts';
import { initialPersonal } from './personal/001-initial.ts';
import { savedSearches } from './personal/002-saved-searches.ts';
import { visits } from './personal/003-visits.ts';
import { rectsFrom } from './personal/004-rects-from.ts';
import { seenVersions } from './personal/005-seen-versions.ts';
import { alertChanges } from './personal/006-alert-changes.ts';
import type { Migration } from './types.ts';

export type { Migration } from './types.ts';

/** Ordered, forward-only. Append; never edit or reorder a shipped entry. */
export const LIBRARY_MIGRATIONS: readonly Migration[] = [initialLibrary, searchIndex, sourcesSync, storeKeys, refusedFiles, versionChanges, versionNumbers, searchCounts, syncRefs];
export const PERSONAL_MIGRATIONS: readonly Migration[] = [initialPersonal, savedSearches, visits, rectsFrom, seenVersions, alertChanges];

export function schemaVersion(db: Database.Database, schema: string): number {
  return db.pragma(`${schema}.user_version`, { simple: true }) as number;
}

/**
 * Brings one database file (`schema` on this connection) up to date, each
 * migration in its own transaction. A file written by a newer Raadsmap is
 * refused untouched: an older app cannot know what its tables mean.
 */
export function migrate(db: Database.Database, schema: string, migrations: readonly Migration[], fileName: string): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order at ${m.name}`);
  });
  const latest = migrations.length;
  const current = schemaVersion(db, schema);
  if (current > latest) {
    throw new RaadsmapError({
      code: 'store.too-new',
      nl: `De database ${fileName} is gemaakt door een nieuwere versie van Raadsmap (schema ${current}, deze versie kent tot ${latest}). Werk Raadsmap bij; de database is niet aangeraakt.`,
      en: `The database ${fileName} was written by a newer version of Raadsmap (schema ${current}, this version knows up to ${latest}). Update Raadsmap; the database was not touched.`,
      subject: fileName,
    });
  }
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      // Another process opening the same new store may have run it while this one waited for the lock.
      if (schemaVersion(db, schema) >= migration.version) return;
      migration.up(db, schema);
      db.pragma(`${schema}.user_version = ${migration.version}`);
    })();
  }
}
