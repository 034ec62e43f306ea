// Find in document: every occurrence of what the user typed in a page's text
// string (the string annotations are anchored in: pdf.js text items joined,
// "\n" after an item that ends a line). The matching itself (case, accents,
// spaces and line-end hyphenation ignored) is shared/find-text.ts, which the
// CLI uses to place a quoted highlight the same way.
export { findInText, foldQuery, type FindHit } from '../../../shared/find-text.ts';

/** A page's text string from pdf.js text content, as the core and the text layer (data-offset) count it. */
export function pageTextOf(items: readonly object[]): string {
  let text = '';
  for (const item of items) {
    if (!('str' in item)) continue;
    const { str, hasEOL } = item as { str: string; hasEOL?: boolean };
    text += str + (hasEOL ? '\n' : '');
  }
  return text;
}
