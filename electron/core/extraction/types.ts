// What text extraction hands to the import pipeline: per page the text as the
// PDF's text layer gives it (for anchors and highlights), a normalised text
// (for search and display), a quality flag and the glyph boxes.

/** `garbled`/`empty` pages are flagged so search does not index garbage. */
export type PageQuality = 'ok' | 'garbled' | 'empty';

/**
 * One pdf.js text item: `start`/`end` are offsets into the page's `rawText`;
 * the box is in points with the origin at the bottom-left of the page as it is
 * displayed (after /Rotate and the MediaBox offset). For the usual unrotated
 * page whose MediaBox starts at 0,0 that is exactly PDF user space.
 */
export interface TextRun {
  start: number;
  end: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ExtractedPage {
  /** 1-based. */
  pageNumber: number;
  /** Page size in points, after /Rotate. */
  width: number;
  height: number;
  /**
   * The text layer's text: pdf.js getTextContent items (disableNormalization,
   * as pdf.js's own viewer and find controller ask for them), each item's
   * `str`, plus "\n" after items with `hasEOL`. Anchors and highlights use
   * offsets into this string.
   */
  rawText: string;
  /**
   * For search and display: hyphenation repaired, running headers/footers and
   * page numbers removed, whitespace collapsed, one paragraph-ish line per "\n".
   */
  text: string;
  quality: PageQuality;
  runs: TextRun[];
}

export interface ExtractedDocument {
  pageCount: number;
  pages: ExtractedPage[];
  info: { title?: string; author?: string };
}

export interface ExtractOptions {
  signal?: AbortSignal | undefined;
  /** Called after each page; `total` is the page count. */
  onPage?: ((done: number, total: number) => void) | undefined;
}
