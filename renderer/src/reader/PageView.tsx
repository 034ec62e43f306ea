// One page of the reader: an empty frame of the right size until it comes
// near the viewport, then a canvas drawn at the screen's pixel density plus
// pdf.js's text layer (selection, find, highlights). Drawn pages that scroll
// far away give their canvas back and let pdf.js drop what it parsed for
// them (operator lists, images), so memory stays flat in long documents.
// Between the canvas and the text layer lie the user's highlights, placed
// from their PDF-space rectangles, so they sit on the text at any zoom.
// The changes of a new version are marked in the text layer, by offset, as
// find hits are; the change under the pointer says what it was beside it.
import { TextLayer, type PDFDocumentProxy, type PDFPageProxy, type RenderTask } from 'pdfjs-dist';
import { memo, useEffect, useRef, useState } from 'react';
import type { Annotation, VersionChange } from '../../../shared/api.ts';
import { matchRanges, type ParsedQuery } from '../../../shared/search/analyser.ts';
import { useT } from '../i18n/i18n.tsx';
import { ChangeCallout } from './ChangesPanel.tsx';
import { scheduleRender } from './render-queue.ts';
import { markTextLayer, type ChangeMark, type FindMark } from './text-marks.ts';

export type { FindMark } from './text-marks.ts';

export interface PageSize {
  width: number;
  height: number;
}

interface Props {
  pdf: PDFDocumentProxy;
  pageNumber: number;
  scale: number;
  size: PageSize;
  top: number;
  left: number;
  drawn: boolean;
  /** Drawing order among the pages to draw: 0 in view, then by distance from the current page. */
  priority: number;
  /** Words to mark in the text layer (the search that led here). */
  query: ParsedQuery | null;
  /** Find-in-document hits on this page, by offset into its text; when set, they are marked instead of the query. */
  findMarks: readonly FindMark[] | null;
  onSize: (pageNumber: number, size: PageSize) => void;
  /** The user's annotations on this page (current version only). */
  annotations: readonly Annotation[];
  selectedAnnotation: string | null;
  onSelectAnnotation: (annotationId: string) => void;
  /** Placing a note: a click on the page gives its point in PDF space. */
  onPlacePoint: ((pageNumber: number, point: { x: number; y: number }) => void) | null;
  /** The changes of a new version on this page (null: not shown). */
  changeMarks: readonly ChangeMark[] | null;
  /** Every change (what the callout beside a change says). */
  changes: readonly VersionChange[];
  /** The change stepped to, when it is on this page. */
  currentChange: number | null;
}

/** The callout beside a change: which one, and where on the page (CSS pixels). */
interface Callout {
  index: number;
  left: number;
  top: number;
}

export const PageView = memo(function PageView({
  pdf,
  pageNumber,
  scale,
  size,
  top,
  left,
  drawn,
  priority,
  query,
  findMarks,
  onSize,
  annotations,
  selectedAnnotation,
  onSelectAnnotation,
  onPlacePoint,
  changeMarks,
  changes,
  currentChange,
}: Props) {
  const { t } = useT();
  const frame = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const textLayer = useRef<HTMLDivElement>(null);
  // The page pdf.js parsed for this frame: cleaned up when the frame goes blank or away.
  const parsed = useRef<PDFPageProxy | null>(null);
  // Where the page stands in the drawing order (0: in view), read when the queue picks the next page.
  const priorityNow = useRef(priority);
  priorityNow.current = priority;
  const [state, setState] = useState<'blank' | 'drawn' | 'failed'>('blank');
  const [draws, setDraws] = useState(0);
  const width = Math.round(size.width * scale);
  const height = Math.round(size.height * scale);

  useEffect(() => {
    if (!drawn) {
      // Give the pixels back; the frame keeps its size.
      if (canvas.current) {
        canvas.current.width = 0;
        canvas.current.height = 0;
      }
      textLayer.current?.replaceChildren();
      // pdf.js keeps each page's operator list and decoded images until told otherwise (its viewer does the same).
      parsed.current?.cleanup();
      parsed.current = null;
      setState('blank');
      return;
    }
    let cancelled = false;
    let render: RenderTask | undefined;
    let text: TextLayer | undefined;
    // Drawn one page at a time, the pages in view first (render-queue.ts).
    const job = scheduleRender(
      () => priorityNow.current,
      async () => {
        if (cancelled) return;
        try {
          const page = await pdf.getPage(pageNumber);
          if (cancelled) return;
          parsed.current = page;
          const natural = page.getViewport({ scale: 1 });
          onSize(pageNumber, { width: natural.width, height: natural.height });
          const viewport = page.getViewport({ scale });
          const ratio = window.devicePixelRatio || 1;
          const el = canvas.current!;
          el.width = Math.floor(viewport.width * ratio);
          el.height = Math.floor(viewport.height * ratio);
          render = page.render({ canvas: el, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
          // The worker reads the text while the page is painted (asked after the drawing, which comes
          // first). As the core extracts it (disableNormalization), so offsets agree with stored anchors.
          const reading = page.getTextContent({ disableNormalization: true });
          reading.catch(() => undefined);
          await render.promise;
          if (cancelled || !textLayer.current) return;
          textLayer.current.replaceChildren();
          textLayer.current.style.setProperty('--scale-factor', String(scale));
          textLayer.current.style.setProperty('--total-scale-factor', String(scale));
          const content = await reading;
          if (cancelled || !textLayer.current) return;
          text = new TextLayer({ textContentSource: content, container: textLayer.current, viewport });
          await text.render();
          if (cancelled) return;
          markOffsets(text, content.items);
          setState('drawn');
          // A zoom draws a drawn page again: its new text layer needs the marks again too.
          setDraws((n) => n + 1);
        } catch (error) {
          if (!cancelled && (error as { name?: string }).name !== 'RenderingCancelledException') setState('failed');
        }
      },
    );
    return () => {
      cancelled = true;
      job.cancel();
      render?.cancel();
      text?.cancel();
    };
  }, [pdf, pageNumber, scale, drawn, onSize]);

  // A frame that unmounts (another document, the reader closed) lets go of its page too.
  useEffect(
    () => () => {
      parsed.current?.cleanup();
      parsed.current = null;
    },
    [],
  );

  // Mark the find bar's hits (by offset), or else the query's words (search hits), and the changes, in the text layer.
  useEffect(() => {
    const layer = textLayer.current;
    if (!layer || state !== 'drawn') return;
    markTextLayer(layer, { find: findMarks, search: findMarks || !query ? null : (content) => matchRanges(content, query), changes: changeMarks, currentChange });
  }, [query, findMarks, changeMarks, currentChange, state, draws]);

  // The change under the pointer says what it was (the panel says it for every change, and to the keyboard).
  const [pointedAt, setPointedAt] = useState<Callout | null>(null);
  useEffect(() => setPointedAt(null), [changeMarks, scale]);

  /** Below the change's first mark on this page, in the page's own pixels. */
  const placeCallout = (index: number): Callout | null => {
    const mark = textLayer.current?.querySelector(`mark.change-mark[data-change="${index}"]`);
    const page = frame.current?.getBoundingClientRect();
    if (!mark || !page) return null;
    const box = mark.getBoundingClientRect();
    return { index, left: box.left - page.left, top: box.bottom - page.top + 4 };
  };
  const calloutChange = pointedAt ? changes.find((c) => c.index === pointedAt.index) : undefined;

  const pageHeight = size.height;
  return (
    <div
      ref={frame}
      className="page"
      data-page={pageNumber}
      data-state={state}
      style={{ top, left, width, height }}
      role="img"
      aria-roledescription={t('reader.pageRole')}
      aria-label={t('reader.pageLabel', { page: pageNumber })}
    >
      {drawn && state === 'blank' && (
        // Lines of grey where the text will be, while the page is drawn. Only on pages being drawn:
        // a pulsing skeleton on every far-away frame (12 spans × 1,000 pages) kept the renderer busy
        // restyling thousands of animations each frame, and made drawing in long documents slow.
        <div className="page-skeleton" aria-hidden="true">
          {Array.from({ length: 12 }, (_, i) => (
            <span key={i} />
          ))}
        </div>
      )}
      <canvas ref={canvas} style={{ width, height }} aria-hidden="true" />
      <div className="annotation-layer" aria-hidden="true">
        {annotations.flatMap((a) =>
          a.rects.map(([x, y, w, h], i) => (
            <div
              key={`${a.id}:${i}`}
              className={`highlight highlight-${a.color ?? 'yellow'}${a.id === selectedAnnotation ? ' selected' : ''}`}
              data-annotation={a.id}
              style={{ left: x * scale, top: (pageHeight - y - h) * scale, width: w * scale, height: h * scale }}
            />
          )),
        )}
      </div>
      <div
        ref={textLayer}
        className={`textLayer${onPlacePoint ? ' placing' : ''}`}
        onMouseOver={(event) => {
          const mark = (event.target as HTMLElement).closest<HTMLElement>('mark.change-mark');
          const index = mark ? Number(mark.dataset.change) : null;
          if (index === (pointedAt?.index ?? null)) return;
          setPointedAt(index === null ? null : placeCallout(index));
        }}
        onMouseLeave={() => setPointedAt(null)}
        onClick={(event) => {
          const box = event.currentTarget.getBoundingClientRect();
          const x = (event.clientX - box.left) / scale;
          const y = pageHeight - (event.clientY - box.top) / scale;
          if (onPlacePoint) return onPlacePoint(pageNumber, { x: Math.round(x * 100) / 100, y: Math.round(y * 100) / 100 });
          if (!window.getSelection()?.isCollapsed) return;
          // A click on a highlight (under the text layer) selects it.
          const hit = annotations.find((a) => a.rects.some(([rx, ry, rw, rh]) => x >= rx && x <= rx + rw && y >= ry && y <= ry + rh));
          if (hit) onSelectAnnotation(hit.id);
        }}
      />
      {annotations
        .filter((a) => a.point)
        .map((a) => (
          <button
            key={a.id}
            type="button"
            className={`note-pin${a.id === selectedAnnotation ? ' selected' : ''}`}
            style={{ left: a.point!.x * scale, top: (pageHeight - a.point!.y) * scale }}
            aria-label={t('annotations.pinLabel', { note: a.note.slice(0, 80) })}
            onClick={() => onSelectAnnotation(a.id)}
          >
            ✎
          </button>
        ))}
      {pointedAt && calloutChange && changeMarks && (
        <ChangeCallout change={calloutChange} style={{ left: Math.max(4, Math.min(pointedAt.left, width - 320)), top: pointedAt.top, maxWidth: Math.min(320, width - 8) }} />
      )}
      {state === 'failed' && <p className="page-error">{t('reader.pageFailed')}</p>}
    </div>
  );
});

/**
 * Marks each text span with the offset of its text in the page's text
 * string (items' `str`, "\n" after `hasEOL`), the string the core stores
 * anchors against. A selection is turned into offsets with it.
 */
function markOffsets(layer: TextLayer, items: readonly object[]): void {
  const divs = layer.textDivs;
  let offset = 0;
  let index = 0;
  for (const item of items) {
    if (!('str' in item)) continue;
    const { str, hasEOL } = item as { str: string; hasEOL: boolean };
    const div = divs[index++];
    if (div) div.dataset.offset = String(offset);
    offset += str.length + (hasEOL ? 1 : 0);
  }
}
