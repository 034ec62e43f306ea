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
      {state.kind === 'ready' && state.meetings.length > 0 && (
        <ul className="meeting-list">
          {state.meetings.map((meeting) => (
            <li key={meeting.id}>
              <button
                type="button"
                className="meeting-card"
                aria-current={meeting.id === selectedId ? 'true' : undefined}
                onClick={() => onSelect(meeting.id)}
              >
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
      )}
    </section>
  );
}
