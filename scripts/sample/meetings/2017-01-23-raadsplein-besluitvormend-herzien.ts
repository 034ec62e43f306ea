// The same Raadsplein besluitvormend of 23 januari 2017, delivered again with
// a revised raadsvoorstel, as a griffie does when the college amends a
// proposal between commissie and raad: a fourth proeftuin, a shorter term, a
// budget and a deadline, a sixth beslispunt (in both lists of beslispunten),
// and the paragraph "Communicatie" moved up before "Risico's". Imported after
// the first package (its folder sorts after it), it makes the raadsvoorstel's
// second version, so the app shows what changed on first start (issue 19).
//
// Invented for the sample: every edit below. The seed is not changed; the
// edits are applied to its lines and each must find its place exactly once.
import type { SampleDocument, SamplePackage } from '../model.ts';
import type { Seed } from '../seed-text.ts';
import { besluitvormend23Januari2017 } from './2017-01-23-raadsplein-besluitvormend.ts';

/** One edit: the line holding `find` (exactly one does) gets `replace` in its place; `insertBefore` adds lines before it. */
type LineEdit = { find: string; replace: string } | { insertBefore: string; lines: string[] };

export const REVISION_EDITS: readonly LineEdit[] = [
  { find: '2. In te stemmen met de uitwerking in 3 proeftuinen: in de wijk, op', replace: '2. In te stemmen met de uitwerking in 4 proeftuinen: in de wijk, op ' },
  { find: '2 In te stemmen met de uitwerking in 3 proeftuinen: in de wijk,', replace: '2 In te stemmen met de uitwerking in 4 proeftuinen: in de wijk, op speciale vormen van onderwijs en ' },
  {
    insertBefore: ' Openbaar ',
    lines: ['6. In te stemmen met een jaarlijkse voortgangsrapportage over de proeftuinen aan de ', '', 'raad, voor het eerst in het voorjaar van 2018. '],
  },
  {
    insertBefore: ' Toelichting op het voorstel ',
    lines: ['', '6 In te stemmen met een jaarlijkse voortgangsrapportage over de proeftuinen aan de raad, voor het eerst ', '', 'in het voorjaar van 2018. '],
  },
  { find: 'in een periode van 5 jaar naar die nieuwe praktijken toe te werken.', replace: 'in een periode van 4 jaar naar die nieuwe praktijken toe te werken. ' },
  { find: 'daarbinnen te kunnen blijven. Indien dit toch niet of pas op termijn lukt', replace: 'daarbinnen te kunnen blijven. Indien dit toch niet lukt, leggen wij vóór 1 oktober 2017 een ' },
  { find: 'afzonderlijk voorstel aan de raad voorleggen.', replace: 'afzonderlijk voorstel aan de raad voor. ' },
  {
    find: 'looptijd krimpend budget. Het budget worden vastgesteld bij verdere uitwerking',
    replace: 'looptijd krimpend budget. Het budget wordt vastgesteld op € 1,4 mln per jaar en per proeftuin ',
  },
  { find: 'een concrete projectplannen.', replace: 'uitgewerkt in concrete projectplannen. ' },
];

/** The paragraph that moves (its first and last line), and the line it moves before. */
export const MOVED_PARAGRAPH = { first: 'Communicatie', last: 'oppakken.', before: 'Risico’s' };

export function besluitvormend23Januari2017Herzien(seed: Seed, shared: readonly SampleDocument[]): SamplePackage {
  const revised: Seed = { file: seed.file, lines: moveParagraph(applyEdits(seed.lines, seed.file), seed.file) };
  return besluitvormend23Januari2017(revised, shared, { folder: '2017-01-23-raadsplein-besluitvormend-herzien', number: 2 });
}

function onlyLine(lines: readonly string[], matches: (line: string) => boolean, what: string, file: string): number {
  const found = lines.flatMap((line, i) => (matches(line) ? [i] : []));
  if (found.length !== 1) throw new Error(`${file}: the revision's "${what}" matches ${found.length} lines, not one`);
  return found[0]!;
}

function applyEdits(lines: readonly string[], file: string): string[] {
  const out = [...lines];
  for (const edit of REVISION_EDITS) {
    if ('find' in edit) {
      out[onlyLine(out, (line) => line.includes(edit.find), edit.find, file)] = edit.replace;
    } else {
      out.splice(onlyLine(out, (line) => line === edit.insertBefore, edit.insertBefore, file), 0, ...edit.lines);
    }
  }
  return out;
}

function moveParagraph(lines: readonly string[], file: string): string[] {
  const { first, last, before } = MOVED_PARAGRAPH;
  const start = onlyLine(lines, (line) => line.trim() === first, first, file);
  const end = onlyLine(lines, (line) => line.trim() === last, last, file);
  if (end < start) throw new Error(`${file}: the moved paragraph ends before it starts`);
  const paragraph = lines.slice(start, end + 1);
  const rest = [...lines.slice(0, start), ...lines.slice(end + 1)];
  const at = onlyLine(rest, (line) => line.trim() === before, before, file);
  return [...rest.slice(0, at), ...paragraph, '', ...rest.slice(at)];
}
