import type { Migration } from '../types.ts';

// Keys of an encrypted store that live inside it: the key the stored PDFs
// (files/) are encrypted with. Random, and kept here rather than derived from
// the store's key, so a new recovery code (which rekeys the databases) leaves
// every PDF as it is. In an unencrypted store the table stays empty.
export const storeKeys: Migration = {
  version: 4,
  name: 'store keys (encryption of stored PDFs)',
  up(db, s) {
    db.exec(`CREATE TABLE ${s}.store_keys (name TEXT PRIMARY KEY, key BLOB NOT NULL CHECK (length(key) = 32)) STRICT`);
  },
};
