// The pool's task: runs in a worker thread. Errors go back as plain objects
// (code, nl, en), because a thrown RaadsmapError would arrive as a bare Error.
import type { MessagePort } from 'node:worker_threads';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { DEFAULT_DECODED_LIMIT_MB, installDecodeGuard, withinDecodeBudget } from './decode-budget.ts';
import { extractPdf, readGeometry } from './extract-pdf.ts';
import type { PageGeometry } from './glyph-geometry.ts';
import { toErrorInfo } from './pdf-errors.ts';
import { importStages, type StageTimes } from '../import/import-stages.ts';
import type { ExtractedDocument } from './types.ts';

// Started with tsx (from source), a thread would otherwise parse pdf.js's
// 2 MB source maps while compiling it: a third of a second per thread start.
// Errors leave this thread as messages, never as stack traces, so nothing is lost.
process.setSourceMapsEnabled(false);
// Before pdf.js runs: what it decodes is counted against each task's budget.
installDecodeGuard();

export interface ExtractTask {
  bytes: Uint8Array;
  /** When given, receives [done, total] after each page. */
  progress?: MessagePort | undefined;
  /** Instead of extracting the document: the glyph geometry of these pages (readGeometry). */
  geometryOf?: number[] | undefined;
  /** One stream may decode to this many MB, the document hold three times as many at once (decode-budget.ts). */
  decodedLimitMb?: number | undefined;
}

/** `stageMs`: what the extraction's stages took in this thread (import-stages.ts). */
export type ExtractTaskResult = { ok: true; document: ExtractedDocument; stageMs: StageTimes } | { ok: true; geometry: PageGeometry[] } | { ok: false; error: ErrorInfo };

export default async function runExtractTask({ bytes, progress, geometryOf, decodedLimitMb = DEFAULT_DECODED_LIMIT_MB }: ExtractTask): Promise<ExtractTaskResult> {
  // One task at a time per thread: what the stages add up to from here is this task's.
  importStages.reset();
  try {
    return await withinDecodeBudget(decodedLimitMb, async () => {
      if (geometryOf) return { ok: true, geometry: await readGeometry(bytes, geometryOf) };
      const onPage = progress ? (done: number, total: number) => progress.postMessage([done, total]) : undefined;
      const document = await extractPdf(bytes, { onPage });
      return { ok: true, document, stageMs: importStages.snapshot() };
    });
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  } finally {
    progress?.close();
  }
}
