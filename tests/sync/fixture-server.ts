// Local council-data APIs on 127.0.0.1 for tests and the sync benchmark:
// OParl 1.1 (System, Body, paginated Meeting and Paper lists with
// modified_since and deleted objects, Files with size and sha512Checksum) and
// OpenBesluitvorming's export feed (snapshot, changes, NDJSON, cursors in
// headers), shaped after the specs (OParl/spec schema and examples,
// ontola/openbesluitvorming API.md and schemas). The meetings are the sample
// meetings of Zwolle with their real PDFs. Faults are switched on per test.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackageAgendaItem, PackageManifest } from '../../shared/package-format.ts';
import { firstDeliveries } from '../../scripts/sample/deliveries.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE_DIR = path.join(repo, 'resources', 'sample');

export type FaultKind = '500' | '429' | 'timeout' | 'truncate' | 'wrong-type' | 'refuse-range';
export interface Fault {
  /** Matched against the request path with its query. */
  match: RegExp;
  kind: FaultKind;
  /** How many requests it hits; Infinity for all. */
  times: number;
  retryAfter?: number;
}

type Json = Record<string, unknown>;

export interface FixtureServer {
  base: string;
  oparlUrl: string;
  obvUrl: string;
  faults: Fault[];
  /** Every request: method, path with query, Range header. */
  requests: { path: string; range: string | undefined }[];
  /** links.next of the last meeting page points back at the first. */
  paginationLoop: boolean;
  /** More OParl bodies after Zwolle's (a system with several; they have no meetings). */
  extraBodies: Json[];
  oparl: { meetings: Json[]; papers: Json[] };
  files: Map<string, Buffer>;
  /** Bytes served as file bodies. */
  fileBytesServed: number;
  tick(): string;
  /** OParl: a changed PDF for a file (the paper is modified too); OBV: an upsert of its document. */
  replaceFile(fileId: string, bytes: Buffer): void;
  deleteOparlMeeting(meetingId: string): void;
  /** The next `times` requests for this file get bytes that do not match its sha512Checksum. */
  corruptFile(fileId: string, times?: number): void;
  obvLog: Json[];
  obvDelete(entityId: string): void;
  close(): Promise<void>;
}

const sha = (algo: string, bytes: Buffer) => crypto.createHash(algo).update(bytes).digest('hex');

interface SampleMeeting {
  manifest: PackageManifest;
  files: Map<string, Buffer>;
}

/** The sample packages; `copies` > 5 repeats them with other dates and PDFs made distinct. */
export function sampleMeetings(copies = 5): SampleMeeting[] {
  // Each meeting once, as first delivered: a second package of one (a revised document) is no meeting of its own.
  const dirs = firstDeliveries(SAMPLE_DIR);
  const out: SampleMeeting[] = [];
  for (let i = 0; i < copies; i++) {
    const dir = dirs[i % dirs.length]!;
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'meeting.json'), 'utf8')) as PackageManifest;
    const files = new Map<string, Buffer>();
    for (const doc of manifest.documents) {
      let bytes = fs.readFileSync(path.join(dir, doc.file));
      // Copies get their own bytes (a comment after %%EOF): new files to download and read.
      if (i >= dirs.length) bytes = Buffer.concat([bytes, Buffer.from(`\n%copy ${i}\n`)]);
      files.set(doc.id, bytes);
    }
    if (i >= dirs.length) {
      const year = 2030 + Math.floor(i / dirs.length);
      manifest.meeting.id = `${manifest.meeting.id}-copy-${i}`;
      manifest.meeting.start = manifest.meeting.start.replace(/^\d{4}/, String(year));
      manifest.documents = manifest.documents.map((d) => ({ ...d, id: `${d.id}-copy-${i}` }));
      const rename = (items: PackageAgendaItem[]) => items.forEach((it) => {
        if (it.documents) it.documents = it.documents.map((d) => `${d}-copy-${i}`);
        if (it.children) rename(it.children);
      });
      rename(manifest.agenda);
      for (const [id, bytes] of [...files]) {
        files.delete(id);
        files.set(`${id}-copy-${i}`, bytes);
      }
    }
    out.push({ manifest, files });
  }
  return out;
}

const leaves = (items: PackageAgendaItem[]): PackageAgendaItem[] => items.flatMap((i) => [i, ...leaves(i.children ?? [])]);
const slug = (id: string) => id.replace(/[^A-Za-z0-9]+/g, '-');

export async function startFixtureServer(options: { meetings?: number; pageSize?: number } = {}): Promise<FixtureServer> {
  const pageSize = options.pageSize ?? 2;
  let clock = Date.parse('2024-01-01T00:00:00Z');
  const corrupt = new Map<string, number>();
  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const o = `${base}/oparl`;

  const state: FixtureServer = {
    base,
    oparlUrl: `${o}/system`,
    obvUrl: base,
    faults: [],
    extraBodies: [],
    requests: [],
    paginationLoop: false,
    oparl: { meetings: [], papers: [] },
    files: new Map(),
    fileBytesServed: 0,
    obvLog: [],
    tick: () => new Date((clock += 1000)).toISOString().replace('.000Z', '+00:00'),
    replaceFile(fileId, bytes) {
      state.files.set(fileId, bytes);
      const modified = state.tick();
      for (const paper of state.oparl.papers) {
        const main = paper.mainFile as Json | undefined;
        if (main?.id === `${o}/file/${fileId}`) {
          Object.assign(main, { size: bytes.length, sha512Checksum: sha('sha512', bytes), modified });
          paper.modified = modified;
        }
      }
      const latest = [...state.obvLog].reverse().find((r) => r.entity_id === `document:fixture:${fileId}`);
      if (latest) obvAppend('upsert', 'Document', latest.entity_id as string, { ...(latest.payload as Json), size_in_bytes: bytes.length, date_modified: modified });
    },
    deleteOparlMeeting(meetingId) {
      const i = state.oparl.meetings.findIndex((m) => m.id === meetingId);
      state.oparl.meetings[i] = { id: meetingId, type: 'https://schema.oparl.org/1.1/Meeting', deleted: true, modified: state.tick() };
    },
    corruptFile(fileId, times = 1) {
      corrupt.set(fileId, times);
    },
    obvDelete(entityId) {
      obvAppend('delete', entityId.startsWith('meeting:') ? 'Meeting' : 'Document', entityId, undefined);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  function obvAppend(op: string, type: string, id: string, payload: Json | undefined) {
    const record: Json = { seq: state.obvLog.length + 1, op, time: state.tick(), entity_id: id, entity_type: type, source_key: 'zwolle', supplier: 'fixture' };
    if (payload) Object.assign(record, { content_hash: `sha256:${sha('sha256', Buffer.from(JSON.stringify(payload)))}`, schema_version: 'v1alpha1', payload });
    state.obvLog.push(record);
  }

  // ---- Fixture data from the sample meetings -----------------------------------
  for (const [n, sample] of sampleMeetings(options.meetings ?? 5).entries()) {
    const { manifest } = sample;
    const meetingUrl = `${o}/meeting/${n + 1}`;
    const modified = state.tick();
    const items = leaves(manifest.agenda).filter((i) => !i.section || i.documents?.length);
    const fileObject = (docId: string): Json => {
      const doc = manifest.documents.find((d) => d.id === docId)!;
      const bytes = sample.files.get(docId)!;
      const fileId = slug(docId);
      state.files.set(fileId, bytes);
      return {
        id: `${o}/file/${fileId}`,
        type: 'https://schema.oparl.org/1.1/File',
        name: doc.title,
        fileName: `${fileId}.pdf`,
        mimeType: 'application/pdf',
        date: doc.date,
        size: bytes.length,
        sha512Checksum: sha('sha512', bytes),
        accessUrl: `${o}/file/${fileId}/access`,
        downloadUrl: `${o}/file/${fileId}/download`,
        modified,
      };
    };
    const agendaItems = items.map((item, order) => {
      const itemUrl = `${meetingUrl}/item/${slug(item.id)}`;
      for (const docId of item.documents ?? []) {
        const paperUrl = `${o}/paper/${slug(docId)}`;
        let paper = state.oparl.papers.find((p) => p.id === paperUrl);
        if (!paper) {
          const doc = manifest.documents.find((d) => d.id === docId)!;
          paper = { id: paperUrl, type: 'https://schema.oparl.org/1.1/Paper', body: `${o}/body/zwolle`, name: doc.title, paperType: doc.type, date: doc.date, mainFile: fileObject(docId), consultation: [], modified };
          state.oparl.papers.push(paper);
        }
        (paper.consultation as Json[]).push({ id: `${itemUrl}/consultation`, type: 'https://schema.oparl.org/1.1/Consultation', agendaItem: itemUrl, meeting: meetingUrl, role: 'Behandeling' });
      }
      return { id: itemUrl, type: 'https://schema.oparl.org/1.1/AgendaItem', meeting: meetingUrl, number: item.number, order, name: item.title, public: true, consultation: `${itemUrl}/consultation` };
    });
    state.oparl.meetings.push({
      id: meetingUrl,
      type: 'https://schema.oparl.org/1.1/Meeting',
      name: manifest.meeting.title,
      start: manifest.meeting.start,
      end: manifest.meeting.end,
      location: { id: `${o}/location/1`, type: 'https://schema.oparl.org/1.1/Location', description: manifest.meeting.location },
      organization: [`${o}/organization/raad`],
      agendaItem: agendaItems,
      created: modified,
      modified,
    });

    // The same meeting in OpenBesluitvorming's export: documents, then the meeting that lists them.
    const meetingEntity = `meeting:fixture:${slug(manifest.meeting.id)}`;
    for (const doc of manifest.documents) {
      const fileId = slug(doc.id);
      state.files.set(fileId, sample.files.get(doc.id)!);
      obvAppend('upsert', 'Document', `document:fixture:${fileId}`, {
        type: 'Document',
        name: doc.title,
        original_url: `${base}/files/${fileId}.pdf`,
        file_name: `${fileId}.pdf`,
        content_type: 'application/pdf',
        size_in_bytes: sample.files.get(doc.id)!.length,
        date_modified: modified,
        classification: doc.type,
        is_referenced_by: meetingEntity,
      });
    }
    const obvItem = (item: PackageAgendaItem, order: number): Json => ({
      id: `agenda_item:fixture:${slug(manifest.meeting.id)}:${slug(item.id)}`,
      title: item.title,
      number: item.number,
      order,
      is_heading: item.section === true,
      description: item.description,
      documents: (item.documents ?? []).map((d) => ({ id: `document:fixture:${slug(d)}`, name: manifest.documents.find((x) => x.id === d)!.title, content_type: 'application/pdf' })),
      agenda_items: (item.children ?? []).map(obvItem),
    });
    obvAppend('upsert', 'Meeting', meetingEntity, {
      type: 'Meeting',
      name: manifest.meeting.title,
      start_date: manifest.meeting.start,
      end_date: manifest.meeting.end,
      location: manifest.meeting.location,
      committee: { id: 'committee:fixture:raadsplein', name: manifest.body.name },
      agenda: manifest.agenda.map(obvItem),
    });
  }

  // ---- Serving ---------------------------------------------------------------
  const json = (res: http.ServerResponse, body: unknown, type = 'application/json') => {
    const bytes = Buffer.from(JSON.stringify(body));
    res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
    res.end(bytes);
  };
  const list = (res: http.ServerResponse, url: URL, items: Json[]) => {
    const since = url.searchParams.get('modified_since');
    const filtered = since ? items.filter((i) => Date.parse(i.modified as string) >= Date.parse(since)) : items;
    const page = Number(url.searchParams.get('page') ?? '1');
    const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
    const link = (p: number) => {
      const u = new URL(url);
      u.searchParams.set('page', String(p));
      return u.toString();
    };
    const next = page < pages ? link(page + 1) : state.paginationLoop ? link(1) : undefined;
    json(res, {
      data: filtered.slice((page - 1) * pageSize, page * pageSize),
      pagination: { totalElements: filtered.length, elementsPerPage: pageSize, currentPage: page, totalPages: pages },
      links: { first: link(1), self: link(page), last: link(pages), ...(next ? { next } : {}) },
    });
  };
  const sendFile = (req: http.IncomingMessage, res: http.ServerResponse, fileId: string, fault: Fault | undefined) => {
    let bytes = state.files.get(fileId);
    if (!bytes) return notFound(res);
    const bad = corrupt.get(fileId) ?? 0;
    if (bad > 0) corrupt.set(fileId, bad - 1);
    if (bad > 0) bytes = Buffer.from(bytes.toString('latin1').replace('%%EOF', '%%EOX'), 'latin1');
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range && fault?.kind !== 'refuse-range' ? Number(range[1]) : 0;
    const body = bytes.subarray(start);
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/pdf', 'content-length': body.length, 'accept-ranges': 'bytes' };
    if (start > 0) headers['content-range'] = `bytes ${start}-${bytes.length - 1}/${bytes.length}`;
    res.writeHead(start > 0 ? 206 : 200, headers);
    if (fault?.kind === 'truncate') {
      // Half the body, then the connection drops.
      res.write(body.subarray(0, Math.floor(body.length / 2)));
      state.fileBytesServed += Math.floor(body.length / 2);
      setTimeout(() => res.destroy(), 10);
      return;
    }
    state.fileBytesServed += body.length;
    res.end(body);
  };
  const notFound = (res: http.ServerResponse) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  };

  function takeFault(pathWithQuery: string): Fault | undefined {
    const fault = state.faults.find((f) => f.times > 0 && f.match.test(pathWithQuery));
    if (fault) fault.times--;
    return fault;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const where = url.pathname + url.search;
    state.requests.push({ path: where, range: req.headers.range });
    const fault = takeFault(where);
    if (fault?.kind === '500') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      return res.end('interne fout');
    }
    if (fault?.kind === '429') {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(fault.retryAfter ?? 1) });
      return res.end(JSON.stringify({ code: 'rate_limited', error: 'Te veel verzoeken.', retry_after_seconds: fault.retryAfter ?? 1 }));
    }
    if (fault?.kind === 'timeout') return; // never answers; the client must give up
    if (fault?.kind === 'wrong-type') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><body>Inloggen bij het gemeentelijk netwerk</body></html>');
    }
    const p = url.pathname;
    if (p === '/oparl/system') {
      return json(res, { id: state.oparlUrl, type: 'https://schema.oparl.org/1.1/System', oparlVersion: 'https://schema.oparl.org/1.1/', name: 'Raadsinformatie Zwolle (fixture)', body: `${o}/bodies` });
    }
    if (p === '/oparl/bodies') {
      return list(res, url, [
        { id: `${o}/body/zwolle`, type: 'https://schema.oparl.org/1.1/Body', system: state.oparlUrl, shortName: 'Zwolle', name: 'Gemeente Zwolle', meeting: `${o}/body/zwolle/meeting`, paper: `${o}/body/zwolle/paper`, modified: '2024-01-01T00:00:00+00:00' },
        ...state.extraBodies,
      ]);
    }
    if (p === '/oparl/body/zwolle/meeting') return list(res, url, state.oparl.meetings);
    if (p === '/oparl/body/zwolle/paper') return list(res, url, state.oparl.papers);
    const file = /^\/oparl\/file\/([^/]+)\/(access|download)$/.exec(p) ?? /^\/files\/([^/]+)\.pdf$/.exec(p);
    if (file) return sendFile(req, res, file[1]!, fault);
    if (p === '/api/export/snapshot' || p === '/api/export/changes') return obvExport(res, url, p.endsWith('snapshot'));
    notFound(res);
  }

  function obvExport(res: http.ServerResponse, url: URL, snapshot: boolean) {
    const limit = Number(url.searchParams.get('limit') ?? '500');
    const cursor = url.searchParams.get('cursor') ?? '';
    let records: Json[];
    let next: string;
    let more: boolean;
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/x-ndjson' };
    if (snapshot) {
      const current = new Map<string, Json>();
      for (const r of state.obvLog) current.set(r.entity_id as string, r);
      const live = [...current.values()].filter((r) => r.op === 'upsert').sort((a, b) => ((a.entity_id as string) < (b.entity_id as string) ? -1 : 1));
      const rest = live.filter((r) => (r.entity_id as string) > cursor);
      records = rest.slice(0, Math.min(limit, pageSize * 3));
      more = rest.length > records.length;
      next = records.length ? (records.at(-1)!.entity_id as string) : cursor;
      if (!cursor) headers['x-changes-cursor'] = String(state.obvLog.length);
    } else {
      const after = Number(cursor || '0');
      const rest = state.obvLog.filter((r) => (r.seq as number) > after);
      records = rest.slice(0, limit);
      more = rest.length > records.length;
      next = String(records.length ? records.at(-1)!.seq : after);
    }
    headers['x-next-cursor'] = state.paginationLoop ? cursor || '0' : next;
    headers['x-has-more'] = String(state.paginationLoop || more);
    headers['ratelimit-limit'] = '60';
    headers['ratelimit-remaining'] = '59';
    res.writeHead(200, headers);
    res.end(records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : ''));
  }

  return state;
}
