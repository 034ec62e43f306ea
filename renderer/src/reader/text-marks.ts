// Marks in a page's text layer, by offset into the page's text string (the
// string annotations and changes are anchored in; each span carries its
// offset as data-offset, set by PageView): find hits and search words as
// `mark.search-mark`, the changes of a new version as `mark.change-mark`
// (inserted, replaced, moved over their text; deleted as an empty mark at the
// spot). A find hit inside a change is a mark inside the change's mark.
import type { ChangeKind, VersionChange } from '../../../shared/api.ts';

export interface FindMark {
  start: number;
  end: number;
  /** The hit the find bar is on: marked apart. */
  current: boolean;
}

/** A change's range on one page (start = end for a deletion: where the text was taken out). */
export interface ChangeMark {
  index: number;
  kind: ChangeKind;
  start: number;
  end: number;
}

/** Every change's ranges, by page of the version shown. */
export function changeMarksByPage(changes: readonly VersionChange[]): Map<number, ChangeMark[]> {
  const byPage = new Map<number, ChangeMark[]>();
  for (const change of changes) {
    for (const range of change.ranges) {
      const list = byPage.get(range.page) ?? [];
      list.push({ index: change.index, kind: change.kind, start: range.start, end: Math.max(range.start, range.end) });
      byPage.set(range.page, list);
    }
  }
  return byPage;
}

const MARKS = 'mark.search-mark, mark.change-mark';

/** Takes every mark out of the layer again (its text stays as it was). */
export function clearMarks(layer: HTMLElement): void {
  // In document order: an outer change mark goes first, the find mark it held is then unwrapped in its place.
  for (const mark of layer.querySelectorAll(MARKS)) mark.replaceWith(...mark.childNodes);
  layer.normalize();
}

interface SpanRanges {
  search: { start: number; end: number; current: boolean }[];
  changes: { start: number; end: number; index: number; kind: ChangeKind; first: boolean }[];
  /** Deletions: an empty mark at this position in the span's text. */
  points: { at: number; index: number }[];
}

/**
 * Marks the layer's spans. `search(content)` gives the search-word ranges of
 * a span's own text (used when there are no find hits).
 */
export function markTextLayer(
  layer: HTMLElement,
  marks: { find: readonly FindMark[] | null; search: ((content: string) => { start: number; end: number }[]) | null; changes: readonly ChangeMark[] | null; currentChange: number | null },
): void {
  clearMarks(layer);
  const { find, search, changes, currentChange } = marks;
  if (!find && !search && !changes?.length) return;
  const spans: { span: HTMLElement; node: Text; from: number; content: string }[] = [];
  for (const span of layer.querySelectorAll<HTMLElement>('span[data-offset]')) {
    const node = span.firstChild;
    if (span.children.length || !node || node.nodeType !== Node.TEXT_NODE) continue;
    spans.push({ span, node: node as Text, from: Number(span.dataset.offset), content: node.textContent ?? '' });
  }
  // A deletion goes in the span whose text it falls in, else at the end of the one before (a line break).
  const pointsOf = new Map<HTMLElement, SpanRanges['points']>();
  for (const change of changes ?? []) {
    if (change.end > change.start) continue;
    const own = spans.find((s) => change.start >= s.from && change.start < s.from + s.content.length) ?? [...spans].reverse().find((s) => s.from + s.content.length <= change.start);
    if (!own) continue;
    pointsOf.set(own.span, [...(pointsOf.get(own.span) ?? []), { at: Math.min(own.content.length, change.start - own.from), index: change.index }]);
  }
  for (const { span, from, content } of spans) {
    const to = from + content.length;
    const ranges: SpanRanges = {
      search: find
        ? find.filter((m) => m.start < to && m.end > from).map((m) => ({ start: Math.max(0, m.start - from), end: Math.min(content.length, m.end - from), current: m.current }))
        : search
          ? search(content).map((r) => ({ ...r, current: false }))
          : [],
      changes: (changes ?? [])
        .filter((c) => c.end > c.start && c.start < to && c.end > from)
        .map((c) => ({ start: Math.max(0, c.start - from), end: Math.min(content.length, c.end - from), index: c.index, kind: c.kind, first: c.start >= from })),
      points: pointsOf.get(span) ?? [],
    };
    if (ranges.search.length === 0 && ranges.changes.length === 0 && ranges.points.length === 0) continue;
    span.replaceChildren(...segments(content, ranges, currentChange));
  }
}

/** The span's text cut at every edge of a range, each piece in the marks that cover it. */
function segments(content: string, ranges: SpanRanges, currentChange: number | null): Node[] {
  const edges = new Set([0, content.length]);
  for (const r of [...ranges.search, ...ranges.changes]) {
    edges.add(r.start);
    edges.add(r.end);
  }
  for (const p of ranges.points) edges.add(p.at);
  const cuts = [...edges].sort((a, b) => a - b);
  const nodes: Node[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const at = cuts[i]!;
    for (const p of ranges.points.filter((point) => point.at === at)) nodes.push(changeMark('deleted', p.index, p.index === currentChange, true));
    const end = cuts[i + 1];
    if (end === undefined || end === at) continue;
    const text = content.slice(at, end);
    const hit = ranges.search.find((r) => r.start <= at && r.end >= end);
    const change = ranges.changes.find((r) => r.start <= at && r.end >= end);
    let node: Node = document.createTextNode(text);
    if (hit) {
      const mark = document.createElement('mark');
      mark.className = hit.current ? 'search-mark current' : 'search-mark';
      mark.append(node);
      node = mark;
    }
    if (change) {
      const mark = changeMark(change.kind, change.index, change.index === currentChange, change.first && change.start === at);
      mark.append(node);
      node = mark;
    }
    nodes.push(node);
  }
  return nodes;
}

function changeMark(kind: ChangeKind, index: number, current: boolean, start: boolean): HTMLElement {
  const mark = document.createElement('mark');
  mark.className = `change-mark change-${kind}${start ? ' change-start' : ''}${current ? ' current' : ''}`;
  mark.dataset.change = String(index);
  return mark;
}
