// Screenshots of every main screen in both themes, for the README:
// `node --import tsx scripts/screenshots.ts` (npm run screenshots). The built
// renderer in Debian's Chromium against the web host on a fresh data dir with
// the bundled sample meetings, as the e2e tests run it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { openSession } from '../electron/core/open-session.ts';
import { startWebHost } from '../electron/web/server.ts';
import { buildRenderer, CHROMIUM, CHROMIUM_FLAGS, repo } from '../tests/support/chromium.ts';
import { SCREENS } from '../tests/support/screens.ts';

const out = path.join(repo, 'docs', 'screenshots');
const [width, height] = (process.env.SCREENSHOT_SIZE ?? '1440x900').split('x').map(Number) as [number, number];
/** SCREENSHOT_ONLY=settings,search: only these screens (names as in tests/support/screens.ts). */
const only = process.env.SCREENSHOT_ONLY?.split(',');

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-screens-'));
  const staticDir = path.join(work, 'renderer');
  await buildRenderer(staticDir);
  const session = openSession({ dataDir: path.join(work, 'data'), sampleDir: path.join(repo, 'resources', 'sample'), extractionThreads: 2 });
  await session.setupVault({ encrypt: false });
  const core = session.core();
  await core.ensureSampleData({});
  await core.searchIndexReady();
  // Some work of one's own, as a councillor would have it: a position, a note and a draft motie on the latest meeting.
  core.updateSettings({ userName: 'Anne de Vries', fractie: 'Zwolle Vooruit' });
  const latest = [...core.listMeetings({})].sort((a, b) => b.startsAt.localeCompare(a.startsAt))[0]!;
  const items = core.getMeeting({ meetingId: latest.id }).agenda.flatMap((item) => [item, ...item.children]).filter((item) => !item.section);
  const withDocuments = items.find((item) => item.documents.length > 0) ?? items[0]!;
  core.saveAgendaNote({ agendaItemId: withDocuments.id, body: 'Vragen over de **nazorg**\n\n- [ ] wethouder bellen', stance: 'voor' });
  core.saveAgendaNote({ agendaItemId: items[0]!.id, body: '', stance: 'nog-bespreken' });
  core.createMotionDraft({ kind: 'motie', meetingId: latest.id, agendaItemId: withDocuments.id });
  const host = await startWebHost({ session, staticDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  fs.mkdirSync(out, { recursive: true });
  try {
    // Each screen once, in both themes: what a screen changes (a document opened ends its change badge) shows in neither.
    const context = await browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(host.appUrl);
    await page.locator('#meeting-heading').waitFor({ timeout: 30_000 });
    for (const screen of SCREENS) {
      if (only && !only.includes(screen.name)) continue;
      await screen.show(page);
      // The pointer off every control, so no hover state shows in the picture.
      await page.mouse.move(width - 1, height - 1);
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await page.waitForTimeout(400);
        const file = path.join(out, `${screen.name}-${theme}${width === 1440 ? '' : `-${width}`}.png`);
        await page.screenshot({ path: file });
        process.stdout.write(`${path.relative(repo, file)}\n`);
      }
      await screen.leave?.(page);
    }
    await context.close();
  } finally {
    await browser.close();
    await host.close();
    await session.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
