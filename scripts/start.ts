// `npm start`: the desktop app in development (`electron-vite dev`) where
// Electron's binary is installed and can open a window. Elsewhere (its
// download is blocked on some machines; it is an optional dependency, so
// `npm install` succeeds without it) electron-vite would end in "Cannot find
// module 'electron'" and a stack; this says so in one line instead and starts
// the same app in the browser through the web host, as `npm run web` does:
// the renderer is built, the URL printed, and opened where a browser can be.
// Arguments go to what runs (`npm start -- --data-dir ~/raadsmap-test`).
// `npm start` runs the build of this file (out/node/start.js, see
// scripts/build-node.mjs), which starts the built web host beside it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout: the first folder up from this file with a package.json (scripts/ in the sources, out/node/ built). */
export const repoRoot = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}
const require = createRequire(import.meta.url);

type Env = Record<string, string | undefined>;
export type DesktopShell = { binary: string } | { missing: 'binary' | 'display' };

/** Electron's binary when it is there and can show a window; otherwise what is missing. */
export function findDesktopShell(env: Env = process.env, platform: NodeJS.Platform = process.platform): DesktopShell {
  const binary = electronBinary(env);
  if (!binary) return { missing: 'binary' };
  // Linux without a display server: Electron could not open its window.
  if (platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return { missing: 'display' };
  return { binary };
}

function electronBinary(env: Env): string | null {
  // electron-vite starts the binary named here when it is set (and so does a test with a stand-in).
  const given = env['ELECTRON_EXEC_PATH'];
  if (given) return isExecutableFile(given) ? given : null;
  try {
    // The electron package answers its binary's path, and throws when the download never happened.
    const found: unknown = require('electron');
    return typeof found === 'string' && isExecutableFile(found) ? found : null;
  } catch {
    return null;
  }
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** English when the locale says so (LC_ALL, LC_MESSAGES, LANG), else Dutch. */
export function localeLanguage(env: Env = process.env): 'nl' | 'en' {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^en([_.-]|$)/i.test(locale) ? 'en' : 'nl';
}

/** The one line said when the desktop shell cannot run here. */
export function unavailableLine(missing: 'binary' | 'display', language: 'nl' | 'en'): string {
  if (language === 'en') {
    const why = missing === 'binary' ? 'Electron is not installed' : 'there is no display';
    return `The desktop shell is not available here (${why}); Raadsmap starts in the browser instead, as \`npm run web\` does.`;
  }
  const why = missing === 'binary' ? 'Electron is niet geïnstalleerd' : 'er is geen beeldscherm';
  return `Het bureaubladprogramma is hier niet beschikbaar (${why}); Raadsmap start in plaats daarvan in de browser, zoals \`npm run web\`.`;
}

/** The command that opens a URL in the default browser, or null where none can show it (no display, BROWSER=none). */
export function browserCommand(url: string, env: Env = process.env, platform: NodeJS.Platform = process.platform): { command: string; args: string[] } | null {
  if (env['BROWSER'] === 'none') return null;
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // start's first quoted argument is a window title; cmd gets the line as written (windowsVerbatimArguments).
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/s', '/c', `start "" "${url}"`] };
  if (!env['DISPLAY'] && !env['WAYLAND_DISPLAY']) return null;
  return { command: 'xdg-open', args: [url] };
}

/** The path of a package's command-line script (its package.json "bin"), run with this Node. */
function binOf(pkg: string, name: string): string {
  const manifest = require.resolve(`${pkg}/package.json`);
  const bin = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin: Record<string, string> }).bin[name]!;
  return path.join(path.dirname(manifest), bin);
}

/**
 * Runs until the child ends, passing on the signals that stop it; exits with
 * the child's code. Ended by the stop it was asked for (vite answers SIGTERM
 * with 143, 128 + its number) counts as a clean end, not a failure for npm to report.
 */
function supervise(child: ChildProcess): void {
  let stopWith: NodeJS.Signals | null = null;
  const forward = (signal: NodeJS.Signals) => () => {
    stopWith ??= signal;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, forward(signal));
  child.on('exit', (code, signal) => {
    const stopped = stopWith !== null && (signal === stopWith || code === 128 + os.constants.signals[stopWith]);
    process.exit(stopped ? 0 : (code ?? 1));
  });
}

/** The web host as this file runs: built beside it (out/node/serve.js), or from the sources through tsx (tests). */
function webHost(): string[] {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.ts')) return ['--import', 'tsx', path.join(repoRoot, 'electron', 'web', 'serve.ts')];
  return [path.join(path.dirname(self), 'serve.js')];
}

function startDesktop(args: string[]): void {
  supervise(spawn(process.execPath, [binOf('electron-vite', 'electron-vite'), 'dev', ...args], { cwd: repoRoot, stdio: 'inherit' }));
}

function startWeb(args: string[], missing: 'binary' | 'display'): void {
  process.stdout.write(`${unavailableLine(missing, localeLanguage())}\n`);
  const given = args.indexOf('--static-dir');
  const staticDir = path.resolve(given >= 0 && args[given + 1] ? args[given + 1]! : path.join(repoRoot, 'out', 'renderer'));
  // As `npm run web`: a fresh renderer build first.
  const build = spawnSync(process.execPath, [binOf('vite', 'vite'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn', '--outDir', staticDir, '--emptyOutDir'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);

  const serveArgs = given >= 0 ? args : [...args, '--static-dir', staticDir];
  const host = spawn(process.execPath, [...webHost(), ...serveArgs], { cwd: repoRoot, stdio: ['inherit', 'pipe', 'inherit'] });
  let printed = '';
  let opened = false;
  host.stdout!.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (opened) return;
    printed += chunk.toString('utf8');
    const url = /http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+/.exec(printed)?.[0];
    if (!url) return;
    opened = true;
    const open = browserCommand(url);
    if (!open) return;
    // A missing xdg-open (or a browser that fails) changes nothing: the URL is printed.
    const browser = spawn(open.command, open.args, { stdio: 'ignore', detached: true, windowsVerbatimArguments: true });
    browser.on('error', () => {});
    browser.unref();
  });
  supervise(host);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const shell = findDesktopShell();
  if ('binary' in shell) startDesktop(args);
  else startWeb(args, shell.missing);
}
