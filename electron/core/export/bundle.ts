// The fractie bundle: one PDF to take to the fractie meeting. A cover (the
// meeting, my name and fractie), the agenda with my positions and notes per
// item, my motion drafts, then every chosen document with my annotations
// written in, in agenda order at any depth (section items such as "1 Raadzaal"
// too). A document on two items comes once, where it is first on the agenda;
// the later item names it and its bookmark leads there. The bookmarks mirror
// the agenda tree; page labels name the item. A document that cannot be read
// is replaced by a page that says why; the rest of the bundle is made all the same.
import { readStoredFile } from '../files/blob-store.ts';
import type { PDFDict} from 'pdf-lib';
import { PDFDocument, PDFHexString, PDFName, PDFNumber, StandardFonts, type PDFFont, type PDFRef } from 'pdf-lib';
import type { Annotation, Stance } from '../../../shared/api.ts';
import { cancelledError, isRaadsmapError, type ProgressListener } from '../../../shared/errors.ts';
import { formatMeetingDate } from '../../../shared/format.ts';
import type { MotionContent, MotionStatus } from '../../../shared/motion.ts';
import { motionToPdf } from '../motions/motion-pdf.ts';
import { addAnnotations, loadForExport } from './annotate-pdf.ts';
import { PageWriter, TEXT_WIDTH } from './page-writer.ts';

export interface BundleDraft {
  kind: 'motie' | 'amendement';
  title: string;
  status: MotionStatus;
  content: MotionContent;
}

export interface BundleDocument {
  documentId: number;
  title: string;
  /** The stored PDF of the current version. */
  path: string;
  annotations: Annotation[];
}

export interface BundleItem {
  number: string | null;
  title: string;
  stance: Stance | null;
  /** Markdown. */
  note: string;
  drafts: BundleDraft[];
  /** In agenda order; a document already on an earlier item is not repeated, only named and bookmarked. */
  documents: BundleDocument[];
  /** Sub-items, as on the agenda. */
  children: BundleItem[];
}

export interface BundleInput {
  meeting: { title: string; startsAt: string; bodyName: string; location: string | null };
  user: { name: string; fractie: string };
  createdAt: string;
  /** The agenda tree (the chosen items). */
  items: BundleItem[];
  /** Drafts not tied to an item. */
  otherDrafts: BundleDraft[];
  flatten?: boolean | undefined;
  /** The files key of an encrypted store (hex), to read the stored PDFs. */
  filesKey?: string | null | undefined;
}

export interface BundleProblem {
  documentId: number;
  title: string;
  nl: string;
  en: string;
}

export interface BundleResult {
  bytes: Uint8Array;
  pageCount: number;
  problems: BundleProblem[];
}

interface OutlineEntry {
  title: string;
  pageIndex: number;
  children?: OutlineEntry[];
}

const STANCE_NL: Record<Stance, string> = { voor: 'voor', tegen: 'tegen', 'nog-bespreken': 'nog bespreken' };

export async function buildBundle(input: BundleInput, options: { onProgress?: ProgressListener | undefined; signal?: AbortSignal | undefined } = {}): Promise<BundleResult> {
  const bundle = await PDFDocument.create();
  bundle.setTitle(`Fractiebundel ${input.meeting.title}`, { showInWindowTitleBar: true });
  bundle.setAuthor(input.user.name || 'Raadsmap');
  bundle.setCreator('Raadsmap');
  bundle.setProducer('Raadsmap');
  bundle.setLanguage('nl-NL');
  const fonts = { regular: await bundle.embedFont(StandardFonts.Helvetica), bold: await bundle.embedFont(StandardFonts.HelveticaBold), italic: await bundle.embedFont(StandardFonts.HelveticaOblique) };
  const encodable = new Set(fonts.regular.getCharacterSet());
  const outline: OutlineEntry[] = [];
  const labels: { pageIndex: number; prefix: string }[] = [];
  const problems: BundleProblem[] = [];
  const items = walk(input.items);
  // Where each document comes: the first item (in agenda order) that has it.
  const firstItem = new Map<number, BundleItem>();
  for (const { item } of items) for (const doc of item.documents) if (!firstItem.has(doc.documentId)) firstItem.set(doc.documentId, item);
  const drafts = [...items.flatMap(({ item }) => item.drafts), ...input.otherDrafts];
  const total = firstItem.size + drafts.length + 1;
  let done = 0;
  const step = (nl: string, en: string) => {
    if (options.signal?.aborted) throw cancelledError();
    options.onProgress?.({ phase: 'export', done, total, nl, en });
  };

  // Cover.
  step('Voorblad en agenda', 'Cover and agenda');
  const cover = new PageWriter(bundle, encodable);
  const big = { size: 24, leading: 30 };
  const body = { size: 11, leading: 15 };
  cover.gap(120);
  cover.lines(cover.wrap([{ text: 'Fractiebundel', font: fonts.bold }], big.size, TEXT_WIDTH), 0, big);
  cover.gap(10);
  cover.lines(cover.wrap([{ text: input.meeting.title, font: fonts.bold }], 16, TEXT_WIDTH), 0, { size: 16, leading: 21 });
  for (const line of [input.meeting.bodyName, formatMeetingDate(input.meeting.startsAt, 'nl'), input.meeting.location ?? '']) {
    if (line) cover.lines(cover.wrap([{ text: line, font: fonts.regular }], 12, TEXT_WIDTH), 0, { size: 12, leading: 17 });
  }
  cover.gap(40);
  const who = [input.user.name, input.user.fractie].filter(Boolean).join(', ');
  if (who) cover.lines(cover.wrap([{ text: `Voorbereid door ${who}`, font: fonts.regular }], 12, TEXT_WIDTH), 0, { size: 12, leading: 17 });
  cover.lines(cover.wrap([{ text: `Samengesteld op ${formatMeetingDate(input.createdAt, 'nl')}`, font: fonts.italic }], 10, TEXT_WIDTH), 0, { size: 10, leading: 14 });
  outline.push({ title: 'Voorblad', pageIndex: 0 });
  labels.push({ pageIndex: 0, prefix: 'Voorblad ' });

  // The agenda with my positions and notes, indented as the agenda is.
  const agendaStart = bundle.getPageCount();
  const agenda = new PageWriter(bundle, encodable);
  const agendaPage = new Map<BundleItem, number>();
  agenda.lines(agenda.wrap([{ text: 'Agenda, mijn standpunten en notities', font: fonts.bold }], 16, TEXT_WIDTH), 0, { size: 16, leading: 21 });
  agenda.gap(8);
  for (const { item, depth } of items) {
    const indent = Math.min(depth, 4) * 12;
    const text = (runs: string, font: PDFFont, extra = 12) => agenda.lines(agenda.wrap([{ text: runs, font }], body.size, TEXT_WIDTH - indent - extra), indent + extra, body);
    agenda.keepRoom(3 * body.leading);
    agenda.gap(depth === 0 ? 6 : 3);
    text(itemLabel(item), fonts.bold, 0);
    agendaPage.set(item, agendaStart + agenda.pages.length - 1);
    if (item.stance) text(`Mijn standpunt: ${STANCE_NL[item.stance]}`, fonts.italic);
    for (const line of plainLines(item.note)) text(line, fonts.regular);
    for (const doc of item.documents) {
      const first = firstItem.get(doc.documentId)!;
      const count = doc.annotations.length;
      const aside = first !== item ? ` (zie ${itemLabel(first)})` : count ? ` (${count} ${count === 1 ? 'aantekening' : 'aantekeningen'})` : '';
      text(`• ${doc.title}${aside}`, fonts.regular);
    }
    for (const draft of item.drafts) text(`• ${draftLabel(draft)}`, fonts.regular);
  }
  outline.push({ title: 'Agenda en notities', pageIndex: agendaStart });
  labels.push({ pageIndex: agendaStart, prefix: 'Agenda ' });
  for (const writer of [cover, agenda]) writer.footers(fonts.regular, `Fractiebundel ${input.meeting.title}`);
  done++;

  // My motion drafts, as the griffie would get them.
  if (drafts.length) {
    const children: OutlineEntry[] = [];
    const start = bundle.getPageCount();
    for (const draft of drafts) {
      step(`Motie: ${draft.title}`, `Motion: ${draft.title}`);
      const source = await PDFDocument.load(await motionToPdf(draft.content, draft.status));
      const pages = await bundle.copyPages(source, source.getPageIndices());
      children.push({ title: draftLabel(draft), pageIndex: bundle.getPageCount() });
      for (const page of pages) bundle.addPage(page);
      done++;
    }
    outline.push({ title: 'Moties en amendementen', pageIndex: start, children });
    labels.push({ pageIndex: start, prefix: 'Moties ' });
  }

  // Every chosen document once, annotated, under the agenda tree's bookmarks.
  const placed = new Map<number, number>();
  const addDocument = async (item: BundleItem, doc: BundleDocument) => {
    step(`Document: ${doc.title}`, `Document: ${doc.title}`);
    const start = bundle.getPageCount();
    try {
      const source = await loadForExport(readStoredFile(doc.path, input.filesKey ? Buffer.from(input.filesKey, 'hex') : null), doc.title);
      const pages = await bundle.copyPages(source, source.getPageIndices());
      for (const page of pages) bundle.addPage(page);
      addAnnotations(bundle, pages, doc.annotations.filter((a) => a.onCurrentVersion), { author: input.user.name, flatten: input.flatten });
    } catch (error) {
      if (isRaadsmapError(error) && error.code === 'cancelled') throw error;
      // Only what this document added goes; a page says what happened to it.
      while (bundle.getPageCount() > start) bundle.removePage(bundle.getPageCount() - 1);
      const info = isRaadsmapError(error) ? error : { nl: `“${doc.title}” kon niet worden opgenomen: ${String(error)}`, en: `“${doc.title}” could not be included: ${String(error)}` };
      problems.push({ documentId: doc.documentId, title: doc.title, nl: info.nl, en: info.en });
      const notice = new PageWriter(bundle, encodable);
      notice.lines(notice.wrap([{ text: doc.title, font: fonts.bold }], 14, TEXT_WIDTH), 0, { size: 14, leading: 18 });
      notice.gap(8);
      notice.lines(notice.wrap([{ text: `Dit document is niet opgenomen. ${info.nl}`, font: fonts.regular }], body.size, TEXT_WIDTH), 0, body);
    }
    placed.set(doc.documentId, start);
    labels.push({ pageIndex: start, prefix: `${item.number ? `${item.number} ` : ''}${shorten(doc.title, 40)}, blz. ` });
    done++;
    return start;
  };
  const placeItem = async (item: BundleItem): Promise<OutlineEntry> => {
    const start = bundle.getPageCount();
    const children: OutlineEntry[] = [];
    for (const doc of item.documents) {
      const first = firstItem.get(doc.documentId)!;
      if (first === item && !placed.has(doc.documentId)) children.push({ title: doc.title, pageIndex: await addDocument(item, doc) });
      else if (first !== item) children.push({ title: `${doc.title} (zie ${itemLabel(first)})`, pageIndex: placed.get(doc.documentId)! });
    }
    for (const child of item.children) children.push(await placeItem(child));
    // The item's first page of documents; else where its first bookmark leads; else its notes in the agenda.
    const pageIndex = bundle.getPageCount() > start ? start : (children[0]?.pageIndex ?? agendaPage.get(item)!);
    return { title: itemLabel(item), pageIndex, children };
  };
  for (const item of input.items) outline.push(await placeItem(item));
  step('Bladwijzers en opslaan', 'Bookmarks and saving');
  writeOutline(bundle, outline);
  writePageLabels(bundle, labels);
  const bytes = await bundle.save({ useObjectStreams: true });
  done = total;
  options.onProgress?.({ phase: 'export', done, total, nl: 'Klaar', en: 'Done' });
  return { bytes, pageCount: bundle.getPageCount(), problems };
}

const itemLabel = (item: { number: string | null; title: string }) => (item.number ? `${item.number} ${item.title}` : item.title);

/** The items in agenda order (each before its sub-items), with their depth. */
function walk(items: readonly BundleItem[], depth = 0): { item: BundleItem; depth: number }[] {
  return items.flatMap((item) => [{ item, depth }, ...walk(item.children, depth + 1)]);
}
const draftLabel = (d: BundleDraft) => `${d.kind === 'motie' ? 'Motie' : 'Amendement'}: ${d.title || '(zonder titel)'}${d.status === 'concept' ? ' (concept)' : ''}`;
const shorten = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** My Markdown notes as plain lines: list markers kept readable, emphasis marks dropped. */
export function plainLines(markdown: string): string[] {
  return markdown
    .split('\n')
    .map((line) =>
      line
        .replace(/^(\s*)[-*+]\s+\[( )\]\s*/, '$1[ ] ')
        .replace(/^(\s*)[-*+]\s+\[[xX]\]\s*/, '$1[x] ')
        .replace(/^(\s*)[-*+]\s+/, '$1• ')
        .replace(/^#{1,6}\s+/, '')
        .replace(/(\*\*|__)(.+?)\1/g, '$2')
        .replace(/(^|[^*])\*(?!\s)(.+?)\*/g, '$1$2')
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
        .trimEnd(),
    )
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''));
}

/** PDF bookmarks (the outline), built as the dictionaries the PDF spec describes; pdf-lib has no API for them. */
function writeOutline(pdf: PDFDocument, entries: readonly OutlineEntry[]): void {
  const context = pdf.context;
  const pages = pdf.getPages();
  const root = context.nextRef();
  const visible = (list: readonly OutlineEntry[]): number => list.reduce((n, e) => n + 1 + visible(e.children ?? []), 0);
  const build = (list: readonly OutlineEntry[], parent: PDFRef): { first: PDFRef; last: PDFRef } | null => {
    if (list.length === 0) return null;
    const refs = list.map(() => context.nextRef());
    list.forEach((entry, i) => {
      const page = pages[Math.min(entry.pageIndex, pages.length - 1)]!;
      const dict = context.obj({ Title: PDFHexString.fromText(entry.title), Parent: parent, Dest: [page.ref, 'XYZ', null, null, null] }) as PDFDict;
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
      if (i < refs.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
      const children = build(entry.children ?? [], refs[i]!);
      if (children) {
        dict.set(PDFName.of('First'), children.first);
        dict.set(PDFName.of('Last'), children.last);
        dict.set(PDFName.of('Count'), PDFNumber.of(visible(entry.children!)));
      }
      context.assign(refs[i]!, dict);
    });
    return { first: refs[0]!, last: refs.at(-1)! };
  };
  const top = build(entries, root);
  const outlines = context.obj({ Type: 'Outlines', Count: visible(entries) }) as PDFDict;
  if (top) {
    outlines.set(PDFName.of('First'), top.first);
    outlines.set(PDFName.of('Last'), top.last);
  }
  context.assign(root, outlines);
  pdf.catalog.set(PDFName.of('Outlines'), root);
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

/** Page labels: each section counts from 1 under its own name ("1.3.a Raadsvoorstel, blz. 2"). */
function writePageLabels(pdf: PDFDocument, labels: readonly { pageIndex: number; prefix: string }[]): void {
  const nums: unknown[] = [];
  const seen = new Set<number>();
  for (const label of [...labels].sort((a, b) => a.pageIndex - b.pageIndex)) {
    if (seen.has(label.pageIndex) || label.pageIndex >= pdf.getPageCount()) continue;
    seen.add(label.pageIndex);
    nums.push(label.pageIndex, pdf.context.obj({ S: 'D', P: PDFHexString.fromText(label.prefix) }));
  }
  pdf.catalog.set(PDFName.of('PageLabels'), pdf.context.obj({ Nums: nums as never }));
}
