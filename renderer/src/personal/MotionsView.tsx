// "Moties": all my motion and amendment drafts, newest first, with their meeting and status.
import { FileSignature } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { MeetingSummary, MotionDraftSummary } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { formatShortDate } from '../../../shared/format.ts';
import { useT } from '../i18n/i18n.tsx';
import { Badge } from '../ui/index.ts';
import { relativeTime } from '../ui/format.ts';

export function MotionsView({ client, meetings, onOpenMotion, libraryVersion }: { client: RaadsmapClient; meetings: readonly MeetingSummary[]; onOpenMotion: (id: string) => void; libraryVersion: number }) {
  const { t, message, language } = useT();
  const [drafts, setDrafts] = useState<MotionDraftSummary[] | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    void client.listMotionDrafts({}).then((result) => {
      if (result.ok) setDrafts([...result.value].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)));
      else setError(result.error);
    });
  }, [client, libraryVersion]);
  const meetingOf = (id: number) => meetings.find((m) => m.id === id);
  return (
    <section className="motions-view pane" aria-labelledby="motions-heading">
      <h2 id="motions-heading">{t('nav.motions')}</h2>
      {error && (
        <p className="rm-alert rm-alert--danger" role="alert">
          {message(error)}
        </p>
      )}
      {drafts && drafts.length === 0 && <p className="empty">{t('motions.empty')}</p>}
      {drafts && drafts.length > 0 && (
        <ul className="row-list">
          {drafts.map((d) => {
            const meeting = meetingOf(d.meetingId);
            return (
              <li key={d.id}>
                <button type="button" className="list-row" onClick={() => onOpenMotion(d.id)}>
                  <FileSignature size={16} aria-hidden="true" className="row-icon" />
                  <span className="row-main">
                    <span className="row-title">
                      {d.kind === 'motie' ? t('motion.motie') : t('motion.amendement')}: {d.title || t('motion.untitled')}
                    </span>
                    <span className="row-sub">
                      {meeting ? `${meeting.title}, ${formatShortDate(meeting.startsAt, language)} · ` : ''}
                      {t('motions.edited', { when: relativeTime(d.updatedAt, language) })}
                    </span>
                  </span>
                  <Badge tone={d.status === 'concept' ? 'neutral' : 'accent'}>{t(`motion.status.${d.status}`)}</Badge>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
