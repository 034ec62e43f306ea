import { FileText } from 'lucide-react';
import { useState } from 'react';
import type { AgendaItemView, AgendaNote, DocumentSummary, Stance } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import { useT } from '../i18n/i18n.tsx';
import { AgendaNotePanel } from '../personal/AgendaNotePanel.tsx';
import { Badge, UnreadDot } from '../ui/index.ts';

/** The agenda as nested ordered lists; each item shows its own number (1.3.a), not a generated one. */
type Open = (documentId: number, agendaItemId: number) => void;

/** My notes per item, folded away under "Mijn notities" until opened. */
export interface AgendaNotes {
  client: RaadsmapClient;
  meetingId: number;
  /** My position per agenda item, shown beside its title. */
  stances: ReadonlyMap<number, Stance>;
  onOpenMotion: (draftId: string) => void;
  onSaved: (note: AgendaNote) => void;
}

interface TreeProps {
  items: AgendaItemView[];
  onOpenDocument: Open;
  notes?: AgendaNotes | undefined;
}

export function AgendaTree({ items, onOpenDocument, notes }: TreeProps) {
  return (
    <ol className="agenda">
      {items.map((item) => (
        <AgendaItem key={item.id} item={item} onOpenDocument={onOpenDocument} notes={notes} />
      ))}
    </ol>
  );
}

function AgendaItem({ item, onOpenDocument, notes }: { item: AgendaItemView; onOpenDocument: Open; notes: AgendaNotes | undefined }) {
  const { t, timeSlot } = useT();
  const [notesOpen, setNotesOpen] = useState(false);
  const slot = timeSlot(item.start, item.end);
  const withdrawn = item.status === 'withdrawn';
  const Title = item.section ? 'h4' : 'p';
  const stance = notes?.stances.get(item.id);
  const label = item.number ?? item.title;
  return (
    <li className={['agenda-item', item.section ? 'section' : '', withdrawn ? 'withdrawn' : ''].filter(Boolean).join(' ')}>
      <Title className="item-heading">
        {item.number && <span className="item-number">{item.number}</span>}
        <span className="item-title">{item.title}</span>
        {withdrawn && <span className="badge">{t('agenda.withdrawn')}</span>}
        {stance && <span className={`badge stance-badge stance-${stance}`}>{t('agenda.stance', { stance: t(`stance.${stance}`) })}</span>}
      </Title>
      {(slot || item.portfolioHolder || item.informant) && (
        <p className="item-meta">
          {slot && <span>{slot}</span>}
          {item.portfolioHolder && <span>{t('agenda.portfolioHolder', { name: withoutIds(item.portfolioHolder) })}</span>}
          {item.informant && <span>{t('agenda.informant', { name: withoutIds(item.informant) })}</span>}
        </p>
      )}
      {item.description && (
        <details className="item-description">
          <summary>{t('agenda.description')}</summary>
          <p>{item.description}</p>
        </details>
      )}
      {item.documents.length > 0 && (
        <ul className="documents" aria-label={t('agenda.documentsOf', { item: label })}>
          {item.documents.map((document) => (
            <DocumentRow key={document.id} document={document} onOpen={(documentId) => onOpenDocument(documentId, item.id)} />
          ))}
        </ul>
      )}
      {notes && !item.section && (
        <details className="item-notes" onToggle={(e) => setNotesOpen(e.currentTarget.open)}>
          <summary>
            {t('agenda.myNotes')}
            <span className="visually-hidden"> {t('agenda.myNotesOf', { item: label })}</span>
          </summary>
          {/* Only an opened item loads its notes: a long agenda stays one call. */}
          {notesOpen && (
            <AgendaNotePanel
              client={notes.client}
              meetingId={notes.meetingId}
              agendaItemId={item.id}
              title={item.number ? `${item.number} ${item.title}` : item.title}
              onOpenMotion={notes.onOpenMotion}
              onSaved={notes.onSaved}
            />
          )}
        </details>
      )}
      {item.children.length > 0 && <AgendaTree items={item.children} onOpenDocument={onOpenDocument} notes={notes} />}
    </li>
  );
}

function DocumentRow({ document, onOpen }: { document: DocumentSummary; onOpen: (documentId: number) => void }) {
  const { t, documentType } = useT();
  const withdrawn = document.status === 'withdrawn' || document.linkStatus === 'withdrawn';
  return (
    <li className={withdrawn ? 'document withdrawn' : 'document'}>
      <FileText className="document-icon" size={16} aria-hidden="true" />
      <button type="button" className="link-button document-title" onClick={() => onOpen(document.id)}>
        {document.title}
      </button>
      <span className="document-type">{documentType(document.type)}</span>
      <span className="document-pages">{t('count.pages', { n: document.pageCount })}</span>
      <span className="document-state">
        {!document.read && <UnreadDot label={t('document.unread')} />}
        {withdrawn && <Badge>{t('document.withdrawn')}</Badge>}
      </span>
    </li>
  );
}

/** Names as the data has them, without the source system's ids ("Dollekamp, Jan-Willem (4116)"). */
export const withoutIds = (name: string) => name.replace(/\s*\(\d+\)/g, '').trim();
