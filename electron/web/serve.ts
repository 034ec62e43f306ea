// `npm run web`: the app in a browser, for machines without Electron. The
// npm script builds the renderer first; this file builds nothing. It opens
// the core on the data dir (--data-dir, else the app's default), imports the
// sample meetings into an empty store, serves on 127.0.0.1 and prints the
// URL with this run's token.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createProgressLine } from '../cli/progress-line.ts';
import { defaultDataDir } from '../core/data-dir.ts';
import { createCore } from '../core/index.ts';
import { scheduleSync } from '../core/sync/schedule.ts';
import { startWebHost } from './server.ts';

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

  const core = createCore({ dataDir, sampleDir: path.join(repoRoot, 'resources', 'sample') });
  const progress = createProgressLine(process.stderr, 'nl');
  try {
    await core.ensureSampleData({ onProgress: progress.update });
  } catch (error) {
    // The app is still useful without the samples; say why they are missing.
    process.stderr.write(`Voorbeeldvergaderingen niet geïmporteerd: ${error instanceof Error ? error.message : String(error)}\n`);
  } finally {
    progress.done();
  }

  const host = await startWebHost({ core, staticDir, port });
  // The sources: at start and every syncIntervalMinutes; the results show under "Bronnen".
  const schedule = scheduleSync(core);
  process.stderr.write(`Gegevens: ${dataDir}\n`);
  process.stdout.write(`Raadsmap draait op ${host.appUrl}\n(alleen op deze computer; de link bevat het toegangstoken van deze sessie)\n`);

  const stop = () => {
    schedule.stop();
    void host
      .close()
      .then(() => core.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

serve(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
