import type { MeetingSummary } from '../../../shared/api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { formatMeetingDate } from '../../../shared/format.ts';
import { useT } from '../i18n/i18n.tsx';

export type MeetingsState = { kind: 'loading' } | { kind: 'ready'; meetings: MeetingSummary[] } | { kind: 'error'; error: ErrorInfo };

interface Props {
  state: MeetingsState;
  selectedId: number | null;
  onSelect: (meetingId: number) => void;
}

export function MeetingList({ state, selectedId, onSelect }: Props) {
  const { t, message } = useT();
  return (
    <section className="meetings" aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">{t('meetings.heading')}</h2>
      {state.kind === 'loading' && <p className="muted">{t('meetings.loading')}</p>}
      {state.kind === 'error' && (
        <p className="error" role="alert">
          {message(state.error)}
        </p>
      )}
      {state.kind === 'ready' && state.meetings.length === 0 && (
        <p className="empty">{t('meetings.empty')}</p>
      )}
      {state.kind === 'ready' && state.meetings.length > 0 && <Overview meetings={state.meetings} selectedId={selectedId} onSelect={onSelect} />}
    </section>
  );
}

/** A meeting counts as upcoming until a few hours after it started (it may still be going on). */
const STILL_UPCOMING_MS = 4 * 60 * 60 * 1000;

function Overview({ meetings, selectedId, onSelect, now = Date.now() }: { meetings: MeetingSummary[]; selectedId: number | null; onSelect: (id: number) => void; now?: number }) {
  const { t } = useT();
  const upcoming = meetings.filter((m) => Date.parse(m.startsAt) + STILL_UPCOMING_MS >= now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = meetings.filter((m) => Date.parse(m.startsAt) + STILL_UPCOMING_MS < now).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return (
    <>
      {upcoming.length > 0 && <Group title={t('meetings.upcoming')} meetings={upcoming} selectedId={selectedId} onSelect={onSelect} />}
      {past.length > 0 && <Group title={upcoming.length > 0 ? t('meetings.earlier') : t('meetings.sofar')} meetings={past} selectedId={selectedId} onSelect={onSelect} />}
    </>
  );
}

/** One list per body (gemeenteraad, commissie, …) when there are several. */
function Group({ title, meetings, selectedId, onSelect }: { title: string; meetings: MeetingSummary[]; selectedId: number | null; onSelect: (id: number) => void }) {
  const { t } = useT();
  const bodies = [...new Set(meetings.map((m) => m.body.name))];
  const unread = meetings.reduce((n, m) => n + m.unreadCount, 0);
  return (
    <section className="meeting-group" aria-label={title}>
      <h3>
        {title}
        {unread > 0 && <span className="group-unread"> · {t('count.unread', { n: unread })}</span>}
      </h3>
      {bodies.length === 1 ? (
        <Cards meetings={meetings} selectedId={selectedId} onSelect={onSelect} />
      ) : (
        bodies.map((body) => (
          <div key={body}>
            <h4 className="body-heading">{body}</h4>
            <Cards meetings={meetings.filter((m) => m.body.name === body)} selectedId={selectedId} onSelect={onSelect} />
          </div>
        ))
      )}
    </section>
  );
}

function Cards({ meetings, selectedId, onSelect }: { meetings: MeetingSummary[]; selectedId: number | null; onSelect: (id: number) => void }) {
  const { t, meetingKind, language } = useT();
  return (
    <ul className="meeting-list">
      {meetings.map((meeting) => (
        <li key={meeting.id}>
          <button type="button" className="meeting-card" aria-current={meeting.id === selectedId ? 'true' : undefined} onClick={() => onSelect(meeting.id)}>
            <span className="meeting-title">
              {meeting.title}
              {meeting.status === 'withdrawn' && <span className="badge"> {t('meetings.withdrawn')}</span>}
            </span>
            <span className="meeting-body">
              {meeting.body.name} · {meetingKind(meeting.kind)}
            </span>
            <span className="meeting-date">{formatMeetingDate(meeting.startsAt, language)}</span>
            <span className="meeting-counts">
              {t('count.items', { n: meeting.itemCount })} · {t('count.documents', { n: meeting.documentCount })}
              {meeting.unreadCount > 0 && <> · {t('count.unread', { n: meeting.unreadCount })}</>}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
