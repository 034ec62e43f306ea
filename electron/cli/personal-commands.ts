// `raadsmap personal …`, `raadsmap backups …`: the user's private work as a
// whole, to move it or keep it safe (annotations, notes and motions one by
// one: annotation-commands.ts, note-commands.ts, motion-commands.ts).
import type { Command } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { inputs } from '../../shared/api.ts';
import type { Language } from '../../shared/errors.ts';
import type { Core } from '../core/index.ts';
import { saveExport } from './export-commands.ts';
import type { CliOutput } from './output.ts';

type WithCore = (fn: (core: Core) => Promise<void> | void) => Promise<void>;

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
      withCore((core) => {
        const summary = core.importPersonal(inputs.importPersonal.parse({ json: fs.readFileSync(path.resolve(file), 'utf8') }));
        if (opts.json) return out(JSON.stringify(summary, null, 2));
        const a = summary.annotations;
        out(
          nl()
            ? `Aantekeningen: ${a.added} nieuw, ${a.updated} bijgewerkt, ${a.skipped} overgeslagen; ${a.anchored} op hun plaats, ${a.moved} verplaatst, ${a.orphaned} niet teruggevonden (bewaard). Notities: ${summary.agendaNotes}. Concepten: ${summary.motionDrafts}.`
            : `Annotations: ${a.added} new, ${a.updated} updated, ${a.skipped} skipped; ${a.anchored} in place, ${a.moved} moved, ${a.orphaned} not found (kept). Notes: ${summary.agendaNotes}. Drafts: ${summary.motionDrafts}.`,
        );
        for (const p of summary.problems) out(`  - ${p}`);
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
      withCore((core) => {
        const r = core.restoreBackup(inputs.restoreBackup.parse({ name }));
        out(nl() ? `${r.restored} teruggezet; de vorige stand staat in ${r.safetyCopy}.` : `Restored ${r.restored}; the previous state is in ${r.safetyCopy}.`);
      }),
    );
}
