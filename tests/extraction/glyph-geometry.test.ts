import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rectsFor, type Rect } from '../../electron/core/anchoring/text-anchor.ts';
import { extractPdf, readGeometry } from '../../electron/core/extraction/extract-pdf.ts';
import { alignGlyphs, type PageGeometry, type PlacedGlyph } from '../../electron/core/extraction/glyph-geometry.ts';
import { makeLayoutPdf } from '../support/layout-pdf.ts';
import { pairWords, popplerWords, type PopplerWord } from '../support/poppler-words.ts';

/** How far a rect's ends are from poppler's word box along the line, and how its sides lie across it. */
function compare([x, y, w, h]: Rect, [x0, y0, x1, y1]: PopplerWord['box'], vertical: boolean) {
  const [low, high, boxLow, boxHigh] = vertical ? [y, y + h, y0, y1] : [x, x + w, x0, x1];
  const [side0, side1, boxSide0, boxSide1] = vertical ? [x, x + w, x0, x1] : [y, y + h, y0, y1];
  return { along: Math.max(Math.abs(low - boxLow), Math.abs(high - boxHigh)), outside: Math.max(side0 - boxSide0, boxSide1 - side1), over: Math.max(boxSide0 - side0, side1 - boxSide1) };
}

describe('glyph positions of a page with columns, kerning, spacing, rotation and turned text', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-glyphs-'));
  const file = path.join(dir, 'opmaakproef.pdf');
  let geometry: PageGeometry[];
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  beforeAll(async () => {
    const bytes = await makeLayoutPdf();
    fs.writeFileSync(file, bytes);
    geometry = await readGeometry(bytes.slice(), [1, 2, 3, 4]);
  });

  it('reads the same text layer as extraction stores, and matches every glyph to it', async () => {
    const extracted = await extractPdf(new Uint8Array(fs.readFileSync(file)));
    expect(geometry.map((g) => g.rawText)).toEqual(extracted.pages.map((p) => p.rawText));
    expect(geometry.map((g) => g.runs.map(({ start, end, x, y, width, height }) => ({ start, end, x, y, width, height })))).toEqual(extracted.pages.map((p) => p.runs));
    for (const page of geometry) expect(page.runs.filter((r) => r.edges === null)).toEqual([]);
    // Page 3 has text turned upwards and downwards; page 4 (/Rotate 270) runs up the displayed page.
    expect(geometry.map((g) => g.runs.filter((r) => r.vertical).length)).toEqual([0, 0, 12, 20]);
  });

  it("puts each word's highlight within 1 pt of poppler's word box along the line, on every page", () => {
    const poppler = popplerWords(file);
    for (const page of geometry) {
      const words = pairWords(page.rawText, page.runs, poppler[page.pageNumber - 1]!.words);
      expect(words.length, `page ${page.pageNumber}`).toBeGreaterThanOrEqual(40);
      for (const word of words) {
        const rects = rectsFor(page.runs, word.start, word.end);
        expect(rects, word.text).toHaveLength(1);
        const vertical = page.runs.find((r) => r.start <= word.start && word.end <= r.end)!.vertical;
        const { along, outside, over } = compare(rects[0]!, word.box, vertical);
        expect(along, `"${word.text}" on page ${page.pageNumber}`).toBeLessThan(1);
        // Across the line the rect holds poppler's box; it may reach higher, as pdf.js takes
        // Helvetica's ascent from its substitute font (0.905 em) and poppler from the AFM (0.718 em).
        expect(outside, `"${word.text}" on page ${page.pageNumber}`).toBeLessThan(1);
        expect(over, `"${word.text}" on page ${page.pageNumber}`).toBeLessThan(2.5);
      }
    }
  });
});

describe('matching glyphs to the text layer', () => {
  const run = (start: number, end: number, x: number, width: number) => ({ start, end, x, y: 100, width, height: 12 });
  const glyphs = (text: string, x: number, advance = 5): PlacedGlyph[] => [...text].map((unicode, i) => ({ unicode, from: x + i * advance, to: x + (i + 1) * advance, vertical: false }));

  it('gives each character its glyph, spaces none, and shares a ligature glyph between its letters', () => {
    // The "fi" ligature: one glyph whose text is two letters.
    const [aligned] = alignGlyphs('fine de', [run(0, 7, 10, 32)], [{ unicode: 'fi', from: 10, to: 16, vertical: false }, ...glyphs('ne', 16), { unicode: ' ', from: 26, to: 28, vertical: false }, ...glyphs('de', 30)]);
    expect(aligned!.edges).toEqual([10, 13, 13, 16, 16, 21, 21, 26, NaN, NaN, 30, 35, 35, 40]);
    expect(rectsFor([aligned!], 2, 7)).toEqual([[16, 100, 24, 12]]);
    expect(rectsFor([aligned!], 4, 5)).toEqual([]); // a space only: nothing to mark
  });

  it('steps over glyphs the text layer left out and characters without a glyph', () => {
    // An "X" drawn outside the page (pdf.js leaves it out of the text), a "·" the glyphs do not have.
    const placed = [...glyphs('raad', 0), { unicode: 'X', from: 900, to: 905, vertical: false }, ...glyphs('svergadering', 20)];
    const [aligned] = alignGlyphs('raad·svergadering', [run(0, 17, 0, 80)], placed);
    expect(aligned!.edges!.slice(0, 14)).toEqual([0, 5, 5, 10, 10, 15, 15, 20, NaN, NaN, 20, 25, 25, 30]);
    expect(rectsFor([aligned!], 5, 17)).toEqual([[20, 100, 60, 12]]);
  });

  it('falls back to the run box for a run whose glyphs do not match (garbled text) or lie outside it', () => {
    const [garbled, placedElsewhere] = alignGlyphs('Beslisnota raad', [run(0, 10, 0, 60), run(11, 15, 70, 20)], [...glyphs('§¤¶', 0), ...glyphs('raad', 400)]);
    expect(garbled!.edges).toBeNull();
    expect(placedElsewhere!.edges).toBeNull();
    // Spread evenly over the characters, as before glyph positions.
    expect(rectsFor([garbled!], 0, 5)).toEqual([[0, 100, 30, 12]]);
  });

  it('joins the parts of a selection on one line into one bar, and makes one per line', () => {
    const [a, b, c] = alignGlyphs('één twee\ndrie', [run(0, 3, 0, 15), run(4, 8, 20, 20), { start: 9, end: 13, x: 0, y: 80, width: 20, height: 12 }], [...glyphs('één', 0), ...glyphs('twee', 20), ...glyphs('drie', 0)]);
    expect(rectsFor([a!, b!, c!], 1, 11)).toEqual([
      [5, 100, 35, 12],
      [0, 80, 10, 12],
    ]);
  });
});
