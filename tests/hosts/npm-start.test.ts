// `npm start` as a new user meets it: scripts/start.ts, as built into
// out/node/start.js (tests/support/build-node-setup.ts), run as a real child
// process. With Electron's binary (a stand-in named by ELECTRON_EXEC_PATH,
// which electron-vite itself starts) it runs `electron-vite dev`; without it,
// one line says so and the web host serves the app. Both end cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserCommand, findDesktopShell, localeLanguage, repoRoot, unavailableLine } from '../../scripts/start.ts';
import { tempDir } from '../support/temp-dir.ts';

/** The environment of a shell without any of the variables these tests decide on. */
function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DISPLAY', 'WAYLAND_DISPLAY', 'ELECTRON_EXEC_PATH', 'ELECTRON_RENDERER_URL', 'LC_ALL', 'LC_MESSAGES', 'LANG', 'BROWSER']) delete env[name];
  return { ...env, ...extra };
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function runStart(args: string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, [path.join(repoRoot, 'out', 'node', 'start.js'), ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** No stack trace and no module error anywhere in what it printed. */
function expectNoStackTrace(run: Run): void {
  const all = run.stdout() + run.stderr();
  expect(all).not.toMatch(/Cannot find module|^\s+at .+:\d+:\d+\)?$|Error: /m);
}

describe('npm start', () => {
  it('is scripts/start.ts, compiled (built first when a source changed)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['start']).toBe('node scripts/build-node.mjs --if-stale && node out/node/start.js');
  });

  it('without Electron says so in one Dutch line, serves the app in the web host, and stops cleanly', async () => {
    const dataDir = tempDir();
    const staticDir = tempDir();
    // No Electron binary, no display (so no browser is opened either), a Dutch locale.
    const run = runStart(['--data-dir', dataDir, '--static-dir', staticDir], baseEnv({ ELECTRON_EXEC_PATH: path.join(dataDir, 'geen-electron'), LANG: 'nl_NL.UTF-8' }));
    try {
      await expect.poll(run.stdout, { timeout: 50_000, interval: 200 }).toMatch(/#token=/);
      const lines = run.stdout().trim().split('\n');
      expect(lines[0]).toBe(
        'Het bureaubladprogramma is hier niet beschikbaar (Electron is niet geïnstalleerd); Raadsmap start in plaats daarvan in de browser, zoals `npm run web`.',
      );
      const appUrl = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(run.stdout())![0];
      expect(lines[1]).toBe(`Raadsmap draait op ${appUrl}`);
      // The URL answers: the page, and the API with the token from the URL.
      const page = await fetch(appUrl.split('#')[0]!);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      const api = await fetch(new URL('/api/vaultStatus', appUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-raadsmap-token': appUrl.split('#token=')[1]! },
        body: '{}',
      });
      expect(await api.json()).toMatchObject({ ok: true, value: { state: 'new' } });

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      await expect(fetch(appUrl.split('#')[0]!)).rejects.toThrow();
      expectNoStackTrace(run);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('with Electron runs electron-vite dev, which starts Electron on the dev server; a stop reaches Electron', async () => {
    // A stand-in for Electron: it fetches the page it is given, notes what it got, and waits to be stopped.
    const dir = tempDir();
    const marker = path.join(dir, 'electron.json');
    const binary = path.join(dir, 'electron');
    fs.writeFileSync(
      binary,
      `#!${process.execPath}
const fs = require('node:fs');
// Written aside and renamed, so the test never reads a half-written note.
const note = (extra) => {
  fs.writeFileSync(${JSON.stringify(marker + '.tmp')}, JSON.stringify({ args: process.argv.slice(2), url: process.env.ELECTRON_RENDERER_URL, ...extra }));
  fs.renameSync(${JSON.stringify(marker + '.tmp')}, ${JSON.stringify(marker)});
};
fetch(process.env.ELECTRON_RENDERER_URL).then(async (res) => note({ status: res.status, page: await res.text() }), (error) => note({ error: String(error) }));
process.on('SIGTERM', () => {
  note({ ...JSON.parse(fs.readFileSync(${JSON.stringify(marker)}, 'utf8')), stopped: true });
  process.exit(0);
});
setInterval(() => {}, 1000);
`,
      { mode: 0o755 },
    );
    const run = runStart([], baseEnv({ ELECTRON_EXEC_PATH: binary, DISPLAY: ':0', LANG: 'nl_NL.UTF-8' }));
    try {
      await expect.poll(() => fs.existsSync(marker), { timeout: 50_000, interval: 200 }).toBe(true);
      const started = JSON.parse(fs.readFileSync(marker, 'utf8')) as { args: string[]; url: string; status: number; page: string };
      // electron-vite's way: the app's folder, and the renderer from its dev server (which answers).
      expect(started.args).toEqual(['.']);
      expect(started.url).toMatch(/^http:\/\/localhost:\d+$/);
      expect(started.status).toBe(200);
      expect(started.page).toContain('<div id="root">');
      expect(run.stdout()).not.toContain('niet beschikbaar');

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      await expect.poll(() => JSON.parse(fs.readFileSync(marker, 'utf8')) as unknown, { timeout: 10_000 }).toMatchObject({ stopped: true });
      expectNoStackTrace(run);
    } finally {
      run.child.kill('SIGKILL');
    }
  });
});

describe('what npm start decides', () => {
  it('finds the desktop shell only with an executable binary, and on Linux only with a display', () => {
    const dir = tempDir();
    const binary = path.join(dir, 'electron');
    fs.writeFileSync(binary, '#!/bin/sh\n', { mode: 0o755 });
    const notExecutable = path.join(dir, 'electron.txt');
    fs.writeFileSync(notExecutable, '');
    expect(findDesktopShell({ ELECTRON_EXEC_PATH: binary, DISPLAY: ':0' }, 'linux')).toEqual({ binary });
    expect(findDesktopShell({ ELECTRON_EXEC_PATH: binary, WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toEqual({ binary });
    expect(findDesktopShell({ ELECTRON_EXEC_PATH: binary }, 'linux')).toEqual({ missing: 'display' });
    expect(findDesktopShell({ ELECTRON_EXEC_PATH: binary }, 'darwin')).toEqual({ binary });
    expect(findDesktopShell({ ELECTRON_EXEC_PATH: notExecutable, DISPLAY: ':0' }, 'linux')).toEqual({ missing: 'binary' });
    expect(findDesktopShell({ ELECTRON_EXEC_PATH: path.join(dir, 'nergens'), DISPLAY: ':0' }, 'linux')).toEqual({ missing: 'binary' });
  });

  it('speaks English where the locale says so, Dutch otherwise', () => {
    expect(localeLanguage({ LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(localeLanguage({ LC_ALL: 'en_US.UTF-8', LANG: 'nl_NL.UTF-8' })).toBe('en');
    expect(localeLanguage({ LC_ALL: 'nl_NL.UTF-8', LANG: 'en_US.UTF-8' })).toBe('nl');
    expect(localeLanguage({ LANG: 'C.UTF-8' })).toBe('nl');
    expect(localeLanguage({})).toBe('nl');
    expect(unavailableLine('display', 'en')).toBe(
      'The desktop shell is not available here (there is no display); Raadsmap starts in the browser instead, as `npm run web` does.',
    );
    expect(unavailableLine('display', 'nl')).toContain('(er is geen beeldscherm)');
  });

  it('opens the URL with the system browser where one can show it, never without a display or with BROWSER=none', () => {
    const url = 'http://127.0.0.1:4000/#token=abc';
    expect(browserCommand(url, { DISPLAY: ':0' }, 'linux')).toEqual({ command: 'xdg-open', args: [url] });
    expect(browserCommand(url, {}, 'linux')).toBeNull();
    expect(browserCommand(url, { DISPLAY: ':0', BROWSER: 'none' }, 'linux')).toBeNull();
    expect(browserCommand(url, {}, 'darwin')).toEqual({ command: 'open', args: [url] });
    expect(browserCommand(url, {}, 'win32')).toEqual({ command: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`] });
  });
});
