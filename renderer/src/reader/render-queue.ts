// pdf.js draws a page on the main thread. Drawn all at once, the pages around
// the view share that thread with the page the reader is looking at, which
// then appears last. As pdf.js's own viewer does, pages are drawn one at a
// time: the ones in view first, then the nearest ahead and behind.
//
// One queue serves the whole session, so a job must never hold it for good: a
// job cancelled while it runs lets the next one go at once (pdf.js leaves some
// promises of a destroyed document pending for ever), and no job holds it
// longer than JOB_LIMIT_MS (a pdf.js worker that died mid-page).

interface Job {
  /** Lower runs first; read when the next job is picked (the view may have moved meanwhile). */
  priority: () => number;
  run: () => Promise<void>;
  cancelled: boolean;
  /** Resolves when the job is cancelled: the queue stops waiting for it. */
  released: Promise<void>;
  release: () => void;
}

const JOB_LIMIT_MS = 30_000;
const queue: Job[] = [];
let running = false;

/** Queues drawing a page; `cancel` drops it, or stops the queue waiting for it if it has started. */
export function scheduleRender(priority: () => number, run: () => Promise<void>): { cancel: () => void } {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const job: Job = { priority, run, cancelled: false, released, release };
  queue.push(job);
  // Picked after the current commit's effects have queued their pages too, so the one in view goes first.
  queueMicrotask(() => void drain());
  return {
    cancel: () => {
      job.cancelled = true;
      job.release();
    },
  };
}

/** Runs `run` once no page waits to be drawn (and none is being drawn), e.g. freeing pdf.js's caches. */
export function whenIdle(run: () => Promise<void>): { cancel: () => void } {
  return scheduleRender(() => Number.POSITIVE_INFINITY, run);
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
      let timer: ReturnType<typeof setTimeout> | undefined;
      const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, JOB_LIMIT_MS)));
      try {
        await Promise.race([best.run(), best.released, limit]);
      } catch {
        // The page shows its own failure; the next one is drawn all the same.
      } finally {
        clearTimeout(timer);
      }
    }
  } finally {
    running = false;
  }
}
