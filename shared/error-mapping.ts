// Any error, as what a user reads: a stable code and a Dutch and English
// message. Hosts (IPC, web host), the dispatcher and the core's own results
// (sync, source checks) all map through `toErrorInfo`, so one failure reads the
// same everywhere. Pure: no Node. Asking a folder what is wrong with it (Node's
// fs) stays in electron/core/files/disk-errors.ts, which builds its message here.
//
// Beside errors.ts, not in it: zod-messages.ts takes `Language` from errors.ts,
// and the renderer, which imports errors.ts everywhere, needs none of this.
import type { z } from 'zod';
import { RaadsmapError, type ErrorInfo } from './errors.ts';
import { describeIssues, isZodError } from './zod-messages.ts';

/** A call's input that its schema refuses: each problem as its field and rule, Dutch and English. */
export function invalidInput(call: string, issues: readonly z.core.$ZodIssue[]): RaadsmapError {
  const root = { nl: '(invoer)', en: '(input)' };
  return new RaadsmapError({
    code: 'api.invalid-input',
    nl: `Ongeldige invoer voor ${call}: ${describeIssues(issues, 'nl', { root })}`,
    en: `Invalid input for ${call}: ${describeIssues(issues, 'en', { root })}`,
    subject: call,
  });
}

export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof RaadsmapError) return error.toInfo();
  // A schema's refusal that escaped its caller: still named field by field, never zod's English.
  if (isZodError(error)) return { code: 'internal', nl: `Er ging iets mis: ${describeIssues(error.issues, 'nl')}`, en: `Something went wrong: ${describeIssues(error.issues, 'en')}` };
  // A full disk, a read-only or missing folder, no permission: what it is and what to do.
  const disk = diskProblemOf(error);
  if (disk) return diskErrorFor(disk.problem, disk.path, error).toInfo();
  // Unexpected: say so plainly, without internals such as stack traces.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', nl: `Er ging iets mis: ${message}`, en: `Something went wrong: ${message}` };
}

// What the operating system or SQLite says when the disk is full, a folder is
// read-only, missing, or not ours ("ENOSPC: no space left on device",
// "database or disk is full", "disk I/O error", "unable to open database
// file"), as one Dutch and English message that says what is wrong and what to do.

export type DiskProblem = 'full' | 'read-only' | 'missing' | 'permission' | 'io';

/** Node errno codes and SQLite result codes, by what they mean for the user. */
const NODE_CODES: Record<string, DiskProblem> = {
  ENOSPC: 'full',
  EDQUOT: 'full',
  EFBIG: 'full',
  EROFS: 'read-only',
  EACCES: 'permission',
  EPERM: 'permission',
  ENOENT: 'missing',
  ENOTDIR: 'missing',
  EIO: 'io',
};

function sqliteProblem(code: string): DiskProblem | null {
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE') return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_')) return 'missing';
  if (code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') return 'permission';
  if (code.startsWith('SQLITE_IOERR')) return 'io';
  return null;
}

/** The disk problem behind an error (or its causes), with the path it names if any. */
export function diskProblemOf(error: unknown): { problem: DiskProblem; path?: string } | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    const file = (e as { path?: unknown }).path;
    const problem = code.startsWith('SQLITE_') ? sqliteProblem(code) : (NODE_CODES[code] ?? null);
    if (problem) return { problem, ...(typeof file === 'string' ? { path: file } : {}) };
  }
  return null;
}

/** The user's message for a disk problem; `place` is the file or folder it concerns when known. */
export function diskErrorFor(problem: DiskProblem, place: string | undefined, cause: unknown): RaadsmapError {
  const inNl = place ? ` (${place})` : '';
  const inEn = place ? ` (${place})` : '';
  const texts: Record<DiskProblem, { nl: string; en: string }> = {
    full: {
      nl: `De schijf is vol${inNl}: Raadsmap kon niet schrijven. Maak ruimte vrij (bijvoorbeeld in Downloads of de prullenbak) en probeer het opnieuw. Wat al was opgeslagen, is er nog.`,
      en: `The disk is full${inEn}: Raadsmap could not write. Free up space (for example in Downloads or the bin) and try again. What was saved before is still there.`,
    },
    'read-only': {
      nl: `De map is alleen-lezen${inNl}: Raadsmap kan er niet schrijven. Kies een map waarin u mag schrijven, of maak deze weer beschrijfbaar (een schijf of USB-stick kan op alleen-lezen staan). Er is niets veranderd.`,
      en: `The folder is read-only${inEn}: Raadsmap cannot write there. Choose a folder you can write to, or make this one writable again (a disk or USB stick may be set to read-only). Nothing was changed.`,
    },
    missing: {
      nl: `Een map of bestand bestaat niet (meer)${inNl}. Controleer of de schijf of netwerkmap is aangesloten en de naam klopt, of kies een andere map. Er is niets veranderd.`,
      en: `A folder or file does not exist (any more)${inEn}. Check that the disk or network folder is connected and the name is right, or choose another folder. Nothing was changed.`,
    },
    permission: {
      nl: `Raadsmap heeft geen toestemming om hier te lezen of te schrijven${inNl}. Controleer de rechten van de map, of start Raadsmap als de gebruiker van wie de gegevens zijn. Er is niets veranderd.`,
      en: `Raadsmap has no permission to read or write here${inEn}. Check the folder's permissions, or start Raadsmap as the user the data belongs to. Nothing was changed.`,
    },
    io: {
      nl: `De schijf gaf een fout bij lezen of schrijven${inNl} (vaak: de schijf is vol of losgekoppeld). Maak ruimte vrij of sluit de schijf opnieuw aan en probeer het opnieuw; wat al was opgeslagen, is er nog.`,
      en: `The disk gave an error while reading or writing${inEn} (often: the disk is full or was disconnected). Free up space or reconnect the disk and try again; what was saved before is still there.`,
    },
  };
  return new RaadsmapError({ code: `disk.${problem}`, ...texts[problem], ...(place ? { subject: place } : {}) }, { cause });
}
