// The reader's drawing order (renderer/src/reader/render-queue.ts): one page
// at a time, the page in view before the ones around it, priorities read when
// the next page is picked, a cancelled page skipped, a failed one no stop, and
// idle work (freeing pdf.js's caches) only when no page waits.
import { describe, expect, it } from 'vitest';
import { scheduleRender, whenIdle } from '../../renderer/src/reader/render-queue.ts';

/** A page job that records when it starts and ends, and finishes when told. */
function page(name: string, log: string[]) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    run: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
    },
    finish: () => finish(),
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the reader draws pages in order', () => {
  it('one at a time, the page in view first, then the nearest; idle work last', async () => {
    const log: string[] = [];
    const first = page('p5', log);
    const far = page('p9', log);
    const near = page('p6', log);
    const inView = page('p7', log);
    const priorities = new Map([
      ['p9', 4],
      ['p6', 1],
      ['p7', 0],
    ]);
    scheduleRender(() => 0, first.run); // a tie with p7: the first queued goes first
    scheduleRender(() => priorities.get('p9')!, far.run);
    scheduleRender(() => priorities.get('p6')!, near.run);
    whenIdle(async () => void log.push('idle'));
    scheduleRender(() => priorities.get('p7')!, inView.run);
    await tick();
    expect(log).toEqual(['start p5']);
    // The view moved while p5 was drawn: p9 is now in view.
    priorities.set('p9', 0);
    priorities.set('p7', 2);
    first.finish();
    await tick();
    far.finish();
    await tick();
    near.finish();
    await tick();
    inView.finish();
    await tick();
    expect(log).toEqual(['start p5', 'end p5', 'start p9', 'end p9', 'start p6', 'end p6', 'start p7', 'end p7', 'idle']);
  });

  it('skips a page cancelled before its turn and goes on after one that fails', async () => {
    const log: string[] = [];
    const blocking = page('p1', log);
    scheduleRender(() => 0, blocking.run);
    const gone = scheduleRender(() => 1, async () => void log.push('p2'));
    scheduleRender(() => 2, async () => {
      log.push('p3');
      throw new Error('a page pdf.js cannot draw');
    });
    scheduleRender(() => 3, async () => void log.push('p4'));
    gone.cancel();
    blocking.finish();
    await tick();
    await tick();
    expect(log).toEqual(['start p1', 'end p1', 'p3', 'p4']);
  });
});

describe('the drawing queue is never held for good', () => {
  it('goes on at once when a running page is cancelled, even if pdf.js never answers it', async () => {
    const log: string[] = [];
    const stuck = scheduleRender(() => 0, () => new Promise<void>(() => log.push('start stuck')));
    scheduleRender(() => 1, async () => void log.push('next'));
    await tick();
    expect(log).toEqual(['start stuck']);
    stuck.cancel();
    await tick();
    expect(log).toEqual(['start stuck', 'next']);
  });
});
