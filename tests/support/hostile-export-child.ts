// A child process of the hostile-PDF suite: annotates each PDF named on
// stdin (one path a line) with a highlight, a note and a summary page, as the
// export does, and writes one JSON line per file: ok, or the RaadsmapError's
// code/nl/en, or `raw` for anything else (a bug: export must name its errors).
// The parent limits its memory (--max-old-space-size) and time per file.
import fs from 'node:fs';
import readline from 'node:readline';
import type { Annotation } from '../../shared/api.ts';
import { isRaadsmapError } from '../../shared/errors.ts';
import { annotatePdf } from '../../electron/core/export/annotate-pdf.ts';

process.setSourceMapsEnabled(false);

const base = { documentId: 1, page: 1, tags: ['hostile'], anchorStatus: 'anchored' as const, changedInNewVersion: false, onCurrentVersion: true, createdAt: '2017-01-09T20:15:00Z', updatedAt: '2017-01-09T20:15:00Z' };
const annotations: Annotation[] = [
  { ...base, id: 'h1', kind: 'highlight', color: 'yellow', note: 'Vraag aan wethouder', quote: { exact: 'Raadsvoorstel', prefix: '', suffix: '' }, position: { start: 0, end: 13 }, rects: [[72, 720, 120, 12]], point: null },
  { ...base, id: 'n1', kind: 'note', color: null, note: 'Notitie', quote: null, position: null, rects: [], point: { x: 50, y: 50 } },
];

for await (const file of readline.createInterface({ input: process.stdin })) {
  if (!file) continue;
  const started = Date.now();
  try {
    const out = await annotatePdf(fs.readFileSync(file), annotations, { author: 'Raadslid', title: 'Hostile', summary: true });
    process.stdout.write(`${JSON.stringify({ file, ok: true, bytes: out.length, ms: Date.now() - started })}\n`);
  } catch (error) {
    const result = isRaadsmapError(error) ? { code: error.code, nl: error.nl, en: error.en } : { raw: String((error as Error)?.stack ?? error).slice(0, 300) };
    process.stdout.write(`${JSON.stringify({ file, ok: false, ...result, ms: Date.now() - started })}\n`);
  }
}
