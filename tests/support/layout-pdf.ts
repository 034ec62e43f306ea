// A PDF whose text is placed the ways real reports place it, for testing
// where highlights land: two columns on one page, kerned text (TJ), character
// and word spacing, horizontal scaling, superscripts (text rise), a page with
// /Rotate 90 whose text reads across the displayed page, a page with /Rotate
// 270 whose text runs up it, text turned by its text matrix, text inside a
// scaled form XObject, and an embedded (CID, Identity-H) font beside the
// standard Helvetica. The sample PDFs have one column and no rotation.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFArray,
  PDFDocument,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  StandardFonts,
  beginText,
  concatTransformationMatrix,
  degrees,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSpacing,
  setFontAndSize,
  setTextMatrix,
  setTextRise,
  setWordSpacing,
  showText,
  type PDFFont,
  type PDFPage,
} from 'pdf-lib';

const SENTENCES = [
  'De raad besluit het voorstel over schuldhulpverlening aan te nemen',
  'Wethouder Anker zegt toe de commissie voor de zomer te informeren',
  'Inwoners met problematische schulden worden sneller geholpen',
  'Het college kiest voor vroegsignalering bij woningcorporaties',
  'Budgetcoaching blijkt effectiever dan een eenmalig adviesgesprek',
  'Jongeren krijgen voorrang bij de wachtlijst voor bewindvoering',
  'De rekenkamercommissie adviseert meetbare doelen vast te leggen',
  'Kosten van nazorg vallen binnen het bestaande werkbudget',
  'Maatschappelijke partners tekenen een gezamenlijk convenant',
  'Een evaluatie volgt in het najaar van tweeduizendachttien',
  'Signalen van energieleveranciers komen voortaan eerder binnen',
  'Vrijwilligers ondersteunen huishoudens bij hun administratie',
  'Wachttijden daalden afgelopen kwartaal tot gemiddeld drie weken',
  'Schuldeisers stemmen vaker in met een minnelijke regeling',
  'Preventie levert op termijn structurele besparingen op',
  'Gezinnen met kinderen krijgen extra aandacht van consulenten',
  'Het aantal aanmeldingen steeg met elf procent ten opzichte van vorig jaar',
  'Digitale intake verkort de doorlooptijd aanzienlijk',
  'Beslagvrije voet wordt voortaan automatisch berekend',
  'Werkgevers melden loonbeslag sneller bij het schuldenloket',
  'Statushouders ontvangen voorlichting in hun eigen taal',
  'Kredietbank Nederland beheert het saneringskrediet',
  'Klanttevredenheid scoort een ruime voldoende in het onderzoek',
  'Regionale samenwerking met Kampen en Dalfsen wordt verkend',
];

/** Word k of line n: sentences cycle, and each line ends in a word of its own (so every page has words found once). */
const line = (n: number) => `${SENTENCES[n % SENTENCES.length]} (regel${n + 1})`;

type Part = string | number;

/** One line as operators: a text matrix, optional spacing and scaling, then Tj or a TJ array (strings and kerning numbers). */
function textLine(page: PDFPage, font: PDFFont, size: number, matrix: [number, number, number, number, number, number], parts: Part[], options: { charSpacing?: number; wordSpacing?: number; hScale?: number; rise?: number } = {}) {
  const key = page.node.newFontDictionary(font.name, font.ref);
  const ops: PDFOperator[] = [beginText(), setFontAndSize(key, size), setTextMatrix(...matrix)];
  if (options.charSpacing) ops.push(setCharacterSpacing(options.charSpacing));
  if (options.wordSpacing) ops.push(setWordSpacing(options.wordSpacing));
  if (options.hScale) ops.push(PDFOperator.of(PDFOperatorNames.SetTextHorizontalScaling, [PDFNumber.of(options.hScale)]));
  if (options.rise) ops.push(setTextRise(options.rise));
  if (parts.length === 1 && typeof parts[0] === 'string') {
    ops.push(showText(font.encodeText(parts[0])));
  } else {
    const array = PDFArray.withContext(page.doc.context);
    for (const part of parts) array.push(typeof part === 'number' ? PDFNumber.of(part) : font.encodeText(part));
    ops.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [array]));
  }
  ops.push(endText());
  page.pushOperators(...ops);
}

/** A line's words as a TJ array with a kerning number between letters here and there, and a wider gap between words. */
function kerned(text: string): Part[] {
  const parts: Part[] = [];
  text.split(' ').forEach((word, i) => {
    if (i > 0) parts.push(' ', -60);
    const cut = Math.ceil(word.length / 2);
    parts.push(word.slice(0, cut), 45, word.slice(cut));
  });
  return parts;
}

export async function makeLayoutPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Opmaakproef');
  doc.setCreationDate(new Date('2017-01-01T00:00:00Z'));
  doc.setModificationDate(new Date('2017-01-01T00:00:00Z'));
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);
  doc.registerFontkit(fontkit);
  const dir = path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json'));
  const dejavu = await doc.embedFont(fs.readFileSync(path.join(dir, 'ttf', 'DejaVuSans.ttf')), { subset: true });
  let n = 0;

  // 1. Two columns on the same baselines; the right one kerned, spaced and scaled.
  const columns = doc.addPage([595.28, 841.89]);
  for (let k = 0; k < 28; k++) {
    const y = 780 - k * 14;
    textLine(columns, helvetica, 9, [1, 0, 0, 1, 40, y], [line(n++).slice(0, 48)]);
    const right = line(n++).slice(0, 44);
    if (k % 4 === 0) textLine(columns, helvetica, 9, [1, 0, 0, 1, 310, y], kerned(right));
    else if (k % 4 === 1) textLine(columns, helvetica, 9, [1, 0, 0, 1, 310, y], [right], { charSpacing: 0.4, wordSpacing: 2 });
    else if (k % 4 === 2) textLine(columns, helvetica, 9, [1, 0, 0, 1, 310, y], [right], { hScale: 85 });
    else textLine(columns, dejavu, 9, [1, 0, 0, 1, 310, y], [right]);
  }
  // Superscripts: a footnote mark raised after a word.
  textLine(columns, helvetica, 9, [1, 0, 0, 1, 40, 360], ['Zie de toelichting in de bijlage']);
  textLine(columns, helvetica, 6, [1, 0, 0, 1, 40 + helvetica.widthOfTextAtSize('Zie de toelichting in de bijlage', 9) + 1, 360], ['12'], { rise: 4 });

  // 2. /Rotate 90: the content turned so that its text reads across the displayed (landscape) page.
  const landscape = doc.addPage([595.28, 841.89]);
  landscape.setRotation(degrees(90));
  landscape.pushOperators(pushGraphicsState(), concatTransformationMatrix(0, 1, -1, 0, 595.28, 0));
  for (let k = 0; k < 24; k++) textLine(landscape, k % 2 ? dejavu : helvetica, 11, [1, 0, 0, 1, 60, 540 - k * 20], k % 3 === 0 ? kerned(line(n++)) : [line(n++)]);
  landscape.pushOperators(popGraphicsState());

  // 3. Text turned by its text matrix (a table's column heads, upwards) and text in a form XObject drawn at 80%.
  const turned = doc.addPage([595.28, 841.89]);
  for (let k = 0; k < 6; k++) textLine(turned, helvetica, 10, [0, 1, -1, 0, 80 + k * 24, 520], [line(n++).slice(0, 40)]);
  for (let k = 0; k < 6; k++) textLine(turned, helvetica, 10, [0, -1, 1, 0, 260 + k * 24, 780], [line(n++).slice(0, 40)]);
  const inner = await PDFDocument.create();
  const innerFont = await inner.embedFont(StandardFonts.Helvetica);
  const innerPage = inner.addPage([400, 200]);
  for (let k = 0; k < 10; k++) innerPage.drawText(line(n++).slice(0, 60), { x: 10, y: 180 - k * 16, size: 10, font: innerFont });
  const [embedded] = await doc.embedPdf(await inner.save());
  turned.drawPage(embedded!, { x: 200, y: 80, xScale: 0.8, yScale: 0.8 });

  // 4. /Rotate 270 with its text as drawn: it runs up the displayed page.
  const upright = doc.addPage([595.28, 841.89]);
  upright.setRotation(degrees(270));
  for (let k = 0; k < 20; k++) textLine(upright, k % 2 ? helvetica : dejavu, 10, [1, 0, 0, 1, 60, 780 - k * 16], [line(n++)]);

  return doc.save({ useObjectStreams: false });
}
