// Reading a package zip without trusting it. Every entry of the central
// directory is checked before a single byte is inflated: names (absolute,
// `..`, backslashes, drive letters), symlinks, encryption, duplicates, entry
// count, declared sizes and compression ratios (zip bombs). While inflating,
// yauzl checks that the actual size equals the declared one, and we count
// bytes ourselves as a second fence.
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type yauzl from 'yauzl';
import { RaadsmapError } from '../../../shared/errors.ts';
import { BIDI_CONTROLS, quoted } from '../../../shared/safe-text.ts';

export const ZIP_LIMITS = {
  maxEntries: 5000,
  /** One inflated entry: a 400-page scanned report stays far below this. */
  maxEntryBytes: 512 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  /** Inflated / compressed, checked for entries above `ratioFloorBytes`. PDFs compress 1-10x. */
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
};

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  entry: yauzl.Entry;
}

export interface CheckedZip {
  /** Files (not directories) by their name inside the zip. */
  files: Map<string, ZipEntryInfo>;
  zip: yauzl.ZipFile;
  close(): void;
}

/** A name from the zip as a message shows it: control characters escaped, at most 120 characters. */
const shown = (name: string) => quoted(name, 120);

const zipError = (code: string, nl: string, en: string, subject?: string) => new RaadsmapError({ code, nl, en, subject });

/** Opens a zip and checks its whole central directory; throws a RaadsmapError naming the first problem. */
export async function openCheckedZip(zipPath: string, limits = ZIP_LIMITS): Promise<CheckedZip> {
  // Loaded with the first zip, not with every start of a host (a CLI search has no use for it).
  const { default: zipReader } = await import('yauzl');
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    zipReader.open(zipPath, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (error, z) =>
      error || !z ? reject(corruptZip(zipPath, error)) : resolve(z),
    ),
  );
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw zipError(
        'zip.too-many-entries',
        `De zip bevat ${zip.entryCount} bestanden; meer dan ${limits.maxEntries} wordt niet geopend.`,
        `The zip holds ${zip.entryCount} entries; more than ${limits.maxEntries} are not opened.`,
        zipPath,
      );
    }
    const files = new Map<string, ZipEntryInfo>();
    const seen = new Set<string>();
    let total = 0;
    for await (const entry of readEntries(zip, zipPath)) {
      const name = decodeName(entry);
      checkName(name);
      // Case-insensitive: on Windows and macOS `A.pdf` and `a.pdf` are one file.
      // Folder entries only matter for their names (checked above).
      const key = name.normalize('NFC').toLowerCase();
      if (!name.endsWith('/') && seen.has(key)) throw zipError('zip.duplicate-entry', `De zip bevat "${shown(name)}" twee keer.`, `The zip holds "${shown(name)}" twice.`, name);
      seen.add(key);
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (mode === 0o120000) throw zipError('zip.symlink', `De zip bevat een symbolische koppeling: "${shown(name)}".`, `The zip holds a symbolic link: "${shown(name)}".`, name);
      if ((entry.generalPurposeBitFlag & 0x1) !== 0) throw zipError('zip.encrypted', `Het bestand "${shown(name)}" in de zip is versleuteld.`, `The entry "${shown(name)}" in the zip is encrypted.`, name);
      if (name.endsWith('/')) continue;
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw zipError('zip.unsupported', `"${shown(name)}" is gecomprimeerd met een onbekende methode (${entry.compressionMethod}).`, `"${shown(name)}" uses an unsupported compression method (${entry.compressionMethod}).`, name);
      }
      checkSizes(name, entry, limits);
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) throw tooLarge(name, limits.maxTotalBytes, 'total');
      files.set(name, { name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, entry });
    }
    return { files, zip, close: () => zip.close() };
  } catch (error) {
    zip.close();
    throw error;
  }
}

/** Inflates one checked entry into `target`, refusing more bytes than it declared. */
export async function extractEntry(checked: CheckedZip, info: ZipEntryInfo, target: string, signal?: AbortSignal): Promise<void> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    checked.zip.openReadStream(info.entry, (error, s) => (error || !s ? reject(error) : resolve(s))),
  );
  let written = 0;
  const fence = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      written += chunk.length;
      if (written > info.uncompressedSize) callback(sizeMismatch(info.name, info.uncompressedSize));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(stream, fence, fs.createWriteStream(target, { flags: 'wx' }), { signal });
  } catch (error) {
    if (error instanceof RaadsmapError) throw error;
    if ((error as { name?: string }).name === 'AbortError') throw error;
    const message = error instanceof Error ? error.message : String(error);
    // yauzl's validateEntrySizes: "too many bytes in the stream" / "not enough bytes".
    if (/bytes/.test(message)) throw sizeMismatch(info.name, info.uncompressedSize, error);
    throw corruptZip(info.name, error);
  }
}

/** Reads one small checked entry (the manifest) into memory. */
export async function readEntry(checked: CheckedZip, info: ZipEntryInfo): Promise<Buffer> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    checked.zip.openReadStream(info.entry, (error, s) => (error || !s ? reject(error) : resolve(s))),
  );
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > info.uncompressedSize) throw sizeMismatch(info.name, info.uncompressedSize);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof RaadsmapError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/bytes/.test(message)) throw sizeMismatch(info.name, info.uncompressedSize, error);
    throw corruptZip(info.name, error);
  }
  return Buffer.concat(chunks);
}

async function* readEntries(zip: yauzl.ZipFile, zipPath: string): AsyncGenerator<yauzl.Entry> {
  for (;;) {
    const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry) => {
        cleanup();
        resolve(e);
      };
      const onEnd = () => {
        cleanup();
        resolve(null);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(corruptZip(zipPath, error));
      };
      const cleanup = () => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      zip.on('entry', onEntry);
      zip.on('end', onEnd);
      zip.on('error', onError);
      zip.readEntry();
    });
    if (!entry) return;
    yield entry;
  }
}

/** Names are UTF-8 when bit 11 says so; otherwise try UTF-8 and fall back to Latin-1 (CP437 is rare in practice). */
function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(raw);
  if ((entry.generalPurposeBitFlag & 0x800) !== 0 || !utf8.includes('\uFFFD')) return utf8;
  return raw.toString('latin1');
}

function checkName(name: string): void {
  const unsafe = (nl: string, en: string) => zipError('zip.unsafe-path', `Onveilig pad in de zip: "${shown(name)}" (${nl}).`, `Unsafe path in the zip: "${shown(name)}" (${en}).`, name);
  if (name.length === 0) throw unsafe('lege naam', 'empty name');
  if (name.includes('\\')) throw unsafe('backslash', 'backslash');
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw unsafe('absoluut pad', 'absolute path');
  // eslint-disable-next-line no-control-regex -- control characters in a file name are refused
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(name)) throw unsafe('stuurtekens', 'control characters');
  if (BIDI_CONTROLS.test(name)) throw unsafe('tekens die de schrijfrichting veranderen', 'characters that change the writing direction');
  const parts = name.replace(/\/$/, '').split('/');
  if (parts.some((p) => p === '..')) throw unsafe('verwijst naar een map erboven met ..', 'climbs out with ..');
  if (parts.some((p) => p === '' || p === '.')) throw unsafe('lege of . padonderdelen', 'empty or . path parts');
}

function checkSizes(name: string, entry: yauzl.Entry, limits: typeof ZIP_LIMITS): void {
  if (entry.uncompressedSize > limits.maxEntryBytes) throw tooLarge(name, limits.maxEntryBytes, 'entry');
  if (entry.compressionMethod === 0 && entry.compressedSize !== entry.uncompressedSize) throw sizeMismatch(name, entry.uncompressedSize);
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
    throw zipError(
      'zip.suspicious-compression',
      `"${shown(name)}" pakt uit tot ${Math.round(ratio)} keer zijn gecomprimeerde grootte: dat lijkt een zip-bom.`,
      `"${shown(name)}" inflates to ${Math.round(ratio)} times its compressed size: this looks like a zip bomb.`,
      name,
    );
  }
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

function tooLarge(name: string, limit: number, what: 'entry' | 'total') {
  return what === 'entry'
    ? zipError('zip.too-large', `"${shown(name)}" is groter dan ${mb(limit)} uitgepakt.`, `"${shown(name)}" is larger than ${mb(limit)} when inflated.`, name)
    : zipError('zip.too-large', `De zip is uitgepakt groter dan ${mb(limit)}.`, `The zip is larger than ${mb(limit)} when inflated.`, name);
}

function sizeMismatch(name: string, declared: number, cause?: unknown) {
  return new RaadsmapError(
    {
      code: 'zip.size-mismatch',
      nl: `"${shown(name)}" in de zip is groter of kleiner dan de opgegeven ${declared} bytes: de zip is beschadigd of gemanipuleerd.`,
      en: `"${shown(name)}" in the zip is larger or smaller than its declared ${declared} bytes: the zip is damaged or tampered with.`,
      subject: name,
    },
    { cause },
  );
}

function corruptZip(subject: string, cause: unknown) {
  // The reader's own words are English: in the English message only.
  const detail = quoted(cause instanceof Error ? cause.message : String(cause), 200);
  return new RaadsmapError(
    { code: 'zip.corrupt', nl: 'De zip is beschadigd en kan niet worden gelezen.', en: `The zip is damaged and cannot be read (${detail}).`, subject },
    { cause },
  );
}
