import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RaadsmapError } from '../../../shared/errors.ts';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE, replaceFileAsync } from './atomic-write.ts';
import { fileStartsWith } from './file-head.ts';
import { isSealed, seal, unseal } from './sealed.ts';

const SHA256 = /^[0-9a-f]{64}$/;
/** The magic of an encrypted stored PDF (sealed.ts). */
const SEALED = Buffer.from('RMB1');

/**
 * Content-addressed PDF store: files/ab/abcdef….pdf, named by their sha256
 * (of the PDF itself). The same file attached to several meetings is stored
 * once, a name never changes meaning, and a half-written file never appears
 * under its final name (atomic-write.ts). In an encrypted store (`key`: the files key of library.db's
 * store_keys) every file is stored AES-256-GCM encrypted; files stored before
 * the store was encrypted are read as they are until sealAll() reaches them.
 */
export class BlobStore {
  constructor(
    readonly root: string,
    private readonly key: Buffer | null = null,
  ) {}

  get encrypted(): boolean {
    return this.key !== null;
  }

  /** For the export thread, which reads stored files itself. */
  keyHex(): string | null {
    return this.key ? this.key.toString('hex') : null;
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), `${sha256}.pdf`);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  /** The PDF's bytes (decrypted). */
  read(sha256: string): Buffer {
    return readStoredFile(this.pathOf(sha256), this.key);
  }

  /** Writes the PDF's bytes (decrypted) to `target`, for a package being put together. */
  async copyOut(sha256: string, target: string): Promise<void> {
    if (!this.key) return fs.promises.copyFile(this.pathOf(sha256), target);
    await fs.promises.writeFile(target, this.read(sha256));
  }

  /** Encrypts every file still stored in the clear (after the store was encrypted); resumes where a previous run stopped. */
  async sealAll(options: { signal?: AbortSignal | undefined; onProgress?: ((done: number, total: number) => void) | undefined } = {}): Promise<number> {
    if (!this.key) return 0;
    const plain = [...this.list()].filter((sha) => !isSealedFile(this.pathOf(sha)));
    for (const [index, sha] of plain.entries()) {
      if (options.signal?.aborted) break;
      options.onProgress?.(index, plain.length);
      const file = this.pathOf(sha);
      const bytes = fs.readFileSync(file);
      // Another process sealing the same store may have done this one meanwhile: never sealed twice.
      if (!isSealed(bytes, SEALED)) await this.writeAtomically(file, seal(bytes, this.key, SEALED));
      // Between files: progress reaches the window, and the app stays responsive.
      await new Promise((resolve) => setImmediate(resolve));
    }
    options.onProgress?.(plain.length, plain.length);
    return plain.length;
  }

  /**
   * Copies `sourceFile` in under its hash, verifying the hash of what was
   * written. Returns the final path. A file already present is left as it is.
   */
  async putFile(sourceFile: string, sha256: string): Promise<string> {
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return target;
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: PRIVATE_DIR_MODE });
    if (this.key) {
      const bytes = await fs.promises.readFile(sourceFile);
      const actual = crypto.createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) throw changedWhileCopying(sourceFile, actual, sha256);
      await this.writeAtomically(target, seal(bytes, this.key, SEALED));
      return target;
    }
    await replaceFileAsync(
      target,
      async (temp) => {
        await fs.promises.copyFile(sourceFile, temp);
        const actual = await sha256OfFile(temp);
        if (actual !== sha256) throw changedWhileCopying(sourceFile, actual, sha256);
      },
      { mode: PRIVATE_FILE_MODE },
    );
    return target;
  }

  private writeAtomically(target: string, bytes: Buffer): Promise<void> {
    return replaceFileAsync(target, (temp) => fs.promises.writeFile(temp, bytes), { mode: PRIVATE_FILE_MODE });
  }

  /**
   * Whether the stored file still holds the PDF its name promises: its
   * (decrypted) bytes hashed again. A sealed file that no longer decrypts is
   * damaged too.
   */
  async verify(sha256: string): Promise<'ok' | 'missing' | 'damaged'> {
    const file = this.pathOf(sha256);
    try {
      const actual = this.key && isSealedFile(file) ? crypto.createHash('sha256').update(this.read(sha256)).digest('hex') : await sha256OfFile(file);
      return actual === sha256 ? 'ok' : 'damaged';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      if (error instanceof RaadsmapError && error.code === 'files.unreadable') return 'damaged';
      throw error;
    }
  }

  /**
   * Moves a damaged file out of the store, as it is (still sealed in an
   * encrypted store), to quarantine/<sha256>.<stamp>.pdf: never deleted, and
   * its place is free for the good copy. Returns the new path.
   */
  setAside(sha256: string, stamp: string): string {
    const dir = path.join(this.root, 'quarantine');
    fs.mkdirSync(dir, { recursive: true });
    let target = path.join(dir, `${sha256}.${stamp}.pdf`);
    for (let n = 2; fs.existsSync(target); n++) target = path.join(dir, `${sha256}.${stamp}-${n}.pdf`);
    fs.renameSync(this.pathOf(sha256), target);
    return target;
  }

  /** Removes a stored file no version uses any more (versions/prune.ts); one already gone is fine. */
  remove(sha256: string): void {
    fs.rmSync(this.pathOf(sha256), { force: true });
  }

  /** Bytes the stored file takes on disk (sealed or not); 0 when it is not there. */
  storedSize(sha256: string): number {
    try {
      return fs.statSync(this.pathOf(sha256)).size;
    } catch {
      return 0;
    }
  }

  /** When the stored file was last written (ms since the epoch); 0 when it is not there. */
  modifiedAt(sha256: string): number {
    try {
      return fs.statSync(this.pathOf(sha256)).mtimeMs;
    } catch {
      return 0;
    }
  }

  /** Every stored hash, for integrity checks. */
  *list(): Generator<string> {
    if (!fs.existsSync(this.root)) return;
    for (const dir of fs.readdirSync(this.root)) {
      const full = path.join(this.root, dir);
      if (!fs.statSync(full).isDirectory()) continue;
      for (const name of fs.readdirSync(full)) {
        const match = /^([0-9a-f]{64})\.pdf$/.exec(name);
        if (match?.[1]) yield match[1];
      }
    }
  }
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function changedWhileCopying(sourceFile: string, actual: string, expected: string): RaadsmapError {
  return new RaadsmapError({
    code: 'files.checksum-mismatch',
    nl: `Het bestand ${path.basename(sourceFile)} veranderde tijdens het kopiëren (sha256 ${actual}, verwacht ${expected}).`,
    en: `The file ${path.basename(sourceFile)} changed while being copied (sha256 ${actual}, expected ${expected}).`,
    subject: sourceFile,
  });
}

const isSealedFile = (file: string): boolean => fileStartsWith(file, SEALED);

/**
 * A stored file's PDF bytes: decrypted when it is sealed (which needs the
 * key), as it is otherwise. Also used by the export thread, which gets the
 * path and the key of each document.
 */
export function readStoredFile(file: string, key: Buffer | null): Buffer {
  const stored = fs.readFileSync(file);
  if (!key || !isSealed(stored, SEALED)) return stored;
  try {
    return unseal(stored, key, SEALED);
  } catch (cause) {
    throw new RaadsmapError(
      {
        code: 'files.unreadable',
        nl: `Het opgeslagen bestand ${path.basename(file)} is beschadigd of onder een andere sleutel opgeslagen.`,
        en: `The stored file ${path.basename(file)} is damaged or stored under another key.`,
        subject: file,
      },
      { cause },
    );
  }
}
