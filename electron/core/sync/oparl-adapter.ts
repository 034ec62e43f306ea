// OParl 1.0 and 1.1: System -> Body -> paginated lists of Meetings (with
// their AgendaItems and Files embedded) and Papers (with their Files and
// Consultations, which tie a paper to an agenda item, a meeting, or both).
// Incremental through `modified_since`; deleted objects come back with
// `deleted: true`. The cursor is the newest `modified` the server reported
// (its own clock, not ours), or the server's Date when the lists began if
// that is earlier: what changes while a sync reads is read again next time.
// Only what the spec requires is relied on (ids, accessUrl, the lists' data
// and links.next); a file without type or .pdf name is fetched and kept if
// its bytes are a PDF; what the spec requires and a server leaves out is an
// error naming the object.
import { MAX_AGENDA_DEPTH, type PackageAgendaItem } from '../../../shared/package-format.ts';
import { RaadsmapError, fail } from '../../../shared/errors.ts';
import {
  collectDocuments,
  dateOf,
  dateTimeOf,
  documentTypeOf,
  externalIdOf,
  hashOf,
  itemNumberOf,
  meetingKindOf,
  NO_DATE,
  plainText,
  uniqueItemIds,
  type MeetingPlan,
  type MirrorLookup,
  type PlannedDocument,
  type SourceAdapter,
} from './adapter.ts';
import type { HttpClient } from './http-client.ts';
import type { SourceConfig } from './sources.ts';
import { LINK_KIND, linkKey, type ObjectChange } from './sources.ts';

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
  meeting?: string;
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
  /** An embedded Location (1.1) or its URL (1.0). */
  location?: OparlLocation | string;
  invitation?: OparlFile;
  resultsProtocol?: OparlFile;
  verbatimProtocol?: OparlFile;
  auxiliaryFile?: OparlFile[];
  agendaItem?: OparlAgendaItem[];
  modified?: string;
  deleted?: boolean;
}
interface OparlLocation {
  description?: string;
  room?: string;
  streetAddress?: string;
  postalCode?: string;
  locality?: string;
}
interface OparlConsultation {
  id?: string;
  modified?: string;
  paper?: string;
  deleted?: boolean;
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
  /** OParl 1.1: the body's Files as a list of their own. */
  file?: string;
  /** OParl 1.1: the body's Consultations as a list of their own. */
  consultation?: string;
}

type ListType = 'Body' | 'Meeting' | 'Paper' | 'File' | 'Consultation';

interface ListOptions {
  /** The URL of the object that names the list: a relative list URL is taken against it. */
  from: string;
  /** modified_since: the cursor, null for everything. */
  since?: string | null;
  type: ListType;
  signal: AbortSignal | undefined;
  what: { nl: string; en: string };
  onHeaders?: (headers: Headers) => void;
  onPage?: (objects: unknown[]) => Promise<void>;
}

const BODIES = { nl: 'de lijst van organen', en: 'the list of bodies' };
const SYSTEM = { nl: 'het OParl-systeem', en: 'the OParl system' };
const MEETING = { nl: 'de vergadering', en: 'the meeting' };

/** Pages of one list at most: a server that never ends is a fault, not a municipality. */
const MAX_PAGES = 5000;

export class OparlAdapter implements SourceAdapter {
  readonly meetingKind = 'meeting';
  private body: OparlBody | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly config: SourceConfig,
  ) {}

  async fetchChanges(cursor: string | null, apply: (changes: ObjectChange[], cursor: string | null) => void, signal?: AbortSignal, mirror?: MirrorLookup): Promise<{ name?: string }> {
    const system = this.asObject(await this.http.getJson(this.config.url, { signal, what: SYSTEM }), this.config.url, SYSTEM);
    if (typeof system.body !== 'string') this.badShape(this.config.url, 'geen lijst van organen (body)', 'no list of bodies (body)', SYSTEM);
    const bodies = (await this.list(system.body, { from: this.config.url, type: 'Body', signal, what: BODIES })) as OparlBody[];
    const body = this.chooseBody(bodies.filter((b) => !(b as { deleted?: boolean }).deleted));
    this.body = body;
    if (typeof body.meeting !== 'string') this.badShape(body.id, 'geen vergaderlijst (meeting)', 'no meeting list (meeting)', { nl: 'het orgaan', en: 'the body' });
    let startedAt: string | null = null;
    // The first answer's Date (the meeting list's first page).
    const onHeaders = (headers: Headers) => {
      const date = Date.parse(headers.get('date') ?? '');
      if (startedAt === null && !Number.isNaN(date)) startedAt = new Date(date).toISOString().replace(/\.\d+Z$/, '+00:00');
    };
    // Objects given by URL where the spec embeds them, fetched once per sync.
    const fetched = new Map<string, Promise<unknown>>();
    // Page by page into the mirror (a large council's lists do not fit in memory at once); the cursor moves only at the end.
    let newest = cursor;
    const pages = <T extends { modified?: string }>(list: string, type: ListType, what: { nl: string; en: string }, take: (objects: T[]) => Promise<ObjectChange[]>) =>
      this.list(list, {
        from: body.id,
        since: cursor,
        type,
        signal,
        what,
        onHeaders,
        onPage: async (objects) => {
          apply(await take(objects as T[]), null);
          for (const o of objects as T[]) newest = later(newest, o.modified);
        },
      });
    // Consultations agenda items name by URL: read after the lists, unless the mirror knows them.
    const itemConsultations = new Set<string>();
    await pages<OparlMeeting>(body.meeting, 'Meeting', { nl: 'de vergaderingen', en: 'the meetings' }, async (meetings) => {
      await this.embedReferences(meetings, [], fetched, signal);
      for (const m of meetings) if (!m.deleted) for (const i of liveItems(m)) if (typeof i.consultation === 'string') itemConsultations.add(i.consultation);
      return meetings.flatMap(meetingChanges);
    });
    if (typeof body.paper === 'string') {
      await pages<OparlPaper>(body.paper, 'Paper', { nl: 'de stukken', en: 'the papers' }, async (papers) => {
        await this.embedReferences([], papers, fetched, signal);
        return papers.flatMap(paperChanges);
      });
    }
    // OParl 1.1 lists Consultations too: what ties a paper to an agenda item the paper itself may not say.
    if (typeof body.consultation === 'string') {
      await pages<OparlConsultation & { id: string }>(body.consultation, 'Consultation', { nl: 'de beraadslagingen', en: 'the consultations' }, async (consultations) =>
        consultations.flatMap((c) => consultationChanges(c.id, c)),
      );
    }
    await this.fetchConsultations([...itemConsultations], mirror, fetched, signal, (changes) => apply(changes, null));
    // OParl 1.1 lists Files of their own: a new version of a file need not change the paper that holds it.
    // (A first sync has every file embedded as it is now.)
    if (cursor !== null && typeof body.file === 'string') {
      await pages<OparlFile>(body.file, 'File', { nl: 'de bestanden', en: 'the files' }, async (files) =>
        // A deleted file is kept as the list gave it, so that a meeting holding it drops it.
        files.map((f) => ({ kind: 'file', key: f.id, hash: hashOf(f), deleted: false, payload: f, refs: [] })),
      );
    }
    // An object changed after its list page was read but before a later page or list: newest
    // may already be past it. The server's time when the lists began is not.
    apply([], startedAt !== null && newest !== null && Date.parse(startedAt) < Date.parse(newest) ? startedAt : newest);
    return { name: plainText(body.shortName ?? body.name, 200) };
  }

  plan(payload: unknown, _key: string, mirror: MirrorLookup): MeetingPlan | null | typeof NO_DATE {
    const m = payload as OparlMeeting;
    const bad: (nl: string, en: string) => never = (nl, en) => this.badShape(m.id, nl, en, MEETING);
    if (!this.body) return null;
    // A meeting without a start (not yet scheduled; the spec allows it) has no place in the calendar yet.
    if (m.start === undefined || m.start === null) return NO_DATE;
    const start = dateTimeOf(m.start);
    if (!start) bad(`start ${JSON.stringify(m.start)} is geen datum-tijd`, `start ${JSON.stringify(m.start)} is not a date-time`);
    if (this.config.since && start.slice(0, 10) < this.config.since) return null;
    const title = plainText(m.name, 500) ?? 'Vergadering';
    const items = liveItems(m, bad);
    const papers = mirror.referring<OparlPaper>('paper', [m.id, ...items.flatMap((i) => (typeof i.consultation === 'string' ? [i.id, i.consultation] : [i.id]))]);
    const documents: PlannedDocument[] = [];
    const add = (embedded: OparlFile | undefined, type: PlannedDocument['type'], title?: string, date?: string): string[] => {
      if (!embedded || typeof embedded !== 'object') return [];
      if (typeof embedded.id !== 'string') bad('een File zonder id', 'a File without an id');
      // The file list may know a newer version (or its deletion) than the meeting or paper holding it.
      const listed = mirror.get<OparlFile>('file', embedded.id);
      const file = listed && Date.parse(listed.modified ?? '') > Date.parse(embedded.modified ?? '') ? listed : embedded;
      if (file.deleted) return [];
      const given = [file.downloadUrl, file.accessUrl].find((u) => typeof u === 'string' && u.trim() !== '');
      if (!given) bad(`File ${file.id} zonder accessUrl`, `File ${file.id} without an accessUrl`);
      const url = webUrl(given, m.id);
      if (!url) bad(`File ${file.id} heeft geen geldige http(s)-URL (${given})`, `File ${file.id} has no valid http(s) URL (${given})`);
      // downloadUrl is optional and often a different service: the accessUrl the spec requires is the way back.
      const access = typeof file.accessUrl === 'string' ? webUrl(file.accessUrl, m.id) : undefined;
      const kind = pdfKind(file, url);
      if (kind === 'no') return [];
      const doc: PlannedDocument = {
        id: externalIdOf(file.id),
        url,
        ...(kind === 'maybe' ? { sniff: true } : {}),
        title: plainText(title ?? file.name ?? file.fileName, 500) ?? 'Document',
        type,
        date: dateOf(file.date) ?? dateOf(date),
        size: typeof file.size === 'number' ? file.size : undefined,
        sha512: typeof file.sha512Checksum === 'string' ? file.sha512Checksum : undefined,
        sha1: typeof file.sha1Checksum === 'string' ? file.sha1Checksum : undefined,
        fingerprint: JSON.stringify([url, file.size, file.sha512Checksum, file.sha1Checksum, file.modified]),
        ...(access && access !== url ? { fallbackUrl: access } : {}),
      };
      documents.push(doc);
      return [doc.id];
    };
    const paperFiles = (paper: OparlPaper) => [
      ...add(paper.mainFile, documentTypeOf(`${paper.paperType ?? ''} ${paper.name ?? ''}`, 'overig'), paper.name ?? paper.mainFile?.name, paper.date),
      ...asArray(paper.auxiliaryFile).flatMap((f) => add(f, documentTypeOf(f.name, 'bijlage'))),
    ];

    const meetingFiles = [
      ...add(m.invitation, 'agenda'),
      ...add(m.resultsProtocol, 'notulen'),
      ...add(m.verbatimProtocol, 'notulen'),
      ...asArray(m.auxiliaryFile).flatMap((f) => add(f, documentTypeOf(f.name, 'bijlage'))),
    ];
    const onItem = (item: OparlAgendaItem, c: OparlConsultation) => c.agendaItem === item.id || (typeof c.id === 'string' && c.id === item.consultation);
    // Consultations of their own (the body's list, or fetched from an item's URL): their papers need not name them.
    const paperOf = (c: OparlConsultation | null) => (c && !c.deleted && typeof c.paper === 'string' ? mirror.get<OparlPaper>('paper', c.paper) : null);
    const own = mirror.referring<OparlConsultation>('consultation', [m.id, ...items.map((i) => i.id)]);
    const ownPapers = (item: OparlAgendaItem) => [
      ...(typeof item.consultation === 'string' ? [paperOf(mirror.get<OparlConsultation>('consultation', item.consultation))] : []),
      ...own.filter((c) => onItem(item, c)).map(paperOf),
    ];
    const placed = new Set<string>();
    const itemEntries: PackageAgendaItem[] = items.map((item) => {
      const itemPapers = uniquePapers([...papers.filter((p) => consultationsOf(p).some((c) => onItem(item, c))), ...ownPapers(item)]);
      itemPapers.forEach((p) => placed.add(p.id));
      const number = itemNumberOf(item.number);
      const name = plainText(item.name, 480) ?? `Agendapunt ${number ?? ''}`.trim();
      return {
        id: externalIdOf(item.id),
        number,
        // Non-public items are on the agenda too, without their papers as a rule: say why.
        title: item.public === false ? `${name} (besloten)` : name,
        documents: [...itemPapers.flatMap(paperFiles), ...add(item.resolutionFile, 'overig'), ...asArray(item.auxiliaryFile).flatMap((f) => add(f, 'bijlage'))],
      };
    });
    // Papers consulted in this meeting but on none of its items: with the meeting's own documents.
    const consultedHere = [...papers.filter((p) => consultationsOf(p).some((c) => c.meeting === m.id)), ...own.filter((c) => c.meeting === m.id).map(paperOf)];
    const unplaced = uniquePapers(consultedHere).filter((p) => !placed.has(p.id));
    const meetingDocuments = [...meetingFiles, ...unplaced.flatMap(paperFiles)];
    const agenda: PackageAgendaItem[] = [];
    if (meetingDocuments.length) agenda.push({ id: 'vergaderstukken', title: 'Vergaderstukken', documents: meetingDocuments });
    agenda.push(...nestByNumber(itemEntries));
    const location = m.location && typeof m.location === 'object' ? placeOf(m.location) : undefined;
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

  /**
   * Every element of a paginated list, following links.next (relative links
   * against the page, the server's own query parameters kept); a link seen
   * before is a loop, a list that ends before its pagination says is cut
   * short. Every element must be an object with an id, and of the list's type
   * when it names one. With `onPage`, each page goes there instead of into the result.
   */
  private async list(url: string, options: ListOptions): Promise<unknown[]> {
    const { from, since, type, signal, what, onHeaders, onPage } = options;
    const start = webUrl(url, from);
    if (!start) this.badShape(from, `de lijst ${url} is geen http(s)-URL`, `the list ${url} is not an http(s) URL`);
    const first = new URL(start);
    if (since) first.searchParams.set('modified_since', since);
    const seen = new Set<string>();
    const out: unknown[] = [];
    for (let next: string | undefined = first.toString(); next; ) {
      if (seen.has(next) || seen.size >= MAX_PAGES) {
        throw this.http.error('sync.pagination-loop', next, what, 'verwijst met links.next terug naar een pagina die al gelezen is', 'points back with links.next to a page already read');
      }
      seen.add(next);
      const page = this.asObject(await this.http.getJson(next, { signal, what, onHeaders }), next, what);
      if (!Array.isArray(page.data)) this.badShape(next, 'lijst zonder data', 'list without data');
      for (const [index, element] of (page.data as unknown[]).entries()) {
        if (!element || typeof element !== 'object' || typeof (element as { id?: unknown }).id !== 'string') {
          this.badShape(next, `element ${index + 1} van data is geen object met een id`, `element ${index + 1} of data is not an object with an id`);
        }
        const got = (element as { type?: unknown }).type;
        if (typeof got === 'string' && !got.endsWith(`/${type}`)) {
          const name = got.replace(/^.*\//, '');
          this.badShape(next, `element ${index + 1} van data is een ${name}, geen ${type}`, `element ${index + 1} of data is a ${name}, not a ${type}`);
        }
      }
      if (onPage) await onPage(page.data as unknown[]);
      else out.push(...(page.data as unknown[]));
      const links = page.links as { next?: unknown } | undefined;
      const current: string = next;
      // A links.next that cannot be read is no end of the list: that would lose the rest in silence.
      if ((links !== undefined && (typeof links !== 'object' || links === null)) || (links?.next !== undefined && links.next !== null && typeof links.next !== 'string')) {
        this.badShape(current, 'links.next is geen URL', 'links.next is not a URL');
      }
      next = typeof links?.next === 'string' ? webUrl(links.next, current) : undefined;
      if (typeof links?.next === 'string' && !next) this.badShape(current, `links.next ${links.next} is geen http(s)-URL`, `links.next ${links.next} is not an http(s) URL`);
      const pagination = page.pagination as { currentPage?: unknown; totalPages?: unknown } | undefined;
      if (!next && typeof pagination?.currentPage === 'number' && typeof pagination.totalPages === 'number' && pagination.currentPage < pagination.totalPages) {
        this.badShape(
          current,
          `pagina ${pagination.currentPage} van ${pagination.totalPages} heeft geen links.next`,
          `page ${pagination.currentPage} of ${pagination.totalPages} has no links.next`,
        );
      }
    }
    return out;
  }

  /**
   * Objects the spec embeds but a server gave as URLs, fetched and put in
   * their place (once per URL and sync: `fetched`): a 1.0 Meeting's location (a URL in
   * 1.0), and Files, agenda items and consultations. Deleted or unreadable
   * locations are left out (they only name a room); anything else unreadable
   * stops the sync with the URL named, the library unchanged.
   */
  private async embedReferences(meetings: OparlMeeting[], papers: OparlPaper[], fetched: Map<string, Promise<unknown>>, signal: AbortSignal | undefined): Promise<void> {
    const what = { nl: 'een verwezen OParl-object', en: 'a referenced OParl object' };
    const fetchObject = (url: string) => {
      let got = fetched.get(url);
      if (!got) {
        const target = webUrl(url, this.config.url);
        got = target
          ? this.http.getJson(target, { signal, what }).then((value) => this.asObject(value, target, what))
          : Promise.reject(this.http.error('sync.bad-response', url, what, 'is geen http(s)-URL', 'is not an http(s) URL'));
        fetched.set(url, got);
      }
      return got;
    };
    const one = async <T>(value: T | string | undefined): Promise<T | undefined> => (typeof value === 'string' ? ((await fetchObject(value)) as T) : value);
    const many = async <T>(values: (T | string)[] | undefined): Promise<T[] | undefined> => (Array.isArray(values) ? Promise.all(values.map((v) => one(v) as Promise<T>)) : values);
    for (const m of meetings) {
      if (m.deleted) continue;
      if (typeof m.location === 'string') {
        const location = await fetchObject(m.location).catch((error: unknown) => {
          if (error instanceof RaadsmapError && error.code === 'cancelled') throw error;
          return undefined;
        });
        m.location = location && !(location as { deleted?: boolean }).deleted ? (location as OparlLocation) : undefined;
      }
      for (const key of ['invitation', 'resultsProtocol', 'verbatimProtocol'] as const) m[key] = await one(m[key]);
      m.auxiliaryFile = await many(m.auxiliaryFile);
      m.agendaItem = await many(m.agendaItem);
      for (const item of asArray(m.agendaItem)) {
        if (!item || typeof item !== 'object') continue;
        item.resolutionFile = await one(item.resolutionFile);
        item.auxiliaryFile = await many(item.auxiliaryFile);
      }
    }
    for (const p of papers) {
      if (p.deleted) continue;
      p.mainFile = await one(p.mainFile);
      p.auxiliaryFile = await many(p.auxiliaryFile);
      p.consultation = await many(p.consultation);
    }
  }

  /**
   * Consultations that agenda items name by URL (the spec's way: AgendaItem.consultation
   * is a URL) and that no list gave: each fetched once a sync, when the mirror does not
   * know it yet (a consultation ties one paper to one item; a new tie is a new URL), and
   * its paper too when no list brought that. A consultation that cannot be read leaves
   * its item without the paper, it does not stop the sync; no connection or a cancel does.
   */
  private async fetchConsultations(
    urls: string[],
    mirror: MirrorLookup | undefined,
    fetched: Map<string, Promise<unknown>>,
    signal: AbortSignal | undefined,
    apply: (changes: ObjectChange[]) => void,
  ): Promise<void> {
    const what = { nl: 'een beraadslaging (Consultation)', en: 'a consultation' };
    const paperWhat = { nl: 'een stuk (Paper)', en: 'a paper' };
    const known = (kind: string, key: string) => mirror !== undefined && (mirror.get(kind, key) !== null || mirror.deleted(kind, key));
    const read = async <T>(url: string, label: { nl: string; en: string }): Promise<T | undefined> => {
      const target = webUrl(url, this.config.url);
      if (!target) return undefined;
      let got = fetched.get(target);
      if (!got) {
        got = this.http.getJson(target, { signal, what: label }).then((value) => this.asObject(value, target, label));
        fetched.set(target, got);
      }
      try {
        return (await got) as T;
      } catch (error) {
        if (error instanceof RaadsmapError && (error.code === 'cancelled' || error.code === 'sync.offline')) throw error;
        return undefined;
      }
    };
    // Known as an object of its own, or embedded in a paper (whose refs then name it): no need to ask.
    const todo = urls.filter((url) => !known('consultation', url) && !(mirror && mirror.referring('paper', url).length > 0));
    // A few at a time: thousands of items may name one each on a first sync.
    for (let start = 0; start < todo.length; start += CONSULTATIONS_AT_ONCE) {
      const batch = await Promise.all(todo.slice(start, start + CONSULTATIONS_AT_ONCE).map((url) => read<OparlConsultation>(url, what).then((c) => [url, c] as const)));
      const changes: ObjectChange[] = [];
      for (const [url, c] of batch) {
        if (!c) continue;
        const paperUrl = c.paper;
        if (!c.deleted && typeof paperUrl === 'string' && !known('paper', paperUrl) && !changes.some((x) => x.kind === 'paper' && x.key === paperUrl)) {
          const paper = await read<OparlPaper>(paperUrl, paperWhat);
          if (paper && typeof paper.id === 'string') {
            await this.embedReferences([], [paper], fetched, signal);
            changes.push(...paperChanges(paper));
          }
        }
        changes.push(...consultationChanges(url, c));
      }
      apply(changes);
    }
  }

  /**
   * What a sync would start from, for checkSource: the System (its type must
   * be an OParl System) and its live bodies, and the body the config names
   * (undefined when it names none or one that is not there).
   */
  async inspect(signal?: AbortSignal): Promise<{ systemName: string | undefined; bodies: { id: string; name: string }[]; body: { id: string; name: string } | undefined }> {
    const url = this.config.url;
    const system = await this.http.getJson(url, { signal, what: SYSTEM });
    const type = system && typeof system === 'object' && !Array.isArray(system) ? (system as Record<string, unknown>).type : undefined;
    // 1.0 and 1.1 (https://schema.oparl.org/1.0/System), and the oparl.org/schema/ form of early 1.0 servers.
    if (typeof type !== 'string' || !/^https?:\/\/(schema\.oparl\.org|(www\.)?oparl\.org\/schema)\/[\d.]+\/System$/.test(type)) {
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
    if (typeof found.body !== 'string') this.badShape(url, 'geen lijst van organen (body)', 'no list of bodies (body)', SYSTEM);
    const bodies = ((await this.list(found.body, { from: url, type: 'Body', signal, what: BODIES })) as OparlBody[]).filter(
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

  /** A JSON answer that must be an object (a System, a list page, a referenced object). */
  private asObject(value: unknown, url: string, what: { nl: string; en: string }): Record<string, unknown> {
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    const got = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
    return this.badShape(url, `geen JSON-object maar ${got}`, `not a JSON object but ${got}`, what);
  }

  /** What the spec requires and the server left out or got wrong: nothing the user can fix here, so say who can. */
  private badShape(url: string, nl: string, en: string, what = { nl: 'het antwoord', en: 'the response' }): never {
    throw this.http.error(
      'sync.bad-response',
      url,
      what,
      `is geen geldig OParl: ${nl}. Meld dit aan de beheerder van het raadsinformatiesysteem`,
      `is not valid OParl: ${en}. Report this to the administrator of the council information system`,
    );
  }
}


/** A body given by its id, the last part of its id, or its short name. */
const matchesBody = (b: OparlBody, wanted: string) => b.id === wanted || b.id.replace(/\/+$/, '').split('/').pop() === wanted || b.shortName === wanted;

const names = (bodies: OparlBody[]) => bodies.map((b) => `${b.id} (${b.name ?? b.shortName ?? '?'})`).join(', ') || '(geen)';

function later(a: string | null, b: unknown): string | null {
  if (typeof b !== 'string' || Number.isNaN(Date.parse(b))) return a;
  return a === null || Date.parse(b) > Date.parse(a) ? b : a;
}

/** The mirror's changes for a meeting: itself, and links from what it holds (items, consultations, files) to it. */
function meetingChanges(m: OparlMeeting): ObjectChange[] {
  const changes: ObjectChange[] = [{ kind: 'meeting', key: m.id, hash: hashOf(m), deleted: m.deleted === true, payload: m, refs: [] }];
  if (m.deleted) return changes;
  const items = liveItems(m);
  // A paper may name only the agenda item or the consultation (Consultation.meeting is optional).
  const held = [
    ...items.flatMap((i) => [i.id, i.consultation]),
    ...filesOf([m.invitation, m.resultsProtocol, m.verbatimProtocol, ...asArray(m.auxiliaryFile), ...items.flatMap((i) => [i.resolutionFile, ...asArray(i.auxiliaryFile)])]),
  ];
  for (const target of new Set(held)) if (typeof target === 'string') changes.push(link(target, m.id, [m.id]));
  return changes;
}

/** Consultations read at once while following agenda items' URLs. */
const CONSULTATIONS_AT_ONCE = 4;

/**
 * A Consultation of its own (a body's list, or an item's URL), under `key`; and a link from its
 * paper, so that a change of the paper reaches the meeting through the item or the consultation.
 */
function consultationChanges(key: string, c: OparlConsultation): ObjectChange[] {
  const refs = [c.paper, c.agendaItem, c.meeting].filter((k): k is string => typeof k === 'string');
  const changes: ObjectChange[] = [{ kind: 'consultation', key, hash: hashOf(c), deleted: c.deleted === true, payload: c, refs }];
  if (!c.deleted && typeof c.paper === 'string') changes.push(link(c.paper, key, [key, ...refs.slice(1)]));
  return changes;
}

/** A paper, tied to its meetings by whatever its consultations name, and links from its files to the same. */
function paperChanges(p: OparlPaper): ObjectChange[] {
  const refs = [...new Set(consultationsOf(p).flatMap((c) => [c.meeting, c.agendaItem, c.id].filter((k): k is string => typeof k === 'string')))];
  const changes: ObjectChange[] = [{ kind: 'paper', key: p.id, hash: hashOf(p), deleted: p.deleted === true, payload: p, refs }];
  if (p.deleted) return changes;
  for (const file of new Set(filesOf([p.mainFile, ...asArray(p.auxiliaryFile)]))) changes.push(link(file, p.id, refs));
  return changes;
}

const link = (target: string, holder: string, refs: string[]): ObjectChange => ({ kind: LINK_KIND, key: linkKey(target, holder), hash: hashOf(refs), deleted: false, payload: { holder }, refs });

const filesOf = (files: (OparlFile | undefined)[]): string[] => files.flatMap((f) => (f && typeof f === 'object' && typeof f.id === 'string' ? [f.id] : []));

/**
 * OParl's flat agenda as the tree a councillor knows from the RIS: "10.1" under
 * "10", "3a" under "3", when that parent came earlier in the agenda; an item
 * whose parent number is not there stays where it is. The order is kept (a
 * depth-first walk of the tree gives the list as it came).
 */
export function nestByNumber(items: PackageAgendaItem[]): PackageAgendaItem[] {
  const top: PackageAgendaItem[] = [];
  const byNumber = new Map<string, { item: PackageAgendaItem; depth: number }>();
  // The last item and its ancestors: only under one of them does an item keep its place in the order.
  const chain: PackageAgendaItem[] = [];
  for (const item of items) {
    const key = item.number?.toLowerCase();
    const wanted = item.number === undefined ? undefined : parentNumberOf(item.number);
    const parent = wanted === undefined ? undefined : byNumber.get(wanted.toLowerCase());
    const nested = parent !== undefined && parent.depth < MAX_AGENDA_DEPTH && chain.includes(parent.item);
    if (nested) (parent.item.children ??= []).push(item);
    else top.push(item);
    chain.splice(nested ? chain.indexOf(parent.item) + 1 : 0, chain.length, item);
    if (key !== undefined && !byNumber.has(key)) byNumber.set(key, { item, depth: nested ? parent.depth + 1 : 1 });
  }
  return top;
}

/** The number an item number hangs under: "10.1" -> "10", "3a" -> "3", "O1.2b" -> "O1.2"; none for "10" or "O1". */
function parentNumberOf(number: string): string | undefined {
  const lettered = /^(.*\d)[a-z]$/i.exec(number);
  if (lettered) return lettered[1];
  const dot = number.lastIndexOf('.');
  return dot > 0 ? number.slice(0, dot) : undefined;
}

/** A Location as one line: its description, else its room and address ("Ratssaal, Markt 1, 50667 Köln"). */
function placeOf(l: OparlLocation): string | undefined {
  if (typeof l.description === 'string' && l.description.trim()) return l.description;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const town = [text(l.postalCode), text(l.locality)].filter(Boolean).join(' ');
  return [text(l.room), text(l.streetAddress), town].filter(Boolean).join(', ') || undefined;
}

/** An array property, or none when a server gives something else. */
const asArray = <T>(value: T[] | undefined): T[] => (Array.isArray(value) ? value : []);

/** Papers once each, in the order first given; none for what was not found. */
function uniquePapers(papers: (OparlPaper | null)[]): OparlPaper[] {
  const byId = new Map<string, OparlPaper>();
  for (const p of papers) if (p && typeof p.id === 'string' && !byId.has(p.id)) byId.set(p.id, p);
  return [...byId.values()];
}

/** A paper's live consultations that are objects (the spec embeds them). */
const consultationsOf = (p: OparlPaper): OparlConsultation[] => asArray(p.consultation).filter((c): c is OparlConsultation => !!c && typeof c === 'object' && !c.deleted);

/** An http(s) URL, relative ones taken against `base`; undefined for anything else (file:, javascript:, nonsense). */
function webUrl(value: string, base: string): string | undefined {
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A meeting's live agenda items in agenda order: by `order` (required in 1.1),
 * else as listed (1.0 has no order). An item without an id is not OParl.
 */
function liveItems(m: OparlMeeting, bad?: (nl: string, en: string) => never): OparlAgendaItem[] {
  const items = asArray(m.agendaItem).filter((i, index) => {
    if (i && typeof i === 'object' && typeof i.id === 'string') return !i.deleted;
    bad?.(`agendaItem ${index + 1} heeft geen id`, `agendaItem ${index + 1} has no id`);
    return false;
  });
  const position = new Map(items.map((i, index) => [i, typeof i.order === 'number' ? i.order : index]));
  return [...items].sort((a, b) => position.get(a)! - position.get(b)!);
}

const OTHER_EXTENSION = /\.(docx?|xlsx?|pptx?|odt|ods|odp|rtf|txt|html?|xml|zip|jpe?g|png|gif|tiff?|mp[34]|msg|eml)$/i;

/**
 * Whether a File is a PDF: by its mimeType, else by its file name or URL. A
 * file that says nothing (OParl requires neither) is fetched and its bytes decide.
 */
function pdfKind(file: OparlFile, url: string): 'pdf' | 'maybe' | 'no' {
  const type = typeof file.mimeType === 'string' ? file.mimeType.trim().toLowerCase() : '';
  // application/pdf and its other spellings (application/x-pdf, application/vnd.pdf, text/pdf).
  if (/(^|[/.+-])(x-)?pdf\b/.test(type)) return 'pdf';
  // A type that says what else it is; anything vaguer (octet-stream, "download", a typo) leaves it to the name.
  if (/^(image|video|audio|text|font|model)\/|^application\/(msword|vnd\.|zip|x-zip|xml|json|rtf|x-rar|gzip|x-7z)/.test(type)) return 'no';
  let urlPath = '';
  try {
    urlPath = decodeURIComponent(new URL(url, 'http://x/').pathname);
  } catch {
    urlPath = url;
  }
  for (const name of [file.fileName, urlPath]) {
    if (typeof name !== 'string') continue;
    if (/\.pdf$/i.test(name.trim())) return 'pdf';
    if (OTHER_EXTENSION.test(name.trim())) return 'no';
  }
  return 'maybe';
}
