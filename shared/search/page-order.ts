import type { SearchResults } from '../api.ts';

export type PageHitLine = SearchResults['documents'][number]['pages'][number] & { document: SearchResults['documents'][number] };

/**
 * The page hits of a result, best first: pages with every word before
 * partial ones, then by the page's own score (a document's further pages
 * can rank above another document's best). What `raadsmap search --json`
 * prints, one line each.
 */
export function pageHitsInOrder(results: Pick<SearchResults, 'documents'>): PageHitLine[] {
  const lines = results.documents.flatMap((document) => document.pages.map((page) => ({ ...page, document })));
  return lines.sort((a, b) => Number(a.partial) - Number(b.partial) || b.score - a.score);
}
