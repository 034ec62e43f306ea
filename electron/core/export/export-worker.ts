// The export thread: writes an annotated PDF or a fractie bundle off the
// main thread, so the app keeps answering while pdf-lib works, and a PDF that
// makes pdf-lib loop or overflow costs this thread only. Progress and the
// outcome go back as messages; errors as plain (code, nl, en) objects.
import { readStoredFile } from '../files/blob-store.ts';
import { parentPort, workerData } from 'node:worker_threads';
import type { Annotation } from '../../../shared/api.ts';
import { isRaadsmapError, type ErrorInfo, type Progress } from '../../../shared/errors.ts';
import { annotatePdf } from './annotate-pdf.ts';
import { buildBundle, type BundleInput, type BundleProblem } from './bundle.ts';

process.setSourceMapsEnabled(false);

export type ExportJob =
  | { kind: 'document'; path: string; filesKey?: string | null | undefined; title: string; annotations: Annotation[]; author: string; flatten: boolean; summary: boolean }
  | { kind: 'bundle'; input: BundleInput };

export type ExportMessage =
  | { type: 'progress'; progress: Progress }
  | { type: 'done'; bytes: Uint8Array; pageCount: number; problems: BundleProblem[] }
  | { type: 'error'; error: ErrorInfo };

async function run(job: ExportJob): Promise<ExportMessage> {
  if (job.kind === 'document') {
    const pdf = readStoredFile(job.path, job.filesKey ? Buffer.from(job.filesKey, 'hex') : null);
    const bytes = await annotatePdf(pdf, job.annotations, { author: job.author, title: job.title, flatten: job.flatten, summary: job.summary });
    return { type: 'done', bytes, pageCount: 0, problems: [] };
  }
  const result = await buildBundle(job.input, { onProgress: (progress) => parentPort!.postMessage({ type: 'progress', progress } satisfies ExportMessage) });
  return { type: 'done', ...result };
}

run(workerData as ExportJob)
  .catch((error: unknown): ExportMessage => {
    const info = isRaadsmapError(error)
      ? error.toInfo()
      : { code: 'export.failed', nl: `Exporteren mislukt: ${(error as Error).message ?? String(error)}`, en: `Export failed: ${(error as Error).message ?? String(error)}` };
    return { type: 'error', error: info };
  })
  .then((message) => {
    if (message.type === 'done') parentPort!.postMessage(message, [message.bytes.buffer as ArrayBuffer]);
    else parentPort!.postMessage(message);
  });
