// The independent measure of where words are: poppler's `pdftotext
// -bbox-layout` word boxes, and a pairing of those words with words of the
// text layer string (pages.raw_text), so a highlight of one can be compared
// with the other.
import { execFileSync } from 'node:child_process';
import type { TextRun } from '../../electron/core/extraction/types.ts';

/** A word box as poppler reports it, turned to a bottom-left origin like our rects: [x0, y0, x1, y1]. */
export interface PopplerWord {
  text: string;
  box: [number, number, number, number];
}

export interface PopplerPage {
  width: number;
  height: number;
  words: PopplerWord[];
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Every page's words (poppler's own reading of the file), in the page as displayed. */
export function popplerWords(file: string): PopplerPage[] {
  const html = execFileSync('pdftotext', ['-bbox-layout', '-enc', 'UTF-8', file, '-'], { maxBuffer: 256 * 1024 * 1024 }).toString('utf8');
  // pdftotext gives the words in the page as displayed, but the page's size before /Rotate: pdfinfo says the rotation.
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '100000', file]).toString('utf8');
  const rotation = new Map([...info.matchAll(/^Page\s+(\d+) rot:\s+(\d+)/gm)].map(([, page, rot]) => [Number(page), Number(rot)]));
  const pages: PopplerPage[] = [];
  for (const [, w, h, body] of html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
    const turned = (rotation.get(pages.length + 1) ?? 0) % 180 !== 0;
    const [width, height] = turned ? [Number(h), Number(w)] : [Number(w), Number(h)];
    const words = [...body!.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)].map(([, x0, y0, x1, y1, text]) => ({
      text: unescape(text!),
      box: [Number(x0), height - Number(y1), Number(x1), height - Number(y0)] as [number, number, number, number],
    }));
    pages.push({ width, height, words });
  }
  return pages;
}

/**
 * Poppler's words paired with the same words of the text layer string
 * (pages.raw_text), with their offsets there. A poppler word is paired with
 * an occurrence of the same token (a run of non-spaces) when exactly one
 * occurrence lies in a text run (a line, or part of one) whose box holds the
 * middle of poppler's word box: the runs only tell the line, never where
 * on it a word is, which is what is measured.
 */
export function pairWords(rawText: string, runs: readonly TextRun[], words: readonly PopplerWord[]): { text: string; start: number; end: number; box: PopplerWord['box'] }[] {
  const tokens = new Map<string, { start: number; end: number }[]>();
  for (const m of rawText.matchAll(/\S+/g)) tokens.set(m[0], [...(tokens.get(m[0]) ?? []), { start: m.index, end: m.index + m[0].length }]);
  return words.flatMap((w) => {
    const [cx, cy] = [(w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2];
    const candidates = (tokens.get(w.text) ?? []).filter(({ start, end }) => {
      const run = runs.find((r) => r.start <= start && end <= r.end);
      return run !== undefined && run.x - 1 <= cx && cx <= run.x + run.width + 1 && run.y - 1 <= cy && cy <= run.y + run.height + 1;
    });
    return candidates.length === 1 ? [{ text: w.text, ...candidates[0]!, box: w.box }] : [];
  });
}
