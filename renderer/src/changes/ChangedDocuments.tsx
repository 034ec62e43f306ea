// "Gewijzigd sinds uw laatste bezoek" in a meeting: every document of it with
// a new version since the user last opened it, in agenda order; a click opens
// the reader at its first change. Laid out as "Nieuw sinds uw laatste bezoek" (its classes).
import { FileDiff } from 'lucide-react';
import type { ChangedDocument } from '../../../shared/api.ts';
import { useT } from '../i18n/i18n.tsx';
import { Badge } from '../ui/index.ts';
import { relativeTime } from '../ui/format.ts';
import { ChangesBadge } from './ChangesBadge.tsx';

interface Props {
  documents: readonly ChangedDocument[];
  onOpen: (documentId: number, agendaItemId: number) => void;
}

export function ChangedDocuments({ documents, onOpen }: Props) {
  const { t, language, documentType } = useT();
  if (documents.length === 0) return null;
  return (
    <section className="new-since changed-documents" aria-labelledby="changed-documents-heading">
      <h3 id="changed-documents-heading">
        {t('changes.sinceTitle')} <Badge tone="warning">{t('changes.sinceCount', { n: documents.length })}</Badge>
      </h3>
      <p className="changed-documents__help muted">{t('changes.sinceHelp')}</p>
      <ul className="new-since-list changed-documents__list">
        {documents.map((d) => (
          <li key={`${d.agendaItemId}:${d.documentId}`}>
            <FileDiff size={16} aria-hidden="true" />
            <span className="new-since-what">
              <button type="button" className="link-button" aria-label={t('changes.openAtFirst', { title: d.title })} onClick={() => onOpen(d.documentId, d.agendaItemId)}>
                {d.title}
              </button>{' '}
              <ChangesBadge changes={d.changes} />
              <span className="changed-documents__meta muted">
                {documentType(d.type)} · {d.agendaItemNumber ? `${d.agendaItemNumber} ` : ''}
                {d.agendaItemTitle}
              </span>
            </span>
            <span className="new-since-when muted">{t('changes.arrived', { when: relativeTime(d.changes.arrivedAt, language) })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
