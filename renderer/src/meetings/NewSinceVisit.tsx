// "Nieuw sinds uw laatste bezoek" on the home meeting: the meetings and the
// new or changed documents that import and sync brought since the user last
// used the app, newest first. A meeting opens the meeting, a document the reader.
import { CalendarPlus, FilePlus2, FileDiff } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { NewSinceVisit as NewSinceVisitData } from '../../../shared/api.ts';
import type { RaadsmapClient } from '../../../shared/client-api.ts';
import { formatShortDate } from '../../../shared/format.ts';
import { useT } from '../i18n/i18n.tsx';
import { Badge, Button } from '../ui/index.ts';
import { dateParts, relativeTime } from '../ui/format.ts';

/** How many are listed before "Alle … tonen". */
const FIRST = 5;

interface Props {
  client: RaadsmapClient;
  /** Changes when the library changed: the list is read again. */
  libraryVersion: number;
  onOpenMeeting: (meetingId: number) => void;
  onOpenDocument: (documentId: number) => void;
}

export function NewSinceVisit({ client, libraryVersion, onOpenMeeting, onOpenDocument }: Props) {
  const { t, language, documentType } = useT();
  const [data, setData] = useState<NewSinceVisitData | null>(null);
  const [all, setAll] = useState(false);
  useEffect(() => {
    let current = true;
    const load = () =>
      void client.newSinceLastVisit({ limit: 50 }).then((result) => {
        if (current && result.ok) setData(result.value);
      });
    load();
    const stop = client.onEvent((event) => {
      if (event.type === 'library-changed') load();
    });
    return () => {
      current = false;
      stop();
    };
  }, [client, libraryVersion]);
  // The first day of use has no earlier visit to compare with: everything would be new (the meeting list shows it already).
  if (!data || !data.visitedBefore) return null;

  const parts = dateParts(data.since, language);
  const day = language === 'nl' ? `${parts.weekday} ${parts.day} ${parts.month}.` : `${parts.weekday} ${parts.day} ${parts.month}`;
  const shown = all ? data.items : data.items.slice(0, FIRST);
  return (
    <section className="new-since" aria-labelledby="new-since-heading">
      <h3 id="new-since-heading">
        {t('newSince.title')} <Badge tone={data.total > 0 ? 'accent' : 'neutral'}>{t('newSince.count', { n: data.total })}</Badge>
      </h3>
      {data.total === 0 ? (
        <p className="muted">{t('newSince.empty', { date: day })}</p>
      ) : (
        <>
          <ul className="new-since-list">
            {shown.map((item) =>
              item.kind === 'meeting' ? (
                <li key={`m${item.meetingId}`}>
                  <CalendarPlus size={16} aria-hidden="true" />
                  <span className="new-since-what">
                    <button type="button" className="link-button" onClick={() => onOpenMeeting(item.meetingId)}>
                      {item.title}, {formatShortDate(item.startsAt, language)}
                    </button>{' '}
                    <span className="muted">
                      {t('newSince.meeting')} · {item.bodyName} · {t('newSince.documents', { n: item.documentCount })}
                    </span>
                  </span>
                  <span className="new-since-when muted">{relativeTime(item.arrivedAt, language)}</span>
                </li>
              ) : (
                <li key={`d${item.documentId}`}>
                  {item.change === 'new' ? <FilePlus2 size={16} aria-hidden="true" /> : <FileDiff size={16} aria-hidden="true" />}
                  <span className="new-since-what">
                    <button type="button" className="link-button" onClick={() => onOpenDocument(item.documentId)}>
                      {item.title}
                    </button>{' '}
                    <Badge tone={item.change === 'new' ? 'info' : 'warning'}>{t(item.change === 'new' ? 'newSince.new' : 'newSince.version')}</Badge>{' '}
                    {item.change === 'version' && item.changeCount ? <span className="muted">{t('newSince.changes', { n: item.changeCount })} · </span> : null}
                    <span className="muted">
                      {documentType(item.type)} · {item.meeting.title}, {formatShortDate(item.meeting.startsAt, language)}
                    </span>
                  </span>
                  <span className="new-since-when muted">{relativeTime(item.arrivedAt, language)}</span>
                </li>
              ),
            )}
          </ul>
          {data.items.length > FIRST && (
            <Button size="sm" variant="subtle" onPress={() => setAll((a) => !a)}>
              {all ? t('newSince.fewer') : t('newSince.all', { n: data.items.length })}
            </Button>
          )}
        </>
      )}
    </section>
  );
}
