// key.json in the data dir: the store's data key, wrapped once per way of
// opening it (the OS keyring, or the app-lock passphrase), and a check value
// that tells a right key from a wrong one without touching the databases.
// Never the key itself. The recovery code needs nothing from this file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RaadsmapError } from '../../../shared/errors.ts';
import { describeIssues, WITH_INPUT } from '../../../shared/zod-messages.ts';
import { jsonProblem } from '../bounded-json.ts';
import { PRIVATE_FILE_MODE, writeFileAtomic } from '../files/atomic-write.ts';
import { sealedSchema, secretSlotSchema } from './key-wrap.ts';

export const KEY_FILE = 'key.json';

const keyFileSchema = z.strictObject({
  format: z.literal('raadsmap-key/1'),
  createdAt: z.iso.datetime(),
  /** HMAC-SHA256 of a fixed text under the data key. */
  check: z.base64(),
  /** The data key sealed by the OS keyring (Electron safeStorage). */
  keyring: z.strictObject({ sealed: z.base64() }).nullable(),
  passphrase: secretSlotSchema.nullable(),
  /**
   * Set while the store is rewritten under this key (encrypting a plain
   * store, a new recovery code): the rewritten copies (*.rekeyed) were
   * verified before this file was written, so a start that finds it
   * finishes the job by moving them in place.
   */
  pending: z.boolean().optional(),
  /**
   * The recovery code given out last, sealed under the data key, until the
   * user confirms having written it down: a crash before it was shown, or a
   * window closed on it, must not lose it. Every start shows it until then.
   */
  unconfirmedCode: sealedSchema.optional(),
  /**
   * While a new code is unconfirmed: for each earlier code, the data key that
   * came after it sealed under its key (`check` tells which), a chain from
   * the oldest to the current key, so the code the user did write down keeps
   * opening the store. Dropped when the new code is confirmed.
   */
  earlierCodes: z.array(sealedSchema.extend({ check: z.base64() })).max(8).optional(),
});
export type KeyFile = z.infer<typeof keyFileSchema>;

export function keyCheck(dataKey: Buffer): string {
  return crypto.createHmac('sha256', dataKey).update('raadsmap key check/1').digest('base64');
}

export function keyMatches(file: KeyFile, dataKey: Buffer): boolean {
  const expected = Buffer.from(file.check, 'base64');
  const actual = Buffer.from(keyCheck(dataKey), 'base64');
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/** The key file of a data dir, null when there is none; a damaged one is an error (the store stays as it is). */
export function readKeyFile(dataDir: string): KeyFile | null {
  const file = path.join(dataDir, KEY_FILE);
  if (!fs.existsSync(file)) return null;
  let parsed: unknown;
  const text = fs.readFileSync(file, 'utf8');
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw damaged(file, jsonProblem(text, cause), cause);
  }
  const result = keyFileSchema.safeParse(parsed, WITH_INPUT);
  if (!result.success) throw damaged(file, { nl: describeIssues(result.error.issues, 'nl'), en: describeIssues(result.error.issues, 'en') });
  return result.data;
}

/** Written whole or not at all (atomic-write.ts), the rename on disk before anything relies on it (the commit point of a rewrite). */
export function writeKeyFile(dataDir: string, keyFile: KeyFile): void {
  writeFileAtomic(path.join(dataDir, KEY_FILE), JSON.stringify(keyFileSchema.parse(keyFile), null, 2), { mode: PRIVATE_FILE_MODE });
}

function damaged(file: string, detail: { nl: string; en: string }, cause?: unknown): RaadsmapError {
  return new RaadsmapError(
    {
      code: 'vault.key-file-damaged',
      nl: `Het sleutelbestand ${file} is beschadigd (${detail.nl}). Er is niets aangeraakt; de herstelcode kan de gegevens nog openen als het bestand terug is uit een reservekopie van de computer.`,
      en: `The key file ${file} is damaged (${detail.en}). Nothing was touched; the recovery code can still open the data once the file is back from a backup of the computer.`,
      subject: file,
    },
    { cause },
  );
}
