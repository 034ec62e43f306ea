// personal.db holds what only the councillor made (annotations, notes,
// drafts). SQLite would happily open a zero-byte, missing or foreign file
// there as an empty database and the migrations would fill it with empty
// tables: all private work silently gone from view. openStore refuses such a
// personal.db while the library already holds meetings
// (store.personal-unusable); then this sets it aside (kept, never deleted)
// and puts the newest backup that checks out in its place, with a notice.
// Without such a backup the store refuses to open and says what to do.
import fs from 'node:fs';
import path from 'node:path';
import { RaadsmapError, isRaadsmapError } from '../../../shared/errors.ts';
import { PRIVATE_FILE_MODE, replaceFile } from '../files/atomic-write.ts';
import { backupFiles, checkBackup } from '../personal/backups.ts';
import { openStore, PERSONAL_FILE, type PersonalState, type Store } from './open-store.ts';

export interface StoreNotice {
  nl: string;
  en: string;
}

const STATE_NL: Record<PersonalState, string> = {
  missing: 'ontbreekt',
  empty: 'is leeg (0 bytes)',
  foreign: 'is geen Raadsmap-bestand',
  unreadable: 'is beschadigd (niet te lezen)',
};
const STATE_EN: Record<PersonalState, string> = {
  missing: 'is missing',
  empty: 'is empty (0 bytes)',
  foreign: 'is not a Raadsmap file',
  unreadable: 'is damaged (cannot be read)',
};

/**
 * Opens the store; a personal.db that openStore refuses as unusable is
 * replaced by the newest good backup first. Returns the store and what the
 * user must be told.
 */
export function openStoreGuarded(dataDir: string, key: Buffer | undefined, now: Date): { store: Store; notices: StoreNotice[] } {
  try {
    return { store: openStore(dataDir, key), notices: [] };
  } catch (error) {
    if (!isRaadsmapError(error) || error.code !== 'store.personal-unusable') throw error;
    const notices = recoverPersonal(dataDir, key, error.subject as PersonalState, now);
    return { store: openStore(dataDir, key, { allowNewPersonal: true }), notices };
  }
}

function recoverPersonal(dataDir: string, key: Buffer | undefined, state: PersonalState, now: Date): StoreNotice[] {
  const personal = path.join(dataDir, PERSONAL_FILE);
  const backupsDir = path.join(dataDir, 'backups');
  const usable = backupFiles(backupsDir).find((b) => {
    try {
      checkBackup(path.join(backupsDir, b.name), key);
      return true;
    } catch {
      return false;
    }
  });
  if (!usable) {
    // A missing file loses nothing more by starting afresh; any other file stays exactly where it is.
    if (state === 'missing') {
      return [
        {
          nl: `Uw eigen gegevens (${PERSONAL_FILE}) ontbraken en er is geen reservekopie. Raadsmap begint met lege eigen gegevens; de vergaderstukken zijn er nog.`,
          en: `Your own data (${PERSONAL_FILE}) was missing and there is no backup. Raadsmap starts with empty own data; the meeting documents are still there.`,
        },
      ];
    }
    throw new RaadsmapError({
      code: 'store.personal-damaged',
      nl: `Uw eigen gegevens in ${personal} ${STATE_NL[state]}, en er is geen bruikbare reservekopie in ${backupsDir}. Er is niets overschreven. Zet het bestand terug uit een reservekopie van de computer; wilt u met lege eigen gegevens verder, verplaats het bestand dan zelf naar een andere map.`,
      en: `Your own data in ${personal} ${STATE_EN[state]}, and there is no usable backup in ${backupsDir}. Nothing was overwritten. Put the file back from a backup of the computer; to go on with empty own data, move the file to another folder yourself.`,
      subject: personal,
    });
  }

  // The damaged file and its journal are kept beside the store, never deleted.
  const aside = `${personal}.beschadigd-${now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (fs.existsSync(personal + suffix)) fs.renameSync(personal + suffix, aside + suffix);
  }
  // Whole or not at all, as every file Raadsmap writes (files/atomic-write.ts).
  replaceFile(personal, (temp) => fs.copyFileSync(path.join(backupsDir, usable.name), temp), { mode: PRIVATE_FILE_MODE });
  const when = usable.createdAt.slice(0, 16).replace('T', ' ');
  const keptNl = state === 'missing' ? '' : ` Het oude bestand staat als ${path.basename(aside)} in de gegevensmap.`;
  const keptEn = state === 'missing' ? '' : ` The old file is kept as ${path.basename(aside)} in the data folder.`;
  return [
    {
      nl: `Uw eigen gegevens (${PERSONAL_FILE}) ${STATE_NL[state]}. De reservekopie van ${when} (UTC) is teruggezet: aantekeningen, notities en concepten van daarna ontbreken.${keptNl}`,
      en: `Your own data (${PERSONAL_FILE}) ${STATE_EN[state]}. The backup of ${when} (UTC) was put back: annotations, notes and drafts made after it are missing.${keptEn}`,
    },
  ];
}
