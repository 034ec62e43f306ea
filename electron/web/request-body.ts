// Reads request bodies within limits, so a client can make the host neither
// buffer unbounded data nor wait for it forever, nor block it: a JSON body
// has a size limit, a deadline and a nesting limit (checked as it arrives,
// before JSON.parse, which takes seconds on megabytes of brackets), an
// upload a longest pause between its chunks.
import type { IncomingMessage } from 'node:http';
import { RaadsmapError } from '../../shared/errors.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
/** No call's input nests deeper than a few levels (a personal import travels as one string). */
export const MAX_JSON_DEPTH = 32;

export type BodyOutcome =
  | { kind: 'json'; value: unknown }
  | { kind: 'too-large' }
  | { kind: 'too-deep' }
  | { kind: 'timeout' }
  | { kind: 'invalid-json'; message: string };

export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES, timeoutMs = 30_000, maxDepth = MAX_JSON_DEPTH): Promise<BodyOutcome> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too-large' });

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const depth = jsonDepthGauge(maxDepth);
    let size = 0;
    let settled = false;
    const settle = (outcome: BodyOutcome) => {
      settled = true;
      clearTimeout(deadline);
      // Stop buffering; the rest of the body is discarded as it arrives.
      chunks.length = 0;
      resolve(outcome);
    };
    const deadline = setTimeout(() => {
      if (!settled) settle({ kind: 'timeout' });
    }, timeoutMs);
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) return settle({ kind: 'too-large' });
      if (!depth(chunk)) return settle({ kind: 'too-deep' });
      chunks.push(chunk);
    });
    req.on('error', (error) => {
      clearTimeout(deadline);
      if (!settled) reject(error);
      settled = true;
    });
    req.on('end', () => {
      if (settled) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return settle({ kind: 'json', value: {} });
      try {
        settle({ kind: 'json', value: JSON.parse(text) as unknown });
      } catch (error) {
        settle({ kind: 'invalid-json', message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}

/**
 * Follows JSON text chunk by chunk (brackets outside strings) and answers
 * false once it nests deeper than `maxDepth`. Linear, a byte at a time.
 */
export function jsonDepthGauge(maxDepth: number): (chunk: Uint8Array) => boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  return (chunk) => {
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === 0x5c) escaped = true;
        else if (byte === 0x22) inString = false;
      } else if (byte === 0x22) inString = true;
      else if (byte === 0x5b || byte === 0x7b) {
        if (++depth > maxDepth) return false;
      } else if (byte === 0x5d || byte === 0x7d) depth--;
    }
    return true;
  };
}

/**
 * The request's chunks, failing with `web.body-timeout` when none arrives
 * for `idleMs`. Stopping early leaves the request readable, so the host can
 * still answer (Node discards the rest of the body after the answer).
 */
export async function* untilIdle(req: IncomingMessage, idleMs: number): AsyncGenerator<Uint8Array> {
  const chunks = req.iterator({ destroyOnReturn: false });
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<'idle'>((resolve) => {
      timer = setTimeout(() => resolve('idle'), idleMs);
    });
    const next = await Promise.race([chunks.next(), idle]).finally(() => clearTimeout(timer));
    if (next === 'idle') {
      throw new RaadsmapError({
        code: 'web.body-timeout',
        nl: `Het pakket kwam niet verder binnen (${Math.round(idleMs / 1000)} seconden niets ontvangen) en is afgebroken. Probeer het opnieuw.`,
        en: `The package stopped arriving (nothing received for ${Math.round(idleMs / 1000)} seconds) and was cut off. Try again.`,
      });
    }
    if (next.done) return;
    yield next.value as Uint8Array;
  }
}
