import { describe, expect, it } from 'vitest';
import { COMPARE_BUDGET_MS, compareVersions, MAX_CHANGES } from '../../electron/core/versions/changes.ts';
import { diffSequences } from '../../electron/core/versions/diff-text.ts';
import type { VersionPage } from '../../electron/core/versions/tokens.ts';
import type { VersionChange } from '../../shared/api.ts';

const pages = (...texts: string[]): VersionPage[] => texts.map((rawText, i) => ({ pageNumber: i + 1, rawText, quality: 'ok' }));
const summary = (old: VersionPage[], now: VersionPage[]) => compareVersions(old, now).changes.map((c) => [c.kind, c.oldText, c.newText]);

const PARAGRAPH = 'De gemeente Zwolle wil de schuldhulpverlening in de wijken versterken met extra inzet van de wijkteams.';
const OTHER = 'Het college stelt voor om het budget voor de komende jaren vast te stellen zoals hieronder beschreven.';

describe('comparing two versions word by word', () => {
  it('finds no change in the same text reflowed, re-hyphenated and with typographic quotes', () => {
    const old = pages('Inleiding\nDe vroeg-\nsignalering van schulden wordt uitgebreid naar alle wijken van de stad.\nDe motie "Samen in de wijk" is afgedaan.');
    const reflowed = pages('Inleiding\nDe vroegsignalering van schulden wordt\nuitgebreid naar alle wijken van\nde stad. De motie “Samen in de wijk” is afgedaan.');
    expect(compareVersions(old, reflowed)).toEqual({ status: 'identical', changes: [] });
    // A real hyphen broken at a line end (re-integratie) is the same word as written whole.
    expect(compareVersions(pages('De re-\nintegratie van inwoners'), pages('De re-integratie van inwoners'))).toEqual({ status: 'identical', changes: [] });
  });

  it('keeps "jeugd- en gezinshulp" apart: a suspended hyphen at a line end is no broken word', () => {
    const changes = summary(pages('Wij bieden jeugd-\nen gezinshulp aan.'), pages('Wij bieden jeugd- en opvoedhulp aan.'));
    expect(changes).toEqual([['replaced', 'gezinshulp', 'opvoedhulp']]);
  });

  it('reports inserted, deleted and replaced words with their offsets in the new page text', () => {
    const old = pages('Het college besluit het plan vast te stellen.\nDe raad wordt geïnformeerd over de voortgang.');
    const now = pages('Het college besluit het plan niet vast te stellen.\nDe raad wordt elk kwartaal geïnformeerd.');
    const { status, changes } = compareVersions(old, now);
    expect(status).toBe('changed');
    expect(changes.map((c) => [c.kind, c.oldText, c.newText])).toEqual([
      ['inserted', '', 'niet'],
      ['replaced', 'geïnformeerd over de voortgang.', 'elk kwartaal geïnformeerd.'],
    ]);
    const text = now[0]!.rawText;
    expect(changes.map((c) => c.ranges.map((r) => text.slice(r.start, r.end)))).toEqual([['niet'], ['elk kwartaal geïnformeerd.']]);
    // Inserted: an empty range in the old text where it came in.
    expect(changes[0]!.oldRanges).toEqual([{ page: 1, start: 28, end: 28 }]);
  });

  it('marks a deletion as an empty range where the text was taken out', () => {
    const now = pages('Het plan wordt uitgevoerd.');
    const [change] = compareVersions(pages('Het plan wordt zo snel mogelijk uitgevoerd.'), now).changes;
    expect(change).toMatchObject({ kind: 'deleted', oldText: 'zo snel mogelijk', newText: '', ranges: [{ page: 1, start: 14, end: 14 }] });
  });

  it('reports a moved paragraph once, as moved, with where it came from and where it is now', () => {
    const old = pages(`Inleiding\n${PARAGRAPH}\n${OTHER}`, 'Slot van de tekst.');
    const now = pages(`Inleiding\n${OTHER}`, `${PARAGRAPH}\nSlot van de tekst.`);
    const { changes } = compareVersions(old, now);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: 'moved', page: 2, oldPage: 1, oldText: PARAGRAPH, newText: PARAGRAPH });
    expect(now[1]!.rawText.slice(changes[0]!.ranges[0]!.start, changes[0]!.ranges[0]!.end)).toBe(PARAGRAPH);
    expect(old[0]!.rawText.slice(changes[0]!.oldRanges[0]!.start, changes[0]!.oldRanges[0]!.end)).toBe(PARAGRAPH);
  });

  it('does not call a short passage in another place a move', () => {
    const changes = summary(pages('Wij doen dit met de wijkteams. Verder niets.'), pages('Verder niets. Wij doen dit met de wijkteams.'));
    expect(changes.map(([kind]) => kind)).not.toContain('moved');
  });

  it('flags a changed amount with its currency and unit on both sides', () => {
    const [change] = compareVersions(pages('Het totale bedrag is € 1,1 mln voor 2024.'), pages('Het totale bedrag is € 1,4 mln voor 2024.')).changes;
    expect(change).toMatchObject({ kind: 'replaced', oldText: '1,1', newText: '1,4', amount: { old: '€ 1,1 mln', new: '€ 1,4 mln' } });
    const [percent] = compareVersions(pages('Een stijging van 12 % per jaar'), pages('Een stijging van 15 % per jaar')).changes;
    expect(percent!.amount).toEqual({ old: '12 %', new: '15 %' });
    const [words] = compareVersions(pages('Het plan is goed.'), pages('Het plan is slecht.')).changes;
    expect(words!.amount).toBeNull();
  });

  it('ignores page numbers and running headers when a document grows a page', () => {
    const body = (n: number) => `Gemeente Zwolle — Raadsvoorstel\nTekst van bladzijde ${['een', 'twee', 'drie', 'vier'][n]} met inhoud.\nPagina ${n + 1} van `;
    const old = pages(...[0, 1, 2].map((n) => `${body(n)}3`));
    const now = pages(...[0, 1, 2].map((n) => `${body(n)}4`), `${body(3)}4`);
    expect(summary(old, now)).toEqual([['inserted', '', 'Tekst van bladzijde vier met inhoud.']]);
  });

  it('says no-text when a version has no readable text, instead of listing every word as changed', () => {
    const scanned: VersionPage[] = [{ pageNumber: 1, rawText: '', quality: 'empty' }];
    expect(compareVersions(pages('Het raadsvoorstel.'), scanned)).toEqual({ status: 'no-text', changes: [] });
    expect(compareVersions(scanned, pages('Het raadsvoorstel.'))).toEqual({ status: 'no-text', changes: [] });
  });

  describe('a small revision: an amount, a beslispunt added, a paragraph moved over a page end, a sentence deleted', () => {
    const SCHOOL = 'De schoolbesturen hebben gevraagd om een vast aanspreekpunt voor jeugdhulp in elke wijk.';
    const BESLISPUNT_3 = '3. De wethouder rapporteert elk halfjaar over de voortgang.';
    const ONDERHOUD = 'Het onderhoud wordt uitbesteed aan een externe partij.';
    const BEHEER = 'De gemeente draagt de kosten van het beheer.';
    const page1 = (amount: string) =>
      [`Beslisnota Ontwikkelagenda`, `Het college stelt de raad voor een krediet van € ${amount} mln beschikbaar te stellen.`, 'De uitvoering start in het voorjaar van 2017.', 'Beslispunten', '1. Het krediet beschikbaar stellen.', '2. De begroting wijzigen.'];
    const old = pages(page1('1,1').join('\n'), ['Toelichting', SCHOOL, ONDERHOUD, BEHEER].join('\n'));
    const fields = (changes: VersionChange[]) => changes.map(({ kind, page, oldPage, oldText, newText, amount }) => ({ kind, page, oldPage, oldText, newText, amount }));

    it('finds exactly the four edits; the heading at the top of page 2 stays unchanged', () => {
      const now = pages([...page1('1,4'), BESLISPUNT_3, SCHOOL].join('\n'), ['Toelichting', BEHEER].join('\n'));
      const { changes } = compareVersions(old, now);
      expect(fields(changes)).toEqual([
        { kind: 'replaced', page: 1, oldPage: 1, oldText: '1,1', newText: '1,4', amount: { old: '€ 1,1 mln', new: '€ 1,4 mln' } },
        { kind: 'inserted', page: 1, oldPage: 1, oldText: '', newText: BESLISPUNT_3, amount: null },
        { kind: 'moved', page: 1, oldPage: 2, oldText: SCHOOL, newText: SCHOOL, amount: null },
        { kind: 'deleted', page: 2, oldPage: 2, oldText: ONDERHOUD, newText: '', amount: null },
      ]);
      // The deletion is marked in the new text right after the heading, where the sentence was.
      const text = now[1]!.rawText;
      expect(text.slice(0, changes[3]!.ranges[0]!.start)).toBe(`Toelichting`);
      expect(text.slice(changes[2]!.ranges[0]!.start)).not.toContain('Toelichting');
    });

    it('with the paragraph kept on page 2 but swapped with the last sentence, the heading stays unchanged too', () => {
      const now = pages([...page1('1,4'), BESLISPUNT_3].join('\n'), ['Toelichting', BEHEER, SCHOOL].join('\n'));
      const changes = fields(compareVersions(old, now).changes);
      expect(changes).toEqual([
        { kind: 'replaced', page: 1, oldPage: 1, oldText: '1,1', newText: '1,4', amount: { old: '€ 1,1 mln', new: '€ 1,4 mln' } },
        { kind: 'inserted', page: 1, oldPage: 1, oldText: '', newText: BESLISPUNT_3, amount: null },
        { kind: 'moved', page: 2, oldPage: 2, oldText: BEHEER, newText: BEHEER, amount: null },
        { kind: 'deleted', page: 2, oldPage: 2, oldText: ONDERHOUD, newText: '', amount: null },
      ]);
    });
  });

  it('reports a moved paragraph that was also edited as one move plus the edits inside it', () => {
    const edited = PARAGRAPH.replace('extra inzet', 'meer inzet').replace('versterken', 'flink versterken');
    const old = pages(`Inleiding\n${PARAGRAPH}\n${OTHER}`, 'Slot van de tekst.');
    const now = pages(`Inleiding\n${OTHER}`, `${edited}\nSlot van de tekst.`);
    const { changes } = compareVersions(old, now);
    expect(changes.map(({ kind, page, oldPage, oldText, newText }) => ({ kind, page, oldPage, oldText, newText }))).toEqual([
      { kind: 'moved', page: 2, oldPage: 1, oldText: PARAGRAPH, newText: edited },
      { kind: 'inserted', page: 2, oldPage: 1, oldText: '', newText: 'flink' },
      { kind: 'replaced', page: 2, oldPage: 1, oldText: 'extra', newText: 'meer' },
    ]);
    // The edits are marked at the paragraph's new place, and in the old version at its old place.
    expect(now[1]!.rawText.slice(changes[2]!.ranges[0]!.start, changes[2]!.ranges[0]!.end)).toBe('meer');
    expect(old[0]!.rawText.slice(changes[2]!.oldRanges[0]!.start, changes[2]!.oldRanges[0]!.end)).toBe('extra');
    // An edit in the paragraph's first words belongs to the move as well.
    const firstWord = PARAGRAPH.replace('De gemeente', 'Onze gemeente');
    const moved = summary(old, pages(`Inleiding\n${OTHER}`, `${firstWord}\nSlot van de tekst.`));
    expect(moved).toEqual([
      ['moved', PARAGRAPH, firstWord],
      ['replaced', 'De', 'Onze'],
    ]);
  });

  it('keeps a longer moved paragraph one move when a sentence in it was rewritten or its end shortened', () => {
    const rest = 'Daarbij werken wij samen met de woningcorporaties en de huisartsen in elke wijk.';
    const last = 'Zo worden problemen eerder gezien en sneller opgelost voor de inwoners.';
    const long = `${PARAGRAPH} ${rest} ${last}`;
    const section =
      'Voor 2018 betekent dit een extra bijdrage aan de scholen in Zwolle-Zuid, Holtenbroek en Stadshagen, waar de vraag naar ondersteuning het grootst is. ' +
      'Ook wordt de subsidieregeling voor het voortgezet onderwijs aangepast aan de nieuwe afspraken met de provincie en het ministerie.';
    const old = pages(`Inleiding\n${long}\n${OTHER} ${section}`, 'Slot van de tekst.');
    const movedAs = (edited: string) => summary(old, pages(`Inleiding\n${OTHER} ${section}`, `${edited}\nSlot van de tekst.`));
    const rewritten = 'Wij betrekken hier alle partners bij, in het bijzonder de corporaties, de scholen en de huisartsen.';
    expect(movedAs(long.replace(rest, rewritten))).toEqual([
      ['moved', long, long.replace(rest, rewritten)],
      ['replaced', rest, rewritten],
    ]);
    const shortened = long.replace('sneller opgelost voor de inwoners.', 'sneller opgelost.');
    expect(movedAs(shortened)).toEqual([
      ['moved', long, shortened],
      ['replaced', 'opgelost voor de inwoners.', 'opgelost.'],
    ]);
  });

  it('flags an amount only when a number itself changed, and then just the amounts with their units', () => {
    const amountOf = (before: string, after: string) => compareVersions(pages(before), pages(after)).changes.map((c) => c.amount);
    // Rewritten around the amount: just the amounts.
    expect(amountOf('De kosten zijn naar schatting € 1,1 mln per jaar.', 'De kosten bedragen € 1,4 mln per jaar.')).toEqual([{ old: '€ 1,1 mln', new: '€ 1,4 mln' }]);
    expect(amountOf('in een periode van 5 jaar naar die praktijken', 'in een periode van 4 jaar naar die praktijken')).toEqual([{ old: '5 jaar', new: '4 jaar' }]);
    // A date that moved is a changed number too.
    expect(amountOf('Wij besluiten op 1 oktober 2017 over het plan.', 'Wij besluiten op 1 november 2017 over het plan.')).toEqual([{ old: '1 oktober 2017', new: '1 november 2017' }]);
    // A number on one side only is a rewritten passage, not a changed amount.
    expect(amountOf('Dat leggen wij tijdig aan u voor.', 'Dat leggen wij vóór 1 oktober 2017 aan u voor.')).toEqual([null]);
    expect(amountOf('Het budget wordt later vastgesteld.', 'Het budget wordt vastgesteld op € 1,4 mln per jaar.')).toEqual([null]);
    // The same amount on both sides of a rewritten sentence did not change.
    expect(amountOf('Voor € 2 mln bouwen wij een school.', 'Voor € 2 mln renoveren wij twee scholen.')).toEqual([null]);
  });

  it('gives an edit script that turns the old sequence into the new one, on random input', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 500; round++) {
      const alphabet = 2 + Math.floor(random() * 8);
      const a = Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * alphabet));
      const b = Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * alphabet));
      const rebuilt: number[] = [];
      for (const op of diffSequences(a, b)) {
        if (op.kind === 'equal') expect(a.slice(op.aStart, op.aEnd)).toEqual(b.slice(op.bStart, op.bEnd));
        if (op.kind !== 'delete') rebuilt.push(...b.slice(op.bStart, op.bEnd));
      }
      expect(rebuilt).toEqual(b);
    }
  });
});

describe('a comparison too large to show', () => {
  const lines = (count: number, edit: (n: number) => string) => Array.from({ length: count }, (_, n) => `Regel ${n} van de begroting noemt post ${edit(n)} van de gemeente.`);
  const asPages = (all: string[]) => Array.from({ length: Math.ceil(all.length / 45) }, (_, p) => all.slice(p * 45, (p + 1) * 45).join('\n'));

  it('is too-large, without a list, when more changed than MAX_CHANGES, and says so quickly', () => {
    const old = pages(...asPages(lines(MAX_CHANGES + 500, (n) => `A${n}`)));
    const now = pages(...asPages(lines(MAX_CHANGES + 500, (n) => `B${n}`)));
    const started = performance.now();
    expect(compareVersions(old, now)).toEqual({ status: 'too-large', changes: [] });
    expect(performance.now() - started).toBeLessThan(COMPARE_BUDGET_MS);
    // Fewer changes than the cap: listed one by one.
    const few = compareVersions(pages(...asPages(lines(200, (n) => `A${n}`))), pages(...asPages(lines(200, (n) => `B${n}`))));
    expect(few.status).toBe('changed');
    expect(few.changes.length).toBeGreaterThan(100);
  });

  it('is too-large when the comparison takes longer than its time budget', () => {
    const old = pages(...asPages(lines(2_000, (n) => `A${n}`)));
    const reversed = pages(...asPages(lines(2_000, (n) => `A${n}`).reverse()));
    expect(compareVersions(old, reversed, { budgetMs: 0 })).toEqual({ status: 'too-large', changes: [] });
    expect(compareVersions(old, reversed).status).toBe('changed');
  });
});
