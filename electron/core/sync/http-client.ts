// The one way the sync engine talks to an API: fetch behind a port (tests may
// inject a fake peer and clock), a timeout on every response and on every
// stall of its body, retries with exponential backoff for 5xx, 429, timeouts
// and broken connections, `Retry-After` and the RateLimit-* headers obeyed,
// and errors a user can read (which source, which URL). No connection at all
// (refused, no DNS) is "offline": reported at once, never retried in a storm.
import { RaadsmapError, cancelledError, throwIfCancelled } from '../../../shared/errors.ts';

export type FetchPort = (url: string, init: { headers: Record<string, string>; signal: AbortSignal; redirect: 'follow' }) => Promise<Response>;

export interface HttpOptions {
  fetch?: FetchPort | undefined;
  /** Until the response headers arrive, and the longest silence while reading a body. */
  timeoutMs?: number | undefined;
  /** Further attempts after the first. */
  retries?: number | undefined;
  baseDelayMs?: number | undefined;
  maxDelayMs?: number | undefined;
  /** A Retry-After longer than this ends the sync with a clear status instead of waiting. */
  maxRetryAfterMs?: number | undefined;
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  now?: (() => number) | undefined;
  /** Named in every error: "bron Zwolle (OParl)". */
  sourceName: { nl: string; en: string };
}

export interface HttpStats {
  requests: number;
  retries: number;
  bytes: number;
  /** Every wait for a retry or a rate limit, in ms (tests check Retry-After was obeyed). */
  waits: number[];
}

/** What a body consumer may throw to have the whole attempt retried. */
export class RetryableError extends Error {}

export const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(cancelledError());
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** JSON as servers label it (the OParl spec names no content type); an HTML page is never among them. */
const JSON_TYPES = ['application/json', 'application/ld+json', 'text/json', 'text/javascript', 'application/javascript', 'text/plain'];

const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  /** Headers per attempt (a resumed download asks for the bytes it lacks). */
  headers?: (() => Record<string, string>) | undefined;
  /** Acceptable content types (prefixes); null: anything. */
  accept: string[] | null;
  /** What is being fetched, for messages: "vergaderingen", "bestand Bijlage 1.pdf". */
  what: { nl: string; en: string };
}

export class HttpClient {
  readonly stats: HttpStats = { requests: 0, retries: 0, bytes: 0, waits: [] };
  private readonly fetch: FetchPort;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  /** Per host: no request before this time (RateLimit-Remaining hit 0). */
  private readonly notBefore = new Map<string, number>();

  constructor(private readonly options: HttpOptions) {
    this.fetch = options.fetch ?? ((url, init) => fetch(url, init));
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
  }

  /**
   * GETs `url` and hands the response and its body (a stream that times out
   * when it stalls) to `consume`. The whole attempt is retried on a
   * retryable status, a timeout, a broken connection or a RetryableError.
   */
  async get<T>(url: string, options: RequestOptions, consume: (response: Response, body: AsyncIterable<Uint8Array>) => Promise<T>): Promise<T> {
    const retries = this.options.retries ?? 4;
    for (let attempt = 0; ; attempt++) {
      throwIfCancelled(options.signal);
      await this.waitForRateLimit(url, options.signal);
      let wait: number;
      try {
        return await this.attempt(url, options, consume);
      } catch (error) {
        if (!(error instanceof AttemptFailure)) throw error;
        if (!error.retryable || attempt >= retries) throw error.error;
        wait = error.retryAfterMs ?? this.backoff(attempt);
      }
      this.stats.retries++;
      this.stats.waits.push(wait);
      await this.sleep(wait, options.signal);
    }
  }

  /** A JSON document (OParl objects and lists); `onHeaders` sees the answer's headers (the server's Date). */
  getJson(url: string, options: Omit<RequestOptions, 'accept'> & { accept?: string[]; onHeaders?: (headers: Headers) => void }): Promise<unknown> {
    // Asked for by name: a server that negotiates would otherwise answer a client without Accept with its HTML pages.
    const headers = () => ({ accept: 'application/json, application/ld+json;q=0.9, */*;q=0.1', ...options.headers?.() });
    return this.get(url, { ...options, headers, accept: options.accept ?? JSON_TYPES }, async (response, body) => {
      options.onHeaders?.(response.headers);
      // A byte order mark is against RFC 8259 but harmless; some servers send one.
      const text = (await readText(body)).replace(/^\uFEFF/, '');
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw this.error('sync.bad-json', url, options.what, 'gaf geen geldige JSON', 'did not return valid JSON');
      }
    });
  }

  private async attempt<T>(url: string, options: RequestOptions, consume: (response: Response, body: AsyncIterable<Uint8Array>) => Promise<T>): Promise<T> {
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const controller = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
    };
    const onOuterAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    if (options.signal?.aborted) controller.abort();
    arm();
    this.stats.requests++;
    try {
      let response: Response;
      try {
        response = await this.fetch(url, { headers: { 'user-agent': 'Raadsmap', ...options.headers?.() }, signal: controller.signal, redirect: 'follow' });
      } catch (error) {
        throw this.classify(error, url, options, timedOut);
      }
      this.noteRateLimit(url, response.headers);
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        throw this.statusFailure(response, url, options);
      }
      const type = (response.headers.get('content-type') ?? '').toLowerCase();
      if (options.accept && !options.accept.some((a) => type.startsWith(a))) {
        await response.body?.cancel().catch(() => {});
        const got = type || '(geen)';
        throw new AttemptFailure(
          this.error('sync.bad-content-type', url, options.what, `gaf ${got} in plaats van ${options.accept.join(' of ')}`, `returned ${type || '(none)'} instead of ${options.accept.join(' or ')}`),
          false,
        );
      }
      const stats = this.stats;
      const body = (async function* () {
        if (!response.body) return;
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          arm();
          stats.bytes += chunk.length;
          yield chunk;
        }
      })();
      try {
        return await consume(response, body);
      } catch (error) {
        if (error instanceof AttemptFailure) throw error;
        if (error instanceof RaadsmapError) throw new AttemptFailure(error, false);
        if (error instanceof RetryableError) throw new AttemptFailure(this.error('sync.truncated', url, options.what, `brak af: ${error.message}`, `broke off: ${error.message}`), true);
        throw this.classify(error, url, options, timedOut, true);
      }
    } catch (error) {
      if (error instanceof AttemptFailure) throw error;
      throw this.classify(error, url, options, timedOut);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  private classify(error: unknown, url: string, options: RequestOptions, timedOut: boolean, inBody = false): AttemptFailure {
    if (options.signal?.aborted) return new AttemptFailure(cancelledError(), false);
    if (timedOut) {
      const s = Math.round((this.options.timeoutMs ?? 30_000) / 100) / 10;
      return new AttemptFailure(this.error('sync.timeout', url, options.what, `antwoordde niet binnen ${s} s`, `did not answer within ${s} s`), true);
    }
    const code = errorCode(error);
    if (code && OFFLINE_CODES.has(code)) {
      return new AttemptFailure(
        this.error('sync.offline', url, options.what, `is niet bereikbaar (${code}): geen verbinding`, `cannot be reached (${code}): no connection`),
        false,
      );
    }
    const detail = code ?? (error instanceof Error ? error.message : String(error));
    if (inBody) return new AttemptFailure(this.error('sync.truncated', url, options.what, `brak halverwege af (${detail})`, `broke off halfway (${detail})`), true);
    return new AttemptFailure(this.error('sync.network', url, options.what, `verbinding verbroken (${detail})`, `connection broken (${detail})`), true);
  }

  private statusFailure(response: Response, url: string, options: RequestOptions): AttemptFailure {
    const status = response.status;
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.now());
    if (status === 429 || (status === 503 && retryAfter !== null)) {
      const wait = retryAfter ?? this.backoff(0);
      const max = this.options.maxRetryAfterMs ?? 120_000;
      const error = this.error(
        'sync.rate-limited',
        url,
        options.what,
        `vraagt om te wachten (HTTP ${status}, Retry-After ${Math.ceil(wait / 1000)} s)`,
        `asks to wait (HTTP ${status}, Retry-After ${Math.ceil(wait / 1000)} s)`,
      );
      return new AttemptFailure(error, wait <= max, wait);
    }
    const retryable = status >= 500 || status === 408;
    return new AttemptFailure(this.error(status === 404 ? 'sync.not-found' : 'sync.http-error', url, options.what, `gaf HTTP ${status}`, `returned HTTP ${status}`), retryable);
  }

  private backoff(attempt: number): number {
    const base = this.options.baseDelayMs ?? 500;
    const max = this.options.maxDelayMs ?? 30_000;
    // Full jitter: clients that failed together do not come back together.
    return Math.min(max, Math.round(base * 2 ** attempt * (0.5 + Math.random() / 2)));
  }

  private noteRateLimit(url: string, headers: Headers): void {
    const remaining = Number(headers.get('ratelimit-remaining'));
    const reset = Number(headers.get('ratelimit-reset'));
    if (headers.has('ratelimit-remaining') && remaining <= 0 && Number.isFinite(reset) && reset > 0) {
      this.notBefore.set(new URL(url).host, this.now() + reset * 1000);
    }
  }

  private async waitForRateLimit(url: string, signal?: AbortSignal): Promise<void> {
    const host = new URL(url).host;
    const until = this.notBefore.get(host);
    if (until === undefined) return;
    this.notBefore.delete(host);
    const wait = until - this.now();
    if (wait > 0) {
      this.stats.waits.push(wait);
      await this.sleep(Math.min(wait, this.options.maxRetryAfterMs ?? 120_000), signal);
    }
  }

  error(code: string, url: string, what: { nl: string; en: string }, nl: string, en: string): RaadsmapError {
    const { sourceName } = this.options;
    return new RaadsmapError({ code, nl: `${sourceName.nl}: ${what.nl} (${url}) ${nl}.`, en: `${sourceName.en}: ${what.en} (${url}) ${en}.`, subject: url });
  }
}

class AttemptFailure extends Error {
  constructor(
    readonly error: RaadsmapError,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(error.message);
  }
}

/** Seconds, or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

export async function readText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
