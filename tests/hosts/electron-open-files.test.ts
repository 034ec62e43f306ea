import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { RaadsmapError } from '../../shared/errors.ts';
import { createPackageOpener, packagePathsFromArgv } from '../../electron/main/open-files.ts';

// .raadsmap packages opened with the app: taken from a command line (Windows,
// Linux, a second instance) or an 'open-file' event (macOS), queued until the
// core is there, then imported with progress; a failure is reported.

describe('package files on the command line', () => {
  it('takes .raadsmap paths only, absolute, once each', () => {
    const argv = ['--inspect=9229', 'vergadering.raadsmap', '/data/Raad 2017.RAADSMAP', 'evil.zip', '--flag=x.raadsmap', '.', 'vergadering.raadsmap', '/etc/passwd'];
    expect(packagePathsFromArgv(argv, '/home/raadslid')).toEqual([path.resolve('/home/raadslid/vergadering.raadsmap'), path.resolve('/data/Raad 2017.RAADSMAP')]);
    expect(packagePathsFromArgv([], '/x')).toEqual([]);
  });
});

describe('the package opener', () => {
  it('queues packages opened before the core is ready, then imports them in order with progress', async () => {
    const publish = vi.fn();
    const report = vi.fn();
    const opener = createPackageOpener({ publish, report });
    opener.open(['/a.raadsmap']);
    opener.open(['/b.raadsmap']);
    const progress = { phase: 'extract', done: 1, total: 2, nl: 'Lezen', en: 'Reading' };
    const core = {
      importPackages: vi.fn(async (_input: { paths: string[] }, options?: { onProgress?: (p: typeof progress) => void }) => {
        options?.onProgress?.(progress);
        return [];
      }),
    };
    await opener.idle();
    expect(core.importPackages).not.toHaveBeenCalled();
    opener.ready(core);
    opener.open(['/c.raadsmap']);
    await opener.idle();
    expect(core.importPackages.mock.calls.map(([input]) => input)).toEqual([{ paths: ['/a.raadsmap', '/b.raadsmap'] }, { paths: ['/c.raadsmap'] }]);
    expect(publish).toHaveBeenCalledWith({ type: 'progress', task: 'importPackages', progress });
    expect(report).not.toHaveBeenCalled();
  });

  it('reports a failed import and goes on with the next', async () => {
    const report = vi.fn();
    const opener = createPackageOpener({ publish: () => {}, report });
    const error = new RaadsmapError({ code: 'package.unknown-kind', nl: 'Geen pakket', en: 'Not a package' });
    const core = { importPackages: vi.fn().mockRejectedValueOnce(error).mockResolvedValueOnce([]) };
    opener.ready(core);
    opener.open(['/kapot.raadsmap']);
    opener.open(['/goed.raadsmap']);
    await opener.idle();
    expect(report).toHaveBeenCalledExactlyOnceWith(error);
    expect(core.importPackages).toHaveBeenCalledTimes(2);
    opener.open([]);
    await opener.idle();
    expect(core.importPackages).toHaveBeenCalledTimes(2);
  });
});
