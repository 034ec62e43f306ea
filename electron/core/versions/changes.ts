// From two versions' word tokens to the changes a councillor reads, as in a
// tracked-changes view: inserted, deleted, replaced, and moved (a passage of
// at least MIN_MOVED_WORDS words taken out in one place and put in another,
// reported once with where it came from, not as a deletion plus an
// insertion). A change that touches a number carries the amount with its
// unit on both sides ("€ 1,1 mln" → "€ 1,4 mln").
import type { ChangeKind, DiffStatus, TextRange, VersionChange } from '../../../shared/api.ts';
import { diffSequences, type DiffOp } from './diff-text.ts';
import { tokenise, type VersionPage, type WordToken } from './tokens.ts';

/** A passage this long (in words) found deleted in one place and inserted in another is a move. */
export const MIN_MOVED_WORDS = 8;
/** An unchanged run this short between two changes is read as part of one change ("de" between two rewritten halves of a sentence). */
const ABSORBED_EQUAL_WORDS = 2;

export interface VersionComparison {
  status: DiffStatus;
  changes: VersionChange[];
}

/** Compares two versions' pages (old, new). */
export function compareVersions(oldPages: readonly VersionPage[], newPages: readonly VersionPage[]): VersionComparison {
  const a = tokenise(oldPages);
  const b = tokenise(newPages);
  // A scan or an unreadable font on either side: no words to compare, so nothing can be said about changes.
  if (!hasText(oldPages, a) || !hasText(newPages, b)) return { status: 'no-text', changes: [] };
  const changes = compareTokens(a, b);
  return { status: changes.length === 0 ? 'identical' : 'changed', changes };
}

function hasText(pages: readonly VersionPage[], tokens: readonly WordToken[]): boolean {
  return tokens.length > 0 && pages.some((p) => p.quality === 'ok');
}

/** The changes between two token sequences, in reading order of the new one. */
export function compareTokens(a: readonly WordToken[], b: readonly WordToken[]): VersionChange[] {
  const ids = new Map<string, number>();
  const idOf = (t: WordToken) => {
    let id = ids.get(t.key);
    if (id === undefined) ids.set(t.key, (id = ids.size));
    return id;
  };
  const aIds = Int32Array.from(a, idOf);
  const bIds = Int32Array.from(b, idOf);
  const hunks = hunksOf(absorbShortEquals(diffSequences(aIds, bIds, { a: sentenceStarts(a), b: sentenceStarts(b) })));
  const moves = findMoves(hunks, aIds, bIds);

  const out: Draft[] = [];
  for (const move of moves) {
    out.push({
      kind: 'moved',
      page: b[move.bStart]!.page,
      oldPage: a[move.aStart]!.page,
      oldText: textOf(a, [[move.aStart, move.aEnd]]),
      newText: textOf(b, [[move.bStart, move.bEnd]]),
      ranges: rangesOf(b, [[move.bStart, move.bEnd]]),
      oldRanges: rangesOf(a, [[move.aStart, move.aEnd]]),
      amount: null,
      order: move.bStart,
    });
  }
  for (const hunk of hunks) {
    const aParts = without(hunk.aStart, hunk.aEnd, moves.map((m) => [m.aStart, m.aEnd]));
    const bParts = without(hunk.bStart, hunk.bEnd, moves.map((m) => [m.bStart, m.bEnd]));
    if (aParts.length === 0 && bParts.length === 0) continue; // wholly a move
    const kind: ChangeKind = aParts.length === 0 ? 'inserted' : bParts.length === 0 ? 'deleted' : 'replaced';
    const ranges = bParts.length ? rangesOf(b, bParts) : [pointIn(b, hunk.bStart)];
    const oldRanges = aParts.length ? rangesOf(a, aParts) : [pointIn(a, hunk.aStart)];
    out.push({
      kind,
      page: ranges[0]!.page,
      oldPage: oldRanges[0]!.page,
      oldText: textOf(a, aParts),
      newText: textOf(b, bParts),
      ranges,
      oldRanges,
      amount: kind === 'replaced' ? amountOf(a, b, hunk) : null,
      order: hunk.bStart,
    });
  }
  return out
    .sort((x, y) => x.order - y.order || (x.kind === 'moved' ? -1 : 1))
    .map(({ order: _order, ...change }, index) => ({ index, ...change }));
}

/** A change before it has its place in the list: `order` is where it starts in the new version. */
type Draft = Omit<VersionChange, 'index'> & { order: number };

/** A run may start here: at the start, after a sentence's end, or at the top of a page. */
const sentenceStarts = (tokens: readonly WordToken[]) => (index: number) => {
  const before = tokens[index - 1];
  return before === undefined || /[.:;!?]["')’”]?$/u.test(before.text) || before.page !== tokens[index]?.page;
};

interface Hunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** Short unchanged runs between two changes are folded into one change (see ABSORBED_EQUAL_WORDS). */
function absorbShortEquals(ops: DiffOp[]): DiffOp[] {
  // An absorbed run keeps both its sides, so the hunk it joins spans them (hunksOf).
  return ops.map((op, i) => {
    const short = op.kind === 'equal' && op.aEnd - op.aStart <= ABSORBED_EQUAL_WORDS;
    const between = i > 0 && i < ops.length - 1 && ops[i - 1]!.kind !== 'equal' && ops[i + 1]!.kind !== 'equal';
    if (!short || !between) return op;
    const around = changedSize(ops[i - 1]!) + changedSize(ops[i + 1]!);
    return around >= 2 * (op.aEnd - op.aStart) ? { ...op, kind: 'delete' as const } : op;
  });
}

const changedSize = (op: DiffOp) => op.aEnd - op.aStart + (op.bEnd - op.bStart);

/** Consecutive non-equal runs as one hunk each. */
function hunksOf(ops: DiffOp[]): Hunk[] {
  const hunks: Hunk[] = [];
  let open: Hunk | null = null;
  for (const op of ops) {
    if (op.kind === 'equal') {
      open = null;
      continue;
    }
    open ??= (hunks.push({ aStart: op.aStart, aEnd: op.aStart, bStart: op.bStart, bEnd: op.bStart }), hunks.at(-1)!);
    open.aEnd = Math.max(open.aEnd, op.aEnd);
    open.bEnd = Math.max(open.bEnd, op.bEnd);
  }
  return hunks;
}

interface Move {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * Passages of at least MIN_MOVED_WORDS words that a hunk took out and another
 * hunk put in: every window of that many inserted words is indexed, each
 * deleted stretch looked up in it and extended as far as both agree.
 */
function findMoves(hunks: Hunk[], a: Int32Array, b: Int32Array): Move[] {
  const n = MIN_MOVED_WORDS;
  const windows = new Map<string, number[]>(); // key of n ids → start indexes in b
  const insertedEnd = new Int32Array(b.length).fill(-1); // per b index inside an insertion: where it ends
  for (const h of hunks) {
    for (let j = h.bStart; j < h.bEnd; j++) insertedEnd[j] = h.bEnd;
    for (let j = h.bStart; j + n <= h.bEnd; j++) {
      const key = b.subarray(j, j + n).join(',');
      const list = windows.get(key);
      if (list) list.push(j);
      else windows.set(key, [j]);
    }
  }
  if (windows.size === 0) return [];
  const usedB = new Uint8Array(b.length);
  const moves: Move[] = [];
  for (const h of hunks) {
    let i = h.aStart;
    while (i + n <= h.aEnd) {
      const starts = windows.get(a.subarray(i, i + n).join(','));
      const j = starts?.find((s) => !usedB[s] && !(s >= h.bStart && s < h.bEnd && h.aEnd - h.aStart > 0 && s - h.bStart === i - h.aStart));
      if (j === undefined) {
        i++;
        continue;
      }
      let length = n;
      const end = insertedEnd[j]!;
      while (i + length < h.aEnd && j + length < end && !usedB[j + length] && a[i + length] === b[j + length]) length++;
      for (let k = j; k < j + length; k++) usedB[k] = 1;
      moves.push({ aStart: i, aEnd: i + length, bStart: j, bEnd: j + length });
      i += length;
    }
  }
  return moves;
}

/** [start, end) minus the given ranges, as the parts left. */
function without(start: number, end: number, cut: number[][]): [number, number][] {
  let parts: [number, number][] = start < end ? [[start, end]] : [];
  for (const [cs, ce] of cut) {
    parts = parts.flatMap(([s, e]): [number, number][] => (ce! <= s || cs! >= e ? [[s, e]] : ([[s, cs!], [ce!, e]] as [number, number][]).filter(([x, y]) => x < y)));
  }
  return parts;
}

const textOf = (tokens: readonly WordToken[], parts: [number, number][]) => parts.map(([s, e]) => tokens.slice(s, e).map((t) => t.text).join(' ')).join(' … ');

/** The ranges the tokens cover, one per page (parts on one page merged). */
function rangesOf(tokens: readonly WordToken[], parts: [number, number][]): TextRange[] {
  const ranges: TextRange[] = [];
  for (const [s, e] of parts) {
    for (let k = s; k < e; k++) {
      const t = tokens[k]!;
      const last = ranges.at(-1);
      if (last && last.page === t.page) last.end = Math.max(last.end, t.end);
      else ranges.push({ page: t.page, start: t.start, end: t.end });
    }
  }
  return ranges;
}

/** An empty range where tokens[index] would be: right after the word before it, or before the first. */
function pointIn(tokens: readonly WordToken[], index: number): TextRange {
  const before = tokens[index - 1];
  if (before) return { page: before.page, start: before.end, end: before.end };
  const after = tokens[index];
  return after ? { page: after.page, start: after.start, end: after.start } : { page: 1, start: 0, end: 0 };
}

const HAS_DIGIT = /\p{N}/u;
const BEFORE_AMOUNT = /^(?:€|eur|euro|ca\.?|circa|ruim|bijna|maximaal|minimaal)$/iu;
const AFTER_AMOUNT = /^(?:mln|miljoen|mld|miljard|duizend|k|euro|eur|%|procent|pct|fte|uur|jaar|dagen|weken|maanden|woningen)[.,;:)]?$/iu;

/** When the changed words hold a number: the amount with the currency and unit around it, on both sides. */
function amountOf(a: readonly WordToken[], b: readonly WordToken[], h: Hunk): { old: string; new: string } | null {
  const changed = (tokens: readonly WordToken[], s: number, e: number) => tokens.slice(s, e).some((t) => HAS_DIGIT.test(t.text));
  if (!changed(a, h.aStart, h.aEnd) && !changed(b, h.bStart, h.bEnd)) return null;
  const widen = (tokens: readonly WordToken[], s: number, e: number) => {
    while (s > 0 && BEFORE_AMOUNT.test(tokens[s - 1]!.key)) s--;
    while (e < tokens.length && AFTER_AMOUNT.test(tokens[e]!.key)) e++;
    return tokens.slice(s, e).map((t) => t.text).join(' ');
  };
  return { old: widen(a, h.aStart, h.aEnd), new: widen(b, h.bStart, h.bEnd) };
}
