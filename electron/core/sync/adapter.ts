// What every source adapter gives the engine: the changes since a cursor, as
// objects for the mirror, and for one mirrored meeting the normalised
// package (shared/package-format.ts) minus the files, which the engine
// downloads. Helpers here turn API text and ids into what the package
// format accepts.
import crypto from 'node:crypto';
import type { PackageAgendaItem, PackageManifest } from '../../../shared/package-format.ts';
import type { RemoteFile } from './download.ts';
import type { ObjectChange } from './sources.ts';

export interface PlannedDocument extends RemoteFile {
  id: string;
  type: PackageManifest['documents'][number]['type'];
  date?: string | undefined;
  /** The API's own description of the file: the same fingerprint means the same bytes. */
  fingerprint: string;
  /** Where else the same file is (OParl's accessUrl behind a downloadUrl): tried when `url` fails. */
  fallbackUrl?: string | undefined;
}

export interface MeetingPlan {
  manifest: Omit<PackageManifest, 'documents'>;
  documents: PlannedDocument[];
}

/** What plan gives for a meeting without a start. */
export const NO_DATE = 'no-date';

export interface MirrorLookup {
  /** The live object, null when unknown or deleted. */
  get<T>(kind: string, key: string): T | null;
  /** True when the source deleted it (a tombstone). */
  deleted(kind: string, key: string): boolean;
  /** Live objects of `kind` whose refs name the key, or any of the keys. */
  referring<T>(kind: string, keys: string | string[]): T[];
}

export interface SourceAdapter {
  /** The mirror kind of meetings ('meeting'). */
  readonly meetingKind: string;
  /**
   * Reads what changed since `cursor` (null: everything) and hands it over
   * with the cursor to store alongside: once, or page by page.
   */
  fetchChanges(cursor: string | null, apply: (changes: ObjectChange[], cursor: string | null) => void, signal?: AbortSignal, mirror?: MirrorLookup): Promise<{ name?: string }>;
  /**
   * The package of a mirrored meeting; null when it is outside the chosen window,
   * NO_DATE when the source gives it no start yet (counted, so the user sees why it is missing).
   */
  plan(meeting: unknown, key: string, mirror: MirrorLookup): MeetingPlan | null | typeof NO_DATE;
  /** The meeting's id in the package (and the library), from its mirror key. */
  meetingId(key: string): string;
}

/** An API id (often a URL) as a package id: stable, within the allowed characters and length. */
export function externalIdOf(id: string): string {
  let out = id.replace(/^https?:\/\//, '').replace(/[^A-Za-z0-9._:/-]+/g, '_');
  if (!/^[A-Za-z0-9]/.test(out)) out = `x${out}`;
  if (out.length > 200) out = `${out.slice(0, 150)}-${crypto.createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
  return out;
}

/** Text from an API as plain package text: no tags, no control characters, bounded. */
export function plainText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value
    .replace(/<[^>]*>/g, ' ')
    .replace(/[<>]/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
  return text || undefined;
}

/** An ISO date-time with an offset, as the package wants it. */
export function dateTimeOf(value: unknown): string | undefined {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return undefined;
  return /([+-]\d\d:\d\d|Z)$/.test(value) && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?/.test(value) ? value : new Date(value).toISOString();
}

export function dateOf(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d\d-\d\d/.test(value) ? value.slice(0, 10) : undefined;
}

/**
 * An item number as the package allows it ([0-9A-Za-z.]): a German "TOP Ö 1.2" becomes "O1.2"
 * (accents dropped, spaces and a "TOP" prefix removed), so public and non-public items stay apart.
 */
export function itemNumberOf(value: unknown): string | undefined {
  const raw = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  const n = raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .trim()
    .replace(/^(TOP|Punkt|Agendapunt)\b\s*/i, '')
    .replace(/\s+/g, '')
    .replace(/[.):]+$/, '');
  return /^[0-9A-Za-z.]{1,20}$/.test(n) ? n : undefined;
}

export function meetingKindOf(name: string): PackageManifest['meeting']['kind'] {
  const n = name.toLowerCase();
  if (n.includes('commissie') || n.includes('ausschuss')) return 'commissie';
  if (n.includes('informati')) return 'informatief';
  if (n.includes('debat')) return 'info-debat';
  if (n.includes('raad') || n.includes('rat')) return 'besluitvormend';
  return 'overig';
}

export function documentTypeOf(text: string | undefined, fallback: PlannedDocument['type']): PlannedDocument['type'] {
  const n = (text ?? '').toLowerCase();
  const known: [string, PlannedDocument['type']][] = [
    ['raadsvoorstel', 'raadsvoorstel'],
    ['beslisnota', 'beslisnota'],
    ['informatienota', 'informatienota'],
    ['raadsinformatiebrief', 'brief'],
    ['rekenkamer', 'rekenkamerrapport'],
    ['amendement', 'amendement'],
    ['motie', 'motie'],
    ['notulen', 'notulen'],
    ['besluitenlijst', 'notulen'],
    ['brief', 'brief'],
    ['agenda', 'agenda'],
    ['rapport', 'rapport'],
    ['nota', 'nota'],
    ['bijlage', 'bijlage'],
  ];
  return known.find(([word]) => n.includes(word))?.[1] ?? fallback;
}

export const hashOf = (value: unknown) => `sha256:${crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex')}`;

export const isPdf = (mimeType: unknown, name: unknown) =>
  typeof mimeType === 'string' ? /^application\/(x-)?pdf\b/i.test(mimeType) : typeof name === 'string' && /\.pdf(\?|$)/i.test(name);

/** Documents by id (the first wins), and the items' references kept only to documents that exist. */
export function collectDocuments(agenda: PackageAgendaItem[], documents: PlannedDocument[]): MeetingPlan['documents'] {
  const byId = new Map<string, PlannedDocument>();
  for (const d of documents) if (!byId.has(d.id)) byId.set(d.id, d);
  const prune = (items: PackageAgendaItem[]) => {
    for (const item of items) {
      if (item.documents) item.documents = [...new Set(item.documents)].filter((id) => byId.has(id));
      if (item.children) prune(item.children);
    }
  };
  prune(agenda);
  return [...byId.values()];
}

/** Unique agenda item ids within one meeting (an API may repeat an item). */
export function uniqueItemIds(items: PackageAgendaItem[], seen = new Set<string>()): PackageAgendaItem[] {
  return items.filter((item) => {
    if (seen.has(item.id)) return false;
    seen.add(item.id);
    if (item.children) item.children = uniqueItemIds(item.children, seen);
    return true;
  });
}
