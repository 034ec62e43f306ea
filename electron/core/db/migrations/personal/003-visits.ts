import type { Migration } from '../types.ts';

// When the app was opened (one row per run of the desktop app or the web
// host; the CLI does not count): the home screen's "Nieuw sinds uw laatste
// bezoek" measures from the last run on an earlier day than this one.
export const visits: Migration = {
  version: 3,
  name: 'app runs, for what is new since the last visit',
  up(db, s) {
    db.exec(`
      CREATE TABLE ${s}.visits (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL
      );
      CREATE INDEX ${s}.visits_by_start ON visits (started_at);
    `);
  },
};
