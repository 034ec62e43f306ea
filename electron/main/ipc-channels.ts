// IPC channel names shared by the main process and the preload. One channel
// per call (so each handler can be reasoned about on its own) and one for
// events pushed to the window.
import type { CallName } from '../../shared/api.ts';

export const EVENT_CHANNEL = 'raadsmap:event';

export function callChannel(name: CallName): string {
  return `raadsmap:call:${name}`;
}

/** A package file dropped in the window: (file name, bytes) -> Result<HandedPackage>. */
export const UPLOAD_CHANNEL = 'raadsmap:upload-package';

/** The app's own file dialog for packages: () -> Result<HandedPackage[]> (none when cancelled). Desktop only. */
export const CHOOSE_PACKAGES_CHANNEL = 'raadsmap:choose-packages';

/** Saves a file the core made into the user's Downloads: (exportId) -> Result<SavedExport>. Desktop only. */
export const SAVE_EXPORT_CHANNEL = 'raadsmap:save-export';

/** Opens a file saved that way, or shows it in its folder: (savedId, 'open' | 'folder') -> Result<null>. */
export const REVEAL_SAVED_CHANNEL = 'raadsmap:reveal-saved';
