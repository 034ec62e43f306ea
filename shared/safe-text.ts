// Untrusted text (titles from a package, names in a zip, notes from a personal
// file) meets terminals and one-line displays here. A terminal obeys control
// characters: an ESC clears the screen or recolours it, a carriage return
// overwrites a line with forged text, and bidi overrides (U+202E) show
// "Begroting fdp.exe" as something else. `printable` shows each of them as a
// visible escape instead; the field rules (shared/text-fields.ts) refuse them
// in what is imported.

/** Characters that change the writing direction: marks, embeddings, overrides and isolates. */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

// C0 controls but tab and line feed, DEL, C1 controls, bidi controls and the
// Unicode line and paragraph separators (some terminals break lines on them).
// eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

/** The visible escape of one unprintable character: `\r`, `\x1b`, `\u202e`. */
export function escapeCharacter(char: string): string {
  const code = char.charCodeAt(0);
  if (code === 0x0d) return '\\r';
  // Below 0x20 as \xHH; the rest as \uHHHH, which is also a valid escape inside a JSON string,
  // so JSON output (where JSON.stringify has escaped the C0 controls already) stays valid JSON.
  if (code < 0x20) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Text safe to write to a terminal: every control character except tab and
 * line feed, and every bidi control, as a visible escape (`\x1b`, `\r`,
 * `\u202e`). Everything else, including all letters of every script, stays.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeCharacter);
}

/** Untrusted text quoted in a message: printable, on one line, and cut at `max` characters. */
export function quoted(text: string, max = 80): string {
  const shown = printable(text).replace(/[\n\t]/g, (c) => (c === '\n' ? '\\n' : '\\t'));
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}
