// Reads a JSON request body with a size limit, so a client cannot make the
// host buffer unbounded data.
import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 1024 * 1024;

export type BodyOutcome = { kind: 'json'; value: unknown } | { kind: 'too-large' } | { kind: 'invalid-json'; message: string };

export function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyOutcome> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ kind: 'too-large' });

  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        // Stop buffering; the rest of the body is discarded as it arrives.
        chunks.length = 0;
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        resolve({ kind: 'json', value: {} });
        return;
      }
      try {
        resolve({ kind: 'json', value: JSON.parse(text) as unknown });
      } catch (error) {
        resolve({ kind: 'invalid-json', message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}
