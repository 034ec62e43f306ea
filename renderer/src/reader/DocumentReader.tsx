// The document reader: pdf.js pages in a scroll box that reaches every edge
// at any zoom, only the pages near the viewport drawn (a 400-page report
// stays light), sharp on high-DPI screens. One toolbar row: back, the side
// panel (thumbnails, outline, my annotations), page, zoom, fit, find, a note
// on the page, my notes on the agenda item, export and more. Find (Ctrl+F)
// counts and marks every hit; keys 1–5 highlight the selection or the
// current hit, N with a note; Esc clears the selection, then closes find,
// and never leaves the reader (Alt+← or "Terug" does). Search hits open it
// at the page with the words marked; the reading position is remembered.
// A new version since the user last opened the document opens at its first
// change, the changes marked on the pages and listed beside them (] and [
// step through them); opening it records the version as seen.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { ChevronDown, ChevronUp, Download, Ellipsis, FileDiff, Maximize, MoveHorizontal, NotebookPen, PanelLeft, Search, StickyNote, X, ZoomIn, ZoomOut } from 'lucide-react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ANNOTATION_COLORS } from '../../../shared/api-constants.ts';
import type { Annotation, AnnotationColor, ChangeBadge, DocumentChanges, DocumentDetail, VersionChange } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { formatShortDate } from '../../../shared/format.ts';
import { parseQuery } from '../../../shared/search/analyser.ts';
import { useT } from '../i18n/i18n.tsx';
import { Button, Dialog, IconButton, Menu, SegmentedControl, Tooltip } from '../ui/index.ts';
import { closePdf, openPdf } from './pdf.ts';
import { ExportDocument } from './ExportDocument.tsx';
import { AgendaNotePanel } from '../personal/AgendaNotePanel.tsx';
import { AnnotationPanel } from './AnnotationPanel.tsx';
import { ChangesPanel, NEXT_CHANGE_KEY, PREVIOUS_CHANGE_KEY } from './ChangesPanel.tsx';
import { recreateInput } from './annotation-restore.ts';
import { findInText, pageTextOf, type FindHit } from './find.ts';
import { PageView, type FindMark, type PageSize } from './PageView.tsx';
import { QuoteDialog } from './QuoteDialog.tsx';
import { readSelection, type PageSelection } from './selection.ts';
import { Sidebar } from './Sidebar.tsx';
import { whenIdle } from './render-queue.ts';
import { changeMarksByPage, type ChangeMark } from './text-marks.ts';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';
// pdf.js's own rules for its text layer (selection and marks over the drawn page), loaded with the reader.
import 'pdfjs-dist/web/pdf_viewer.css';
import './reader.css';

const GAP = 16;
/** How long the pages rest before pdf.js's document-wide caches are freed (see the effect that uses it). */
const IDLE_CLEANUP_MS = 30_000;
const NO_ANNOTATIONS: readonly Annotation[] = [];
const NO_MARKS: readonly FindMark[] = [];
const NO_CHANGE_MARKS: readonly ChangeMark[] = [];
const NO_CHANGES: readonly VersionChange[] = [];
/** Below this window width, the changes panel opening by itself closes the left side panel: the page keeps its room. */
const ROOM_FOR_TWO_PANELS = 1280;
const MIN_SCALE = 0.25;
const MAX_SCALE = 4;
const ZOOM_STEP = 1.2;
const ZOOM_PRESETS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3, 4] as const;

type SideTab = 'thumbnails' | 'outline' | 'annotations';
type Fit = 'width' | 'page';

interface Props {
  client: RaadsmapClient;
  documentId: number;
  /** Open at this page (a search hit); otherwise where the user left off. */
  page?: number | undefined;
  /** Words to mark: the search that led here. */
  query?: string | undefined;
  /** What to mark (a search's markQuery: the query with the forms and synonyms it matched); else the query. */
  mark?: string | undefined;
  onClose: () => void;
  /** The document's other meetings (its dossier) lead there. */
  onOpenMeeting?: ((meetingId: number) => void) | undefined;
  /** The agenda item it was opened from (named in the header, its notes beside it); else its first. */
  agendaItemId?: number | undefined;
  onOpenMotion?: ((draftId: string) => void) | undefined;
}

/**
 * changes: what the new version changed, since the user last opened it (badge) or else in the last
 * revision; null when there is nothing to show.
 */
type Loaded =
  | { kind: 'loading' }
  | { kind: 'error'; error: ErrorInfo }
  | { kind: 'ready'; detail: DocumentDetail; pdf: PDFDocumentProxy; sizes: PageSize[]; changes: DocumentChanges | null; badge: ChangeBadge | null };

/** Find in document: the hits so far (all of them once `done`), and the one shown. */
interface Found {
  query: string;
  hits: FindHit[];
  index: number;
  done: boolean;
}

/** What keys 1–5 and N highlight: the selection, or else the current find hit. */
type Target = Pick<PageSelection, 'page' | 'start' | 'end' | 'exact'>;

export function DocumentReader({ client, documentId, page, query, mark, onClose, onOpenMeeting, agendaItemId, onOpenMotion }: Props) {
  const { t, message, documentType, language } = useT();
  const [annotations, setAnnotations] = useState<Annotation[]>([]);
  const [selectedAnnotation, setSelectedAnnotation] = useState<string | null>(null);
  const [focusNoteOf, setFocusNoteOf] = useState<string | null>(null);
  const [selection, setSelection] = useState<PageSelection | null>(null);
  const [side, setSide] = useState<SideTab | null>('annotations');
  const [notesOpen, setNotesOpen] = useState(false);
  const [placing, setPlacing] = useState(false);
  const [quoting, setQuoting] = useState<PageSelection | null>(null);
  const [exporting, setExporting] = useState(false);
  const [shortcuts, setShortcuts] = useState(false);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [scale, setScale] = useState<number | null>(null);
  const [fit, setFit] = useState<Fit | null>('width');
  const [view, setView] = useState({ width: 0, height: 0 });
  const [currentPage, setCurrentPage] = useState(1);
  const [pageField, setPageField] = useState('1');
  const [visible, setVisible] = useState<ReadonlySet<number>>(new Set());
  /** The pages on screen now (drawn first). */
  const [inView, setInView] = useState<ReadonlySet<number>>(new Set());
  const [findOpen, setFindOpen] = useState(false);
  const [findText, setFindText] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [read, setRead] = useState(true);
  const [changesOpen, setChangesOpen] = useState(false);
  /** The change stepped to (its index); seq makes the same one scroll into view again. */
  const [changeTarget, setChangeTarget] = useState<{ index: number; seq: number } | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const findInput = useRef<HTMLInputElement>(null);
  const pageTexts = useRef(new Map<number, string>());
  const findRun = useRef(0);
  /** Where to stay while the zoom changes: a page and how far down it. */
  const keep = useRef<{ page: number; fraction: number } | null>(null);
  const searchMarks = useMemo(() => {
    const parsed = parseQuery(mark ?? query ?? '');
    return parsed.terms.length || parsed.phrases.length ? parsed : null;
  }, [mark, query]);

  /** The changes panel, in the place of my notes on the agenda item; in a narrow window without the left panel, so the page keeps its room. */
  const openChanges = useCallback(() => {
    setChangesOpen(true);
    setNotesOpen(false);
    if (window.innerWidth < ROOM_FOR_TWO_PANELS) setSide(null);
  }, []);

  // Load the document's details and its PDF.
  useEffect(() => {
    let cancelled = false;
    let task: ReturnType<typeof openPdf> | undefined;
    setLoaded({ kind: 'loading' });
    void (async () => {
      const detail = await client.getDocument({ documentId });
      if (cancelled) return;
      if (!detail.ok) return setLoaded({ kind: 'error', error: detail.error });
      // Changes since the user last opened it (the badge), or else those of the last revision; asked while the PDF opens.
      const badge = detail.value.changes;
      const latest = detail.value.versions.find((v) => v.current);
      const asking =
        badge || (latest?.diff?.status === 'changed' && latest.diff.count > 0)
          ? client.listChanges(badge ? { documentId, fromVersionId: badge.fromVersionId, toVersionId: badge.toVersionId } : { documentId })
          : null;
      try {
        task = openPdf(client.documentSource(documentId));
        const pdf = await task.promise;
        const first = (await pdf.getPage(1)).getViewport({ scale: 1 });
        const listed = await asking;
        if (cancelled) return;
        // Every page is assumed the size of the first until it is drawn: the scroll height is right at once.
        const sizes = Array.from({ length: pdf.numPages }, () => ({ width: first.width, height: first.height }));
        const changes = listed?.ok ? listed.value : null;
        if (listed && !listed.ok) setNotice({ text: t('changes.loadFailed', { message: message(listed.error) }), error: true });
        setRead(detail.value.read);
        setLoaded({ kind: 'ready', detail: detail.value, pdf, sizes, changes, badge });
        // New changes are shown at once; those of an earlier visit one click away.
        if (badge && changes) openChanges();
        // Seen: the badge ends (what changed stays listed here).
        void client.markDocumentSeen({ documentId });
        if (!detail.value.read) {
          void client.setRead({ documentId, read: true });
          setRead(true);
        }
      } catch (error) {
        if (cancelled) return;
        setLoaded({ kind: 'error', error: { code: 'reader.load-failed', nl: `Het document kan niet worden geopend: ${detailOf(error)}`, en: `The document cannot be opened: ${detailOf(error)}` } });
      }
    })();
    return () => {
      cancelled = true;
      if (task) void closePdf(task);
    };
  }, [client, documentId]);

  const ready = loaded.kind === 'ready' ? loaded : null;

  const sizes = ready?.sizes;

  // My annotations on this document.
  const loadAnnotations = useCallback(async () => {
    const result = await client.listAnnotations({ documentId });
    if (result.ok) setAnnotations(result.value);
  }, [client, documentId]);
  useEffect(() => {
    void loadAnnotations();
  }, [loadAnnotations]);
  // Highlights placed anew from their glyphs in the background (made before glyph positions, imported, re-anchored).
  useEffect(
    () =>
      client.onEvent((event) => {
        if (event.type === 'annotations-changed' && event.documentIds.includes(documentId)) void loadAnnotations();
      }),
    [client, documentId, loadAnnotations],
  );
  const annotationsByPage = useMemo(() => {
    const byPage = new Map<number, Annotation[]>();
    for (const a of annotations) if (a.onCurrentVersion) byPage.set(a.page, [...(byPage.get(a.page) ?? []), a]);
    return byPage;
  }, [annotations]);

  // The text selection in the pages, as the core anchors it.
  useEffect(() => {
    let frame = 0;
    const onChange = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const current = window.getSelection();
        const inPages = current && current.rangeCount > 0 && scroller.current?.contains(current.getRangeAt(0).commonAncestorContainer);
        setSelection(inPages ? readSelection(current) : null);
      });
    };
    document.addEventListener('selectionchange', onChange);
    return () => {
      cancelAnimationFrame(frame);
      document.removeEventListener('selectionchange', onChange);
    };
  }, []);

  const show = (result: { ok: true } | { ok: false; error: ErrorInfo }, done?: string) => setNotice(result.ok ? (done ? { text: done } : null) : { text: message(result.error), error: true });

  /** A page's text string, as annotations are anchored in it (cached). */
  const textOf = useCallback(
    async (pageNumber: number) => {
      if (!ready) return '';
      let text = pageTexts.current.get(pageNumber);
      if (text === undefined) {
        const content = await (await ready.pdf.getPage(pageNumber)).getTextContent({ disableNormalization: true });
        text = pageTextOf(content.items);
        pageTexts.current.set(pageNumber, text);
      }
      return text;
    },
    [ready],
  );

  const currentHit = found && found.hits.length > 0 ? found.hits[found.index]! : null;

  const highlight = async (color: AnnotationColor, withNote: boolean, target: Target | null = selection) => {
    if (!target) return;
    const result = await client.createAnnotation({ kind: 'highlight', documentId, page: target.page, start: target.start, end: target.end, exact: target.exact, color });
    show(result, t('annotations.saved'));
    if (!result.ok) return;
    window.getSelection()?.removeAllRanges();
    setAnnotations((list) => [...list, result.value]);
    setSelectedAnnotation(result.value.id);
    setSide('annotations');
    setFocusNoteOf(withNote ? result.value.id : null);
  };

  /** The selection, or else the find bar's current hit: what a key highlights. */
  const keyTarget = async (): Promise<Target | null> => {
    if (selection) return selection;
    if (!currentHit) return null;
    const text = await textOf(currentHit.page);
    return { page: currentHit.page, start: currentHit.start, end: currentHit.end, exact: text.slice(currentHit.start, currentHit.end) };
  };

  const placeNote = useCallback(
    async (pageNumber: number, point: { x: number; y: number }) => {
      setPlacing(false);
      const result = await client.createAnnotation({ kind: 'note', documentId, page: pageNumber, point, note: '' });
      if (!result.ok) return setNotice({ text: message(result.error), error: true });
      setAnnotations((list) => [...list, result.value]);
      setSelectedAnnotation(result.value.id);
      setSide('annotations');
      setFocusNoteOf(result.value.id);
    },
    [client, documentId, message],
  );

  const updateAnnotation = async (annotationId: string, changes: { note?: string; tags?: string[]; color?: AnnotationColor }) => {
    const result = await client.updateAnnotation({ annotationId, ...changes });
    show(result);
    if (result.ok) setAnnotations((list) => list.map((a) => (a.id === annotationId ? result.value : a)));
  };
  const deleteAnnotation = async (annotationId: string) => {
    const result = await client.deleteAnnotation({ annotationId });
    show(result);
    if (result.ok) setAnnotations((list) => list.filter((a) => a.id !== annotationId));
  };
  const reattach = async (annotationId: string) => {
    if (!selection) return;
    const result = await client.reattachAnnotation({ annotationId, page: selection.page, start: selection.start, end: selection.end, exact: selection.exact });
    show(result, t('annotations.saved'));
    if (!result.ok) return;
    window.getSelection()?.removeAllRanges();
    setAnnotations((list) => list.map((a) => (a.id === annotationId ? result.value : a)));
    setSelectedAnnotation(annotationId);
  };
  const selectAnnotation = useCallback((annotationId: string) => {
    setSelectedAnnotation(annotationId);
    setSide('annotations');
  }, []);

  // The page area's size: fitting follows it (a resized window, a panel opened).
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setView((v) => (v.width === el.clientWidth && v.height === el.clientHeight ? v : { width: el.clientWidth, height: el.clientHeight })));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ready]);

  const firstSize = sizes?.[0];
  // Fit the page width (or the whole page) to the page area; zooming by hand stops fitting.
  useEffect(() => {
    if (!firstSize || !fit || view.width === 0) return;
    const width = (view.width - 2 * GAP) / firstSize.width;
    const next = fit === 'width' ? width : Math.min(width, (view.height - 2 * GAP) / firstSize.height);
    setScale((current) => {
      const clamped = clampScale(next);
      if (current !== null && current !== clamped) rememberPosition();
      return clamped;
    });
    // rememberPosition reads the scroll box only.
  }, [firstSize?.width, firstSize?.height, fit, view]);

  const layout = useMemo(() => {
    if (!sizes || scale === null) return null;
    const tops: number[] = [];
    let y = GAP;
    let widest = 0;
    for (const size of sizes) {
      tops.push(y);
      y += Math.round(size.height * scale) + GAP;
      widest = Math.max(widest, Math.round(size.width * scale));
    }
    tops.push(y);
    // Wider than the page area: the box is as wide as the page plus its margins, so every edge can be scrolled to.
    const width = Math.max(view.width, widest + 2 * GAP);
    const lefts = sizes.map((size) => Math.round((width - Math.round(size.width * scale)) / 2));
    return { tops, lefts, width, height: y };
  }, [sizes, scale, view.width]);
  const offsets = useMemo(() => layout?.tops ?? [], [layout]);

  /** The page at the top third of the view, and how far down it is: kept while zooming. */
  function rememberPosition() {
    const el = scroller.current;
    if (!el || offsets.length < 2) return;
    let n = 1;
    while (n < offsets.length - 1 && offsets[n]! <= el.scrollTop) n++;
    const top = offsets[n - 1]!;
    const height = offsets[n]! - top;
    keep.current = { page: n, fraction: height > 0 ? Math.max(0, (el.scrollTop - top) / height) : 0 };
  }

  const goToPage = useCallback(
    (target: number) => {
      if (!sizes || offsets.length === 0 || !scroller.current) return;
      const n = Math.min(Math.max(1, Math.round(target)), sizes.length);
      scroller.current.scrollTop = offsets[n - 1]! - GAP;
      setCurrentPage(n);
    },
    [sizes, offsets],
  );

  // A reader that has rested on its pages for a while lets pdf.js drop what it keeps for the whole
  // document (fonts, shared images, parsed objects in its worker), as pdf.js's viewer does when idle:
  // memory then stays that of the pages in view, however long the document. Never while a page is
  // drawn (pdf.js forbids it): it waits its turn behind every page in the drawing queue.
  useEffect(() => {
    if (!ready) return;
    let job: { cancel: () => void } | undefined;
    const timer = setTimeout(() => {
      job = whenIdle(() => ready.pdf.cleanup().catch(() => undefined));
    }, IDLE_CLEANUP_MS);
    return () => {
      clearTimeout(timer);
      job?.cancel();
    };
  }, [ready, visible]);

  // Which pages are near the viewport (drawn) and which one is current.
  const updateVisible = useCallback(() => {
    const el = scroller.current;
    if (!el || offsets.length === 0) return;
    const top = el.scrollTop;
    const bottom = top + el.clientHeight;
    const margin = 2 * el.clientHeight; // two screens above and below are drawn ahead of the scroll
    const next = new Set<number>();
    const seen = new Set<number>();
    let current = 1;
    for (let i = 0; i < offsets.length - 1; i++) {
      const pageTop = offsets[i]!;
      const pageBottom = offsets[i + 1]! - GAP;
      if (pageBottom >= top - margin && pageTop <= bottom + margin) next.add(i + 1);
      if (pageBottom > top && pageTop < bottom) seen.add(i + 1);
      if (pageTop <= top + el.clientHeight / 3) current = i + 1;
    }
    setVisible((previous) => (sameSet(previous, next) ? previous : next));
    setInView((previous) => (sameSet(previous, seen) ? previous : seen));
    setCurrentPage(current);
  }, [offsets]);

  // After a zoom: back to the same place on the same page, centred across.
  useLayoutEffect(() => {
    const el = scroller.current;
    const kept = keep.current;
    if (!el || !kept || offsets.length < 2) return;
    keep.current = null;
    const top = offsets[kept.page - 1]!;
    el.scrollTop = top + kept.fraction * (offsets[kept.page]! - top);
    el.scrollLeft = Math.max(0, (el.scrollWidth - el.clientWidth) / 2);
    updateVisible();
  }, [offsets, updateVisible]);

  // Open at the hit page, or where the user left off; the keyboard is on the pages.
  const opened = useRef(false);
  useEffect(() => {
    if (!ready || offsets.length === 0 || opened.current) return;
    opened.current = true;
    // New changes first (unless a search hit asked for its page); else where the user left off.
    const firstChange = ready.badge && page === undefined ? ready.changes?.changes[0] : undefined;
    const start = page ?? ready.detail.lastPage ?? 1;
    if (firstChange) setChangeTarget({ index: firstChange.index, seq: 0 });
    else if (start > 1) goToPage(start);
    else updateVisible();
    scroller.current?.focus({ preventScroll: true });
  });

  useEffect(() => {
    updateVisible();
  }, [updateVisible]);

  useEffect(() => setPageField(String(currentPage)), [currentPage]);

  // Remember the reading position, a second after the user stops scrolling.
  useEffect(() => {
    if (!ready) return;
    const timer = setTimeout(() => void client.setReadingPosition({ documentId, page: currentPage }), 1000);
    return () => clearTimeout(timer);
  }, [client, documentId, currentPage, ready]);

  const zoomTo = (next: number) => {
    if (scale === null) return;
    setFit(null);
    const clamped = clampScale(next);
    if (clamped === scale) return;
    rememberPosition();
    setScale(clamped);
  };
  const zoomBy = (factor: number) => scale !== null && zoomTo(scale * factor);
  const fitTo = (mode: Fit) => {
    rememberPosition();
    setFit(mode);
  };

  // Stable across size updates: a new callback would make every drawn page draw itself again.
  const onPageSize = useCallback((pageNumber: number, size: PageSize) => {
    setLoaded((current) => {
      if (current.kind !== 'ready') return current;
      const known = current.sizes[pageNumber - 1];
      if (!known || (Math.abs(known.width - size.width) <= 0.5 && Math.abs(known.height - size.height) <= 0.5)) return current;
      return { ...current, sizes: current.sizes.map((s, i) => (i === pageNumber - 1 ? size : s)) };
    });
  }, []);

  // ---- Find in document ----------------------------------------------------

  /** Finds every hit of the text, page by page (the count grows as it reads); starts at the current page. */
  const runFind = useCallback(
    async (text: string) => {
      const run = ++findRun.current;
      const wanted = text.trim();
      if (!ready || !wanted) return setFound(null);
      const from = currentPage;
      const hits: FindHit[] = [];
      let index = -1;
      for (let n = 1; n <= ready.pdf.numPages; n++) {
        const pageText = await textOf(n);
        if (run !== findRun.current) return;
        for (const hit of findInText(pageText, wanted)) hits.push({ page: n, ...hit });
        if (index < 0 && hits.length > 0 && hits.at(-1)!.page >= from) index = hits.findIndex((h) => h.page >= from);
        // The first hit shows at once; the count follows every 25 pages and at the end.
        if (n === ready.pdf.numPages || n % 25 === 0 || (index >= 0 && hits.length === 1)) {
          setFound({ query: wanted, hits: [...hits], index: Math.max(0, index), done: n === ready.pdf.numPages });
        }
      }
    },
    [ready, textOf, currentPage],
  );
  useEffect(() => {
    if (!findOpen) return;
    const timer = setTimeout(() => void runFind(findText), 200);
    return () => clearTimeout(timer);
    // Only a change of the text starts a new find (not the page scrolled to).
  }, [findText, findOpen]);

  const stepFind = (direction: 1 | -1) => {
    setFound((f) => (f && f.hits.length ? { ...f, index: (f.index + direction + f.hits.length) % f.hits.length } : f));
  };
  const openFind = () => {
    if (findInput.current) {
      findInput.current.focus();
      findInput.current.select();
    } else setFindOpen(true); // focused as it mounts (below), before the next key arrives
  };
  useLayoutEffect(() => {
    if (findOpen) findInput.current?.focus();
  }, [findOpen]);
  const closeFind = () => {
    findRun.current++;
    setFindOpen(false);
    setFound(null);
    scroller.current?.focus({ preventScroll: true });
  };

  // The current hit: its page, then the hit itself in the middle of the view once the page is drawn.
  useEffect(() => {
    if (!currentHit) return;
    goToPage(currentHit.page);
    return revealWhenDrawn(() => scroller.current?.querySelector(`.page[data-page="${currentHit.page}"] mark.search-mark.current`));
    // goToPage changes with every layout; the hit decides.
  }, [currentHit]);

  const findMarks = useMemo(() => {
    if (!found) return null;
    const byPage = new Map<number, FindMark[]>();
    found.hits.forEach((hit, i) => byPage.set(hit.page, [...(byPage.get(hit.page) ?? []), { start: hit.start, end: hit.end, current: i === found.index }]));
    return byPage;
  }, [found]);

  // ---- Changes of a new version ---------------------------------------------

  const changeList = ready?.changes?.changes;
  const changeMarks = useMemo(() => changeMarksByPage(changeList ?? []), [changeList]);
  const currentChange = changeTarget && changeList?.find((c) => c.index === changeTarget.index);
  /** The pages the current change is on: only they mark it apart (the others keep their marks as they are). */
  const currentChangePages = useMemo(() => new Set(currentChange?.ranges.map((r) => r.page) ?? []), [currentChange]);

  const goToChange = (index: number) => {
    const change = changeList?.find((c) => c.index === index);
    if (!change || !changeList) return;
    openChanges();
    setChangeTarget((target) => ({ index, seq: (target?.seq ?? 0) + 1 }));
    const position = changeList.indexOf(change);
    setNotice({ text: t('changes.announce', { index: position + 1, count: changeList.length, page: change.page, kind: t(`changes.kind.${change.kind}`) }) });
  };
  /** The next or previous change; the first one from the page in view when none was chosen yet. */
  const stepChange = (direction: 1 | -1) => {
    if (!changeList?.length) return;
    const at = currentChange ? changeList.indexOf(currentChange) : -1;
    let next: number;
    if (at >= 0) next = (at + direction + changeList.length) % changeList.length;
    else {
      next = direction > 0 ? changeList.findIndex((c) => c.page >= currentPage) : changeList.findLastIndex((c) => c.page <= currentPage);
      if (next < 0) next = direction > 0 ? 0 : changeList.length - 1;
    }
    goToChange(changeList[next]!.index);
  };

  // The change stepped to: its page, then the change itself in the middle of the view once the page is drawn.
  useEffect(() => {
    if (!currentChange) return;
    goToPage(currentChange.page);
    return revealWhenDrawn(() => scroller.current?.querySelector(`.page[data-page="${currentChange.page}"] mark.change-mark[data-change="${currentChange.index}"]`));
    // goToPage changes with every layout; the step decides.
  }, [changeTarget]);

  // ---- Keys ----------------------------------------------------------------

  const keys = useRef<(event: KeyboardEvent) => void>(() => {});
  keys.current = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    const inField = Boolean(target?.closest('input, textarea, select, [contenteditable="true"]'));
    const inOverlay = Boolean(target?.closest('[role="dialog"], [role="menu"], [role="listbox"]')) || quoting !== null || exporting || shortcuts;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && !event.altKey && event.key.toLowerCase() === 'f') {
      event.preventDefault();
      return openFind();
    }
    if (event.key === 'Escape') {
      if (inOverlay) return;
      // In order: the selection, placing a note, the find bar. Never the reader itself.
      const current = window.getSelection();
      if (current && !current.isCollapsed && scroller.current?.contains(current.anchorNode)) {
        event.preventDefault();
        return current.removeAllRanges();
      }
      if (placing) return setPlacing(false);
      if (findOpen) return closeFind();
      return;
    }
    if (event.altKey && event.key === 'ArrowLeft') {
      event.preventDefault();
      return onClose();
    }
    if (inField || inOverlay || event.altKey) return;
    if (mod) {
      if (event.key === '=' || event.key === '+') zoomBy(ZOOM_STEP);
      else if (event.key === '-') zoomBy(1 / ZOOM_STEP);
      else if (event.key === '0') fitTo('width');
      else return;
      return event.preventDefault();
    }
    if (!ready) return;
    switch (event.key) {
      case 'PageDown':
        event.preventDefault();
        return goToPage(currentPage + 1);
      case 'PageUp':
        event.preventDefault();
        return goToPage(currentPage - 1);
      case 'Home':
        event.preventDefault();
        return goToPage(1);
      case 'End':
        event.preventDefault();
        return goToPage(ready.pdf.numPages);
      case '?':
        event.preventDefault();
        return setShortcuts(true);
      case NEXT_CHANGE_KEY:
      case PREVIOUS_CHANGE_KEY:
        if (!changeList?.length) return;
        event.preventDefault();
        return stepChange(event.key === NEXT_CHANGE_KEY ? 1 : -1);
    }
    const colour = /^[1-5]$/.test(event.key) ? ANNOTATION_COLORS[Number(event.key) - 1]! : event.key.toLowerCase() === 'n' ? 'yellow' : null;
    if (colour && (selection || currentHit)) {
      event.preventDefault();
      void keyTarget().then((t) => highlight(colour, event.key.toLowerCase() === 'n', t));
    }
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => keys.current(event);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (loaded.kind === 'loading') {
    return (
      <section className="reader" aria-label={t('reader.label')} aria-busy="true">
        <div className="reader-bar">
          <Button variant="subtle" onPress={onClose}>
            {t('common.back')}
          </Button>
          <span className="muted">{t('reader.opening')}</span>
        </div>
        <div className="reader-body">
          <div className="pages">
            <div className="page page--placeholder">
              <div className="page-skeleton" aria-hidden="true">
                {Array.from({ length: 12 }, (_, i) => (
                  <span key={i} />
                ))}
              </div>
            </div>
          </div>
        </div>
      </section>
    );
  }
  if (loaded.kind === 'error') {
    return (
      <section className="reader" aria-label={t('reader.label')}>
        <div className="reader-bar">
          <Button variant="subtle" onPress={onClose}>
            {t('common.back')}
          </Button>
        </div>
        <div className="reader-error">
          <ErrorMessage error={loaded.error} />
        </div>
      </section>
    );
  }

  const { detail, pdf } = loaded;
  const pageCount = pdf.numPages;
  // Named as it was opened: from this meeting and agenda item; the others one click away.
  const from = detail.meetings.find((m) => m.agendaItemId === agendaItemId) ?? detail.meetings[0];
  const others = detail.meetings.filter((m) => m !== from);
  const percent = Math.round((scale ?? 1) * 100);
  const findStatus = !found
    ? ''
    : found.hits.length === 0
      ? found.done
        ? t('reader.notFound')
        : t('reader.finding')
      : t(found.done ? 'reader.hitOf' : 'reader.hitOfSoFar', { index: found.index + 1, count: found.hits.length });

  return (
    <section className="reader" aria-labelledby="reader-title">
      <div className="reader-bar" role="toolbar" aria-label={t('reader.toolbar')}>
        <Button variant="subtle" onPress={onClose} aria-keyshortcuts="Alt+ArrowLeft">
          {t('common.back')}
        </Button>
        <IconButton label={t('reader.sidePanel')} shortcut="" icon={<PanelLeft size={16} />} aria-pressed={side !== null} onPress={() => setSide(side ? null : 'annotations')} />
        <div className="reader-heading">
          <h2 id="reader-title" title={detail.title}>
            {detail.title}
          </h2>
          <p className="reader-context">
            <span>{documentType(detail.type)}</span>
            {from && (
              <span>
                {from.agendaItemNumber ? `${from.agendaItemNumber} ` : ''}
                {from.agendaItemTitle} · {from.meetingTitle}, {formatShortDate(from.startsAt, language)}
              </span>
            )}
            {others.length > 0 && (
              <Menu
                label={t('reader.alsoOn', { count: others.length })}
                variant="subtle"
                actions={others.map((m) => ({
                  id: String(m.meetingId),
                  label: `${m.meetingTitle}, ${formatShortDate(m.startsAt, language)}${m.agendaItemNumber ? ` (${m.agendaItemNumber})` : ''}`,
                }))}
                onAction={(id) => onOpenMeeting?.(Number(id))}
              />
            )}
          </p>
        </div>
        <form
          className="reader-page-field"
          onSubmit={(event) => {
            event.preventDefault();
            const value = Number(pageField);
            if (Number.isFinite(value)) goToPage(value);
            scroller.current?.focus({ preventScroll: true });
          }}
        >
          <label htmlFor="reader-page" className="visually-hidden">
            {t('reader.page')}
          </label>
          <input id="reader-page" className="rm-input" inputMode="numeric" value={pageField} onChange={(e) => setPageField(e.target.value.replace(/\D/g, ''))} onFocus={(e) => e.target.select()} aria-describedby="reader-page-count" />
          <span id="reader-page-count" className="muted">
            {t('reader.pageOf', { total: pageCount })}
          </span>
        </form>
        <div className="reader-zoom" role="group" aria-label={t('reader.zoom')}>
          <IconButton label={t('reader.zoomOut')} shortcut="Ctrl+−" icon={<ZoomOut size={16} />} onPress={() => zoomBy(1 / ZOOM_STEP)} isDisabled={scale !== null && scale <= MIN_SCALE} />
          <Menu
            label={`${percent} %`}
            ariaLabel={t('reader.zoomLevelIs', { percent })}
            variant="subtle"
            actions={[
              ...ZOOM_PRESETS.map((z) => ({ id: String(z), label: `${Math.round(z * 100)} %` })),
              { id: 'width', label: t('reader.fitWidth'), shortcut: 'Ctrl+0', separatorBefore: true },
              { id: 'page', label: t('reader.fitPage') },
            ]}
            onAction={(id) => (id === 'width' || id === 'page' ? fitTo(id) : zoomTo(Number(id)))}
          />
          <IconButton label={t('reader.zoomIn')} shortcut="Ctrl+=" icon={<ZoomIn size={16} />} onPress={() => zoomBy(ZOOM_STEP)} isDisabled={scale !== null && scale >= MAX_SCALE} />
          <IconButton label={t('reader.fitWidth')} icon={<MoveHorizontal size={16} />} aria-pressed={fit === 'width'} onPress={() => fitTo('width')} />
          <IconButton label={t('reader.fitPage')} icon={<Maximize size={16} />} aria-pressed={fit === 'page'} onPress={() => fitTo('page')} />
        </div>
        <span className="reader-bar__divider" aria-hidden="true" />
        <IconButton label={t('reader.findOpen')} shortcut="Ctrl+F" icon={<Search size={16} />} aria-pressed={findOpen} onPress={() => (findOpen ? closeFind() : openFind())} />
        <IconButton label={t('reader.placeNote')} icon={<StickyNote size={16} />} aria-pressed={placing} onPress={() => setPlacing(!placing)} />
        {from && (
          <IconButton
            label={t('reader.panelNotes')}
            icon={<NotebookPen size={16} />}
            aria-pressed={notesOpen}
            onPress={() => {
              setNotesOpen(!notesOpen);
              setChangesOpen(false);
            }}
          />
        )}
        {loaded.changes && (
          <Tooltip text={t('changes.toggle', { n: loaded.changes.changes.length })}>
            <Button
              variant="subtle"
              className="reader-changes-toggle"
              icon={<FileDiff size={16} />}
              aria-label={t('changes.toggle', { n: loaded.changes.changes.length })}
              aria-pressed={changesOpen}
              onPress={() => (changesOpen ? setChangesOpen(false) : openChanges())}
            >
              {loaded.changes.changes.length}
            </Button>
          </Tooltip>
        )}
        <IconButton label={t('export.document')} icon={<Download size={16} />} onPress={() => setExporting(true)} />
        <Menu
          label={t('reader.more')}
          iconOnly
          variant="subtle"
          icon={<Ellipsis size={16} />}
          actions={[
            { id: 'read', label: read ? t('reader.markUnread') : t('reader.markRead') },
            { id: 'shortcuts', label: t('reader.shortcuts'), shortcut: '?' },
          ]}
          onAction={(id) => {
            if (id === 'shortcuts') return setShortcuts(true);
            void client.setRead({ documentId, read: !read });
            setRead(!read);
          }}
        />
      </div>
      {(placing || notice || detail.flaggedPages.length > 0) && (
        <div className="reader-notices">
          {placing && (
            <p className="notice" role="status">
              {t('reader.placeNoteHelp')}
            </p>
          )}
          {notice?.error && (
            <p className="error" role="alert">
              {notice.text}
            </p>
          )}
          {detail.flaggedPages.length > 0 && <p className="notice notice-warning">{t('reader.flagged', { pages: detail.flaggedPages.map((p) => p.page).join(', ') })}</p>}
        </div>
      )}
      <p className="visually-hidden" role="status">
        {notice && !notice.error ? notice.text : ''}
      </p>
      <div className="reader-body">
        {side && (
          <aside className="reader-side" aria-label={t(side === 'annotations' ? 'reader.panelAnnotations' : side === 'outline' ? 'reader.outline' : 'reader.thumbnails')}>
            <SegmentedControl
              label={t('reader.sidePanel')}
              value={side}
              onChange={(v) => v && setSide(v)}
              segments={[
                { id: 'thumbnails', label: t('reader.thumbnails') },
                { id: 'outline', label: t('reader.outline') },
                { id: 'annotations', label: t('reader.panelAnnotations') },
              ]}
              className="reader-side__tabs"
            />
            <div className="reader-side__content">
              {side === 'annotations' ? (
                <AnnotationPanel
                    annotations={annotations}
                    selectedId={selectedAnnotation}
                    canReattach={selection !== null}
                    focusNoteOf={focusNoteOf}
                    onSelect={(a) => {
                      setSelectedAnnotation(a.id);
                      goToPage(a.page);
                    }}
                    onUpdate={(id, changes) => void updateAnnotation(id, changes)}
                    onDelete={(id) => void deleteAnnotation(id)}
                    onReattach={(id) => void reattach(id)}
                    documentTitle={detail.title}
                    onQuote={(a) => a.quote && a.position && setQuoting({ page: a.page, start: a.position.start, end: a.position.end, exact: a.quote.exact, box: { left: 0, top: 0, bottom: 0, right: 0 } })}
                    onRestore={(a) => {
                      const input = recreateInput(a);
                      if (!input) return;
                      void client.createAnnotation(input).then((result) => {
                        show(result);
                        if (result.ok) setAnnotations((list) => [...list, result.value]);
                      });
                    }}
                  />
              ) : (
                <Sidebar kind={side} pdf={pdf} currentPage={currentPage} onGoToPage={goToPage} />
              )}
            </div>
          </aside>
        )}
        <div className="pages-frame">
          {findOpen && (
            <div className="find-bar" role="search" aria-label={t('reader.findLandmark')}>
              <label htmlFor="reader-find" className="visually-hidden">
                {t('reader.find')}
              </label>
              <Search size={14} aria-hidden="true" className="find-bar__icon" />
              <input
                id="reader-find"
                ref={findInput}
                className="rm-input"
                type="search"
                value={findText}
                placeholder={t('reader.findPlaceholder')}
                onChange={(e) => {
                  setFindText(e.target.value);
                  // The old hits no longer answer: no count or mark of them while the new find runs.
                  findRun.current++;
                  setFound(null);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    if (!found || found.query !== findText.trim()) void runFind(findText);
                    else stepFind(e.shiftKey ? -1 : 1);
                  } else if (e.key === 'Escape') {
                    // First back to the pages, the hits kept (then 1–5 highlight the current one); Esc there closes the bar.
                    e.preventDefault();
                    e.stopPropagation();
                    scroller.current?.focus({ preventScroll: true });
                  }
                }}
              />
              <span className="find-status" aria-live="polite">
                {findStatus}
              </span>
              <IconButton label={t('reader.previousHit')} shortcut="Shift+Enter" icon={<ChevronUp size={16} />} isDisabled={!found?.hits.length} onPress={() => stepFind(-1)} />
              <IconButton label={t('reader.nextHit')} shortcut="Enter" icon={<ChevronDown size={16} />} isDisabled={!found?.hits.length} onPress={() => stepFind(1)} />
              <IconButton label={t('reader.findClose')} shortcut="Esc" icon={<X size={16} />} onPress={closeFind} />
            </div>
          )}
          <div
            className="pages"
            ref={scroller}
            onScroll={updateVisible}
            tabIndex={0}
            aria-label={t('reader.pages', { title: detail.title })}
            aria-keyshortcuts={`PageUp PageDown Home End Control+F 1 2 3 4 5 N${changeList?.length ? ` ${NEXT_CHANGE_KEY} ${PREVIOUS_CHANGE_KEY}` : ''}`}
          >
            <div className="pages-inner" style={{ height: layout?.height ?? 0, width: layout?.width ?? '100%' }}>
              {scale !== null &&
                layout &&
                loaded.sizes.map((size, i) => (
                  <PageView
                    key={i + 1}
                    pdf={pdf}
                    pageNumber={i + 1}
                    scale={scale}
                    size={size}
                    top={layout.tops[i] ?? 0}
                    left={layout.lefts[i] ?? 0}
                    drawn={visible.has(i + 1)}
                    priority={inView.has(i + 1) || !visible.has(i + 1) ? 0 : 1 + Math.abs(i + 1 - currentPage)}
                    query={searchMarks}
                    findMarks={findMarks ? (findMarks.get(i + 1) ?? NO_MARKS) : null}
                    onSize={onPageSize}
                    annotations={annotationsByPage.get(i + 1) ?? NO_ANNOTATIONS}
                    selectedAnnotation={selectedAnnotation}
                    onSelectAnnotation={selectAnnotation}
                    onPlacePoint={placing ? placeNote : null}
                    changeMarks={changesOpen ? (changeMarks.get(i + 1) ?? NO_CHANGE_MARKS) : null}
                    changes={changeList ?? NO_CHANGES}
                    currentChange={currentChange && currentChangePages.has(i + 1) ? currentChange.index : null}
                  />
                ))}
            </div>
          </div>
        </div>
        {changesOpen && loaded.changes && (
          <ChangesPanel
            changes={loaded.changes}
            badge={loaded.badge}
            current={currentChange ? currentChange.index : null}
            onSelect={goToChange}
            onStep={stepChange}
            onClose={() => {
              setChangesOpen(false);
              scroller.current?.focus({ preventScroll: true });
            }}
          />
        )}
        {notesOpen && from && (
          <aside className="reader-panel" aria-label={t('reader.panelNotes')}>
            <AgendaNotePanel
              key={from.agendaItemId}
              client={client}
              meetingId={from.meetingId}
              agendaItemId={from.agendaItemId}
              title={`${from.agendaItemNumber ? `${from.agendaItemNumber} ` : ''}${from.agendaItemTitle}`}
              onOpenMotion={(id) => onOpenMotion?.(id)}
            />
          </aside>
        )}
      </div>
      {selection && !quoting && (
        <div
          className="selection-toolbar"
          role="toolbar"
          aria-label={t('selection.toolbar')}
          style={{ left: Math.max(8, Math.min(selection.box.left, window.innerWidth - 360)), top: Math.min(selection.box.bottom + 6, window.innerHeight - 48) }}
          // Keep the text selected while a button is pressed.
          onMouseDown={(event) => event.preventDefault()}
        >
          {ANNOTATION_COLORS.map((color, i) => (
            <button
              key={color}
              type="button"
              className={`swatch-button swatch-${color}`}
              aria-label={t('selection.highlight', { color: t(`color.${color}`) })}
              aria-keyshortcuts={String(i + 1)}
              title={`${t('selection.highlight', { color: t(`color.${color}`) })} (${i + 1})`}
              onClick={() => void highlight(color, false)}
            />
          ))}
          <button type="button" className="rm-button rm-button--subtle rm-button--sm" aria-keyshortcuts="N" onClick={() => void highlight('yellow', true)}>
            {t('selection.highlightNote')}
          </button>
          <button type="button" className="rm-button rm-button--subtle rm-button--sm" onClick={() => setQuoting(selection)}>
            {t('selection.quote')}
          </button>
        </div>
      )}
      {quoting && (
        <QuoteDialog
          client={client}
          meetingIds={[...new Set(detail.meetings.map((m) => m.meetingId))]}
          documentId={documentId}
          documentTitle={detail.title}
          selection={quoting}
          onClose={(added) => {
            setQuoting(null);
            if (added) {
              window.getSelection()?.removeAllRanges();
              setNotice({ text: t('quote.added', { title: added }) });
            }
          }}
        />
      )}
      {exporting && <ExportDocument client={client} documentId={documentId} onClose={() => setExporting(false)} />}
      {shortcuts && <ShortcutsDialog withChanges={Boolean(changeList?.length)} onClose={() => setShortcuts(false)} />}
    </section>
  );
}

/** "?": every key of the reader. */
function ShortcutsDialog({ withChanges, onClose }: { withChanges: boolean; onClose: () => void }) {
  const { t } = useT();
  const rows: [string, string][] = [
    ['Ctrl+F', t('reader.keys.find')],
    ['Enter / Shift+Enter', t('reader.keys.nextHit')],
    ['1 – 5', t('reader.keys.highlight')],
    ['N', t('reader.keys.highlightNote')],
    ...(withChanges ? [[`${NEXT_CHANGE_KEY} / ${PREVIOUS_CHANGE_KEY}`, t('changes.keys')] as [string, string]] : []),
    ['PageDown / PageUp', t('reader.keys.pages')],
    ['Home / End', t('reader.keys.ends')],
    ['Ctrl+= / Ctrl+− / Ctrl+0', t('reader.keys.zoom')],
    ['Esc', t('reader.keys.escape')],
    ['Alt+←', t('reader.keys.back')],
  ];
  return (
    <Dialog title={t('reader.shortcuts')} onClose={onClose} size="sm">
      <dl className="shortcut-list">
        {rows.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd className="rm-kbd">{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div className="rm-dialog-actions">
        <Button variant="primary" onPress={onClose}>
          {t('common.close')}
        </Button>
      </div>
    </Dialog>
  );
}

/** Scrolls a mark to the middle of the view as soon as its page is drawn (tried for some two seconds); returns the cancel. */
function revealWhenDrawn(find: () => Element | null | undefined): () => void {
  let frame = 0;
  let tries = 0;
  const reveal = () => {
    const el = find();
    if (el) el.scrollIntoView({ block: 'center', inline: 'nearest' });
    else if (tries++ < 120) frame = requestAnimationFrame(reveal);
  };
  frame = requestAnimationFrame(reveal);
  return () => cancelAnimationFrame(frame);
}

const detailOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, Math.round(scale * 100) / 100));
}

function sameSet(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
