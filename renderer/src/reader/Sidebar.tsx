// The reader's side panel: page thumbnails (drawn lazily as they scroll into
// view) or the PDF's own outline (bookmarks), both leading to a page.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/i18n.tsx';
import { DerivedOutline } from './DerivedOutline.tsx';
import './outline.css';

interface Props {
  kind: 'thumbnails' | 'outline';
  pdf: PDFDocumentProxy;
  currentPage: number;
  onGoToPage: (page: number) => void;
}

export function Sidebar({ kind, pdf, currentPage, onGoToPage }: Props) {
  const { t } = useT();
  return (
    <nav className="reader-sidebar" aria-label={kind === 'thumbnails' ? t('reader.thumbnails') : t('reader.outlineLabel')}>
      {kind === 'thumbnails' ? <Thumbnails pdf={pdf} currentPage={currentPage} onGoToPage={onGoToPage} /> : <Outline pdf={pdf} currentPage={currentPage} onGoToPage={onGoToPage} />}
    </nav>
  );
}

function Thumbnails({ pdf, currentPage, onGoToPage }: Omit<Props, 'kind'>) {
  const { t } = useT();
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.querySelector(`[data-page="${currentPage}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [currentPage]);
  return (
    <ol className="thumbnails" ref={list}>
      {Array.from({ length: pdf.numPages }, (_, i) => (
        <li key={i + 1} data-page={i + 1}>
          <button type="button" aria-current={currentPage === i + 1 ? 'page' : undefined} onClick={() => onGoToPage(i + 1)} aria-label={t('reader.pageLabel', { page: i + 1 })}>
            <Thumbnail pdf={pdf} pageNumber={i + 1} />
            <span aria-hidden="true">{i + 1}</span>
          </button>
        </li>
      ))}
    </ol>
  );
}

const THUMB_WIDTH = 120;

function Thumbnail({ pdf, pageNumber }: { pdf: PDFDocumentProxy; pageNumber: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [shown, setShown] = useState(false);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const observer = new IntersectionObserver(([entry]) => setShown(entry?.isIntersecting ?? false), { rootMargin: '400px 0px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useEffect(() => {
    if (!shown) return;
    let cancelled = false;
    let task: { cancel(): void } | undefined;
    void pdf.getPage(pageNumber).then(async (page) => {
      if (cancelled || !canvas.current) return;
      const viewport = page.getViewport({ scale: THUMB_WIDTH / page.getViewport({ scale: 1 }).width });
      canvas.current.width = Math.floor(viewport.width);
      canvas.current.height = Math.floor(viewport.height);
      const render = page.render({ canvas: canvas.current, viewport });
      task = render;
      await render.promise.catch(() => undefined);
    });
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [pdf, pageNumber, shown]);
  return <canvas ref={canvas} width={THUMB_WIDTH} height={Math.round(THUMB_WIDTH * 1.414)} aria-hidden="true" />;
}

interface OutlineNode {
  title: string;
  dest: string | unknown[] | null;
  items: OutlineNode[];
}

/** The PDF's own outline (bookmarks); without one, the headings found in its text. */
function Outline({ pdf, currentPage, onGoToPage }: { pdf: PDFDocumentProxy; currentPage: number; onGoToPage: (page: number) => void }) {
  const { t } = useT();
  const [outline, setOutline] = useState<OutlineNode[] | null | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    void pdf.getOutline().then(
      (items) => {
        if (!cancelled) setOutline((items as OutlineNode[] | null) ?? null);
      },
      () => {
        if (!cancelled) setOutline(null);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [pdf]);
  const go = async (dest: OutlineNode['dest']) => {
    const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : dest;
    const ref = explicit?.[0];
    if (ref === undefined || ref === null) return;
    const index = typeof ref === 'number' ? ref : await pdf.getPageIndex(ref as Parameters<PDFDocumentProxy['getPageIndex']>[0]);
    onGoToPage(index + 1);
  };
  if (outline === undefined) return <p className="muted">{t('reader.outlineLoading')}</p>;
  if (outline === null || outline.length === 0) return <DerivedOutline pdf={pdf} currentPage={currentPage} onGoToPage={onGoToPage} empty={<p className="muted">{t('reader.noOutline')}</p>} />;
  const render = (items: OutlineNode[]) => (
    <ul className="outline">
      {items.map((item, i) => (
        <li key={i}>
          <button type="button" className="link-button" onClick={() => void go(item.dest)}>
            {item.title}
          </button>
          {item.items.length > 0 && render(item.items)}
        </li>
      ))}
    </ul>
  );
  return render(outline);
}
