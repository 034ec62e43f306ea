// `raadsmap export-pdf` and `raadsmap export-bundle`: annotated PDFs and the
// fractie bundle from the command line, with a progress line.
import type { Command } from 'commander';
import path from 'node:path';
import type { Language } from '../../shared/errors.ts';
import { writeFileAtomic } from '../core/files/atomic-write.ts';
import type { Core } from '../core/index.ts';
import type { WithCore } from './context.ts';
import type { CliOutput } from './output.ts';
import { createProgressLine } from './progress-line.ts';

/**
 * Writes an export where the user asked for it, whole or not at all: a kill
 * halfway leaves the file that was there before (a temporary of ours beside
 * it goes at the next export to that folder). The core's copy in the data
 * dir goes once it is saved. Returns the bytes written.
 */
export function saveExport(core: Core, exportId: string, file: string): Buffer {
  const { bytes } = core.exportFile(exportId);
  writeFileAtomic(path.resolve(file), bytes, { sweep: true });
  core.discardExport(exportId);
  return bytes;
}

export function addExportCommands(program: Command, withCore: WithCore, language: () => Language, output: CliOutput, parseId: (value: string) => number, signal: AbortSignal): void {
  // The file is written and stays written, whether or not anyone still reads stdout.
  const exported = { nl: 'het exporteren is voltooid', en: 'the export finished' };

  program
    .command('export-pdf')
    .description('een document als PDF met je aantekeningen erin (markeringen, notities)')
    .requiredOption('--document <id>', 'het document', parseId)
    .requiredOption('--out <file>', 'doelbestand (.pdf)')
    .option('--flatten', 'markeringen in de pagina tekenen, voor lezers die aantekeningen verbergen')
    .option('--summary', 'een overzichtspagina met alle aantekeningen toevoegen')
    .action((opts: { document: number; out: string; flatten?: boolean; summary?: boolean }) =>
      withCore(async (core, { inputs }) => {
        const input = inputs.exportAnnotatedPdf.parse({ documentId: opts.document, flatten: opts.flatten, summary: opts.summary });
        const progress = createProgressLine(process.stderr, language());
        try {
          saveExport(core, (await core.exportAnnotatedPdf(input, { signal, onProgress: progress.update })).exportId, opts.out);
        } finally {
          progress.done();
        }
        await output.report(opts.out, opts.out, exported);
      }),
    );

  program
    .command('export-bundle')
    .description('de fractiebundel van een vergadering: voorblad, agenda met je notities, je moties en alle stukken met aantekeningen')
    .requiredOption('--meeting <id>', 'de vergadering', parseId)
    .requiredOption('--out <file>', 'doelbestand (.pdf)')
    .option('--items <ids>', 'alleen deze agendapunten (nummers uit raadsmap meeting, met komma’s)', (v: string) => v.split(',').map((s) => Number(s.trim())))
    .option('--documents <ids>', 'alleen deze documenten (met komma’s)', (v: string) => v.split(',').map((s) => Number(s.trim())))
    .option('--flatten', 'markeringen in de pagina tekenen')
    .action((opts: { meeting: number; out: string; items?: number[]; documents?: number[]; flatten?: boolean }) =>
      withCore(async (core, { inputs }) => {
        const input = inputs.exportBundle.parse({ meetingId: opts.meeting, agendaItemIds: opts.items, documentIds: opts.documents, flatten: opts.flatten });
        const progress = createProgressLine(process.stderr, language());
        let result;
        try {
          result = await core.exportBundle(input, { signal, onProgress: progress.update });
        } finally {
          progress.done();
        }
        saveExport(core, result.exportId, opts.out);
        const nl = language() === 'nl';
        const summary = nl ? `${opts.out}: ${result.pageCount} pagina's.` : `${opts.out}: ${result.pageCount} pages.`;
        await output.report(summary, summary, exported);
        for (const p of result.problems) output.note(`${nl ? 'Niet opgenomen' : 'Not included'}: ${nl ? p.nl : p.en}`);
      }),
    );
}
