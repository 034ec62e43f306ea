// The OS keyring as the core sees it: a host that has one (Electron's
// safeStorage, electron/main/keyring.ts) seals the data key with it; a host
// that has none (the web host, the CLI) says why, and the store is then
// opened by passphrase or recovery code only.

export interface KeyringPort {
  /** null when the keyring can keep the key; otherwise why not, for the user. */
  unavailableReason(): { nl: string; en: string } | null;
  /** The data key sealed by the OS (base64), for key.json. */
  seal(dataKey: Buffer): string;
  /** The data key back; throws when the keyring cannot open it (another user, a reset keyring). */
  open(sealed: string): Buffer;
}

/** What a host without an OS keyring (plain Node) answers. */
export function noKeyring(reason: { nl: string; en: string }): KeyringPort {
  const refuse = (): never => {
    throw new Error(reason.en);
  };
  return { unavailableReason: () => reason, seal: refuse, open: refuse };
}

export const NODE_HOST_NO_KEYRING = {
  nl: 'In de browser kan Raadsmap niet bij de sleutelbos van het systeem; dat kan alleen de desktop-app. Beveilig uw gegevens hier met een app-wachtwoord.',
  en: 'In the browser Raadsmap cannot reach the system keyring; only the desktop app can. Protect your data here with an app password.',
};
