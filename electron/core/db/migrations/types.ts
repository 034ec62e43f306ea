import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * A forward-only schema change. Numbered from 1 without gaps; the number is
 * stored in the database file's `user_version`, so a file always says which
 * migrations it has had. Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  /** Runs inside a transaction on the connection; `schema` is 'main' or 'personal'. */
  up(db: Database.Database, schema: string): void;
}
