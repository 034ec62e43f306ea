// Where each character of a page's text layer sits, from the glyphs
// themselves: pdf.js's operator list gives, per text-showing operator, the
// glyphs with their advance widths and the TJ adjustments, and the text state
// operators around them; running the PDF text state machine over those (as
// pdf.js's canvas does when it paints) gives each glyph's origin and advance
// on the page. The glyphs are then matched, in order, to the text layer
// string (pages.raw_text), so every character gets its extent along its line.
// Highlights use that instead of spreading a text item's width evenly over
// its characters, which puts them several points beside the words.
import type { TextRun } from './types.ts';
import type { ViewportLike } from './page-text.ts';

/**
 * A text run (one pdf.js text item) with, per character, where it starts and
 * ends along the text direction in page-as-displayed coordinates (x, or y
 * when the text runs vertically on the displayed page): `edges[2i]`,
 * `edges[2i + 1]` for character `start + i`, NaN for a character that has no
 * glyph (a space pdf.js inserted, a line break). `edges` is null when the
 * glyphs could not be matched to the run's text: then only the run's box is known.
 */
export interface GlyphRun extends TextRun {
  vertical: boolean;
  edges: number[] | null;
}

export interface PageGeometry {
  pageNumber: number;
  rawText: string;
  runs: GlyphRun[];
}

/** One shown glyph: its text and its extent along the text direction on the displayed page. */
export interface PlacedGlyph {
  unicode: string;
  /** Start and end along the text direction (x, or y when `vertical`), in display space. */
  from: number;
  to: number;
  vertical: boolean;
}

/** What the operator list holds for a glyph (pdf.js's Glyph, structured-cloned). */
interface GlyphLike {
  unicode: string;
  width: number;
  isSpace?: boolean;
}

/** What the placement needs of a loaded font (pdf.js's FontFaceObject in commonObjs). */
export interface FontLike {
  fontMatrix?: number[] | ArrayLike<number> | undefined;
  vertical?: boolean | undefined;
  isType3Font?: boolean | undefined;
}

/** The operator numbers used here (pdf.js's OPS). */
export interface OpCodes {
  save: number;
  restore: number;
  transform: number;
  beginText: number;
  setCharSpacing: number;
  setWordSpacing: number;
  setHScale: number;
  setLeading: number;
  setFont: number;
  setTextRise: number;
  moveText: number;
  setLeadingMoveText: number;
  setTextMatrix: number;
  nextLine: number;
  showText: number;
  setGState: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
  beginGroup: number;
  endGroup: number;
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const FONT_IDENTITY = [0.001, 0, 0, 0.001, 0, 0];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
const matrixOf = (value: unknown): Matrix | null => {
  const m = value as ArrayLike<number> | null | undefined;
  if (!m || m.length !== 6) return null;
  const out = Array.from(m) as Matrix;
  return out.every(Number.isFinite) ? out : null;
};

/** The graphics and text state, saved and restored as a whole as pdf.js does (q/Q restore the text position too). */
interface TextState {
  ctm: Matrix;
  /** The text matrix, and the text and line positions within it, as pdf.js keeps them (Tm and Tlm). */
  textMatrix: Matrix;
  x: number;
  y: number;
  lineX: number;
  lineY: number;
  font: FontLike | undefined;
  fontSize: number;
  fontDirection: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
}

/**
 * Runs the text state machine over an operator list (fnArray/argsArray as
 * page.getOperatorList() gives them) and returns every glyph shown, in
 * content order, with its extent along the text direction on the page as
 * displayed (viewport: scale 1, /Rotate applied; y flipped to a bottom-left
 * origin as the stored runs are). Mirrors pdf.js's canvas painting:
 * showText advances by width × fontMatrix[0] × size plus character and
 * word spacing, times the horizontal scale; numbers in a TJ array move by
 * −n/1000 × size. Fonts written vertically give no glyphs (their runs keep
 * the run box).
 */
export function placeGlyphs(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, fontOf: (name: string) => FontLike | undefined, viewport: ViewportLike, ops: OpCodes): PlacedGlyph[] {
  const display: Matrix = multiply(matrixOf(viewport.transform) ?? IDENTITY, [1, 0, 0, -1, 0, viewport.height]);
  let state: TextState = { ctm: IDENTITY, textMatrix: IDENTITY, x: 0, y: 0, lineX: 0, lineY: 0, font: undefined, fontSize: 0, fontDirection: 1, charSpacing: 0, wordSpacing: 0, hScale: 1, leading: 0, rise: 0 };
  const stack: TextState[] = [];
  const glyphs: PlacedGlyph[] = [];
  const save = () => stack.push({ ...state });
  const restore = () => {
    state = stack.pop() ?? state;
  };
  const moveText = (dx: number, dy: number) => {
    state.x = state.lineX += dx;
    state.y = state.lineY += dy;
  };
  const setTextMatrix = (m: Matrix) => {
    state.textMatrix = m;
    state.x = state.lineX = 0;
    state.y = state.lineY = 0;
  };
  const setFont = (name: unknown, size: unknown) => {
    const font = typeof name === 'string' ? fontOf(name) : undefined;
    const s = typeof size === 'number' && Number.isFinite(size) ? size : 0;
    state.font = font;
    state.fontDirection = s < 0 ? -1 : 1;
    state.fontSize = Math.abs(s);
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = (argsArray[i] ?? []) as unknown[];
    switch (fn) {
      case ops.save:
      case ops.beginGroup:
        save();
        break;
      case ops.restore:
      case ops.endGroup:
      case ops.paintFormXObjectEnd:
        restore();
        break;
      case ops.paintFormXObjectBegin: {
        save();
        const m = matrixOf(args[0]);
        if (m) state.ctm = multiply(m, state.ctm);
        break;
      }
      case ops.transform: {
        const m = matrixOf(args.length === 1 ? args[0] : args);
        if (m) state.ctm = multiply(m, state.ctm);
        break;
      }
      case ops.beginText:
        setTextMatrix(IDENTITY);
        break;
      case ops.setTextMatrix:
        setTextMatrix(matrixOf(args[0]) ?? matrixOf(args) ?? IDENTITY);
        break;
      case ops.moveText:
        moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case ops.setLeadingMoveText:
        state.leading = Number(args[1]) || 0;
        moveText(Number(args[0]) || 0, Number(args[1]) || 0);
        break;
      case ops.nextLine:
        moveText(0, state.leading);
        break;
      case ops.setLeading:
        state.leading = -(Number(args[0]) || 0);
        break;
      case ops.setCharSpacing:
        state.charSpacing = Number(args[0]) || 0;
        break;
      case ops.setWordSpacing:
        state.wordSpacing = Number(args[0]) || 0;
        break;
      case ops.setHScale:
        state.hScale = (Number(args[0]) || 0) / 100;
        break;
      case ops.setTextRise:
        state.rise = Number(args[0]) || 0;
        break;
      case ops.setFont:
        setFont(args[0], args[1]);
        break;
      case ops.setGState:
        for (const entry of (args[0] ?? []) as unknown[]) {
          const [key, value] = entry as [string, unknown];
          if (key === 'Font' && Array.isArray(value)) setFont(value[0], value[1]);
        }
        break;
      case ops.showText:
        state.x += show((args[0] ?? []) as (GlyphLike | number)[]);
        break;
    }
  }
  return glyphs;

  /** Places the glyphs of one showText; returns how far the text position moved (in unscaled text space). */
  function show(items: readonly (GlyphLike | number)[]): number {
    const { font, fontSize, fontDirection, charSpacing, wordSpacing, textMatrix, x, y } = state;
    if (!font || fontSize === 0) return 0;
    const fontMatrix = font.fontMatrix && font.fontMatrix.length === 6 ? Array.from(font.fontMatrix) : FONT_IDENTITY;
    const type3 = font.isType3Font === true;
    const hScale = state.hScale * fontDirection;
    // As pdf.js paints: the text matrix, then a move to the text position (and rise), then the
    // horizontal scale; from there through the CTM to user space and on to the displayed page.
    const toDisplay = multiply(multiply([hScale, 0, 0, 1, x, y + state.rise], textMatrix), multiply(state.ctm, display));
    const vertical = isVertical(toDisplay);
    let advance = 0;
    for (const item of items) {
      if (typeof item === 'number') {
        advance += font.vertical ? 0 : (-item * fontSize) / 1000;
        continue;
      }
      if (!item || typeof item !== 'object') continue;
      const width = Number(item.width) || 0;
      const glyphAdvance = type3 ? (width * fontMatrix[0]! + fontMatrix[4]!) * fontSize : width * fontMatrix[0]! * fontSize;
      const spacing = (item.isSpace ? wordSpacing : 0) + charSpacing;
      if (!font.vertical && typeof item.unicode === 'string') {
        const [sx, sy] = apply(toDisplay, advance, 0);
        const [ex, ey] = apply(toDisplay, advance + glyphAdvance, 0);
        const from = vertical ? sy : sx;
        const to = vertical ? ey : ex;
        glyphs.push({ unicode: item.unicode, from: Math.min(from, to), to: Math.max(from, to), vertical });
      }
      advance += type3 ? glyphAdvance + spacing : glyphAdvance + spacing * fontDirection;
    }
    if (font.vertical) return 0;
    return advance * hScale;
  }
}

/** Does text drawn with this matrix run up or down the displayed page rather than across it? */
function isVertical(m: Matrix): boolean {
  return Math.abs(m[1]) > Math.abs(m[0]);
}

/** Glyphs the text layer leaves out: spaces (it writes its own) and invisible format marks (soft hyphen, joiners). */
const NOT_IN_TEXT = /^[\s\p{Cf}]*$/u;
const SPACE = /\s/;
/** How far (glyphs or characters) matching looks ahead to find its place again after a mismatch. */
const LOOKAHEAD = 8;
/** A run counts as matched when at least this share of its visible characters found their glyph. */
const MIN_MATCHED = 0.9;

/**
 * Matches the glyphs, in content order, to the text layer string and gives
 * each run the extents of its characters. The text layer is built from the
 * same glyphs in the same order (pdf.js's getTextContent), with spaces and
 * line breaks of its own in between; glyphs it skipped (outside the page)
 * and characters without a glyph are stepped over by looking a few ahead.
 * A run whose characters do not (nearly) all match, or whose glyphs fall
 * outside its box, gets no edges: its highlight falls back to the run's box.
 */
export function alignGlyphs(rawText: string, runs: readonly TextRun[], placed: readonly PlacedGlyph[]): GlyphRun[] {
  const glyphs = placed.filter((g) => !NOT_IN_TEXT.test(g.unicode));
  const from = new Float64Array(rawText.length).fill(NaN);
  const to = new Float64Array(rawText.length).fill(NaN);
  const vertical = new Uint8Array(rawText.length);
  /** Whether the `count` glyphs from `g` match the text from `k` (spaces in the text skipped between them). */
  const matchAt = (g: number, k: number, count: number): boolean => {
    for (let n = 0; n < count && g + n < glyphs.length; n++) {
      while (k < rawText.length && SPACE.test(rawText[k]!)) k++;
      const unicode = glyphs[g + n]!.unicode;
      if (!rawText.startsWith(unicode, k)) return false;
      k += unicode.length;
    }
    return true;
  };
  let k = 0;
  let g = 0;
  while (k < rawText.length && g < glyphs.length) {
    if (SPACE.test(rawText[k]!)) {
      k++;
      continue;
    }
    const glyph = glyphs[g]!;
    if (rawText.startsWith(glyph.unicode, k)) {
      // A glyph for several characters (a ligature): its width shared evenly.
      const n = glyph.unicode.length;
      const step = (glyph.to - glyph.from) / n;
      for (let i = 0; i < n; i++) {
        from[k + i] = glyph.from + step * i;
        to[k + i] = glyph.from + step * (i + 1);
        vertical[k + i] = glyph.vertical ? 1 : 0;
      }
      k += n;
      g++;
      continue;
    }
    // Lost: skip the fewest glyphs and characters after which three glyphs match again.
    let found = false;
    for (let cost = 1; cost <= 2 * LOOKAHEAD && !found; cost++) {
      for (let skipGlyphs = 0; skipGlyphs <= Math.min(cost, LOOKAHEAD); skipGlyphs++) {
        const skipChars = cost - skipGlyphs;
        if (skipChars > LOOKAHEAD || k + skipChars >= rawText.length || g + skipGlyphs >= glyphs.length) continue;
        if (matchAt(g + skipGlyphs, k + skipChars, 3)) {
          g += skipGlyphs;
          k += skipChars;
          found = true;
          break;
        }
      }
    }
    if (!found) break;
  }

  return runs.map((run) => {
    const edges: number[] = [];
    let visible = 0;
    let matched = 0;
    let verticalCount = 0;
    for (let i = run.start; i < run.end; i++) {
      if (!SPACE.test(rawText[i] ?? ' ')) visible++;
      if (Number.isNaN(from[i]!)) {
        edges.push(NaN, NaN);
        continue;
      }
      matched++;
      verticalCount += vertical[i]!;
      edges.push(round(from[i]!), round(to[i]!));
    }
    const isVertical = matched > 0 ? verticalCount * 2 > matched : run.height > run.width;
    const [low, high] = isVertical ? [run.y, run.y + run.height] : [run.x, run.x + run.width];
    // A glyph beyond its run's box means the match went wrong here.
    const slack = Math.max(1, 0.25 * (isVertical ? run.width : run.height));
    const inside = edges.every((e) => Number.isNaN(e) || (e >= low - slack && e <= high + slack));
    const good = visible > 0 && matched >= MIN_MATCHED * visible && inside;
    return { ...run, vertical: isVertical, edges: good ? edges : null };
  });
}

const round = (n: number) => Math.round(n * 100) / 100;
