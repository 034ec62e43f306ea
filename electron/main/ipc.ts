// The Electron IPC host: one ipcMain.handle per call of shared/api.ts. Each
// handler refuses senders that are not the app, then goes through
// dispatchCall like every other host (input validation, Result envelope).
import { inputs, type CallName, type CoreEvent, type Result } from '../../shared/api.ts';
import type { Session } from '../core/vault/session.ts';
import { toErrorInfo } from '../../shared/error-mapping.ts';
import { dispatchCall } from '../core/dispatch.ts';
import { isTrustedSender, type IpcSenderEvent } from './guards.ts';
import { callChannel, CHOOSE_PACKAGES_CHANNEL, REVEAL_SAVED_CHANNEL, SAVE_EXPORT_CHANNEL, UPLOAD_CHANNEL } from './ipc-channels.ts';
import type { SavedExports } from './saved-exports.ts';

/** The part of Electron's ipcMain this host needs. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcHostOptions {
  ipcMain: IpcMainLike;
  /** The store behind the window: open, locked, or waiting for the first-run choice. */
  session: Session;
  isAppUrl: (url: string) => boolean;
  /** Pushes an event to the window (progress of a running call). */
  publish: (event: CoreEvent) => void;
  /** Where exports are saved for the user (their Downloads folder). */
  savedExports: SavedExports;
  /** The part of Electron's shell that opens a saved file or its folder. */
  shell: { openPath(path: string): Promise<string>; showItemInFolder(path: string): void };
  /** Shows the system's file dialog for packages; resolves to the paths the user chose (none when cancelled). */
  choosePackageFiles: (language: 'nl' | 'en') => Promise<string[]>;
}

const INVALID_INPUT: Result<never> = { ok: false, error: { code: 'api.invalid-input', nl: 'Ongeldig verzoek.', en: 'Invalid request.' } };
const HEX_ID = /^[a-f0-9]{32}$/;

const FORBIDDEN_SENDER: Result<never> = {
  ok: false,
  error: { code: 'ipc.forbidden-sender', nl: 'Verzoek geweigerd: het komt niet van Raadsmap zelf.', en: 'Request refused: it does not come from Raadsmap itself.' },
};

export const CALL_NAMES = Object.keys(inputs) as CallName[];

/** Registers the handlers; returns a function that removes them again. */
export function registerIpcHandlers({ ipcMain, session, isAppUrl, publish, savedExports, shell, choosePackageFiles }: IpcHostOptions): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, input) => {
      if (!isTrustedSender(event, isAppUrl)) return FORBIDDEN_SENDER;
      return dispatchCall(session, name, input, { onProgress: (progress) => publish({ type: 'progress', task: name, progress }) });
    });
  }
  ipcMain.handle(UPLOAD_CHANNEL, async (event, fileName, bytes) => {
    if (!isTrustedSender(event, isAppUrl)) return FORBIDDEN_SENDER;
    if (typeof fileName !== 'string' || fileName.length > 255 || !(bytes instanceof Uint8Array)) {
      return { ok: false, error: { code: 'api.invalid-input', nl: 'Ongeldig pakket aangeboden.', en: 'Invalid package offered.' } };
    }
    try {
      return { ok: true, value: await session.core().storeUpload(bytes, fileName) };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  });
  // The only way a path reaches importPackages from the window: one the user chose here, as a handle.
  ipcMain.handle(CHOOSE_PACKAGES_CHANNEL, async (event) => {
    if (!isTrustedSender(event, isAppUrl)) return FORBIDDEN_SENDER;
    try {
      session.core(); // a locked store says so before any dialog opens
      const chosen = await choosePackageFiles(session.getSettings().language);
      // The store that is open now (it may have been locked and opened again meanwhile).
      return { ok: true, value: chosen.map((filePath) => session.core().choosePackage(filePath)) };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  });
  ipcMain.handle(SAVE_EXPORT_CHANNEL, async (event, exportId) => {
    if (!isTrustedSender(event, isAppUrl)) return FORBIDDEN_SENDER;
    if (typeof exportId !== 'string' || !HEX_ID.test(exportId)) return INVALID_INPUT;
    try {
      return { ok: true, value: savedExports.save(session.core().exportFile(exportId)) };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  });
  // Only a file this session saved, by the id it got: the window can open nothing else.
  ipcMain.handle(REVEAL_SAVED_CHANNEL, async (event, savedId, how) => {
    if (!isTrustedSender(event, isAppUrl)) return FORBIDDEN_SENDER;
    if (typeof savedId !== 'string' || !HEX_ID.test(savedId) || (how !== 'open' && how !== 'folder')) return INVALID_INPUT;
    const target = savedExports.pathOf(savedId);
    if (!target) return { ok: false, error: SAVED_FILE_GONE };
    if (how === 'folder') {
      shell.showItemInFolder(target);
      return { ok: true, value: null };
    }
    // openPath answers an error text, empty when the file opened.
    const failure = await shell.openPath(target);
    return failure ? { ok: false, error: { ...NO_APP_FOR_FILE, subject: failure } } : { ok: true, value: null };
  });
  return () => {
    CALL_NAMES.forEach((name) => ipcMain.removeHandler(callChannel(name)));
    for (const channel of [UPLOAD_CHANNEL, CHOOSE_PACKAGES_CHANNEL, SAVE_EXPORT_CHANNEL, REVEAL_SAVED_CHANNEL]) ipcMain.removeHandler(channel);
  };
}

const SAVED_FILE_GONE = {
  code: 'export.saved-file-gone',
  nl: 'Het bestand staat niet meer in de map waar het is opgeslagen. Exporteer het opnieuw.',
  en: 'The file is no longer in the folder it was saved to. Export it again.',
};
const NO_APP_FOR_FILE = {
  code: 'export.cannot-open',
  nl: 'Het bestand kon niet worden geopend. Is er een programma voor dit soort bestanden geïnstalleerd?',
  en: 'The file could not be opened. Is there an app installed for this kind of file?',
};
