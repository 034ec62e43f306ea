// What the CLI writes to stdout, and what happens when nobody reads it any
// more. `raadsmap annotations | head -1`: head leaves after one line, the next
// write fails with EPIPE; the listing stops writing and ends quietly, exit 0.
// A long task (import, sync, export) has done its work by the time it
// reports; when stdout is gone then, the report goes to stderr with a word
// that the task did finish, so nothing is ever silently half-done.
// Everything written passes `printable` (shared/safe-text.ts): text from
// packages, personal files and the store can hold control characters (an ESC
// that clears the screen, a carriage return that forges a line, a bidi
// override); the terminal gets each as a visible escape. JSON stays valid JSON.
import type { Language } from '../../shared/errors.ts';
import { printable } from '../../shared/safe-text.ts';

export interface CliOutput {
  /** One line to stdout; nothing once stdout is closed. */
  line(text: string): void;
  /** One line to stderr: a notice, a warning, a problem beside the result. */
  note(text: string): void;
  /** Whether stdout was closed by its reader (or could not be written). */
  readonly closed: boolean;
  /** An error writing stdout other than its reader leaving (a full disk): reported, exit 1. */
  readonly failure: Error | null;
  /**
   * The report of a task that is done: `text` to stdout; when stdout is
   * closed, `summary` (readable) to stderr after `done`, which says the task finished.
   */
  report(text: string, summary: string, done: { nl: string; en: string }): Promise<void>;
}

interface StreamState {
  closed: boolean;
  failure: Error | null;
}
const watched = new WeakMap<NodeJS.WriteStream, StreamState>();

/** The stream's state, kept from its first write error on; the listener also keeps a failed write (EPIPE) from being an uncaught error. */
function watch(stream: NodeJS.WriteStream): StreamState {
  let state = watched.get(stream);
  if (!state) {
    const fresh: StreamState = { closed: false, failure: null };
    watched.set(stream, (state = fresh));
    stream.on('error', (error: NodeJS.ErrnoException) => {
      fresh.closed = true;
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') fresh.failure ??= error;
    });
  }
  return state;
}

export function cliOutput(language: () => Language, stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): CliOutput {
  const state = watch(stdout);
  // Nowhere to say anything when stderr is gone too: carry on quietly.
  watch(stderr);
  const delivered = (text: string) =>
    new Promise<boolean>((resolve) => {
      if (state.closed) return resolve(false);
      stdout.write(printable(text), (error) => resolve(!error));
    });
  return {
    line(text) {
      if (!state.closed) stdout.write(printable(text) + '\n');
    },
    note(text) {
      stderr.write(printable(text) + '\n');
    },
    get closed() {
      return state.closed;
    },
    get failure() {
      return state.failure;
    },
    async report(text, summary, done) {
      if (await delivered(text + '\n')) return;
      const nl = language() === 'nl';
      stderr.write(printable((nl ? `raadsmap: de uitvoer werd niet meer gelezen; ${done.nl}:` : `raadsmap: the output was no longer read; ${done.en}:`) + `\n${summary}\n`));
    },
  };
}
