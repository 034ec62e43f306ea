import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { RaadsmapError, throwIfCancelled, type ProgressListener } from '../../../shared/errors.ts';
import type { ExtractedDocument } from '../extraction/types.ts';
import type { BlobStore } from '../files/blob-store.ts';
import { discardStaged, stagePackage, type StagedPackage } from '../packages/stage-package.ts';
import { importStages } from './import-stages.ts';
import { isPermanentRefusal, type RefusalMemory } from './refused-files.ts';
import {
  LOCAL_SOURCE_KEY,
  checkOwnership,
  emptyCounts,
  isUnchanged,
  missingExtractions,
  writeMeeting,
  type ImportCounts,
  type ImportOutcome,
} from './write-meeting.ts';

/** Extracts one PDF; the worker pool in production, the same interface in tests. */
export interface PdfExtractor {
  extract(bytes: Uint8Array, options?: { signal?: AbortSignal }): Promise<ExtractedDocument>;
  readonly threads: number;
}

export interface ImportContext {
  db: Database.Database;
  blobs: BlobStore;
  extractor: PdfExtractor;
  stagingRoot: string;
  now: () => Date;
  /**
   * Extractions under way or done in this batch, by sha256: two packages
   * prepared at once that share a new PDF read it once.
   */
  extractions?: Map<string, Promise<ExtractedDocument>> | undefined;
}

export interface ImportResult {
  meetingId: number;
  meetingTitle: string;
  outcome: ImportOutcome;
  counts: ImportCounts;
  /** Pages whose text was extracted in this import (0 when every PDF was known). */
  pagesExtracted: number;
}

/** A staged and extracted package, ready to be written; or known to be unchanged. */
export type PreparedImport =
  | { kind: 'unchanged'; meetingId: number; meetingTitle: string }
  | { kind: 'write'; staged: StagedPackage; extracted: Map<string, ExtractedDocument>; origin: string; sourceKey?: string | undefined };

interface TaskOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ProgressListener | undefined;
}

interface ExtractOptions extends TaskOptions {
  /** PDFs refused for good before are refused again without being read, and new such refusals remembered (a synced source). */
  refusals?: RefusalMemory | undefined;
}

/**
 * An import is prepare (stage, validate, extract the text of PDFs not seen
 * before) then commit (store the PDFs by hash, write the meeting in one
 * transaction). A failure at any point leaves the library exactly as it was;
 * the staging dir is always removed.
 *
 * Prepare is everything that does not write the library. Several packages can be prepared at once
 * (both cores busy even when each package brings one PDF) while the writes
 * stay one at a time, in order.
 */
export async function prepareImport(
  ctx: ImportContext,
  packagePath: string,
  options: ExtractOptions & { /** A synced source's key (default: local packages) and the API URL it came from. */ sourceKey?: string; origin?: string } = {},
): Promise<PreparedImport> {
  const staged = await importStages.time('unpack', () => stagePackage(packagePath, ctx.stagingRoot, options));
  try {
    const { manifest } = staged;
    const unchangedId = isUnchanged(ctx.db, options.sourceKey ?? LOCAL_SOURCE_KEY, manifest.meeting.id, staged.manifestSha256);
    if (unchangedId !== null && staged.documents.every((d) => ctx.blobs.has(d.sha256))) {
      await discardStaged(staged);
      return { kind: 'unchanged', meetingId: unchangedId, meetingTitle: manifest.meeting.title };
    }
    // Another municipality's ids are refused before any PDF is read (and again when writing).
    checkOwnership(ctx.db, options.sourceKey ?? LOCAL_SOURCE_KEY, manifest);
    const extracted = await extractNewFiles(ctx, staged.documents, options);
    throwIfCancelled(options.signal);
    return { kind: 'write', staged, extracted, origin: options.origin ?? path.resolve(packagePath), sourceKey: options.sourceKey };
  } catch (error) {
    await discardStaged(staged);
    throw error;
  }
}

/** Removes what a prepared import staged, when it will not be committed. */
export async function discardPrepared(prepared: PreparedImport): Promise<void> {
  if (prepared.kind === 'write') await discardStaged(prepared.staged);
}

/** Stores the PDFs by hash and writes the meeting in one transaction; always removes the staging dir. */
export async function commitImport(ctx: ImportContext, prepared: PreparedImport, options: TaskOptions = {}): Promise<ImportResult> {
  if (prepared.kind === 'unchanged') {
    return { meetingId: prepared.meetingId, meetingTitle: prepared.meetingTitle, outcome: 'unchanged', counts: emptyCounts(), pagesExtracted: 0 };
  }
  const { signal, onProgress } = options;
  const { staged, extracted } = prepared;
  const { manifest } = staged;
  try {
    throwIfCancelled(signal);
    // A file the library knows that is not in the store (doctor set a damaged one aside): this import puts it back.
    const known = ctx.db.prepare('SELECT 1 FROM document_versions WHERE sha256 = ? LIMIT 1').pluck();
    const restored = new Set(staged.documents.filter((d) => !ctx.blobs.has(d.sha256) && known.get(d.sha256)).map((d) => d.sha256));
    // PDFs go into the content-addressed store before the transaction: a
    // crash in between leaves only an unreferenced file, never a reference to
    // a missing one.
    await importStages.time('store', () => storeFiles(ctx.blobs, staged.documents));
    throwIfCancelled(signal);

    onProgress?.({ phase: 'store', done: 0, total: 1, nl: `Vergadering opslaan: ${manifest.meeting.title}`, en: `Saving meeting: ${manifest.meeting.title}` });
    const result = importStages.time('commit', () => writeMeeting(ctx.db, {
      sourceKey: prepared.sourceKey ?? LOCAL_SOURCE_KEY,
      origin: prepared.origin,
      manifest,
      manifestSha256: staged.manifestSha256,
      files: new Map(staged.documents.map((d) => [d.manifest.id, { sha256: d.sha256, size: d.size, fileName: path.basename(d.manifest.file) }])),
      extracted,
      now: ctx.now().toISOString(),
    }));
    onProgress?.({ phase: 'store', done: 1, total: 1, nl: `Opgeslagen: ${manifest.meeting.title}`, en: `Saved: ${manifest.meeting.title}` });
    // The pages of PDFs this write stored: a PDF shared with a package prepared alongside counts once, where it was stored.
    // A meeting whose files were put back was not unchanged.
    const outcome = restored.size > 0 && result.outcome === 'unchanged' ? 'updated' : result.outcome;
    const counts = restored.size > 0 ? { ...result.counts, filesRestored: restored.size } : result.counts;
    return { meetingId: result.meetingId, meetingTitle: manifest.meeting.title, outcome, counts, pagesExtracted: result.counts.pagesStored };
  } finally {
    await discardStaged(staged);
  }
}

/**
 * Puts a package's PDFs into the store all at once: each copy waits for its
 * own flushes to disk, so one after another they would add up. Every copy
 * has ended before this returns (the staging dir they read is removed next).
 */
async function storeFiles(blobs: BlobStore, documents: readonly { path: string; sha256: string }[]): Promise<void> {
  // One copy per distinct file: two documents of one package may be the same PDF.
  const files = new Map(documents.map((d) => [d.sha256, d.path]));
  const settled = await Promise.allSettled([...files].map(([sha256, file]) => blobs.putFile(file, sha256)));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
}

/** Extracts the PDFs whose text is not stored yet, as many at once as the pool has threads. */
async function extractNewFiles(
  ctx: ImportContext,
  documents: { path: string; sha256: string; manifest: { title: string; file: string } }[],
  options: ExtractOptions,
): Promise<Map<string, ExtractedDocument>> {
  const missing = new Set(missingExtractions(ctx.db, documents.map((d) => d.sha256)));
  const todo = documents.filter((d) => missing.delete(d.sha256)); // one task per distinct file
  const results = new Map<string, ExtractedDocument>();
  let done = 0;
  const report = (title: string) =>
    options.onProgress?.({
      phase: 'extract',
      done,
      total: todo.length,
      nl: `Tekst lezen (${done}/${todo.length}): ${title}`,
      en: `Reading text (${done}/${todo.length}): ${title}`,
    });
  if (todo.length > 0) report(todo[0]!.manifest.title);

  // A failure cancels the siblings still running, so the error comes back fast.
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const queue = [...todo];
  const worker = async () => {
    for (let doc = queue.shift(); doc; doc = queue.shift()) {
      try {
        const refusedBefore = options.refusals?.refusedBefore(doc.sha256);
        if (refusedBefore) throw refusedBefore;
        let pending = ctx.extractions?.get(doc.sha256);
        if (!pending) {
          const file = doc.path;
          // Shared with other packages, so it answers to the batch's cancel, not to this package's failure.
          const signal = ctx.extractions ? options.signal : abort.signal;
          pending = importStages.time('read', () => fs.promises.readFile(file)).then((bytes) => ctx.extractor.extract(new Uint8Array(bytes), { signal }));
          ctx.extractions?.set(doc.sha256, pending);
          // A failed or cancelled extraction is not shared: the next package tries again.
          pending.catch(() => ctx.extractions?.delete(doc.sha256));
        }
        results.set(doc.sha256, await pending);
      } catch (error) {
        abort.abort();
        if (isPermanentRefusal(error)) options.refusals?.remember(doc.sha256, error.toInfo());
        throw namedAfterDocument(error, doc.manifest.title, doc.manifest.file);
      }
      done++;
      report(doc.manifest.title);
    }
  };
  // allSettled, not all: every worker must have stopped before the caller
  // removes the staging dir they read from.
  const settled = await Promise.allSettled(Array.from({ length: Math.max(1, ctx.extractor.threads) }, worker));
  options.signal?.removeEventListener('abort', onOuterAbort);
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as unknown);
  // Prefer the real failure over the 'cancelled' it caused in sibling workers.
  const failure = failures.find((e) => !(e instanceof RaadsmapError && e.code === 'cancelled')) ?? failures[0];
  if (failure !== undefined) throw failure;
  return results;
}

/** "PDF is corrupt" is only useful when it says which document of the package. */
function namedAfterDocument(error: unknown, title: string, file: string): unknown {
  if (!(error instanceof RaadsmapError) || error.code === 'cancelled') return error;
  return new RaadsmapError(
    {
      code: error.code,
      nl: `Document "${title}" (${file}): ${error.nl}`,
      en: `Document "${title}" (${file}): ${error.en}`,
      subject: file,
    },
    { cause: error },
  );
}
