// Reads the glyph positions of the pages highlights are on, when they are
// needed, and places the highlights from them. The glyphs are not stored at
// import (they would double the pages table and slow extraction down by
// more than half): one page is read from the stored PDF in an extraction
// thread when a highlight is made or re-attached there, and the pages of
// highlights that still have their runs' rects (re-anchored onto a new
// version, imported from a personal export, or made before glyph positions
// existed) are read in the background and those highlights placed again.
import { isRaadsmapError } from '../../../shared/errors.ts';
import type { PageGeometry } from '../extraction/glyph-geometry.ts';
import type { BlobStore } from '../files/blob-store.ts';
import type { AnnotationStore, GeometryLookup, PendingPlacement } from './annotations.ts';

/** What reads the geometry of some pages of a PDF (the extraction pool). */
export interface GeometryReader {
  geometry(bytes: Uint8Array, pageNumbers: readonly number[], options?: { signal?: AbortSignal | undefined }): Promise<PageGeometry[]>;
}

/** Pages kept in memory: the few a user highlights on in a row, and a document's worth while placing. */
const CACHED_PAGES = 64;

export class AnnotationPlacer {
  /** By `${sha256}:${page}`: the geometry, or null when it could not be read. In use order (LRU). */
  private readonly cache = new Map<string, PageGeometry | null>();
  /** One placement pass at a time: a second waits for the first, then finds what is left. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: {
      blobs: BlobStore;
      reader: () => GeometryReader;
      /** Told which documents' highlights moved. */
      onPlaced?: ((documentIds: number[]) => void) | undefined;
    },
  ) {}

  /** For AnnotationStore: the geometry of a page as far as it has been read. */
  readonly lookup: GeometryLookup = (sha256, pageNumber) => {
    const key = `${sha256}:${pageNumber}`;
    const value = this.cache.get(key);
    if (value === undefined) return undefined;
    this.cache.delete(key);
    this.cache.set(key, value);
    return value;
  };

  /**
   * Reads the geometry of these pages of a stored PDF (those not read yet).
   * A file that is missing or that pdf.js cannot read marks its pages as
   * unreadable (null); cancellation leaves them unread.
   */
  async load(sha256: string, pageNumbers: readonly number[], signal?: AbortSignal): Promise<void> {
    const wanted = [...new Set(pageNumbers)].filter((n) => !this.cache.has(`${sha256}:${n}`));
    if (wanted.length === 0) return;
    let read: PageGeometry[] = [];
    try {
      const bytes = this.deps.blobs.has(sha256) ? new Uint8Array(this.deps.blobs.read(sha256)) : null;
      if (bytes) read = await this.deps.reader().geometry(bytes, wanted, { signal });
    } catch (error) {
      if (signal?.aborted || (isRaadsmapError(error) && error.code === 'cancelled')) return;
      // Unreadable here (a pdf.js failure, a time-out): the runs will do for these pages.
    }
    for (const n of wanted) this.remember(`${sha256}:${n}`, read.find((g) => g.pageNumber === n) ?? null);
  }

  /**
   * As load, but waits at most `ms`: true when the pages were read in time.
   * Otherwise the reading goes on, and `later` runs when it is done (to place
   * what was made meanwhile with the runs' rects). For a user who waits for
   * a highlight while an import keeps every extraction thread busy.
   */
  async loadWithin(sha256: string, pageNumbers: readonly number[], ms: number, later: () => void): Promise<boolean> {
    const loading = this.load(sha256, pageNumbers);
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([loading.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)))]);
    clearTimeout(timer);
    if (!inTime) void loading.then(later);
    return inTime;
  }

  /**
   * Places every highlight that still has its runs' rects (of these
   * documents, or all) from its page's glyphs: reads the pages, one PDF at a
   * time, and updates the rows. Returns the documents whose highlights moved.
   */
  place(store: AnnotationStore, options: { documentIds?: readonly number[] | undefined; signal?: AbortSignal | undefined } = {}): Promise<number[]> {
    const run = async () => {
      const moved = new Set<number>();
      const bySha = new Map<string, PendingPlacement[]>();
      for (const row of store.pendingPlacements(options.documentIds)) bySha.set(row.sha256, [...(bySha.get(row.sha256) ?? []), row]);
      for (const [sha256, rows] of bySha) {
        if (options.signal?.aborted) break;
        const pages = [...new Set(rows.map((r) => r.page_number))];
        // In slices, so a document with highlights on many pages does not crowd the cache out.
        for (let i = 0; i < pages.length && !options.signal?.aborted; i += CACHED_PAGES / 2) {
          const slice = pages.slice(i, i + CACHED_PAGES / 2);
          await this.load(sha256, slice, options.signal);
          for (const id of store.placeFromGlyphs(rows.filter((r) => slice.includes(r.page_number)))) moved.add(id);
        }
      }
      const documentIds = [...moved];
      if (documentIds.length) this.deps.onPlaced?.(documentIds);
      return documentIds;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves when the placement passes started so far have ended. */
  async settled(): Promise<void> {
    await this.queue;
  }

  private remember(key: string, value: PageGeometry | null): void {
    this.cache.delete(key);
    this.cache.set(key, value);
    while (this.cache.size > CACHED_PAGES) this.cache.delete(this.cache.keys().next().value!);
  }
}
