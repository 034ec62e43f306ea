import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { installDecodeGuard, throwIfOverDecodeBudget, withinDecodeBudget } from '../../electron/core/extraction/decode-budget.ts';
import { isRaadsmapError } from '../../shared/errors.ts';
import { zlibBomb } from '../support/hostile-pdfs.ts';

// The guard as an extraction thread has it, here in this test file's own
// process (vitest runs each file in a fresh fork).
beforeAll(() => installDecodeGuard());

const MB = 1024 * 1024;
const refusal = (error: unknown) => (isRaadsmapError(error) ? error.code : String(error));

/** As pdf.js inflates a stream: write it whole, close, read all that comes out. */
async function inflate(format: string, data: Buffer): Promise<Buffer> {
  const { readable, writable } = new DecompressionStream(format as CompressionFormat);
  const writer = writable.getWriter();
  void writer.write(new Uint8Array(data)).then(() => writer.close()).catch(() => {});
  const chunks: Uint8Array[] = [];
  const reader = readable.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  return Buffer.concat(chunks);
}

describe('the decoded-data budget of an extraction thread', () => {
  it('refuses one buffer past the limit before it is made, and every large one after it', async () => {
    const outcome = await withinDecodeBudget(64, async () => {
      new Uint8Array(60 * MB).fill(1); // within the limit
      expect(() => new Uint8Array(65 * MB)).toThrow(/unpacks to more than 64 MB/);
      expect(() => new Float64Array(2 * MB)).toThrow(/decompression bomb/);
      expect(() => throwIfOverDecodeBudget()).toThrow(/64 MB/);
      return new Uint8Array(1000).length; // pdf.js can still wind down
    }).catch(refusal);
    expect(outcome).toBe('pdf.decoded-too-large');
  });

  it('says so in Dutch and English, whatever the work made of the refusal', async () => {
    const error = await withinDecodeBudget(32, async () => {
      try {
        new ArrayBuffer(100 * MB);
      } catch {
        // as pdf.js does with a font or an image it cannot read
      }
      return 'page without that font';
    }).catch((e: unknown) => e);
    expect(isRaadsmapError(error) && [error.nl, error.en]).toEqual([
      'Het document pakt uit tot meer dan 32 MB (een decompressiebom) en wordt niet gelezen, zodat het geheugen van deze computer niet volloopt. Vraag de afzender om een gewone PDF.',
      "The document unpacks to more than 32 MB (a decompression bomb) and is not read, so that it cannot fill this computer's memory. Ask the sender for an ordinary PDF.",
    ]);
  });

  it('refuses holding more than three times the limit at once, but not garbage of earlier pages', async () => {
    const held: Uint8Array[] = [];
    const holding = await withinDecodeBudget(64, async () => {
      for (let i = 0; i < 5; i++) held.push(new Uint8Array(40 * MB).fill(i));
      return held.length;
    }).catch(refusal);
    expect(holding).toBe('pdf.decoded-too-large');
    held.length = 0;

    const dropping = await withinDecodeBudget(64, async () => {
      let sum = 0;
      for (let i = 0; i < 20; i++) sum += new Uint8Array(40 * MB).fill(1)[i]!;
      return sum;
    });
    expect(dropping).toBe(20);
  });

  it('counts many small allocations as well as large ones', async () => {
    const held: Uint8Array[] = [];
    const outcome = await withinDecodeBudget(16, async () => {
      for (let i = 0; i < 1000; i++) held.push(new Uint8Array(512 * 1024).fill(1)); // 500 MB in half-MB rows
      return held.length;
    }).catch(refusal);
    expect(outcome).toBe('pdf.decoded-too-large');
    expect(held.length).toBeLessThan(3 * 2 * 16 + 2 * 8 + 10); // three times 16 MB, measured every 8 MB
  });

  it('refuses nothing outside a budget, and typed arrays stay what they were', () => {
    expect(new Uint8Array(200 * MB).length).toBe(200 * MB);
    expect(Buffer.alloc(4)).toBeInstanceOf(Uint8Array);
    expect(new Uint8Array(8).subarray(2)).toBeInstanceOf(Uint8Array);
    expect(Uint8Array.from([1, 2, 3])).toEqual(new Uint8Array([1, 2, 3]));
    expect(Object.prototype.toString.call(new Int16Array(2))).toBe('[object Int16Array]');
    expect(new Uint8Array(new ArrayBuffer(16), 4, 8).length).toBe(8);
    expect(Uint8Array.BYTES_PER_ELEMENT).toBe(1);
    class Sub extends Uint8Array {}
    expect(new Sub(3)).toBeInstanceOf(Sub);
  });

  it('inflates what pdf.js inflates exactly as before, in every format', async () => {
    const text = Buffer.from('BT /F1 12 Tf 72 720 Td (Raadsvoorstel schulddienstverlening) Tj ET\n'.repeat(5000));
    await withinDecodeBudget(64, async () => {
      expect((await inflate('deflate', zlib.deflateSync(text))).equals(text)).toBe(true);
      expect((await inflate('deflate-raw', zlib.deflateRawSync(text))).equals(text)).toBe(true);
      expect((await inflate('gzip', zlib.gzipSync(text))).equals(text)).toBe(true);
      expect((await inflate('brotli', zlib.brotliCompressSync(text))).equals(text)).toBe(true);
      // Damaged data errors, as Node's own DecompressionStream does: pdf.js then reads it with its own decoder.
      await expect(inflate('deflate', Buffer.from('not deflate at all'))).rejects.toThrow();
      expect(() => new DecompressionStream('lz4' as CompressionFormat)).toThrow(TypeError);
    });
  });

  it('stops inflating a 2 GiB stream at the limit, at once', async () => {
    const bomb = zlibBomb(2048 * MB);
    const started = performance.now();
    const before = process.memoryUsage.rss();
    const outcome = await withinDecodeBudget(64, () => inflate('deflate', bomb)).catch(refusal);
    expect(outcome).toBe('pdf.decoded-too-large');
    expect(performance.now() - started).toBeLessThan(3_000);
    expect((process.memoryUsage.rss() - before) / MB).toBeLessThan(200);
  });
});
