// `raadsmap annotations [list|add|edit|delete]`: my highlights and notes on
// documents. `add` places a highlight from its quote alone, found in the
// document's stored page text the way the reader's find bar finds it; a quote
// that is in several places, or nowhere, is an error that names the places
// (or the passages closest to it), so the user can give --page or a longer quote.
import type { Command } from 'commander';
import type { Annotation, AnnotationColor } from '../../shared/api.ts';
import { RaadsmapError } from '../../shared/errors.ts';
import type { QuotePlace } from '../core/anchoring/find-quote.ts';
import type { Core } from '../core/index.ts';
import { collect, oneOf, resolveId, usageError, type CliContext } from './context.ts';

const COLOR_NL: Record<AnnotationColor, string> = { yellow: 'geel', green: 'groen', blue: 'blauw', pink: 'roze', orange: 'oranje' };
// By their English names (COLOR_NL's type holds every colour) and their Dutch ones.
const COLORS: Record<string, AnnotationColor> = Object.fromEntries((Object.keys(COLOR_NL) as AnnotationColor[]).flatMap((c) => [[c, c], [COLOR_NL[c], c]]));
const COLOR_HINT = 'geel, groen, blauw, roze, oranje (of yellow, green, blue, pink, orange)';
/** How many places an error lists. */
const LISTED = 10;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const shortId = (id: string) => id.slice(0, 8);

export function addAnnotationCommands(program: Command, { withCore, language, output, parseId }: CliContext): void {
  const nl = () => language() === 'nl';
  const out = output.line;
  const describe = (a: Annotation) => {
    const status = { anchored: '', moved: nl() ? ' (verplaatst)' : ' (moved)', orphaned: nl() ? ' (niet teruggevonden)' : ' (not found)' }[a.anchorStatus];
    const color = a.color ? ` ${nl() ? COLOR_NL[a.color] : a.color}` : '';
    return `${shortId(a.id)}  [${a.documentId}] ${nl() ? 'blz.' : 'p.'} ${a.page}${status}${color}: ${a.quote ? `“${oneLine(a.quote.exact)}”` : '•'}${a.note ? ` — ${a.note}` : ''}${a.tags.length ? ` ${a.tags.map((t) => `#${t}`).join(' ')}` : ''}`;
  };
  const annotationId = (core: Core, given: string) =>
    resolveId(
      given,
      core.listAnnotations({}).map((a) => a.id),
      { nl: 'aantekening', en: 'annotation' },
    );

  const annotations = program.command('annotations').description('je aantekeningen: tonen, toevoegen (op citaat), wijzigen, verwijderen');
  annotations
    .command('list', { isDefault: true })
    .description('toon je aantekeningen (id, document, bladzijde, citaat, notitie, labels)')
    .option('--document <id>', 'van dit document', parseId)
    .option('--meeting <id>', 'bij deze vergadering', parseId)
    .option('--json', 'als JSON')
    .action((opts: { document?: number; meeting?: number; json?: boolean }) =>
      withCore((core) => {
        const list = core.listAnnotations({ documentId: opts.document, meetingId: opts.meeting });
        if (opts.json) return out(JSON.stringify(list, null, 2));
        for (const a of list) {
          if (output.closed) break;
          out(describe(a));
        }
      }),
    );

  annotations
    .command('add')
    .description('markeer een citaat in een document; het citaat wordt gezocht zoals de zoekbalk van de lezer zoekt')
    .requiredOption('--document <id>', 'het document', parseId)
    .requiredOption('--quote <text>', 'de tekst om te markeren, zoals hij in het document staat')
    .option('--page <n>', 'alleen op deze bladzijde zoeken', parseId)
    .option('--note <text>', 'een notitie erbij')
    .option('--color <name>', `kleur: ${COLOR_HINT}`, oneOf(COLORS, COLOR_HINT), 'yellow' as AnnotationColor)
    .option('--tag <tag>', 'een label (herhaal voor meer)', collect)
    .option('--json', 'de nieuwe aantekening als JSON')
    .action((opts: { document: number; quote: string; page?: number; note?: string; color: AnnotationColor; tag?: string[]; json?: boolean }) =>
      withCore(async (core, { inputs }) => {
        if (!opts.quote.trim()) throw usageError('--quote mag niet leeg zijn.', '--quote must not be empty.');
        const found = core.findQuote(opts.document, opts.quote, opts.page);
        const where = opts.page ? (nl() ? ` op blz. ${opts.page}` : ` on p. ${opts.page}`) : '';
        if (found.places.length !== 1) {
          const title = core.getDocument({ documentId: opts.document }).title;
          const places = found.places.length ? found.places : found.near;
          const listed = places.slice(0, LISTED).map((p) => `\n  ${placeLine(p, language() === 'nl')}`).join('');
          const more = places.length > LISTED ? (nl() ? `\n  … en nog ${places.length - LISTED}` : `\n  … and ${places.length - LISTED} more`) : '';
          if (found.places.length > 1) {
            throw new RaadsmapError({
              code: 'annotation.quote-ambiguous',
              nl: `Het citaat staat ${found.places.length} keer in “${title}”${where}; geef --page N of een langer citaat:${listed}${more}`,
              en: `The quote is in “${title}”${where} ${found.places.length} times; give --page N or a longer quote:${listed}${more}`,
              subject: opts.quote.slice(0, 80),
            });
          }
          // Not on the page given, but elsewhere: say where.
          const elsewhere = opts.page ? [...new Set(core.findQuote(opts.document, opts.quote).places.map((p) => p.page))] : [];
          const pages = elsewhere.length ? (nl() ? ` Wel op blz. ${elsewhere.join(', ')}.` : ` It is on p. ${elsewhere.join(', ')}.`) : '';
          throw new RaadsmapError({
            code: 'annotation.quote-not-found',
            nl: `Het citaat staat niet in “${title}”${where}.${pages}${places.length ? ` Het meest gelijkend:${listed}` : pages ? '' : ' Ook niets wat er sterk op lijkt.'}`,
            en: `The quote is not in “${title}”${where}.${pages}${places.length ? ` Closest:${listed}` : pages ? '' : ' Nor anything much like it.'}`,
            subject: opts.quote.slice(0, 80),
          });
        }
        const place = found.places[0]!;
        const created = await core.createAnnotation(
          inputs.createAnnotation.parse({ kind: 'highlight', documentId: opts.document, page: place.page, start: place.start, end: place.end, exact: place.exact, color: opts.color, note: opts.note, tags: opts.tag }),
        );
        if (opts.json) return out(JSON.stringify(created, null, 2));
        out(nl() ? `Aantekening ${created.id} gemaakt:` : `Annotation ${created.id} made:`);
        out(`  ${describe(created)}`);
      }),
    );

  annotations
    .command('edit')
    .description('wijzig de notitie, kleur of labels van een aantekening')
    .argument('<id>', 'id uit raadsmap annotations (de eerste tekens volstaan)')
    .option('--note <text>', 'de nieuwe notitie ("" om te wissen)')
    .option('--color <name>', `kleur: ${COLOR_HINT}`, oneOf(COLORS, COLOR_HINT))
    .option('--tag <tag>', 'de labels (herhaal voor meer; vervangt de huidige)', collect)
    .option('--clear-tags', 'alle labels weghalen')
    .option('--json', 'de aantekening als JSON')
    .action((given: string, opts: { note?: string; color?: AnnotationColor; tag?: string[]; clearTags?: boolean; json?: boolean }) =>
      withCore((core, { inputs }) => {
        if (opts.note === undefined && !opts.color && !opts.tag && !opts.clearTags) {
          throw usageError('Geef iets om te wijzigen: --note, --color, --tag of --clear-tags.', 'Give something to change: --note, --color, --tag or --clear-tags.');
        }
        if (opts.tag && opts.clearTags) throw usageError('--tag en --clear-tags gaan niet samen.', '--tag and --clear-tags do not go together.');
        const updated = core.updateAnnotation(
          inputs.updateAnnotation.parse({ annotationId: annotationId(core, given), note: opts.note, color: opts.color, tags: opts.clearTags ? [] : opts.tag }),
        );
        if (opts.json) return out(JSON.stringify(updated, null, 2));
        out(nl() ? `Aantekening ${updated.id} gewijzigd:` : `Annotation ${updated.id} changed:`);
        out(`  ${describe(updated)}`);
      }),
    );

  annotations
    .command('delete')
    .description('verwijder een aantekening')
    .argument('<id>', 'id uit raadsmap annotations (de eerste tekens volstaan)')
    .option('--json', 'resultaat als JSON')
    .action((given: string, opts: { json?: boolean }) =>
      withCore((core) => {
        const id = annotationId(core, given);
        const { deleted } = core.deleteAnnotation({ annotationId: id });
        if (opts.json) return out(JSON.stringify({ id, deleted }));
        out(nl() ? `Aantekening ${id} verwijderd.` : `Annotation ${id} deleted.`);
      }),
    );
}

/** "blz. 3: …context «the quote» context…" */
function placeLine(place: QuotePlace, nl: boolean): string {
  return `${nl ? 'blz.' : 'p.'} ${place.page}: …${place.before}«${oneLine(place.exact)}»${place.after}…`;
}
