// A disk problem (full, read-only, missing, not ours) as the user's message,
// where Raadsmap knows which folder it was writing to: the CLI's data dir,
// opening the store. SQLite names no path and says "unable to open" or "disk
// I/O error" for several causes, so the folder itself is asked what it is:
// that needs Node's fs, and so stays here; the codes and the messages are in
// shared/error-mapping.ts, which hosts use for every other error.
import fs from 'node:fs';
import { diskErrorFor, diskProblemOf, type DiskProblem } from '../../../shared/error-mapping.ts';
import type { RaadsmapError } from '../../../shared/errors.ts';

/** What the folder (or the nearest existing one above it) says about writing there: read-only, no permission, full. */
function folderProblem(place: string): DiskProblem | null {
  try {
    if (!fs.existsSync(place)) return 'missing';
    fs.accessSync(place, fs.constants.W_OK);
    const space = fs.statfsSync(place);
    return space.bavail * space.bsize < 64 * 1024 ? 'full' : null;
  } catch (error) {
    return diskProblemOf(error)?.problem ?? null;
  }
}

/**
 * The user's message for a disk problem. `where` is the folder Raadsmap
 * was writing to when known (the data dir, an export's folder).
 */
export function diskError(error: unknown, where?: string): RaadsmapError | null {
  const found = diskProblemOf(error);
  if (!found) return null;
  const place = found.path ?? where;
  const problem = place && (found.problem === 'missing' || found.problem === 'io') && !found.path ? (folderProblem(place) ?? found.problem) : found.problem;
  return diskErrorFor(problem, place, error);
}
