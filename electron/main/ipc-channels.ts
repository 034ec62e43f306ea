// IPC channel names shared by the main process and the preload. One channel
// per call (so each handler can be reasoned about on its own) and one for
// events pushed to the window.
import type { CallName } from '../../shared/api.ts';

export const EVENT_CHANNEL = 'raadsmap:event';

export function callChannel(name: CallName): string {
  return `raadsmap:call:${name}`;
}

/** A package file picked or dropped in the window: (file name, bytes) -> Result<{ path }>. */
export const UPLOAD_CHANNEL = 'raadsmap:upload-package';
