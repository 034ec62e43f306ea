import type { Migration } from '../types.ts';

// Where a highlight's rectangles came from. 'runs': each text run's width
// spread evenly over its characters (all that highlights had before; they sit
// several points beside the words), to be placed again from the glyphs;
// 'glyphs': from the glyph positions (extraction/glyph-geometry.ts); 'runs-only':
// the glyphs of that page could not be read, so the runs stay and are not
// tried again until the annotation is placed anew.
export const rectsFrom: Migration = {
  version: 4,
  name: 'where highlight rectangles came from, so old ones are placed again from the glyphs',
  up(db, s) {
    db.exec(`ALTER TABLE ${s}.annotations ADD COLUMN rects_from TEXT NOT NULL DEFAULT 'runs' CHECK (rects_from IN ('runs', 'glyphs', 'runs-only'))`);
  },
};
