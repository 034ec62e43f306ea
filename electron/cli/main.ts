// The `raadsmap` command line: the same core API as the app, for scripts,
// benchmarks and headless use. Results go to stdout, progress and errors to
// stderr; any failure exits non-zero.
//
// What only a command's work needs (the store, the core, the input schemas)
// is imported when that command runs: `--help` loads commander and this
// file's own, and no command loads pdf.js, docx or pdf-lib unless it reads or
// writes a PDF or a Word file (tests/cli/built-cli.test.ts, npm run bench:cli).
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import path from 'node:path';
import { diskError } from '../core/files/disk-errors.ts';
import { RaadsmapError, type Language } from '../../shared/errors.ts';
import { defaultDataDir } from '../core/data-dir.ts';
import type { Core } from '../core/index.ts';
import type { usersOf } from '../core/library/doctor.ts';
import { meetingsTable, meetingTree } from './print-meeting.ts';
import { pageHitsInOrder } from '../../shared/search/page-order.ts';
import { formatShortDate } from '../../shared/format.ts';
import { addExportCommands } from './export-commands.ts';
import { addPersonalCommands } from './personal-commands.ts';
import { addAnnotationCommands } from './annotation-commands.ts';
import { USAGE, type WithCore } from './context.ts';
import { addMotionCommands } from './motion-commands.ts';
import { addNoteCommands } from './note-commands.ts';
import { addVersionCommands } from './version-commands.ts';
import { cliOutput } from './output.ts';
import { printable } from '../../shared/safe-text.ts';
import { describeIssues, isZodError } from '../../shared/zod-messages.ts';
import { createProgressLine } from './progress-line.ts';

interface GlobalOptions {
  dataDir: string;
  lang: Language;
}

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command('raadsmap')
    .description('Raadsmap: vergaderstukken van de gemeenteraad, offline doorzoekbaar.')
    .option('--data-dir <dir>', 'map met de Raadsmap-gegevens', defaultDataDir())
    .option('--lang <nl|en>', 'taal van meldingen', parseLanguage, 'nl' as Language)
    .exitOverride()
    .showHelpAfterError()
    // commander's own messages quote what was typed (an unknown option, a bad value): printable too.
    .configureOutput({ writeOut: (text) => process.stdout.write(printable(text)), writeErr: (text) => process.stderr.write(printable(text)) });
  const language = () => program.opts<GlobalOptions>().lang;
  // Results to stdout (a closed stdout ends a listing quietly), progress and errors to stderr.
  const output = cliOutput(language);
  const out = output.line;
  let exitCode = 0;

  // Ctrl-C cancels the running task cleanly (the store stays as it was).
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);

  const cliNotices = () => ({ language: language(), warn: (line: string) => output.note(line), interactive: Boolean(process.stderr.isTTY) });
  const withCore: WithCore = async (fn) => {
    const [{ openCliSession }, { inputs }, { motionContentSchema }] = await Promise.all([import('./open-store.ts'), import('../../shared/api.ts'), import('../../shared/motion.ts')]);
    const session = await openCliSession(program.opts<GlobalOptions>().dataDir, process.env, cliNotices());
    try {
      await fn(session.core(), { inputs, motionContent: motionContentSchema });
    } finally {
      await session.close();
    }
  };

  program
    .command('vault')
    .description('versleuteling van de gegevens: toon de toestand (ontgrendelen met RAADSMAP_PASSPHRASE of RAADSMAP_RECOVERY_CODE)')
    .option('--json', 'als JSON')
    .option('--show-code', 'toon een herstelcode die nog niet als bewaard is bevestigd')
    .option('--confirm-code', 'bevestig dat de nieuwe herstelcode is bewaard (daarna opent alleen die code de gegevens)')
    .action(async (opts: { json?: boolean; showCode?: boolean; confirmCode?: boolean }) => {
      const nl = language() === 'nl';
      const { openCliSession, VAULT_STATE_EN, VAULT_STATE_NL } = await import('./open-store.ts');
      if (opts.showCode || opts.confirmCode) {
        // Opened as for any command (app password or recovery code from the environment), without the notice.
        const open = await openCliSession(program.opts<GlobalOptions>().dataDir, process.env);
        try {
          const { recoveryCode } = await open.pendingRecoveryCode();
          if (!recoveryCode) out(nl ? 'Er is geen herstelcode die nog bevestigd moet worden.' : 'There is no recovery code waiting to be confirmed.');
          else if (opts.showCode) out(recoveryCode);
          if (recoveryCode && opts.confirmCode) {
            await open.confirmRecoveryCode();
            out(nl ? 'Bevestigd: alleen de nieuwe herstelcode opent de gegevens nu.' : 'Confirmed: only the new recovery code opens the data now.');
          }
        } finally {
          await open.close();
        }
        return;
      }
      const { openSession } = await import('../core/open-session.ts');
      const session = openSession({ dataDir: program.opts<GlobalOptions>().dataDir });
      const status = session.status();
      void session.close();
      if (opts.json) {
        out(JSON.stringify(status, null, 2));
        return;
      }
      const words = (nl ? VAULT_STATE_NL : VAULT_STATE_EN)[status.state];
      const ways = [status.unlockWith.keyring && (nl ? 'sleutelbos van het systeem' : 'system keyring'), status.unlockWith.passphrase && (nl ? 'app-wachtwoord' : 'app password'), status.unlockWith.recoveryCode && (nl ? 'herstelcode' : 'recovery code')].filter(Boolean);
      out(`${words}${ways.length ? ` (${nl ? 'te openen met' : 'opened by'}: ${ways.join(', ')})` : ''}`);
      if (status.problem) out(nl ? status.problem.nl : status.problem.en);
      if (status.recoveryCodeUnconfirmed) {
        out(nl ? 'Er is een nieuwe herstelcode die nog niet als bewaard is bevestigd: `raadsmap vault --show-code`, daarna `--confirm-code`.' : 'A new recovery code has not been confirmed as stored yet: `raadsmap vault --show-code`, then `--confirm-code`.');
      }
    });

  program
    .command('import')
    .description('importeer vergaderpakketten (map of .zip)')
    .argument('<paths...>', 'pakketten')
    .option('--json', 'resultaat als JSON')
    .action(async (paths: string[], opts: { json?: boolean }) => {
      // The user's own arguments: the core takes these paths directly (a window hands over handles instead).
      const input = { paths: paths.map((p) => path.resolve(p)) };
      await withCore(async (core) => {
        const progress = createProgressLine(process.stderr, language());
        let results;
        try {
          results = await core.importPackages(input, { signal: abort.signal, onProgress: progress.update });
        } finally {
          progress.done();
        }
        // The import is done and stays done, whether or not anyone still reads stdout.
        const summary = results.map((r) => describeImport(r, language())).join('\n');
        await output.report(opts.json ? JSON.stringify(results, null, 2) : summary, summary, { nl: 'het importeren is voltooid', en: 'the import finished' });
      });
    });

  program
    .command('meetings')
    .description('toon alle vergaderingen')
    .option('--json', 'als JSON, met agenda en documenten per vergadering')
    .action((opts: { json?: boolean }) =>
      withCore((core) => {
        const meetings = core.listMeetings({});
        if (opts.json) {
          const full = meetings.map((m) => ({ ...m, ...core.getMeeting({ meetingId: m.id }) }));
          out(JSON.stringify(full, null, 2));
        } else {
          out(meetingsTable(meetings, language()));
        }
      }),
    );

  program
    .command('meeting')
    .description('toon één vergadering met agenda en documenten')
    .argument('<id>', 'nummer van de vergadering', parsePositiveInt)
    .option('--json', 'als JSON')
    .action((meetingId: number, opts: { json?: boolean }) =>
      withCore((core, { inputs }) => {
        const meeting = core.getMeeting(inputs.getMeeting.parse({ meetingId }));
        out(opts.json ? JSON.stringify(meeting, null, 2) : meetingTree(meeting, language()));
      }),
    );

  program
    .command('doctor')
    .description('controleer de opslag en elk opgeslagen bestand (sha256), en tel wat erin zit')
    .option('--repair', 'zet beschadigde bestanden apart en haal ze opnieuw op bij hun bron of pakket')
    .option('--json', 'als JSON')
    .action((opts: { repair?: boolean; json?: boolean }) =>
      withCore(async (core) => {
        const progress = createProgressLine(process.stderr, language());
        let report;
        try {
          report = await core.doctor({ repair: opts.repair }, { signal: abort.signal, onProgress: progress.update });
        } finally {
          progress.done();
        }
        const { usersOf } = await import('../core/library/doctor.ts');
        out(opts.json ? JSON.stringify(report, null, 2) : describeDoctor(report, language(), opts.repair === true, usersOf));
        // 1 while anything is wrong, also after a repair that could not fix everything.
        if (!report.ok) exitCode = 1;
      }),
    );

  program
    .command('search')
    .description('zoek in alle documenten, agendapunten en eigen aantekeningen')
    .argument('<query...>', 'zoekopdracht: woorden, "exacte zin", -uitsluiten')
    .option('--json', 'één JSON-object per regel per gevonden pagina')
    .option('--limit <n>', 'hoeveel documenten', parsePositiveInt, 10)
    .option('--body <id>', 'alleen dit orgaan', parsePositiveInt)
    .option('--meeting <id>', 'alleen deze vergadering', parsePositiveInt)
    .option('--from <yyyy-mm-dd>', 'vergaderingen vanaf deze datum')
    .option('--to <yyyy-mm-dd>', 'vergaderingen tot en met deze datum')
    .option('--type <types>', 'documentsoort(en), met komma’s: raadsvoorstel,rekenkamerrapport', (v: string) => v.split(',').map((t) => t.trim()).filter(Boolean))
    .option('--source <id>', 'alleen deze bron', parsePositiveInt)
    .option('--sort <relevance|date>', 'volgorde', 'relevance')
    .option('--exact', 'alleen de woorden zoals getypt, allemaal: geen andere vormen, synoniemen of gedeeltelijke overeenkomsten')
    // "-jeugd" excludes a word: not an option of ours, so it belongs to the query.
    .allowUnknownOption()
    .action(
      (
        words: string[],
        opts: { json?: boolean; limit: number; body?: number; meeting?: number; from?: string; to?: string; type?: string[]; source?: number; sort: string; exact?: boolean },
      ) =>
        withCore(async (core, { inputs }) => {
          const input = inputs.search.parse({
            query: words.join(' '),
            limit: opts.limit,
            sort: opts.sort,
            withPageText: opts.json === true,
            // JSON lines are page hits best first: each document's further pages may rank among them.
            pagesPerDocument: opts.json ? 10 : undefined,
            exact: opts.exact,
            filters: { bodyId: opts.body, meetingId: opts.meeting, from: opts.from, to: opts.to, types: opts.type, sourceId: opts.source },
          });
          await core.searchIndexReady();
          const results = core.search(input);
          if (opts.json) {
            const hits = opts.sort === 'date' ? results.documents.flatMap((document) => document.pages.map((page) => ({ ...page, document }))) : pageHitsInOrder(results);
            for (const hit of hits) {
              const doc = hit.document;
              const line = {
                documentId: doc.documentId,
                documentTitle: doc.title,
                documentType: doc.type,
                meetingId: doc.meeting?.id ?? null,
                meetingTitle: doc.meeting?.title ?? null,
                meetingDate: doc.meeting?.startsAt ?? null,
                agendaItem: doc.agendaItem ? [doc.agendaItem.number, doc.agendaItem.title].filter(Boolean).join(' ') : null,
                page: hit.page,
                score: hit.score,
                partial: hit.partial,
                matched: hit.matched,
                missing: hit.missing,
                passage: hit.snippet.map((part) => part.text).join(''),
                snippet: hit.snippet.map((part) => (part.match ? `«${part.text}»` : part.text)).join(''),
                text: hit.text ?? '',
                ...(results.didYouMean ? { didYouMean: results.didYouMean } : {}),
              };
              out(JSON.stringify(line));
            }
            if (results.notice) output.note(results.notice[language()]);
            return;
          }
          out(searchReport(results, language()));
        }),
    );

  addPersonalCommands(program, withCore, language, output);
  const context = { withCore, language, output, parseId: parsePositiveInt };
  addAnnotationCommands(program, context);
  addNoteCommands(program, context);
  addMotionCommands(program, context);
  addVersionCommands(program, context, abort.signal);
  addExportCommands(program, withCore, language, output, parsePositiveInt, abort.signal);
  const sources = program.command('sources').description('bronnen om vergaderingen van te synchroniseren (OParl 1.1, OpenBesluitvorming)');
  sources
    .command('add')
    .description('voeg een bron toe')
    .argument('<kind>', 'oparl of obv', parseSourceKind)
    .argument('<url>', 'OParl: de URL van het System; obv: de site, bijv. https://openbesluitvorming.nl')
    .option('--body <id>', 'OParl: het orgaan (Body-id); obv: de bronsleutel, bijv. zwolle')
    .option('--since <yyyy-mm-dd>', 'alleen vergaderingen vanaf deze datum')
    .action((kind: 'oparl' | 'obv', url: string, opts: { body?: string; since?: string }) =>
      withCore((core, { inputs }) => {
        const parsed = inputs.addSource.safeParse({ kind, url, body: opts.body, since: opts.since });
        if (!parsed.success) {
          const field = String(parsed.error.issues[0]?.path[0] ?? '');
          throw new RaadsmapError(
            field === 'since'
              ? { code: 'cli.invalid-date', nl: `--since moet een datum zijn als 2024-01-31, niet "${opts.since}".`, en: `--since must be a date such as 2024-01-31, not "${opts.since}".` }
              : { code: 'cli.invalid-url', nl: `"${url}" is geen http(s)-adres.`, en: `"${url}" is not an http(s) address.` },
          );
        }
        const source = core.addSource(parsed.data);
        out(
          language() === 'nl'
            ? `Bron ${source.id} toegevoegd: ${source.name} (${kind}). Synchroniseer met: raadsmap sync --source ${source.id}`
            : `Source ${source.id} added: ${source.name} (${kind}). Sync with: raadsmap sync --source ${source.id}`,
        );
      }),
    );
  sources
    .command('list')
    .description('toon de bronnen met hun laatste synchronisatie')
    .option('--json', 'als JSON')
    .action((opts: { json?: boolean }) =>
      withCore((core) => {
        const list = core.listSources({});
        if (opts.json) return out(JSON.stringify(list, null, 2));
        if (list.length === 0) return out(language() === 'nl' ? 'Nog geen bronnen. Voeg er een toe met: raadsmap sources add oparl URL' : 'No sources yet. Add one with: raadsmap sources add oparl URL');
        for (const s of list) out(`${s.id}  ${s.kind.padEnd(5)}  ${s.name}  ${s.url}${s.since ? ` (${language() === 'nl' ? 'vanaf' : 'from'} ${s.since})` : ''}\n     ${describeLastSync(s, language())}`);
      }),
    );
  sources
    .command('remove')
    .description('synchroniseer een bron niet meer (de vergaderingen blijven)')
    .argument('<id>', 'nummer van de bron', parsePositiveInt)
    .action((sourceId: number) =>
      withCore((core) => {
        core.removeSource({ sourceId });
        out(language() === 'nl' ? `Bron ${sourceId} verwijderd; de vergaderingen blijven bewaard.` : `Source ${sourceId} removed; its meetings are kept.`);
      }),
    );

  program
    .command('sync')
    .description('haal nieuwe en gewijzigde vergaderingen op bij de bronnen')
    .option('--source <id>', 'alleen deze bron', parsePositiveInt)
    .option('--json', 'resultaat als JSON')
    .action((opts: { source?: number; json?: boolean }) =>
      withCore(async (core) => {
        const progress = createProgressLine(process.stderr, language());
        let results;
        try {
          results = await core.syncSources({ sourceId: opts.source }, { signal: abort.signal, onProgress: progress.update });
        } finally {
          progress.done();
        }
        // What arrived is kept, whether or not anyone still reads stdout.
        const summary = results.length === 0 ? (language() === 'nl' ? 'Geen bronnen om te synchroniseren.' : 'No sources to sync.') : results.map((r) => describeSync(r, language())).join('\n');
        await output.report(opts.json ? JSON.stringify(results, null, 2) : summary, summary, { nl: 'het synchroniseren is afgerond', en: 'the sync has ended' });
        // Failed: 1; only offline (try later): 75, EX_TEMPFAIL; cancelled: 130.
        if (results.some((r) => r.status === 'cancelled')) exitCode = 130;
        else if (results.some((r) => r.status === 'failed')) exitCode = 1;
        else if (results.some((r) => r.status === 'offline')) exitCode = 75;
      }),
    );

  try {
    await program.parseAsync(argv, { from: 'user' });
    if (output.failure) {
      output.note(`raadsmap: ${language() === 'nl' ? 'kon de uitvoer niet schrijven' : 'could not write the output'}: ${output.failure.message}`);
      return 1;
    }
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    output.note(`raadsmap: ${errorMessage(diskError(error, program.opts<GlobalOptions>().dataDir) ?? error, language())}`);
    // 130: cancelled; 2: called wrongly (as commander's own usage errors, or a value a call's schema refuses); 1: anything else that failed.
    if (error instanceof RaadsmapError && error.code === 'cancelled') return 130;
    return (error instanceof RaadsmapError && error.code === USAGE) || isZodError(error) ? 2 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function errorMessage(error: unknown, language: Language): string {
  if (error instanceof RaadsmapError) return error.messageIn(language);
  // A value a call's schema refused (inputs.….parse): each field and rule in the user's language.
  if (isZodError(error)) return describeIssues(error.issues, language, { root: { nl: '(invoer)', en: '(input)' } });
  return error instanceof Error ? error.message : String(error);
}

function describeImport(r: Awaited<ReturnType<Core['importPackages']>>[number], language: Language): string {
  const c = r.counts;
  if (r.outcome === 'unchanged') {
    return language === 'nl' ? `${r.meetingTitle}: niets veranderd.` : `${r.meetingTitle}: nothing changed.`;
  }
  const restored = c['filesRestored'] ? (language === 'nl' ? ` ${c['filesRestored']} ontbrekende bestanden teruggezet.` : ` ${c['filesRestored']} missing files put back.`) : '';
  const moved = c['meetingChanged'] ? (language === 'nl' ? ' Vergadering zelf gewijzigd (titel, tijd of plaats).' : ' The meeting itself changed (title, time or place).') : '';
  const verb = r.outcome === 'created' ? (language === 'nl' ? 'nieuw' : 'new') : language === 'nl' ? 'bijgewerkt' : 'updated';
  return language === 'nl'
    ? `${r.meetingTitle} (${verb}, vergadering ${r.meetingId}): ${c.itemsAdded} agendapunten nieuw, ${c.itemsChanged} gewijzigd, ${c.itemsWithdrawn} ingetrokken; ` +
        `${c.documentsAdded} documenten nieuw, ${c.versionsAdded} nieuwe versies, ${c.documentsWithdrawn} ingetrokken; ${r.pagesExtracted} pagina's gelezen.${restored}${moved}`
    : `${r.meetingTitle} (${verb}, meeting ${r.meetingId}): ${c.itemsAdded} agenda items new, ${c.itemsChanged} changed, ${c.itemsWithdrawn} withdrawn; ` +
        `${c.documentsAdded} documents new, ${c.versionsAdded} new versions, ${c.documentsWithdrawn} withdrawn; ${r.pagesExtracted} pages read.${restored}${moved}`;
}

function describeDoctor(report: Awaited<ReturnType<Core['doctor']>>, language: Language, repaired: boolean, users: typeof usersOf): string {
  const nl = language === 'nl';
  const c = report.counts;
  const lines = [
    ...report.integrity,
    nl
      ? `${c.meetings} vergaderingen, ${c.agendaItems} agendapunten, ${c.documents} documenten (${c.versions} versies), ${c.pages} pagina's, ${c.files} PDF-bestanden; ${c.garbledPages} pagina's met onleesbare tekst, ${c.emptyPages} zonder tekst.`
      : `${c.meetings} meetings, ${c.agendaItems} agenda items, ${c.documents} documents (${c.versions} versions), ${c.pages} pages, ${c.files} PDF files; ${c.garbledPages} pages with garbled text, ${c.emptyPages} without text.`,
    nl
      ? `Opslag: ${megabytes(report.storage.bytes)} aan PDF-bestanden, waarvan ${megabytes(report.storage.oldVersionBytes)} alleen voor ${c.oldVersions} oude versies (opruimen: raadsmap prune-versions).`
      : `Storage: ${megabytes(report.storage.bytes)} of PDF files, of which ${megabytes(report.storage.oldVersionBytes)} only for ${c.oldVersions} old versions (free it: raadsmap prune-versions).`,
  ];
  for (const file of report.files) {
    if (!file.repair || file.repair.outcome === 'not-repaired') continue; // listed with the problems
    const head = file.repair.outcome === 'set-aside' ? (nl ? 'APART GEZET' : 'SET ASIDE') : nl ? 'HERSTELD' : 'REPAIRED';
    lines.push(`${head}: ${users(file, language)}: ${file.repair[language]}`);
  }
  if (report.ok) lines.push(nl ? 'Alles in orde.' : 'All good.');
  else lines.push(...report.problems.map((p) => `${nl ? 'PROBLEEM' : 'PROBLEM'}: ${p[language]}`));
  if (!repaired && report.files.length > 0) {
    lines.push(
      nl
        ? 'Herstel met: raadsmap doctor --repair (beschadigde bestanden worden apart gezet en opnieuw opgehaald bij hun bron of pakket).'
        : 'Repair with: raadsmap doctor --repair (damaged files are set aside and fetched again from their source or package).',
    );
  }
  return lines.join('\n');
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function searchReport(results: ReturnType<Core['search']>, language: Language): string {
  const nl = language === 'nl';
  const lines: string[] = [];
  if (results.notice) lines.push(results.notice[language]);
  if (results.didYouMean) lines.push(nl ? `Bedoelde u: ${results.didYouMean}? Hieronder de resultaten daarvan.` : `Did you mean: ${results.didYouMean}? Its results are below.`);
  lines.push(
    nl
      ? `${results.total}${results.totalIsEstimate ? '+' : ''} documenten gevonden (${results.tookMs} ms).`
      : `${results.total}${results.totalIsEstimate ? '+' : ''} documents found (${results.tookMs} ms).`,
  );
  const mark = (parts: { text: string; match: boolean }[]) => parts.map((p) => (p.match ? `«${p.text}»` : p.text)).join('');
  results.documents.forEach((doc, i) => {
    if (i === results.partialFrom) lines.push('', nl ? '— Gedeeltelijke overeenkomst —' : '— Partial match —');
    lines.push('', `[${doc.documentId}] ${doc.title} (${doc.type})`);
    if (doc.partial && doc.missing.length) lines.push(`    ${nl ? 'ontbreekt' : 'missing'}: ${doc.missing.map((w) => `-${w}-`).join(' ')}`);
    if (doc.meeting) {
      const item = doc.agendaItem ? ` — ${[doc.agendaItem.number, doc.agendaItem.title].filter(Boolean).join(' ')}` : '';
      lines.push(`    ${doc.meeting.title}, ${formatShortDate(doc.meeting.startsAt, language)}${item}`);
    }
    for (const page of doc.pages) lines.push(`    ${nl ? 'blz.' : 'p.'} ${page.page}: ${mark(page.snippet)}`);
  });
  if (results.records.length) {
    lines.push('', nl ? 'Ook gevonden:' : 'Also found:');
    const kinds: Record<string, [string, string]> = {
      meeting: ['vergadering', 'meeting'],
      'agenda-item': ['agendapunt', 'agenda item'],
      annotation: ['mijn aantekening', 'my annotation'],
      'agenda-note': ['mijn notitie', 'my note'],
      motion: ['mijn motie/amendement', 'my motion/amendment'],
    };
    for (const r of results.records) lines.push(`    ${kinds[r.kind]?.[nl ? 0 : 1] ?? r.kind}: ${r.title}`);
  }
  if (results.index.building) {
    lines.push(
      '',
      nl
        ? `De zoekindex wordt nog bijgewerkt (${results.index.indexedPages} van ${results.index.totalPages} pagina's).`
        : `The search index is still being updated (${results.index.indexedPages} of ${results.index.totalPages} pages).`,
    );
  }
  return lines.join('\n');
}

type SyncResultView = Awaited<ReturnType<Core['syncSources']>>[number];

function describeSync(r: SyncResultView, language: Language): string {
  const nl = language === 'nl';
  const head = `${nl ? 'Bron' : 'Source'} ${r.sourceId} (${r.sourceName})`;
  if (r.status === 'offline') return nl ? `${head}: offline, overgeslagen.` : `${head}: offline, skipped.`;
  if (r.status === 'cancelled') return nl ? `${head}: geannuleerd; wat al binnen was blijft.` : `${head}: cancelled; what arrived is kept.`;
  const mb = (r.bytesDownloaded / 1e6).toFixed(1);
  const counts = nl
    ? `${r.meetingsCreated} vergaderingen nieuw, ${r.meetingsUpdated} bijgewerkt, ${r.meetingsWithdrawn} ingetrokken, ${r.meetingsUnchanged} ongewijzigd; ${r.filesDownloaded} bestanden (${mb} MB) opgehaald`
    : `${r.meetingsCreated} meetings new, ${r.meetingsUpdated} updated, ${r.meetingsWithdrawn} withdrawn, ${r.meetingsUnchanged} unchanged; ${r.filesDownloaded} files (${mb} MB) fetched`;
  // A meeting the source has not dated yet is not in the library: say so, or it seems lost.
  const undated = r.meetingsWithoutDate ? (nl ? `; ${r.meetingsWithoutDate} overgeslagen: geen datum` : `; ${r.meetingsWithoutDate} skipped: no date`) : '';
  if (r.status === 'ok') return `${head}: ${counts}${undated}.`;
  const error = r.error ? (nl ? r.error.nl : r.error.en) : '';
  const failed = r.meetingsFailed ? (nl ? ` ${r.meetingsFailed} vergaderingen volgende keer opnieuw.` : ` ${r.meetingsFailed} meetings retried next time.`) : '';
  return `${head}: ${nl ? 'MISLUKT' : 'FAILED'}: ${error} (${counts}${undated}.)${failed}`;
}

function describeLastSync(s: Awaited<ReturnType<Core['listSources']>>[number], language: Language): string {
  const nl = language === 'nl';
  if (!s.lastResult) return nl ? 'nog niet gesynchroniseerd' : 'not synced yet';
  const when = s.lastResult.finishedAt.slice(0, 16).replace('T', ' ');
  const status = { ok: ['in orde', 'ok'], offline: ['offline, overgeslagen', 'offline, skipped'], failed: ['mislukt', 'failed'], cancelled: ['geannuleerd', 'cancelled'] }[s.lastResult.status];
  const error = s.lastResult.error ? `: ${nl ? s.lastResult.error.nl : s.lastResult.error.en}` : '';
  const pending = s.pendingMeetings ? (nl ? ` (${s.pendingMeetings} vergaderingen nog te schrijven)` : ` (${s.pendingMeetings} meetings still to write)`) : '';
  return `${nl ? 'laatste synchronisatie' : 'last sync'} ${when} UTC: ${status[nl ? 0 : 1]}${error}${pending}`;
}

function parseSourceKind(value: string): 'oparl' | 'obv' {
  if (value !== 'oparl' && value !== 'obv') throw new InvalidArgumentError('oparl of obv');
  return value;
}

function parseLanguage(value: string): Language {
  if (value !== 'nl' && value !== 'en') throw new InvalidArgumentError('nl of en');
  return value;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('een positief geheel getal');
  return n;
}
