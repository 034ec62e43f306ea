// Errors that reach a user carry a stable code (for hosts, tests and scripts)
// and a message in Dutch and English naming what is wrong. Hosts turn them into
// ok/error result envelopes; the CLI prints the message in the user's language.

export type Language = 'nl' | 'en';

export interface ErrorInfo {
  code: string;
  nl: string;
  en: string;
  /** What the error is about: a file name, a field path, a document id. */
  subject?: string | undefined;
}

export class RaadsmapError extends Error {
  readonly code: string;
  readonly nl: string;
  readonly en: string;
  readonly subject: string | undefined;

  constructor(info: ErrorInfo, options?: { cause?: unknown }) {
    super(info.en, options);
    this.name = 'RaadsmapError';
    this.code = info.code;
    this.nl = info.nl;
    this.en = info.en;
    this.subject = info.subject;
  }

  messageIn(language: Language): string {
    return language === 'nl' ? this.nl : this.en;
  }

  toInfo(): ErrorInfo {
    return { code: this.code, nl: this.nl, en: this.en, subject: this.subject };
  }
}

/** Shorthand: `fail('package.missing-manifest', 'Geen meeting.json …', 'No meeting.json …')`. */
export function fail(code: string, nl: string, en: string, subject?: string): never {
  throw new RaadsmapError({ code, nl, en, subject });
}

export function isRaadsmapError(value: unknown): value is RaadsmapError {
  return value instanceof RaadsmapError;
}

/** The cancel error every long task throws when its AbortSignal fires. */
export function cancelledError(): RaadsmapError {
  return new RaadsmapError({ code: 'cancelled', nl: 'Geannuleerd.', en: 'Cancelled.' });
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError();
}

/** Progress of a long task, pushed to hosts (progress bars, CLI progress line). */
export interface Progress {
  /** Machine-readable phase, e.g. 'stage', 'extract', 'store'. */
  phase: string;
  done: number;
  total: number;
  /** What it is doing now, in Dutch and English, e.g. the document being read. */
  nl: string;
  en: string;
}

export type ProgressListener = (progress: Progress) => void;
