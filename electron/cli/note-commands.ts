// `raadsmap notes [show|set]`: my position (voor, tegen, nog bespreken) and
// notes (Markdown) per agenda item, the item given by its number as shown
// ("1.3.a").
import type { Command } from 'commander';
import type { AgendaItemView, AgendaNote, Stance } from '../../shared/api.ts';
import { agendaItems, findItem, itemLabel, oneOf, readText, usageError, type CliContext } from './context.ts';

/** `--position`: null takes the position away. */
const POSITIONS: Record<string, Stance | null> = { voor: 'voor', tegen: 'tegen', bespreken: 'nog-bespreken', 'nog-bespreken': 'nog-bespreken', geen: null, none: null };
const POSITION_HINT = 'voor, tegen, bespreken of geen';
const POSITION_NL: Record<Stance, string> = { voor: 'voor', tegen: 'tegen', 'nog-bespreken': 'nog bespreken' };
const POSITION_EN: Record<Stance, string> = { voor: 'for', tegen: 'against', 'nog-bespreken': 'to discuss' };

/** A note with the item it is on, as `--json` gives it. */
type ItemNote = AgendaNote & { meetingId: number; number: string | null; title: string };

export function addNoteCommands(program: Command, { withCore, language, output, parseId }: CliContext): void {
  const nl = () => language() === 'nl';
  const out = output.line;
  const withItem = (meetingId: number, item: AgendaItemView, note: AgendaNote): ItemNote => ({ meetingId, number: item.number, title: item.title, ...note });
  const describe = (note: ItemNote) => {
    const lines = [itemLabel(note)];
    if (note.stance) lines.push(`  ${nl() ? 'Standpunt' : 'Position'}: ${(nl() ? POSITION_NL : POSITION_EN)[note.stance]}`);
    if (note.body.trim()) lines.push(...note.body.trimEnd().split('\n').map((line) => `  ${line}`));
    if (!note.stance && !note.body.trim()) lines.push(nl() ? '  (geen standpunt of notitie)' : '  (no position or note)');
    return lines.join('\n');
  };

  const notes = program.command('notes').description('je standpunten en notities per agendapunt');
  notes
    .command('show', { isDefault: true })
    .description('toon je standpunten en notities bij een vergadering, of bij één agendapunt')
    .requiredOption('--meeting <id>', 'de vergadering', parseId)
    .option('--item <nummer>', 'alleen dit agendapunt, met het nummer zoals getoond (1.3.a)')
    .option('--json', 'als JSON')
    .action((opts: { meeting: number; item?: string; json?: boolean }) =>
      withCore((core, { inputs }) => {
        const meeting = core.getMeeting(inputs.getMeeting.parse({ meetingId: opts.meeting }));
        if (opts.item !== undefined) {
          const item = findItem(meeting, opts.item);
          const note = withItem(meeting.id, item, core.getAgendaNote({ agendaItemId: item.id }));
          return out(opts.json ? JSON.stringify(note, null, 2) : describe(note));
        }
        const all = agendaItems(meeting.agenda)
          .map((item) => withItem(meeting.id, item, core.getAgendaNote({ agendaItemId: item.id })))
          .filter((n) => n.stance || n.body.trim());
        if (opts.json) return out(JSON.stringify(all, null, 2));
        if (all.length === 0) return out(nl() ? `Nog geen standpunten of notities bij vergadering ${meeting.id}.` : `No positions or notes on meeting ${meeting.id} yet.`);
        out(all.map(describe).join('\n\n'));
      }),
    );

  notes
    .command('set')
    .description('leg je standpunt en/of notitie bij een agendapunt vast')
    .requiredOption('--meeting <id>', 'de vergadering', parseId)
    .requiredOption('--item <nummer>', 'het agendapunt, met het nummer zoals getoond (1.3.a)')
    .option('--position <standpunt>', POSITION_HINT, oneOf(POSITIONS, POSITION_HINT))
    .option('--text <tekst>', 'de notitie (Markdown); vervangt de huidige, "" wist hem')
    .option('--file <bestand>', 'de notitie uit een bestand (Markdown; - is stdin)')
    .option('--json', 'de notitie als JSON')
    .action((opts: { meeting: number; item: string; position?: Stance | null; text?: string; file?: string; json?: boolean }) =>
      withCore((core, { inputs }) => {
        if (opts.text !== undefined && opts.file !== undefined) throw usageError('Geef --text of --file, niet allebei.', 'Give --text or --file, not both.');
        if (opts.position === undefined && opts.text === undefined && opts.file === undefined) {
          throw usageError('Geef --position, --text of --file.', 'Give --position, --text or --file.');
        }
        const meeting = core.getMeeting(inputs.getMeeting.parse({ meetingId: opts.meeting }));
        const item = findItem(meeting, opts.item);
        const body = opts.file !== undefined ? readText(opts.file) : opts.text;
        const saved = withItem(meeting.id, item, core.saveAgendaNote(inputs.saveAgendaNote.parse({ agendaItemId: item.id, body, stance: opts.position })));
        if (opts.json) return out(JSON.stringify(saved, null, 2));
        out(nl() ? `Opgeslagen bij ${itemLabel(item)}:` : `Saved on ${itemLabel(item)}:`);
        out(describe(saved).split('\n').slice(1).join('\n'));
      }),
    );
}
