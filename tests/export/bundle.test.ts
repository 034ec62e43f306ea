import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../electron/core/dispatch.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { openPdf } from '../../electron/core/extraction/pdfjs.ts';
import type { MotieContent } from '../../shared/motion.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

async function prepared() {
  const core = createCore({ dataDir: tempDir(), clock: () => new Date('2026-11-22T12:00:00Z'), extractionThreads: 1 });
  cores.push(core);
  core.updateSettings({ userName: 'Anne de Vries', fractie: 'GroenLinks' });
  await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
  const meeting = core.getMeeting({ meetingId: 1 });
  const onderwijs = meeting.agenda[0]!.children[1]!; // 1.3.a, two documents
  const rekenkamer = meeting.agenda[1]!.children[0]!; // 2.3, one document of 3 pages
  core.saveAgendaNote({ agendaItemId: onderwijs.id, body: '**Inbreng**\n- [ ] vraag over wachtlijsten', stance: 'voor' });
  const report = rekenkamer.documents[0]!;
  await core.createAnnotation({ kind: 'highlight', documentId: report.id, page: 1, start: 0, end: 1, exact: 'Nazorg is beperkt.', color: 'pink', note: 'Kern' });
  const draft = core.createMotionDraft({ kind: 'motie', meetingId: 1, agendaItemId: rekenkamer.id });
  core.saveMotionDraft({ draftId: draft.id, content: { ...(draft.content as MotieContent), title: 'Nazorg versterken', verzoekt: ['de nazorg te versterken'] } });
  return { core, meeting, onderwijs, rekenkamer, report };
}

interface Bookmark {
  title: string;
  dest: unknown[];
  items: Bookmark[];
}

async function read(core: Core, exportId: string) {
  const pdf = await (await openPdf(new Uint8Array(core.exportFile(exportId).bytes))).promise;
  const outline = (await pdf.getOutline()) as { title: string; dest: unknown[]; items: { title: string; dest: unknown[] }[] }[];
  const pageOf = async (dest: unknown[]) => (await pdf.getPageIndex(dest[0] as never)) + 1;
  const texts: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) texts.push(((await (await pdf.getPage(n)).getTextContent()).items as { str: string }[]).map((i) => i.str).join(' '));
  return { pdf, outline, pageOf, texts, labels: await pdf.getPageLabels() };
}

describe('the fractie bundle', () => {
  it('has a cover, my agenda notes, my drafts and every document annotated, with bookmarks and page labels', async () => {
    const { core } = await prepared();
    const progress: { done: number; total: number; nl: string }[] = [];
    const result = await core.exportBundle({ meetingId: 1 }, { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ fileName: 'Fractiebundel Raadsplein info-debat 2017-01-09.pdf', problems: [] });
    // Cover 1 + agenda 1 + motie 1 + documents 2 + 1 + 3.
    expect(result.pageCount).toBe(9);
    // Cover and agenda, one motion, three documents: counted one by one, named as they go.
    expect(progress.map((p) => p.done)).toEqual([0, 1, 2, 3, 4, 5, 5]);
    expect(progress.every((p) => p.total === 5)).toBe(true);
    expect(progress.map((p) => p.nl)).toContain('Document: Advies Participatieraad');

    const { pdf, outline, pageOf, texts, labels } = await read(core, result.exportId);
    expect(pdf.numPages).toBe(9);
    expect(texts[0]).toMatch(/Fractiebundel .*Raadsplein info\/debat .*maandag 9 januari 2017.*Voorbereid door Anne de Vries, GroenLinks/);
    expect(texts[1]).toMatch(/1\.3\.a Ontwikkelagenda passend onderwijs en jeugdhulp .*Mijn standpunt: voor .*Inbreng .*\[ \] vraag over wachtlijsten/);
    expect(texts[1]).toMatch(/Rekenkamerrapport Schulddienstverlening \(1 aantekening\)/);
    expect(texts[2]).toMatch(/Motie .*Nazorg versterken .*verzoekt het college .*de nazorg te versterken/);

    // The bookmarks mirror the agenda: sections, their items, each item's documents.
    expect(outline.map((o) => o.title)).toEqual(['Voorblad', 'Agenda en notities', 'Moties en amendementen', '1 Raadzaal', '2 Takzaal']);
    const raadzaal = outline[3] as unknown as Bookmark;
    const takzaal = outline[4] as unknown as Bookmark;
    expect(raadzaal.items.map((i) => i.title)).toEqual(['1.1.a Opening en mededelingen', '1.3.a Ontwikkelagenda passend onderwijs en jeugdhulp']);
    const onderwijsMark = raadzaal.items[1]!;
    expect(onderwijsMark.items.map((i) => i.title)).toEqual(['Beslisnota Ontwikkelagenda', 'Advies Participatieraad']);
    expect(await Promise.all(onderwijsMark.items.map((i) => pageOf(i.dest)))).toEqual([4, 6]);
    expect(await pageOf(onderwijsMark.dest)).toBe(4);
    // An item without documents leads to its notes in the agenda.
    expect(await pageOf(raadzaal.items[0]!.dest)).toBe(2);
    expect(takzaal.items.map((i) => i.title)).toEqual(['2.3 Rekenkameronderzoek Schulddienstverlening']);
    expect(await pageOf(takzaal.items[0]!.items[0]!.dest)).toBe(7);
    expect(outline[2]!.items.map((i) => i.title)).toEqual(['Motie: Nazorg versterken (concept)']);
    expect(labels).toEqual(['Voorblad 1', 'Agenda 1', 'Moties 1', '1.3.a Beslisnota Ontwikkelagenda, blz. 1', '1.3.a Beslisnota Ontwikkelagenda, blz. 2', '1.3.a Advies Participatieraad, blz. 1', '2.3 Rekenkamerrapport Schulddienstverlening, blz. 1', '2.3 Rekenkamerrapport Schulddienstverlening, blz. 2', '2.3 Rekenkamerrapport Schulddienstverlening, blz. 3']);

    // The report's page carries its highlight.
    const annotations = (await (await pdf.getPage(7)).getAnnotations()) as { subtype: string; contentsObj: { str: string }; titleObj: { str: string } }[];
    expect(annotations.filter((a) => a.subtype === 'Highlight')).toEqual([expect.objectContaining({ contentsObj: expect.objectContaining({ str: 'Kern' }), titleObj: expect.objectContaining({ str: 'Anne de Vries' }) })]);
  });

  it('includes only the items and documents chosen', async () => {
    const { core, onderwijs } = await prepared();
    const result = await core.exportBundle({ meetingId: 1, agendaItemIds: [onderwijs.id], documentIds: [onderwijs.documents[1]!.id] });
    const { outline, pdf } = await read(core, result.exportId);
    expect(outline.map((o) => o.title)).toEqual(['Voorblad', 'Agenda en notities', '1.3.a Ontwikkelagenda passend onderwijs en jeugdhulp']);
    expect(outline[2]!.items.map((i) => i.title)).toEqual(['Advies Participatieraad']);
    expect(pdf.numPages).toBe(3);
  });

  it('replaces a broken document by a page that says why, and exports the rest', async () => {
    const { core, report } = await prepared();
    fs.writeFileSync(core.documentFile(report.id).path, '%PDF-1.7\nthis is not a pdf');
    const result = await core.exportBundle({ meetingId: 1 });
    expect(result.problems).toEqual([expect.objectContaining({ documentId: report.id, nl: expect.stringContaining('“Rekenkamerrapport Schulddienstverlening” is geen leesbare PDF') })]);
    const { texts, pdf } = await read(core, result.exportId);
    expect(pdf.numPages).toBe(7);
    expect(texts[6]).toMatch(/Rekenkamerrapport Schulddienstverlening .*Dit document is niet opgenomen/);
  });

  it('can be cancelled through its task id, and says so', async () => {
    const { core } = await prepared();
    const running = dispatchCall(core, 'exportBundle', { meetingId: 1, taskId: 'bundle-test-1' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await dispatchCall(core, 'cancelTask', { taskId: 'bundle-test-1' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });
});

describe('an annotated document through the core', () => {
  it('is exported with the user as author, under a name that says so', async () => {
    const { core, report } = await prepared();
    const file = await core.exportAnnotatedPdf({ documentId: report.id, summary: true });
    expect(file.fileName).toBe('Rekenkamerrapport Schulddienstverlening (met aantekeningen).pdf');
    const { pdf, texts } = await read(core, file.exportId);
    expect(pdf.numPages).toBe(4);
    expect(texts[3]).toMatch(/Blz\. 1 · markering \(roze\)/);
  });
});
