// The web host's defences: a per-run secret token on every API request, a
// Host header check against DNS rebinding, an Origin check against other
// sites, and the same security headers as the Electron window.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy.ts';

export const LOOPBACK_HOST = '127.0.0.1';
const ALLOWED_HOSTNAMES = new Set([LOOPBACK_HOST, 'localhost']);

/** 256 random bits, URL-safe: it travels in a URL hash and a header. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first, so neither the
 * content nor the length of the expected token leaks through timing.
 */
export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * DNS rebinding guard: a hostile page whose domain suddenly resolves to
 * 127.0.0.1 still sends its own name in Host. Only our own names pass.
 */
export function isAllowedHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const match = /^([^:]+):(\d+)$/.exec(hostHeader.trim().toLowerCase());
  return match !== null && ALLOWED_HOSTNAMES.has(match[1]!) && Number(match[2]) === port;
}

/** Browsers send Origin on cross-origin requests (and on POSTs); it must be ours when present. */
export function isAllowedOrigin(originHeader: string | undefined, port: number): boolean {
  if (originHeader === undefined) return true;
  return [...ALLOWED_HOSTNAMES].some((hostname) => originHeader === `http://${hostname}:${port}`);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  return address === LOOPBACK_HOST || address === `::ffff:${LOOPBACK_HOST}`;
}

/** On every response, API and static alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
