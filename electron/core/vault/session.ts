// The store behind a host, from first run to locked and back: which key
// opens it (the OS keyring, the app-lock passphrase, the recovery code),
// encrypting a plain store, the app lock, and a store whose key is lost.
// Hosts hold a Session, not a Core: every call but the vault calls and the
// settings needs the store open (error vault.locked until then).
import fs from 'node:fs';
import path from 'node:path';
import type { CallInput, CallOutputs, CoreEvent, Settings, VaultState, VaultStatus } from '../../../shared/api.ts';
import { RaadsmapError, isRaadsmapError } from '../../../shared/errors.ts';
import { LIBRARY_FILE, PERSONAL_FILE, isPlainSqliteFile } from '../db/open-store.ts';
import { ensureDataDir } from '../data-dir.ts';
import type { Core, CorePorts, TaskOptions } from '../index.ts';
import { fileSettings } from '../settings.ts';
import { KEY_FILE, keyCheck, keyMatches, readKeyFile, writeKeyFile, type KeyFile } from './key-file.ts';
import { dataKeyFromRecoveryCode, newStoreKey, openUnderKey, openWithPassphrase, passphraseKey, sealUnderKey, sealWithPassphrase, type PassphraseKey, type SecretSlot } from './key-wrap.ts';
import { NODE_HOST_NO_KEYRING, noKeyring, type KeyringPort } from './keyring.ts';
import { leftoversMessage, removeOldLeftovers, type Leftovers } from './leftovers.ts';
import { discardRekey, finishRekey, prepareRekey } from './rekey-store.ts';
import { acquireWriterLock, holdRekeyLock, holdStartCheck, rewriteBusy, rewriteRunningElsewhere, waitUntilAlone, type HeldLock } from '../store-lock.ts';

export interface SessionPorts extends Omit<CorePorts, 'key'> {
  /** The OS keyring; hosts without one (web host, CLI) leave it out. */
  keyring?: KeyringPort | undefined;
}

export interface Session {
  readonly dataDir: string;
  status(): VaultStatus;
  /** The open store's core; throws vault.locked while the store is not open. */
  core(): Core;
  /** The open core, or null. */
  current(): Core | null;
  getSettings(): Settings;
  updateSettings(changes: CallInput<'updateSettings'>): Settings;
  /** Core events of whichever store is open, and vault-changed. */
  onEvent(listener: (event: CoreEvent) => void): () => void;
  /**
   * Runs `start` each time a store opens (at once if one is open): hosts
   * start the sample import and the sync schedule there. What it returns is
   * awaited before that store closes (lock, rekey, set aside, close).
   */
  whenOpen(start: (core: Core) => (() => Promise<void>) | void): () => void;
  /**
   * Runs a call on the open core; closing the store (lock, rekey, set aside)
   * cancels it through the signal and waits for it first (dispatchCall uses this).
   */
  onCore<T>(work: (core: Core, signal: AbortSignal) => T | Promise<T>): Promise<T>;
  setupVault(input: CallInput<'setupVault'>, options?: TaskOptions): Promise<CallOutputs['setupVault']>;
  unlockVault(input: CallInput<'unlockVault'>): Promise<VaultStatus>;
  lockVault(): Promise<VaultStatus>;
  setAppLock(input: CallInput<'setAppLock'>): Promise<VaultStatus>;
  newRecoveryCode(options?: TaskOptions): Promise<{ recoveryCode: string }>;
  /** The recovery code the user has not confirmed yet (given out, but maybe never seen), or null. */
  pendingRecoveryCode(): Promise<{ recoveryCode: string | null }>;
  /** The user has written the new code down: earlier codes stop opening the store. */
  confirmRecoveryCode(): Promise<VaultStatus>;
  setAsideStore(): Promise<VaultStatus>;
  close(): Promise<void>;
}

/** HKDF purposes of what key.json seals under a data key (key-wrap.ts). */
const UNCONFIRMED_CODE = 'raadsmap unconfirmed recovery code/1';
const EARLIER_CODE = 'raadsmap earlier recovery code/1';
/** Codes made one after another without confirming: the oldest beyond this stops opening the store. */
const MAX_EARLIER_CODES = 8;

const SET_ASIDE = /^onleesbaar-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z(-\d+)?$/;
const PARTIAL = '.partial';

/** What belongs to one store: its key file, databases, backups and (encrypted under its key) PDFs. */
const storeEntries = (dataDir: string) =>
  fs.readdirSync(dataDir).filter((n) => n === KEY_FILE || n === 'backups' || n === 'files' || n.startsWith(LIBRARY_FILE) || n.startsWith(PERSONAL_FILE));

/** Completes a set-aside that a crash interrupted: the rest of the store into its folder, then the folder under its name. */
function finishSetAside(dataDir: string): void {
  for (const partial of fs.readdirSync(dataDir).filter((n) => n.endsWith(PARTIAL) && SET_ASIDE.test(n.slice(0, -PARTIAL.length)))) {
    const folder = path.join(dataDir, partial);
    for (const name of storeEntries(dataDir)) fs.renameSync(path.join(dataDir, name), path.join(folder, name));
    fs.renameSync(folder, folder.slice(0, -PARTIAL.length));
  }
}

/** Where a Raadsmap before store-lock.ts kept the pid of a rewrite: a pid alone cannot tell a reused one apart. */
const OLD_REWRITE_LOCK = 'rekey.lock';

function lockedError(): RaadsmapError {
  return new RaadsmapError({
    code: 'vault.locked',
    nl: 'De gegevens zijn nog niet geopend (vergrendeld, of eerst versleuteling kiezen).',
    en: 'The data is not open yet (locked, or encryption has to be chosen first).',
  });
}

function errorText(error: unknown, language: 'nl' | 'en'): string {
  return isRaadsmapError(error) ? error[language] : error instanceof Error ? error.message : String(error);
}

/** How a session opens a core over its store: createCore, passed in (open-session.ts) so the vault needs only the core's types. */
export type CoreFactory = (ports: CorePorts) => Core;

export function createSession(ports: SessionPorts, createCore: CoreFactory): Session {
  const dataDir = path.resolve(ports.dataDir);
  ensureDataDir(dataDir);
  const keyring = ports.keyring ?? noKeyring(NODE_HOST_NO_KEYRING);
  const settings = ports.settings ?? fileSettings(dataDir);
  const clock = ports.clock ?? (() => new Date());
  const listeners = new Set<(event: CoreEvent) => void>();
  const starters = new Set<(core: Core) => (() => Promise<void>) | void>();
  let core: Core | null = null;
  let unsubscribe: (() => void) | null = null;
  let stops: (() => Promise<void>)[] = [];
  let dataKey: Buffer | null = null;
  /** The passphrase's key while the store is open, to seal a new data key without asking again. */
  let passKey: PassphraseKey | null = null;
  /** Why the store cannot open (key-lost), or a warning while open (only the recovery code opens it). */
  let problem: { nl: string; en: string } | null = null;
  /** What is wrong with key.json, as of its last reading (it may be repaired meanwhile). */
  let damage: { nl: string; en: string } | null = null;
  /** Per open store: aborted when it closes, so running calls stop before it does. */
  let epoch = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  // One vault operation at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => {});
    return next;
  };

  const emit = (event: CoreEvent) => listeners.forEach((l) => l(event));
  const keyringReason = () => keyring.unavailableReason();

  /** The key file, or null; a damaged one counts as none (and says so). */
  function keyFile(): KeyFile | null {
    try {
      const file = readKeyFile(dataDir);
      damage = null;
      return file;
    } catch (error) {
      damage = isRaadsmapError(error) ? { nl: error.nl, en: error.en } : { nl: String(error), en: String(error) };
      return null;
    }
  }

  function storeFilesPresent(): string[] {
    return [LIBRARY_FILE, PERSONAL_FILE].map((f) => path.join(dataDir, f)).filter((f) => fs.existsSync(f) && fs.statSync(f).size > 0);
  }

  /** The state, and the key file it was read from (one reading of key.json). */
  function inspect(): { state: VaultState; file: KeyFile | null } {
    const file = core && !dataKey ? null : keyFile();
    if (core) return { state: dataKey ? 'open' : 'plain', file };
    if (file) return { state: file.passphrase ? 'locked' : 'key-lost', file };
    if (fs.existsSync(path.join(dataDir, KEY_FILE))) return { state: 'key-lost', file }; // damaged
    const present = storeFilesPresent();
    if (present.length === 0) return { state: 'new', file };
    // One plain database beside one that is not: a plain store with a damaged file (opening says which), not a lost key.
    return { state: present.some(isPlainSqliteFile) ? 'plain' : 'key-lost', file };
  }

  const state = (): VaultState => inspect().state;

  function status(): VaultStatus {
    const { state: current, file } = inspect();
    const encrypted = current === 'open' || current === 'locked' || current === 'key-lost';
    const reason = keyringReason();
    return {
      state: current,
      encrypted,
      unlockWith: { keyring: Boolean(file?.keyring), passphrase: Boolean(file?.passphrase), recoveryCode: encrypted },
      keyring: { available: reason === null, reason },
      problem: current === 'key-lost' ? (damage ?? problem) : current === 'open' ? problem : null,
      setAside: fs.readdirSync(dataDir).filter((n) => SET_ASIDE.test(n)).sort(),
      recoveryCodeUnconfirmed: Boolean(file?.unconfirmedCode),
    };
  }

  function openCore(key: Buffer | null, options: { sealFiles?: boolean } = {}): void {
    const { keyring: _keyring, ...corePorts } = ports;
    core = createCore({ ...corePorts, settings, ...(key ? { key } : {}) });
    epoch = new AbortController();
    // PDFs left in the clear by an interrupted encryption: finished in the background (again next start if need be).
    if (key && options.sealFiles !== false) core.sealStoredFiles().catch(() => {});
    dataKey = key;
    unsubscribe = core.onEvent(emit);
    for (const start of starters) {
      const stop = start(core);
      if (stop) stops.push(stop);
    }
    emit({ type: 'vault-changed', status: status() });
  }

  async function closeCore(): Promise<void> {
    if (!core) return;
    const closing = core;
    const running = stops;
    stops = [];
    // Calls from now on get vault.locked; running ones are cancelled and end, and the host's own work (sample import, sync), first.
    core = null;
    epoch.abort();
    await Promise.allSettled([...running.map((stop) => stop()), ...inFlight]);
    unsubscribe?.();
    unsubscribe = null;
    await closing.close();
  }

  /**
   * A store rewritten under a new key is in place: what was made under the old
   * one (or in the clear) and not rewritten goes (leftovers.ts): exports, files
   * of a day at most made again in a click; unfinished backups; working files.
   */
  function finishRewrite(file: KeyFile): Leftovers {
    finishRekey(dataDir);
    const removed = removeOldLeftovers(dataDir);
    writeKeyFile(dataDir, { ...file, pending: undefined });
    return removed;
  }

  async function rewrite(fromKey: Buffer | null, toKey: Buffer, file: KeyFile, options: TaskOptions): Promise<void> {
    const elsewhere = rewriteRunningElsewhere(dataDir);
    if (elsewhere !== null) throw rewriteBusy(elsewhere);
    await closeCore();
    let writer: HeldLock | undefined;
    let lock: HeldLock | undefined;
    try {
      // After a running import or sync (in any process); then no other process may have the store open: the
      // files are renamed, and what a process wrote to the old ones would be lost. The rekey lock keeps new
      // ones out (createCore), and keeps them from finishing or discarding this rewrite halfway.
      const wait = { signal: options.signal, onProgress: options.onProgress, timeoutMs: ports.lockWaitMs };
      writer = await acquireWriterLock(dataDir, 'encrypt', wait);
      lock = holdRekeyLock(dataDir);
      await waitUntilAlone(dataDir, wait);
      await prepareRekey(dataDir, fromKey, toKey, options);
    } catch (error) {
      lock?.release();
      writer?.release();
      reopenAfterFailure(fromKey);
      throw error;
    }
    try {
      // The commit point: from here a crash is finished at the next start.
      writeKeyFile(dataDir, { ...file, pending: true });
      try {
        const removed = finishRewrite(file);
        options.onProgress?.({ phase: 'encrypt-leftovers', done: 1, total: 1, ...leftoversMessage(removed, fromKey === null) });
        openCore(toKey, { sealFiles: false });
      } catch (error) {
        // Committed: the next start finishes the job. Until then the store is closed, and says why.
        problem = {
          nl: `Het versleutelen is bijna klaar, maar stokte (${errorText(error, 'nl')}). Start Raadsmap opnieuw om het af te maken; er gaat niets verloren.`,
          en: `Encrypting is nearly done, but stalled (${errorText(error, 'en')}). Start Raadsmap again to finish it; nothing is lost.`,
        };
        emit({ type: 'vault-changed', status: status() });
        throw error;
      }
    } finally {
      lock.release();
      writer.release();
    }
  }

  /** After a failed rewrite the old store is as it was: open it again, or say why it does not open. */
  function reopenAfterFailure(key: Buffer | null): void {
    try {
      openCore(key);
    } catch (error) {
      problem = { nl: `De gegevens openen niet meer: ${errorText(error, 'nl')}`, en: `The data does not open any more: ${errorText(error, 'en')}` };
      emit({ type: 'vault-changed', status: status() });
    }
  }

  function newKeyFile(key: Buffer, slots: { keyring: boolean; passphrase: PassphraseKey | null }): KeyFile {
    return {
      format: 'raadsmap-key/1',
      createdAt: clock().toISOString(),
      check: keyCheck(key),
      keyring: slots.keyring ? { sealed: keyring.seal(key) } : null,
      passphrase: slots.passphrase ? sealWithPassphrase(key, slots.passphrase) : null,
    };
  }

  /**
   * A new key's file, keeping its recovery code until the user confirms it
   * and, when it replaces a key (a new code), a way from each earlier code to
   * the new key: a crash before the code was shown loses neither.
   */
  function withUnconfirmedCode(file: KeyFile, key: Buffer, recoveryCode: string, previous: { file: KeyFile | null; key: Buffer } | null): KeyFile {
    const earlier = previous ? [...(previous.file?.earlierCodes ?? []), { check: keyCheck(previous.key), ...sealUnderKey(previous.key, EARLIER_CODE, key) }].slice(-MAX_EARLIER_CODES) : undefined;
    return { ...file, unconfirmedCode: sealUnderKey(key, UNCONFIRMED_CODE, Buffer.from(recoveryCode, 'latin1')), ...(earlier ? { earlierCodes: earlier } : {}) };
  }

  /** The current data key a recovery code leads to: its own key, or one of an earlier code still unconfirmed-over. */
  function keyOfCode(file: KeyFile | null, codeKey: Buffer): Buffer | null {
    if (!file || keyMatches(file, codeKey)) return codeKey;
    let key = codeKey;
    for (let step = 0; step < MAX_EARLIER_CODES; step++) {
      const check = keyCheck(key);
      const link = file.earlierCodes?.find((e) => e.check === check);
      const next = link ? openUnderKey(key, EARLIER_CODE, link) : null;
      if (!next) return null;
      if (keyMatches(file, next)) return next;
      key = next;
    }
    return null;
  }

  function requireState(...allowed: VaultState[]): void {
    const current = state();
    if (!allowed.includes(current)) {
      throw new RaadsmapError({
        code: 'vault.wrong-state',
        nl: `Dat kan nu niet: de gegevens zijn ${STATE_NL[current]}.`,
        en: `That cannot be done now: the data is ${STATE_EN[current]}.`,
        subject: current,
      });
    }
  }

  function requireKeyring(): void {
    const reason = keyringReason();
    if (reason) throw new RaadsmapError({ code: 'vault.keyring-unavailable', nl: `De sleutelbos van het systeem is niet beschikbaar: ${reason.nl}`, en: `The system keyring is not available: ${reason.en}` });
  }

  // ---- At start ----------------------------------------------------------
  {
    // A rewrite another process is doing right now is not ours to finish or undo (vault.busy); two
    // processes starting at once do this one after the other.
    const lock = holdStartCheck(dataDir);
    let file: KeyFile | null;
    try {
      fs.rmSync(path.join(dataDir, OLD_REWRITE_LOCK), { force: true });
      file = keyFile();
      // A rewrite that reached its commit point is finished; one that did not is undone. With key.json
      // unreadable nobody can tell which: the copies stay until it is back.
      if (file?.pending) {
        lock.rewriting();
        finishRewrite(file);
      } else if (!damage) discardRekey(dataDir);
      finishSetAside(dataDir);
    } finally {
      lock.release();
    }
    const current = state();
    if (current === 'plain') openCore(null);
    else if (current === 'key-lost' && file?.keyring) {
      const reason = keyringReason();
      if (reason) {
        problem = { nl: `De sleutel van de gegevens staat in de sleutelbos van het systeem, maar die is hier niet beschikbaar: ${reason.nl}`, en: `The data's key is in the system keyring, which is not available here: ${reason.en}` };
      } else {
        let key: Buffer | null = null;
        try {
          key = keyring.open(file.keyring.sealed);
        } catch (error) {
          problem = {
            nl: `De sleutelbos van het systeem geeft de sleutel van de gegevens niet terug (${(error as Error).message}). Dat gebeurt na een nieuwe installatie of een ander gebruikersaccount.`,
            en: `The system keyring does not give back the data's key (${(error as Error).message}). This happens after a reinstall or on another user account.`,
          };
        }
        if (key && !keyMatches(file, key)) {
          problem = { nl: 'De sleutelbos van het systeem geeft een andere sleutel terug dan die van deze gegevens.', en: 'The system keyring gives back another key than this data’s.' };
        } else if (key) {
          // A damaged database, or one from another store: the recovery screen says so instead of the app failing to start.
          try {
            openCore(key);
          } catch (error) {
            problem = { nl: `De gegevens openen niet met hun sleutel: ${errorText(error, 'nl')}`, en: `The data does not open with its key: ${errorText(error, 'en')}` };
          }
        }
      }
    } else if (current === 'key-lost' && file) {
      problem = {
        nl: `In ${KEY_FILE} staat geen manier meer om de gegevens te openen (geen sleutelbos, geen app-wachtwoord); de herstelcode opent ze.`,
        en: `${KEY_FILE} holds no way left to open the data (no keyring, no app password); the recovery code opens it.`,
      };
    } else if (current === 'key-lost' && !damage) {
      // An encrypted database is whole pages; a file that is not cannot be one: damage, not encryption.
      const torn = storeFilesPresent().filter((f) => fs.statSync(f).size % 512 !== 0);
      problem = torn.length
        ? {
            nl: `${torn.join(' en ')} is beschadigd: geen SQLite-database en ook geen versleutelde. Er is niets aangeraakt. Zet het bestand terug uit een reservekopie van de computer.`,
            en: `${torn.join(' and ')} is damaged: not an SQLite database, nor an encrypted one. Nothing was touched. Put the file back from a backup of the computer.`,
          }
        : {
            nl: `Het sleutelbestand ${KEY_FILE} ontbreekt, maar de gegevens zijn versleuteld (of beschadigd).`,
            en: `The key file ${KEY_FILE} is missing, but the data is encrypted (or damaged).`,
          };
    }
  }

  return {
    dataDir,
    status,
    core() {
      if (core) return core;
      throw lockedError();
    },
    current: () => core,
    onCore(work) {
      if (!core) return Promise.reject(lockedError());
      const open = core;
      const running = Promise.resolve().then(() => work(open, epoch.signal));
      inFlight.add(running);
      void running.then(
        () => inFlight.delete(running),
        () => inFlight.delete(running),
      );
      return running;
    },
    getSettings: () => settings.read(),
    updateSettings(changes) {
      const next = { ...settings.read(), ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
      settings.write(next);
      return settings.read();
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenOpen(start) {
      starters.add(start);
      if (core) {
        const stop = start(core);
        if (stop) stops.push(stop);
      }
      return () => starters.delete(start);
    },

    setupVault: ({ encrypt, passphrase }, options = {}) =>
      serial(async () => {
        requireState('new', 'plain');
        const current = state();
        if (!encrypt) {
          if (current === 'new') openCore(null);
          return { status: status(), recoveryCode: null };
        }
        if (!passphrase) requireKeyring();
        const { recoveryCode, dataKey: key } = newStoreKey();
        const pass = passphrase ? await derive(passphrase) : null;
        const file = withUnconfirmedCode(newKeyFile(key, { keyring: !pass, passphrase: pass }), key, recoveryCode, null);
        if (current === 'new') {
          writeKeyFile(dataDir, file);
          try {
            openCore(key);
          } catch (error) {
            // Nothing was stored before: back to a first run, not to a store whose code nobody saw.
            for (const name of [KEY_FILE, LIBRARY_FILE, PERSONAL_FILE]) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dataDir, name + suffix), { force: true });
            throw error;
          }
        } else {
          await rewrite(null, key, file, options);
          // Then the PDFs stored so far, with progress. A failure here must not hide the recovery code:
          // the databases are encrypted, and the next start encrypts the PDFs not reached.
          await core!.sealStoredFiles(options).catch(() => 0);
        }
        passKey = pass;
        return { status: status(), recoveryCode };
      }),

    unlockVault: (input) =>
      serial(async () => {
        requireState('locked', 'key-lost');
        const file = keyFile();
        if ('passphrase' in input) {
          if (!file?.passphrase) {
            throw new RaadsmapError({ code: 'vault.no-passphrase', nl: 'Deze gegevens hebben geen app-wachtwoord; gebruik de herstelcode.', en: 'This data has no app password; use the recovery code.' });
          }
          const pass = await derive(input.passphrase, file.passphrase);
          const key = openWithPassphrase(file.passphrase, pass);
          if (!key || !keyMatches(file, key)) {
            throw new RaadsmapError({ code: 'vault.wrong-passphrase', nl: 'Dat wachtwoord klopt niet.', en: 'That password is not right.' });
          }
          problem = null;
          openCore(key);
          passKey = pass;
          return status();
        }
        const wrongCode = () => new RaadsmapError({ code: 'vault.wrong-recovery-code', nl: 'Die herstelcode hoort niet bij deze gegevens.', en: 'That recovery code does not belong to this data.' });
        const codeKey = dataKeyFromRecoveryCode(input.recoveryCode);
        // An earlier code still opens the store while the newest one is unconfirmed.
        const key = codeKey && keyOfCode(file, codeKey);
        if (!key) throw wrongCode();
        try {
          openCore(key);
        } catch (error) {
          if (isRaadsmapError(error) && error.code === 'store.key-mismatch') throw wrongCode();
          throw error;
        }
        // Next time the keyring opens it again where it can; a passphrase slot stays (the user may still
        // know it); where there is no keyring (the CLI, the web host) the keyring's slot stays as it was.
        const keyringOk = keyringReason() === null;
        const keyringSlot = file?.passphrase ? null : keyringOk ? { sealed: keyring.seal(key) } : (file?.keyring ?? null);
        const slotsLeft = Boolean(file?.passphrase) || keyringSlot !== null;
        const repaired: KeyFile = {
          format: 'raadsmap-key/1',
          createdAt: file?.createdAt ?? clock().toISOString(),
          check: keyCheck(key),
          keyring: keyringSlot,
          passphrase: file?.passphrase ?? null,
          // Still to be confirmed: opening with a code does not confirm a newer one.
          ...(file?.unconfirmedCode ? { unconfirmedCode: file.unconfirmedCode } : {}),
          ...(file?.earlierCodes ? { earlierCodes: file.earlierCodes } : {}),
        };
        writeKeyFile(dataDir, repaired);
        problem = slotsLeft
          ? null
          : {
              nl: 'Alleen de herstelcode opent deze gegevens nu. Zet een app-wachtwoord aan (Mijn gegevens → Beveiliging), anders is de code bij elke start nodig.',
              en: 'Only the recovery code opens this data now. Turn on an app password (My data → Security), or the code is needed at every start.',
            };
        emit({ type: 'vault-changed', status: status() });
        return status();
      }),

    lockVault: () =>
      serial(async () => {
        requireState('open');
        if (!keyFile()?.passphrase) {
          throw new RaadsmapError({ code: 'vault.no-passphrase', nl: 'Vergrendelen kan alleen met een app-wachtwoord.', en: 'Locking needs an app password.' });
        }
        await closeCore();
        dataKey = null;
        passKey = null;
        const locked = status();
        emit({ type: 'vault-changed', status: locked });
        return locked;
      }),

    setAppLock: ({ passphrase }) =>
      serial(async () => {
        requireState('open');
        const file = keyFile() ?? newKeyFile(dataKey!, { keyring: false, passphrase: null });
        if (passphrase === null) {
          requireKeyring();
          writeKeyFile(dataDir, { ...file, keyring: { sealed: keyring.seal(dataKey!) }, passphrase: null });
          passKey = null;
        } else {
          const pass = await derive(passphrase);
          // With the app lock on, the keyring no longer opens the store: the passphrase must be typed.
          writeKeyFile(dataDir, { ...file, keyring: null, passphrase: sealWithPassphrase(dataKey!, pass) });
          passKey = pass;
        }
        problem = null;
        const next = status();
        emit({ type: 'vault-changed', status: next });
        return next;
      }),

    newRecoveryCode: (options = {}) =>
      serial(async () => {
        requireState('open');
        const file = keyFile();
        if (file?.passphrase && !passKey) {
          throw new RaadsmapError({
            code: 'vault.passphrase-needed',
            nl: 'Stel eerst het app-wachtwoord opnieuw in; daarna kan er een nieuwe herstelcode komen.',
            en: 'Set the app password again first; then a new recovery code can be made.',
          });
        }
        const { recoveryCode, dataKey: key } = newStoreKey();
        const fresh = newKeyFile(key, { keyring: Boolean(file?.keyring), passphrase: file?.passphrase ? passKey : null });
        // Committed with the rewrite: the new code until confirmed, and the old one still opening the store.
        const next = withUnconfirmedCode({ ...fresh, createdAt: file?.createdAt ?? fresh.createdAt }, key, recoveryCode, { file, key: dataKey! });
        await rewrite(dataKey, key, next, options);
        void core!.sealStoredFiles().catch(() => {});
        return { recoveryCode };
      }),

    pendingRecoveryCode: () =>
      serial(async () => {
        requireState('open');
        const sealed = keyFile()?.unconfirmedCode;
        const code = sealed ? openUnderKey(dataKey!, UNCONFIRMED_CODE, sealed) : null;
        return { recoveryCode: code ? code.toString('latin1') : null };
      }),

    confirmRecoveryCode: () =>
      serial(async () => {
        requireState('open');
        const file = keyFile();
        if (file?.unconfirmedCode || file?.earlierCodes) writeKeyFile(dataDir, { ...file, unconfirmedCode: undefined, earlierCodes: undefined });
        const next = status();
        emit({ type: 'vault-changed', status: next });
        return next;
      }),

    setAsideStore: () =>
      serial(async () => {
        requireState('locked', 'key-lost');
        // Only this host lacks the keyring (the web host, the CLI): the data is fine, and the desktop app opens it.
        const file = keyFile();
        if (file?.keyring && !file.passphrase && keyringReason() !== null) {
          throw new RaadsmapError({
            code: 'vault.opens-elsewhere',
            nl: 'Deze gegevens zijn in orde: de desktop-app opent ze met de sleutelbos van het systeem, en hier opent de herstelcode ze. Opnieuw beginnen is niet nodig en gebeurt daarom niet.',
            en: 'This data is fine: the desktop app opens it with the system keyring, and here the recovery code opens it. Starting over is not needed, so it is not done.',
          });
        }
        const stamp = clock().toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
        let folder = path.join(dataDir, `onleesbaar-${stamp}`);
        for (let n = 2; fs.existsSync(folder) || fs.existsSync(folder + PARTIAL); n++) folder = path.join(dataDir, `onleesbaar-${stamp}-${n}`);
        // Moved, never deleted: with the key (or its recovery code) found later, these open again. Into a
        // .partial folder first, renamed when all is in, so a crash never splits a store over two folders.
        fs.mkdirSync(folder + PARTIAL);
        finishSetAside(dataDir);
        problem = null;
        const next = status();
        emit({ type: 'vault-changed', status: next });
        return next;
      }),

    close: () => serial(() => closeCore()),
  };
}

const derive = (secret: string, slot?: SecretSlot): Promise<PassphraseKey> => passphraseKey(secret, slot);

const STATE_NL: Record<VaultState, string> = { new: 'nog niet ingesteld', plain: 'niet versleuteld', locked: 'vergrendeld', 'key-lost': 'niet te openen (sleutel kwijt)', open: 'versleuteld en open' };
const STATE_EN: Record<VaultState, string> = { new: 'not set up yet', plain: 'not encrypted', locked: 'locked', 'key-lost': 'not openable (key lost)', open: 'encrypted and open' };
