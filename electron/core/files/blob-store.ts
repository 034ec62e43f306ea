import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RaadsmapError } from '../../../shared/errors.ts';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Content-addressed PDF store: files/ab/abcdef….pdf, named by their sha256.
 * The same file attached to several meetings is stored once, a name never
 * changes meaning, and a half-written file never appears under its final name
 * (write to a temp file in the same directory, fsync, rename).
 */
export class BlobStore {
  constructor(readonly root: string) {}

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.root, sha256.slice(0, 2), `${sha256}.pdf`);
  }

  has(sha256: string): boolean {
    return fs.existsSync(this.pathOf(sha256));
  }

  read(sha256: string): Buffer {
    return fs.readFileSync(this.pathOf(sha256));
  }

  /**
   * Copies `sourceFile` in under its hash, verifying the hash of what was
   * written. Returns the final path. A file already present is left as it is.
   */
  async putFile(sourceFile: string, sha256: string): Promise<string> {
    const target = this.pathOf(sha256);
    if (fs.existsSync(target)) return target;
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${crypto.randomBytes(6).toString('hex')}.tmp`;
    try {
      await fs.promises.copyFile(sourceFile, temp);
      const actual = await sha256OfFile(temp);
      if (actual !== sha256) {
        throw new RaadsmapError({
          code: 'files.checksum-mismatch',
          nl: `Het bestand ${path.basename(sourceFile)} veranderde tijdens het kopiëren (sha256 ${actual}, verwacht ${sha256}).`,
          en: `The file ${path.basename(sourceFile)} changed while being copied (sha256 ${actual}, expected ${sha256}).`,
          subject: sourceFile,
        });
      }
      const handle = await fs.promises.open(temp, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(temp, target);
      return target;
    } catch (error) {
      await fs.promises.rm(temp, { force: true });
      throw error;
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
