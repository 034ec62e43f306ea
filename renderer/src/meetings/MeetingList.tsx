// The meeting list: a dense list that leads with the date, under sticky month
// headings, upcoming meetings first; unread as a dot and a count (documents
// with a new version since they were opened as a count of their own); a filter
// per body when there are several. On first start the sample import shows
// its progress here instead of an empty list.
import { FileDiff } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import type { MeetingSummary } from '../../../shared/api.ts';
import type { ErrorInfo, Progress } from '../../../shared/errors.ts';
import { formatMeetingDate } from '../../../shared/format.ts';
import { STILL_UPCOMING_MS } from './home.ts';
import { useT } from '../i18n/i18n.tsx';
import { Select, UnreadDot } from '../ui/index.ts';
import { dateParts, monthHeading } from '../ui/format.ts';
import { useRovingFocus } from '../ui/roving.ts';

export type MeetingsState = { kind: 'loading' } | { kind: 'ready'; meetings: MeetingSummary[] } | { kind: 'error'; error: ErrorInfo };

interface Props {
  state: MeetingsState;
  selectedId: number | null;
  onSelect: (meetingId: number) => void;
  /** The sample import's progress on first start. */
  firstStart: Progress | null;
}

const ALL = '*';

export function MeetingList({ state, selectedId, onSelect, firstStart }: Props) {
  const { t, message } = useT();
  const [body, setBody] = useState<string>(ALL);
  const meetings = state.kind === 'ready' ? state.meetings : [];
  const bodies = useMemo(() => [...new Set(meetings.map((m) => m.body.name))].sort(), [meetings]);
  const shown = body === ALL || !bodies.includes(body) ? meetings : meetings.filter((m) => m.body.name === body);
  return (
    <section className="meetings pane" aria-labelledby="meetings-heading">
      <div className="pane-head">
        <h2 id="meetings-heading">{t('meetings.heading')}</h2>
        {bodies.length > 1 && (
          <Select
            label={t('meetings.filterBody')}
            hideLabel
            value={bodies.includes(body) ? body : ALL}
            onChange={setBody}
            options={[{ id: ALL, label: t('meetings.allBodies') }, ...bodies.map((b) => ({ id: b, label: b }))]}
          />
        )}
      </div>
      {(state.kind === 'loading' || (state.kind === 'ready' && meetings.length === 0 && firstStart)) && (
        <div className="first-start" role="status" aria-live="polite">
          <p>{firstStart ? t('meetings.importingSamples') : t('meetings.loading')}</p>
          {firstStart && (
            <>
              <p className="muted">{message(firstStart)}</p>
              {firstStart.total > 0 && <progress value={firstStart.done} max={firstStart.total} aria-label={t('common.progress')} />}
            </>
          )}
        </div>
      )}
      {state.kind === 'error' && (
        <p className="rm-alert rm-alert--danger" role="alert">
          {message(state.error)}
        </p>
      )}
      {state.kind === 'ready' && meetings.length === 0 && !firstStart && <p className="empty">{t('meetings.empty')}</p>}
      {shown.length > 0 && <Overview meetings={shown} selectedId={selectedId} onSelect={onSelect} />}
    </section>
  );
}

function Overview({ meetings, selectedId, onSelect, now = Date.now() }: { meetings: MeetingSummary[]; selectedId: number | null; onSelect: (id: number) => void; now?: number }) {
  const { t, language } = useT();
  const upcoming = meetings.filter((m) => Date.parse(m.startsAt) + STILL_UPCOMING_MS >= now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const past = meetings.filter((m) => Date.parse(m.startsAt) + STILL_UPCOMING_MS < now).sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  const groups: { key: string; title: string; meetings: MeetingSummary[] }[] = [];
  for (const [prefix, list] of [
    ['up', upcoming],
    ['past', past],
  ] as const) {
    for (const meeting of list) {
      const title = monthHeading(meeting.startsAt, language);
      const last = groups[groups.length - 1];
      if (last && last.key === `${prefix}:${title}`) last.meetings.push(meeting);
      else groups.push({ key: `${prefix}:${title}`, title: prefix === 'up' && groups.length === 0 ? `${t('meetings.upcoming')} · ${title}` : title, meetings: [meeting] });
    }
  }
  // One Tab stop for the list: ↑/↓ move between meetings, Enter opens one.
  const root = useRef<HTMLDivElement>(null);
  const roving = useRovingFocus(root, '.meeting-row', () => root.current?.querySelector<HTMLElement>('.meeting-row[aria-current="true"]') ?? undefined);
  return (
    <div className="meeting-months" ref={root} onKeyDown={(e) => roving.onKeyDown(e)} onFocus={roving.onFocus}>
      {groups.map((group) => (
        <section className="meeting-month" key={group.key} aria-label={group.title}>
          <h3 className="month-heading">{group.title}</h3>
          <ul className="meeting-list">
            {group.meetings.map((meeting) => (
              <MeetingRow key={meeting.id} meeting={meeting} selected={meeting.id === selectedId} onSelect={onSelect} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function MeetingRow({ meeting, selected, onSelect }: { meeting: MeetingSummary; selected: boolean; onSelect: (id: number) => void }) {
  const { t, meetingKind, language } = useT();
  const d = dateParts(meeting.startsAt, language);
  const withdrawn = meeting.status === 'withdrawn';
  return (
    <li>
      <button type="button" tabIndex={-1} className={withdrawn ? 'meeting-row withdrawn' : 'meeting-row'} aria-current={selected ? 'true' : undefined} onClick={() => onSelect(meeting.id)}>
        <span className="meeting-date" aria-hidden="true">
          <span className="meeting-weekday">{d.weekday}</span>
          <span className="meeting-day">{d.day}</span>
        </span>
        <span className="meeting-main">
          <span className="meeting-title">{meeting.title}</span>
          <span className="meeting-sub" aria-hidden="true">
            {d.time} · {meetingKind(meeting.kind)}
          </span>
          {/* The whole date and the counts for screen readers (and search in the page). */}
          <span className="visually-hidden">
            , {formatMeetingDate(meeting.startsAt, language)}, {meeting.body.name}, {t('count.items', { n: meeting.itemCount })}, {t('count.documents', { n: meeting.documentCount })}
            {meeting.unreadCount > 0 && <>, {t('count.unread', { n: meeting.unreadCount })}</>}
            {meeting.changedCount > 0 && <>, {t('changes.meetingCount', { n: meeting.changedCount })}</>}
          </span>
        </span>
        <span className="meeting-flags" aria-hidden="true">
          {withdrawn && <span className="rm-badge">{t('meetings.withdrawn')}</span>}
          {meeting.changedCount > 0 && (
            <span className="meeting-changed" title={t('changes.meetingCount', { n: meeting.changedCount })}>
              <FileDiff size={12} />
              {meeting.changedCount}
            </span>
          )}
          {meeting.unreadCount > 0 && (
            <span className="meeting-unread">
              <UnreadDot label="" />
              {meeting.unreadCount}
            </span>
          )}
        </span>
      </button>
    </li>
  );
}
