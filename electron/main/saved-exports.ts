// Exports the desktop app saves for the user: a file the core made (a motion
// as DOCX/PDF, an annotated PDF, a fractiebundel, my data) is written into the
// user's Downloads folder under its own name ("Motie zorg.docx", then
// "Motie zorg (2).docx"), whole or not at all. The window then offers
// "Openen" and "Toon in map" for it by an id this module handed out: the
// renderer never names a path, so it can open nothing but what was saved here.
// Plain Node (no `electron` import): electron/main/ipc.ts wires it to shell.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SavedExport } from '../../shared/client-api.ts';
import { removeStaleTemps, syncDir, writeTempFile } from '../core/files/atomic-write.ts';
import type { ExportedBytes } from '../core/files/exports.ts';

/** How many saved files the window can still open in one session; older ids are forgotten. */
const REMEMBERED = 200;

export class SavedExports {
  private readonly saved = new Map<string, string>();

  constructor(private readonly folder: () => string) {}

  /** Writes the file into the folder: a temp file, on disk, then given its name (never half a file under its name). */
  save(file: Pick<ExportedBytes, 'fileName' | 'bytes'>): SavedExport {
    const folder = this.folder();
    fs.mkdirSync(folder, { recursive: true });
    const fileName = safeFileName(file.fileName);
    // A temporary a killed app left here goes first (atomic-write.ts names them; before it: .<random>.raadsmap-part).
    removeStaleTemps(folder, Date.now(), /^\.[0-9a-f]{12}\.raadsmap-part$/);
    const temp = writeTempFile(path.join(folder, fileName), (t) => fs.writeFileSync(t, file.bytes));
    try {
      const target = this.claim(temp, folder, fileName);
      syncDir(folder);
      const savedId = crypto.randomBytes(16).toString('hex');
      this.saved.set(savedId, target);
      if (this.saved.size > REMEMBERED) this.saved.delete(this.saved.keys().next().value!);
      return { savedId, fileName: path.basename(target) };
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  /** The path of a file saved in this session, while it is still there; null otherwise. */
  pathOf(savedId: string): string | null {
    const target = this.saved.get(savedId);
    return target && fs.existsSync(target) ? target : null;
  }

  /**
   * Links the finished temp file under the first free name: "a.pdf", "a (2).pdf", …
   * A hard link fails when the name exists, so a file saved meanwhile (by another
   * app, or a second export at once) is never overwritten. A drive without hard
   * links (FAT) gets a check and a copy instead.
   */
  private claim(temp: string, folder: string, fileName: string): string {
    const ext = path.extname(fileName);
    const stem = fileName.slice(0, fileName.length - ext.length);
    for (let n = 1; n < 10_000; n++) {
      const candidate = path.join(folder, n === 1 ? fileName : `${stem} (${n})${ext}`);
      try {
        fs.linkSync(temp, candidate);
        return candidate;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') continue;
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
        if (fs.existsSync(candidate)) continue;
        fs.copyFileSync(temp, candidate, fs.constants.COPYFILE_EXCL);
        return candidate;
      }
    }
    throw new Error(`No free file name for ${fileName} in ${folder}`);
  }
}

/** A file name any desktop accepts: no folders, no characters Windows refuses, not empty. */
export function safeFileName(name: string): string {
  const cleaned = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/[<>:"/\\|?*]/g, '_')
    .replace(/\p{Cc}/gu, '_')
    .replace(/[. ]+$/, '')
    .trim();
  const base = cleaned.replace(/^\.+/, '') || 'raadsmap-export';
  // Windows refuses these names whatever their extension.
  return /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(base) ? `_${base}` : base.slice(0, 200);
}
