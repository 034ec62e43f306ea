// `npm run web`: the app in a browser, for machines without Electron. The
// npm script builds the renderer first; this file builds nothing. It opens
// a session on the data dir (--data-dir, else the app's default): the page
// shows the first-run choice or the lock screen where needed (this host has
// no OS keyring, so encryption here means an app password). Once the store
// is open it imports the sample meetings into an empty store and syncs; it
// serves on 127.0.0.1 and prints the URL with this run's token.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createProgressLine } from '../cli/progress-line.ts';
import { defaultDataDir } from '../core/data-dir.ts';
import { openSession } from '../core/open-session.ts';
import { scheduleSync } from '../core/sync/schedule.ts';
import { startWebHost, type WebHost } from './server.ts';

// Two folders up: from electron/web/ in the sources as from out/node/ built.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string', default: '0' },
      'static-dir': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`Ongeldige poort: ${values.port}`);
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : defaultDataDir();
  const staticDir = path.resolve(values['static-dir'] ?? path.join(repoRoot, 'out', 'renderer'));
  if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
    throw new Error(`Geen gebouwde renderer in ${staticDir}. Start via \`npm run web\`, dat bouwt hem eerst.`);
  }

  const session = openSession({ dataDir, sampleDir: path.join(repoRoot, 'resources', 'sample'), recordVisit: true, compareInBackground: true });
  // The page shows the sample import's progress in place of the empty meeting list (once the host is up).
  let publish: WebHost['publish'] | null = null;
  // Each time the store opens (at once, or after the first-run choice or the passphrase): samples, then the sources.
  session.whenOpen((core) => {
    const stopSamples = new AbortController();
    const progress = createProgressLine(process.stderr, 'nl');
    const samples = core
      .ensureSampleData({
        signal: stopSamples.signal,
        onProgress: (update) => {
          progress.update(update);
          publish?.({ type: 'progress', task: 'sample-data', progress: update });
        },
      })
      // The app is still useful without the samples; say why they are missing.
      .catch((error: unknown) => process.stderr.write(`Voorbeeldvergaderingen niet geïmporteerd: ${error instanceof Error ? error.message : String(error)}\n`))
      .finally(() => progress.done());
    // The sources: at start and every syncIntervalMinutes; the results show under "Bronnen".
    const schedule = samples.then(() => scheduleSync(core));
    return async () => {
      stopSamples.abort();
      (await schedule).stop();
    };
  });

  const host = await startWebHost({ session, staticDir, port });
  publish = host.publish;
  const state = session.status().state;
  if (state !== 'open' && state !== 'plain') process.stderr.write(`Gegevens: ${state === 'new' ? 'nog niet ingesteld; kies in de app' : 'versleuteld; ontgrendel in de app'}\n`);
  process.stderr.write(`Gegevens: ${dataDir}\n`);
  process.stdout.write(`Raadsmap draait op ${host.appUrl}\n(alleen op deze computer; de link bevat het toegangstoken van deze sessie)\n`);

  let stopping = false;
  const stop = () => {
    // Ctrl-C reaches this process from the terminal and again through `npm start`: the first one counts.
    if (stopping) return;
    stopping = true;
    void host
      .close()
      .then(() => session.close())
      .finally(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
}

serve(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
