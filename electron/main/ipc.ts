// The Electron IPC host: one ipcMain.handle per call of shared/api.ts. Each
// handler refuses senders that are not the app, then goes through
// dispatchCall like every other host (input validation, Result envelope).
import { inputs, type CallName, type CoreEvent, type Result } from '../../shared/api.ts';
import type { Core } from '../core/index.ts';
import { dispatchCall } from '../core/dispatch.ts';
import { isTrustedSender, type IpcSenderEvent } from './guards.ts';
import { callChannel } from './ipc-channels.ts';

/** The part of Electron's ipcMain this host needs. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSenderEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcHostOptions {
  ipcMain: IpcMainLike;
  core: Core;
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
export function registerIpcHandlers({ ipcMain, core, isAppUrl, publish }: IpcHostOptions): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(callChannel(name), async (event, input) => {
      if (!isTrustedSender(event, isAppUrl)) return FORBIDDEN_SENDER;
      return dispatchCall(core, name, input, { onProgress: (progress) => publish({ type: 'progress', task: name, progress }) });
    });
  }
  return () => CALL_NAMES.forEach((name) => ipcMain.removeHandler(callChannel(name)));
}
