// A limit on what pdf-lib inflates while it loads a PDF for export. pdf-lib
// parses the whole file and inflates every object stream and cross-reference
// stream in it, also those nothing refers to, which pdf.js (the import)
// never reads: a PDF that imported fine can hold a 6 KB stream that unpacks
// to gigabytes, in buffers outside the V8 heap that the export thread's heap
// limit does not count. Every pdf-lib decoder (Flate, LZW, RunLength,
// ASCII85, ASCIIHex) grows one buffer through DecodeStream.ensureBuffer,
// which is told the size it needs before the buffer is made: wrapped here,
// a stream past STREAM_LIMIT_MB, or a document whose streams together pass
// its total, is refused before the allocation. pdf-lib takes the throw for a
// damaged object and parses on, so the refusal is kept and reported when
// the load ends.
import { PDFContext, PDFRawStream, decodePDFRawStream } from 'pdf-lib';
import { DEFAULT_DECODED_LIMIT_MB, HOLD_FACTOR } from '../extraction/decode-budget.ts';

const MB = 1024 * 1024;
/** One stream may unpack to this much: what the import lets pdf.js decode of one stream. */
export const STREAM_LIMIT_MB = DEFAULT_DECODED_LIMIT_MB;
/**
 * All a document's streams together may take this much buffer space (as
 * much as the import lets a document hold at once), or FILE_FACTOR times the
 * file's size when that is more: seconds of inflating at most, where real
 * object streams come to a fraction of the file.
 */
const TOTAL_LIMIT_MB = HOLD_FACTOR * STREAM_LIMIT_MB;
const FILE_FACTOR = 8;

/** A load refused for what it would unpack: one stream past the limit, or all of them together. */
export class DecodeLimitError extends Error {
  constructor(
    readonly reason: 'stream' | 'total',
    readonly limitMb: number,
  ) {
    super(`${reason === 'stream' ? 'a stream unpacks' : 'the streams unpack'} to more than ${limitMb} MB`);
    this.name = 'DecodeLimitError';
  }
}

interface Budget {
  totalBytes: number;
  usedBytes: number;
  refused: DecodeLimitError | null;
}

interface DecodeStreamLike {
  buffer: Uint8Array;
  ensureBuffer(requested: number): Uint8Array;
}

/** The budget of the load under way; loads take turns (queue), so it is theirs alone. */
let active: Budget | undefined;
let queue: Promise<unknown> = Promise.resolve();
let installed = false;

/**
 * Runs `load` (pdf-lib parsing `fileBytes` bytes) with the limit in place,
 * after any load before it has ended; rejects with DecodeLimitError when the
 * limit was passed, whatever pdf-lib made of the refusal.
 */
export function withinDecodeLimit<T>(fileBytes: number, load: () => Promise<T>): Promise<T> {
  const turn = queue.then(() => limited(fileBytes, load));
  queue = turn.catch(() => undefined);
  return turn;
}

async function limited<T>(fileBytes: number, load: () => Promise<T>): Promise<T> {
  install();
  const budget: Budget = { totalBytes: Math.max(TOTAL_LIMIT_MB * MB, FILE_FACTOR * fileBytes), usedBytes: 0, refused: null };
  active = budget;
  // pdf-lib warns of every object it could not parse; after a refusal those are the streams refused, not damage.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void (budget.refused || warn(...args));
  try {
    const result = await load();
    if (budget.refused) throw budget.refused;
    return result;
  } catch (error) {
    throw budget.refused ?? error;
  } finally {
    active = undefined;
    console.warn = warn;
  }
}

function install(): void {
  if (installed) return;
  const prototype = decodeStreamPrototype();
  const ensureBuffer = prototype.ensureBuffer;
  prototype.ensureBuffer = function (this: DecodeStreamLike, requested: number): Uint8Array {
    const budget = active;
    const before = this.buffer.byteLength;
    if (!budget || requested <= before) return ensureBuffer.call(this, requested);
    if (budget.refused) throw budget.refused;
    if (requested > STREAM_LIMIT_MB * MB) throw (budget.refused = new DecodeLimitError('stream', STREAM_LIMIT_MB));
    const buffer = ensureBuffer.call(this, requested);
    // Counted as made (a doubling of the last): past the total by one buffer at most.
    budget.usedBytes += buffer.byteLength - before;
    if (budget.usedBytes > budget.totalBytes) throw (budget.refused = new DecodeLimitError('total', Math.round(budget.totalBytes / MB)));
    return buffer;
  };
  installed = true;
}

/**
 * DecodeStream.prototype of the pdf-lib the export uses. The class is not
 * exported; a decoder made through the public decodePDFRawStream leads to it,
 * so it is the one PDFDocument.load uses, whichever build of pdf-lib loaded.
 */
function decodeStreamPrototype(): DecodeStreamLike {
  const context = PDFContext.create();
  const decoder = decodePDFRawStream(PDFRawStream.of(context.obj({ Filter: 'RunLengthDecode' }), new Uint8Array(0)));
  let prototype: object | null = Object.getPrototypeOf(decoder) as object | null;
  while (prototype && !Object.hasOwn(prototype, 'ensureBuffer')) prototype = Object.getPrototypeOf(prototype) as object | null;
  if (!prototype) throw new Error('pdf-lib has no DecodeStream.ensureBuffer: the export cannot limit what it unpacks');
  return prototype as DecodeStreamLike;
}
