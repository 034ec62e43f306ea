import type { AgendaItemView, DocumentSummary } from '../../../shared/api.ts';
import { useT } from '../i18n/i18n.tsx';

/** The agenda as nested ordered lists; each item shows its own number (1.3.a), not a generated one. */
type Open = (documentId: number) => void;

export function AgendaTree({ items, onOpenDocument }: { items: AgendaItemView[]; onOpenDocument: Open }) {
  return (
    <ol className="agenda">
      {items.map((item) => (
        <AgendaItem key={item.id} item={item} onOpenDocument={onOpenDocument} />
      ))}
    </ol>
  );
}

function AgendaItem({ item, onOpenDocument }: { item: AgendaItemView; onOpenDocument: Open }) {
  const { t, timeSlot } = useT();
  const slot = timeSlot(item.start, item.end);
  const withdrawn = item.status === 'withdrawn';
  const Title = item.section ? 'h4' : 'p';
  return (
    <li className={['agenda-item', item.section ? 'section' : '', withdrawn ? 'withdrawn' : ''].filter(Boolean).join(' ')}>
      <Title className="item-heading">
        {item.number && <span className="item-number">{item.number}</span>}
        <span className="item-title">{item.title}</span>
        {withdrawn && <span className="badge">{t('agenda.withdrawn')}</span>}
      </Title>
      {(slot || item.portfolioHolder || item.informant) && (
        <p className="item-meta">
          {slot && <span>{slot}</span>}
          {item.portfolioHolder && <span>{t('agenda.portfolioHolder', { name: item.portfolioHolder })}</span>}
          {item.informant && <span>{t('agenda.informant', { name: item.informant })}</span>}
        </p>
      )}
      {item.description && (
        <details className="item-description">
          <summary>{t('agenda.description')}</summary>
          <p>{item.description}</p>
        </details>
      )}
      {item.documents.length > 0 && (
        <ul className="documents" aria-label={t('agenda.documentsOf', { item: item.number ?? item.title })}>
          {item.documents.map((document) => (
            <DocumentRow key={document.id} document={document} onOpen={onOpenDocument} />
          ))}
        </ul>
      )}
      {item.children.length > 0 && <AgendaTree items={item.children} onOpenDocument={onOpenDocument} />}
    </li>
  );
}

function DocumentRow({ document, onOpen }: { document: DocumentSummary; onOpen: Open }) {
  const { t, documentType } = useT();
  const withdrawn = document.status === 'withdrawn' || document.linkStatus === 'withdrawn';
  return (
    <li className={withdrawn ? 'document withdrawn' : 'document'}>
      <button type="button" className="link-button document-title" onClick={() => onOpen(document.id)}>
        {document.title}
      </button>
      <span className="document-type">{documentType(document.type)}</span>
      <span className="document-pages">{t('count.pages', { n: document.pageCount })}</span>
      {!document.read && <span className="badge unread">{t('document.unread')}</span>}
      {withdrawn && <span className="badge">{t('document.withdrawn')}</span>}
    </li>
  );
}
