import { describe, expect, it } from 'vitest';
import type { AgendaItemView, MeetingDetail } from '../../shared/api.ts';
import { createCore } from '../../electron/core/index.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { spawnCli } from '../support/spawn-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

/** What a user sees of the library, without row ids or timestamps. */
async function visibleLibrary(dataDir: string) {
  const core = createCore({ dataDir });
  try {
    const item = (i: AgendaItemView): unknown => ({
      id: i.externalId,
      title: i.title,
      status: i.status,
      documents: i.documents.map((d) => [d.externalId, d.sha256, d.pageCount, d.status, d.linkStatus]),
      children: i.children.map(item),
    });
    const meetings = core.listMeetings({}).map((m) => core.getMeeting({ meetingId: m.id }));
    return {
      doctor: await core.doctor({}),
      meetings: Object.fromEntries(meetings.map((m: MeetingDetail) => [m.externalId, { title: m.title, agenda: m.agenda.map(item) }])),
    };
  } finally {
    void core.close();
  }
}

const runImport = (dataDir: string, packages: string[], killAfterMs?: number) => spawnCli(dataDir, ['import', ...packages], killAfterMs);

describe('an import killed mid-way (SIGKILL)', () => {
  it('never leaves a partial meeting, and the next import completes to the same library', async () => {
    // Four meetings of ten 12-page documents each: long enough to be killed in every phase.
    const packages: string[] = [];
    for (let m = 0; m < 4; m++) {
      const spec = samplePackageSpec();
      spec.meetingId = `zwolle/2017-0${m + 1}-09`;
      spec.title = `Raadsplein ${m + 1}`;
      for (let d = 0; d < 7; d++) {
        const id = `doc/m${m}-bijlage-${d}`;
        spec.documents.push({ id, title: `Bijlage ${d} bij vergadering ${m}`, pages: Array.from({ length: 12 }, (_, p) => [`Vergadering ${m} bijlage ${d}`, `Pagina ${p + 1} over jeugdhulp en schulddienstverlening`]) });
        spec.agenda[1]!.children![0]!.documents!.push(id);
      }
      packages.push((await writePackage(tempDir(), spec)).dir);
    }

    const reference = tempDir();
    const cleanStarted = performance.now();
    const clean = await runImport(reference, packages);
    const cleanMs = performance.now() - cleanStarted;
    expect(clean.code, clean.stderr).toBe(0);
    const expected = await visibleLibrary(reference);
    expect(Object.keys(expected.meetings)).toHaveLength(4);

    const victim = tempDir();
    // Kills spread over the first half of what a clean import takes on this machine (a loaded CI
    // machine is slower): every run resumes what the last one left, so later kills come earlier.
    const delays = [250, 700, 1100, 1500, 1900, 2300, 2700, 3100, 3600, 4200].map((ms) => Math.round((ms / 4200) * Math.max(1500, cleanMs * 0.6)));
    let killed = 0;
    for (const delay of delays) {
      const outcome = await runImport(victim, packages, delay);
      if (outcome.signal === 'SIGKILL') killed++;
      const now = await visibleLibrary(victim);
      expect(now.doctor.problems, `after a kill at ${delay} ms`).toEqual([]);
      // Every meeting present is complete: exactly as in the clean import.
      for (const [id, meeting] of Object.entries(now.meetings)) expect(meeting, `${id} after a kill at ${delay} ms`).toEqual(expected.meetings[id]);
    }
    expect(killed).toBeGreaterThanOrEqual(5);

    const finish = await runImport(victim, packages);
    expect(finish.code, finish.stderr).toBe(0);
    const final = await visibleLibrary(victim);
    expect(final.meetings).toEqual(expected.meetings);
    expect(final.doctor.counts).toEqual(expected.doctor.counts);
  }, 180_000);
});
