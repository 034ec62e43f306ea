// The agenda as a calm tree: each item one row (number, title, small
// indicators for my position and note), its documents as rows with a file
// icon, type, pages and one unread dot ("Gewijzigd: 3 wijzigingen" beside a
// document with a new version since it was opened). Items with sub-items collapse.
// One Tab stop for the whole tree (roving tabindex): ↑/↓ move, → opens or
// goes in, ← closes or goes up, Home/End, Enter opens the item panel or the
// document.
import { ChevronRight, FileText, StickyNote } from 'lucide-react';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { AgendaItemView, DocumentSummary, Stance } from '../../../shared/api.ts';
import { useT } from '../i18n/i18n.tsx';
import { Badge, UnreadDot } from '../ui/index.ts';
import { useRovingFocus } from '../ui/roving.ts';
import { ChangesBadge } from '../changes/ChangesBadge.tsx';

type Open = (documentId: number, agendaItemId: number) => void;

/** My work per agenda item, shown as indicators beside it. */
export interface AgendaMarks {
  stances: ReadonlyMap<number, Stance>;
  /** Items with a note of mine. */
  noted: ReadonlySet<number>;
}

interface TreeProps {
  items: AgendaItemView[];
  onOpenDocument: Open;
  marks: AgendaMarks;
  selectedItemId: number | null;
  /** An item chosen (click or Enter): the item panel shows it. */
  onSelectItem: (item: AgendaItemView) => void;
  label: string;
}

const ROW = '[data-row]';

export function AgendaTree({ items, onOpenDocument, marks, selectedItemId, onSelectItem, label }: TreeProps) {
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const root = useRef<HTMLDivElement>(null);
  const toggle = (id: number, open?: boolean) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (open ?? next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const roving = useRovingFocus(root, ROW, () => roving.rows().find((r) => r.dataset.item === String(selectedItemId)));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (roving.onKeyDown(event)) return;
    const row = (event.target as HTMLElement).closest<HTMLElement>(ROW);
    if (!row) return;
    const all = roving.rows();
    const expandable = row.dataset.expandable === 'true';
    const itemId = Number(row.dataset.item);
    if (event.key === 'ArrowRight') {
      if (expandable && collapsed.has(itemId)) {
        event.preventDefault();
        return toggle(itemId, true);
      }
      return roving.focus(all[all.indexOf(row) + 1], event);
    }
    if (event.key === 'ArrowLeft') {
      if (expandable && !collapsed.has(itemId)) {
        event.preventDefault();
        return toggle(itemId, false);
      }
      // Up to the item this row belongs to (a document's item, a sub-item's parent).
      const own = row.closest('li.agenda-item');
      const parent = row.dataset.document ? own : own?.parentElement?.closest('li.agenda-item');
      return roving.focus(parent?.querySelector<HTMLElement>(`:scope > .item-row ${ROW}`) ?? undefined, event);
    }
  };

  return (
    <div className="agenda-tree" ref={root} onKeyDown={onKeyDown} onFocus={roving.onFocus}>
      <AgendaList items={items} label={label} {...{ onOpenDocument, marks, selectedItemId, onSelectItem, collapsed, toggle }} />
    </div>
  );
}

interface ListProps extends Omit<TreeProps, 'label'> {
  label: string;
  collapsed: ReadonlySet<number>;
  toggle: (id: number, open?: boolean) => void;
}

function AgendaList({ items, label, ...rest }: ListProps) {
  return (
    <ol className="agenda" aria-label={label}>
      {items.map((item) => (
        <AgendaItem key={item.id} item={item} {...rest} />
      ))}
    </ol>
  );
}

function AgendaItem({ item, ...rest }: Omit<ListProps, 'items' | 'label'> & { item: AgendaItemView }) {
  const { onOpenDocument, marks, selectedItemId, onSelectItem, collapsed, toggle } = rest;
  const { t } = useT();
  const withdrawn = item.status === 'withdrawn';
  const Title = item.section ? 'h4' : 'p';
  const stance = marks.stances.get(item.id);
  const label = item.number ?? item.title;
  const expandable = item.children.length > 0;
  const open = !collapsed.has(item.id);
  return (
    <li className={['agenda-item', item.section ? 'section' : '', withdrawn ? 'withdrawn' : ''].filter(Boolean).join(' ')}>
      <div className="item-row">
        {expandable ? (
          // For the mouse; the keyboard opens and closes with → and ←.
          <span className="item-toggle" aria-hidden="true" onClick={() => toggle(item.id)}>
            <ChevronRight size={14} className={open ? 'open' : undefined} />
          </span>
        ) : (
          <span className="item-toggle" />
        )}
        <Title className="item-heading">
          <button
            type="button"
            className="item-button"
            data-row=""
            data-item={item.id}
            data-expandable={expandable}
            tabIndex={-1}
            aria-expanded={expandable ? open : undefined}
            aria-current={selectedItemId === item.id ? 'true' : undefined}
            // A section opens and closes; an item opens its panel.
            onClick={() => (item.section && expandable ? toggle(item.id) : onSelectItem(item))}
          >
            {item.number && <span className="item-number">{item.number}</span>}
            <span className="item-title">{item.title}</span>
          </button>
          <span className="item-marks">
            {withdrawn && <Badge>{t('agenda.withdrawn')}</Badge>}
            {marks.noted.has(item.id) && <StickyNote className="note-mark" size={14} role="img" aria-label={t('agenda.hasNote')} />}
            {stance && (
              <span className={`badge stance-badge stance-${stance}`}>
                <span className="visually-hidden">{t('agenda.stancePrefix')} </span>
                {t(`stance.${stance}`)}
              </span>
            )}
          </span>
        </Title>
      </div>
      <ItemMeta item={item} />
      {open && item.documents.length > 0 && (
        <ul className="documents" aria-label={t('agenda.documentsOf', { item: label })}>
          {item.documents.map((document) => (
            <DocumentRow key={document.id} document={document} agendaItemId={item.id} onOpen={(documentId) => onOpenDocument(documentId, item.id)} />
          ))}
        </ul>
      )}
      {open && item.children.length > 0 && <AgendaList items={item.children} label={t('agenda.subItemsOf', { item: label })} {...rest} />}
    </li>
  );
}

function DocumentRow({ document, agendaItemId, onOpen }: { document: DocumentSummary; agendaItemId: number; onOpen: (documentId: number) => void }) {
  const { t, documentType } = useT();
  const withdrawn = document.status === 'withdrawn' || document.linkStatus === 'withdrawn';
  // The badge is read with the row's button (the tree's one Tab stop).
  const badgeId = document.changes ? `changes-${agendaItemId}-${document.id}` : undefined;
  return (
    <li className={withdrawn ? 'document withdrawn' : 'document'}>
      <FileText className="document-icon" size={16} aria-hidden="true" />
      <span className="document-main">
        <button type="button" className="link-button document-title" data-row="" data-document={document.id} tabIndex={-1} aria-describedby={badgeId} onClick={() => onOpen(document.id)}>
          {document.title}
        </button>
        {document.changes && <ChangesBadge id={badgeId} changes={document.changes} />}
      </span>
      <span className="document-type">{documentType(document.type)}</span>
      <span className="document-pages">{t('count.pages', { n: document.pageCount })}</span>
      <span className="document-state">
        {!document.read && <UnreadDot label={t('document.unread')} />}
        {withdrawn && <Badge>{t('document.withdrawn')}</Badge>}
      </span>
    </li>
  );
}

/** An item's time and people: "20.25–22.00 uur · Portefeuillehouder: …". */
export function ItemMeta({ item }: { item: AgendaItemView }) {
  const { t, timeSlot } = useT();
  const slot = timeSlot(item.start, item.end);
  if (!slot && !item.portfolioHolder && !item.informant) return null;
  return (
    <p className="item-meta">
      {slot && <span>{slot}</span>}
      {item.portfolioHolder && <span>{t('agenda.portfolioHolder', { name: withoutIds(item.portfolioHolder) })}</span>}
      {item.informant && <span>{t('agenda.informant', { name: withoutIds(item.informant) })}</span>}
    </p>
  );
}

/** Names as the data has them, without the source system's ids ("Dollekamp, Jan-Willem (4116)"). */
export const withoutIds = (name: string) => name.replace(/\s*\(\d+\)/g, '').trim();
