// One format for files kept encrypted at rest (stored PDFs, export files):
// a 4-byte magic naming the kind, a 12-byte IV, the 16-byte AES-256-GCM tag,
// then the ciphertext. GCM's tag makes a damaged file or a wrong key fail
// instead of giving wrong bytes.
import crypto from 'node:crypto';

export function seal(plain: Buffer, key: Buffer, magic: Buffer): Buffer {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([magic, iv, cipher.getAuthTag(), body]);
}

export const isSealed = (stored: Buffer, magic: Buffer): boolean => stored.subarray(0, magic.length).equals(magic);

/** The plain bytes of a sealed file; throws when it is damaged or sealed under another key. */
export function unseal(stored: Buffer, key: Buffer, magic: Buffer): Buffer {
  const start = magic.length;
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, stored.subarray(start, start + 12));
  decipher.setAuthTag(stored.subarray(start + 12, start + 28));
  return Buffer.concat([decipher.update(stored.subarray(start + 28)), decipher.final()]);
}
