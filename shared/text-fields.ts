// Text fields of everything the app takes in (packages, personal files, calls).
// A one-line field (a title, a name, an id, a tag) holds no line break, no
// other control character and no bidi control: what a terminal or a list
// shows of it is what it is. A multi-line field (a description, a note) may
// hold line breaks and tabs, and nothing else of the kind.
import { z } from 'zod';
import { escapeCharacter, quoted } from './safe-text.ts';

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const NOT_IN_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
// Line feed, tab, CR only before a line feed (Windows line ends), and the Unicode line separators are fine here.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const NOT_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
/** Any opening of a tag, closed or not: `<img`, `</b`, `<!--`, `<?xml`. */
const MARKUP = /<(?:\/?[a-zA-Z]|[!?])/;

/** The rule a character breaks, Dutch and English, with the character as a visible escape. */
function characterProblem(char: string, oneLine: boolean): { nl: string; en: string } {
  const shown = char === '\n' ? '\\n' : char === '\t' ? '\\t' : escapeCharacter(char);
  if (oneLine && LINE_BREAK.test(char)) return { nl: `moet op één regel staan, zonder regeleinde (${shown})`, en: `must be on one line, without a line break (${shown})` };
  if (BIDI.test(char)) return { nl: `bevat een teken dat de schrijfrichting verandert (${shown})`, en: `holds a character that changes the writing direction (${shown})` };
  return { nl: `bevat een stuurteken (${shown})`, en: `holds a control character (${shown})` };
}

function refuseCharacters(pattern: RegExp, oneLine: boolean) {
  return (ctx: z.core.ParsePayload<string>) => {
    const found = pattern.exec(ctx.value);
    if (!found) return;
    const { nl, en } = characterProblem(found[0][0]!, oneLine);
    ctx.issues.push({ code: 'custom', input: ctx.value, message: nl, params: { en } });
  };
}

/** A title, a name, an id: at most `max` characters on one line, no control or bidi characters. */
export function oneLineText(max: number) {
  return z.string().max(max).check(refuseCharacters(NOT_IN_ONE_LINE, true));
}

/** A description, a note: line breaks and tabs, no other control or bidi characters. */
export function multiLineText(max: number) {
  return z.string().max(max).check(refuseCharacters(NOT_IN_TEXT, false));
}

/** Refuses any opening of an HTML tag, closed or not (`x <img src=x onerror=…` too). */
export function refuseMarkup(ctx: z.core.ParsePayload<string>): void {
  const found = MARKUP.exec(ctx.value);
  if (!found) return;
  const opening = quoted(ctx.value.slice(found.index, found.index + 12), 12);
  ctx.issues.push({ code: 'custom', input: ctx.value, message: `mag geen HTML bevatten ("${opening}")`, params: { en: `must not contain HTML ("${opening}")` } });
}

/** Text made fit for a one-line field: line breaks and tabs as spaces, other control and bidi characters left out. */
export function asOneLine(text: string): string {
  return text
    .replace(/[\t\n\r\u2028\u2029]+/g, ' ')
    .replace(new RegExp(NOT_IN_ONE_LINE.source, 'g'), '')
    .replace(/ {2,}/g, ' ')
    .trim();
}
