// `raadsmap motions [list|new|edit|show|export|delete]`: my drafts of moties
// and amendementen. `new` is prefilled as in the app (meeting, agenda item,
// my name and fractie); content comes in as JSON (`--from draft.json`: the
// content, or a draft as `motions show --json` gives it) and is checked
// against the draft format before anything is saved.
import type { Command } from 'commander';
import path from 'node:path';
import type { MotionDraft } from '../../shared/api.ts';
import { RaadsmapError } from '../../shared/errors.ts';
import { motionLayout, type MotionBlock } from '../../shared/motion-layout.ts';
import type { MotionContent, MotionKind, MotionStatus } from '../../shared/motion.ts';
import { describeIssues, WITH_INPUT } from '../../shared/zod-messages.ts';
import type { Core } from '../core/index.ts';
import { findItem, itemLabel, oneOf, readJsonObject, resolveId, usageError, type CliContext, type Schemas } from './context.ts';
import { saveExport } from './export-commands.ts';

const KINDS: Record<string, MotionKind> = { motie: 'motie', motion: 'motie', amendement: 'amendement', amendment: 'amendement' };
// Each status by its own name (the type makes sure none is missing), and in English.
const OWN_STATUSES: { [S in MotionStatus]: S } = { concept: 'concept', ingediend: 'ingediend' };
const STATUSES: Record<string, MotionStatus> = { ...OWN_STATUSES, draft: 'concept', submitted: 'ingediend' };

export function addMotionCommands(program: Command, { withCore, language, output, parseId }: CliContext): void {
  const nl = () => language() === 'nl';
  const out = output.line;
  const draftId = (core: Core, given: string) =>
    resolveId(
      given,
      core.listMotionDrafts({}).map((d) => d.id),
      { nl: 'concept', en: 'draft' },
    );
  const headline = (d: Pick<MotionDraft, 'id' | 'kind' | 'status' | 'title'>) => `${d.id}  ${d.kind}  ${d.status}  ${d.title}`;

  const motions = program.command('motions').description('je concepten voor moties en amendementen');
  motions
    .command('list', { isDefault: true })
    .description('toon je concepten')
    .option('--meeting <id>', 'bij deze vergadering', parseId)
    .option('--json', 'als JSON')
    .action((opts: { meeting?: number; json?: boolean }) =>
      withCore((core) => {
        const drafts = core.listMotionDrafts({ meetingId: opts.meeting });
        if (opts.json) return out(JSON.stringify(drafts, null, 2));
        for (const d of drafts) {
          if (output.closed) break;
          out(headline(d));
        }
      }),
    );

  motions
    .command('new')
    .description('begin een motie of amendement bij een vergadering (en agendapunt), ingevuld zoals in de app')
    .requiredOption('--meeting <id>', 'de vergadering', parseId)
    .option('--item <nummer>', 'het behandelde agendapunt, met het nummer zoals getoond (1.3.a); zonder: vreemd aan de orde van de dag')
    .requiredOption('--type <motie|amendement>', 'motie of amendement', oneOf(KINDS, 'motie of amendement'))
    .option('--title <titel>', 'de titel (standaard: die van het agendapunt)')
    .option('--from <bestand>', 'de inhoud als JSON (- is stdin)')
    .option('--json', 'het concept als JSON')
    .action((opts: { meeting: number; item?: string; type: MotionKind; title?: string; from?: string; json?: boolean }) =>
      withCore((core, { inputs, motionContent }) => {
        // Read and check the file before anything is made.
        const from = opts.from === undefined ? {} : contentFrom(opts.from, opts.type);
        const meeting = core.getMeeting(inputs.getMeeting.parse({ meetingId: opts.meeting }));
        const item = opts.item === undefined ? undefined : findItem(meeting, opts.item);
        const draft = core.createMotionDraft(inputs.createMotionDraft.parse({ kind: opts.type, meetingId: meeting.id, agendaItemId: item?.id }));
        let saved: MotionDraft;
        try {
          saved = core.saveMotionDraft({ draftId: draft.id, content: merged(motionContent, draft.content, from, opts.title, opts.from), checkpoint: true });
        } catch (error) {
          core.deleteMotionDraft({ draftId: draft.id });
          throw error;
        }
        if (opts.json) return out(JSON.stringify(saved, null, 2));
        out(nl() ? `Concept gemaakt${item ? ` bij ${itemLabel(item)}` : ''}:` : `Draft made${item ? ` on ${itemLabel(item)}` : ''}:`);
        out(headline(saved));
      }),
    );

  motions
    .command('edit')
    .description('wijzig titel, status of inhoud van een concept')
    .argument('<id>', 'id uit raadsmap motions (de eerste tekens volstaan)')
    .option('--title <titel>', 'de nieuwe titel')
    .option('--status <concept|ingediend>', 'concept of ingediend', oneOf(STATUSES, 'concept of ingediend'))
    .option('--from <bestand>', 'nieuwe inhoud als JSON (- is stdin); wat het bestand niet noemt, blijft')
    .option('--json', 'het concept als JSON')
    .action((given: string, opts: { title?: string; status?: MotionStatus; from?: string; json?: boolean }) =>
      withCore((core, { motionContent }) => {
        if (opts.title === undefined && opts.status === undefined && opts.from === undefined) {
          throw usageError('Geef iets om te wijzigen: --title, --status of --from.', 'Give something to change: --title, --status or --from.');
        }
        const draft = core.getMotionDraft({ draftId: draftId(core, given) });
        const from = opts.from === undefined ? {} : contentFrom(opts.from, draft.kind);
        const saved = core.saveMotionDraft({ draftId: draft.id, content: merged(motionContent, draft.content, from, opts.title, opts.from), status: opts.status, checkpoint: true });
        if (opts.json) return out(JSON.stringify(saved, null, 2));
        out(nl() ? 'Concept gewijzigd:' : 'Draft changed:');
        out(headline(saved));
      }),
    );

  motions
    .command('show')
    .description('toon een concept zoals het de griffie bereikt')
    .argument('<id>', 'id uit raadsmap motions (de eerste tekens volstaan)')
    .option('--json', 'als JSON (met de inhoud, voor --from)')
    .action((given: string, opts: { json?: boolean }) =>
      withCore((core) => {
        const draft = core.getMotionDraft({ draftId: draftId(core, given) });
        if (opts.json) return out(JSON.stringify(draft, null, 2));
        const item = draft.content.agendaItem ? itemLabel(draft.content.agendaItem) : nl() ? 'vreemd aan de orde van de dag' : 'not on the agenda';
        out(headline(draft));
        out(nl() ? `Vergadering ${draft.meetingId}, agendapunt: ${item}; ${draft.revisions.length} versies, laatst gewijzigd ${draft.updatedAt}` : `Meeting ${draft.meetingId}, agenda item: ${item}; ${draft.revisions.length} revisions, last changed ${draft.updatedAt}`);
        out('');
        out(motionText(motionLayout(draft.content, draft.status)));
      }),
    );

  motions
    .command('export')
    .description('schrijf een concept als Word (DOCX) of PDF')
    .argument('<id>', 'id uit raadsmap motions (de eerste tekens volstaan)')
    .requiredOption('--out <file>', 'doelbestand')
    .option('--format <docx|pdf>', 'bestandsvorm (standaard: naar de extensie van --out)')
    .action((given: string, opts: { out: string; format?: string }) =>
      withCore(async (core, { inputs }) => {
        const format = opts.format ?? (path.extname(opts.out).toLowerCase() === '.pdf' ? 'pdf' : 'docx');
        const made = await core.exportMotion(inputs.exportMotion.parse({ draftId: draftId(core, given), format }));
        saveExport(core, made.exportId, opts.out);
        out(opts.out);
      }),
    );

  motions
    .command('delete')
    .description('verwijder een concept met al zijn versies')
    .argument('<id>', 'id uit raadsmap motions (de eerste tekens volstaan)')
    .option('--json', 'resultaat als JSON')
    .action((given: string, opts: { json?: boolean }) =>
      withCore((core) => {
        const id = draftId(core, given);
        const { deleted } = core.deleteMotionDraft({ draftId: id });
        if (opts.json) return out(JSON.stringify({ id, deleted }));
        out(nl() ? `Concept ${id} verwijderd.` : `Draft ${id} deleted.`);
      }),
    );
}

/**
 * The content fields of a `--from` file: the content itself, or a draft as
 * `motions show --json` gives it (its `content`). Points of a motie may be
 * plain strings. Its kind, when it names one, must be the draft's.
 */
function contentFrom(file: string, kind: MotionKind): Record<string, unknown> {
  const json = readJsonObject(file);
  const inner = json.content;
  const fields: Record<string, unknown> = inner && typeof inner === 'object' && !Array.isArray(inner) ? { ...(inner as Record<string, unknown>) } : { ...json };
  if (fields.kind !== undefined && fields.kind !== kind) {
    throw new RaadsmapError({
      code: 'motion.kind-mismatch',
      nl: `${file} is de inhoud van een ${String(fields.kind)}; dit concept is een ${kind}.`,
      en: `${file} holds the content of a ${String(fields.kind)}; this draft is a ${kind}.`,
      subject: file,
    });
  }
  for (const key of ['constaterende', 'overwegende']) {
    if (Array.isArray(fields[key])) fields[key] = (fields[key] as unknown[]).map((point) => (typeof point === 'string' ? { text: point } : point));
  }
  return fields;
}

/** The draft's content with the file's fields and the title over it, checked against the draft format. */
function merged(schema: Schemas['motionContent'], content: MotionContent, from: Record<string, unknown>, title: string | undefined, file: string | undefined): MotionContent {
  const parsed = schema.safeParse({ ...content, ...from, kind: content.kind, ...(title === undefined ? {} : { title }) }, WITH_INPUT);
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const root = { nl: '(inhoud)', en: '(content)' };
  const source = file ?? '--title';
  throw new RaadsmapError({
    code: 'motion.invalid-content',
    nl: `De inhoud uit ${source} past niet in een ${content.kind}: ${describeIssues(issues, 'nl', { root })}`,
    en: `The content from ${source} does not fit a ${content.kind}: ${describeIssues(issues, 'en', { root })}`,
    subject: source,
  });
}

/** A draft as plain text, in the layout the DOCX and PDF have. */
function motionText(blocks: readonly MotionBlock[]): string {
  const lines: string[] = [];
  for (const block of blocks) {
    if (block.type === 'heading') lines.push(...(block.level === 1 ? [block.text.toUpperCase()] : ['', block.text]));
    else if (block.type === 'status') lines.push(`[${block.text}]`);
    else if (block.type === 'paragraph') lines.push(`${block.indent ? '    ' : ''}${block.text}`);
    else if (block.type === 'list') {
      for (const item of block.items) {
        item.lines.forEach((line, i) => lines.push(`${i ? '  ' : '- '}${line}`));
        if (item.citation) lines[lines.length - 1] += ` ${item.citation.label}`;
      }
    } else for (const s of block.submitters) lines.push(`  ${[s.name, s.fractie && `(${s.fractie})`].filter(Boolean).join(' ')}`);
  }
  return lines.join('\n');
}
