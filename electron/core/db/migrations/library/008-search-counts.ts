import type { Migration } from '../types.ts';

// What a search at a million pages must not compute from the whole index
// (page-index.ts): pages per index term, counted as pages are indexed (FTS5's
// own vocabulary, search_vocab, counts them by reading a term's whole
// doclist), and the newest pages once more in a small FTS5 table, where a
// query that matches very many pages is ranked (bm25 reads the whole doclist
// of every word of a query in the table it ranks in). Both are filled by
// the rebuild that the index's new version starts.
export const searchCounts: Migration = {
  version: 8,
  name: 'search term counts and the newest pages',
  up(db, s) {
    db.exec(`
      CREATE TABLE ${s}.search_stems (
        term TEXT PRIMARY KEY,
        pages INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- Pages looked at, pages indexed and their characters (not in search_meta:
      -- a key there is read past the 3 MB word list, half a millisecond each).
      CREATE TABLE ${s}.search_counts (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );

      CREATE VIRTUAL TABLE ${s}.search_recent USING fts5(
        body, parts,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 0'
      );
    `);
  },
};
