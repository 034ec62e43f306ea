// JSON from outside (a package's meeting.json, a personal file) parsed within
// bounds. `JSON.parse` of 10 MB of `[` takes seconds and hundreds of MB, all
// that time blocking the event loop (every other request of the web host, the
// Electron main process); a deeply nested value then overflows the stack of a
// recursive schema. So the nesting is counted first, in one linear pass that
// skips strings and stops at the first level too deep: a hostile file is
// refused within milliseconds, before JSON.parse or zod ever sees it.
import { RaadsmapError } from '../../shared/errors.ts';
import { quoted } from '../../shared/safe-text.ts';

/**
 * Where the nesting of `[` and `{` (outside strings) first goes deeper than
 * `maxDepth`: its offset, or -1 when it never does. Not a JSON check: broken
 * JSON is left to JSON.parse.
 */
export function tooDeepAt(text: string, maxDepth: number): number {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // To the closing quote: the next one not escaped by an odd number of backslashes.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return -1; // unterminated: JSON.parse says so
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      i = end;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
    }
  }
  return -1;
}

export interface BoundedJsonOptions {
  maxDepth: number;
  /** What the text is, as the start of a sentence: "meeting.json", "Het bestand" / "The file". */
  subject: { nl: string; en: string };
  /** Error codes: not JSON at all, nested too deeply. */
  codes: { invalid: string; tooDeep: string };
  /** The error's subject (a file name). */
  about?: string | undefined;
}

/** `JSON.parse` after the nesting check, with errors that say what is wrong in Dutch and English. */
export function parseBoundedJson(text: string, options: BoundedJsonOptions): unknown {
  const { subject, codes, maxDepth, about } = options;
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    throw new RaadsmapError({ code: codes.invalid, nl: `${subject.nl} is leeg.`, en: `${subject.en} is empty.`, subject: about });
  }
  // Only an array or object can nest; anything else JSON.parse takes or refuses at once.
  const deep = /^\s*[[{]/.test(body) ? tooDeepAt(body, maxDepth) : -1;
  if (deep >= 0) {
    const at = lineAndColumn(body, deep);
    throw new RaadsmapError({
      code: codes.tooDeep,
      nl: `${subject.nl} is te diep genest: meer dan ${maxDepth} niveaus van [ en { (regel ${at.line}, kolom ${at.column}). Zo diep gaat een geldig bestand nooit; het wordt niet gelezen.`,
      en: `${subject.en} is nested too deeply: more than ${maxDepth} levels of [ and { (line ${at.line}, column ${at.column}). A valid file never goes that deep; it is not read.`,
      subject: about,
    });
  }
  try {
    return JSON.parse(body);
  } catch (cause) {
    const { nl, en } = jsonProblem(body, cause);
    throw new RaadsmapError({ code: codes.invalid, nl: `${subject.nl} is geen geldige JSON: ${nl}.`, en: `${subject.en} is not valid JSON: ${en}.`, subject: about }, { cause });
  }
}

/** Line and column of an offset, reading only the text before it. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  let line = 1;
  for (let i = before.indexOf('\n'); i >= 0; i = before.indexOf('\n', i + 1)) line++;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}

/** V8's words for what JSON.parse stumbled on, in Dutch. */
const PARSE_PROBLEMS: [RegExp, string][] = [
  [/^Unexpected end of JSON input/, 'het houdt midden in op'],
  [/^Expected property name or '\}'/, 'hier hoort een veldnaam tussen aanhalingstekens of }'],
  [/^Expected ',' or '\]'/, 'hier hoort , of ]'],
  [/^Expected ',' or '\}'/, 'hier hoort , of }'],
  [/^Expected ':'/, 'hier hoort : na de veldnaam'],
  [/^Expected double-quoted property name/, 'hier hoort een veldnaam tussen dubbele aanhalingstekens'],
  [/^Unterminated string/, 'een tekst wordt niet afgesloten met "'],
  [/^Bad control character/, 'een tekst bevat een stuurteken'],
  [/^Bad escaped character/, 'een tekst bevat een ongeldige \\-code'],
  [/^Bad Unicode escape/, 'een tekst bevat een ongeldige \\u-code'],
  [/^Unexpected non-whitespace character after JSON/, 'na het einde staat nog meer'],
  [/^Unexpected number/, 'een getal op een plek waar het niet hoort'],
  [/^Unexpected string/, 'een tekst op een plek waar hij niet hoort'],
  [/^No number after minus sign|^Exponent part is missing|^Unterminated fractional number/, 'een onvolledig getal'],
];

/** What JSON.parse found wrong with `text` (its error `cause`), in Dutch and English, with the line and column. */
export function jsonProblem(text: string, cause: unknown): { nl: string; en: string } {
  const message = cause instanceof Error ? cause.message : String(cause);
  const position = /at position (\d+)/.exec(message);
  const at = position ? lineAndColumn(text, Number(position[1])) : null;
  const token = /^Unexpected token '(.{1,4})'/u.exec(message);
  const problem = token ? `onverwacht teken "${quoted(token[1]!, 8)}"` : (PARSE_PROBLEMS.find(([pattern]) => pattern.test(message))?.[1] ?? 'de opbouw klopt niet');
  // V8 quotes the text around the error ("…" is not valid JSON): left out, it is the file's own.
  const english = quoted(message.replace(/, ".*" is not valid JSON$/su, '').replace(/ in JSON at position \d+.*$/su, ''), 120);
  return {
    nl: at ? `${problem} (regel ${at.line}, kolom ${at.column})` : problem,
    en: at ? `${english} (line ${at.line}, column ${at.column})` : english,
  };
}
