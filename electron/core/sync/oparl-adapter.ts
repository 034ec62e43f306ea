// OParl 1.1: System -> Body -> paginated lists of Meetings (with their
// AgendaItems and Files embedded) and Papers (with their Files and
// Consultations, which tie a paper to an agenda item). Incremental through
// `modified_since`; deleted objects come back with `deleted: true`. The cursor
// is the newest `modified` the server reported (its own clock, not ours).
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
import type { HttpClient } from './http-client.ts';
import type { SourceConfig } from './sources.ts';
import type { ObjectChange } from './sources.ts';

interface OparlFile {
  id: string;
  name?: string;
  fileName?: string;
  mimeType?: string;
  date?: string;
  size?: number;
  sha512Checksum?: string;
  sha1Checksum?: string;
  accessUrl?: string;
  downloadUrl?: string;
  modified?: string;
  deleted?: boolean;
}
interface OparlAgendaItem {
  id: string;
  number?: string;
  order?: number;
  name?: string;
  public?: boolean;
  consultation?: string;
  resolutionFile?: OparlFile;
  auxiliaryFile?: OparlFile[];
  deleted?: boolean;
}
interface OparlMeeting {
  id: string;
  name?: string;
  start?: string;
  end?: string;
  cancelled?: boolean;
  location?: { description?: string } | string;
  invitation?: OparlFile;
  resultsProtocol?: OparlFile;
  verbatimProtocol?: OparlFile;
  auxiliaryFile?: OparlFile[];
  agendaItem?: OparlAgendaItem[];
  modified?: string;
  deleted?: boolean;
}
interface OparlConsultation {
  id?: string;
  agendaItem?: string;
  meeting?: string;
}
interface OparlPaper {
  id: string;
  name?: string;
  reference?: string;
  date?: string;
  paperType?: string;
  mainFile?: OparlFile;
  auxiliaryFile?: OparlFile[];
  consultation?: (OparlConsultation | string)[];
  modified?: string;
  deleted?: boolean;
}
interface OparlBody {
  id: string;
  name?: string;
  shortName?: string;
  meeting?: string;
  paper?: string;
}

/** Pages of one list at most: a server that never ends is a fault, not a municipality. */
const MAX_PAGES = 5000;

export class OparlAdapter implements SourceAdapter {
  readonly meetingKind = 'meeting';
  private body: OparlBody | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly config: SourceConfig,
  ) {}

  async fetchChanges(cursor: string | null, apply: (changes: ObjectChange[], cursor: string | null) => void, signal?: AbortSignal): Promise<{ name?: string }> {
    const system = asObject(await this.http.getJson(this.config.url, { signal, what: { nl: 'het OParl-systeem', en: 'the OParl system' } }), this.config.url, 'System');
    if (typeof system.body !== 'string') this.badShape(this.config.url, 'System zonder body-lijst', 'System without a body list');
    const bodies = (await this.list(system.body, null, signal, { nl: 'de lijst van organen', en: 'the list of bodies' })) as OparlBody[];
    const body = this.chooseBody(bodies.filter((b) => !(b as { deleted?: boolean }).deleted));
    this.body = body;
    if (!body.meeting) this.badShape(body.id, 'Body zonder vergaderlijst', 'Body without a meeting list');
    const meetings = (await this.list(body.meeting, cursor, signal, { nl: 'de vergaderingen', en: 'the meetings' })) as OparlMeeting[];
    const papers = body.paper ? ((await this.list(body.paper, cursor, signal, { nl: 'de stukken', en: 'the papers' })) as OparlPaper[]) : [];

    const changes: ObjectChange[] = [];
    let newest = cursor;
    for (const m of meetings) {
      if (typeof m?.id !== 'string') continue;
      changes.push({ kind: 'meeting', key: m.id, hash: hashOf(m), deleted: m.deleted === true, payload: m, refs: [] });
      newest = later(newest, m.modified);
    }
    for (const p of papers) {
      if (typeof p?.id !== 'string') continue;
      const meetingsOfPaper = (p.consultation ?? []).flatMap((c) => (typeof c === 'object' && typeof c.meeting === 'string' ? [c.meeting] : []));
      changes.push({ kind: 'paper', key: p.id, hash: hashOf(p), deleted: p.deleted === true, payload: p, refs: [...new Set(meetingsOfPaper)] });
      newest = later(newest, p.modified);
    }
    apply(changes, newest);
    return { name: plainText(body.shortName ?? body.name, 200) };
  }

  plan(payload: unknown, _key: string, mirror: MirrorLookup): MeetingPlan | null {
    const m = payload as OparlMeeting;
    const start = dateTimeOf(m.start);
    if (!start || !this.body) return null;
    if (this.config.since && start.slice(0, 10) < this.config.since) return null;
    const title = plainText(m.name, 500) ?? 'Vergadering';
    const papers = mirror.referring<OparlPaper>('paper', m.id);
    const documents: PlannedDocument[] = [];
    const add = (file: OparlFile | undefined, type: PlannedDocument['type'], title?: string, date?: string): string[] => {
      if (!file || typeof file !== 'object' || file.deleted || typeof file.id !== 'string') return [];
      const url = file.downloadUrl ?? file.accessUrl;
      if (!url || !isPdf(file.mimeType, file.fileName ?? url)) return [];
      const doc: PlannedDocument = {
        id: externalIdOf(file.id),
        url,
        title: plainText(title ?? file.name ?? file.fileName, 500) ?? 'Document',
        type,
        date: dateOf(file.date) ?? dateOf(date),
        size: typeof file.size === 'number' ? file.size : undefined,
        sha512: typeof file.sha512Checksum === 'string' ? file.sha512Checksum : undefined,
        sha1: typeof file.sha1Checksum === 'string' ? file.sha1Checksum : undefined,
        fingerprint: JSON.stringify([url, file.size, file.sha512Checksum, file.sha1Checksum, file.modified]),
      };
      documents.push(doc);
      return [doc.id];
    };
    const paperFiles = (paper: OparlPaper) => [
      ...add(paper.mainFile, documentTypeOf(`${paper.paperType ?? ''} ${paper.name ?? ''}`, 'overig'), paper.name ?? paper.mainFile?.name, paper.date),
      ...(paper.auxiliaryFile ?? []).flatMap((f) => add(f, documentTypeOf(f.name, 'bijlage'))),
    ];

    const meetingFiles = [
      ...add(m.invitation, 'agenda'),
      ...add(m.resultsProtocol, 'notulen'),
      ...add(m.verbatimProtocol, 'notulen'),
      ...(m.auxiliaryFile ?? []).flatMap((f) => add(f, documentTypeOf(f.name, 'bijlage'))),
    ];
    const agenda: PackageAgendaItem[] = [];
    if (meetingFiles.length) agenda.push({ id: 'vergaderstukken', title: 'Vergaderstukken', documents: meetingFiles });
    const items = (m.agendaItem ?? []).filter((i) => i && typeof i.id === 'string' && !i.deleted).sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    for (const item of items) {
      const onItem = papers.filter((p) =>
        (p.consultation ?? []).some((c) => typeof c === 'object' && (c.agendaItem === item.id || (c.id !== undefined && c.id === item.consultation))),
      );
      const number = itemNumberOf(item.number);
      agenda.push({
        id: externalIdOf(item.id),
        number,
        title: plainText(item.name, 500) ?? `Agendapunt ${number ?? ''}`.trim(),
        documents: [...onItem.flatMap(paperFiles), ...add(item.resolutionFile, 'overig'), ...(item.auxiliaryFile ?? []).flatMap((f) => add(f, 'bijlage'))],
      });
    }
    const location = typeof m.location === 'object' ? m.location?.description : undefined;
    const manifest: MeetingPlan['manifest'] = {
      format: 'raadsmap-package/1',
      body: {
        id: externalIdOf(this.body.id),
        name: plainText(this.body.name ?? this.body.shortName, 500) ?? 'Gemeenteraad',
        kind: 'gemeenteraad',
        municipality: plainText(this.body.shortName ?? this.body.name, 200) ?? 'Onbekend',
      },
      meeting: {
        id: this.meetingId(m.id),
        title: m.cancelled ? `${title} (vervallen)` : title,
        kind: meetingKindOf(title),
        start,
        end: dateTimeOf(m.end),
        location: plainText(location, 300),
      },
      agenda: uniqueItemIds(agenda),
    };
    return { manifest, documents: collectDocuments(manifest.agenda, documents) };
  }

  meetingId(key: string): string {
    return externalIdOf(key);
  }

  /** Every element of a paginated list, following links.next; a link seen before is a loop. */
  private async list(url: string, since: string | null, signal: AbortSignal | undefined, what: { nl: string; en: string }): Promise<unknown[]> {
    const first = new URL(url);
    if (since) first.searchParams.set('modified_since', since);
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (let next: string | undefined = first.toString(); next; ) {
      if (seen.has(next) || seen.size >= MAX_PAGES) {
        throw this.http.error('sync.pagination-loop', next, what, 'verwijst met links.next terug naar een pagina die al gelezen is', 'points back with links.next to a page already read');
      }
      seen.add(next);
      const page = asObject(await this.http.getJson(next, { signal, what }), next, 'list');
      if (!Array.isArray(page.data)) this.badShape(next, 'lijst zonder data', 'list without data');
      out.push(...(page.data as unknown[]));
      const links = page.links as { next?: unknown } | undefined;
      next = typeof links?.next === 'string' ? new URL(links.next, next).toString() : undefined;
    }
    return out;
  }

  /**
   * What a sync would start from, for checkSource: the System (its type must
   * be an OParl System) and its live bodies, and the body the config names
   * (undefined when it names none or one that is not there).
   */
  async inspect(signal?: AbortSignal): Promise<{ systemName: string | undefined; bodies: { id: string; name: string }[]; body: { id: string; name: string } | undefined }> {
    const url = this.config.url;
    const system = await this.http.getJson(url, { signal, what: { nl: 'het OParl-systeem', en: 'the OParl system' } });
    const type = system && typeof system === 'object' && !Array.isArray(system) ? (system as Record<string, unknown>).type : undefined;
    if (typeof type !== 'string' || !/^https?:\/\/schema\.oparl\.org\/[\d.]+\/System$/.test(type)) {
      const got = typeof type === 'string' ? type.replace(/^.*\//, '') : null;
      throw this.http.error(
        'source.not-oparl-system',
        url,
        { nl: 'het adres', en: 'the address' },
        `is geen OParl-System${got ? ` maar een ${got}` : ''}; geef het adres van het System (vaak eindigend op /oparl/v1 of /system)`,
        `is not an OParl System${got ? ` but a ${got}` : ''}; give the address of the System (often ending in /oparl/v1 or /system)`,
      );
    }
    const found = system as Record<string, unknown>;
    if (typeof found.body !== 'string') this.badShape(url, 'System zonder body-lijst', 'System without a body list');
    const bodies = ((await this.list(found.body, null, signal, { nl: 'de lijst van organen', en: 'the list of bodies' })) as OparlBody[]).filter(
      (b) => b && typeof b.id === 'string' && !(b as { deleted?: boolean }).deleted,
    );
    const named = bodies.map((b) => ({ id: b.id, name: plainText(b.name ?? b.shortName, 200) ?? b.id }));
    const wanted = this.config.body;
    const body = wanted ? bodies.find((b) => matchesBody(b, wanted)) : bodies.length === 1 ? bodies[0] : undefined;
    return { systemName: plainText(found.name, 200), bodies: named, body: body && named[bodies.indexOf(body)] };
  }

  private chooseBody(bodies: OparlBody[]): OparlBody {
    const wanted = this.config.body;
    if (wanted) {
      const found = bodies.find((b) => matchesBody(b, wanted));
      if (found) return found;
      fail('sync.unknown-body', `Het OParl-systeem ${this.config.url} heeft geen orgaan "${wanted}". Er zijn: ${names(bodies)}.`, `The OParl system ${this.config.url} has no body "${wanted}". There are: ${names(bodies)}.`, wanted);
    }
    if (bodies.length === 1) return bodies[0]!;
    fail('sync.choose-body', `Het OParl-systeem ${this.config.url} heeft ${bodies.length} organen; kies er een met --body: ${names(bodies)}.`, `The OParl system ${this.config.url} has ${bodies.length} bodies; choose one with --body: ${names(bodies)}.`, this.config.url);
  }

  private badShape(url: string, nl: string, en: string): never {
    throw this.http.error('sync.bad-response', url, { nl: 'het antwoord', en: 'the response' }, `is geen geldig OParl: ${nl}`, `is not valid OParl: ${en}`);
  }
}

function asObject(value: unknown, url: string, what: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail('sync.bad-response', `${url} gaf geen OParl-${what}-object.`, `${url} did not return an OParl ${what} object.`, url);
  return value as Record<string, unknown>;
}

/** A body given by its id, the last part of its id, or its short name. */
const matchesBody = (b: OparlBody, wanted: string) => b.id === wanted || b.id.replace(/\/+$/, '').split('/').pop() === wanted || b.shortName === wanted;

const names = (bodies: OparlBody[]) => bodies.map((b) => `${b.id} (${b.name ?? b.shortName ?? '?'})`).join(', ') || '(geen)';

function later(a: string | null, b: unknown): string | null {
  if (typeof b !== 'string' || Number.isNaN(Date.parse(b))) return a;
  return a === null || Date.parse(b) > Date.parse(a) ? b : a;
}
