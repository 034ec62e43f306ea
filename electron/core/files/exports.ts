// Files the core makes for the user to save (a motion as DOCX or PDF, a
// personal export): written under exports/ in the data dir, each in its own
// random folder, and served to the host by that id only. Those older than a
// day are removed at start (not newer ones: the app and a CLI command may
// share the data dir, and the app may still hand one over).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportedFile } from '../../../shared/api.ts';
import { RaadsmapError } from '../../../shared/errors.ts';

const ID = /^[a-f0-9]{32}$/;
const KEEP_MS = 24 * 60 * 60 * 1000;

export class ExportFiles {
  constructor(readonly dir: string, now: Date = new Date()) {
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
    fs.writeFileSync(path.join(folder, safe), bytes);
    fs.writeFileSync(path.join(folder, '.type'), mimeType);
    return { exportId, fileName: safe, mimeType, size: fs.statSync(path.join(folder, safe)).size };
  }

  /** For hosts: the file behind an export id. */
  file(exportId: string): { path: string; fileName: string; mimeType: string; size: number } {
    const folder = path.join(this.dir, exportId);
    const name = ID.test(exportId) && fs.existsSync(folder) ? fs.readdirSync(folder).find((n) => n !== '.type') : undefined;
    if (!name) throw new RaadsmapError({ code: 'not-found.export', nl: 'Dit exportbestand bestaat niet (meer).', en: 'This export file does not exist (any more).', subject: exportId });
    const file = path.join(folder, name);
    return { path: file, fileName: name, mimeType: fs.readFileSync(path.join(folder, '.type'), 'utf8'), size: fs.statSync(file).size };
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
