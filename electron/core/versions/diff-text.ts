// A word-level diff of two sequences of token ids (diff-text: the algorithm,
// no text). Patience first: tokens that occur exactly once on both sides are
// anchors, the longest chain of them in order (an increasing subsequence) is
// matched, and the gaps between anchors are diffed the same way; a gap
// without unique tokens falls back to Myers' O(ND) greedy diff, which is
// bounded, so a gap of unrelated text becomes one replacement instead of a
// slow search. Patience keeps whole paragraphs together where Myers alone
// would match every "de" and "het" across unrelated sentences, and runs in
// about linear time on a revised document (300 pages: bench:changes).

/** A run of tokens: equal on both sides, or taken out of `a`, or put into `b`. */
export interface DiffOp {
  kind: 'equal' | 'delete' | 'insert';
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** Above this many edits in one gap Myers gives up and the gap is one replacement. */
const MAX_MYERS_EDITS = 2_000;

/** Whether a run may start at this index of a side: it begins a sentence (or the text). */
export type SentenceStart = (index: number) => boolean;

/**
 * The edit script turning `a` into `b`, as runs in order. With `starts`, a
 * run that could sit at several places is put where it begins a sentence.
 */
export function diffSequences(a: ArrayLike<number>, b: ArrayLike<number>, starts?: { a: SentenceStart; b: SentenceStart }): DiffOp[] {
  const pairs: number[] = []; // matched (aIndex, bIndex), flat, in increasing order
  solve(a, b, 0, a.length, 0, b.length, pairs);
  return slide(toOps(pairs, 0, a.length, 0, b.length), a, b, starts ?? { a: (i) => i === 0, b: (i) => i === 0 });
}

/**
 * A run taken out or put in between two equal runs can often sit a word
 * earlier or later with the same result ("De [gemeente … wijkteams. De]" or
 * "[De gemeente … wijkteams.] De"). Of those places the first where it
 * begins a sentence is taken, else the first: a run reads as whole sentences
 * and a moved paragraph is found whole.
 */
function slide(ops: DiffOp[], a: ArrayLike<number>, b: ArrayLike<number>, starts: { a: SentenceStart; b: SentenceStart }): DiffOp[] {
  for (let i = 1; i < ops.length; i++) {
    const op = ops[i]!;
    const prev = ops[i - 1]!;
    const next = ops[i + 1];
    if (op.kind === 'equal' || prev.kind !== 'equal' || (next && next.kind !== 'equal')) continue;
    const deleted = op.kind === 'delete';
    const seq = deleted ? a : b;
    const startsSentence = deleted ? starts.a : starts.b;
    const runStart = deleted ? op.aStart : op.bStart;
    const runEnd = deleted ? op.aEnd : op.bEnd;
    const equalBefore = prev.aEnd - prev.aStart;
    const equalAfter = next ? next.aEnd - next.aStart : 0;
    // How far the run can go up (into the equal run before it) and down (into the one after).
    let up = 0;
    while (up < equalBefore && seq[runStart - 1 - up] === seq[runEnd - 1 - up]) up++;
    let down = 0;
    while (down < equalAfter && seq[runStart + down] === seq[runEnd + down]) down++;
    let shift = -up;
    for (let s = -up; s <= down; s++) {
      if (startsSentence(runStart + s)) {
        shift = s;
        break;
      }
    }
    if (shift === 0) continue;
    prev.aEnd += shift;
    prev.bEnd += shift;
    op.aStart += shift;
    op.aEnd += shift;
    op.bStart += shift;
    op.bEnd += shift;
    if (next) {
      next.aStart += shift;
      next.bStart += shift;
    } else ops.push({ kind: 'equal', aStart: op.aEnd, aEnd: a.length, bStart: op.bEnd, bEnd: b.length });
  }
  return ops.filter((op) => op.aEnd > op.aStart || op.bEnd > op.bStart);
}

function solve(a: ArrayLike<number>, b: ArrayLike<number>, aLo: number, aHi: number, bLo: number, bHi: number, pairs: number[]): void {
  // Common head and tail first: most of a revised document.
  while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) pairs.push(aLo++, bLo++);
  const tail: number[] = [];
  while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) tail.push(--aHi, --bHi);
  if (aLo < aHi && bLo < bHi) {
    const anchors = uniqueAnchors(a, b, aLo, aHi, bLo, bHi);
    if (anchors.length === 0) {
      myers(a, b, aLo, aHi, bLo, bHi, pairs);
    } else {
      let pa = aLo;
      let pb = bLo;
      for (let k = 0; k < anchors.length; k += 2) {
        const ia = anchors[k]!;
        const ib = anchors[k + 1]!;
        solve(a, b, pa, ia, pb, ib, pairs);
        pairs.push(ia, ib);
        pa = ia + 1;
        pb = ib + 1;
      }
      solve(a, b, pa, aHi, pb, bHi, pairs);
    }
  }
  for (let k = tail.length - 2; k >= 0; k -= 2) pairs.push(tail[k]!, tail[k + 1]!);
}

/** Tokens occurring once in a[aLo, aHi) and once in b[bLo, bHi), longest chain in order, flat (aIndex, bIndex). */
function uniqueAnchors(a: ArrayLike<number>, b: ArrayLike<number>, aLo: number, aHi: number, bLo: number, bHi: number): number[] {
  // token → [count in a, index in a, count in b, index in b]
  const seen = new Map<number, [number, number, number, number]>();
  for (let i = aLo; i < aHi; i++) {
    const entry = seen.get(a[i]!);
    if (entry) entry[0]++;
    else seen.set(a[i]!, [1, i, 0, -1]);
  }
  for (let j = bLo; j < bHi; j++) {
    const entry = seen.get(b[j]!);
    if (!entry) continue;
    entry[2]++;
    entry[3] = j;
  }
  const candidates: [number, number][] = [];
  for (const [ca, ia, cb, ib] of seen.values()) if (ca === 1 && cb === 1) candidates.push([ia, ib]);
  if (candidates.length === 0) return [];
  candidates.sort((x, y) => x[0] - y[0]);
  return longestIncreasing(candidates);
}

/** Patience sorting: the longest subsequence of pairs (sorted by a) whose b increases too. */
function longestIncreasing(candidates: [number, number][]): number[] {
  const tops: number[] = []; // index into candidates of the last of each pile
  const back = new Int32Array(candidates.length).fill(-1);
  for (let k = 0; k < candidates.length; k++) {
    const value = candidates[k]![1];
    let lo = 0;
    let hi = tops.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (candidates[tops[mid]!]![1] < value) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) back[k] = tops[lo - 1]!;
    tops[lo] = k;
  }
  const chain: number[] = [];
  for (let k = tops.at(-1) ?? -1; k >= 0; k = back[k]!) chain.push(k);
  const out: number[] = [];
  for (let k = chain.length - 1; k >= 0; k--) out.push(candidates[chain[k]!]![0], candidates[chain[k]!]![1]);
  return out;
}

/** Myers' greedy diff of a gap; records the matched pairs. Beyond MAX_MYERS_EDITS the gap matches nothing. */
function myers(a: ArrayLike<number>, b: ArrayLike<number>, aLo: number, aHi: number, bLo: number, bHi: number, pairs: number[]): void {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const max = Math.min(n + m, MAX_MYERS_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) return; // too different: one replacement
  // Walk back through the trace, collecting the diagonal (matched) moves.
  const matched: number[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && prev[offset + k - 1]! < prev[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = prev[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      matched.push(aLo + x, bLo + y);
    }
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    matched.push(aLo + x, bLo + y);
  }
  for (let k = matched.length - 2; k >= 0; k -= 2) pairs.push(matched[k]!, matched[k + 1]!);
}

/** The runs of a[aLo, aHi) against b[bLo, bHi) given its matched pairs (flat, increasing, inside those bounds). */
export function toOps(pairs: readonly number[], aLo: number, aHi: number, bLo: number, bHi: number): DiffOp[] {
  const ops: DiffOp[] = [];
  const push = (kind: DiffOp['kind'], aStart: number, aEnd: number, bStart: number, bEnd: number) => {
    if (aEnd === aStart && bEnd === bStart) return;
    const last = ops.at(-1);
    if (last && last.kind === kind && last.aEnd === aStart && last.bEnd === bStart) {
      last.aEnd = aEnd;
      last.bEnd = bEnd;
    } else ops.push({ kind, aStart, aEnd, bStart, bEnd });
  };
  let i = aLo;
  let j = bLo;
  for (let k = 0; k < pairs.length; k += 2) {
    const pa = pairs[k]!;
    const pb = pairs[k + 1]!;
    push('delete', i, pa, j, j);
    push('insert', pa, pa, j, pb);
    push('equal', pa, pa + 1, pb, pb + 1);
    i = pa + 1;
    j = pb + 1;
  }
  push('delete', i, aHi, j, j);
  push('insert', aHi, aHi, j, bHi);
  return ops;
}
