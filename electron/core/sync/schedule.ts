// Sync on start and every `syncIntervalMinutes` (settings), for the hosts
// that stay open (the desktop app, `npm run web`). Settings are read again at
// every check, so a changed interval applies without a restart. One sync at a
// time; an offline source just records "offline, skipped" and is tried again
// at the next interval, never in a loop.
import type { ProgressListener } from '../../../shared/errors.ts';
import type { Core } from '../index.ts';

export interface SyncSchedule {
  stop(): void;
  /** Resolves when the sync started by the schedule (if any) is done. */
  idle(): Promise<void>;
}

export function scheduleSync(
  core: Pick<Core, 'getSettings' | 'listSources' | 'syncSources'>,
  options: { onProgress?: ProgressListener | undefined; now?: () => number; checkEveryMs?: number } = {},
): SyncSchedule {
  const now = options.now ?? Date.now;
  let last = 0;
  let running: Promise<void> = Promise.resolve();
  let busy = false;
  let stopped = false;
  const controller = new AbortController();

  const run = () => {
    if (busy || stopped || core.listSources({}).length === 0) return;
    busy = true;
    last = now();
    running = core
      .syncSources({}, { signal: controller.signal, onProgress: options.onProgress })
      .then(() => undefined)
      .catch(() => undefined) // the outcome is recorded per source; the schedule carries on
      .finally(() => {
        busy = false;
      });
  };

  if (core.getSettings({}).syncOnStart) run();
  else last = now();
  const timer = setInterval(() => {
    const minutes = core.getSettings({}).syncIntervalMinutes;
    if (minutes > 0 && now() - last >= minutes * 60_000) run();
  }, options.checkEveryMs ?? 30_000);
  timer.unref();

  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      controller.abort();
    },
    idle: () => running,
  };
}
