// One page's pdf.js text items → the text layer's string, a box per item,
// and the lines with a flag for those in the top or bottom margin.
import type { PageLines } from './running-lines.ts';
import type { TextRun } from './types.ts';

/** The parts of pdf.js's TextItem used here (marked-content items have no `str`). */
export interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
  hasEOL: boolean;
}
export interface TextStyleLike {
  ascent?: number;
  descent?: number;
}
/** A pdf.js PageViewport at scale 1: user space → top-left origin, after /Rotate. */
export interface ViewportLike {
  width: number;
  height: number;
  transform: number[];
}

export interface PageText extends PageLines {
  rawText: string;
  runs: TextRun[];
}

/** Lines wholly within this share of the page height from the top or bottom edge are margin lines. */
const MARGIN_BAND = 0.07;
// When a font does not say, the usual proportions of a Latin font.
const DEFAULT_ASCENT = 0.8;
const DEFAULT_DESCENT = -0.2;

type Point = [number, number];
type Matrix = readonly number[];
const apply = (m: Matrix, [x, y]: Point): Point => [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];
const round = (n: number) => Math.round(n * 100) / 100;

export function readPageText(
  items: readonly (TextItemLike | object)[],
  styles: Readonly<Record<string, TextStyleLike | undefined>>,
  viewport: ViewportLike,
): PageText {
  let rawText = '';
  const runs: TextRun[] = [];
  for (const item of items) {
    if (!('str' in item)) continue;
    const start = rawText.length;
    rawText += item.str;
    if (item.str.trim() !== '') runs.push({ start, end: rawText.length, ...itemBox(item, styles[item.fontName], viewport) });
    if (item.hasEOL) rawText += '\n';
  }
  const lines = rawText.split('\n');
  return { rawText, runs, lines, edge: marginLines(lines, runs, viewport.height) };
}

/**
 * The item's glyph box: from the baseline origin along the text direction
 * for `width`, and across it from descent to ascent. Its corners go through
 * the viewport (which applies /Rotate and the MediaBox offset) and are then
 * flipped to a bottom-left origin, so the box matches the page as displayed.
 */
function itemBox(item: TextItemLike, style: TextStyleLike | undefined, viewport: ViewportLike): Omit<TextRun, 'start' | 'end'> {
  const [a, b, c, d, e, f] = item.transform as [number, number, number, number, number, number];
  const alongLength = Math.hypot(a, b) || 1;
  const acrossLength = Math.hypot(c, d) || 1;
  const along: Point = [a / alongLength, b / alongLength];
  const across: Point = [c / acrossLength, d / acrossLength];
  const size = item.height || acrossLength;
  const ascent = (style?.ascent || DEFAULT_ASCENT) * size;
  const descent = (style?.descent || DEFAULT_DESCENT) * size;
  const corners = [0, item.width].flatMap((s) =>
    [descent, ascent].map((t): Point => {
      const [vx, vy] = apply(viewport.transform, [e + along[0] * s + across[0] * t, f + along[1] * s + across[1] * t]);
      return [vx, viewport.height - vy];
    }),
  );
  const xs = corners.map((p) => p[0]);
  const ys = corners.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x: round(x), y: round(y), width: round(Math.max(...xs) - x), height: round(Math.max(...ys) - y) };
}

/** Per line: does all of its text lie in the top or bottom margin band? */
function marginLines(lines: readonly string[], runs: readonly TextRun[], pageHeight: number): boolean[] {
  const band = pageHeight * MARGIN_BAND;
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  const extent = lines.map(() => ({ bottom: Infinity, top: -Infinity }));
  let line = 0;
  for (const run of runs) {
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= run.start) line++;
    const span = extent[line]!;
    span.bottom = Math.min(span.bottom, run.y);
    span.top = Math.max(span.top, run.y + run.height);
  }
  return extent.map(({ bottom, top }) => top !== -Infinity && (bottom >= pageHeight - band || top <= band));
}
