import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dispatchCall } from '../../electron/core/dispatch.ts';
import type { Core } from '../../electron/core/index.ts';
import { inputs } from '../../shared/api.ts';
import { motionContentSchema } from '../../shared/motion.ts';
import { packageManifestSchema } from '../../shared/package-format.ts';
import { customIssue, describeIssues, rule, WITH_INPUT } from '../../shared/zod-messages.ts';

// Every refusal of a schema, field by field, in Dutch and in English: none of
// zod's own English words in a Dutch message.

/** Words of zod's English messages ("Invalid input: expected string, received number", "Too big: …", "Unrecognized key"). */
const ZOD_ENGLISH = /\b(expected|received|Invalid|Unrecognized|Too (big|small)|must|missing|option|characters)\b/;

const refusal = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value, WITH_INPUT);
  if (parsed.success) throw new Error('not refused');
  return { nl: describeIssues(parsed.error.issues, 'nl', { limit: 20 }), en: describeIssues(parsed.error.issues, 'en', { limit: 20 }) };
};

describe('zod refusals in Dutch and English', () => {
  it('say one bound per value: the tighter of two broken maximums', () => {
    const { nl, en } = refusal(z.strictObject({ keep: z.number().int().max(1000) }), { keep: 1e20 });
    expect(nl).toBe('keep: is te groot: hoogstens 1000');
    expect(en).toBe('keep: is too large: 1000 at most');
  });

  it('name the field and the rule for every kind of issue', () => {
    const schema = z.strictObject({
      name: z.string().min(1).max(5),
      count: z.number().int().positive().max(10),
      step: z.number().multipleOf(5),
      list: z.array(z.string()).min(1).max(2),
      when: z.iso.datetime({ offset: true }),
      day: z.iso.date(),
      id: z.uuid(),
      site: z.url(),
      code: z.string().regex(/^[a-z]+$/),
      kind: z.enum(['a', 'b']),
      fixed: z.literal('x'),
      own: z.string().refine(() => false, rule('is niet goed', 'is not right')),
      nested: z.strictObject({ deep: z.boolean() }),
    });
    const { nl, en } = refusal(schema, { name: '', count: -1, step: 7, list: ['a', 'b', 'c'], when: 'gisteren', day: '2024-02-30', id: 'x', site: 'geen url', code: 'ABC', kind: 'c', fixed: 'y', own: 'q', nested: { deep: 'ja', extra: 1 }, a: 1, b: 2 });
    expect(nl.split('; ')).toEqual([
      'name: mag niet leeg zijn',
      'count: moet groter zijn dan 0',
      'step: moet een veelvoud van 5 zijn',
      'list: heeft te veel elementen: hoogstens 2',
      'when: moet een datum met tijd zijn (ISO 8601), zoals 2024-01-31T20:00:00+01:00',
      'day: moet een datum zijn als 2024-01-31',
      'id: moet een UUID zijn, zoals 0b8f4a36-5f1e-4c1a-9d3e-2a7c6b1d9e40',
      'site: moet een webadres (URL) zijn',
      'code: heeft niet de juiste vorm',
      'kind: moet een van deze zijn: "a", "b"',
      'fixed: moet "x" zijn',
      'own: is niet goed',
      'nested.deep: moet true of false zijn, niet tekst',
      'nested.extra: is een onbekend veld',
      '(geheel): heeft onbekende velden: "a", "b"',
    ]);
    expect(en).toContain('count: must be greater than 0');
    expect(en).toContain('own: is not right');
    expect(en).toContain('nested.extra: is not a known field');
    expect(nl).not.toMatch(ZOD_ENGLISH);
  });

  it('say a field is missing, too long or of the wrong type, and which option fits best', () => {
    const union = z.union([z.strictObject({ kind: z.literal('highlight'), color: z.enum(['yellow', 'green']) }), z.strictObject({ kind: z.literal('note'), x: z.number() })]);
    expect(refusal(z.object({ title: z.string().max(3) }), {})).toEqual({ nl: 'title: ontbreekt', en: 'title: is missing' });
    expect(refusal(z.object({ title: z.string().max(3) }), { title: 'vier' })).toEqual({ nl: 'title: is te lang: hoogstens 3 tekens', en: 'title: is too long: 3 characters at most' });
    expect(refusal(z.object({ n: z.number() }), { n: [] })).toEqual({ nl: 'n: moet een getal zijn, niet een lijst ([…])', en: 'n: must be a number, not a list ([…])' });
    expect(refusal(z.object({ a: union }), { a: { kind: 'highlight', color: 'paars' } })).toEqual({
      nl: 'a.color: moet een van deze zijn: "yellow", "green"',
      en: 'a.color: must be one of: "yellow", "green"',
    });
    expect(refusal(motionContentSchema, { kind: 'motie2' }).nl).toBe('kind: moet een van deze zijn: "motie", "amendement"');
  });

  it('list the first problems and count the rest', () => {
    const parsed = z.array(z.number()).safeParse(['a', 'b', 'c', 'd', 'e', 'f', 'g'], WITH_INPUT);
    expect(describeIssues(parsed.error!.issues, 'nl', { limit: 2 })).toBe('0: moet een getal zijn, niet tekst; 1: moet een getal zijn, niet tekst (en nog 5)');
    expect(describeIssues(parsed.error!.issues.slice(0, 2), 'en', { limit: 2, total: 1000 })).toBe('0: must be a number, not text; 1: must be a number, not text (and 998 more)');
  });

  it('show what a file holds with its control characters escaped', () => {
    const parsed = z.strictObject({}).safeParse({ 'a\u001b[2J': 1 }, WITH_INPUT);
    expect(describeIssues(parsed.error!.issues, 'nl')).toBe('a\\x1b[2J: is een onbekend veld');
    const custom = z.object({ x: z.string() }).superRefine((_, ctx) => ctx.addIssue(customIssue(['x'], 'klopt niet', 'is wrong')));
    expect(refusal(custom, { x: 'y' })).toEqual({ nl: 'x: klopt niet', en: 'x: is wrong' });
  });

  it('of meeting.json: no English in the Dutch', () => {
    const { nl, en } = refusal(packageManifestSchema, { format: 'raadsmap-package/1', body: { id: 'b c', name: 1, kind: 'raad' }, meeting: [], agenda: [{ id: 'x', title: '<b>' }], documents: {}, extra: true });
    expect(nl).not.toMatch(ZOD_ENGLISH);
    expect(nl).toContain('body.id: mag alleen letters, cijfers en . _ : / - bevatten');
    expect(en).toContain('body.id: may hold only letters, digits and . _ : / -');
  });

  it('of every call: the Dutch message has no English of zod, the English one no Dutch', async () => {
    const core = {} as Core;
    const wrongs: unknown[] = [{ unknownField: 1 }, [], 'tekst', { meetingId: 'drie', documentId: -1, annotationId: 'x', draftId: 5, name: 7, query: 3, paths: 'a', json: 1, content: { kind: 'motie' } }];
    let checked = 0;
    for (const call of Object.keys(inputs)) {
      for (const input of wrongs) {
        const result = await dispatchCall(core, call, input);
        if (result.ok) continue;
        expect(result.error.code, call).toBe('api.invalid-input');
        expect(result.error.nl, call).toMatch(new RegExp(`^Ongeldige invoer voor ${call}: .+`));
        expect(result.error.nl, call).not.toMatch(ZOD_ENGLISH);
        expect(result.error.en, call).not.toMatch(/\b(moet|ontbreekt|onbekend|veld|tekst|lijst)\b/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(Object.keys(inputs).length * 2);
  });
});
