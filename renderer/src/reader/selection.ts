// A text selection in the reader, as the core anchors it: the page, the
// offsets into that page's text string and the text itself. The text layer's
// spans carry their offset (data-offset, set by PageView); the gaps between
// spans are the line breaks of the text string.

export interface PageSelection {
  page: number;
  start: number;
  end: number;
  exact: string;
  /** Where the selection ends on screen, for the toolbar next to it. */
  box: { left: number; top: number; bottom: number; right: number };
}

type Span = HTMLElement & { dataset: { offset: string } };

export function readSelection(selection: Selection | null): PageSelection | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const pageElement = closestElement(range.startContainer)?.closest<HTMLElement>('.page');
  const layer = pageElement?.querySelector<HTMLElement>('.textLayer');
  if (!pageElement || !layer) return null;
  const spans = [...layer.querySelectorAll<Span>('span[data-offset]')].filter((s) => !s.parentElement?.closest('span[data-offset]'));
  if (spans.length === 0) return null;
  const start = boundaryOffset(spans, range.startContainer, range.startOffset, 'start');
  // A selection that runs on into the next page ends at the end of this one.
  const endsHere = layer.contains(range.endContainer) || range.endContainer === layer;
  const end = endsHere ? boundaryOffset(spans, range.endContainer, range.endOffset, 'end') : spanEnd(spans.at(-1)!);
  if (start === null || end === null || end <= start) return null;
  const exact = textBetween(spans, start, end);
  if (!exact.trim()) return null;
  const rects = range.getClientRects();
  const last = rects[rects.length - 1] ?? range.getBoundingClientRect();
  return { page: Number(pageElement.dataset.page), start, end, exact, box: { left: last.left, top: last.top, bottom: last.bottom, right: last.right } };
}

const closestElement = (node: Node): Element | null => (node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement);
const spanStart = (span: Span) => Number(span.dataset.offset);
const spanEnd = (span: Span) => spanStart(span) + (span.textContent ?? '').length;

/** The text offset of a range boundary: inside a span, or between spans (then the nearest span edge). */
function boundaryOffset(spans: readonly Span[], node: Node, offset: number, side: 'start' | 'end'): number | null {
  const span = closestElement(node)?.closest<Span>('span[data-offset]');
  const own = span && spans.includes(span) ? span : spans.find((s) => s.contains(span ?? null));
  if (own) {
    const before = document.createRange();
    before.selectNodeContents(own);
    before.setEnd(node, offset);
    return spanStart(own) + before.toString().length;
  }
  const point = document.createRange();
  point.setStart(node, offset);
  if (side === 'start') {
    // The first span that begins after the boundary.
    const next = spans.find((s) => point.comparePoint(s, 0) >= 0);
    return next ? spanStart(next) : null;
  }
  const previous = [...spans].reverse().find((s) => point.comparePoint(s, s.childNodes.length) <= 0);
  return previous ? spanEnd(previous) : null;
}

/** The page text from `start` to `end`: the spans' text, with line breaks in the gaps. */
function textBetween(spans: readonly Span[], start: number, end: number): string {
  let text = '';
  let at = start;
  for (const span of spans) {
    const from = spanStart(span);
    const content = span.textContent ?? '';
    const to = from + content.length;
    if (to <= at) continue;
    if (from >= end) break;
    if (from > at) text += '\n'.repeat(Math.min(from, end) - at);
    text += content.slice(Math.max(0, at - from), Math.min(content.length, end - from));
    at = Math.min(to, end);
  }
  if (at < end) text += '\n'.repeat(end - at);
  return text;
}
