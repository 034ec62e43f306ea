// The Electron IPC host: one ipcMain.handle per call of shared/api.ts. Each
// handler refuses senders that are not the app, then goes through
// dispatchCall like every other host (input validation, Result envelope).
import { inputs, type CallName, type CoreEvent, type Result } from '../../shared/api.ts';
import type { Session } from '../core/vault/session.ts';
import { dispatchCall, toErrorInfo } from '../core/dispatch.ts';
import { isTrustedSender, type IpcSenderEvent } from './guards.ts';
import { callChannel, UPLOAD_CHANNEL } from './ipc-channels.ts';

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
}

const FORBIDDEN_SENDER: Result<never> = {
  ok: false,
  error: { code: 'ipc.forbidden-sender', nl: 'Verzoek geweigerd: het komt niet van Raadsmap zelf.', en: 'Request refused: it does not come from Raadsmap itself.' },
};

export const CALL_NAMES = Object.keys(inputs) as CallName[];

/** Registers the handlers; returns a function that removes them again. */
export function registerIpcHandlers({ ipcMain, session, isAppUrl, publish }: IpcHostOptions): () => void {
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
      return { ok: true, value: { path: await session.core().storeUpload(bytes, fileName) } };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  });
  return () => {
    CALL_NAMES.forEach((name) => ipcMain.removeHandler(callChannel(name)));
    ipcMain.removeHandler(UPLOAD_CHANNEL);
  };
}
