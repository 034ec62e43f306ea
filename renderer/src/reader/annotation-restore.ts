// Undoing a deletion: the core deletes an annotation for good, so "Ongedaan
// maken" makes it again with createAnnotation from what was deleted. For a
// highlight on the version the reader shows, the same page, offsets and text
// give the same quote (with its context), rectangles, colour, note and tags;
// a note pinned to a point gets the same point, note and tags. Only the id and
// the dates are new. An annotation that is not on that version (orphaned)
// cannot be placed again this way: null.
import type { Annotation, CallInput } from '../../../shared/api.ts';

export function recreateInput(a: Annotation): CallInput<'createAnnotation'> | null {
  if (!a.onCurrentVersion) return null;
  const common = { documentId: a.documentId, page: a.page, note: a.note, tags: [...a.tags] };
  if (a.kind === 'highlight' && a.quote && a.position && a.color) {
    return { kind: 'highlight', ...common, start: a.position.start, end: a.position.end, exact: a.quote.exact, color: a.color };
  }
  if (a.kind === 'note' && a.point) return { kind: 'note', ...common, point: { ...a.point } };
  return null;
}
