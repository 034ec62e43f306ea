// What a zod refusal says, in Dutch and in English. Every schema of the app
// (shared/api.ts, shared/package-format.ts, shared/motion.ts, the personal
// file, the key file, the synonyms) is checked with zod, and every refusal
// reaches the user through `describeIssues`: each problem as its field (the
// path in the file or call) and its rule, in the user's language.
//
// zod ships locales (zod/locales: nl, en), but one parse yields one
// language, while a RaadsmapError carries both; and zod's Dutch keeps
// English words ("verwacht dat string <=500 tekens heeft", "Onbekende key").
// So the words are ours, made from the issue's code and details after the
// parse. A rule of our own (a refine) carries its Dutch text as the message
// and its English in `params.en`: `rule(nl, en)` and `customIssue(…)`.
import type { z } from 'zod';
import type { Language } from './errors.ts';
import { quoted } from './safe-text.ts';

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** The error of a rule of our own (`.refine(fn, rule(nl, en))`): Dutch message, English beside it. */
export function rule(nl: string, en: string): { error: string; params: { en: string } } {
  return { error: nl, params: { en } };
}

/** An issue of our own for `ctx.addIssue` in a superRefine. */
export function customIssue(path: PropertyKey[], nl: string, en: string): { code: 'custom'; path: PropertyKey[]; message: string; params: { en: string } } {
  return { code: 'custom', path, message: nl, params: { en } };
}

/** Parse options that keep each issue's input, so a missing field can be told from a wrong one. */
export const WITH_INPUT = { reportInput: true } as const;

export function isZodError(error: unknown): error is { issues: Issue[] } {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}

const TYPES: Record<string, [nl: string, en: string]> = {
  string: ['tekst', 'text'],
  number: ['een getal', 'a number'],
  int: ['een geheel getal', 'a whole number'],
  bigint: ['een geheel getal', 'a whole number'],
  boolean: ['true of false', 'true or false'],
  object: ['een object ({…})', 'an object ({…})'],
  array: ['een lijst ([…])', 'a list ([…])'],
  null: ['null', 'null'],
  date: ['een datum', 'a date'],
  nan: ['geen getal (NaN)', 'not a number (NaN)'],
};

/** What a string format wants, as a whole rule. */
const FORMATS: Record<string, [nl: string, en: string]> = {
  datetime: ['moet een datum met tijd zijn (ISO 8601), zoals 2024-01-31T20:00:00+01:00', 'must be a date and time (ISO 8601), such as 2024-01-31T20:00:00+01:00'],
  date: ['moet een datum zijn als 2024-01-31', 'must be a date such as 2024-01-31'],
  time: ['moet een tijd zijn als 20:15', 'must be a time such as 20:15'],
  uuid: ['moet een UUID zijn, zoals 0b8f4a36-5f1e-4c1a-9d3e-2a7c6b1d9e40', 'must be a UUID, such as 0b8f4a36-5f1e-4c1a-9d3e-2a7c6b1d9e40'],
  guid: ['moet een UUID zijn, zoals 0b8f4a36-5f1e-4c1a-9d3e-2a7c6b1d9e40', 'must be a UUID, such as 0b8f4a36-5f1e-4c1a-9d3e-2a7c6b1d9e40'],
  url: ['moet een webadres (URL) zijn', 'must be a web address (URL)'],
  email: ['moet een e-mailadres zijn', 'must be an e-mail address'],
  base64: ['moet base64-tekst zijn', 'must be base64 text'],
  base64url: ['moet base64-tekst zijn', 'must be base64 text'],
};

function typeName(type: string, language: Language): string {
  const known = TYPES[type];
  return known ? known[language === 'nl' ? 0 : 1] : type;
}

/** The JSON type of a value, as TYPES names it. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const value = (v: unknown): string => (typeof v === 'string' ? `"${quoted(v, 60)}"` : quoted(String(v), 60));

function listOf(values: readonly unknown[], language: Language, max = 12): string {
  const shown = values.slice(0, max).map(value).join(', ');
  if (values.length <= max) return shown;
  return `${shown} ${language === 'nl' ? `(en nog ${values.length - max})` : `(and ${values.length - max} more)`}`;
}

function sizeText(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, language: Language): string {
  const nl = language === 'nl';
  const big = issue.code === 'too_big';
  const limit = Number(big ? (issue as z.core.$ZodIssueTooBig).maximum : (issue as z.core.$ZodIssueTooSmall).minimum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      if (!big && limit === 1) return nl ? 'mag niet leeg zijn' : 'must not be empty';
      return big ? (nl ? `is te lang: hoogstens ${limit} tekens` : `is too long: ${limit} characters at most`) : nl ? `is te kort: minstens ${limit} tekens` : `is too short: ${limit} characters at least`;
    case 'array':
    case 'set':
    case 'map':
      if (!big && limit === 1) return nl ? 'mag niet leeg zijn' : 'must not be empty';
      return big ? (nl ? `heeft te veel elementen: hoogstens ${limit}` : `has too many entries: ${limit} at most`) : nl ? `heeft te weinig elementen: minstens ${limit}` : `has too few entries: ${limit} at least`;
    case 'file':
      return big ? (nl ? `is te groot: hoogstens ${limit} bytes` : `is too large: ${limit} bytes at most`) : nl ? `is te klein: minstens ${limit} bytes` : `is too small: ${limit} bytes at least`;
    case 'date':
      return big ? (nl ? 'is te laat' : 'is too late') : nl ? 'is te vroeg' : 'is too early';
    default:
      if (big) return inclusive ? (nl ? `is te groot: hoogstens ${limit}` : `is too large: ${limit} at most`) : nl ? `moet kleiner zijn dan ${limit}` : `must be less than ${limit}`;
      return inclusive ? (nl ? `is te klein: minstens ${limit}` : `is too small: ${limit} at least`) : nl ? `moet groter zijn dan ${limit}` : `must be greater than ${limit}`;
  }
}

/**
 * One issue's rule in the language asked for (without its field). For the
 * field too, use `describeIssues`.
 */
export function issueText(issue: Issue, language: Language): string {
  const nl = language === 'nl';
  const input = (issue as { input?: unknown }).input;
  const known = 'input' in issue;
  switch (issue.code) {
    case 'custom': {
      const en = (issue.params as { en?: unknown } | undefined)?.en;
      if (typeof en === 'string') return nl ? issue.message : en;
      return nl ? 'is ongeldig' : 'is invalid';
    }
    case 'invalid_type': {
      if (known && input === undefined) return nl ? 'ontbreekt' : 'is missing';
      const expected = typeName(issue.expected, language);
      const received = known ? typeName(jsonType(input), language) : null;
      return nl ? `moet ${expected} zijn${received ? `, niet ${received}` : ''}` : `must be ${expected}${received ? `, not ${received}` : ''}`;
    }
    case 'too_big':
    case 'too_small':
      return sizeText(issue, language);
    case 'invalid_format': {
      if (issue.format === 'starts_with') return nl ? `moet beginnen met ${value((issue as { prefix?: string }).prefix)}` : `must start with ${value((issue as { prefix?: string }).prefix)}`;
      if (issue.format === 'ends_with') return nl ? `moet eindigen op ${value((issue as { suffix?: string }).suffix)}` : `must end with ${value((issue as { suffix?: string }).suffix)}`;
      if (issue.format === 'includes') return nl ? `moet ${value((issue as { includes?: string }).includes)} bevatten` : `must contain ${value((issue as { includes?: string }).includes)}`;
      const format = FORMATS[issue.format];
      if (format) return format[nl ? 0 : 1];
      return nl ? 'heeft niet de juiste vorm' : 'does not have the right form';
    }
    case 'not_multiple_of':
      return nl ? `moet een veelvoud van ${String(issue.divisor)} zijn` : `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return issue.keys.length === 1
        ? nl
          ? `heeft een onbekend veld: ${value(issue.keys[0])}`
          : `has an unknown field: ${value(issue.keys[0])}`
        : nl
          ? `heeft onbekende velden: ${listOf(issue.keys, language, 5)}`
          : `has unknown fields: ${listOf(issue.keys, language, 5)}`;
    case 'invalid_value':
      if (issue.values.length === 1) return nl ? `moet ${value(issue.values[0])} zijn` : `must be ${value(issue.values[0])}`;
      return nl ? `moet een van deze zijn: ${listOf(issue.values, language)}` : `must be one of: ${listOf(issue.values, language)}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options?.length) return nl ? `moet een van deze zijn: ${listOf(options, language)}` : `must be one of: ${listOf(options, language)}`;
      return nl ? 'past in geen van de toegestane vormen' : 'fits none of the allowed forms';
    }
    case 'invalid_key':
      return nl ? 'heeft een ongeldige sleutel' : 'has an invalid key';
    case 'invalid_element':
      return nl ? 'bevat een ongeldige waarde' : 'holds an invalid value';
    default:
      return nl ? 'is ongeldig' : 'is invalid';
  }
}

/**
 * A union that fits no option says little by itself; the option it came
 * closest to (the fewest problems) says what to change. Its issues, with the
 * union's path in front.
 */
function unfold(issue: Issue, prefix: Path): { path: Path; issue: Issue }[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const closest = issue.errors.reduce((best, option) => (option.length < best.length ? option : best));
    if (closest.length > 0) return closest.flatMap((inner) => unfold(inner, path));
  }
  return [{ path, issue }];
}

function pathText(path: Path): string {
  return path.map((part) => (typeof part === 'string' ? quoted(part, 60) : String(part))).join('.');
}

export interface DescribeOptions {
  /** How the whole value is named when a problem is about it (an empty path): "(invoer)", "meeting.json". */
  root?: { nl: string; en: string };
  /** How many problems are listed; the rest are counted. */
  limit?: number;
  /** How many problems there are in all, when `issues` holds only the first of them. */
  total?: number;
}

/**
 * "meeting.title: is te lang: hoogstens 500 tekens; agenda.0.id: ontbreekt (en nog 3)":
 * each problem as its field and its rule, in the language asked for.
 */
export function describeIssues(issues: readonly Issue[], language: Language, options: DescribeOptions = {}): string {
  const nl = language === 'nl';
  const limit = options.limit ?? 5;
  const root = options.root ? options.root[language] : nl ? '(geheel)' : '(whole)';
  // Two upper (or lower) bounds broken by one value ("hoogstens 9007199254740991; hoogstens 1000"): the tighter says it.
  const all = tightestBounds(issues.flatMap((issue) => unfold(issue, [])));
  const listed = all.slice(0, limit).map(({ path, issue }) => {
    // An unknown key names its own field: "meeting.zaal: is een onbekend veld".
    if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) {
      return `${pathText([...path, issue.keys[0]!])}: ${nl ? 'is een onbekend veld' : 'is not a known field'}`;
    }
    return `${path.length ? pathText(path) : root}: ${issueText(issue, language)}`;
  });
  const rest = Math.max(all.length, options.total ?? 0) - listed.length;
  const more = rest > 0 ? (nl ? ` (en nog ${rest})` : ` (and ${rest} more)`) : '';
  return listed.join('; ') + more;
}

function tightestBounds<T extends { path: Path; issue: Issue }>(list: T[]): T[] {
  const bound = (entry: T) => (entry.issue.code === 'too_big' || entry.issue.code === 'too_small' ? `${entry.issue.code}:${pathText(entry.path)}` : null);
  const tightest = new Map<string, T>();
  for (const entry of list) {
    const key = bound(entry);
    if (!key) continue;
    const known = tightest.get(key);
    const value = (e: T) => Number(e.issue.code === 'too_big' ? e.issue.maximum : e.issue.code === 'too_small' ? e.issue.minimum : NaN);
    const tighter = !known || (entry.issue.code === 'too_big' ? value(entry) < value(known) : value(entry) > value(known));
    if (tighter) tightest.set(key, entry);
  }
  return list.filter((entry) => {
    const key = bound(entry);
    return key === null || tightest.get(key) === entry;
  });
}

/** The field of the first problem, as the subject of an error. */
export function firstField(issues: readonly Issue[]): string | undefined {
  const first = issues[0];
  return first ? pathText(unfold(first, [])[0]!.path) || undefined : undefined;
}
