import type { MeetingSummary } from '../../../shared/api.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { formatMeetingDate } from '../../../shared/format.ts';
import { count, meetingKindLabel } from '../labels.ts';

export type MeetingsState = { kind: 'loading' } | { kind: 'ready'; meetings: MeetingSummary[] } | { kind: 'error'; error: ErrorInfo };

interface Props {
  state: MeetingsState;
  selectedId: number | null;
  onSelect: (meetingId: number) => void;
}

export function MeetingList({ state, selectedId, onSelect }: Props) {
  return (
    <section className="meetings" aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">Vergaderingen</h2>
      {state.kind === 'loading' && <p className="muted">Vergaderingen laden…</p>}
      {state.kind === 'error' && (
        <p className="error" role="alert">
          {state.error.nl}
        </p>
      )}
      {state.kind === 'ready' && state.meetings.length === 0 && (
        <p className="empty">
          Nog geen vergaderingen. Bij de eerste start zet Raadsmap de voorbeeldvergaderingen klaar; een eigen vergaderpakket
          importeert u met <code>raadsmap import</code>.
        </p>
      )}
      {state.kind === 'ready' && state.meetings.length > 0 && <Overview meetings={state.meetings} selectedId={selectedId} onSelect={onSelect} />}
    </section>
  );
}

/** A meeting counts as upcoming until a few hours after it started (it may still be going on). */
const STILL_UPCOMING_MS = 4 * 60 * 60 * 1000;

function Overview({ meetings, selectedId, onSelect, now = Date.now() }: { meetings: MeetingSummary[]; selectedId: number | null; onSelect: (id: number) => void; now?: number }) {
  const upcoming = meetings.filter((m) => Date.parse(m.startsAt) + STILL_UPCOMING_MS >= now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = meetings.filter((m) => Date.parse(m.startsAt) + STILL_UPCOMING_MS < now).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  return (
    <>
      {upcoming.length > 0 && <Group title="Komende vergaderingen" meetings={upcoming} selectedId={selectedId} onSelect={onSelect} />}
      {past.length > 0 && <Group title={upcoming.length > 0 ? 'Eerdere vergaderingen' : 'Vergaderingen tot nu toe'} meetings={past} selectedId={selectedId} onSelect={onSelect} />}
    </>
  );
}

/** One list per body (gemeenteraad, commissie, …) when there are several. */
function Group({ title, meetings, selectedId, onSelect }: { title: string; meetings: MeetingSummary[]; selectedId: number | null; onSelect: (id: number) => void }) {
  const bodies = [...new Set(meetings.map((m) => m.body.name))];
  const unread = meetings.reduce((n, m) => n + m.unreadCount, 0);
  return (
    <section className="meeting-group" aria-label={title}>
      <h3>
        {title}
        {unread > 0 && <span className="group-unread"> · {unread} ongelezen</span>}
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
  return (
    <ul className="meeting-list">
      {meetings.map((meeting) => (
        <li key={meeting.id}>
          <button type="button" className="meeting-card" aria-current={meeting.id === selectedId ? 'true' : undefined} onClick={() => onSelect(meeting.id)}>
            <span className="meeting-title">
              {meeting.title}
              {meeting.status === 'withdrawn' && <span className="badge"> vervallen</span>}
            </span>
            <span className="meeting-body">
              {meeting.body.name} · {meetingKindLabel(meeting.kind)}
            </span>
            <span className="meeting-date">{formatMeetingDate(meeting.startsAt)}</span>
            <span className="meeting-counts">
              {count(meeting.itemCount, 'agendapunt', 'agendapunten')} · {count(meeting.documentCount, 'document', 'documenten')}
              {meeting.unreadCount > 0 && <> · {meeting.unreadCount} ongelezen</>}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
