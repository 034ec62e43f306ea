// End to end over the bundled sample: the meetings as first delivered, then
// the second package of 23 januari 2017 with the revised raadsvoorstel. The
// core and the CLI must report exactly the edits the sample builder made
// (scripts/sample/meetings/2017-01-23-raadsplein-besluitvormend-herzien.ts),
// nothing more; highlights on unchanged passages stay, on changed ones are marked.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { raadsmapIn } from '../support/spawn-cli.ts';
import { highlightQuote } from '../support/highlight.ts';
import { tempDir } from '../support/temp-dir.ts';

const sampleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/sample');
const REVISED = '2017-01-23-raadsplein-besluitvormend-herzien';
const PROPOSAL = 'Raadsvoorstel Ontwikkelagenda passend onderwijs en jeugdhulp';
const BESLISPUNT_6 = 'In te stemmen met een jaarlijkse voortgangsrapportage over de proeftuinen aan de raad, voor het eerst in het voorjaar van 2018.';
const COMMUNICATIE =
  'Communicatie Na vaststellen van deze ontwikkelagenda zullen Bloz en gemeente de betrokken scholen en onze jeugdhulppartners informeren. ' +
  'Vervolgens gaan we samen met betrokkenen de proeftuinen verder invullen in concrete projectplannen. Daarnaast gaan we ook de overige acties uit deel 2 samen oppakken.';

/** Every edit of the revision, as the councillor reads it: nothing else may be reported. */
const EXPECTED = [
  { page: 1, oldPage: 1, kind: 'replaced', oldText: '3', newText: '4', amount: { old: '3', new: '4' } },
  { page: 1, oldPage: 1, kind: 'inserted', oldText: '', newText: `6. ${BESLISPUNT_6}`, amount: null },
  { page: 2, oldPage: 2, kind: 'replaced', oldText: '3', newText: '4', amount: { old: '3', new: '4' } },
  { page: 2, oldPage: 2, kind: 'inserted', oldText: '', newText: `6 ${BESLISPUNT_6}`, amount: null },
  { page: 5, oldPage: 6, kind: 'moved', oldText: COMMUNICATIE, newText: COMMUNICATIE, amount: null },
  // The moved paragraph now stands before these, so they went a page down.
  { page: 6, oldPage: 5, kind: 'replaced', oldText: '5', newText: '4', amount: { old: '5 jaar', new: '4 jaar' } },
  {
    page: 6,
    oldPage: 5,
    kind: 'replaced',
    oldText: 'of pas op termijn lukt, zullen wij tijdig',
    newText: 'lukt, leggen wij vóór 1 oktober 2017',
    // A date came in where there was none: a rewritten passage, no changed amount.
    amount: null,
  },
  { page: 6, oldPage: 6, kind: 'replaced', oldText: 'voorleggen.', newText: 'voor.', amount: null },
  {
    page: 6,
    oldPage: 6,
    kind: 'replaced',
    oldText: 'worden vastgesteld bij verdere uitwerking van de proeftuinen in een',
    newText: 'wordt vastgesteld op € 1,4 mln per jaar en per proeftuin uitgewerkt in',
    // The budget was not stated before: no amount changed either.
    amount: null,
  },
];

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

describe('the sample: a revised raadsvoorstel delivered as a second package', () => {
  it('core and CLI report exactly the edits made; highlights on unchanged passages stay, on changed ones are marked', async () => {
    const dataDir = tempDir();
    const folders = fs.readdirSync(sampleDir).filter((f) => fs.existsSync(path.join(sampleDir, f, 'meeting.json'))).sort();
    expect(folders).toContain(REVISED);
    let core = createCore({ dataDir, extractionThreads: 2 });
    cores.push(core);
    await core.importPackages({ paths: folders.filter((f) => f !== REVISED).map((f) => path.join(sampleDir, f)) });

    const meeting = core.listMeetings({}).find((m) => m.title === 'Raadsplein besluitvormend')!;
    const documentId = core.getMeeting({ meetingId: meeting.id }).agenda[2]!.documents.find((d) => d.title === PROPOSAL)!.id;
    const highlight = (exact: string) => highlightQuote(core, documentId, exact);
    const unchanged = await highlight('portefeuillehouder Ed Anker');
    const shifted = await highlight('Dit voorstel is openbaar.');
    const changed = await highlight('in een periode van 5 jaar naar die nieuwe praktijken toe te werken.');
    const moved = await highlight('Vervolgens gaan we samen met betrokkenen de proeftuinen verder');

    const [summary] = await core.importPackages({ paths: [path.join(sampleDir, REVISED)] });
    expect(summary).toMatchObject({ outcome: 'updated', counts: { versionsAdded: 1, documentsAdded: 0, documentsWithdrawn: 0 } });

    const changes = core.listChanges({ documentId });
    expect(changes.status).toBe('changed');
    expect(changes.changes.map(({ page, oldPage, kind, oldText, newText, amount }) => ({ page, oldPage, kind, oldText, newText, amount }))).toEqual(EXPECTED);
    // Only the proposal changed: the documents it shares with 9 januari are the same files.
    const detail = core.getMeeting({ meetingId: meeting.id });
    expect(detail.changedDocuments.map((d) => [d.title, d.changes.count])).toEqual([[PROPOSAL, EXPECTED.length]]);
    expect(core.listMeetings({}).filter((m) => m.changedCount > 0).map((m) => m.title)).toEqual(['Raadsplein besluitvormend']);

    const annotations = new Map(core.listAnnotations({ documentId }).map((a) => [a.id, a]));
    // Before the first change: where it was. After changes on its page: found again by its words, unmarked.
    expect(annotations.get(unchanged.id)).toMatchObject({ anchorStatus: 'anchored', changedInNewVersion: false, onCurrentVersion: true, page: unchanged.page, position: unchanged.position });
    expect(annotations.get(shifted.id)).toMatchObject({ changedInNewVersion: false, onCurrentVersion: true, quote: { exact: 'Dit voorstel is openbaar.' } });
    const placed = annotations.get(shifted.id)!;
    expect(core.findQuote(documentId, 'Dit voorstel is openbaar.', placed.page).places[0]).toMatchObject({ start: placed.position!.start, end: placed.position!.end });
    expect(annotations.get(changed.id)).toMatchObject({ changedInNewVersion: true, onCurrentVersion: true });
    // A moved passage moves along with its highlight, unmarked: its words did not change.
    expect(annotations.get(moved.id)).toMatchObject({ anchorStatus: 'moved', changedInNewVersion: false, page: 5 });
    await core.close();
    cores.length = 0;

    // The CLI reads the same stored changes: one JSON line per change.
    const json = await raadsmapIn(dataDir, ['changes', String(documentId), '--json']);
    expect(json.code).toBe(0);
    const lines = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map(({ page, oldPage, kind, oldText, newText, amount }) => ({ page, oldPage, kind, oldText, newText, amount }))).toEqual(EXPECTED);
    expect(lines.every((l) => l['fromVersion'] === 1 && l['toVersion'] === 2)).toBe(true);

    const text = await raadsmapIn(dataDir, ['changes', String(documentId), '--from', '1']);
    expect(text.stdout).toContain('versie 1 (');
    expect(text.stdout).toContain('9 wijzigingen.');
    expect(text.stdout).toContain('blz. 6  gewijzigd  “5” → “4”  [getal: 5 jaar → 4 jaar]');
    expect(text.stdout).toContain('blz. 6  gewijzigd  “of pas op termijn lukt, zullen wij tijdig” → “lukt, leggen wij vóór 1 oktober 2017”\n');
    expect(text.stdout).toContain('blz. 5  verplaatst van blz. 6: “Communicatie Na vaststellen');
    expect(text.stdout).toContain(`blz. 1  ingevoegd  + “6. ${BESLISPUNT_6}”`);
    const wrongVersion = await raadsmapIn(dataDir, ['changes', String(documentId), '--from', '7']);
    expect(wrongVersion).toMatchObject({ code: 2, stderr: expect.stringContaining('heeft geen versie 7; het heeft versie 1, 2') });

    const shown = await raadsmapIn(dataDir, ['meeting', String(meeting.id)]);
    expect(shown.stdout).toContain(`[${documentId}] ${PROPOSAL} (raadsvoorstel, 7 blz.) [GEWIJZIGD: 9 wijzigingen]`);
    expect(shown.stdout).toContain('Gewijzigd sinds u ze opende (nog nooit geopend: sinds de eerste versie) (raadsmap changes DOCUMENT):');

    // Opened once (read), the badge is gone from the listing; the changes stay listable.
    core = createCore({ dataDir, extractionThreads: 1 });
    cores.push(core);
    core.setRead({ documentId, read: true });
    expect(core.getMeeting({ meetingId: meeting.id }).changedDocuments).toEqual([]);
    expect(core.listChanges({ documentId }).changes).toHaveLength(EXPECTED.length);
  });
});
