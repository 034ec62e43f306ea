// What the commands for private work (annotations, notes, motions) share: the
// store, the language, stdout, and how they name things and say what is wrong.
import { InvalidArgumentError } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import type { AgendaItemView, inputs, MeetingDetail } from '../../shared/api.ts';
import { RaadsmapError, type Language } from '../../shared/errors.ts';
import { printable } from '../../shared/safe-text.ts';
import { parseBoundedJson } from '../core/bounded-json.ts';
import type { motionContentSchema } from '../../shared/motion.ts';
import type { Core } from '../core/index.ts';
import type { CliOutput } from './output.ts';

/**
 * The input schemas (zod), loaded with the core when a command needs it:
 * `--help` and a mistyped command load neither.
 */
export interface Schemas {
  inputs: typeof inputs;
  motionContent: typeof motionContentSchema;
}

/** Opens the store for one command and closes it after. */
export type WithCore = (fn: (core: Core, schemas: Schemas) => Promise<void> | void) => Promise<void>;

export interface CliContext {
  withCore: WithCore;
  language: () => Language;
  output: CliOutput;
  parseId: (value: string) => number;
}

/** The code of a mistake in how a command was called: exit 2, as commander's own. */
export const USAGE = 'cli.usage';

export function usageError(nl: string, en: string): RaadsmapError {
  return new RaadsmapError({ code: USAGE, nl, en });
}

/** For repeatable options (`--tag a --tag b`). */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** A choice of fixed words, Dutch or English, as commander parses an option's value. */
export function oneOf<T>(words: Record<string, T>, hint: string): (value: string) => T {
  return (value) => {
    const key = value.trim().toLowerCase();
    if (!Object.hasOwn(words, key)) throw new InvalidArgumentError(hint);
    return words[key]!;
  };
}

/**
 * An id as given on the command line: the whole id, or its first characters
 * as the listings show them (at least four), as long as only one id starts so.
 */
export function resolveId(given: string, ids: readonly string[], what: { nl: string; en: string }): string {
  const wanted = given.trim().toLowerCase();
  if (ids.includes(wanted)) return wanted;
  const matching = wanted.length >= 4 ? ids.filter((id) => id.startsWith(wanted)) : [];
  if (matching.length === 1) return matching[0]!;
  if (matching.length > 1) {
    throw new RaadsmapError({
      code: 'cli.ambiguous-id',
      nl: `Meer dan één ${what.nl} begint met "${given}": ${matching.join(', ')}. Geef meer tekens.`,
      en: `More than one ${what.en} starts with "${given}": ${matching.join(', ')}. Give more characters.`,
      subject: given,
    });
  }
  throw new RaadsmapError({
    code: 'cli.unknown-id',
    nl: `Er is geen ${what.nl} "${given}".`,
    en: `There is no ${what.en} "${given}".`,
    subject: given,
  });
}

/** Every agenda item of a meeting, each before its sub-items. */
export const agendaItems = (items: readonly AgendaItemView[]): AgendaItemView[] => items.flatMap((item) => [item, ...agendaItems(item.children)]);

export const itemLabel = (item: { number: string | null; title: string }): string => (item.number ? `${item.number} ${item.title}` : item.title);

/** An agenda item by its number as shown ("1.3.a"), or else by its title. */
export function findItem(meeting: MeetingDetail, given: string): AgendaItemView {
  const items = agendaItems(meeting.agenda);
  const wanted = given.trim();
  const byNumber = items.filter((i) => i.number !== null && i.number.toLowerCase() === wanted.toLowerCase());
  const found = byNumber.length ? byNumber : items.filter((i) => i.title.toLowerCase() === wanted.toLowerCase());
  if (found.length === 1) return found[0]!;
  const numbers = items.map((i) => i.number).filter((n): n is string => n !== null);
  throw new RaadsmapError({
    code: found.length ? 'cli.ambiguous-item' : 'not-found.agenda-item',
    nl: found.length
      ? `Meer dan één agendapunt van vergadering ${meeting.id} heet "${given}".`
      : `Vergadering ${meeting.id} heeft geen agendapunt "${given}". De nummers: ${numbers.join(', ')}.`,
    en: found.length ? `More than one agenda item of meeting ${meeting.id} is called "${given}".` : `Meeting ${meeting.id} has no agenda item "${given}". The numbers: ${numbers.join(', ')}.`,
    subject: given,
  });
}

const MB = 1024 * 1024;

/**
 * A file named on the command line, read whole, or refused as `import`
 * refuses a package: not found, a folder (also one behind a link), empty, or
 * larger than `maxBytes`, each in the user's language and naming the file.
 */
export function readUserFile(file: string, maxBytes: number): Buffer {
  const full = path.resolve(file);
  const shown = printable(file);
  const refuse = (code: string, nl: string, en: string): never => {
    throw new RaadsmapError({ code, nl, en, subject: file });
  };
  const link = fs.lstatSync(full, { throwIfNoEntry: false });
  if (!link) refuse('cli.file-not-found', `Bestand niet gevonden: ${shown}`, `File not found: ${shown}`);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) refuse('cli.file-not-found', `Bestand niet gevonden: ${shown} is een symbolische koppeling naar iets wat niet bestaat.`, `File not found: ${shown} is a symbolic link to something that does not exist.`);
  const viaLink = link!.isSymbolicLink() ? { nl: ' (via een symbolische koppeling)', en: ' (through a symbolic link)' } : { nl: '', en: '' };
  if (stat!.isDirectory()) refuse('cli.is-a-folder', `${shown} is een map${viaLink.nl}, geen bestand.`, `${shown} is a folder${viaLink.en}, not a file.`);
  if (!stat!.isFile()) refuse('cli.not-a-file', `${shown} is geen gewoon bestand.`, `${shown} is not a regular file.`);
  if (stat!.size === 0) refuse('cli.empty-file', `${shown} is leeg.`, `${shown} is empty.`);
  if (stat!.size > maxBytes) {
    const limit = Math.round(maxBytes / MB);
    refuse('cli.file-too-large', `${shown} is groter dan ${limit} MB (${Math.ceil(stat!.size / MB)} MB); zo groot wordt het niet gelezen.`, `${shown} is larger than ${limit} MB (${Math.ceil(stat!.size / MB)} MB); a file that large is not read.`);
  }
  try {
    return fs.readFileSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const denied = code === 'EACCES' || code === 'EPERM';
    return refuse('cli.unreadable-file', `Kan ${shown} niet lezen${denied ? ': geen toegang' : ` (${code || 'onbekende fout'})`}.`, `Cannot read ${shown}${denied ? ': permission denied' : ` (${code || 'unknown error'})`}.`);
  }
}

/** A text file given on the command line ("-": stdin). */
export function readText(file: string, maxBytes = 64 * MB): string {
  return file === '-' ? fs.readFileSync(0, 'utf8') : readUserFile(file, maxBytes).toString('utf8');
}

/** A JSON file given on the command line ("-": stdin): an object, its nesting checked before it is parsed. */
export function readJsonObject(file: string): Record<string, unknown> {
  const subject = file === '-' ? { nl: 'De invoer', en: 'The input' } : { nl: printable(file), en: printable(file) };
  const parsed = parseBoundedJson(readText(file, 16 * MB), { maxDepth: 32, subject, codes: { invalid: 'cli.invalid-json', tooDeep: 'cli.invalid-json' }, about: file });
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RaadsmapError({ code: 'cli.invalid-json', nl: `${subject.nl} moet één JSON-object bevatten.`, en: `${subject.en} must hold one JSON object.`, subject: file });
  }
  return parsed as Record<string, unknown>;
}
