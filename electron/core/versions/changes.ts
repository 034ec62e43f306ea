// From two versions' word tokens to the changes a councillor reads, as in a
// tracked-changes view: inserted, deleted, replaced, and moved (a passage of
// at least MIN_MOVED_WORDS words taken out in one place and put in another,
// reported once with where it came from, not as a deletion plus an
// insertion; a moved passage that was edited too is one move plus the edits
// inside it). A change in which a number itself changed carries the amounts
// with their units on both sides ("€ 1,1 mln" → "€ 1,4 mln").
import type { ChangeKind, DiffStatus, TextRange, VersionChange } from '../../../shared/api.ts';
import { diffSequences, toOps, type DiffOp } from './diff-text.ts';
import { tokenise, type VersionPage, type WordToken } from './tokens.ts';

/** A passage this long (in words) found deleted in one place and inserted in another is a move. */
export const MIN_MOVED_WORDS = 8;
/** An unchanged run this short between two changes is read as part of one change ("de" between two rewritten halves of a sentence). */
const ABSORBED_EQUAL_WORDS = 2;
/** A moved passage is followed over edits inside it of at most this many words a side ("extra" → "meer"). */
const MAX_EDIT_IN_MOVE = MIN_MOVED_WORDS;
/** A run longer than this (about a page) is not taken as the move to keep a few words equal (letRunsMove): marking a page moved says less than the few words. */
const MAX_RUN_TAKEN_AS_MOVE = 400;
/** Two parts of a moved passage with a rewrite of at most this many words between them (and no more than they agree on) are one move. */
const MAX_REWRITE_IN_MOVE = 40;
/** Hunks larger than this are not searched for text that jumped over a run (letRunsMove): bounded work on a rewritten document. */
const MAX_JUMP_SEARCH = 2_000;

/**
 * More changes than this is no list a councillor can read (and many MB to
 * store): the comparison is too-large ("te veel wijzigingen om te tonen").
 */
export const MAX_CHANGES = 5_000;
/** A comparison that takes longer than this is given up as too-large, so no import or reader waits on it. */
export const COMPARE_BUDGET_MS = 10_000;

export interface VersionComparison {
  status: DiffStatus;
  changes: VersionChange[];
}

export interface CompareLimits {
  maxChanges?: number | undefined;
  budgetMs?: number | undefined;
}

/** Thrown inside a comparison past its limits; compareVersions turns it into status too-large. */
class TooLarge extends Error {}

/** Compares two versions' pages (old, new); beyond `limits` (default MAX_CHANGES, COMPARE_BUDGET_MS) the status is too-large, without changes. */
export function compareVersions(oldPages: readonly VersionPage[], newPages: readonly VersionPage[], limits: CompareLimits = {}): VersionComparison {
  const deadline = performance.now() + (limits.budgetMs ?? COMPARE_BUDGET_MS);
  const a = tokenise(oldPages);
  const b = tokenise(newPages);
  // A scan or an unreadable font on either side: no words to compare, so nothing can be said about changes.
  if (!hasText(oldPages, a) || !hasText(newPages, b)) return { status: 'no-text', changes: [] };
  try {
    const changes = compareTokens(a, b, { maxChanges: limits.maxChanges ?? MAX_CHANGES, deadline });
    return { status: changes.length === 0 ? 'identical' : 'changed', changes };
  } catch (error) {
    if (error instanceof TooLarge) return { status: 'too-large', changes: [] };
    throw error;
  }
}

function hasText(pages: readonly VersionPage[], tokens: readonly WordToken[]): boolean {
  return tokens.length > 0 && pages.some((p) => p.quality === 'ok');
}

/** The changes between two token sequences, in reading order of the new one; throws TooLarge past the limits. */
function compareTokens(a: readonly WordToken[], b: readonly WordToken[], limits: { maxChanges: number; deadline: number }): VersionChange[] {
  const inTime = () => {
    if (performance.now() > limits.deadline) throw new TooLarge();
  };
  const ids = new Map<string, number>();
  const idOf = (t: WordToken) => {
    let id = ids.get(t.key);
    if (id === undefined) ids.set(t.key, (id = ids.size));
    return id;
  };
  const aIds = Int32Array.from(a, idOf);
  const bIds = Int32Array.from(b, idOf);
  const bounds = { a: boundariesOf(a), b: boundariesOf(b) };
  const diff = diffSequences(aIds, bIds, { a: sentenceStarts(a), b: sentenceStarts(b) });
  // Far more changed runs than can be shown (letRunsMove below joins a few, a move two): given up before the costly part.
  if (hunksOf(diff).length > 4 * limits.maxChanges) throw new TooLarge();
  inTime();
  const ops = letRunsMove(diff, aIds, bIds, bounds, inTime);
  const hunks = hunksOf(absorbShortEquals(ops));
  // Every hunk is a change, or half of a move (its other half another hunk): at least half as many changes as hunks.
  if (hunks.length > 2 * limits.maxChanges) throw new TooLarge();
  const moves = findMoves(hunks, aIds, bIds, bounds, inTime);
  if (moves.length > limits.maxChanges) throw new TooLarge();

  const out: Draft[] = [];
  const changed = (aParts: [number, number][], bParts: [number, number][], aAt: number, bAt: number): Draft => {
    const kind: ChangeKind = aParts.length === 0 ? 'inserted' : bParts.length === 0 ? 'deleted' : 'replaced';
    const ranges = bParts.length ? rangesOf(b, bParts) : [pointIn(b, bAt)];
    const oldRanges = aParts.length ? rangesOf(a, aParts) : [pointIn(a, aAt)];
    return {
      kind,
      page: ranges[0]!.page,
      oldPage: oldRanges[0]!.page,
      oldText: textOf(a, aParts),
      newText: textOf(b, bParts),
      ranges,
      oldRanges,
      amount: kind === 'replaced' ? amountOf(a, b, aParts, bParts) : null,
      order: bParts[0]?.[0] ?? bAt,
    };
  };
  for (const move of moves) {
    inTime();
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
    // The edits made in the passage as well, where it is now (and in the old version where it was).
    const inside = diffSequences(aIds.subarray(move.aStart, move.aEnd), bIds.subarray(move.bStart, move.bEnd));
    for (const h of hunksOf(absorbShortEquals(inside))) {
      const aParts: [number, number][] = h.aEnd > h.aStart ? [[move.aStart + h.aStart, move.aStart + h.aEnd]] : [];
      const bParts: [number, number][] = h.bEnd > h.bStart ? [[move.bStart + h.bStart, move.bStart + h.bEnd]] : [];
      out.push(changed(aParts, bParts, move.aStart + h.aStart, move.bStart + h.bStart));
    }
  }
  // Each hunk with only the moves taken out of it or put into it: linear in hunks and moves, not their product.
  const cutA = hunks.map((): [number, number][] => []);
  const cutB = hunks.map((): [number, number][] => []);
  const hunkAt = (side: 'a' | 'b', index: number) => {
    let [lo, hi] = [0, hunks.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((side === 'a' ? hunks[mid]!.aStart : hunks[mid]!.bStart) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const m of moves) {
    cutA[hunkAt('a', m.aStart)]!.push([m.aStart, m.aEnd]);
    cutB[hunkAt('b', m.bStart)]!.push([m.bStart, m.bEnd]);
  }
  for (const [h, hunk] of hunks.entries()) {
    if (h % 256 === 0) inTime();
    const aParts = without(hunk.aStart, hunk.aEnd, cutA[h]!);
    const bParts = without(hunk.bStart, hunk.bEnd, cutB[h]!);
    if (aParts.length === 0 && bParts.length === 0) continue; // wholly a move
    out.push({ ...changed(aParts, bParts, hunk.aStart, hunk.bStart), order: hunk.bStart });
  }
  if (out.length > limits.maxChanges) throw new TooLarge();
  return out
    .sort((x, y) => x.order - y.order || (x.kind === 'moved' ? -1 : y.kind === 'moved' ? 1 : 0))
    .map(({ order: _order, ...change }, index) => ({ index, ...change }));
}

/** A change before it has its place in the list: `order` is where it starts in the new version. */
type Draft = Omit<VersionChange, 'index'> & { order: number };

const SENTENCE_END = /[.:;!?]["')’”]?$/u;

/** A run may start here: at the start, after a sentence's end, or at the top of a page. */
const sentenceStarts = (tokens: readonly WordToken[]) => (index: number) => {
  const before = tokens[index - 1];
  return before === undefined || SENTENCE_END.test(before.text) || before.page !== tokens[index]?.page;
};

/**
 * Per index 0..length: 1 where a whole passage can begin or end, that is
 * before a sentence, a line (a heading, a paragraph) or a page, and at both
 * ends of the text.
 */
function boundariesOf(tokens: readonly WordToken[]): Uint8Array {
  const starts = sentenceStarts(tokens);
  const out = new Uint8Array(tokens.length + 1);
  for (let k = 0; k <= tokens.length; k++) out[k] = k === tokens.length || tokens[k]!.lineStart || starts(k) ? 1 : 0;
  return out;
}

interface Bounds {
  a: Uint8Array;
  b: Uint8Array;
}

interface Hunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * Short unchanged runs between two changes are folded into one change (see
 * ABSORBED_EQUAL_WORDS) when at least one of them replaced text: a heading
 * between an insertion and a deletion stays as it is.
 */
function absorbShortEquals(ops: DiffOp[]): DiffOp[] {
  // An absorbed run keeps both its sides, so the hunk it joins spans them (hunksOf).
  return ops.map((op, i) => {
    const short = op.kind === 'equal' && op.aEnd - op.aStart <= ABSORBED_EQUAL_WORDS;
    const between = i > 0 && i < ops.length - 1 && ops[i - 1]!.kind !== 'equal' && ops[i + 1]!.kind !== 'equal';
    if (!short || !between) return op;
    let first = i - 1;
    while (first > 0 && ops[first - 1]!.kind !== 'equal') first--;
    let last = i + 1;
    while (last < ops.length - 1 && ops[last + 1]!.kind !== 'equal') last++;
    const around = changedSize(ops[i - 1]!) + changedSize(ops[i + 1]!);
    const replacedBefore = ops[first]!.aStart < op.aStart && ops[first]!.bStart < op.bStart;
    const replacedAfter = op.aEnd < ops[last]!.aEnd && op.bEnd < ops[last]!.bEnd;
    return around >= 2 * (op.aEnd - op.aStart) && (replacedBefore || replacedAfter) ? { ...op, kind: 'delete' as const } : op;
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

/**
 * A heading that stays where it is while a paragraph moves over it
 * ("Toelichting" + paragraph → paragraph + "Toelichting") reaches the diff as
 * the heading jumping over the paragraph: the longer run is kept equal and
 * the heading, too short to be a move, is deleted on one side and inserted on
 * the other. So where a run of at least MIN_MOVED_WORDS words stands between
 * two changes, and short whole lines or sentences (fewer than
 * MIN_MOVED_WORDS words) taken out before it come back after it or the other
 * way round, those stay equal and the run (up to MAX_RUN_TAKEN_AS_MOVE words)
 * is the move.
 */
function letRunsMove(ops: DiffOp[], a: Int32Array, b: Int32Array, bounds: Bounds, inTime: () => void): DiffOp[] {
  for (let i = 1; i < ops.length - 1; i++) {
    if (i % 256 === 0) inTime();
    const run = ops[i]!;
    const length = run.aEnd - run.aStart;
    if (run.kind !== 'equal' || length < MIN_MOVED_WORDS || length > MAX_RUN_TAKEN_AS_MOVE || ops[i - 1]!.kind === 'equal' || ops[i + 1]!.kind === 'equal') continue;
    let first = i - 1;
    while (first > 0 && ops[first - 1]!.kind !== 'equal') first--;
    let last = i + 1;
    while (last < ops.length - 1 && ops[last + 1]!.kind !== 'equal') last++;
    const [before, after] = [ops[first]!, ops[last]!];
    const aBefore = a.subarray(before.aStart, run.aStart);
    const bBefore = b.subarray(before.bStart, run.bStart);
    const aAfter = a.subarray(run.aEnd, after.aEnd);
    const bAfter = b.subarray(run.bEnd, after.bEnd);
    if (aBefore.length + aAfter.length + bBefore.length + bAfter.length > MAX_JUMP_SEARCH) continue;
    if (!sharesWord(aBefore, bAfter) && !sharesWord(aAfter, bBefore)) continue;
    // The text around the run compared without it; what it has in common is kept when it is whole and short.
    const aIndex = (k: number) => (k < aBefore.length ? before.aStart + k : run.aEnd + k - aBefore.length);
    const bIndex = (k: number) => (k < bBefore.length ? before.bStart + k : run.bEnd + k - bBefore.length);
    const kept: number[] = [];
    for (const op of diffSequences(concat(aBefore, aAfter), concat(bBefore, bAfter))) {
      if (op.kind !== 'equal') continue;
      // Split where the run was taken out, on either side: each piece is contiguous in a and in b.
      let k = 0;
      while (k < op.aEnd - op.aStart) {
        let end = k + 1;
        while (end < op.aEnd - op.aStart && aIndex(op.aStart + end) === aIndex(op.aStart + end - 1) + 1 && bIndex(op.bStart + end) === bIndex(op.bStart + end - 1) + 1) end++;
        const [ia, ib, size] = [aIndex(op.aStart + k), bIndex(op.bStart + k), end - k];
        const whole = bounds.a[ia] === 1 && bounds.a[ia + size] === 1 && bounds.b[ib] === 1 && bounds.b[ib + size] === 1;
        if (whole && size < MIN_MOVED_WORDS) for (let x = 0; x < size; x++) kept.push(ia + x, ib + x);
        k = end;
      }
    }
    if (kept.length === 0) continue;
    const region = toOps(kept, before.aStart, after.aEnd, before.bStart, after.bEnd);
    ops.splice(first, last - first + 1, ...region);
    i = first + region.length - 1;
  }
  return ops;
}

function sharesWord(x: Int32Array, y: Int32Array): boolean {
  if (x.length === 0 || y.length === 0) return false;
  const words = new Set(x);
  return y.some((id) => words.has(id));
}

function concat(x: Int32Array, y: Int32Array): Int32Array {
  const out = new Int32Array(x.length + y.length);
  out.set(x);
  out.set(y, x.length);
  return out;
}

interface Move {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/**
 * Passages that a hunk took out and another hunk put in: every window of
 * MIN_MOVED_WORDS inserted words is indexed, each deleted stretch looked up
 * in it and extended as far as both agree; then, where that stops inside a
 * sentence because the passage was edited as well, over those edits to where
 * its sentences or lines end on both sides (reachOverEdits), and two parts of
 * one passage with a rewritten sentence between them taken as one move.
 */
function findMoves(hunks: Hunk[], a: Int32Array, b: Int32Array, bounds: Bounds, inTime: () => void): Move[] {
  const n = MIN_MOVED_WORDS;
  const windows = new Map<string, number[]>(); // key of n ids → start indexes in b
  const insertedIn = new Int32Array(b.length).fill(-1); // per b index inside an insertion: its hunk
  hunks.forEach((h, index) => {
    for (let j = h.bStart; j < h.bEnd; j++) insertedIn[j] = index;
    for (let j = h.bStart; j + n <= h.bEnd; j++) {
      const key = b.subarray(j, j + n).join(',');
      const list = windows.get(key);
      if (list) list.push(j);
      else windows.set(key, [j]);
    }
  });
  if (windows.size === 0) return [];
  const usedB = new Uint8Array(b.length);
  const moves: Move[] = [];
  let steps = 0;
  for (const h of hunks) {
    let i = h.aStart;
    let aFloor = h.aStart; // where the last move found in this hunk ended
    while (i + n <= h.aEnd) {
      if (++steps % 1024 === 0) inTime();
      const starts = windows.get(a.subarray(i, i + n).join(','));
      const j = starts?.find((s) => !usedB[s] && !(s >= h.bStart && s < h.bEnd && h.aEnd - h.aStart > 0 && s - h.bStart === i - h.aStart));
      if (j === undefined) {
        i++;
        continue;
      }
      const into = hunks[insertedIn[j]!]!;
      let length = n;
      while (i + length < h.aEnd && j + length < into.bEnd && !usedB[j + length] && a[i + length] === b[j + length]) length++;
      // Free inserted words either side of the exact run, in its insertion.
      let bLo = j;
      while (bLo > into.bStart && !usedB[bLo - 1]) bLo--;
      let bHi = j + length;
      while (bHi < into.bEnd && !usedB[bHi]) bHi++;
      const [aStart, bStart] = reachOverEdits(a, b, bounds, length, { from: [i, j], to: [aFloor, bLo], step: -1 });
      const [aEnd, bEnd] = reachOverEdits(a, b, bounds, length, { from: [i + length, j + length], to: [h.aEnd, bHi], step: 1 });
      // The rest of the passage found before it in this hunk, with a rewritten sentence between: one move.
      const last = moves.at(-1);
      const joins =
        last !== undefined &&
        last.aEnd === aFloor &&
        aFloor > h.aStart &&
        insertedIn[last.bStart] === insertedIn[j] &&
        last.bEnd <= bStart &&
        usedB.subarray(last.bEnd, bStart).every((used) => !used) &&
        Math.max(aStart - last.aEnd, bStart - last.bEnd) <= Math.min(MAX_REWRITE_IN_MOVE, last.aEnd - last.aStart + (aEnd - aStart));
      const move = joins ? last : { aStart, aEnd, bStart, bEnd };
      if (joins) [move.aEnd, move.bEnd] = [aEnd, bEnd];
      else moves.push(move);
      usedB.fill(1, move.bStart, move.bEnd);
      i = aFloor = move.aEnd;
    }
  }
  return moves;
}

/**
 * How far a moved passage reaches from one end of its exact run (`from`, the
 * run `runLength` words) towards `to` (step -1: backwards), over edits made in it: to the furthest place where a sentence,
 * line or page ends on both sides, if up to there no more words were changed
 * than agree (the run's included) and no single edit is longer than
 * MAX_EDIT_IN_MOVE words; within an edit at the passage's edge, to the
 * nearest such place ("De" → "Onze"). An end that is already such a place stays.
 */
function reachOverEdits(
  a: Int32Array,
  b: Int32Array,
  bounds: Bounds,
  runLength: number,
  { from, to, step }: { from: [number, number]; to: [number, number]; step: 1 | -1 },
): [number, number] {
  const [aAt, bAt] = from;
  if (bounds.a[aAt] && bounds.b[bAt]) return from;
  // The words from the end outwards (backwards: reversed), at most a few hundred.
  const outwards = (seq: Int32Array, at: number, limit: number) => {
    const count = Math.min(Math.abs(limit - at), 400);
    return step > 0 ? seq.subarray(at, at + count) : seq.subarray(at - count, at).slice().reverse();
  };
  const whole = (x: number, y: number) => bounds.a[aAt + step * x] === 1 && bounds.b[bAt + step * y] === 1;
  let best: [number, number] | null = null;
  let agreed = runLength;
  let changed = 0; // per edit its longer side
  let [x, y, gapA, gapB] = [0, 0, 0, 0];
  // The nearest place inside the edit at (x, y) where both sides end whole.
  const edgeOf = (): [number, number] | null => {
    for (let d = 1; d <= MAX_EDIT_IN_MOVE; d++) {
      for (let da = 0; da <= Math.min(d, gapA); da++) {
        for (let db = 0; db <= Math.min(d, gapB); db++) {
          if (Math.max(da, db) === d && whole(x + da, y + db) && changed + d <= agreed) return [x + da, y + db];
        }
      }
    }
    return null;
  };
  const ops = diffSequences(outwards(a, aAt, to[0]), outwards(b, bAt, to[1]));
  for (let k = 0; k <= ops.length; k++) {
    const op = ops[k];
    if (op && op.kind !== 'equal') {
      gapA += op.aEnd - op.aStart;
      gapB += op.bEnd - op.bStart;
      continue;
    }
    if (gapA > 0 || gapB > 0) {
      best = edgeOf() ?? best;
      if (gapA > MAX_EDIT_IN_MOVE || gapB > MAX_EDIT_IN_MOVE) break;
      changed += Math.max(gapA, gapB);
      [x, y, gapA, gapB] = [x + gapA, y + gapB, 0, 0];
    }
    if (!op) break;
    const length = op.aEnd - op.aStart;
    for (let m = length; m > 0; m--) {
      if (whole(x + m, y + m) && changed <= agreed + m) {
        best = [x + m, y + m];
        break;
      }
    }
    [agreed, x, y] = [agreed + length, x + length, y + length];
  }
  return best ? [aAt + step * best[0], bAt + step * best[1]] : from;
}

/** [start, end) minus the given ranges, as the parts left (one pass over the ranges in order). */
function without(start: number, end: number, cut: [number, number][]): [number, number][] {
  const parts: [number, number][] = [];
  let at = start;
  for (const [cs, ce] of [...cut].sort((x, y) => x[0] - y[0])) {
    if (cs > at) parts.push([at, Math.min(cs, end)]);
    at = Math.max(at, ce);
    if (at >= end) break;
  }
  if (at < end) parts.push([at, end]);
  return parts.filter(([x, y]) => x < y);
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

const MONTH = /^(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)[.,;:)]?$/iu;
const DAY = /^\d{1,2}$/u;

/**
 * The amounts a replacement changed: set only when the changed words hold a
 * number (or the month of a date) on both sides and those differ; then just
 * the amounts, each with the currency, unit or date around it ("€ 1,1 mln" →
 * "€ 1,4 mln", "5 jaar" → "4 jaar", "1 oktober 2017" → "1 november 2017"),
 * several joined by " … ". A number that only came in or went out ("tijdig" →
 * "vóór 1 oktober 2017") is a rewritten passage, not a changed amount.
 */
function amountOf(a: readonly WordToken[], b: readonly WordToken[], aParts: [number, number][], bParts: [number, number][]): { old: string; new: string } | null {
  const olds = aParts.flatMap(([s, e]) => amountsIn(a, s, e));
  const news = bParts.flatMap(([s, e]) => amountsIn(b, s, e));
  const changedOld = olds.filter((amount) => !news.includes(amount));
  const changedNew = news.filter((amount) => !olds.includes(amount));
  return changedOld.length > 0 && changedNew.length > 0 ? { old: changedOld.join(' … '), new: changedNew.join(' … ') } : null;
}

/** The amounts that changed words in tokens[s, e) belong to, each widened over the currency, unit, date and numbers next to it. */
function amountsIn(tokens: readonly WordToken[], s: number, e: number): string[] {
  const numeric = (k: number) => {
    const t = tokens[k];
    return t !== undefined && (HAS_DIGIT.test(t.text) || (MONTH.test(t.key) && DAY.test(tokens[k - 1]?.key ?? '')));
  };
  const amounts: string[] = [];
  for (let k = s; k < e; k++) {
    if (!numeric(k)) continue;
    let from = k;
    while (from > 0 && (numeric(from - 1) || BEFORE_AMOUNT.test(tokens[from - 1]!.key))) from--;
    let to = k + 1;
    while (to < tokens.length && (numeric(to) || AFTER_AMOUNT.test(tokens[to]!.key))) to++;
    amounts.push(
      tokens
        .slice(from, to)
        .map((t) => t.text)
        .join(' ')
        .replace(/[.,;:]$/u, ''),
    );
    k = to - 1;
  }
  return amounts;
}
