import { createCore, type Core } from '../../electron/core/index.ts';
import type { AgendaItemView } from '../../shared/api.ts';
import type { Progress } from '../../shared/errors.ts';

/** Waits the sync asked for, recorded and shortened: the fake clock of these tests. */
export function fastSleep() {
  const waits: number[] = [];
  return {
    waits,
    sleep: (ms: number) => {
      waits.push(ms);
      return new Promise<void>((resolve) => setTimeout(resolve, Math.min(ms, 5)));
    },
  };
}

export function syncCore(dataDir: string, extra: { timeoutMs?: number } = {}): { core: Core; waits: number[] } {
  const { waits, sleep } = fastSleep();
  const core = createCore({
    dataDir,
    extractionThreads: 1,
    sync: { http: { timeoutMs: extra.timeoutMs ?? 2000, retries: 3, baseDelayMs: 10, sleep }, concurrency: 3 },
  });
  return { core, waits };
}

/** What a user sees of the library: meetings with their agenda and documents, no row ids. */
export function visible(core: Core) {
  const item = (i: AgendaItemView): unknown => ({
    id: i.externalId,
    title: i.title,
    status: i.status,
    documents: i.documents.map((d) => [d.externalId, d.sha256, d.pageCount, d.status, d.linkStatus]),
    children: i.children.map(item),
  });
  const meetings = core.listMeetings({}).map((m) => ({ ...core.getMeeting({ meetingId: m.id }), listed: m }));
  return Object.fromEntries(meetings.map((m) => [m.externalId, { title: m.title, status: m.status, startsAt: m.startsAt, agenda: m.agenda.map(item) }]));
}

export function collect(): { events: Progress[]; onProgress: (p: Progress) => void } {
  const events: Progress[] = [];
  return { events, onProgress: (p) => events.push(p) };
}
