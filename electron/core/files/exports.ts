// Files the core makes for the user to save (a motion as DOCX or PDF, a
// personal export): written under exports/ in the data dir, each in its own
// random folder, and served to the host by that id only. Those older than a
// day are removed at start (not newer ones: the app and a CLI command may
// share the data dir, and the app may still hand one over). In an encrypted
// store they are encrypted too (AES-256-GCM under a key derived from the
// store's): they hold my notes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportedFile } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';
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

export class ExportFiles {
  private readonly key: Buffer | null;

  constructor(
    readonly dir: string,
    now: Date = new Date(),
    storeKey?: Buffer,
  ) {
    this.key = storeKey ? Buffer.from(crypto.hkdfSync('sha256', storeKey, Buffer.alloc(0), Buffer.from('raadsmap exports/1'), 32)) : null;
    fs.mkdirSync(dir, { recursive: true });
    for (const name of fs.readdirSync(dir)) {
      const folder = path.join(dir, name);
      if (now.getTime() - fs.statSync(folder).mtimeMs > KEEP_MS) fs.rmSync(folder, { recursive: true, force: true });
    }
  }

  write(fileName: string, bytes: Uint8Array | string, mimeType: string): ExportedFile {
    const exportId = crypto.randomBytes(16).toString('hex');
    const folder = path.join(this.dir, exportId);
    fs.mkdirSync(folder);
    const safe = safeFileName(fileName);
    const plain = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    fs.writeFileSync(path.join(folder, safe), this.seal(plain));
    fs.writeFileSync(path.join(folder, '.type'), mimeType);
    return { exportId, fileName: safe, mimeType, size: plain.length };
  }

  /** For hosts: the file behind an export id, as the user saves it. */
  file(exportId: string): ExportedBytes {
    const folder = path.join(this.dir, exportId);
    const name = ID.test(exportId) && fs.existsSync(folder) ? fs.readdirSync(folder).find((n) => n !== '.type') : undefined;
    if (!name) throw new RaadsmapError({ code: 'not-found.export', nl: 'Dit exportbestand bestaat niet (meer).', en: 'This export file does not exist (any more).', subject: exportId });
    const bytes = this.open(fs.readFileSync(path.join(folder, name)), exportId);
    return { fileName: name, mimeType: fs.readFileSync(path.join(folder, '.type'), 'utf8'), size: bytes.length, bytes };
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
      throw new RaadsmapError({ code: 'export.unreadable', nl: 'Dit exportbestand is beschadigd of onder een andere sleutel gemaakt; maak het opnieuw.', en: 'This export file is damaged or was made under another key; make it again.', subject: exportId }, { cause });
    }
  }
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
