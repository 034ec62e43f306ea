// The renderer's only way to the core. In Electron the preload exposes
// `window.raadsmap`; in a browser the same calls go to the loopback web host
// over fetch. Both give the same RaadsmapClient, so no component knows which
// host it runs on.
//
// Web token: `npm run web` prints http://127.0.0.1:PORT/#token=…. A URL hash
// is never sent to a server, never in a Referer, and the static files the
// host serves (to anyone on this machine) stay free of secrets — unlike a
// token written into index.html. The token is kept in sessionStorage (this
// tab only) so a reload works, and removed from the address bar.
import type { CallInput, CallName, CallOutputs, CoreEvent, HandedPackage, Result } from '../../../shared/api.ts';
import { callsFrom, type RaadsmapClient } from '../../../shared/client-api.ts';

declare global {
  interface Window {
    /** Set by the Electron preload (electron/preload/index.ts). */
    raadsmap?: RaadsmapClient;
  }
}

const TOKEN_KEY = 'raadsmap.token';
const TOKEN_HEADER = 'x-raadsmap-token';

export function createClient(win: Window = window): RaadsmapClient {
  return win.raadsmap ?? createWebClient(takeToken(win));
}

/** Reads the token from `#token=…` (then hides it) or from this tab's earlier visit. */
export function takeToken(win: Window): string | null {
  const fromHash = new URLSearchParams(win.location.hash.slice(1)).get('token');
  if (fromHash) {
    win.sessionStorage.setItem(TOKEN_KEY, fromHash);
    win.history.replaceState(null, '', win.location.pathname + win.location.search);
    return fromHash;
  }
  return win.sessionStorage.getItem(TOKEN_KEY);
}

const failure = (code: string, nl: string, en: string): Result<never> => ({ ok: false, error: { code, nl, en } });

const NO_TOKEN = failure(
  'web.no-token',
  'Geen toegangstoken. Open de link die `npm run web` in de terminal toont (met #token=…).',
  'No access token. Open the link `npm run web` prints in the terminal (with #token=…).',
);

export function createWebClient(token: string | null, fetchFn: typeof fetch = (...args) => fetch(...args)): RaadsmapClient {
  function call<C extends CallName>(name: C) {
    return async (input: CallInput<C>): Promise<Result<CallOutputs[C]>> => {
      if (!token) return NO_TOKEN;
      let response: Response;
      try {
        response = await fetchFn(`/api/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify(input),
        });
      } catch {
        return failure('web.unreachable', 'Raadsmap is niet bereikbaar. Draait `npm run web` nog?', 'Raadsmap cannot be reached. Is `npm run web` still running?');
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (isEnvelope(body)) return body as Result<CallOutputs[C]>;
      return failure('web.bad-response', `Onverwacht antwoord van de server (HTTP ${response.status}).`, `Unexpected answer from the server (HTTP ${response.status}).`);
    };
  }

  const listeners = new Set<(event: CoreEvent) => void>();
  let source: EventSource | undefined;

  return {
    ...callsFrom(call),
    async uploadPackage(file) {
      if (!token) return NO_TOKEN;
      try {
        const response = await fetchFn(`/api/packages/upload?name=${encodeURIComponent(file.name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/zip', [TOKEN_HEADER]: token },
          body: file,
        });
        const body: unknown = await response.json().catch(() => undefined);
        if (isEnvelope(body)) return body as Result<HandedPackage>;
        return failure('web.bad-response', `Onverwacht antwoord van de server (HTTP ${response.status}).`, `Unexpected answer from the server (HTTP ${response.status}).`);
      } catch {
        return failure('web.unreachable', 'Raadsmap is niet bereikbaar. Draait `npm run web` nog?', 'Raadsmap cannot be reached. Is `npm run web` still running?');
      }
    },
    documentSource: (documentId) => ({ url: `/api/documents/${documentId}/file`, httpHeaders: token ? { [TOKEN_HEADER]: token } : undefined }),
    exportSource: (exportId) => ({ url: `/api/exports/${exportId}`, httpHeaders: token ? { [TOKEN_HEADER]: token } : undefined }),
    onEvent(listener) {
      listeners.add(listener);
      // One stream for all listeners, opened on the first and closed after the last.
      if (!source && token) {
        source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
        source.onmessage = (message: MessageEvent<string>) => {
          const event = JSON.parse(message.data) as CoreEvent;
          listeners.forEach((l) => l(event));
        };
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = undefined;
        }
      };
    },
  };
}

function isEnvelope(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && 'error' in value;
}
