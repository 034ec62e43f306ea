// `raadsmap personal …`, `raadsmap backups …`: the user's private work as a
// whole, to move it or keep it safe (annotations, notes and motions one by
// one: annotation-commands.ts, note-commands.ts, motion-commands.ts).
import type { Command } from 'commander';
import type { PersonalImportSummary } from '../../shared/api.ts';
import { RaadsmapError, type Language } from '../../shared/errors.ts';
import { readUserFile, type WithCore } from './context.ts';
import { saveExport } from './export-commands.ts';
import type { CliOutput } from './output.ts';

/** As large as a personal file may be (the API's limit too). */
const PERSONAL_FILE_MAX_BYTES = 64 * 1024 * 1024;
/** How many problems the summary lists; --json gives the first hundred, and the count. */
const LISTED = 10;


export function addPersonalCommands(program: Command, withCore: WithCore, language: () => Language, output: CliOutput): void {
  const nl = () => language() === 'nl';
  const out = output.line;

  const personal = program.command('personal').description('eigen aantekeningen, notities en concepten naar of van een andere computer');
  personal
    .command('export')
    .description('schrijf alles wat van jou is naar een JSON-bestand')
    .argument('<file>', 'doelbestand, bijvoorbeeld persoonlijk.json')
    .action((file: string) =>
      withCore((core) => {
        const data = JSON.parse(saveExport(core, core.exportPersonal({}).exportId, file).toString('utf8')) as { annotations: unknown[]; agendaNotes: unknown[]; motionDrafts: unknown[] };
        out(
          nl()
            ? `${data.annotations.length} aantekeningen, ${data.agendaNotes.length} notities en ${data.motionDrafts.length} concepten geschreven naar ${file}.`
            : `Wrote ${data.annotations.length} annotations, ${data.agendaNotes.length} notes and ${data.motionDrafts.length} drafts to ${file}.`,
        );
      }),
    );
  personal
    .command('import')
    .description('lees een export in; markeringen worden op citaat geplaatst')
    .argument('<file>', 'een export van raadsmap personal export')
    .option('--json', 'resultaat als JSON')
    .action((file: string, opts: { json?: boolean }) =>
      withCore((core, { inputs }) => {
        // Before the store is touched: the file's own problems, as `import` names a package's.
        const json = readUserFile(file, PERSONAL_FILE_MAX_BYTES).toString('utf8');
        const summary = core.importPersonal(inputs.importPersonal.parse({ json }));
        if (opts.json) out(JSON.stringify(summary, null, 2));
        else out(describePersonalImport(summary, language()));
        const a = summary.annotations;
        if (summary.problemCount > 0 && a.added + a.updated + summary.agendaNotes + summary.motionDrafts === 0) {
          throw new RaadsmapError({
            code: 'personal.nothing-placed',
            nl: `Niets uit ${file} kon hier worden geplaatst (${summary.problemCount} ${summary.problemCount === 1 ? 'probleem' : 'problemen'}).`,
            en: `Nothing from ${file} could be placed here (${summary.problemCount} ${summary.problemCount === 1 ? 'problem' : 'problems'}).`,
            subject: file,
          });
        }
      }),
    );

  const backups = program.command('backups').description('reservekopieën van je eigen gegevens');
  backups
    .command('list', { isDefault: true })
    .description('toon de reservekopieën, nieuwste eerst')
    .action(() => withCore((core) => out(core.listBackups({}).map((b) => `${b.name}  ${(b.size / 1024).toFixed(0)} kB`).join('\n') || (nl() ? 'Geen reservekopieën.' : 'No backups.'))));
  backups
    .command('create')
    .description('maak nu een reservekopie')
    .action(() => withCore((core) => out(core.createBackup({}).name)));
  backups
    .command('restore')
    .description('zet een reservekopie terug (wat er nu is, wordt eerst zelf bewaard)')
    .argument('<name>', 'naam uit raadsmap backups list')
    .action((name: string) =>
      withCore((core, { inputs }) => {
        const r = core.restoreBackup(inputs.restoreBackup.parse({ name }));
        out(nl() ? `${r.restored} teruggezet; de vorige stand staat in ${r.safetyCopy}.` : `Restored ${r.restored}; the previous state is in ${r.safetyCopy}.`);
      }),
    );
}

/** What a personal import did: counts, then its problems (the first ten, and how many more). */
function describePersonalImport(summary: PersonalImportSummary, language: Language): string {
  const nl = language === 'nl';
  const a = summary.annotations;
  const lines = [
    nl
      ? `Aantekeningen: ${a.added} nieuw, ${a.updated} bijgewerkt, ${a.skipped} overgeslagen; ${a.anchored} op hun plaats, ${a.moved} verplaatst, ${a.orphaned} niet teruggevonden (bewaard). Notities: ${summary.agendaNotes}. Concepten: ${summary.motionDrafts}.`
      : `Annotations: ${a.added} new, ${a.updated} updated, ${a.skipped} skipped; ${a.anchored} in place, ${a.moved} moved, ${a.orphaned} not found (kept). Notes: ${summary.agendaNotes}. Drafts: ${summary.motionDrafts}.`,
  ];
  const count = summary.problemCount;
  if (count > 0) {
    const listed = Math.min(count, LISTED, summary.problems.length);
    const head = nl ? `${count} ${count === 1 ? 'probleem' : 'problemen'}` : `${count} ${count === 1 ? 'problem' : 'problems'}`;
    lines.push(count > listed ? (nl ? `${head}; de eerste ${listed}:` : `${head}; the first ${listed}:`) : `${head}:`);
    for (const p of summary.problems.slice(0, listed)) lines.push(`  - ${p[language]}`);
    if (count > listed) lines.push(nl ? `  … en nog ${count - listed} (--json geeft de eerste ${summary.problems.length} en het aantal).` : `  … and ${count - listed} more (--json gives the first ${summary.problems.length} and the count).`);
  }
  return lines.join('\n');
}
