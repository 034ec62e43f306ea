import { describe, expect, it } from 'vitest';
import type { Settings, SyncResult } from '../../shared/api.ts';
import { DEFAULT_SETTINGS } from '../../shared/api.ts';
import { scheduleSync } from '../../electron/core/sync/schedule.ts';

// A fake core and a fake clock: when the schedule syncs, and that it never piles syncs up.
function fakeCore(settings: Partial<Settings>, sources = 1) {
  const calls: number[] = [];
  let clock = 0;
  let release: () => void = () => {};
  const core = {
    getSettings: () => ({ ...DEFAULT_SETTINGS, ...settings }),
    listSources: () => Array.from({ length: sources }) as never[],
    syncSources: () => {
      calls.push(clock);
      return new Promise<SyncResult[]>((resolve) => (release = () => resolve([])));
    },
  };
  return { core, calls, tick: (ms: number) => (clock += ms), now: () => clock, release: () => release() };
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scheduleSync', () => {
  it('syncs at start and then every interval, one sync at a time', async () => {
    const f = fakeCore({ syncOnStart: true, syncIntervalMinutes: 15 });
    const schedule = scheduleSync(f.core, { now: f.now, checkEveryMs: 5 });
    expect(f.calls).toEqual([0]);
    f.tick(20 * 60_000);
    await wait(20);
    expect(f.calls).toEqual([0]); // the first is still running: no second one
    f.release();
    await schedule.idle();
    await wait(20);
    expect(f.calls).toEqual([0, 20 * 60_000]);
    f.release();
    f.tick(10 * 60_000);
    await wait(20);
    expect(f.calls).toHaveLength(2); // 10 of 15 minutes
    schedule.stop();
  });

  it('does nothing at start when told so, never with interval 0, and never without sources', async () => {
    const off = fakeCore({ syncOnStart: false, syncIntervalMinutes: 0 });
    const s1 = scheduleSync(off.core, { now: off.now, checkEveryMs: 5 });
    off.tick(24 * 60 * 60_000);
    await wait(20);
    expect(off.calls).toEqual([]);
    s1.stop();
    const none = fakeCore({ syncOnStart: true, syncIntervalMinutes: 1 }, 0);
    const s2 = scheduleSync(none.core, { now: none.now, checkEveryMs: 5 });
    none.tick(5 * 60_000);
    await wait(20);
    expect(none.calls).toEqual([]);
    s2.stop();
  });
});
