import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgendaNote, Annotation, MeetingDetail, MotionDraft } from '../../shared/api.ts';
import type { MotieContent } from '../../shared/motion.ts';
import { raadsmapIn } from '../support/spawn-cli.ts';

// Annotations, agenda notes and motion drafts one by one from the command
// line, JSON in and out, on a real store with the bundled sample meetings,
// and on an encrypted one.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sampleDir = path.join(repo, 'resources', 'sample');
const january9 = path.join(sampleDir, '2017-01-09-raadsplein-info-debat');

let dataDir: string;
const raadsmap = (...args: string[]) => raadsmapIn(dataDir, args);
const json = async <T>(...args: string[]): Promise<T> => {
  const run = await raadsmap(...args, '--json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
};

let meeting: MeetingDetail;
let reportId: number;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-cli-private-'));
  const imported = await raadsmap('import', january9);
  expect(imported.code, imported.stderr).toBe(0);
  meeting = await json<MeetingDetail>('meeting', '1');
  const walk = (items: MeetingDetail['agenda']): MeetingDetail['agenda'] => items.flatMap((i) => [i, ...walk(i.children)]);
  reportId = walk(meeting.agenda).flatMap((i) => i.documents).find((d) => d.title === 'Rekenkamerrapport Schulddienstverlening')!.id;
}, 120_000);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

/** The stored text of a page, as highlights are anchored in it. */
async function rawText(documentId: number, page: number): Promise<string> {
  const { default: Database } = await import('better-sqlite3-multiple-ciphers');
  const db = new Database(path.join(dataDir, 'library.db'), { readonly: true });
  try {
    return db.prepare('SELECT p.raw_text FROM pages p JOIN document_versions v ON v.sha256 = p.sha256 JOIN documents d ON d.current_version_id = v.id WHERE d.id = ? AND p.page_number = ?').pluck().get(documentId, page) as string;
  } finally {
    db.close();
  }
}

describe('raadsmap annotations add, edit, delete', () => {
  it('places a highlight from its quote as the reader finds it: across a line break, without the accent', async () => {
    // On page 7 the words run over a line end, and the text has "definiëring".
    const quote = 'de ondersteunende rol van de gemeente keren ook terug bij de definiering van integrale';
    const made = await json<Annotation>('annotations', 'add', '--document', String(reportId), '--quote', quote, '--note', 'Kern', '--color', 'roze', '--tag', 'rekenkamer', '--tag', 'nazorg');
    const text = await rawText(reportId, 7);
    expect(made).toMatchObject({ documentId: reportId, page: 7, kind: 'highlight', color: 'pink', note: 'Kern', tags: ['rekenkamer', 'nazorg'], anchorStatus: 'anchored' });
    expect(made.quote!.exact).toBe('de ondersteunende rol van de gemeente keren ook terug bij de definiëring\nvan integrale');
    expect(text.slice(made.position!.start, made.position!.end)).toBe(made.quote!.exact);
    expect(made.rects.length).toBe(2); // two lines

    // Readable output names the new annotation; the listing shows its short id.
    const plain = await raadsmap('annotations', 'add', '--document', String(reportId), '--quote', 'preventie, samenwerking en nazorg', '--color', 'blue');
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/^Aantekening [0-9a-f-]{36} gemaakt:\n {2}[0-9a-f]{8} {2}\[\d+\] blz\. 7 blauw: “preventie, samenwerking en nazorg”\n$/);
    const listed = await raadsmap('annotations', '--document', String(reportId));
    expect(listed.stdout.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^${made.id.slice(0, 8)} {2}\\[${reportId}\\] blz\\. 7 roze: “de ondersteunende .*” — Kern #rekenkamer #nazorg$`)), expect.stringMatching(/blauw: “preventie/)]);
  }, 120_000);

  it('names every place of an ambiguous quote, and the closest passages of one that is not there', async () => {
    const ambiguous = await raadsmap('annotations', 'add', '--document', String(reportId), '--quote', 'nazorg');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/^raadsmap: Het citaat staat \d+ keer in “Rekenkamerrapport Schulddienstverlening”; geef --page N of een langer citaat:\n {2}blz\. 7: ….*«nazorg».*…\n/);
    expect(ambiguous.stderr).toMatch(/… en nog \d+\n$/);
    // --page narrows it down, but the word is on that page more than once too.
    const onPage = await raadsmap('--lang', 'en', 'annotations', 'add', '--document', String(reportId), '--quote', 'nazorg', '--page', '10');
    expect(onPage.stderr).toMatch(/^raadsmap: The quote is in “Rekenkamerrapport Schulddienstverlening” on p\. 10 2 times; give --page N or a longer quote:\n {2}p\. 10: …/);

    const typo = await raadsmap('annotations', 'add', '--document', String(reportId), '--quote', 'preventie samenwerking en nazrog');
    expect(typo).toMatchObject({ code: 1, stdout: '' });
    expect(typo.stderr).toBe('raadsmap: Het citaat staat niet in “Rekenkamerrapport Schulddienstverlening”. Het meest gelijkend:\n  blz. 7: …ldhulpverlening zich uit over «preventie, samenwerking en nazorg». Een integraal beleid voor sc…\n');
    const wrongPage = await raadsmap('annotations', 'add', '--document', String(reportId), '--quote', 'Een integraal beleid voor schulddienstverlening', '--page', '2');
    expect(wrongPage.stderr).toMatch(/^raadsmap: Het citaat staat niet in “Rekenkamerrapport Schulddienstverlening” op blz\. 2\. Wel op blz\. 7\./);
    // Called wrongly: exit 2, as commander's own usage errors.
    expect((await raadsmap('annotations', 'add', '--document', String(reportId), '--quote', 'nazorg', '--color', 'paars')).code).toBe(2);
    expect((await raadsmap('annotations', 'add', '--document', '9999', '--quote', 'nazorg')).stderr).toMatch(/Document 9999 bestaat niet/);
    // Nothing was made by any of these.
    expect(await json<Annotation[]>('annotations')).toHaveLength(2);
  }, 120_000);

  it('edits and deletes by id or its first characters', async () => {
    const [first, second] = await json<Annotation[]>('annotations', '--document', String(reportId));
    const edited = await json<Annotation>('annotations', 'edit', first!.id.slice(0, 8), '--note', 'Kern van het rapport', '--color', 'green', '--clear-tags');
    expect(edited).toMatchObject({ id: first!.id, note: 'Kern van het rapport', color: 'green', tags: [], quote: first!.quote });
    expect((await raadsmap('annotations', 'edit', first!.id)).code).toBe(2);
    const deleted = await raadsmap('--lang', 'en', 'annotations', 'delete', second!.id.slice(0, 6));
    expect(deleted.stdout).toBe(`Annotation ${second!.id} deleted.\n`);
    expect((await raadsmap('annotations', 'delete', second!.id)).stderr).toMatch(/^raadsmap: Er is geen aantekening "/);
    expect((await json<Annotation[]>('annotations')).map((a) => a.id)).toEqual([first!.id]);
  }, 120_000);
});

describe('raadsmap notes', () => {
  it('sets my position and notes on an item by its number, a section item too, and shows them', async () => {
    const set = await raadsmap('notes', 'set', '--meeting', '1', '--item', '1.3.a', '--position', 'voor', '--text', '- [ ] vraag over wachtlijsten\n- **inbreng** voorbereiden');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe('Opgeslagen bij 1.3.a Ontwikkelagenda passend onderwijs en jeugdhulp:\n  Standpunt: voor\n  - [ ] vraag over wachtlijsten\n  - **inbreng** voorbereiden\n');
    const file = path.join(dataDir, 'raadzaal.md');
    fs.writeFileSync(file, 'Terugblik eerst lezen.\n');
    const section = await json<AgendaNote & { number: string; title: string }>('notes', 'set', '--meeting', '1', '--item', '1', '--position', 'bespreken', '--file', file);
    expect(section).toMatchObject({ number: '1', title: 'Raadzaal', stance: 'nog-bespreken', body: 'Terugblik eerst lezen.\n' });
    // Only the position: the text stays.
    await raadsmap('notes', 'set', '--meeting', '1', '--item', '1', '--position', 'tegen');

    const all = await json<(AgendaNote & { number: string })[]>('notes', '--meeting', '1');
    expect(all.map((n) => [n.number, n.stance, n.body])).toEqual([
      ['1', 'tegen', 'Terugblik eerst lezen.\n'],
      ['1.3.a', 'voor', '- [ ] vraag over wachtlijsten\n- **inbreng** voorbereiden'],
    ]);
    expect((await raadsmap('--lang', 'en', 'notes', '--meeting', '1', '--item', '1')).stdout).toBe('1 Raadzaal\n  Position: against\n  Terugblik eerst lezen.\n');
    expect((await raadsmap('notes', '--meeting', '1', '--item', '2.3')).stdout).toBe('2.3 Rekenkameronderzoek Schulddienstverlening\n  (geen standpunt of notitie)\n');
  }, 120_000);

  it('says what is wrong: an unknown item, a position it does not know, nothing to set', async () => {
    const unknown = await raadsmap('notes', 'set', '--meeting', '1', '--item', '9.9', '--text', 'x');
    expect(unknown).toMatchObject({ code: 1, stderr: expect.stringMatching(/^raadsmap: Vergadering 1 heeft geen agendapunt "9\.9"\. De nummers: 1, 1\.1\.a, .*2\.4\.\n$/) });
    expect((await raadsmap('notes', 'set', '--meeting', '1', '--item', '1.3.a', '--position', 'misschien')).code).toBe(2);
    expect(await raadsmap('notes', 'set', '--meeting', '1', '--item', '1.3.a')).toMatchObject({ code: 2, stderr: 'raadsmap: Geef --position, --text of --file.\n' });
    expect((await raadsmap('notes', '--meeting', '7')).stderr).toMatch(/7/);
  }, 120_000);
});

describe('raadsmap motions new, edit, show', () => {
  it('makes a motie from JSON, shows it, and edits it with its own JSON back', async () => {
    const file = path.join(dataDir, 'motie.json');
    fs.writeFileSync(file, JSON.stringify({ constaterende: ['de Rekenkamer de nazorg beperkt noemt'], verzoekt: ['de nazorg te versterken'] }));
    const made = await json<MotionDraft>('motions', 'new', '--meeting', '1', '--item', '2.3', '--type', 'motie', '--title', 'Nazorg versterken', '--from', file);
    const content = made.content as MotieContent;
    expect(made).toMatchObject({ kind: 'motie', status: 'concept', title: 'Nazorg versterken', meetingId: 1 });
    expect(content).toMatchObject({ agendaItem: { number: '2.3', title: 'Rekenkameronderzoek Schulddienstverlening' }, constaterende: [{ text: 'de Rekenkamer de nazorg beperkt noemt' }], overwegende: [{ text: '' }], verzoekt: ['de nazorg te versterken'] });

    const shown = await raadsmap('motions', 'show', made.id.slice(0, 8));
    expect(shown.stdout).toContain(`${made.id}  motie  concept  Nazorg versterken\n`);
    expect(shown.stdout).toMatch(/behandelend agendapunt 2\.3 Rekenkameronderzoek Schulddienstverlening,\n.*\nconstaterende dat\n- de Rekenkamer de nazorg beperkt noemt\nverzoekt het college\n- de nazorg te versterken\nen gaat over tot de orde van de dag\./);

    // `motions show --json` out, edited, `motions edit --from` in.
    const draft = await json<MotionDraft>('motions', 'show', made.id);
    (draft.content as MotieContent).verzoekt.push('de raad voor 1 juli te informeren');
    fs.writeFileSync(file, JSON.stringify(draft));
    const edited = await json<MotionDraft>('motions', 'edit', made.id, '--from', file, '--status', 'ingediend', '--title', 'Nazorg echt versterken');
    expect(edited).toMatchObject({ status: 'ingediend', title: 'Nazorg echt versterken' });
    expect((edited.content as MotieContent).verzoekt).toEqual(['de nazorg te versterken', 'de raad voor 1 juli te informeren']);
    expect(edited.revisions.length).toBeGreaterThan(made.revisions.length);
    expect((await raadsmap('motions')).stdout).toBe(`${made.id}  motie  ingediend  Nazorg echt versterken\n`);
  }, 120_000);

  it('refuses content that does not fit, and leaves nothing half-made', async () => {
    const bad = path.join(dataDir, 'fout.json');
    fs.writeFileSync(bad, JSON.stringify({ verzoekt: 'geen lijst' }));
    const refused = await raadsmap('motions', 'new', '--meeting', '1', '--type', 'motie', '--title', 'Fout', '--from', bad);
    expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/^raadsmap: De inhoud uit .*fout\.json past niet in een motie: verzoekt: /) });
    fs.writeFileSync(bad, JSON.stringify({ kind: 'amendement', addText: 'x' }));
    expect((await raadsmap('--lang', 'en', 'motions', 'new', '--meeting', '1', '--type', 'motie', '--from', bad)).stderr).toMatch(/holds the content of a amendement; this draft is a motie/);
    fs.writeFileSync(bad, '{ niet json');
    expect((await raadsmap('motions', 'new', '--meeting', '1', '--type', 'motie', '--from', bad)).stderr).toMatch(/geen geldige JSON/);
    expect((await raadsmap('motions', 'new', '--meeting', '1', '--type', 'motief')).code).toBe(2);
    expect(await json<unknown[]>('motions', 'list')).toHaveLength(1);
    // An amendement vreemd aan de orde, without an item.
    const amendement = await json<MotionDraft>('motions', 'new', '--meeting', '1', '--type', 'amendement', '--title', 'Beslispunt 2');
    expect(amendement).toMatchObject({ kind: 'amendement', agendaItemId: null, content: { agendaItem: null } });
  }, 120_000);
});

describe('on an encrypted store', () => {
  it('annotations, notes and motions work with RAADSMAP_PASSPHRASE as the other commands do, and not without it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-cli-private-vault-'));
    try {
      const { openSession } = await import('../../electron/core/open-session.ts');
      const session = openSession({ dataDir: dir });
      await session.setupVault({ encrypt: true, passphrase: 'een lang wachtwoord' });
      await session.close();
      const env = { RAADSMAP_PASSPHRASE: 'een lang wachtwoord' };
      const run = (...args: string[]) => raadsmapIn(dir, args, env);
      expect((await run('import', path.join(sampleDir, '2016-05-23-raadsplein-info-debat'))).code).toBe(0);

      const added = await run('annotations', 'add', '--document', '1', '--quote', 'een toekomstbestendig sociaal domein', '--json');
      expect(added.code, added.stderr).toBe(0);
      expect(JSON.parse(added.stdout)).toMatchObject({ page: 1, quote: { exact: 'Een toekomstbestendig sociaal domein' } });
      expect((await run('notes', 'set', '--meeting', '1', '--item', '1.3', '--position', 'voor', '--text', 'Steunen')).code).toBe(0);
      expect((await run('notes', '--meeting', '1', '--json')).stdout).toMatch(/"body": "Steunen"/);
      const motion = await run('motions', 'new', '--meeting', '1', '--item', '1.3', '--type', 'motie', '--json');
      expect(JSON.parse(motion.stdout)).toMatchObject({ title: 'Transformatienota sociaal domein' });

      const locked = await raadsmapIn(dir, ['notes', '--meeting', '1']);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toContain('RAADSMAP_PASSPHRASE');
      expect((await raadsmapIn(dir, ['annotations', 'add', '--document', '1', '--quote', 'x'])).stderr).toContain('zijn versleuteld');
      // Still encrypted on disk.
      expect(fs.readFileSync(path.join(dir, 'personal.db')).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
