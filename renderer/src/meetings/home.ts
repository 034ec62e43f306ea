import type { AgendaItemView, MeetingSummary } from '../../../shared/api.ts';

/** A meeting counts as upcoming until a few hours after it started (it may still be going on). */
export const STILL_UPCOMING_MS = 4 * 60 * 60 * 1000;

/** Home: the next upcoming meeting, or when none is upcoming the most recent one. */
export function homeMeeting(meetings: readonly MeetingSummary[], now = Date.now()): MeetingSummary | undefined {
  const active = meetings.filter((m) => m.status !== 'withdrawn');
  const upcoming = active.filter((m) => Date.parse(m.startsAt) + STILL_UPCOMING_MS >= now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return upcoming[0] ?? [...active].sort((a, b) => b.startsAt.localeCompare(a.startsAt))[0];
}

/** Every agenda item, sub-items after their parent. */
export const flattenAgenda = (items: readonly AgendaItemView[]): AgendaItemView[] => items.flatMap((item) => [item, ...flattenAgenda(item.children)]);
