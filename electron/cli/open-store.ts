// How the command line opens the store: as the app does, but without an OS
// keyring (only the desktop app reaches it). An encrypted store is opened
// with the app password or the recovery code from the environment
// (RAADSMAP_PASSPHRASE, RAADSMAP_RECOVERY_CODE), never from an argument,
// which other users could read in the process list. An empty data dir gets
// an unencrypted store; the app can encrypt it later (Mijn gegevens →
// Beveiliging).
import type { VaultState } from '../../shared/api.ts';
import { RaadsmapError } from '../../shared/errors.ts';
import { openSession, type Session } from '../core/vault/session.ts';

export async function openCliSession(dataDir: string, env: NodeJS.ProcessEnv): Promise<Session> {
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
    return session;
  } catch (error) {
    await session.close();
    throw error;
  }
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
