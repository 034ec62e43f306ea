import type { Migration } from '../types.ts';

// The full-text index of page text. Derived data: it can always be rebuilt
// from `pages`, and is when the analyser changes (search_meta.analyser).
export const searchIndex: Migration = {
  version: 2,
  name: 'full-text search index of pages',
  up(db, s) {
    db.exec(`
      -- One row per page of a stored PDF file; its id is the rowid in search_fts.
      -- indexed = 0: the page was looked at but has no usable text (garbled, empty).
      CREATE TABLE ${s}.search_pages (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL REFERENCES pdf_files(sha256),
        page_number INTEGER NOT NULL,
        indexed INTEGER NOT NULL,
        UNIQUE (sha256, page_number)
      );

      -- Pre-analysed text (Dutch stems, shared/search/analyser.ts), so FTS5's
      -- own tokenizer only splits on spaces. Contentless: the text lives in
      -- pages once; snippets are made from there.
      CREATE VIRTUAL TABLE ${s}.search_fts USING fts5(
        body, parts,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 0'
      );
      CREATE VIRTUAL TABLE ${s}.search_vocab USING fts5vocab(search_fts, row);

      -- Folded surface words with their frequency: suggestions while typing and typo correction.
      CREATE TABLE ${s}.search_terms (
        term TEXT PRIMARY KEY,
        freq INTEGER NOT NULL
      ) WITHOUT ROWID;

      -- Page hits lead to documents through the file they are a page of.
      CREATE INDEX ${s}.document_versions_by_sha256 ON document_versions (sha256);

      CREATE TABLE ${s}.search_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
