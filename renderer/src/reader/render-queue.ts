// pdf.js draws a page on the main thread. Drawn all at once, the pages around
// the view share that thread with the page the reader is looking at, which
// then appears last. As pdf.js's own viewer does, pages are drawn one at a
// time: the ones in view first, then the nearest ahead and behind.

interface Job {
  /** Lower runs first; read when the next job is picked (the view may have moved meanwhile). */
  priority: () => number;
  run: () => Promise<void>;
  cancelled: boolean;
}

const queue: Job[] = [];
let running = false;

/** Queues drawing a page; `cancel` drops it if it has not started (a started one is cancelled by its owner). */
export function scheduleRender(priority: () => number, run: () => Promise<void>): { cancel: () => void } {
  const job: Job = { priority, run, cancelled: false };
  queue.push(job);
  void drain();
  return {
    cancel: () => {
      job.cancelled = true;
    },
  };
}

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    for (;;) {
      const live = queue.filter((job) => !job.cancelled);
      queue.length = 0;
      queue.push(...live);
      if (live.length === 0) return;
      let best = live[0]!;
      for (const job of live) if (job.priority() < best.priority()) best = job;
      queue.splice(queue.indexOf(best), 1);
      try {
        await best.run();
      } catch {
        // The page shows its own failure; the next one is drawn all the same.
      }
    }
  } finally {
    running = false;
  }
}

/** Runs `run` once no page waits to be drawn (and none is being drawn), e.g. freeing pdf.js's caches. */
export function whenIdle(run: () => Promise<void>): { cancel: () => void } {
  return scheduleRender(() => Number.POSITIVE_INFINITY, run);
}
