// The reader's "Inhoud" for a PDF without bookmarks: the headings found in its
// text (shared/derived-outline.ts), as a nested list of "title … page"
// buttons. Each document is read once; reopening the panel reuses the result.
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { useEffect, useState, type ReactNode } from 'react';
import { deriveDocumentOutline, outlineTree, type OutlineEntry, type OutlineTreeNode } from '../../../shared/derived-outline.ts';
import { useT } from '../i18n/i18n.tsx';

const derived = new WeakMap<PDFDocumentProxy, Promise<OutlineEntry[]>>();

function derivedOutline(pdf: PDFDocumentProxy): Promise<OutlineEntry[]> {
  let outline = derived.get(pdf);
  if (!outline) {
    outline = deriveDocumentOutline(pdf).catch(() => {
      // A document closed while it was read, or a page pdf.js cannot parse: no outline, and a later try starts afresh.
      derived.delete(pdf);
      return [];
    });
    derived.set(pdf, outline);
  }
  return outline;
}

export function DerivedOutline({ pdf, currentPage, onGoToPage, empty }: { pdf: PDFDocumentProxy; currentPage: number; onGoToPage: (page: number) => void; empty: ReactNode }) {
  const { t } = useT();
  const [tree, setTree] = useState<OutlineTreeNode[] | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    setTree(undefined);
    void derivedOutline(pdf).then((entries) => {
      if (!cancelled) setTree(outlineTree(entries));
    });
    return () => {
      cancelled = true;
    };
  }, [pdf]);
  if (tree === undefined) {
    return (
      <p className="muted" role="status">
        {t('outline.building')}
      </p>
    );
  }
  if (tree.length === 0) return empty;
  // Where the reader is: the last heading at or before the current page.
  let current: OutlineTreeNode | undefined;
  const walk = (nodes: OutlineTreeNode[]) => {
    for (const node of nodes) {
      if (node.page <= currentPage) current = node;
      walk(node.children);
    }
  };
  walk(tree);
  const render = (nodes: OutlineTreeNode[]) => (
    <ul className="derived-outline">
      {nodes.map((node, i) => (
        <li key={i}>
          <button type="button" className="derived-outline-entry" aria-current={node === current ? 'location' : undefined} onClick={() => onGoToPage(node.page)} aria-label={t('outline.entryLabel', { title: node.title, page: node.page })}>
            <span className="derived-outline-title">{node.title}</span>
            <span className="derived-outline-page" aria-hidden="true">
              {node.page}
            </span>
          </button>
          {node.children.length > 0 && render(node.children)}
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <p className="muted derived-outline-note">{t('outline.derivedNote')}</p>
      {render(tree)}
    </>
  );
}
