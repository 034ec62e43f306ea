// The data key (32 bytes, SQLCipher's raw key) is derived from the recovery
// code, so the code alone opens the store even when key.json is gone. It is
// never stored as is: key.json holds it wrapped, once per way of opening it.
// A passphrase goes through scrypt (memory-hard, so each offline guess is
// costly) to an AES-256-GCM key that seals the data key; GCM's tag makes a
// wrong passphrase fail cleanly instead of yielding a wrong key.
import crypto from 'node:crypto';
import { z } from 'zod';

export const DATA_KEY_BYTES = 32;

/** scrypt cost: N=2^17, r=8 takes ~128 MB and ~0.3–0.5 s per try on a laptop. */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

export const secretSlotSchema = z.strictObject({
  kdf: z.literal('scrypt'),
  // Bounded, so a tampered key.json cannot make scrypt take all memory (at most ~512 MB).
  N: z.number().int().min(2 ** 14).max(2 ** 18),
  r: z.number().int().min(1).max(8),
  p: z.number().int().min(1).max(4),
  salt: z.base64(),
  iv: z.base64(),
  tag: z.base64(),
  wrapped: z.base64(),
});
export type SecretSlot = z.infer<typeof secretSlotSchema>;

/**
 * The key a passphrase stands for (scrypt is run once): a new salt, or the
 * salt of an existing slot to open it. Kept in memory while the store is
 * open, so the data key can be sealed again (a new recovery code) without
 * asking for the passphrase.
 */
export interface PassphraseKey {
  kek: Buffer;
  salt: Buffer;
  cost: { N: number; r: number; p: number };
}

export async function passphraseKey(passphrase: string, slot?: SecretSlot): Promise<PassphraseKey> {
  const salt = slot ? Buffer.from(slot.salt, 'base64') : crypto.randomBytes(16);
  const cost = slot ? { N: slot.N, r: slot.r, p: slot.p } : { ...SCRYPT };
  // NFC: the same passphrase typed on another keyboard layout or OS gives the same bytes.
  // Async: scrypt's ~0.4 s run in libuv's thread pool, so the window keeps answering.
  const kek = await new Promise<Buffer>((resolve, reject) =>
    crypto.scrypt(passphrase.normalize('NFC'), salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r + 16 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
  return { kek, salt, cost };
}

export function sealWithPassphrase(dataKey: Buffer, key: PassphraseKey): SecretSlot {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key.kek, iv);
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return { kdf: 'scrypt', ...key.cost, salt: key.salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), wrapped: wrapped.toString('base64') };
}

/** The data key, or null when the passphrase is not the one the slot was sealed with. */
export function openWithPassphrase(slot: SecretSlot, key: PassphraseKey): Buffer | null {
  const decipher = crypto.createDecipheriv('aes-256-gcm', key.kek, Buffer.from(slot.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(slot.tag, 'base64'));
  try {
    const dataKey = Buffer.concat([decipher.update(Buffer.from(slot.wrapped, 'base64')), decipher.final()]);
    return dataKey.length === DATA_KEY_BYTES ? dataKey : null;
  } catch {
    return null;
  }
}

// ---- Sealed under the data key ----------------------------------------------
// Until the user confirms having written a new recovery code down, key.json
// keeps that code sealed under the data key (whoever opens the store may see
// it again), and the data key sealed under the key of each earlier code (so
// those keep opening the store). Each use gets its own subkey (HKDF), never
// SQLCipher's raw key itself.

export const sealedSchema = z.strictObject({ iv: z.base64(), tag: z.base64(), sealed: z.base64() });
export type Sealed = z.infer<typeof sealedSchema>;

const subkey = (key: Buffer, purpose: string) => Buffer.from(crypto.hkdfSync('sha256', key, Buffer.from('raadsmap'), Buffer.from(purpose), 32));

export function sealUnderKey(key: Buffer, purpose: string, secret: Buffer): Sealed {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', subkey(key, purpose), iv);
  const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), sealed: sealed.toString('base64') };
}

/** The secret, or null when it was not sealed under this key for this purpose. */
export function openUnderKey(key: Buffer, purpose: string, box: Sealed): Buffer | null {
  const decipher = crypto.createDecipheriv('aes-256-gcm', subkey(key, purpose), Buffer.from(box.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(box.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(box.sealed, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

// ---- Recovery code ---------------------------------------------------------
// 160 random bits in Crockford base32 (no I, L, O, U), as 8 groups of 4: easy
// to write down and type back; reading mistakes (O for 0, l for 1) are forgiven.
// 160 bits cannot be guessed, so a plain HKDF (no slow KDF) turns it into the key.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/;

/** A new store key: the recovery code to give the user, and the data key it stands for. */
export function newStoreKey(): { recoveryCode: string; dataKey: Buffer } {
  const recoveryCode = newRecoveryCode();
  return { recoveryCode, dataKey: dataKeyFromRecoveryCode(recoveryCode)! };
}

/** The data key of a recovery code as typed, or null when it is not one in form. */
export function dataKeyFromRecoveryCode(typed: string): Buffer | null {
  const code = normaliseRecoveryCode(typed);
  if (!CODE.test(code)) return null;
  return Buffer.from(crypto.hkdfSync('sha256', Buffer.from(code.replace(/-/g, ''), 'latin1'), Buffer.from('raadsmap'), Buffer.from('raadsmap data key/1'), DATA_KEY_BYTES));
}

function newRecoveryCode(): string {
  const bytes = crypto.randomBytes(20);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** The code as typed (any case, spaces or dashes, O/I/L for 0/1/1) in the form it was given out. */
export function normaliseRecoveryCode(typed: string): string {
  const plain = typed
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return (plain.match(/.{1,4}/g) ?? []).join('-');
}
