import { beforeAll, describe, expect, it } from 'vitest';
import { RaadsmapError } from '../../shared/errors.ts';
import { extractPdf } from '../../electron/core/extraction/extract-pdf.ts';
import type { ExtractedDocument, ExtractedPage, TextRun } from '../../electron/core/extraction/types.ts';
import { A4, BODY_TOP, BODY_X, LEADING, encryptedPdf, makeLongPdf, makePdf, pdfWithPages } from './pdfs.ts';

const HEADER = 'Gemeente Zwolle — Rapport schuldhulpverlening 2016';
const LETTER: [number, number] = [612, 792];
const threePages = () =>
  makePdf(
    [
      { header: HEADER, footer: 'Pagina 1 van 3', lines: ['Beslisnota voor de raad', 'De gemeente zet in op vroeg-', 'signalering van schulden bij inwoners.'] },
      { header: HEADER, footer: 'Pagina 2 van 3', lines: ['Bij re-', 'integratie werken partners in Noord-', 'Holland samen met jeugd-', 'en gezinszorg.'] },
      { header: HEADER, footer: 'Pagina 3 van 3', size: LETTER, lines: ['Het budget voor 2017 is € 1.234.567 (3,5% meer).', 'Besloten op 23-01-2017.'] },
    ],
    { title: 'Rapport schuldhulpverlening', author: 'Rekenkamercommissie Zwolle' },
  );

const runAt = (page: ExtractedPage, offset: number) => page.runs.find((r) => r.start <= offset && offset < r.end);
const contains = (run: TextRun | undefined, x: number, y: number) =>
  run !== undefined && run.x <= x && x <= run.x + run.width && run.y <= y && y <= run.y + run.height;

async function failureOf(bytes: Uint8Array, signal?: AbortSignal): Promise<RaadsmapError> {
  const error = await extractPdf(bytes, { signal }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RaadsmapError);
  return error as RaadsmapError;
}

describe('extractPdf on a three-page report', () => {
  let doc: ExtractedDocument;
  const pages: number[][] = [];
  beforeAll(async () => {
    doc = await extractPdf(await threePages(), { onPage: (done, total) => pages.push([done, total]) });
  });

  it('reads every page in order, with its size and the document info', () => {
    expect(doc.pageCount).toBe(3);
    expect(doc.pages.map((p) => [p.pageNumber, p.width, p.height])).toEqual([
      [1, ...A4],
      [2, ...A4],
      [3, ...LETTER],
    ]);
    expect(doc.info).toEqual({ title: 'Rapport schuldhulpverlening', author: 'Rekenkamercommissie Zwolle' });
    expect(pages).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('keeps the text layer as pdf.js gives it in rawText', () => {
    expect(doc.pages[0]!.rawText).toBe(`${HEADER}\nBeslisnota voor de raad\nDe gemeente zet in op vroeg-\nsignalering van schulden bij inwoners.\nPagina 1 van 3`);
    expect(doc.pages[1]!.rawText).toContain('Bij re-\nintegratie werken partners in Noord-\nHolland');
  });

  it('repairs hyphenation and removes the running header and page numbers in text', () => {
    expect(doc.pages.map((p) => p.text)).toEqual([
      'Beslisnota voor de raad\nDe gemeente zet in op vroegsignalering van schulden bij inwoners.',
      'Bij re-integratie werken partners in Noord-Holland samen met jeugd- en gezinszorg.',
      'Het budget voor 2017 is € 1.234.567 (3,5% meer).\nBesloten op 23-01-2017.',
    ]);
    expect(doc.pages.map((p) => p.quality)).toEqual(['ok', 'ok', 'ok']);
  });

  it('gives each text item a run whose box holds the place it was drawn', () => {
    const page = doc.pages[0]!;
    const offset = page.rawText.indexOf('De gemeente zet in op vroeg-');
    const run = runAt(page, offset);
    expect(page.rawText.slice(run!.start, run!.end)).toBe('De gemeente zet in op vroeg-');
    expect(contains(run, BODY_X + 1, BODY_TOP - LEADING + 2)).toBe(true);
    expect(contains(run, BODY_X + 1, BODY_TOP + 2)).toBe(false); // the line above is another run
    const header = runAt(page, 0);
    expect(contains(header, 51, A4[1] - 34)).toBe(true);
    for (const p of doc.pages) {
      for (const r of p.runs) {
        expect(r.start).toBeLessThan(r.end);
        expect(r.end).toBeLessThanOrEqual(p.rawText.length);
        expect(p.rawText.slice(r.start, r.end).trim()).not.toBe('');
      }
    }
  });
});

describe('extractPdf geometry and fonts', () => {
  it('gives boxes and size of a rotated page as it is displayed (bottom-left origin)', async () => {
    const doc = await extractPdf(await makePdf([{ rotate: 90, lines: ['Gedraaide pagina met tekst'] }]));
    const page = doc.pages[0]!;
    expect([page.width, page.height]).toEqual([A4[1], A4[0]]);
    // /Rotate 90 turns the user-space point (x, y) into (y, width - x) on the displayed page; the text runs downwards.
    const run = page.runs[0]!;
    expect(contains(run, BODY_TOP + 2, A4[0] - BODY_X - 5)).toBe(true);
    expect(run.height).toBeGreaterThan(run.width);
  });

  it('keeps Dutch diacritics from an embedded TrueType font intact (NFC)', async () => {
    const line = 'De financiële gevolgen voor één jaar: coördinatie en geïnteresseerde café-eigenaren';
    const doc = await extractPdf(await makePdf([{ lines: [line, 'Reële bedragen in €.'] }], { font: 'dejavu' }));
    expect(doc.pages[0]!.rawText.normalize('NFC')).toBe(`${line}\nReële bedragen in €.`);
    expect(doc.pages[0]!.text).toBe(`${line}\nReële bedragen in €.`);
    expect(doc.pages[0]!.quality).toBe('ok');
  });

  it('flags a page without text as empty', async () => {
    const doc = await extractPdf(await makePdf([{ lines: ['Tekst op de eerste pagina.'] }, { lines: [] }]));
    expect(doc.pages.map((p) => [p.text, p.quality])).toEqual([
      ['Tekst op de eerste pagina.', 'ok'],
      ['', 'empty'],
    ]);
  });
});

describe('extractPdf errors', () => {
  it('refuses a file that is not a PDF', async () => {
    for (const bytes of [new TextEncoder().encode('Dit is een Word-document, geen PDF.'), new Uint8Array(0)]) {
      const error = await failureOf(bytes);
      expect(error.code).toBe('pdf.not-pdf');
      expect(error.nl).toMatch(/geen PDF.*%PDF-/);
      expect(error.en).toMatch(/not a PDF/);
    }
  });

  it('reports a truncated PDF as corrupt, naming what pdf.js said', async () => {
    const bytes = await threePages();
    const error = await failureOf(bytes.slice(0, Math.floor(bytes.length / 2)));
    expect(error.code).toBe('pdf.corrupt');
    expect(error.nl).toMatch(/beschadigd.*pdf\.js: Invalid PDF structure/);
    expect(error.en).toMatch(/damaged.*pdf\.js: Invalid PDF structure/);
  });

  it('reports garbage after the header as corrupt', async () => {
    const error = await failureOf(new TextEncoder().encode(`%PDF-1.7\n${'kapot '.repeat(500)}`));
    expect(error.code).toBe('pdf.corrupt');
    expect(error.en).toMatch(/pdf\.js: /);
  });

  it('reports a password-protected PDF as encrypted', async () => {
    const error = await failureOf(encryptedPdf());
    expect(error.code).toBe('pdf.encrypted');
    expect(error.nl).toMatch(/beveiligd met een wachtwoord/);
    expect(error.en).toMatch(/password/);
  });

  it('refuses more than 5000 pages before reading any', async () => {
    const error = await failureOf(pdfWithPages(5001));
    expect(error.code).toBe('pdf.too-many-pages');
    expect(error.nl).toMatch(/5001 pagina's/);
  });

  it('stops with cancelled when the signal aborts, before or during the work', async () => {
    const aborted = new AbortController();
    aborted.abort();
    expect((await failureOf(await threePages(), aborted.signal)).code).toBe('cancelled');

    const controller = new AbortController();
    const seen: number[] = [];
    const error = await extractPdf(await makeLongPdf(20), {
      signal: controller.signal,
      onPage: (done) => {
        seen.push(done);
        if (done === 2) controller.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'cancelled' });
    expect(seen).toEqual([1, 2]);
  });
});
