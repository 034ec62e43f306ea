// How the command line opens the store: as the app does, but without an OS
// keyring (only the desktop app reaches it). An encrypted store is opened
// with the app password or the recovery code from the environment
// (RAADSMAP_PASSPHRASE, RAADSMAP_RECOVERY_CODE), never from an argument,
// which other users could read in the process list. An empty data dir gets
// an unencrypted store; the app can encrypt it later (Mijn gegevens →
// Beveiliging).
import type { VaultState } from '../../shared/api.ts';
import { RaadsmapError, type Language } from '../../shared/errors.ts';
import { openSession, type Session } from '../core/open-session.ts';

export interface CliNotices {
  language: Language;
  /** Where notices go (stderr), and whether a person reads it there (a terminal): only then is a secret shown. */
  warn: (line: string) => void;
  interactive: boolean;
}

export async function openCliSession(dataDir: string, env: NodeJS.ProcessEnv, notices?: CliNotices): Promise<Session> {
  const session = openSession({ dataDir });
  try {
    const { state, problem } = session.status();
    if (state === 'new') await session.setupVault({ encrypt: false });
    if (state === 'locked' || state === 'key-lost') {
      const passphrase = env.RAADSMAP_PASSPHRASE;
      const recoveryCode = env.RAADSMAP_RECOVERY_CODE;
      if (passphrase && state === 'locked') await session.unlockVault({ passphrase });
      else if (recoveryCode) await session.unlockVault({ recoveryCode });
      else {
        const why = problem ? ` ${problem.nl}` : '';
        const whyEn = problem ? ` ${problem.en}` : '';
        throw new RaadsmapError({
          code: 'vault.locked',
          nl: `De gegevens in ${dataDir} zijn versleuteld.${why} Geef het app-wachtwoord in RAADSMAP_PASSPHRASE of de herstelcode in RAADSMAP_RECOVERY_CODE.`,
          en: `The data in ${dataDir} is encrypted.${whyEn} Give the app password in RAADSMAP_PASSPHRASE or the recovery code in RAADSMAP_RECOVERY_CODE.`,
          subject: dataDir,
        });
      }
    }
    if (notices && session.status().recoveryCodeUnconfirmed) await warnUnconfirmedCode(session, notices);
    // What opening had to repair (a backup put back in place of a damaged personal.db).
    for (const notice of notices ? (session.current()?.storeNotices({}) ?? []) : []) notices!.warn(notices!.language === 'nl' ? notice.nl : notice.en);
    return session;
  } catch (error) {
    await session.close();
    throw error;
  }
}

/**
 * A recovery code made (in the app) but never confirmed, because the app
 * stopped or its window closed first: said before anything else, the code
 * itself only on a terminal (never into a script's log file).
 */
async function warnUnconfirmedCode(session: Session, { language, warn, interactive }: CliNotices): Promise<void> {
  const code = interactive ? (await session.pendingRecoveryCode()).recoveryCode : null;
  const nl = language === 'nl';
  if (code) {
    warn(nl ? `Let op: er is een nieuwe herstelcode die u nog niet als bewaard hebt bevestigd: ${code}` : `Note: there is a new recovery code you have not yet confirmed as stored: ${code}`);
  } else {
    warn(nl ? 'Let op: er is een nieuwe herstelcode die u nog niet als bewaard hebt bevestigd. Toon hem met `raadsmap vault --show-code`.' : 'Note: there is a new recovery code you have not yet confirmed as stored. Show it with `raadsmap vault --show-code`.');
  }
  warn(
    nl
      ? 'Schrijf hem op en bevestig met `raadsmap vault --confirm-code`; tot dan opent ook uw vorige herstelcode de gegevens.'
      : 'Write it down and confirm with `raadsmap vault --confirm-code`; until then your previous recovery code opens the data as well.',
  );
}

export const VAULT_STATE_NL: Record<VaultState, string> = {
  new: 'Nog geen gegevens',
  plain: 'Niet versleuteld',
  locked: 'Versleuteld, vergrendeld met een app-wachtwoord',
  'key-lost': 'Versleuteld, de sleutel is niet te lezen',
  open: 'Versleuteld',
};
export const VAULT_STATE_EN: Record<VaultState, string> = {
  new: 'No data yet',
  plain: 'Not encrypted',
  locked: 'Encrypted, locked with an app password',
  'key-lost': 'Encrypted, the key cannot be read',
  open: 'Encrypted',
};
