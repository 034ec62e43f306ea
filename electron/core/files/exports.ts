// Files the core makes for the user to save (a motion as DOCX or PDF, a
// personal export, an annotated PDF, a bundle): written under exports/ in
// the data dir as one file named by a random id, and served to the host by
// that id only. The name the user gets to see ("Motie Nazorg.docx") is kept
// inside the file, never in its name: a draft's title is private work, and
// the host offers it at the destination the user chooses. Those older than a
// day are removed at start (not newer ones: the app and a CLI command may
// share the data dir, and the app may still hand one over). In an encrypted
// store they are encrypted too, name included (AES-256-GCM under a key
// derived from the store's): they hold my notes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportedFile } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, writeFileAtomic } from './atomic-write.ts';
import { isSealed, seal, unseal } from './sealed.ts';

const ID = /^[a-f0-9]{32}$/;
const KEEP_MS = 24 * 60 * 60 * 1000;
/** The magic of an encrypted export file (sealed.ts). */
const SEALED = Buffer.from('RMX1');

export interface ExportedBytes {
  fileName: string;
  mimeType: string;
  size: number;
  bytes: Buffer;
}

/** What an export file holds before the bytes: one line of JSON. */
interface ExportHeader {
  fileName: string;
  mimeType: string;
}

export class ExportFiles {
  private readonly key: Buffer | null;

  constructor(
    readonly dir: string,
    now: Date = new Date(),
    storeKey?: Buffer,
  ) {
    this.key = storeKey ? Buffer.from(crypto.hkdfSync('sha256', storeKey, Buffer.alloc(0), Buffer.from('raadsmap exports/1'), 32)) : null;
    fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      // A folder per export was the layout before, with the user's file name (a draft's title) on disk: gone at once.
      if (entry.isDirectory()) fs.rmSync(file, { recursive: true, force: true });
      else if (ID.test(entry.name) && now.getTime() - fs.statSync(file).mtimeMs > KEEP_MS) fs.rmSync(file, { force: true });
    }
  }

  write(fileName: string, bytes: Uint8Array | string, mimeType: string): ExportedFile {
    const exportId = crypto.randomBytes(16).toString('hex');
    const safe = safeFileName(fileName);
    const plain = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const header: ExportHeader = { fileName: safe, mimeType };
    const stored = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), plain]);
    writeFileAtomic(path.join(this.dir, exportId), this.seal(stored), { mode: PRIVATE_FILE_MODE });
    return { exportId, fileName: safe, mimeType, size: plain.length };
  }

  /** For hosts: the file behind an export id, with the name the user saves it under. */
  file(exportId: string): ExportedBytes {
    const file = path.join(this.dir, exportId);
    if (!ID.test(exportId) || !fs.existsSync(file)) {
      throw new RaadsmapError({ code: 'not-found.export', nl: 'Dit exportbestand bestaat niet (meer).', en: 'This export file does not exist (any more).', subject: exportId });
    }
    const stored = this.open(fs.readFileSync(file), exportId);
    const end = stored.indexOf(0x0a);
    const header = end > 0 ? parseHeader(stored.subarray(0, end).toString('utf8')) : null;
    if (!header) throw unreadable(exportId);
    const bytes = stored.subarray(end + 1);
    return { fileName: header.fileName, mimeType: header.mimeType, size: bytes.length, bytes };
  }

  /** Removes an export once it is saved where the user wanted it (the CLI): no copy stays in the data dir. */
  remove(exportId: string): void {
    if (ID.test(exportId)) fs.rmSync(path.join(this.dir, exportId), { force: true });
  }

  private seal(plain: Buffer): Buffer {
    return this.key ? seal(plain, this.key, SEALED) : plain;
  }

  private open(stored: Buffer, exportId: string): Buffer {
    if (!this.key) return stored;
    try {
      if (!isSealed(stored, SEALED)) throw new Error('not sealed');
      return unseal(stored, this.key, SEALED);
    } catch (cause) {
      throw unreadable(exportId, cause);
    }
  }
}

function parseHeader(line: string): ExportHeader | null {
  try {
    const header = JSON.parse(line) as Partial<ExportHeader>;
    return typeof header.fileName === 'string' && typeof header.mimeType === 'string' ? { fileName: header.fileName, mimeType: header.mimeType } : null;
  } catch {
    return null;
  }
}

function unreadable(exportId: string, cause?: unknown): RaadsmapError {
  return new RaadsmapError(
    { code: 'export.unreadable', nl: 'Dit exportbestand is beschadigd of onder een andere sleutel gemaakt; maak het opnieuw.', en: 'This export file is damaged or was made under another key; make it again.', subject: exportId },
    { cause },
  );
}

/** A name for the user's Downloads folder: no path, no control characters, not too long. */
export function safeFileName(name: string): string {
  // Separators become dashes ("info/debat" → "info-debat"), so a name is never a path.
  const cleaned = name
    .replace(/[<>:"/\\|?*]+/g, '-')
    .replace(/\p{Cc}+/gu, '-')
    .replace(/^[.\s-]+/, '')
    .trim();
  const ext = path.extname(cleaned);
  const stem = cleaned.slice(0, cleaned.length - ext.length).slice(0, 120);
  return (stem || 'export') + ext.slice(0, 10);
}
