// What a store rewritten under a new key (an unencrypted store encrypted, a
// new recovery code) leaves from before: files the rewrite does not carry
// over, made in the clear or under the old key. Exports (my notes, drafts,
// annotated PDFs), a backup that was being made or a restore's copy, the
// working files of imports and syncs (uploads/, staging/, downloads/), and
// temporaries a killed writer left. All go once the rewrite is committed;
// the backups themselves were rewritten with the store (rekey-store.ts).
import fs from 'node:fs';
import path from 'node:path';
import { isOurTemp } from '../files/atomic-write.ts';

export interface Leftovers {
  exports: number;
  /** Unfinished backups (`*.partial`) and a restore's copy (`personal.db.restoring`). */
  unfinishedBackups: number;
  /** Uploaded packages, staged packages, partial downloads, temporaries. */
  workFiles: number;
}

/** The backups rekey-store.ts rewrites; anything else in backups/ was never rewritten. */
const REWRITTEN_BACKUP = /^personal-.*\.db$/;

export function removeOldLeftovers(dataDir: string): Leftovers {
  const exports = removeAllIn(path.join(dataDir, 'exports'));
  let unfinishedBackups = removeWhere(path.join(dataDir, 'backups'), (name) => !REWRITTEN_BACKUP.test(name));
  unfinishedBackups += removeWhere(dataDir, (name) => name === 'personal.db.restoring');
  // Ours, and those of writers before atomic-write.ts (settings.json.<random>.tmp, key.json.<pid>.tmp).
  let workFiles = removeWhere(dataDir, (name) => isOurTemp(name) || /^(?:settings|key)\.json\.[0-9a-f]+\.tmp$/.test(name));
  for (const folder of ['uploads', 'staging', 'downloads']) workFiles += removeAllIn(path.join(dataDir, folder));
  return { exports, unfinishedBackups, workFiles };
}

/** What removeOldLeftovers removed, as the progress of the rewrite says it. */
export function leftoversMessage(removed: Leftovers, encrypting: boolean): { nl: string; en: string } {
  const nl = [
    count(removed.exports, 'exportbestand', 'exportbestanden'),
    count(removed.unfinishedBackups, 'onvoltooide reservekopie', 'onvoltooide reservekopieën'),
    count(removed.workFiles, 'werkbestand van importeren of synchroniseren', 'werkbestanden van importeren en synchroniseren'),
  ].filter(Boolean);
  const en = [
    count(removed.exports, 'export file', 'export files'),
    count(removed.unfinishedBackups, 'unfinished backup', 'unfinished backups'),
    count(removed.workFiles, 'working file of an import or sync', 'working files of imports and syncs'),
  ].filter(Boolean);
  if (nl.length === 0) {
    return encrypting
      ? { nl: 'Geen onversleutelde restanten gevonden.', en: 'No unencrypted leftovers found.' }
      : { nl: 'Geen restanten onder de oude sleutel gevonden.', en: 'No leftovers under the old key found.' };
  }
  return encrypting
    ? { nl: `Onversleutelde restanten verwijderd: ${nl.join(', ')}.`, en: `Unencrypted leftovers removed: ${en.join(', ')}.` }
    : { nl: `Restanten onder de oude sleutel verwijderd: ${nl.join(', ')}.`, en: `Leftovers under the old key removed: ${en.join(', ')}.` };
}

const count = (n: number, one: string, many: string): string => (n === 0 ? '' : `${n} ${n === 1 ? one : many}`);

const removeAllIn = (dir: string): number => removeWhere(dir, () => true);

function removeWhere(dir: string, matches: (name: string) => boolean): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return 0;
  }
  const gone = names.filter(matches);
  for (const name of gone) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  return gone.length;
}
