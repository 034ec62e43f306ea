// Sync from an OParl server shaped after the spec and its examples rather than
// after our adapter (foreign-oparl-server.ts), end to end into a real store:
// what a councillor sees afterwards, and what a second sync picks up.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import type { AgendaItemView } from '../../shared/api.ts';
import { makePdf } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';
import { startForeignServer, type ForeignServer } from './foreign-oparl-server.ts';
import { syncCore, visible } from './helpers.ts';

let server: ForeignServer;
let core: Core;
let waits: number[];

beforeEach(async () => {
  server = await startForeignServer();
  ({ core, waits } = syncCore(tempDir(), { timeoutMs: 10_000 }));
});
afterEach(async () => {
  await core.close();
  await server.close();
});

const meetingNamed = (title: string) => {
  const listed = core.listMeetings({}).find((m) => m.title === title);
  if (!listed) throw new Error(`no meeting "${title}" among ${core.listMeetings({}).map((m) => m.title).join(', ')}`);
  return core.getMeeting({ meetingId: listed.id });
};
/** Number, title and the titles of the documents listed (not withdrawn) of each agenda item, in agenda order. */
const agendaOf = (items: AgendaItemView[]) => items.map((i) => [i.number ?? null, i.title, i.documents.filter((d) => d.linkStatus === 'active').map((d) => d.title)]);
/** Number and title of each agenda item, with its sub-items under it. */
const treeOf = (items: AgendaItemView[]): unknown[] => items.map((i) => (i.children.length ? [i.number ?? null, i.title, treeOf(i.children)] : [i.number ?? null, i.title]));
const searchTitles = async (query: string) => {
  await core.searchIndexReady();
  return core.search({ query }).documents.map((d) => ({ title: d.title, meeting: d.meeting?.title ?? null, item: d.agendaItem?.number ?? null }));
};

describe('OParl sync from a server we did not write', () => {
  it('imports the meetings with their agenda in order, every document on its item, text searchable', async () => {
    server.rateLimit.push({ match: /^\/oparl\/v1\/body\/1\/meeting\?page=2$/, times: 1, retryAfter: 2 });
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: '1' });
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'ok', meetingsCreated: 3, meetingsFailed: 0, error: null });
    // 429 waited out as asked, pages followed through the server's own links, gzip read.
    expect(waits).toContain(2000);
    expect(server.requests).toContain('/oparl/v1/body/1/meeting?page=2');
    expect(server.gzipped).toBeGreaterThan(3);

    const council = meetingNamed('Sitzung des Rates');
    expect(council).toMatchObject({ status: 'active', location: 'Ratssaal, Rathausplatz 1, 50667 Köln' });
    expect(Date.parse(council.startsAt)).toBe(Date.parse('2026-03-10T16:00:00Z'));
    expect(council.body.municipality).toBe('Köln');
    expect(agendaOf(council.agenda)).toEqual([
      // The invitation (no mimeType, no size, behind a redirect to a name with umlauts) and a paper on no item;
      // the attendance list that is no PDF is left out.
      [null, 'Vergaderstukken', ['Einladung', 'Mitteilung: Sachstand Kita-Ausbau']],
      // Tied to it only by a Consultation in the body's consultation list.
      ['O1', 'Eröffnung der Sitzung und Feststellung der Tagesordnung', ['Niederschrift der letzten Sitzung']],
      ['O2', 'Bebauungsplan Nr. 12 „Grüne Straße“', ['Bebauungsplan Nr. 12 „Grüne Straße“ – Satzungsbeschluss']],
      ['O3', 'Haushaltssatzung 2026', ['Haushaltssatzung 2026', 'Anlage Stellenplan']],
      ['N1', 'Grundstücksangelegenheit (besloten)', []],
      ['O4', 'Radwegekonzept Innenstadt', ['Beschluss Radwegekonzept', 'Anlage 2 Lageplan']],
    ]);
    // A Word file the API calls one is not fetched at all.
    expect(server.requests.filter((r) => r.includes('/file/20') || r.includes('praesentation'))).toEqual([]);
    // Behind a 302, and straight from an accessUrl written with a space and an umlaut.
    expect(server.requests).toEqual(expect.arrayContaining(['/oparl/v1/file/11/zugriff', '/dokumente/Einladung%20Ratssitzung%20M%C3%A4rz.pdf', '/dokumente/Anlage%20Stellenplan%20%C3%9Cbersicht.pdf']));
    const documents = council.agenda.flatMap((i) => i.documents);
    expect(documents.every((d) => d.pageCount === 1)).toBe(true);
    expect(meetingNamed('Sitzung des Finanzausschusses (vervallen)')).toMatchObject({ agenda: [], location: 'Raum 12, Rathausplatz 1, 50667 Köln' });
    expect(agendaOf(meetingNamed('Sitzung des Bauausschusses').agenda)).toEqual([['O1', 'Bauvoranfrage Lindenstraße 5', ['Bauvoranfrage Lindenstraße 5']]]);

    expect(await searchTitles('Radwegekonzept')).toContainEqual({ title: 'Beschluss Radwegekonzept', meeting: 'Sitzung des Rates', item: 'O4' });
    expect(await searchTitles('Finanzplan')).toContainEqual({ title: 'Haushaltssatzung 2026', meeting: 'Sitzung des Rates', item: 'O3' });
    expect((await core.doctor({})).problems).toEqual([]);
  });

  it('a second sync asks for what changed since the server time it saw, and picks up a changed file and deleted objects', async () => {
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: 'Köln' });
    await core.syncSources({});
    const before = visible(core);

    // A new version of the budget: only its File says so (in the body's file list), not the paper
    // that holds it (which names only the agenda item) nor the meeting.
    const budget = server.papers['1'].find((p) => p.name === 'Haushaltssatzung 2026')!;
    server.files.set('/dokumente/Haushaltssatzung 2026 Entwurf.pdf', { bytes: Buffer.from(await makePdf([['Geaenderter Entwurf mit Tilgungsplan.']], 'Haushalt')), type: 'application/octet-stream' });
    (budget.mainFile as Record<string, unknown>).modified = server.tick();
    const cursorAt = server.requests.length;
    const [second] = await core.syncSources({});
    expect(second).toMatchObject({ status: 'ok', meetingsCreated: 0, meetingsUpdated: 1, filesDownloaded: 1, error: null });
    const asked = server.requests.slice(cursorAt).filter((r) => r.startsWith('/oparl/v1/body/1/'));
    expect(asked.filter((r) => r.startsWith('/oparl/v1/body/1/file?'))).not.toEqual([]);
    // The server's own timestamp, offset and all, properly encoded.
    expect(asked.every((r) => /modified_since=2026-01-05T10%3A00%3A0\d%2B01%3A00/.test(r))).toBe(true);
    const budgetDoc = meetingNamed('Sitzung des Rates').agenda.find((i) => i.number === 'O3')!.documents[0]!;
    expect(core.getDocument({ documentId: budgetDoc.id }).versions).toHaveLength(2);
    expect(await searchTitles('Tilgungsplan')).toContainEqual({ title: 'Haushaltssatzung 2026', meeting: 'Sitzung des Rates', item: 'O3' });

    // The notice withdrawn, a meeting deleted: soft deletes, seen only under modified_since.
    server.softDelete(server.papers['1'], `${server.o}/paper/205`);
    server.softDelete(server.meetings['1'], `${server.o}/meeting/103`);
    const [third] = await core.syncSources({});
    expect(third).toMatchObject({ status: 'ok', meetingsCreated: 0, meetingsUpdated: 1, meetingsWithdrawn: 1, filesDownloaded: 0, error: null });
    const council = meetingNamed('Sitzung des Rates');
    expect(agendaOf(council.agenda)[0]).toEqual([null, 'Vergaderstukken', ['Einladung']]);
    // Withdrawn, not deleted: my notes on it stay reachable.
    expect(council.agenda[0]!.documents.find((d) => d.title === 'Mitteilung: Sachstand Kita-Ausbau')).toMatchObject({ linkStatus: 'withdrawn', status: 'withdrawn' });
    expect(meetingNamed('Sitzung des Bauausschusses').status).toBe('withdrawn');
    // The cancelled meeting did not change.
    const cancelled = meetingNamed('Sitzung des Finanzausschusses (vervallen)').externalId;
    expect(visible(core)[cancelled]).toEqual(before[cancelled]);

    const [fourth] = await core.syncSources({});
    expect(fourth).toMatchObject({ status: 'ok', meetingsCreated: 0, meetingsUpdated: 0, meetingsWithdrawn: 0, filesDownloaded: 0 });
  });

  it('an OParl 1.0 body: 1.0 type URIs, the location as a URL, agenda items in listed order without `order`, a File given by URL', async () => {
    const check = await core.checkSource({ kind: 'oparl', url: server.systemUrl });
    expect(check).toMatchObject({ status: 'choose-body', bodies: [{ name: 'Stadt Köln, kreisfreie Stadt' }, { name: 'Stadt Hürth' }] });
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: 'Hürth' });
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'ok', meetingsCreated: 1 });
    const meeting = meetingNamed('Sitzung des Gemeinderates');
    expect(meeting.location).toBe('Bürgerhaus Hürth, Friedrich-Ebert-Straße 40');
    expect(agendaOf(meeting.agenda).slice(0, 3)).toEqual([
      ['1', 'Einwohnerfragestunde', []],
      ['2', 'Satzung über die Straßenreinigung', ['Straßenreinigungssatzung', 'Gebührenkalkulation']],
      // Only its consultation URL leads to this paper (which names no consultation).
      ['3', 'Verschiedenes', ['Bericht über den Zustand der Spielplätze']],
    ]);
    // And to a paper in no list at all, fetched by its URL.
    expect(agendaOf(meeting.agenda[2]!.children)[1]).toEqual(['3b', 'Anfrage zum Winterdienst', ['Anfrage der Fraktion zum Winterdienst']]);
    expect(await searchTitles('Winterdienst')).toContainEqual({ title: 'Straßenreinigungssatzung', meeting: 'Sitzung des Gemeinderates', item: '2' });
  });
});

describe('OParl papers reached only through a Consultation of its own', () => {
  it('fetches each consultation URL once, keeps it in the mirror, and does not ask again when the meeting changes', async () => {
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: 'Hürth' });
    const [first] = await core.syncSources({});
    expect(first).toMatchObject({ status: 'ok', meetingsCreated: 1, meetingsFailed: 0 });
    const asked = (from: number, path: string) => server.requests.slice(from).filter((r) => r === path).length;
    expect(asked(0, '/oparl/v1/consultation/602')).toBe(1);
    expect(asked(0, '/oparl/v1/consultation/603')).toBe(1);
    // The paper in no list: fetched once by its URL; the listed one not at all.
    expect(asked(0, '/oparl/v1/paper/403')).toBe(1);
    expect(asked(0, '/oparl/v1/paper/402')).toBe(0);

    // The meeting changes (a new item): its consultations are known, the papers stay on their items.
    const council = server.meetings['2'][0]!;
    (council.agendaItem as Record<string, unknown>[]).push({ id: `${server.o}/agendaitem/3011`, type: 'https://schema.oparl.org/1.0/AgendaItem', meeting: council.id, number: '7', name: 'Anfragen', public: true });
    council.modified = server.tick();
    const before = server.requests.length;
    const [second] = await core.syncSources({});
    expect(second).toMatchObject({ status: 'ok', meetingsUpdated: 1, filesDownloaded: 0 });
    expect(server.requests.slice(before).filter((r) => /\/(consultation|paper)\/\d+$/.test(r))).toEqual([]);
    const agenda = meetingNamed('Sitzung des Gemeinderates').agenda;
    expect(agendaOf(agenda)[2]).toEqual(['3', 'Verschiedenes', ['Bericht über den Zustand der Spielplätze']]);
    expect(agendaOf(agenda[2]!.children)[1]).toEqual(['3b', 'Anfrage zum Winterdienst', ['Anfrage der Fraktion zum Winterdienst']]);

    // A new version of a paper that names no consultation still reaches the meeting (through the consultation).
    const report = server.papers['2'].find((p) => p.id === `${server.o}/paper/402`)!;
    Object.assign(report, { name: 'Bericht über den Zustand der Spielplätze (aktualisiert)', modified: server.tick() });
    const [third] = await core.syncSources({});
    expect(third).toMatchObject({ status: 'ok', meetingsUpdated: 1 });
    expect(agendaOf(meetingNamed('Sitzung des Gemeinderates').agenda)[2]).toEqual(['3', 'Verschiedenes', ['Bericht über den Zustand der Spielplätze (aktualisiert)']]);
  });

  it('a consultation URL that cannot be read leaves its item without the paper; the meeting is imported', async () => {
    server.failing.set('/oparl/v1/consultation/603', 404);
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: 'Hürth' });
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'ok', meetingsCreated: 1, meetingsFailed: 0, error: null });
    const agenda = meetingNamed('Sitzung des Gemeinderates').agenda;
    expect(agendaOf(agenda[2]!.children)[1]).toEqual(['3b', 'Anfrage zum Winterdienst', []]);
    expect(agendaOf(agenda)[2]).toEqual(['3', 'Verschiedenes', ['Bericht über den Zustand der Spielplätze']]);
  });
});

describe('OParl agenda as a tree, and files that are not where downloadUrl says', () => {
  it('nests a flat agenda by its numbers, in order; a re-numbered item moves and keeps my note', async () => {
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: 'Hürth' });
    await core.syncSources({});
    const meeting = meetingNamed('Sitzung des Gemeinderates');
    expect(treeOf(meeting.agenda)).toEqual([
      ['1', 'Einwohnerfragestunde'],
      ['2', 'Satzung über die Straßenreinigung'],
      ['3', 'Verschiedenes', [['3a', 'Anfrage zur Straßenbeleuchtung'], ['3b', 'Anfrage zum Winterdienst']]],
      ['4', 'Mitteilungen', [['4.1', 'Mitteilung zum Haushaltsvollzug', [['4.1.1', 'Anlage zur Mitteilung']]]]],
      ['6.1', 'Bericht der Bürgermeisterin'],
    ]);
    const lighting = meeting.agenda[2]!.children[0]!;
    core.saveAgendaNote({ agendaItemId: lighting.id, body: 'Fragen zur LED-Umrüstung vorbereiten' });

    // The RIS renumbers: "3a" becomes item 5 of its own, and a new "5.1" comes under it.
    const council = server.meetings['2'][0]!;
    const items = council.agendaItem as Record<string, unknown>[];
    Object.assign(items[3]!, { number: '5', modified: server.tick() });
    items.splice(4, 0, { id: `${server.o}/agendaitem/3010`, type: 'https://schema.oparl.org/1.0/AgendaItem', meeting: council.id, number: '5.1', name: 'Kosten der Umrüstung', public: true });
    council.modified = server.tick();
    const [second] = await core.syncSources({});
    expect(second).toMatchObject({ status: 'ok', meetingsUpdated: 1, meetingsFailed: 0 });
    const after = meetingNamed('Sitzung des Gemeinderates');
    expect(treeOf(after.agenda)).toEqual([
      ['1', 'Einwohnerfragestunde'],
      ['2', 'Satzung über die Straßenreinigung'],
      ['3', 'Verschiedenes'],
      ['5', 'Anfrage zur Straßenbeleuchtung', [['5.1', 'Kosten der Umrüstung']]],
      // "3b" no longer follows its "3": under it, it would change the order.
      ['3b', 'Anfrage zum Winterdienst'],
      ['4', 'Mitteilungen', [['4.1', 'Mitteilung zum Haushaltsvollzug', [['4.1.1', 'Anlage zur Mitteilung']]]]],
      ['6.1', 'Bericht der Bürgermeisterin'],
    ]);
    // The same item (by its OParl id), the same row: my note is on it.
    expect(after.agenda[3]!.id).toBe(lighting.id);
    expect(core.getAgendaNote({ agendaItemId: lighting.id }).body).toBe('Fragen zur LED-Umrüstung vorbereiten');
    expect((await core.doctor({})).problems).toEqual([]);
  });

  it('a downloadUrl that is missing, broken or no PDF falls back to the accessUrl; the meeting is complete', async () => {
    server.failing.set('/oparl/v1/file/17/download', 404);
    server.failing.set('/oparl/v1/file/12/download', 502);
    server.failing.set('/oparl/v1/file/15/download', 'html');
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: '1' });
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'ok', meetingsCreated: 3, meetingsFailed: 0, error: null });
    expect(agendaOf(meetingNamed('Sitzung des Bauausschusses').agenda)).toEqual([['O1', 'Bauvoranfrage Lindenstraße 5', ['Bauvoranfrage Lindenstraße 5']]]);
    const council = agendaOf(meetingNamed('Sitzung des Rates').agenda);
    expect(council).toContainEqual(['O2', 'Bebauungsplan Nr. 12 „Grüne Straße“', ['Bebauungsplan Nr. 12 „Grüne Straße“ – Satzungsbeschluss']]);
    expect(council).toContainEqual(['O4', 'Radwegekonzept Innenstadt', ['Beschluss Radwegekonzept', 'Anlage 2 Lageplan']]);
    expect(server.requests).toEqual(expect.arrayContaining(['/oparl/v1/file/17/download', '/dokumente/bauvoranfrage-17.pdf', '/dokumente/vorlage-0202-2026.pdf', '/dokumente/beschluss-15.pdf']));
    // The PDFs themselves, not the error page.
    const decision = meetingNamed('Sitzung des Rates').agenda.find((i) => i.number === 'O4')!.documents[0]!;
    expect(decision.pageCount).toBe(1);
    expect(await searchTitles('einstimmig')).toContainEqual({ title: 'Beschluss Radwegekonzept', meeting: 'Sitzung des Rates', item: 'O4' });
  });
});

describe('OParl sync while the server changes', () => {
  it('a meeting changed while the papers are read is picked up by the next sync, though a paper changed after it', async () => {
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: '1' });
    const cancelled = server.meetings['1'].find((m) => m.cancelled)!;
    const building = server.papers['1'].find((p) => p.name === 'Bauvoranfrage Lindenstraße 5')!;
    server.onRequest = (where) => {
      if (!where.startsWith('/oparl/v1/body/1/paper')) return;
      server.onRequest = null;
      // The meeting list has been read; these come after it on the server's clock.
      Object.assign(cancelled, { name: 'Sitzung des Finanzausschusses am neuen Termin', cancelled: false, start: '2026-03-17T16:00:00+01:00', modified: server.tick() });
      Object.assign(building, { name: 'Bauvoranfrage Lindenstraße 5 (ergänzt)', modified: server.tick() });
    };
    const [first] = await core.syncSources({});
    expect(first).toMatchObject({ status: 'ok', meetingsCreated: 3 });
    expect(core.listMeetings({}).map((m) => m.title)).toContain('Sitzung des Finanzausschusses (vervallen)');

    const [second] = await core.syncSources({});
    // (The import counts a meeting whose title and time alone changed as unchanged: what counts is what I see.)
    expect(second).toMatchObject({ status: 'ok', meetingsCreated: 0 });
    expect(meetingNamed('Sitzung des Finanzausschusses am neuen Termin')).toMatchObject({ status: 'active', startsAt: '2026-03-17T16:00:00+01:00' });
    expect(core.listMeetings({}).map((m) => m.title)).not.toContain('Sitzung des Finanzausschusses (vervallen)');
  });
});

describe('OParl that breaks the spec: a clear error naming the object, the store as before', () => {
  it('a list element without an id stops the sync; the library is as before', async () => {
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: '1' });
    await core.syncSources({});
    const before = visible(core);
    server.meetings['1'][0]!.modified = server.tick();
    server.meetings['1'].push({ type: 'https://schema.oparl.org/1.1/Meeting', name: 'Ohne id', modified: server.tick() });
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'failed', error: { code: 'sync.bad-response' } });
    expect(result!.error!.nl).toMatch(/\/oparl\/v1\/body\/1\/meeting\?modified_since=.* is geen geldig OParl: element \d van data is geen object met een id/);
    expect(result!.error!.en).toMatch(/is not valid OParl: element \d of data is not an object with an id/);
    expect(visible(core)).toEqual(before);
  });

  it('a File without accessUrl fails its meeting only, named in the message; the others are imported', async () => {
    const invitation = server.meetings['1'][0]!.invitation as Record<string, unknown>;
    delete invitation.accessUrl;
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: '1' });
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'failed', meetingsCreated: 2, meetingsFailed: 1, error: { code: 'sync.bad-response' } });
    expect(result!.error!.nl).toContain(`de vergadering (${server.o}/meeting/101) is geen geldig OParl: File ${server.o}/file/11 zonder accessUrl. Meld dit aan de beheerder`);
    expect(result!.error!.en).toContain(`the meeting (${server.o}/meeting/101) is not valid OParl: File ${server.o}/file/11 without an accessUrl. Report this to the administrator`);
    expect(core.listMeetings({}).map((m) => m.title).sort()).toEqual(['Sitzung des Bauausschusses', 'Sitzung des Finanzausschusses (vervallen)']);
  });

  it('a start that is no date-time fails its meeting; a meeting without start (not yet scheduled) waits, counted', async () => {
    server.meetings['1'][2]!.start = 'nächste Woche';
    delete server.meetings['1'][1]!.start;
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: '1' });
    const [result] = await core.syncSources({});
    // The undated meeting is not lost in silence: the result says why it is missing.
    expect(result).toMatchObject({ status: 'failed', meetingsCreated: 1, meetingsFailed: 1, meetingsWithoutDate: 1, error: { code: 'sync.bad-response' } });
    expect(core.listSources({})[0]!.lastResult).toMatchObject({ meetingsWithoutDate: 1 });
    expect(result!.error!.nl).toContain(`de vergadering (${server.o}/meeting/103) is geen geldig OParl: start "nächste Woche" is geen datum-tijd`);
    expect(core.listMeetings({}).map((m) => m.title)).toEqual(['Sitzung des Rates']);
  });

  it('a list cut short, a list of the wrong type, or an array where a list page belongs, is named as such', async () => {
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: '1' });
    server.dropNext = true;
    const [cut] = await core.syncSources({});
    expect(cut).toMatchObject({ status: 'failed', error: { code: 'sync.bad-response' } });
    expect(cut!.error!.nl).toMatch(/\/oparl\/v1\/body\/1\/meeting\) is geen geldig OParl: pagina 1 van 2 heeft geen links\.next/);
    expect(cut!.error!.en).toMatch(/page 1 of 2 has no links\.next/);
    server.dropNext = false;
    server.meetings['1'].unshift(server.papers['1'][0]!);
    const [mixed] = await core.syncSources({});
    expect(mixed!.error!.nl).toMatch(/is geen geldig OParl: element 1 van data is een Paper, geen Meeting/);
    server.meetings['1'].shift();
    // HAL-style links (an object where the spec has a URL) are not taken for the end of the list.
    server.answers.set('/oparl/v1/body/1/meeting', { data: server.meetings['1'].slice(0, 2), links: { next: { href: `${server.o}/body/1/meeting?page=2` } } });
    const [hal] = await core.syncSources({});
    expect(hal!.error!.en).toContain(`(${server.o}/body/1/meeting) is not valid OParl: links.next is not a URL`);
    server.answers.set('/oparl/v1/body', [{ id: `${server.o}/body/1` }]);
    const [array] = await core.syncSources({});
    expect(array!.error!.nl).toMatch(/^Bron 1 \(.*, OParl\): /);
    expect(array!.error!.nl).toContain(`de lijst van organen (${server.o}/body) is geen geldig OParl: geen JSON-object maar array. Meld dit aan de beheerder van het raadsinformatiesysteem.`);
    expect(array!.error!.en).toContain(`the list of bodies (${server.o}/body) is not valid OParl: not a JSON object but array. Report this to the administrator of the council information system.`);
    expect(core.listMeetings({})).toEqual([]);
  });

  it('a file the server calls a PDF that is a login page fails its meeting with sync.not-pdf', async () => {
    server.files.set('/dokumente/bauvoranfrage-17.pdf', { bytes: Buffer.from('<html><body>Bitte anmelden</body></html>'), type: 'text/html' });
    const paper = server.papers['1'].find((p) => p.name === 'Bauvoranfrage Lindenstraße 5')!;
    Object.assign(paper.mainFile as Record<string, unknown>, { size: undefined, sha512Checksum: undefined });
    core.addSource({ kind: 'oparl', url: server.systemUrl, body: '1' });
    const [result] = await core.syncSources({});
    expect(result).toMatchObject({ status: 'failed', meetingsCreated: 2, meetingsFailed: 1, error: { code: 'sync.not-pdf' } });
    // Tried at its downloadUrl and then at its accessUrl: the error names the latter.
    expect(server.requests).toEqual(expect.arrayContaining(['/oparl/v1/file/17/download', '/dokumente/bauvoranfrage-17.pdf']));
    expect(result!.error!.nl).toMatch(/bestand "Bauvoranfrage Lindenstraße 5" \(.*\/dokumente\/bauvoranfrage-17\.pdf\) is geen PDF/);
    expect(result!.error!.en).toMatch(/is not a PDF/);
  });
});
