// OpenBesluitvorming's export feed: first /api/export/snapshot page by page
// (the changes cursor comes with the first page), then /api/export/changes
// from that cursor. NDJSON records with `op` upsert/delete and a
// `content_hash`; the cursor of the next page is in `X-Next-Cursor`. Every
// page is applied with its cursor, so a long snapshot resumes where it was.
import type { PackageAgendaItem } from '../../../shared/package-format.ts';
import { fail } from '../../../shared/errors.ts';
import {
  collectDocuments,
  dateOf,
  dateTimeOf,
  documentTypeOf,
  externalIdOf,
  hashOf,
  isPdf,
  itemNumberOf,
  meetingKindOf,
  plainText,
  uniqueItemIds,
  type MeetingPlan,
  type MirrorLookup,
  type PlannedDocument,
  type SourceAdapter,
} from './adapter.ts';
import { readText, type HttpClient } from './http-client.ts';
import type { ObjectChange, SourceConfig } from './sources.ts';

type Ref = string | { id?: string; name?: string } | undefined;
interface ObvRecord {
  seq?: number;
  op?: 'upsert' | 'delete';
  entity_id?: string;
  entity_type?: string;
  content_hash?: string;
  payload?: Record<string, unknown>;
}
interface ObvDocumentLink {
  id?: Ref;
  name?: string;
  file_name?: string;
  content_type?: string;
  original_url?: string;
}
interface ObvAgendaItem {
  id?: Ref;
  title?: string;
  description?: string;
  number?: string;
  order?: number;
  is_heading?: boolean;
  documents?: ObvDocumentLink[];
  agenda_items?: ObvAgendaItem[];
}
interface ObvMeeting {
  name?: string;
  start_date?: string;
  end_date?: string;
  location?: string;
  committee?: Ref;
  organization?: Ref;
  agenda?: ObvAgendaItem[];
  attachment?: Ref[];
}
interface ObvDocument {
  name?: string;
  original_url?: string;
  file_name?: string;
  content_type?: string;
  size_in_bytes?: number;
  date_modified?: string;
  classification?: string | string[];
  is_referenced_by?: Ref;
}

interface Cursor {
  /** Where the snapshot continues; absent once it is done. */
  snapshot?: string | undefined;
  changes?: string | undefined;
}

const KINDS: Record<string, string> = { Meeting: 'meeting', Document: 'document', MediaObject: 'document', Report: 'document', Committee: 'committee', Organization: 'committee' };
const NDJSON = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];
const MAX_PAGES = 100_000;

export class ObvAdapter implements SourceAdapter {
  readonly meetingKind = 'meeting';

  constructor(
    private readonly http: HttpClient,
    private readonly config: SourceConfig,
  ) {
    if (!config.body) {
      fail('source.obv-needs-source', 'Een OpenBesluitvorming-bron heeft een bronsleutel nodig (--body, bijvoorbeeld zwolle).', 'An OpenBesluitvorming source needs a source key (--body, e.g. zwolle).');
    }
  }

  async fetchChanges(stored: string | null, apply: (changes: ObjectChange[], cursor: string | null) => void, signal?: AbortSignal): Promise<{ name?: string }> {
    let cursor: Cursor = stored ? (JSON.parse(stored) as Cursor) : { snapshot: '' };
    const seen = new Set<string>();
    const what = { nl: 'de export', en: 'the export' };
    for (let pages = 0; ; pages++) {
      const inSnapshot = cursor.snapshot !== undefined;
      const url = new URL(inSnapshot ? '/api/export/snapshot' : '/api/export/changes', this.config.url);
      url.searchParams.set('source', this.config.body!);
      url.searchParams.set('limit', '500');
      const position = inSnapshot ? cursor.snapshot : cursor.changes;
      if (position) url.searchParams.set('cursor', position);
      const key = url.toString();
      if (seen.has(key) || pages >= MAX_PAGES) {
        throw this.http.error('sync.pagination-loop', key, what, 'geeft steeds dezelfde cursor terug', 'keeps returning the same cursor');
      }
      seen.add(key);
      const page = await this.http.get(key, { signal, accept: NDJSON, what }, async (response, body) => ({ headers: response.headers, text: await readText(body) }));
      const records = parseNdjson(page.text, key, this.http);
      const next = page.headers.get('x-next-cursor') ?? undefined;
      const hasMore = page.headers.get('x-has-more') === 'true';
      if (inSnapshot) {
        // The changes feed starts where the first snapshot page said, not where the snapshot ends.
        const changes = cursor.changes ?? page.headers.get('x-changes-cursor') ?? undefined;
        cursor = hasMore && next ? { snapshot: next, changes } : { changes };
      } else {
        cursor = { changes: next ?? cursor.changes };
      }
      apply(records.flatMap(toChange), JSON.stringify(cursor));
      if (!hasMore && !inSnapshot) return { name: this.config.body };
      if (hasMore && !next) throw this.http.error('sync.bad-response', key, what, 'zegt X-Has-More maar geeft geen X-Next-Cursor', 'says X-Has-More but gives no X-Next-Cursor');
    }
  }

  /** For checkSource: the first page of the snapshot, which must hold records for the source key. */
  async inspect(signal?: AbortSignal): Promise<{ records: number }> {
    const url = new URL('/api/export/snapshot', this.config.url);
    url.searchParams.set('source', this.config.body!);
    url.searchParams.set('limit', '5');
    const key = url.toString();
    const what = { nl: 'de export', en: 'the export' };
    const text = await this.http.get(key, { signal, accept: NDJSON, what }, async (_response, body) => readText(body));
    const records = parseNdjson(text, key, this.http);
    if (records.length === 0) {
      throw this.http.error(
        'source.obv-empty',
        key,
        what,
        `heeft niets voor bronsleutel "${this.config.body}"; controleer de sleutel (de naam van de gemeente in kleine letters, bijvoorbeeld zwolle)`,
        `has nothing for source key "${this.config.body}"; check the key (the municipality's name in lower case, e.g. zwolle)`,
      );
    }
    return { records: records.length };
  }

  plan(payload: unknown, key: string, mirror: MirrorLookup): MeetingPlan | null {
    const m = payload as ObvMeeting;
    const start = dateTimeOf(m.start_date);
    if (!start) return null;
    if (this.config.since && start.slice(0, 10) < this.config.since) return null;
    const documents: PlannedDocument[] = [];
    const add = (ref: Ref, link?: ObvDocumentLink): string[] => {
      const id = refId(ref);
      if (!id) return [];
      const mirrored = mirror.get<ObvDocument>('document', id);
      if (mirrored === null && mirror.deleted('document', id)) return [];
      const doc = mirrored ?? {};
      const url = doc.original_url ?? link?.original_url;
      if (!url || !isPdf(doc.content_type ?? link?.content_type, doc.file_name ?? link?.file_name ?? url)) return [];
      const name = doc.name ?? link?.name;
      const classification = Array.isArray(doc.classification) ? doc.classification.join(' ') : doc.classification;
      documents.push({
        id: externalIdOf(id),
        url,
        title: plainText(name, 500) ?? 'Document',
        type: documentTypeOf(`${classification ?? ''} ${name ?? ''}`, 'bijlage'),
        date: dateOf(doc.date_modified),
        size: typeof doc.size_in_bytes === 'number' ? doc.size_in_bytes : undefined,
        fingerprint: JSON.stringify([url, doc.size_in_bytes, doc.date_modified, hashOf(doc)]),
      });
      return [externalIdOf(id)];
    };
    const item = (a: ObvAgendaItem, index: number): PackageAgendaItem => {
      const number = itemNumberOf(a.number);
      const children = (a.agenda_items ?? []).map(item);
      return {
        id: externalIdOf(refId(a.id) ?? `${key}/item-${index}`),
        number,
        title: plainText(a.title, 500) ?? `Agendapunt ${number ?? index + 1}`,
        section: a.is_heading === true ? true : undefined,
        description: plainText(a.description, 20_000),
        documents: (a.documents ?? []).flatMap((d) => add(d.id, d)),
        children: children.length ? children : undefined,
      };
    };
    const agenda: PackageAgendaItem[] = [];
    const attachments = (m.attachment ?? []).flatMap((ref) => add(ref));
    if (attachments.length) agenda.push({ id: 'vergaderstukken', title: 'Vergaderstukken', documents: attachments });
    agenda.push(...[...(m.agenda ?? [])].sort((a, b) => (a.order ?? 0) - (b.order ?? 0)).map(item));

    const committeeId = refId(m.committee) ?? refId(m.organization);
    const committee = committeeId ? mirror.get<{ name?: string }>('committee', committeeId) : null;
    const committeeName = plainText(committee?.name ?? refName(m.committee) ?? refName(m.organization), 500);
    const municipality = this.config.body!.replace(/^./, (c) => c.toUpperCase());
    const title = plainText(m.name, 500) ?? 'Vergadering';
    const manifest: MeetingPlan['manifest'] = {
      format: 'raadsmap-package/1',
      body: {
        id: externalIdOf(committeeId ?? `obv/${this.config.body}/raad`),
        name: committeeName ?? `Gemeenteraad ${municipality}`,
        kind: committeeName && /commissie/i.test(committeeName) ? 'commissie' : 'gemeenteraad',
        municipality,
      },
      meeting: { id: this.meetingId(key), title, kind: meetingKindOf(title), start, end: dateTimeOf(m.end_date), location: plainText(m.location, 300) },
      agenda: uniqueItemIds(agenda),
    };
    return { manifest, documents: collectDocuments(manifest.agenda, documents) };
  }

  meetingId(key: string): string {
    return externalIdOf(key);
  }
}

function toChange(record: ObvRecord): ObjectChange[] {
  const kind = KINDS[record.entity_type ?? ''];
  if (!kind || typeof record.entity_id !== 'string') return []; // motions, recordings: not part of a meeting package
  const deleted = record.op === 'delete';
  const payload = record.payload ?? null;
  const refs: string[] = [];
  if (kind === 'meeting' && payload) {
    const m = payload as ObvMeeting;
    const walk = (items: ObvAgendaItem[] | undefined) =>
      items?.forEach((i) => {
        i.documents?.forEach((d) => refId(d.id) && refs.push(refId(d.id)!));
        walk(i.agenda_items);
      });
    walk(m.agenda);
    m.attachment?.forEach((a) => refId(a) && refs.push(refId(a)!));
  } else if (kind === 'document' && payload) {
    const meeting = refId((payload as ObvDocument).is_referenced_by);
    if (meeting) refs.push(meeting);
  }
  return [{ kind, key: record.entity_id, hash: record.content_hash ?? hashOf(record), deleted, payload, refs: [...new Set(refs)] }];
}

function parseNdjson(text: string, url: string, http: HttpClient): ObvRecord[] {
  const records: ObvRecord[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line) as ObvRecord);
    } catch {
      throw http.error('sync.bad-json', url, { nl: 'de export', en: 'the export' }, `heeft op regel ${index + 1} geen geldige JSON`, `has invalid JSON on line ${index + 1}`);
    }
  }
  return records;
}

const refId = (ref: Ref): string | undefined => (typeof ref === 'string' ? ref : typeof ref?.id === 'string' ? ref.id : undefined);
const refName = (ref: Ref): string | undefined => (typeof ref === 'object' && typeof ref?.name === 'string' ? ref.name : undefined);
