import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { openPdf } from '../../electron/core/extraction/pdfjs.ts';
import type { AgendaItemView, DocumentSummary } from '../../shared/api.ts';
import { firstDeliveries } from '../../scripts/sample/deliveries.ts';

// The fractie bundle of each bundled sample meeting (resources/sample), made
// with everything in it, read back with pdf.js and held against the meeting's
// agenda tree as the core gives it: every document of every item at any depth
// (section items such as "1 Raadzaal" too), each once, with all its pages.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sampleDir = path.join(repo, 'resources', 'sample');
const samples = fs.readdirSync(sampleDir).map((name) => path.join(sampleDir, name)).sort();
// One folder per meeting: a meeting delivered again (a revised document) is the same meeting.
const meetingFolders = firstDeliveries(sampleDir);

interface Bookmark {
  title: string;
  dest: unknown[];
  items: Bookmark[];
}
/** A bookmark without its destination, to compare trees. */
interface Mark {
  title: string;
  items: Mark[];
}

let core: Core;
let dataDir: string;
beforeAll(async () => {
  // One store for the whole file (tempDir() would be emptied after each test).
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-bundle-'));
  core = createCore({ dataDir, clock: () => new Date('2026-11-22T12:00:00Z'), extractionThreads: 1 });
  core.updateSettings({ userName: 'Anne de Vries', fractie: 'GroenLinks' });
  await core.importPackages({ paths: samples });
}, 120_000);
afterAll(async () => {
  await core.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const label = (item: AgendaItemView) => (item.number ? `${item.number} ${item.title}` : item.title);
const walk = (items: readonly AgendaItemView[]): AgendaItemView[] => items.flatMap((item) => [item, ...walk(item.children)]);
const included = (d: DocumentSummary) => d.status === 'active' && d.linkStatus === 'active';
const strip = (marks: readonly Bookmark[]): Mark[] => marks.map((m) => ({ title: m.title, items: strip(m.items) }));

async function pageTexts(bytes: Uint8Array, pages: number[]): Promise<string[]> {
  const pdf = await (await openPdf(bytes)).promise;
  const texts: string[] = [];
  for (const n of pages) texts.push(((await (await pdf.getPage(n)).getTextContent()).items as { str: string }[]).map((i) => i.str).join(''));
  await pdf.destroy();
  return texts;
}

describe('the fractie bundle of each sample meeting', () => {
  it('is the five sample meetings', () => {
    expect(core.listMeetings({})).toHaveLength(5);
  });

  for (const [index, folder] of meetingFolders.entries()) {
    it(`holds the whole meeting ${path.basename(folder)}: each document once, all its pages, bookmarks as the agenda`, async () => {
      const summary = [...core.listMeetings({})].sort((a, b) => a.startsAt.localeCompare(b.startsAt))[index]!;
      expect(path.basename(folder).startsWith(summary.startsAt.slice(0, 10))).toBe(true);
      const meeting = core.getMeeting({ meetingId: summary.id });
      const items = walk(meeting.agenda).filter((i) => i.status === 'active');
      // My position and notes, on a section item (the first top-level item) and on the last item.
      const notes = new Map([
        [meeting.agenda[0]!.id, { stance: 'nog-bespreken' as const, body: `Notitie bij ${label(meeting.agenda[0]!)}` }],
        [items.at(-1)!.id, { stance: 'tegen' as const, body: 'Laatste punt: kort houden' }],
      ]);
      for (const [agendaItemId, note] of notes) core.saveAgendaNote({ agendaItemId, ...note });

      // The meeting's documents, once each, where they first come on the agenda.
      const first = new Map<number, { doc: DocumentSummary; item: AgendaItemView }>();
      for (const item of items) for (const doc of item.documents.filter(included)) if (!first.has(doc.id)) first.set(doc.id, { doc, item });
      expect(first.size).toBe(new Set(items.flatMap((i) => i.documents.filter(included).map((d) => d.id))).size);

      const result = await core.exportBundle({ meetingId: meeting.id });
      expect(result.problems).toEqual([]);
      const bytes = new Uint8Array(core.exportFile(result.exportId).bytes);
      const pdf = await (await openPdf(bytes.slice())).promise;
      const outline = (await pdf.getOutline()) as Bookmark[];
      const labels = (await pdf.getPageLabels())!;
      const pageOf = async (mark: Bookmark) => (await pdf.getPageIndex(mark.dest[0] as never)) + 1;
      expect(pdf.numPages).toBe(result.pageCount);

      // The bookmarks: cover, agenda, then the agenda tree with each item's documents before its sub-items;
      // a document already in the bundle is named again with where it is.
      const expected = (list: readonly AgendaItemView[]): Mark[] =>
        list
          .filter((i) => i.status === 'active')
          .map((item) => ({
            title: label(item),
            items: [
              ...item.documents.filter(included).map((d) => ({ title: first.get(d.id)!.item === item ? d.title : `${d.title} (zie ${label(first.get(d.id)!.item)})`, items: [] })),
              ...expected(item.children),
            ],
          }));
      expect(strip(outline)).toEqual([{ title: 'Voorblad', items: [] }, { title: 'Agenda en notities', items: [] }, ...expected(meeting.agenda)]);

      // Each document's bookmark leads to its first page; the pages up to the next document are all its pages.
      const documentMarks = new Map<number, Bookmark>();
      const references: Bookmark[] = [];
      const collect = (marks: readonly Bookmark[], list: readonly AgendaItemView[]) =>
        list
          .filter((i) => i.status === 'active')
          .forEach((item, i) => {
            const mark = marks[i]!;
            const docs = item.documents.filter(included);
            docs.forEach((d, j) => (first.get(d.id)!.item === item ? documentMarks.set(d.id, mark.items[j]!) : references.push(mark.items[j]!)));
            collect(mark.items.slice(docs.length), item.children);
          });
      collect(outline.slice(2), meeting.agenda);
      expect([...documentMarks.keys()].sort((a, b) => a - b)).toEqual([...first.keys()].sort((a, b) => a - b));
      const starts = new Map<number, number>();
      for (const [id, mark] of documentMarks) starts.set(id, await pageOf(mark));
      const ordered = [...starts.entries()].sort((a, b) => a[1] - b[1]);
      ordered.forEach(([id, start], i) => {
        const end = (ordered[i + 1]?.[1] ?? pdf.numPages + 1) - 1;
        expect(end - start + 1, first.get(id)!.doc.title).toBe(first.get(id)!.doc.pageCount);
        expect(labels[start - 1], first.get(id)!.doc.title).toMatch(/, blz\. 1$/);
      });
      for (const mark of references) expect([...starts.values()]).toContain(await pageOf(mark));
      // The same document: its first page reads as the stored PDF's first page.
      for (const [id, start] of ordered) {
        const [original] = await pageTexts(new Uint8Array(fs.readFileSync(core.documentFile(id).path)), [1]);
        const [inBundle] = await pageTexts(bytes.slice(), [start]);
        expect(inBundle, first.get(id)!.doc.title).toBe(original);
      }

      // Pages: the cover, the agenda with my notes, then the documents' pages; nothing else.
      const agendaPages = labels.filter((l) => l.startsWith('Agenda ')).length;
      expect(labels.filter((l) => l.startsWith('Voorblad '))).toEqual(['Voorblad 1']);
      expect(agendaPages).toBeGreaterThanOrEqual(1);
      const documentPages = [...first.values()].reduce((sum, { doc }) => sum + doc.pageCount, 0);
      expect(result.pageCount).toBe(1 + agendaPages + documentPages);

      // The agenda pages carry every item, my positions and notes, a section item's too.
      let agendaText = '';
      for (let n = 2; n < 2 + agendaPages; n++) agendaText += ((await (await pdf.getPage(n)).getTextContent()).items as { str: string }[]).map((i) => i.str).join(' ') + ' ';
      agendaText = agendaText.replace(/\s+/g, ' ');
      for (const item of items) expect(agendaText).toContain(label(item).replace(/\s+/g, ' ').slice(0, 30));
      expect(agendaText).toContain(`Mijn standpunt: nog bespreken Notitie bij ${label(meeting.agenda[0]!)}`);
      expect(agendaText).toContain('Mijn standpunt: tegen Laatste punt: kort houden');
      await pdf.destroy();
    }, 120_000);
  }
});
