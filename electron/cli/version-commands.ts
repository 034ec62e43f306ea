// `raadsmap changes DOCUMENT`: what a new version of a document changed
// (page, kind, old text, new text), and `raadsmap prune-versions`: removing
// old versions to free space. The comparison itself is made when a version
// arrives (core/versions/); these only read it.
import type { Command } from 'commander';
import type { DocumentChanges, DocumentVersionInfo, PruneReport, VersionChange } from '../../shared/api.ts';
import { isMoneyAmount } from '../../shared/change-amount.ts';
import { formatShortDate } from '../../shared/format.ts';
import type { Language } from '../../shared/errors.ts';
import { createProgressLine } from './progress-line.ts';
import { usageError, type CliContext } from './context.ts';

const KIND_NL: Record<VersionChange['kind'], string> = { inserted: 'ingevoegd', deleted: 'verwijderd', replaced: 'gewijzigd', moved: 'verplaatst' };
const KIND_EN: Record<VersionChange['kind'], string> = { inserted: 'inserted', deleted: 'deleted', replaced: 'replaced', moved: 'moved' };

export function addVersionCommands(program: Command, { withCore, language, output, parseId }: CliContext, signal: AbortSignal): void {
  const out = output.line;
  program
    .command('changes')
    .description('toon wat de nieuwste versie van een document veranderde: pagina, soort, oude en nieuwe tekst')
    .argument('<document>', 'nummer van het document', parseId)
    .option('--from <versie>', 'vergelijk met deze eerdere versie (1 = de eerste), in plaats van de versie ervoor', parseId)
    .option('--json', 'één JSON-object per regel per wijziging')
    .action((documentId: number, opts: { from?: number; json?: boolean }) =>
      withCore((core, { inputs }) => {
        let fromVersionId: number | undefined;
        if (opts.from !== undefined) {
          const versions = core.getDocument(inputs.getDocument.parse({ documentId })).versions;
          const wanted = versions.find((v) => v.number === opts.from);
          if (!wanted) {
            const numbers = versions.map((v) => v.number).reverse().join(', ');
            throw usageError(
              `Document ${documentId} heeft geen versie ${opts.from}; het heeft versie ${numbers}.`,
              `Document ${documentId} has no version ${opts.from}; it has version ${numbers}.`,
            );
          }
          fromVersionId = wanted.id;
        }
        const changes = core.listChanges(inputs.listChanges.parse({ documentId, fromVersionId }));
        if (!opts.json) return out(describeChanges(changes, language()));
        for (const change of changes.changes) {
          out(
            JSON.stringify({
              documentId: changes.documentId,
              fromVersion: changes.from.number,
              toVersion: changes.to.number,
              page: change.page,
              oldPage: change.oldPage,
              kind: change.kind,
              oldText: change.oldText,
              newText: change.newText,
              amount: change.amount,
              ranges: change.ranges,
            }),
          );
        }
        // No lines for no changes; say why on stderr, as search does with its notice.
        if (changes.changes.length === 0) output.note(describeStatus(changes, language()));
      }),
    );

  program
    .command('prune-versions')
    .description('verwijder oude versies van documenten (nooit de huidige, nooit een met aantekeningen) om ruimte te maken')
    .option('--keep <n>', 'hoeveel versies per document blijven, de huidige meegeteld', parseId, 2)
    .option('--dry-run', 'toon alleen wat zou worden verwijderd')
    .option('--json', 'als JSON')
    .action((opts: { keep: number; dryRun?: boolean; json?: boolean }) =>
      withCore(async (core, { inputs }) => {
        const progress = createProgressLine(process.stderr, language());
        let report: PruneReport;
        try {
          report = await core.pruneVersions(inputs.pruneVersions.parse({ keep: opts.keep, dryRun: opts.dryRun }), { signal, onProgress: progress.update });
        } finally {
          progress.done();
        }
        const summary = describePrune(report, opts.keep, language());
        await output.report(opts.json ? JSON.stringify(report, null, 2) : summary, summary, { nl: 'het opruimen is voltooid', en: 'the pruning finished' });
      }),
    );
}

function versionLabel(v: DocumentVersionInfo, language: Language): string {
  const nl = language === 'nl';
  const from = v.source.kind === 'package' ? (nl ? 'pakket' : 'package') : v.source.name;
  const origin = v.source.origin ? ` ${v.source.origin}` : '';
  return `${nl ? 'versie' : 'version'} ${v.number} (${formatShortDate(v.createdAt, language)}, ${from}${origin})`;
}

function describeStatus(changes: DocumentChanges, language: Language): string {
  const nl = language === 'nl';
  if (changes.status === 'identical') return nl ? 'Geen wijzigingen: de tekst is dezelfde.' : 'No changes: the text is the same.';
  if (changes.status === 'no-text') {
    return nl
      ? 'Niet te vergelijken: een van beide versies heeft geen leesbare tekst (een scan of een onleesbaar lettertype).'
      : 'Cannot be compared: one of the versions has no readable text (a scan or an unreadable font).';
  }
  if (changes.status === 'too-large') {
    return nl
      ? 'Te veel wijzigingen om te tonen: er is zoveel veranderd dat een lijst niet te lezen is. Lees de nieuwe versie in zijn geheel.'
      : 'Too many changes to show: so much changed that a list could not be read. Read the new version as a whole.';
  }
  return nl ? `${changes.changes.length} wijzigingen.` : `${changes.changes.length} changes.`;
}

const quoted = (text: string) => `“${text.length > 300 ? `${text.slice(0, 300)}…` : text}”`;

export function describeChanges(changes: DocumentChanges, language: Language): string {
  const nl = language === 'nl';
  const lines = [`[${changes.documentId}] ${changes.title}: ${versionLabel(changes.from, language)} → ${versionLabel(changes.to, language)}`, describeStatus(changes, language)];
  for (const c of changes.changes) {
    const where = `${nl ? 'blz.' : 'p.'} ${c.page}`.padEnd(8);
    const kind = (nl ? KIND_NL : KIND_EN)[c.kind].padEnd(10);
    let what: string;
    if (c.kind === 'inserted') what = `+ ${quoted(c.newText)}`;
    else if (c.kind === 'deleted') what = `- ${quoted(c.oldText)}`;
    else if (c.kind === 'moved') what = `${nl ? `van blz. ${c.oldPage}` : `from p. ${c.oldPage}`}: ${quoted(c.newText)}`;
    else what = `${quoted(c.oldText)} → ${quoted(c.newText)}`;
    // The amount with its unit, when that says more than the changed words themselves.
    const label = c.amount && isMoneyAmount(c.amount) ? (nl ? 'bedrag' : 'amount') : nl ? 'getal' : 'number';
    const amount = !c.amount ? '' : c.amount.old === c.oldText && c.amount.new === c.newText ? `  [${label}]` : `  [${label}: ${c.amount.old} → ${c.amount.new}]`;
    lines.push(`${where}${kind} ${what}${amount}`);
  }
  return lines.join('\n');
}

function describePrune(report: PruneReport, keep: number, language: Language): string {
  const nl = language === 'nl';
  const mb = (report.bytesFreed / 1e6).toFixed(1);
  const kept = report.keptForAnnotations
    ? nl
      ? ` ${report.keptForAnnotations} oudere versies blijven omdat er aantekeningen op staan.`
      : ` ${report.keptForAnnotations} older versions stay because annotations are on them.`
    : '';
  const seen = report.keptAsSeen
    ? nl
      ? ` ${report.keptAsSeen} oudere versies blijven omdat u die het laatst zag (de markering "Gewijzigd" vergelijkt ermee).`
      : ` ${report.keptAsSeen} older versions stay because they are the ones you last saw (the "Changed" badge compares with them).`
    : '';
  if (report.dryRun) {
    return nl
      ? `Zou ${report.versionsRemoved} oude versies verwijderen (${report.filesRemoved} PDF-bestanden, ${mb} MB); per document blijven de ${keep} nieuwste.${kept}${seen}`
      : `Would remove ${report.versionsRemoved} old versions (${report.filesRemoved} PDF files, ${mb} MB); the newest ${keep} of each document stay.${kept}${seen}`;
  }
  return nl
    ? `${report.versionsRemoved} oude versies verwijderd (${report.filesRemoved} PDF-bestanden, ${mb} MB vrij); per document blijven de ${keep} nieuwste.${kept}${seen}`
    : `${report.versionsRemoved} old versions removed (${report.filesRemoved} PDF files, ${mb} MB freed); the newest ${keep} of each document stay.${kept}${seen}`;
}
