// Pure security checks of the main process: which URLs belong to the app,
// which IPC senders are trusted, and the handlers that keep a window on the
// app (no new windows, no navigation away, no permissions). They take small
// structural interfaces instead of Electron classes so tests can call them.
import { openExternalIfAllowed, type ExternalOpener } from './external-links.ts';

/**
 * Builds the check "is this URL the app itself?" from the URL the window
 * loads: the electron-vite dev server (same origin), the app protocol
 * (raadsmap-app://app, any file of it) or a built index.html as file: URL
 * (that exact file). Query and hash may differ.
 */
export function createAppUrlCheck(appEntryUrl: string): (url: string) => boolean {
  const entry = new URL(appEntryUrl);
  if (entry.protocol === 'raadsmap-app:') {
    // Not a special scheme: URL.origin is "null", so compare scheme and host.
    return (url) => {
      const candidate = parseUrl(url);
      return candidate?.protocol === entry.protocol && candidate.host === entry.host && candidate.username === '' && candidate.port === '';
    };
  }
  if (entry.protocol === 'file:') {
    return (url) => {
      const candidate = parseUrl(url);
      return candidate?.protocol === 'file:' && candidate.host === entry.host && candidate.pathname === entry.pathname;
    };
  }
  if (entry.protocol === 'http:' || entry.protocol === 'https:') {
    return (url) => parseUrl(url)?.origin === entry.origin;
  }
  throw new Error(`Unsupported app entry URL: ${appEntryUrl}`);
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The part of Electron's IpcMainInvokeEvent the sender check needs. */
export interface IpcSenderEvent {
  senderFrame: { url: string } | null;
}

/**
 * An IPC call is trusted only when it comes from a frame showing the app.
 * senderFrame is null when the frame navigated away or was destroyed.
 */
export function isTrustedSender(event: IpcSenderEvent, isAppUrl: (url: string) => boolean): boolean {
  const url = event.senderFrame?.url;
  return typeof url === 'string' && isAppUrl(url);
}

interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's WebContents the window guards use. */
export interface GuardedWebContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export interface GuardLog {
  warn(message: string): void;
}

/**
 * Keeps a window on the app: window.open is always denied (the app opens no
 * windows), navigation and redirects leave only for the app's own URL, and
 * <webview> is refused. A link to the outside world (window.open or a
 * navigation) goes to the system browser when `shell` is given and the URL
 * passes isAllowedExternalUrl; a redirect never does.
 */
export function guardWebContents(contents: GuardedWebContents, isAppUrl: (url: string) => boolean, log: GuardLog = console, shell?: ExternalOpener): void {
  const toBrowser = (url: string) => (shell ? openExternalIfAllowed(url, shell, log) : false);
  contents.setWindowOpenHandler(({ url }) => {
    if (!toBrowser(url)) log.warn(`Raadsmap: window.open geweigerd: ${url}`);
    return { action: 'deny' };
  });
  const stayInApp = (event: PreventableEvent & { url: string }, external: boolean) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    if (!external || !toBrowser(event.url)) log.warn(`Raadsmap: navigatie geweigerd: ${event.url}`);
  };
  contents.on('will-navigate', (event) => stayInApp(event, true));
  contents.on('will-redirect', (event) => stayInApp(event, false));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The part of Electron's Session the permission and header handlers use. */
export interface GuardedSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders: Record<string, string[]> }) => void,
      ) => void,
    ): void;
  };
}

/** The app needs no camera, microphone, notifications, geolocation, …: refuse every request and check. */
export function denyAllPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Sets the CSP (and nosniff) on every response the session receives,
 * replacing whatever a server sent, whatever the case of its header names.
 */
export function enforceSecurityHeaders(session: GuardedSession, contentSecurityPolicy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      const lower = name.toLowerCase();
      if (lower !== 'content-security-policy' && lower !== 'x-content-type-options') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [contentSecurityPolicy];
    headers['X-Content-Type-Options'] = ['nosniff'];
    callback({ responseHeaders: headers });
  });
}
