// The OS keyring through Electron's safeStorage: Keychain on macOS, DPAPI on
// Windows, the Secret Service (GNOME Keyring, KWallet) on Linux. On Linux
// without one, Chromium falls back to 'basic_text': a key hard-coded in
// Chromium itself, which protects nothing. That fallback is refused, with an
// explanation, so the user chooses an app password instead.
import type { KeyringPort } from '../core/vault/keyring.ts';

/** The part of Electron's safeStorage this needs (mocked in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only. */
  getSelectedStorageBackend?: () => string;
}

export function safeStorageKeyring(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): KeyringPort {
  const reason = (): { nl: string; en: string } | null => {
    if (!safeStorage.isEncryptionAvailable()) {
      return {
        nl: 'Het besturingssysteem biedt geen sleutelbos waarin Raadsmap de sleutel kan bewaren.',
        en: 'The operating system offers no keyring in which Raadsmap can keep the key.',
      };
    }
    if (platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
      if (backend === 'basic_text' || backend === 'unknown') {
        return {
          nl: 'Er draait geen sleutelbos (GNOME Keyring of KWallet). Zonder sleutelbos zou de sleutel met een vaste, openbaar bekende sleutel worden opgeslagen; dat beschermt niets. Installeer een sleutelbos, of vergrendel de app met een wachtwoord.',
          en: 'No keyring is running (GNOME Keyring or KWallet). Without one, the key would be stored under a fixed, publicly known key, which protects nothing. Install a keyring, or lock the app with a password.',
        };
      }
    }
    return null;
  };
  return {
    unavailableReason: reason,
    seal(dataKey) {
      const why = reason();
      if (why) throw new Error(why.en);
      return safeStorage.encryptString(dataKey.toString('base64')).toString('base64');
    },
    open(sealed) {
      const why = reason();
      if (why) throw new Error(why.en);
      const key = Buffer.from(safeStorage.decryptString(Buffer.from(sealed, 'base64')), 'base64');
      if (key.length !== 32) throw new Error('the keyring returned no valid key');
      return key;
    },
  };
}
