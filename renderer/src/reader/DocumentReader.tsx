// The document reader: pdf.js pages in a scroll area, only those near the
// viewport drawn (a 400-page report stays light), sharp on high-DPI screens,
// with zoom, go to page, thumbnails, the PDF's outline, find in document,
// the reading position remembered and read/unread. Search hits open it at
// the page, with the words marked. Selected text can be highlighted, noted,
// tagged and quoted into a motion; notes can be pinned to a point; the panel
// beside the pages lists them, and holds my notes on the agenda item.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ANNOTATION_COLORS, type Annotation, type AnnotationColor, type DocumentDetail } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { formatShortDate } from '../../../shared/format.ts';
import { matchRanges, parseQuery } from '../../../shared/search/analyser.ts';
import { useT } from '../i18n/i18n.tsx';
import { openPdf } from './pdf.ts';
import { ExportDocument } from './ExportDocument.tsx';
import { AgendaNotePanel } from '../personal/AgendaNotePanel.tsx';
import { AnnotationPanel } from './AnnotationPanel.tsx';
import { PageView, type PageSize } from './PageView.tsx';
import { QuoteDialog } from './QuoteDialog.tsx';
import { readSelection, type PageSelection } from './selection.ts';
import { Sidebar } from './Sidebar.tsx';
import { ErrorMessage } from '../shell/ErrorMessage.tsx';

const GAP = 16;
const NO_ANNOTATIONS: readonly Annotation[] = [];
const MIN_SCALE = 0.25;
const MAX_SCALE = 4;

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
  /** The agenda item it was opened from (its notes are shown beside it); else its first. */
  agendaItemId?: number | undefined;
  onOpenMotion?: ((draftId: string) => void) | undefined;
}

type Loaded = { kind: 'loading' } | { kind: 'error'; error: ErrorInfo } | { kind: 'ready'; detail: DocumentDetail; pdf: PDFDocumentProxy; sizes: PageSize[] };

export function DocumentReader({ client, documentId, page, query, mark, onClose, onOpenMeeting, agendaItemId, onOpenMotion }: Props) {
  const { t, message, documentType, language } = useT();
  const [annotations, setAnnotations] = useState<Annotation[]>([]);
  const [selectedAnnotation, setSelectedAnnotation] = useState<string | null>(null);
  const [focusNoteOf, setFocusNoteOf] = useState<string | null>(null);
  const [selection, setSelection] = useState<PageSelection | null>(null);
  const [panel, setPanel] = useState<'annotations' | 'notes' | null>('annotations');
  const [placing, setPlacing] = useState(false);
  const [quoting, setQuoting] = useState<PageSelection | null>(null);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [scale, setScale] = useState<number | null>(null);
  const [currentPage, setCurrentPage] = useState(1);
  const [visible, setVisible] = useState<ReadonlySet<number>>(new Set());
  const [sidebar, setSidebar] = useState<'thumbnails' | 'outline' | null>(null);
  const [find, setFind] = useState(query ?? '');
  const [findHits, setFindHits] = useState<{ query: string; pages: number[]; index: number } | null>(null);
  const [read, setRead] = useState(true);
  const scroller = useRef<HTMLDivElement>(null);
  const findInput = useRef<HTMLInputElement>(null);
  const pageTexts = useRef(new Map<number, string>());
  const markQuery = useMemo(() => {
    const text = findHits?.query ?? mark ?? query ?? '';
    const parsed = parseQuery(text);
    return parsed.terms.length || parsed.phrases.length ? parsed : null;
  }, [findHits, mark, query]);

  // Load the document's details and its PDF.
  useEffect(() => {
    let cancelled = false;
    let task: ReturnType<typeof openPdf> | undefined;
    setLoaded({ kind: 'loading' });
    void (async () => {
      const detail = await client.getDocument({ documentId });
      if (cancelled) return;
      if (!detail.ok) return setLoaded({ kind: 'error', error: detail.error });
      try {
        task = openPdf(client.documentSource(documentId));
        const pdf = await task.promise;
        const first = (await pdf.getPage(1)).getViewport({ scale: 1 });
        if (cancelled) return;
        // Every page is assumed the size of the first until it is drawn: the scroll height is right at once.
        const sizes = Array.from({ length: pdf.numPages }, () => ({ width: first.width, height: first.height }));
        setRead(detail.value.read);
        setLoaded({ kind: 'ready', detail: detail.value, pdf, sizes });
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
      void task?.destroy();
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

  const highlight = async (color: AnnotationColor, withNote: boolean) => {
    if (!selection) return;
    const result = await client.createAnnotation({ kind: 'highlight', documentId, page: selection.page, start: selection.start, end: selection.end, exact: selection.exact, color });
    show(result, t('annotations.saved'));
    if (!result.ok) return;
    window.getSelection()?.removeAllRanges();
    setAnnotations((list) => [...list, result.value]);
    setSelectedAnnotation(result.value.id);
    setPanel('annotations');
    setFocusNoteOf(withNote ? result.value.id : null);
  };

  const placeNote = useCallback(
    async (pageNumber: number, point: { x: number; y: number }) => {
      setPlacing(false);
      const result = await client.createAnnotation({ kind: 'note', documentId, page: pageNumber, point, note: '' });
      if (!result.ok) return setNotice({ text: message(result.error), error: true });
      setAnnotations((list) => [...list, result.value]);
      setSelectedAnnotation(result.value.id);
      setPanel('annotations');
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
    setPanel('annotations');
  }, []);

  // Fit the page width to the reader on first show.
  useEffect(() => {
    if (!sizes || scale !== null || !scroller.current) return;
    const width = scroller.current.clientWidth - 2 * GAP;
    setScale(clampScale(width / sizes[0]!.width));
  }, [sizes, scale]);

  const offsets = useMemo(() => {
    if (!sizes || scale === null) return [];
    const out: number[] = [];
    let y = GAP;
    for (const size of sizes) {
      out.push(y);
      y += Math.round(size.height * scale) + GAP;
    }
    out.push(y);
    return out;
  }, [sizes, scale]);

  const goToPage = useCallback(
    (target: number) => {
      if (!sizes || offsets.length === 0 || !scroller.current) return;
      const n = Math.min(Math.max(1, Math.round(target)), sizes.length);
      scroller.current.scrollTop = offsets[n - 1]! - GAP;
      setCurrentPage(n);
    },
    [sizes, offsets],
  );

  // Open at the hit page, or where the user left off.
  const opened = useRef(false);
  useEffect(() => {
    if (!ready || offsets.length === 0 || opened.current) return;
    opened.current = true;
    const start = page ?? ready.detail.lastPage ?? 1;
    if (start > 1) goToPage(start);
    else updateVisible();
  });

  // Which pages are near the viewport (drawn) and which one is current.
  const updateVisible = useCallback(() => {
    const el = scroller.current;
    if (!el || offsets.length === 0) return;
    const top = el.scrollTop;
    const bottom = top + el.clientHeight;
    const margin = 2 * el.clientHeight; // two screens above and below are drawn ahead of the scroll
    const next = new Set<number>();
    let current = 1;
    for (let i = 0; i < offsets.length - 1; i++) {
      const pageTop = offsets[i]!;
      const pageBottom = offsets[i + 1]! - GAP;
      if (pageBottom >= top - margin && pageTop <= bottom + margin) next.add(i + 1);
      if (pageTop <= top + el.clientHeight / 3) current = i + 1;
    }
    setVisible((previous) => (sameSet(previous, next) ? previous : next));
    setCurrentPage(current);
  }, [offsets]);

  useEffect(() => {
    updateVisible();
  }, [updateVisible]);

  // Remember the reading position, a second after the user stops scrolling.
  useEffect(() => {
    if (!ready) return;
    const timer = setTimeout(() => void client.setReadingPosition({ documentId, page: currentPage }), 1000);
    return () => clearTimeout(timer);
  }, [client, documentId, currentPage, ready]);

  // Keep the current page in view while zooming.
  const zoom = (factor: number | 'fit') => {
    if (!sizes || !scroller.current || scale === null) return;
    const keep = currentPage;
    const next = factor === 'fit' ? (scroller.current.clientWidth - 2 * GAP) / sizes[0]!.width : scale * factor;
    setScale(clampScale(next));
    requestAnimationFrame(() => requestAnimationFrame(() => goToPage(keep)));
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

  const textOf = useCallback(
    async (pageNumber: number) => {
      if (!ready) return '';
      let text = pageTexts.current.get(pageNumber);
      if (text === undefined) {
        const content = await (await ready.pdf.getPage(pageNumber)).getTextContent();
        text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : ' ') : '')).join('');
        pageTexts.current.set(pageNumber, text);
      }
      return text;
    },
    [ready],
  );

  const runFind = async (direction: 1 | -1) => {
    if (!ready) return;
    const text = find.trim();
    if (!text) return setFindHits(null);
    let hits = findHits;
    if (!hits || hits.query !== text) {
      const parsed = parseQuery(text);
      const pages: number[] = [];
      for (let n = 1; n <= ready.pdf.numPages; n++) if (matchRanges(await textOf(n), parsed).length > 0) pages.push(n);
      const firstAfter = pages.findIndex((p) => p >= currentPage);
      hits = { query: text, pages, index: firstAfter === -1 ? 0 : firstAfter };
    } else if (hits.pages.length) {
      hits = { ...hits, index: (hits.index + direction + hits.pages.length) % hits.pages.length };
    }
    setFindHits(hits);
    const target = hits.pages[hits.index];
    if (target) goToPage(target);
  };

  // Ctrl/Cmd+F finds in the document, Escape goes back.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        findInput.current?.focus();
        findInput.current?.select();
      } else if (event.key === 'Escape') {
        // Escape stops placing a note, closes the quote dialog, or (outside any field) closes the reader.
        const target = event.target as HTMLElement | null;
        if (placing) return setPlacing(false);
        if (quoting || target?.closest('input, textarea, select, [role="dialog"]')) return;
        onClose();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, placing, quoting]);

  if (loaded.kind === 'loading') {
    return (
      <section className="reader" aria-label={t('reader.label')} aria-busy="true">
        <p className="muted">{t('reader.opening')}</p>
      </section>
    );
  }
  if (loaded.kind === 'error') {
    return (
      <section className="reader" aria-label={t('reader.label')}>
        <ErrorMessage error={loaded.error} />
        <button type="button" onClick={onClose}>
          {t('common.back')}
        </button>
      </section>
    );
  }

  const { detail, pdf } = loaded;
  const pageCount = pdf.numPages;
  const meeting = detail.meetings[0];
  const noteItem = detail.meetings.find((m) => m.agendaItemId === agendaItemId) ?? meeting;
  return (
    <section className="reader" aria-labelledby="reader-title">
      <header className="reader-header">
        <button type="button" onClick={onClose}>
          {t('common.back')}
        </button>
        <div className="reader-heading">
          <h2 id="reader-title">{detail.title}</h2>
          <p className="muted">
            {documentType(detail.type)}
            {meeting && (
              <>
                {' '}
                · {meeting.agendaItemNumber ? `${meeting.agendaItemNumber} ` : ''}
                {meeting.agendaItemTitle} · {meeting.meetingTitle}, {formatShortDate(meeting.startsAt, language)}
              </>
            )}
          </p>
          {detail.meetings.length > 1 && (
            <p className="dossier">
              {t('reader.dossier')}{' '}
              {detail.meetings.slice(1).map((m, i) => (
                <span key={`${m.meetingId}:${m.agendaItemId}`}>
                  {i > 0 && ', '}
                  <button type="button" className="link-button" onClick={() => onOpenMeeting?.(m.meetingId)}>
                    {m.meetingTitle}, {formatShortDate(m.startsAt, language)}
                    {m.agendaItemNumber ? ` (${m.agendaItemNumber})` : ''}
                  </button>
                </span>
              ))}
            </p>
          )}
        </div>
        <button
          type="button"
          aria-pressed={!read}
          onClick={() => {
            void client.setRead({ documentId, read: !read });
            setRead(!read);
          }}
        >
          {read ? t('reader.markUnread') : t('reader.markRead')}
        </button>
        <ExportDocument client={client} documentId={documentId} />
      </header>
      <div className="reader-toolbar" role="toolbar" aria-label={t('reader.toolbar')}>
        <button type="button" aria-pressed={sidebar === 'thumbnails'} onClick={() => setSidebar(sidebar === 'thumbnails' ? null : 'thumbnails')}>
          {t('reader.thumbnails')}
        </button>
        <button type="button" aria-pressed={sidebar === 'outline'} onClick={() => setSidebar(sidebar === 'outline' ? null : 'outline')}>
          {t('reader.outline')}
        </button>
        <button type="button" aria-pressed={placing} onClick={() => setPlacing(!placing)} aria-describedby={placing ? 'place-note-help' : undefined}>
          {t('reader.placeNote')}
        </button>
        <button type="button" aria-pressed={panel === 'annotations'} onClick={() => setPanel(panel === 'annotations' ? null : 'annotations')}>
          {t('reader.panelAnnotations')}
        </button>
        {noteItem && (
          <button type="button" aria-pressed={panel === 'notes'} onClick={() => setPanel(panel === 'notes' ? null : 'notes')}>
            {t('reader.panelNotes')}
          </button>
        )}
        <form
          className="page-jump"
          onSubmit={(event) => {
            event.preventDefault();
            const value = Number(new FormData(event.currentTarget).get('page'));
            if (Number.isFinite(value)) goToPage(value);
          }}
        >
          <label htmlFor="reader-page">{t('reader.page')}</label>
          <input id="reader-page" name="page" type="number" min={1} max={pageCount} key={currentPage} defaultValue={currentPage} inputMode="numeric" />
          <span aria-live="polite">{t('reader.pageOf', { total: pageCount })}</span>
        </form>
        <div className="zoom" role="group" aria-label={t('reader.zoom')}>
          <button type="button" onClick={() => zoom(1 / 1.2)} aria-label={t('reader.zoomOut')}>
            −
          </button>
          <output aria-label={t('reader.zoomLevel')}>{Math.round((scale ?? 1) * 100)}%</output>
          <button type="button" onClick={() => zoom(1.2)} aria-label={t('reader.zoomIn')}>
            +
          </button>
          <button type="button" onClick={() => zoom('fit')}>
            {t('reader.fitWidth')}
          </button>
        </div>
        <form
          className="find"
          role="search"
          aria-label={t('reader.findLandmark')}
          onSubmit={(event) => {
            event.preventDefault();
            void runFind(1);
          }}
        >
          <label htmlFor="reader-find">{t('reader.find')}</label>
          <input id="reader-find" ref={findInput} type="search" value={find} onChange={(e) => setFind(e.target.value)} />
          <button type="submit">{t('reader.findSubmit')}</button>
          {findHits && (
            <>
              <button type="button" onClick={() => void runFind(-1)} aria-label={t('reader.previousHit')} disabled={findHits.pages.length === 0}>
                ↑
              </button>
              <span aria-live="polite" className="find-status">
                {findHits.pages.length === 0
                  ? t('reader.notFound')
                  : t('reader.hitStatus', { page: findHits.pages[findHits.index]!, index: findHits.index + 1, count: findHits.pages.length })}
              </span>
            </>
          )}
        </form>
      </div>
      {placing && (
        <p id="place-note-help" className="notice" role="status">
          {t('reader.placeNoteHelp')}
        </p>
      )}
      <p className={notice?.error ? 'error' : 'visually-hidden'} role={notice?.error ? 'alert' : 'status'}>
        {notice?.text ?? ''}
      </p>
      {detail.flaggedPages.length > 0 && (
        <p className="notice">{t('reader.flagged', { pages: detail.flaggedPages.map((p) => p.page).join(', ') })}</p>
      )}
      <div className="reader-body">
        {sidebar && <Sidebar kind={sidebar} pdf={pdf} currentPage={currentPage} onGoToPage={goToPage} />}
        <div className="pages" ref={scroller} onScroll={updateVisible} tabIndex={0} aria-label={t('reader.pages', { title: detail.title })}>
          <div className="pages-inner" style={{ height: offsets.at(-1) ?? 0 }}>
            {scale !== null &&
              loaded.sizes.map((size, i) => (
                <PageView
                  key={i + 1}
                  pdf={pdf}
                  pageNumber={i + 1}
                  scale={scale}
                  size={size}
                  top={offsets[i] ?? 0}
                  drawn={visible.has(i + 1)}
                  query={markQuery}
                  onSize={onPageSize}
                  annotations={annotationsByPage.get(i + 1) ?? NO_ANNOTATIONS}
                  selectedAnnotation={selectedAnnotation}
                  onSelectAnnotation={selectAnnotation}
                  onPlacePoint={placing ? placeNote : null}
                />
              ))}
          </div>
        </div>
        {panel && (
          <aside className="reader-panel" aria-label={panel === 'annotations' ? t('reader.panelAnnotations') : t('reader.panelNotes')}>
            {panel === 'annotations' ? (
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
              />
            ) : (
              noteItem && (
                <AgendaNotePanel
                  key={noteItem.agendaItemId}
                  client={client}
                  meetingId={noteItem.meetingId}
                  agendaItemId={noteItem.agendaItemId}
                  title={`${noteItem.agendaItemNumber ? `${noteItem.agendaItemNumber} ` : ''}${noteItem.agendaItemTitle}`}
                  onOpenMotion={(id) => onOpenMotion?.(id)}
                />
              )
            )}
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
          {ANNOTATION_COLORS.map((color) => (
            <button key={color} type="button" className={`swatch-button swatch-${color}`} aria-label={t('selection.highlight', { color: t(`color.${color}`) })} title={t('selection.highlight', { color: t(`color.${color}`) })} onClick={() => void highlight(color, false)} />
          ))}
          <button type="button" onClick={() => void highlight('yellow', true)}>
            {t('selection.highlightNote')}
          </button>
          <button type="button" onClick={() => setQuoting(selection)}>
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
    </section>
  );
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
