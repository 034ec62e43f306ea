import type { Annotation } from '../../shared/api.ts';
import type { Core } from '../../electron/core/index.ts';

/** A yellow highlight on the first place `exact` stands in the document's current version. */
export async function highlightQuote(core: Core, documentId: number, exact: string): Promise<Annotation> {
  const place = core.findQuote(documentId, exact).places[0];
  if (!place) throw new Error(`"${exact}" is not in document ${documentId}`);
  return core.createAnnotation({ kind: 'highlight', documentId, page: place.page, start: place.start, end: place.end, exact, color: 'yellow' });
}
