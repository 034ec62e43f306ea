import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cliOutput } from '../../electron/cli/output.ts';
import { createProgressLine } from '../../electron/cli/progress-line.ts';
import { printable, quoted } from '../../shared/safe-text.ts';
import { asOneLine, oneLineText } from '../../shared/text-fields.ts';

// Untrusted text on a terminal: every control character but tab and line
// feed, and every bidi control, as a visible escape.

const HOSTILE = 'Raad\u001b[2J\u001b]0;titel\u0007\rVALS\u0000\u007f\u0085\u009b31m Begroting \u202efdp.exe\u2066x\u2069\u200e\u2028einde';

describe('printable', () => {
  it('escapes control and bidi characters and keeps every letter', () => {
    expect(printable(HOSTILE)).toBe('Raad\\x1b[2J\\x1b]0;titel\\x07\\rVALS\\x00\\u007f\\u0085\\u009b31m Begroting \\u202efdp.exe\\u2066x\\u2069\\u200e\\u2028einde');
    const letters = 'Ĳsselmonde café — “citaat” 🚲 مجلس 議会\tkolom\nregel';
    expect(printable(letters)).toBe(letters);
  });

  it('keeps JSON valid JSON that reads back the same', () => {
    const value = { title: HOSTILE, nested: [HOSTILE, 'a\\u202e'] };
    const shown = printable(JSON.stringify(value, null, 2));
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    expect(shown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028]/);
    expect(JSON.parse(shown)).toEqual(value);
  });

  it('quotes on one line, cut to a length', () => {
    expect(quoted('a\nb\tc\u001b', 80)).toBe('a\\nb\\tc\\x1b');
    expect(quoted('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('one-line fields', () => {
  it('refuse line breaks, controls and bidi with the character named; asOneLine makes text fit', () => {
    const field = oneLineText(100);
    const problem = (value: string) => field.safeParse(value).error?.issues[0]?.message;
    expect(problem('Raad\rVALS')).toBe('moet op één regel staan, zonder regeleinde (\\r)');
    expect(problem('Raad\nVALS')).toBe('moet op één regel staan, zonder regeleinde (\\n)');
    expect(problem('Raad\u001b[2J')).toBe('bevat een stuurteken (\\x1b)');
    expect(problem('fdp\u202eexe')).toBe('bevat een teken dat de schrijfrichting verandert (\\u202e)');
    expect(field.safeParse('Raadsvergadering — café 🚲').success).toBe(true);
    expect(asOneLine(' Punt\r\n2.3\u001b[2J  \u202erood ')).toBe('Punt 2.3[2J rood');
  });
});

describe('what the CLI writes', () => {
  const drain = (stream: PassThrough) => stream.read()?.toString() ?? '';

  it('goes through printable: lines, notes and reports', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const output = cliOutput(() => 'nl', stdout as unknown as NodeJS.WriteStream, stderr as unknown as NodeJS.WriteStream);
    output.line(`titel: ${HOSTILE}`);
    output.note(`raadsmap: ${HOSTILE}`);
    await output.report(HOSTILE, HOSTILE, { nl: 'klaar', en: 'done' });
    expect(drain(stdout)).toBe(`titel: ${printable(HOSTILE)}\n${printable(HOSTILE)}\n`);
    expect(drain(stderr)).toBe(`raadsmap: ${printable(HOSTILE)}\n`);
  });

  it('shows a document name in the progress line, never obeys it', () => {
    const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
    const progress = createProgressLine(stream, 'nl');
    progress.update({ phase: 'extract', done: 1, total: 2, nl: `Tekst lezen: ${HOSTILE}`, en: '' });
    expect(drain(stream)).toBe(`[ 50%] Tekst lezen: ${printable(HOSTILE)}\n`);
  });
});
