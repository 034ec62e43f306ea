// Links to the outside world (a municipality's site, a council information
// system) open in the user's own browser, never in the app window, and only
// after this check: https, a public host name, no credentials, no odd port.
// Everything else (http, file:, javascript:, custom schemes that start other
// programs, smb: shares, loopback and private addresses) is refused.

/** Longer URLs are refused: nothing the app links to needs more. */
const MAX_URL_LENGTH = 2048;

/**
 * True when `url` may be handed to the system browser. Pure: no DNS, so a
 * host name is judged by its text.
 */
export function isAllowedExternalUrl(url: string): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:') return false;
  // user:password@ hides the real host from a reader of the link, and leaks secrets.
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.port !== '' && parsed.port !== '443') return false;
  return isPublicHostName(parsed.hostname);
}

function isPublicHostName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/u, '');
  // IP literals (v6 in brackets, v4 dotted, or any all-numeric form) are never a site a councillor is linked to.
  if (host.startsWith('[') || /^[\d.]+$/u.test(host) || /^0x/u.test(host)) return false;
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) return false;
  const labels = host.split('.');
  // A bare name (intranet host) has no dot; every label a DNS label (punycode included).
  return labels.length >= 2 && labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/u.test(label)) && /[a-z]/u.test(labels.at(-1)!);
}

export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

export interface ExternalLinkLog {
  warn(message: string): void;
}

/**
 * Opens `url` in the system browser when the check allows it; returns whether
 * it did. A refused or failed open is logged, never thrown into a window event.
 */
export function openExternalIfAllowed(url: string, shell: ExternalOpener, log: ExternalLinkLog = console): boolean {
  if (!isAllowedExternalUrl(url)) {
    log.warn(`Raadsmap: externe link geweigerd: ${url.slice(0, 200)}`);
    return false;
  }
  shell.openExternal(new URL(url).href).catch((error: unknown) => log.warn(`Raadsmap: externe link niet geopend: ${String(error)}`));
  return true;
}
