// A second OParl server, not written after our adapter but after the spec
// (OParl/spec: schema/*.json, examples/*.json, the chapters on lists,
// pagination, filters, deleted objects and file access): another URL layout
// (/oparl/v1/body/1/meeting?page=2), two bodies of which one speaks OParl 1.0
// (1.0 type URIs, Meeting.location as a URL, agenda items without `order`),
// papers tied to items only through the agenda item or only through the
// consultation id, or only by a Consultation of its own (an item's consultation
// URL, or body 1's consultation list), unknown extra fields, deleted objects only under
// modified_since, a cancelled meeting, a non-public item, German item numbers
// ("Ö 1", "N 1"), sub-items numbered "3a" and "4.1" in a flat list, Files without mimeType, size or fileName behind a 302 to a
// path with umlauts and spaces, one of them not a PDF, gzip when asked, JSON
// only when asked for (Accept), and 429 with Retry-After on demand.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { makePdf } from '../support/make-package.ts';

type Json = Record<string, unknown>;

export interface ForeignServer {
  systemUrl: string;
  /** `${base}/oparl/v1`: where every object id starts. */
  o: string;
  requests: string[];
  /** JSON answers sent gzip-compressed (the client asked for it). */
  gzipped: number;
  /** JSON to answer instead, by path and query (a broken server). */
  answers: Map<string, unknown>;
  /** Lists leave out links.next (against the spec: pagination still says there are more pages). */
  dropNext: boolean;
  /** Called with each request's path and query before it is answered (a change while a sync reads). */
  onRequest: ((where: string) => void) | null;
  /** Paths (no query) answered with this HTTP status instead, or with an HTML page as 200 ('html'): a broken downloadUrl. */
  failing: Map<string, number | 'html'>;
  /** Answer the next `times` requests matching `match` (path and query) with 429 and this Retry-After (seconds). */
  rateLimit: { match: RegExp; times: number; retryAfter: number }[];
  meetings: Record<'1' | '2', Json[]>;
  papers: Record<'1' | '2', Json[]>;
  /** Body 1's Consultations that no paper embeds (its consultation list has these too). */
  consultations: Json[];
  /** Bytes by path (the files' final locations). */
  files: Map<string, { bytes: Buffer; type: string }>;
  /** The server's clock, in its own offset (+01:00); every call a second later. */
  tick(): string;
  /** Soft delete as the spec wants it: id, type and created kept, deleted: true, modified now. */
  softDelete(list: Json[], id: string): void;
  close(): Promise<void>;
}

const T11 = 'https://schema.oparl.org/1.1/';
const T10 = 'https://schema.oparl.org/1.0/';
const sha = (algo: string, bytes: Buffer) => crypto.createHash(algo).update(bytes).digest('hex');

export async function startForeignServer(): Promise<ForeignServer> {
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const o = `${base}/oparl/v1`;
  let clock = Date.parse('2026-01-05T09:00:00Z');
  const stamp = (ms: number) => new Date(ms + 3_600_000).toISOString().replace(/\.\d+Z$/, '+01:00');
  const created = stamp(clock);
  const pdf = async (title: string, ...lines: string[]) => Buffer.from(await makePdf([lines], title));

  const state: ForeignServer = {
    systemUrl: o,
    o,
    requests: [],
    gzipped: 0,
    rateLimit: [],
    onRequest: null,
    dropNext: false,
    answers: new Map(),
    failing: new Map(),
    meetings: { '1': [], '2': [] },
    papers: { '1': [], '2': [] },
    consultations: [],
    files: new Map(),
    tick: () => stamp((clock += 1000)),
    softDelete(list, id) {
      const i = list.findIndex((x) => x.id === id);
      const old = list[i]!;
      list[i] = { id: old.id, type: old.type, created: old.created, modified: state.tick(), deleted: true };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  /**
   * A File as the spec's examples have it. `where`: the path its bytes are served
   * at; `bare`: no mimeType, size, checksum or fileName, and accessUrl a 302 to `where`.
   */
  const file = (n: number, name: string, where: string, bytes: Buffer, options: { bare?: boolean; type?: string; v10?: boolean; fileName?: string; mimeType?: string } = {}): Json => {
    state.files.set(where, { bytes, type: options.type ?? 'application/pdf' });
    const id = `${o}/file/${n}`;
    if (options.bare) return { id, type: `${T11}File`, name, accessUrl: `${id}/zugriff`, created, modified: created, 'x-ris-ablage': { ordner: 7 } };
    return {
      id,
      type: `${options.v10 ? T10 : T11}File`,
      name,
      fileName: options.fileName ?? where.split('/').pop(),
      mimeType: options.mimeType ?? 'application/pdf',
      date: '2026-02-20',
      size: bytes.length,
      ...(options.v10 ? { sha1Checksum: sha('sha1', bytes) } : { sha512Checksum: sha('sha512', bytes) }),
      accessUrl: `${base}${encodeURI(where)}`,
      downloadUrl: `${id}/download`,
      created,
      modified: created,
    };
  };
  // Redirects from a file's accessUrl (or downloadUrl) to where its bytes are.
  const redirects = new Map<string, string>();
  const bareFile = (n: number, name: string, where: string, bytes: Buffer, type = 'application/octet-stream') => {
    redirects.set(`/oparl/v1/file/${n}/zugriff`, where);
    return file(n, name, where, bytes, { bare: true, type });
  };
  const withDownload = (n: number, f: Json) => {
    redirects.set(`/oparl/v1/file/${n}/download`, decodeURIComponent(new URL(f.accessUrl as string).pathname));
    return f;
  };

  const rawAccess = (f: Json) => {
    const { downloadUrl: _, ...rest } = f;
    return { ...rest, accessUrl: decodeURI(f.accessUrl as string) };
  };

  // ---- Body 1: Stadt Köln, OParl 1.1 -------------------------------------------
  const m101 = `${o}/meeting/101`;
  const m103 = `${o}/meeting/103`;
  const item = (id: number, meeting: string, fields: Json): Json => ({ id: `${o}/agendaitem/${id}`, type: `${T11}AgendaItem`, meeting, ...fields, created, modified: created });
  const radweg = withDownload(15, file(15, 'Beschluss Radwegekonzept', '/dokumente/beschluss-15.pdf', await pdf('Beschluss', 'Der Rat beschliesst das Radwegekonzept Innenstadt.', 'Abstimmung: einstimmig.')));
  const lageplan = withDownload(
    16,
    file(16, 'Anlage 2 Lageplan', '/dokumente/Anlage 2 Lageplan.pdf', await pdf('Lageplan', 'Lageplan der geplanten Fahrradstrassen.'), { mimeType: 'application/octet-stream', fileName: 'Anlage 2 Lageplan.pdf' }),
  );
  state.meetings['1'].push(
    {
      id: m101,
      type: `${T11}Meeting`,
      name: 'Sitzung des Rates',
      meetingState: 'terminiert',
      start: '2026-03-10T17:00:00+01:00',
      end: '2026-03-10T21:30:00+01:00',
      location: { id: `${o}/location/1`, type: `${T11}Location`, description: 'Ratssaal, Rathausplatz 1, 50667 Köln', created, modified: created },
      organization: [`${o}/organization/1`],
      invitation: bareFile(11, 'Einladung', '/dokumente/Einladung Ratssitzung März.pdf', await pdf('Einladung', 'Einladung zur Sitzung des Rates am 10. Maerz 2026.', 'Tagesordnung siehe Anlage.')),
      auxiliaryFile: [
        bareFile(19, 'Anwesenheitsliste', '/dokumente/anwesenheit-19', Buffer.from('PK\u0003\u0004 kein PDF, eine Word-Datei')),
        file(20, 'Präsentation', '/dokumente/praesentation-20.docx', Buffer.from('PK\u0003\u0004'), { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' }),
      ],
      // Not in agenda order: `order` says where each item belongs.
      agendaItem: [
        item(1003, m101, { number: 'Ö 3', order: 3, name: 'Haushaltssatzung 2026', public: true }),
        item(1001, m101, { number: 'Ö 1', order: 1, name: 'Eröffnung der Sitzung und Feststellung der Tagesordnung', public: true }),
        item(1002, m101, { number: 'Ö 2', order: 2, name: 'Bebauungsplan Nr. 12 „Grüne Straße“', public: true, consultation: `${o}/consultation/502`, result: 'ungeändert beschlossen' }),
        item(1004, m101, { number: 'N 1', order: 4, name: 'Grundstücksangelegenheit', public: false }),
        item(1005, m101, { number: 'Ö 4', order: 5, name: 'Radwegekonzept Innenstadt', public: true, resolutionFile: radweg, auxiliaryFile: [lageplan], 'x-abstimmung': { ja: 40, nein: 0 } }),
      ],
      keyword: ['Rat'],
      web: `${base}/si0057.asp?__ksinr=101`,
      'x-ris-version': '4.2',
      created,
      modified: created,
    },
    {
      id: `${o}/meeting/102`,
      type: `${T11}Meeting`,
      name: 'Sitzung des Finanzausschusses',
      cancelled: true,
      start: '2026-03-03T16:00:00+01:00',
      // No description: the room and address say where.
      location: { id: `${o}/location/2`, type: `${T11}Location`, room: 'Raum 12', streetAddress: 'Rathausplatz 1', postalCode: '50667', locality: 'Köln', created, modified: created },
      created,
      modified: created,
    },
    {
      id: m103,
      type: `${T11}Meeting`,
      name: 'Sitzung des Bauausschusses',
      start: '2026-02-24T17:00:00+01:00',
      agendaItem: [item(1101, m103, { number: 'Ö 1', order: 1, name: 'Bauvoranfrage Lindenstraße 5', public: true })],
      created,
      modified: created,
    },
  );
  const paper = (id: number, fields: Json): Json => ({ id: `${o}/paper/${id}`, type: `${T11}Paper`, body: `${o}/body/1`, ...fields, created, modified: created });
  state.papers['1'].push(
    paper(202, {
      name: 'Bebauungsplan Nr. 12 „Grüne Straße“ – Satzungsbeschluss',
      reference: '0202/2026',
      paperType: 'Beschlussvorlage',
      mainFile: withDownload(12, file(12, 'Beschlussvorlage Bebauungsplan', '/dokumente/vorlage-0202-2026.pdf', await pdf('Vorlage', 'Bebauungsplan Gruene Strasse: Satzungsbeschluss.', 'Die Verwaltung empfiehlt den Beschluss.'))),
      // Only the consultation's id ties it to item 1002 (which names it); no agendaItem here.
      consultation: [{ id: `${o}/consultation/502`, type: `${T11}Consultation`, meeting: m101, role: 'Entscheidung', authoritative: true }],
    }),
    paper(203, {
      name: 'Haushaltssatzung 2026',
      paperType: 'Beschlussvorlage',
      mainFile: bareFile(13, 'Haushaltssatzung 2026 Entwurf', '/dokumente/Haushaltssatzung 2026 Entwurf.pdf', await pdf('Haushalt', 'Entwurf der Haushaltssatzung 2026.', 'Ergebnisplan und Finanzplan.')),
      // Only an accessUrl, written as the RIS stores it: with a space and an umlaut, not percent-encoded.
      auxiliaryFile: [rawAccess(file(14, 'Anlage Stellenplan', '/dokumente/Anlage Stellenplan Übersicht.pdf', await pdf('Stellenplan', 'Stellenplan Uebersicht 2026.')))],
      // Only the agenda item: Consultation.meeting is optional.
      consultation: [{ id: `${o}/consultation/503`, type: `${T11}Consultation`, agendaItem: `${o}/agendaitem/1003`, role: 'Entscheidung' }],
    }),
    paper(204, {
      name: 'Bauvoranfrage Lindenstraße 5',
      mainFile: withDownload(17, file(17, 'Bauvoranfrage', '/dokumente/bauvoranfrage-17.pdf', await pdf('Bauvoranfrage', 'Bauvoranfrage fuer ein Wohnhaus in der Lindenstrasse.'))),
      consultation: [{ id: `${o}/consultation/504`, type: `${T11}Consultation`, meeting: m103, agendaItem: `${o}/agendaitem/1101` }],
    }),
    // Tied to its item only by a Consultation in the body's consultation list (OParl 1.1): the paper names none.
    paper(206, {
      name: 'Niederschrift der letzten Sitzung',
      paperType: 'Niederschrift',
      mainFile: withDownload(21, file(21, 'Niederschrift', '/dokumente/niederschrift-21.pdf', await pdf('Niederschrift', 'Niederschrift der Sitzung vom Februar mit Anwesenheit.'))),
    }),
    paper(205, {
      name: 'Mitteilung: Sachstand Kita-Ausbau',
      paperType: 'Mitteilung',
      mainFile: withDownload(18, file(18, 'Mitteilung Kita-Ausbau', '/dokumente/mitteilung-18.pdf', await pdf('Mitteilung', 'Sachstand zum Kitaausbau im Stadtgebiet.'))),
      // Consulted in the meeting, on no item of it.
      consultation: [{ id: `${o}/consultation/505`, type: `${T11}Consultation`, meeting: m101, role: 'Kenntnisnahme' }],
    }),
  );

  /** Body 1's own Consultations (1.1): those its papers embed, and one no paper names. */
  const consultationsOfBody1 = () => [
    ...state.papers['1'].flatMap((p) => (Array.isArray(p.consultation) ? (p.consultation as Json[]) : [])),
    ...state.consultations,
  ];
  state.consultations.push({ id: `${o}/consultation/506`, type: `${T11}Consultation`, paper: `${o}/paper/206`, agendaItem: `${o}/agendaitem/1001`, meeting: m101, role: 'Kenntnisnahme', created, modified: created });

  // ---- Body 2: Gemeinde Hürth, OParl 1.0 ---------------------------------------
  const m301 = `${o}/meeting/301`;
  const item10 = (id: number, fields: Json): Json => ({ id: `${o}/agendaitem/${id}`, type: `${T10}AgendaItem`, meeting: m301, ...fields, modified: created });
  state.meetings['2'].push({
    id: m301,
    type: `${T10}Meeting`,
    name: 'Sitzung des Gemeinderates',
    start: '2026-01-27T18:00:00+01:00',
    location: `${o}/location/7`,
    // OParl 1.0 has no `order`: the list's order is the agenda's.
    agendaItem: [
      item10(3001, { number: '1', name: 'Einwohnerfragestunde', public: true }),
      item10(3002, { number: '2', name: 'Satzung über die Straßenreinigung', public: true, consultation: `${o}/consultation/601` }),
      // Papers reachable only through the item's consultation URL (the consultation is in no paper).
      item10(3003, { number: '3', name: 'Verschiedenes', public: true, consultation: `${o}/consultation/602` }),
      // Sub-items as many RIS number them; the flat list is all OParl gives.
      item10(3004, { number: '3a', name: 'Anfrage zur Straßenbeleuchtung', public: true }),
      item10(3005, { number: '3b', name: 'Anfrage zum Winterdienst', public: true, consultation: `${o}/consultation/603` }),
      item10(3006, { number: '4.', name: 'Mitteilungen', public: true }),
      item10(3007, { number: '4.1', name: 'Mitteilung zum Haushaltsvollzug', public: true }),
      item10(3008, { number: '4.1.1', name: 'Anlage zur Mitteilung', public: true }),
      // Its parent "6" is not on the agenda: it stays at the top.
      item10(3009, { number: '6.1', name: 'Bericht der Bürgermeisterin', public: true }),
    ],
    created,
    modified: created,
  });
  // Objects only referenced by URL: the 1.0 location, and (against the spec) a paper's auxiliary file.
  const objects = new Map<string, Json>();
  objects.set(`${o}/location/7`, { id: `${o}/location/7`, type: `${T10}Location`, description: 'Bürgerhaus Hürth, Friedrich-Ebert-Straße 40', modified: created });
  const referenced = file(32, 'Gebührenkalkulation', '/dokumente/gebuehren-32.pdf', await pdf('Gebuehren', 'Gebuehrenkalkulation fuer die Strassenreinigung.'), { v10: true });
  redirects.set('/oparl/v1/file/32/download', '/dokumente/gebuehren-32.pdf');
  objects.set(referenced.id as string, referenced);
  // 602 points at a listed paper that names no consultation; 603 at a paper in no list at all.
  objects.set(`${o}/consultation/602`, { id: `${o}/consultation/602`, type: `${T10}Consultation`, paper: `${o}/paper/402`, agendaItem: `${o}/agendaitem/3003`, meeting: m301, modified: created });
  objects.set(`${o}/consultation/603`, { id: `${o}/consultation/603`, type: `${T10}Consultation`, paper: `${o}/paper/403`, modified: created });
  /** A 1.0 Paper with one main File served at `where` (behind its downloadUrl). */
  const paper10 = async (n: number, name: string, f: { n: number; name: string; where: string; text: string }): Promise<Json> => {
    redirects.set(`/oparl/v1/file/${f.n}/download`, f.where);
    return { id: `${o}/paper/${n}`, type: `${T10}Paper`, body: `${o}/body/2`, name, mainFile: file(f.n, f.name, f.where, await pdf(f.name, f.text), { v10: true }), modified: created };
  };
  state.papers['2'].push(await paper10(402, 'Bericht über den Zustand der Spielplätze', { n: 33, name: 'Spielplatzbericht', where: '/dokumente/spielplaetze-33.pdf', text: 'Bericht ueber den Zustand der Spielplaetze und Klettergerueste.' }));
  objects.set(`${o}/paper/403`, await paper10(403, 'Anfrage der Fraktion zum Winterdienst', { n: 34, name: 'Anfrage Winterdienst', where: '/dokumente/anfrage-34.pdf', text: 'Anfrage zu Streusalz und Raeumfahrzeugen im Winterdienst.' }));
  state.papers['2'].push({
    id: `${o}/paper/401`,
    type: `${T10}Paper`,
    body: `${o}/body/2`,
    name: 'Straßenreinigungssatzung',
    mainFile: file(31, 'Satzung Straßenreinigung', '/dokumente/satzung-31.pdf', await pdf('Satzung', 'Satzung ueber die Strassenreinigung und Winterdienst.'), { v10: true }),
    auxiliaryFile: [referenced.id],
    consultation: [{ id: `${o}/consultation/601`, type: `${T10}Consultation`, meeting: m301, agendaItem: `${o}/agendaitem/3002` }],
    created,
    modified: created,
  });
  redirects.set('/oparl/v1/file/31/download', '/dokumente/satzung-31.pdf');

  const body = (n: '1' | '2', fields: Json): Json => ({
    id: `${o}/body/${n}`,
    type: `${n === '1' ? T11 : T10}Body`,
    system: o,
    ...fields,
    organization: `${o}/body/${n}/organization`,
    person: `${o}/body/${n}/person`,
    meeting: `${o}/body/${n}/meeting`,
    paper: `${o}/body/${n}/paper`,
    // OParl 1.1's own lists of Files and Consultations (the same objects the meetings and papers embed).
    ...(n === '1' ? { file: `${o}/body/1/file`, consultation: `${o}/body/1/consultation` } : {}),
    legislativeTerm: [],
    created,
    modified: created,
  });
  const bodies = [body('1', { shortName: 'Köln', name: 'Stadt Köln, kreisfreie Stadt', ags: '05315000' }), body('2', { shortName: 'Hürth', name: 'Stadt Hürth', 'x-hinweis': 'Testsystem' })];

  /** Every File body 1's meetings and papers hold, once, by id. */
  const filesOfBody1 = () => {
    const found = new Map<string, Json>();
    const walk = (value: unknown) => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (!value || typeof value !== 'object') return;
      const object = value as Json;
      if (typeof object.type === 'string' && object.type.endsWith('/File')) found.set(object.id as string, object);
      else Object.values(object).forEach(walk);
    };
    walk([state.meetings['1'], state.papers['1']]);
    return [...found.values()].sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1));
  };

  // ---- Serving -------------------------------------------------------------------
  const send = (req: http.IncomingMessage, res: http.ServerResponse, value: unknown) => {
    // Content negotiation as some RIS do it: JSON only for a client that asks for it, else the web page.
    if (!/application\/json/.test(String(req.headers.accept ?? ''))) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end('<!doctype html><title>Ratsinformationssystem</title>');
    }
    let bytes = Buffer.from(JSON.stringify(value));
    // The server's own clock in Date, as a real server's is.
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8', date: new Date(clock).toUTCString() };
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      bytes = zlib.gzipSync(bytes);
      headers['content-encoding'] = 'gzip';
      state.gzipped++;
    }
    res.writeHead(200, { ...headers, 'content-length': bytes.length });
    res.end(bytes);
  };
  /** An external list: 2 a page, filters kept in every link, deleted objects only under modified_since. */
  const list = (req: http.IncomingMessage, res: http.ServerResponse, url: URL, items: Json[]) => {
    const since = url.searchParams.get('modified_since');
    const live = since ? items.filter((i) => Date.parse(i.modified as string) >= Date.parse(since)) : items.filter((i) => !i.deleted);
    const page = Number(url.searchParams.get('page') ?? '1');
    const pages = Math.max(1, Math.ceil(live.length / 2));
    const link = (p: number) => {
      const u = new URL(url);
      u.searchParams.set('page', String(p));
      return u.toString();
    };
    send(req, res, {
      data: live.slice((page - 1) * 2, page * 2),
      pagination: { totalElements: live.length, elementsPerPage: 2, currentPage: page, totalPages: pages },
      links: { first: link(1), self: link(page), last: link(pages), ...(page > 1 ? { prev: link(page - 1) } : {}), ...(page < pages && !state.dropNext ? { next: link(page + 1) } : {}) },
    });
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const where = url.pathname + url.search;
    state.requests.push(where);
    state.onRequest?.(where);
    const limited = state.rateLimit.find((r) => r.times > 0 && r.match.test(where));
    if (limited) {
      limited.times--;
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(limited.retryAfter) });
      return res.end(JSON.stringify({ type: `${T11}Error`, message: 'Too Many Requests' }));
    }
    if (state.answers.has(where)) return send(req, res, state.answers.get(where));
    const p = decodeURIComponent(url.pathname);
    const failure = state.failing.get(p);
    if (failure === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!doctype html><title>Dokumentenserver</title><p>Sitzung abgelaufen</p>');
    }
    if (failure !== undefined) {
      res.writeHead(failure, { 'content-type': 'text/plain' });
      return res.end('Fehler');
    }
    if (p === '/oparl/v1') return send(req, res, { id: o, type: `${T11}System`, oparlVersion: T11, otherOparlVersions: [], name: 'Ratsinformationssystem (fremd)', body: `${o}/body`, vendor: 'https://example.org', created, modified: created });
    if (p === '/oparl/v1/body') return list(req, res, url, bodies);
    const object = objects.get(`${base}${p}`);
    if (object) return send(req, res, object);
    const listOf = /^\/oparl\/v1\/body\/([12])\/(meeting|paper)$/.exec(p);
    if (listOf) return list(req, res, url, state[listOf[2] === 'meeting' ? 'meetings' : 'papers'][listOf[1] as '1' | '2']);
    if (p === '/oparl/v1/body/1/file') return list(req, res, url, filesOfBody1());
    if (p === '/oparl/v1/body/1/consultation') return list(req, res, url, consultationsOfBody1());
    const to = redirects.get(p);
    if (to) {
      res.writeHead(302, { location: encodeURI(to) });
      return res.end();
    }
    const served = state.files.get(p);
    if (served) {
      res.writeHead(200, { 'content-type': served.type, 'content-length': served.bytes.length });
      return res.end(served.bytes);
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ type: `${T11}Error`, message: 'Not Found' }));
  }

  return state;
}
