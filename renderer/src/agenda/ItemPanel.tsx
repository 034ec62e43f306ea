// The item panel beside the agenda: one agenda item with its time and
// people, the description, my position (a coloured segmented control), my
// notes, my moties and amendementen, and its documents. Escape closes it.
import { FileText, X } from 'lucide-react';
import type { AgendaItemView, AgendaNote } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import { useT } from '../i18n/i18n.tsx';
import { AgendaNotePanel } from '../personal/AgendaNotePanel.tsx';
import { IconButton, UnreadDot } from '../ui/index.ts';
import { ItemMeta } from './AgendaTree.tsx';
import { ChangesBadge } from '../changes/ChangesBadge.tsx';

interface Props {
  client: RaadsmapClient;
  meetingId: number;
  item: AgendaItemView;
  onOpenDocument: (documentId: number, agendaItemId: number) => void;
  onOpenMotion: (draftId: string) => void;
  onSaved: (note: AgendaNote) => void;
  onClose: () => void;
}

export function ItemPanel({ client, meetingId, item, onOpenDocument, onOpenMotion, onSaved, onClose }: Props) {
  const { t, documentType } = useT();
  const name = item.number ? `${item.number} ${item.title}` : item.title;
  return (
    <aside
      className="item-panel pane"
      aria-label={t('agenda.itemPanel', { item: item.number ?? item.title })}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="item-panel-head">
        <h3>
          {item.number && <span className="item-number">{item.number}</span>} {item.title}
        </h3>
        <IconButton label={t('agenda.closePanel')} icon={<X />} size="sm" onPress={onClose} />
      </header>
      <ItemMeta item={item} />
      {item.description && <p className="item-description">{item.description}</p>}
      {!item.section && <AgendaNotePanel key={item.id} client={client} meetingId={meetingId} agendaItemId={item.id} title={name} onOpenMotion={onOpenMotion} onSaved={onSaved} />}
      {item.documents.length > 0 && (
        <>
          <h4>{t('agenda.documents')}</h4>
          <ul className="panel-documents">
            {item.documents.map((d) => (
              <li key={d.id}>
                <button
                  type="button"
                  className="list-row compact"
                  aria-label={t('agenda.openDocument', { title: d.title })}
                  aria-describedby={d.changes ? `panel-changes-${d.id}` : undefined}
                  onClick={() => onOpenDocument(d.id, item.id)}
                >
                  <FileText size={16} aria-hidden="true" className="row-icon" />
                  <span className="row-main">
                    <span className="row-title">{d.title}</span>
                    <span className="row-sub">
                      {documentType(d.type)} · {t('count.pages', { n: d.pageCount })}
                      {d.changes && (
                        <>
                          {' '}
                          <ChangesBadge id={`panel-changes-${d.id}`} changes={d.changes} />
                        </>
                      )}
                    </span>
                  </span>
                  {!d.read ? <UnreadDot label={t('document.unread')} /> : <span />}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </aside>
  );
}
