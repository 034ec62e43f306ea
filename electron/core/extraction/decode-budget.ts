// A budget for the data pdf.js decodes, in an extraction thread. pdf.js
// inflates streams (page contents, fonts, CMaps, object streams, images)
// into ArrayBuffers outside the V8 heap, so the thread's heap limit does not
// bound them: a 4 KB PDF can ask for gigabytes. pdf.js has no hook for this,
// so the guard sits where decoded data is made in this thread:
//  - DecompressionStream (pdf.js inflates Flate and Brotli streams with it):
//    replaced by zlib in one call that stops as soon as the output passes the
//    limit, long before it would be whole;
//  - the typed-array and ArrayBuffer constructors (pdf.js's own decoders grow
//    one buffer: LZW, RunLength, predictors, its JavaScript inflate): an
//    allocation past the limit is refused before it is made.
// Beside one stream or buffer past the limit, the document may not hold more
// than HOLD_FACTOR times the limit of decoded data at once (the thread's
// external memory, measured after a garbage collection before a refusal):
// room for one stream at the limit, pdf.js's copy of it, and the rest. Once past,
// every further large allocation fails too, so pdf.js stops quickly, and the
// task ends as pdf.decoded-too-large whatever pdf.js made of the failures.
// (The WebAssembly decoders, JPEG 2000, JBIG2 and CCITT, grow their own
// memory; they decode images only, which extraction never asks for.)
import buffer from 'node:buffer';
import v8 from 'node:v8';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { pdfErrors } from './pdf-errors.ts';

/** One stream or buffer may decode to this much; a document may hold HOLD_FACTOR times as much at once. */
export const DEFAULT_DECODED_LIMIT_MB = 64;
export const HOLD_FACTOR = 3;
const MB = 1024 * 1024;
/** Smaller allocations are only added up; the thread's memory is measured after each MEASURE_EVERY bytes of them. */
const LARGE = MB;
const MEASURE_EVERY = 8 * MB;

interface Budget {
  limitBytes: number;
  /** The thread's external memory when the task began (the PDF's own bytes are in it). */
  baseline: number;
  sinceMeasured: number;
  exceeded: boolean;
}

let active: Budget | undefined;
let installed = false;
let collectGarbage: (() => void) | undefined;
/** The least external memory the thread had after a collection: what it keeps between documents. */
let collectedFloor = 0;

const TYPED_ARRAYS = ['Uint8Array', 'Uint8ClampedArray', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array'] as const;

/**
 * Puts the guard in place for this thread (an extraction thread: it changes
 * globals). Idempotent. Outside a budget (withinDecodeBudget) the guard lets
 * everything through.
 */
export function installDecodeGuard(): void {
  if (installed) return;
  installed = true;
  const scope = globalThis as unknown as Record<string, unknown>;
  for (const name of TYPED_ARRAYS) scope[name] = guardedConstructor(scope[name] as TypedArrayConstructor, (scope[name] as TypedArrayConstructor).BYTES_PER_ELEMENT);
  scope['ArrayBuffer'] = guardedConstructor(ArrayBuffer as unknown as TypedArrayConstructor, 1);
  scope['DecompressionStream'] = BoundedDecompressionStream;
  try {
    // A refusal is only made after a collection: garbage of earlier pages must not count as the document's.
    v8.setFlagsFromString('--expose-gc');
    collectGarbage = vm.runInNewContext('gc') as () => void;
  } catch {
    collectGarbage = undefined;
  }
  collectedFloor = externalMemory();
}

/**
 * Runs `work` with a budget of `limitMb` of decoded data. Rejects with
 * pdf.decoded-too-large when the budget was passed, whatever `work` itself
 * ended in (pdf.js may have turned the refusal into a damaged page).
 */
export async function withinDecodeBudget<T>(limitMb: number, work: () => Promise<T>): Promise<T> {
  const limitBytes = limitMb * MB;
  // Garbage of the tasks before would hide this document's own data as it is collected: gone first, when there is much.
  if (externalMemory() > collectedFloor + limitBytes / 2) collect();
  const budget: Budget = { limitBytes, baseline: externalMemory(), sinceMeasured: 0, exceeded: false };
  active = budget;
  try {
    const result = await work();
    if (budget.exceeded) throw pdfErrors.decodedTooLarge(limitMb);
    return result;
  } catch (error) {
    if (budget.exceeded) throw pdfErrors.decodedTooLarge(limitMb);
    throw error;
  } finally {
    active = undefined;
    // What a refused document decoded goes now, not at some later collection.
    if (budget.exceeded) collect();
  }
}

/** Throws pdf.decoded-too-large when this thread's budget was passed: for loops over pages, to stop at once. */
export function throwIfOverDecodeBudget(): void {
  if (active?.exceeded) throw pdfErrors.decodedTooLarge(active.limitBytes / MB);
}

/**
 * Counts `bytes` about to be allocated; false, and the budget is spent, when
 * they do not fit. Once spent, small allocations still pass (pdf.js must be
 * able to wind down) but no large one.
 */
function admit(bytes: number): boolean {
  const budget = active;
  if (!budget) return true;
  if (budget.exceeded) return bytes < LARGE;
  if (bytes > budget.limitBytes) return spend(budget);
  budget.sinceMeasured += bytes;
  if (bytes < LARGE && budget.sinceMeasured < MEASURE_EVERY) return true;
  return holds(budget, bytes);
}

/** Counts `bytes` just made (inflated output): false, and the budget is spent, when the document now holds too much. */
function heldAfter(budget: Budget, bytes: number): boolean {
  budget.sinceMeasured += bytes;
  if (bytes < LARGE && budget.sinceMeasured < MEASURE_EVERY) return true;
  return holds(budget, 0);
}

/** Whether the document's decoded data and `more` stay within HOLD_FACTOR times the limit; after a collection, before saying no. */
function holds(budget: Budget, more: number): boolean {
  budget.sinceMeasured = 0;
  const fits = () => externalMemory() - budget.baseline + more <= HOLD_FACTOR * budget.limitBytes;
  if (fits()) return true;
  collect();
  return fits() || spend(budget);
}

/**
 * What the thread holds outside the V8 heap (ArrayBuffers, Buffers): the
 * figure process.memoryUsage().external gives, without its look at the
 * process's RSS (ten times cheaper; it is read for every few MB decoded).
 */
function externalMemory(): number {
  return v8.getHeapStatistics().external_memory;
}

/** A full garbage collection (when the thread could get one), and what the thread holds after it. */
function collect(): void {
  collectGarbage?.();
  // V8 frees array buffers by a sweep that may still be running after a collection; the next one finishes it.
  collectGarbage?.();
  collectedFloor = Math.min(collectedFloor, externalMemory());
}

function spend(budget: Budget): false {
  budget.exceeded = true;
  return false;
}

type TypedArrayConstructor = (new (...args: unknown[]) => object) & { BYTES_PER_ELEMENT: number };

/** The constructor itself for everything (instanceof, statics, subclasses), with a look at the size of what it is about to allocate. */
function guardedConstructor(native: TypedArrayConstructor, bytesPerElement: number): TypedArrayConstructor {
  const guarded: TypedArrayConstructor = new Proxy(native, {
    construct(target, args, newTarget) {
      const bytes = allocatedBytes(args[0]) * bytesPerElement;
      if (bytes > 0 && !admit(bytes)) throw pdfErrors.decodedTooLarge(active!.limitBytes / MB);
      // Made by the native constructor itself, an array has the shape V8's fast paths expect (with
      // the proxy as new.target, pdf.js's inflate loops ran twenty times slower); subclasses keep theirs.
      return newTarget === guarded ? new target(...args) : (Reflect.construct(target, args, newTarget) as object);
    },
  });
  return guarded;
}

/** How many elements `new X(first, …)` allocates: a length or a copy of an array; a view on a buffer allocates nothing. */
function allocatedBytes(first: unknown): number {
  if (typeof first === 'number') return Number.isFinite(first) && first > 0 ? first : 0;
  if (first instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && first instanceof SharedArrayBuffer)) return 0;
  const length = (first as { length?: unknown } | null | undefined)?.length;
  return typeof length === 'number' ? length : 0;
}

type Inflate = (input: Buffer, options: zlib.ZlibOptions & zlib.BrotliOptions, done: (error: Error | null, output: Buffer) => void) => void;
type InflateSync = (input: Buffer, options: zlib.ZlibOptions & zlib.BrotliOptions) => Buffer;

const INFLATERS: Record<string, { async: Inflate; sync: InflateSync }> = {
  deflate: { async: zlib.inflate, sync: zlib.inflateSync },
  'deflate-raw': { async: zlib.inflateRaw, sync: zlib.inflateRawSync },
  gzip: { async: zlib.gunzip, sync: zlib.gunzipSync },
  brotli: { async: zlib.brotliDecompress, sync: zlib.brotliDecompressSync },
};
/**
 * Streams up to this size (compressed) are inflated in this thread at once:
 * a page's content or a font takes microseconds, less than the trip through
 * libuv's thread pool and back (the thread sat idle meanwhile). Larger ones
 * go there, their output bounded all the same.
 */
const INFLATE_HERE_BELOW = 256 * 1024;

/**
 * DecompressionStream as pdf.js uses it (write the whole stream, close, read
 * it all), done by zlib in one call that stops as soon as its output passes
 * the budget (maxOutputLength): a bomb costs the limit, not its size, and
 * comes out at native speed rather than chunk by chunk through web streams.
 * Brotli, which Node's own DecompressionStream lacks before Node 22, is
 * decoded the same way instead of by pdf.js's JavaScript decoder.
 */
class BoundedDecompressionStream {
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
  constructor(format: string) {
    const inflate = INFLATERS[format];
    if (!inflate) throw new TypeError(`Unsupported compression format: '${format}'`);
    const input: Uint8Array[] = [];
    let output!: ReadableStreamDefaultController<Uint8Array>;
    this.readable = new ReadableStream<Uint8Array>({ start: (controller) => void (output = controller) });
    this.writable = new WritableStream<Uint8Array>({
      write: (chunk) => void input.push(chunk),
      abort: (reason) => output.error(reason),
      close: () =>
        new Promise<void>((resolve) => {
          const budget = active;
          const refuse = () => {
            output.error(pdfErrors.decodedTooLarge(budget!.limitBytes / MB));
            resolve();
          };
          if (budget?.exceeded) return refuse();
          const compressed = Buffer.concat(input);
          // Output comes back a chunk at a time through the event loop: large chunks for large inputs.
          const chunkSize = Math.min(MB, Math.max(zlib.constants.Z_DEFAULT_CHUNK, 2 ** Math.ceil(Math.log2(compressed.length * 8 + 1))));
          const options = { chunkSize, maxOutputLength: budget?.limitBytes ?? buffer.constants.MAX_LENGTH };
          const inflated = (error: Error | null, result: Buffer) => {
            if (budget && (error as { code?: string } | null)?.code === 'ERR_BUFFER_TOO_LARGE') {
              spend(budget);
              return refuse();
            }
            // The output is made already: it counts as held (measured as allocations are: when large, or every few MB).
            if (budget && !error && !heldAfter(budget, result.length)) return refuse();
            if (error) output.error(error);
            else {
              output.enqueue(new Uint8Array(result.buffer, result.byteOffset, result.length));
              output.close();
            }
            resolve();
          };
          if (compressed.length >= INFLATE_HERE_BELOW) return inflate.async(compressed, options, inflated);
          let result: Buffer;
          try {
            result = inflate.sync(compressed, options);
          } catch (error) {
            return inflated(error as Error, Buffer.alloc(0));
          }
          inflated(null, result);
        }),
    });
  }
}
