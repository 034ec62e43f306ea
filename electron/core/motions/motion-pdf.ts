// A motion draft as a PDF for the griffie: the blocks of
// shared/motion-layout.ts on A4 in Helvetica, wrapped at word boundaries,
// continued on new pages, with "Pagina n van m" in every footer. The standard
// fonts only know WinAnsi: whatever else the text holds is spelled in it
// ('ĳ' → 'ij', 'ł' → 'l') or becomes '?', so no input makes the export fail.
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import { GREY, PageWriter, RULE_GAP, TEXT_WIDTH, type Run } from '../export/page-writer.ts';
import type { MotionContent, MotionStatus } from '../../../shared/motion.ts';
import { motionDocumentInfo, motionLayout, type MotionBlock, type MotionListItem } from '../../../shared/motion-layout.ts';

const BODY = { size: 11, leading: 15 };
const HEADING_1 = { size: 18, leading: 22 };
const HEADING_2 = { size: 13, leading: 17 };
const STATUS = { size: 10, leading: 14 };
const PARAGRAPH_GAP = 6;
/** Where the text of a point starts, right of its dash; also the indent of quoted ontwerpbesluit text. */
const LIST_INDENT = 18;
const SIGNATURE_RULE = 200;
/** Room to sign above a submitter's name, down to the rule; the rule sits this far above the name's line. */
const SIGNATURE_ROOM = 34;

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
}

export async function motionToPdf(content: MotionContent, status: MotionStatus): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const info = motionDocumentInfo(content, status);
  pdf.setTitle(info.title, { showInWindowTitleBar: true });
  pdf.setSubject(info.subject);
  if (info.author !== '') pdf.setAuthor(info.author);
  pdf.setKeywords(info.keywords);
  pdf.setCreator(info.creator);
  pdf.setProducer(info.creator);
  pdf.setLanguage('nl-NL');

  const fonts: Fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
    italic: await pdf.embedFont(StandardFonts.HelveticaOblique),
  };
  const writer = new PageWriter(pdf, new Set(fonts.regular.getCharacterSet()));
  const blocks = motionLayout(content, status);
  blocks.forEach((block, i) => writeBlock(writer, fonts, block, blocks[i + 1]));
  writer.footers(fonts.regular, status === 'concept' ? 'Concept' : undefined);
  return pdf.save();
}

/** `next`: the block after this one, which a section phrase stays on the page with. */
function writeBlock(writer: PageWriter, fonts: Fonts, block: MotionBlock, next: MotionBlock | undefined): void {
  switch (block.type) {
    case 'heading': {
      const style = block.level === 1 ? HEADING_1 : HEADING_2;
      if (block.level === 2) writer.gap(PARAGRAPH_GAP);
      const lines = writer.wrap([{ text: block.text, font: fonts.bold }], style.size, TEXT_WIDTH);
      writer.keepRoom(lines.length * style.leading + 2 * BODY.leading);
      writer.lines(lines, 0, style);
      writer.gap(block.level === 1 ? 2 : 2 * PARAGRAPH_GAP);
      return;
    }
    case 'status':
      writer.lines(writer.wrap([{ text: block.text.toUpperCase(), font: fonts.bold }], STATUS.size, TEXT_WIDTH), 0, STATUS, GREY);
      writer.gap(2 * PARAGRAPH_GAP);
      return;
    case 'paragraph': {
      const indent = block.indent ? LIST_INDENT : 0;
      const font = block.bold ? fonts.bold : block.indent ? fonts.italic : fonts.regular;
      const lines = writer.wrap([{ text: block.text, font }], BODY.size, TEXT_WIDTH - indent);
      // A section phrase ("constaterende dat") stays with the first line of its first point, "Ingediend door:" with a signature.
      if (block.bold) {
        writer.gap(PARAGRAPH_GAP);
        writer.keepRoom(lines.length * BODY.leading + PARAGRAPH_GAP + (next?.type === 'signatures' ? SIGNATURE_ROOM + 2 * BODY.leading : BODY.leading));
      }
      writer.lines(lines, indent, BODY);
      writer.gap(PARAGRAPH_GAP);
      return;
    }
    case 'list':
      for (const item of block.items) writeListItem(writer, fonts, item);
      return;
    case 'signatures':
      for (const submitter of block.submitters) {
        const name = writer.wrap([{ text: submitter.name, font: fonts.bold }], BODY.size, TEXT_WIDTH);
        const fractie = writer.wrap([{ text: submitter.fractie, font: fonts.regular }], BODY.size, TEXT_WIDTH);
        writer.keepRoom(SIGNATURE_ROOM + (name.length + fractie.length) * BODY.leading);
        writer.gap(SIGNATURE_ROOM - RULE_GAP);
        writer.rule(SIGNATURE_RULE);
        writer.lines(name, 0, BODY);
        writer.lines(fractie, 0, BODY);
      }
      return;
  }
}

function writeListItem(writer: PageWriter, fonts: Fonts, item: MotionListItem): void {
  item.lines.forEach((text, i) => {
    const runs: Run[] = [{ text, font: fonts.regular }];
    if (item.citation && i === item.lines.length - 1) runs.push({ text: item.citation.label, font: fonts.italic });
    const lines = writer.wrap(runs, BODY.size, TEXT_WIDTH - LIST_INDENT);
    if (i === 0) {
      // The dash goes on the page with the point's first line.
      writer.keepRoom(BODY.leading);
      writer.marker('-', fonts.regular, BODY.size, BODY.leading);
    }
    writer.lines(lines, LIST_INDENT, BODY);
    writer.gap(i === item.lines.length - 1 ? PARAGRAPH_GAP - 2 : 2);
  });
}

export { toWinAnsi } from '../export/page-writer.ts';
