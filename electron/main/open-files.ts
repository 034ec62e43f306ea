// Meeting packages opened with the app (a double-click on a .raadsmap file,
// "Open with Raadsmap"): on macOS they arrive as 'open-file' events (also
// before the app is ready), on Windows and Linux as command-line arguments,
// of this process or of a second instance that hands them over. Every path
// is imported once the core is there; nothing else from the command line is
// taken as a file.
import path from 'node:path';
import type { CoreEvent } from '../../shared/api.ts';
import type { Core } from '../core/index.ts';

/** A `.raadsmap` file is a zipped meeting package (raadsmap-package/1). */
export const PACKAGE_EXTENSION = '.raadsmap';

/** The package files named on a command line, as absolute paths; options and everything else are ignored. */
export function packagePathsFromArgv(argv: readonly string[], cwd: string): string[] {
  const paths = argv
    .filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith(PACKAGE_EXTENSION) && arg.length <= 4096)
    .map((arg) => path.resolve(cwd, arg));
  return [...new Set(paths)];
}

export interface PackageOpener {
  /** Imports the paths now, or as soon as the core is ready. */
  open(paths: readonly string[]): void;
  /** The core is there: imports what was queued and everything after. */
  ready(core: Pick<Core, 'importPackages'>): void;
  /** The store is closing (app lock): packages opened from now on wait for the next ready. */
  closing(): void;
  /** Resolves when every import started so far has ended (for quitting cleanly and for tests). */
  idle(): Promise<void>;
}

export function createPackageOpener(options: { publish: (event: CoreEvent) => void; report: (error: unknown) => void }): PackageOpener {
  const queued: string[] = [];
  let core: Pick<Core, 'importPackages'> | undefined;
  let running: Promise<void> = Promise.resolve();
  const start = (paths: string[]) => {
    if (!core || paths.length === 0) return;
    const target = core;
    running = running
      .then(() => target.importPackages({ paths }, { onProgress: (progress) => options.publish({ type: 'progress', task: 'importPackages', progress }) }))
      .then(
        () => undefined,
        (error: unknown) => options.report(error),
      );
  };
  return {
    open(paths) {
      if (core) start([...paths]);
      else queued.push(...paths);
    },
    ready(value) {
      core = value;
      start(queued.splice(0));
    },
    closing() {
      core = undefined;
    },
    idle: () => running,
  };
}
