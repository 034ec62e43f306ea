import mammoth from 'mammoth';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import type { MotieContent } from '../../shared/motion.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

async function setup() {
  let now = new Date('2026-11-22T12:00:00Z');
  const core = createCore({ dataDir: tempDir(), clock: () => now, extractionThreads: 1 });
  cores.push(core);
  await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
  const meeting = core.getMeeting({ meetingId: 1 });
  const item = meeting.agenda[0]!.children[1]!; // 1.3.a Ontwikkelagenda passend onderwijs en jeugdhulp
  return { core, meeting, item, advance: (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000)) };
}

describe('agenda-item notes and positions', () => {
  it('keeps Markdown notes with checklists and a position per item', async () => {
    const { core, item } = await setup();
    expect(core.getAgendaNote({ agendaItemId: item.id })).toEqual({ agendaItemId: item.id, body: '', stance: null, updatedAt: null });
    core.saveAgendaNote({ agendaItemId: item.id, body: '**Inbreng**\n- [ ] vraag over wachtlijsten\n- [x] fractie gesproken' });
    const saved = core.saveAgendaNote({ agendaItemId: item.id, stance: 'voor' });
    expect(saved).toMatchObject({ body: '**Inbreng**\n- [ ] vraag over wachtlijsten\n- [x] fractie gesproken', stance: 'voor', updatedAt: '2026-11-22T12:00:00.000Z' });
    expect(core.saveAgendaNote({ agendaItemId: item.id, stance: null }).stance).toBeNull();
    expect(() => core.saveAgendaNote({ agendaItemId: 999, body: 'x' })).toThrow(expect.objectContaining({ code: 'not-found.agenda-item' }));
  });
});

describe('motion drafts', () => {
  it('are prefilled from the meeting, the agenda item and the user', async () => {
    const { core, meeting, item } = await setup();
    core.updateSettings({ userName: 'Anne de Vries', fractie: 'GroenLinks' });
    const draft = core.createMotionDraft({ kind: 'motie', meetingId: meeting.id, agendaItemId: item.id });
    expect(draft).toMatchObject({
      kind: 'motie',
      status: 'concept',
      agendaItemId: item.id,
      content: {
        kind: 'motie',
        title: 'Ontwikkelagenda passend onderwijs en jeugdhulp',
        municipality: 'Zwolle',
        meetingDate: '2017-01-09',
        meetingTitle: 'Raadsplein info/debat',
        agendaItem: { number: '1.3.a', title: 'Ontwikkelagenda passend onderwijs en jeugdhulp' },
        submitters: [{ name: 'Anne de Vries', fractie: 'GroenLinks' }],
      },
    });
    expect(draft.revisions).toHaveLength(1);
    const amendement = core.createMotionDraft({ kind: 'amendement', meetingId: meeting.id });
    expect(amendement.content).toMatchObject({ kind: 'amendement', agendaItem: null, deleteText: '', addText: '' });
    expect(() => core.createMotionDraft({ kind: 'motie', meetingId: meeting.id, agendaItemId: 999 })).toThrow(expect.objectContaining({ code: 'not-found.agenda-item' }));
  });

  it('autosave keeps a revision every few minutes, and a restore brings an old text back (undoably)', async () => {
    const { core, meeting, item, advance } = await setup();
    const draft = core.createMotionDraft({ kind: 'motie', meetingId: meeting.id, agendaItemId: item.id });
    const content = (verzoekt: string): MotieContent => ({ ...(draft.content as MotieContent), title: `Wachtlijsten: ${verzoekt}`, verzoekt: [verzoekt] });
    advance(1);
    core.saveMotionDraft({ draftId: draft.id, content: content('een plan') });
    advance(1);
    expect(core.saveMotionDraft({ draftId: draft.id, content: content('een plan voor 1 juli') }).revisions).toHaveLength(1); // within 5 minutes: no new revision
    advance(5);
    const later = core.saveMotionDraft({ draftId: draft.id, content: content('een plan voor 1 juli 2026') });
    expect(later.revisions.map((r) => r.title)).toEqual(['Wachtlijsten: een plan voor 1 juli 2026', 'Ontwikkelagenda passend onderwijs en jeugdhulp']);
    advance(1);
    const checkpoint = core.saveMotionDraft({ draftId: draft.id, content: content('een plan vóór de zomer'), checkpoint: true });
    expect(checkpoint.revisions).toHaveLength(3);

    const first = checkpoint.revisions.at(-1)!;
    const restored = core.restoreMotionRevision({ draftId: draft.id, revisionId: first.id });
    expect(restored.content).toEqual(draft.content);
    expect(restored.title).toBe('Ontwikkelagenda passend onderwijs en jeugdhulp');
    // What was there before the restore is the revision just below the restored one.
    expect(restored.revisions[1]!.title).toBe('Wachtlijsten: een plan vóór de zomer');
    const undo = core.restoreMotionRevision({ draftId: draft.id, revisionId: restored.revisions[1]!.id });
    expect((undo.content as MotieContent).verzoekt).toEqual(['een plan vóór de zomer']);
  });

  it('changes status, refuses content of the other kind, and is found by search', async () => {
    const { core, meeting, item } = await setup();
    const draft = core.createMotionDraft({ kind: 'motie', meetingId: meeting.id, agendaItemId: item.id });
    const content = { ...(draft.content as MotieContent), constaterende: [{ text: 'dat de wachtlijsten in de jeugdzorg oplopen' }] };
    const submitted = core.saveMotionDraft({ draftId: draft.id, content, status: 'ingediend' });
    expect(submitted.status).toBe('ingediend');
    expect(submitted.revisions).toHaveLength(2);
    expect(() => core.saveMotionDraft({ draftId: draft.id, content: { ...content, kind: 'amendement', decisionPoint: '', deleteText: '', addText: '', toelichting: '' } as never })).toThrow(
      expect.objectContaining({ code: 'motion.kind-mismatch' }),
    );
    await core.searchIndexReady();
    expect(core.search({ query: 'wachtlijsten jeugdzorg' }).records).toEqual([expect.objectContaining({ kind: 'motion', refId: draft.id, personal: true })]);
    expect(core.listMotionDrafts({ meetingId: meeting.id }).map((d) => d.id)).toEqual([draft.id]);
    expect(core.deleteMotionDraft({ draftId: draft.id })).toEqual({ deleted: true });
    expect(core.listMotionDrafts({})).toEqual([]);
  });
});

describe('a motion draft exported for the griffie', () => {
  it('is a DOCX with the sections of a motie, and a PDF, kept for the host to hand over', async () => {
    const { core, meeting, item } = await setup();
    core.updateSettings({ userName: 'Anne de Vries', fractie: 'GroenLinks' });
    const draft = core.createMotionDraft({ kind: 'motie', meetingId: meeting.id, agendaItemId: item.id });
    const content: MotieContent = {
      ...(draft.content as MotieContent),
      title: 'Wachtlijsten jeugdhulp',
      constaterende: [{ text: '“De wachttijden lopen op.”', citation: { documentId: 1, documentTitle: 'Beslisnota Ontwikkelagenda', page: 2 } }],
      overwegende: [{ text: 'dat kinderen niet mogen wachten' }],
      verzoekt: ['voor 1 juli een plan te maken'],
    };
    core.saveMotionDraft({ draftId: draft.id, content });
    const docx = await core.exportMotion({ draftId: draft.id, format: 'docx' });
    expect(docx).toMatchObject({ fileName: 'Motie Wachtlijsten jeugdhulp.docx', mimeType: expect.stringContaining('wordprocessingml') });
    const { value: text } = await mammoth.extractRawText({ buffer: core.exportFile(docx.exportId).bytes });
    const order = ['Motie', 'Wachtlijsten jeugdhulp', 'De raad van de gemeente Zwolle', 'in vergadering bijeen op maandag 9 januari 2017', 'behandelend agendapunt 1.3.a', 'gehoord de beraadslaging', 'constaterende dat', '“De wachttijden lopen op.”', '(bron: Beslisnota Ontwikkelagenda, p.', 'overwegende dat', 'verzoekt het college', 'voor 1 juli een plan te maken', 'en gaat over tot de orde van de dag', 'Anne de Vries', 'GroenLinks'];
    const positions = order.map((part) => text.indexOf(part));
    expect(positions.every((p) => p >= 0), `missing: ${order.filter((_, i) => positions[i]! < 0).join(', ')}`).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const pdf = await core.exportMotion({ draftId: draft.id, format: 'pdf' });
    expect(core.exportFile(pdf.exportId).bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(() => core.exportFile('0'.repeat(32))).toThrow(expect.objectContaining({ code: 'not-found.export' }));
  });
});

describe('the meeting overview', () => {
  it('lists per agenda item my note, position, annotations and drafts, with the tags used', async () => {
    const { core, meeting, item } = await setup();
    const rekenkamer = meeting.agenda[1]!.children[0]!;
    const documentId = rekenkamer.documents[0]!.id;
    await core.createAnnotation({ kind: 'note', documentId, page: 2, point: { x: 10, y: 10 }, note: 'Aanbevelingen overnemen', tags: ['rekenkamer', 'schulden'] });
    core.saveAgendaNote({ agendaItemId: item.id, stance: 'nog-bespreken' });
    const draft = core.createMotionDraft({ kind: 'motie', meetingId: meeting.id, agendaItemId: rekenkamer.id });
    const loose = core.createMotionDraft({ kind: 'motie', meetingId: meeting.id });
    const overview = core.meetingOverview({ meetingId: meeting.id });
    expect(overview.tags).toEqual(['rekenkamer', 'schulden']);
    expect(overview.items.map((i) => [i.number, i.note?.stance ?? null, i.annotations.length, i.drafts.map((d) => d.id)])).toEqual([
      ['1.3.a', 'nog-bespreken', 0, []],
      ['2.3', null, 1, [draft.id]],
    ]);
    expect(overview.items[1]!.annotations[0]).toMatchObject({ documentTitle: 'Rekenkamerrapport Schulddienstverlening', note: 'Aanbevelingen overnemen' });
    expect(overview.unlinkedDrafts.map((d) => d.id)).toEqual([loose.id]);
    expect(() => core.meetingOverview({ meetingId: 42 })).toThrow(expect.objectContaining({ code: 'not-found.meeting' }));
  });
});
