import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/index.ts';
import { startFixtureServer, type FixtureServer } from './fixture-server.ts';
import { visible } from './helpers.ts';
import { spawnCli } from '../support/spawn-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const raadsmap = spawnCli;

/** The library as a user sees it, and the doctor's verdict. */
async function library(dataDir: string) {
  const core = createCore({ dataDir });
  try {
    return { meetings: visible(core), doctor: await core.doctor({}) };
  } finally {
    void core.close();
  }
}

let server: FixtureServer;
beforeAll(async () => {
  // Ten meetings with their own PDFs: long enough to be killed while listing, downloading, reading and writing.
  server = await startFixtureServer({ meetings: 10 });
});
afterAll(() => server.close());

describe('a sync killed mid-way (SIGKILL)', () => {
  it('never leaves half a meeting, and the next sync ends equal to an uninterrupted sync', async () => {
    const reference = tempDir();
    await raadsmap(reference, ['sources', 'add', 'oparl', server.oparlUrl]);
    const started = Date.now();
    const clean = await raadsmap(reference, ['sync']);
    const duration = Date.now() - started;
    expect(clean.code, clean.stderr).toBe(0);
    const expected = await library(reference);
    expect(Object.keys(expected.meetings)).toHaveLength(10);

    const victim = tempDir();
    await raadsmap(victim, ['sources', 'add', 'oparl', server.oparlUrl]);
    // Kills at growing delays, each run continuing where the last one died, until one run finishes.
    let killed = 0;
    const seen: number[] = [];
    for (let attempt = 0, delay = 0.1 * duration; attempt < 15; attempt++, delay += 0.1 * duration) {
      const outcome = await raadsmap(victim, ['sync'], Math.round(delay));
      const now = await library(victim);
      seen.push(Object.keys(now.meetings).length);
      expect(now.doctor.problems, `after a kill at ${Math.round(delay)} ms`).toEqual([]);
      // Every meeting present is whole: exactly as in the uninterrupted sync.
      for (const [id, meeting] of Object.entries(now.meetings)) expect(meeting, `${id} after a kill at ${Math.round(delay)} ms`).toEqual(expected.meetings[id]);
      if (outcome.signal !== 'SIGKILL') break;
      killed++;
    }
    expect(killed, `meetings after each run: ${seen.join(', ')}`).toBeGreaterThanOrEqual(3);
    // Some kills fell between meetings: part of the source was in, the rest came later.
    expect(seen.some((n) => n > 0 && n < 10), `meetings after each run: ${seen.join(', ')}`).toBe(true);

    const finish = await raadsmap(victim, ['sync']);
    expect(finish.code, finish.stderr).toBe(0);
    const final = await library(victim);
    expect(final.meetings).toEqual(expected.meetings);
    expect(final.doctor.counts).toEqual(expected.doctor.counts);
  }, 240_000);
});
