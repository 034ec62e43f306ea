// Packages a window hands to the core: files uploaded as bytes (picked or
// dropped in the window; kept under uploads/ in the data dir) and packages
// the user chose in the desktop app's own file dialog (left where they are).
// The window gets an opaque handle for each and imports by handle, never by
// a path it names itself: a renderer that was tricked cannot make the core
// read, or say anything about, a file the user did not hand over.
//
// Uploads are held within a quota (files and bytes at once, settings.ts), a
// handle serves one import, an upload that waits too long for its import is
// removed, and close() removes what is left.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HandedPackage } from '../../../shared/api.ts';
import { RaadsmapError, isRaadsmapError } from '../../../shared/errors.ts';
import type { UploadQuota } from '../settings.ts';

interface Entry {
  name: string;
  path: string;
  /** Bytes kept under uploads/ (0 for a package the user chose on disk, which is not ours to remove). */
  bytes: number;
  upload: boolean;
  since: number;
}

/** Handles taken by one import: their paths, and the names the user knows them by. */
export interface TakenPackages {
  paths: string[];
  names: string[];
  /** The error with each upload's path in it replaced by the user's file name. */
  inTheirNames(error: unknown): unknown;
  /** Removes the uploads (imported or refused, they have done their job) and frees their quota. */
  release(): Promise<void>;
}

const SWEEP_MS = 60_000;

export class HandedPackages {
  private readonly waiting = new Map<string, Entry>();
  /** Uploads being received or imported: they count against the quota until they are gone. */
  private readonly busy = new Set<{ bytes: number }>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly dir: string,
    private readonly quota: () => UploadQuota,
    private readonly now: () => number,
  ) {
    this.sweeper = setInterval(() => void this.removeExpired(), SWEEP_MS);
    this.sweeper.unref();
  }

  /**
   * Keeps a package file that came in as bytes until it is imported; refused
   * when it would take the uploads over their quota (`size`, when the host
   * knows it beforehand, refuses before a byte is read).
   */
  async upload(bytes: AsyncIterable<Uint8Array> | Uint8Array, fileName: string, size?: number): Promise<HandedPackage> {
    await this.removeExpired();
    const quota = this.quota();
    const name = displayName(fileName);
    const count = this.heldUploads().length;
    if (count >= quota.maxFiles) throw quotaError('files', name, quota, count);
    // Alone too large, or too much together with what waits already (importing that makes room).
    const overQuota = (others: number) => (others > 0 ? quotaError('bytes', name, quota, count) : tooLarge(name, quota));
    if (size !== undefined && this.heldBytes() + size > quota.maxBytes) throw overQuota(this.heldBytes());

    const handle = crypto.randomBytes(16).toString('hex');
    const target = path.join(this.dir, `${handle}.zip`);
    const receiving = { bytes: 0 };
    this.busy.add(receiving);
    try {
      await fs.promises.mkdir(this.dir, { recursive: true });
      const file = await fs.promises.open(target, 'wx');
      try {
        for await (const chunk of bytes instanceof Uint8Array ? [bytes] : bytes) {
          receiving.bytes += chunk.length;
          // Counted as it arrives: other uploads may be arriving at the same time.
          if (this.heldBytes() > quota.maxBytes) throw overQuota(this.heldBytes() - receiving.bytes);
          await file.write(chunk);
        }
      } finally {
        await file.close();
      }
    } catch (error) {
      await fs.promises.rm(target, { force: true });
      throw error;
    } finally {
      this.busy.delete(receiving);
    }
    this.waiting.set(handle, { name, path: target, bytes: receiving.bytes, upload: true, since: this.now() });
    return { handle, name };
  }

  /** A package the user chose in the desktop app's file dialog (main only, never a path from the window). */
  chosen(filePath: string): HandedPackage {
    const handle = crypto.randomBytes(16).toString('hex');
    const name = displayName(filePath);
    this.waiting.set(handle, { name, path: path.resolve(filePath), bytes: 0, upload: false, since: this.now() });
    return { handle, name };
  }

  /** The packages behind the handles, for one import; a handle that is unknown, used or expired is refused (and none is taken). */
  take(handles: readonly string[]): TakenPackages {
    const unknown = handles.find((handle, i) => !this.waiting.has(handle) || handles.indexOf(handle) !== i);
    if (unknown !== undefined) {
      throw new RaadsmapError({
        code: 'upload.unknown',
        nl: 'Dit pakket staat niet (meer) klaar om te importeren: het is al geïmporteerd, of het wachtte te lang en is opgeruimd. Kies het bestand opnieuw.',
        en: 'This package is not (or no longer) waiting to be imported: it was imported already, or it waited too long and was removed. Choose the file again.',
      });
    }
    const entries = handles.map((handle) => {
      const entry = this.waiting.get(handle)!;
      this.waiting.delete(handle);
      return entry;
    });
    const uploads = entries.filter((e) => e.upload);
    const holding = uploads.map((e) => ({ bytes: e.bytes }));
    holding.forEach((h) => this.busy.add(h));
    return {
      paths: entries.map((e) => e.path),
      names: entries.map((e) => e.name),
      inTheirNames: (error) => inTheirNames(error, uploads),
      release: async () => {
        await Promise.all(uploads.map((e) => fs.promises.rm(e.path, { force: true })));
        holding.forEach((h) => this.busy.delete(h));
      },
    };
  }

  /** Uploads waiting, being received or being imported: what the quota counts. */
  private heldUploads(): { bytes: number }[] {
    return [...[...this.waiting.values()].filter((e) => e.upload), ...this.busy];
  }

  private heldBytes(): number {
    return this.heldUploads().reduce((sum, e) => sum + e.bytes, 0);
  }

  /** Uploads that waited longer than the quota allows for their import are removed; chosen packages forgotten. */
  async removeExpired(): Promise<void> {
    const oldest = this.now() - this.quota().expiryMinutes * 60_000;
    const expired = [...this.waiting].filter(([, entry]) => entry.since <= oldest);
    for (const [handle] of expired) this.waiting.delete(handle);
    await Promise.all(expired.filter(([, e]) => e.upload).map(([, e]) => fs.promises.rm(e.path, { force: true })));
  }

  /** The host stops: every upload still waiting is removed. */
  close(): void {
    clearInterval(this.sweeper);
    for (const entry of this.waiting.values()) if (entry.upload) fs.rmSync(entry.path, { force: true });
    this.waiting.clear();
  }
}

/** The user's file name, only ever shown: no folders, no control characters, not too long. */
function displayName(fileName: string): string {
  // eslint-disable-next-line no-control-regex
  const base = path.basename(fileName.replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return base.slice(0, 120) || 'pakket.zip';
}

function inTheirNames(error: unknown, uploads: readonly Entry[]): unknown {
  if (!isRaadsmapError(error) || uploads.length === 0) return error;
  const rename = (text: string) => uploads.reduce((t, e) => t.replaceAll(e.path, e.name).replaceAll(path.basename(e.path), e.name), text);
  const subject = error.subject === undefined ? undefined : rename(error.subject);
  return new RaadsmapError({ code: error.code, nl: rename(error.nl), en: rename(error.en), subject }, { cause: error });
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 ** 2).toLocaleString('nl-NL')} MB`;

function tooLarge(name: string, quota: UploadQuota): RaadsmapError {
  return new RaadsmapError({
    code: 'upload.too-large',
    nl: `Het pakket is groter dan ${megabytes(quota.maxBytes)}, het meeste dat Raadsmap in één keer aanneemt. Importeer het met \`raadsmap import\`, of verhoog "uploads.maxMegabytes" in settings.json.`,
    en: `The package is larger than ${megabytes(quota.maxBytes)}, the most Raadsmap takes at once. Import it with \`raadsmap import\`, or raise "uploads.maxMegabytes" in settings.json.`,
    subject: name,
  });
}

/** Too much is waiting already: importing what waits frees the room (the window does so and tries again). */
function quotaError(what: 'files' | 'bytes', name: string, quota: UploadQuota, count: number): RaadsmapError {
  const limit = what === 'files' ? `${quota.maxFiles} pakketten` : megabytes(quota.maxBytes);
  const limitEn = what === 'files' ? `${quota.maxFiles} packages` : megabytes(quota.maxBytes);
  return new RaadsmapError({
    code: 'upload.quota',
    nl: `Dit pakket past er niet meer bij: er ${count === 1 ? 'wacht al 1 pakket' : `wachten al ${count} pakketten`} op import, en samen mag dat hoogstens ${limit} zijn. Importeer die eerst; pakketten die niet worden geïmporteerd, ruimt Raadsmap na ${quota.expiryMinutes} minuten op.`,
    en: `This package does not fit any more: ${count === 1 ? '1 package is' : `${count} packages are`} already waiting to be imported, and together they may be at most ${limitEn}. Import those first; packages that are not imported are removed after ${quota.expiryMinutes} minutes.`,
    subject: name,
  });
}
