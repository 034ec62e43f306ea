// A motion draft as a Word document (.docx) for the griffie: the blocks of
// shared/motion-layout.ts on A4, in Arial 11 pt, with Word's own heading
// styles and a dashed list, "Pagina n van m" in the footer.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type IParagraphOptions,
} from 'docx';
import type { MotionContent, MotionStatus } from '../../../shared/motion.ts';
import { motionDocumentInfo, motionLayout, type MotionBlock, type MotionListItem } from '../../../shared/motion-layout.ts';

/** Twips (1/20 pt): A4 is 210 × 297 mm, the margins 25 mm. */
const A4_WIDTH = 11906;
const A4_HEIGHT = 16838;
const MARGIN = 1418;
const FOOTER_DISTANCE = 680;
/** Room to sign: the rule is this much narrower than the text. */
const SIGNATURE_RULE_INSET = 5102;
const FONT = 'Arial';
/** Sizes in half-points. */
const BODY_SIZE = 22;
const LIST_REFERENCE = 'motion-dash';
/** Twips: the text of a point starts this far in; its dash hangs in front of it. */
const LIST_INDENT = 425;
const PARAGRAPH_AFTER = 120;

export async function motionToDocx(content: MotionContent, status: MotionStatus): Promise<Uint8Array> {
  const info = motionDocumentInfo(content, status);
  const document = new Document({
    title: info.title,
    subject: info.subject,
    creator: info.creator,
    lastModifiedBy: info.creator,
    description: info.description,
    keywords: info.keywords.join(', '),
    styles: {
      default: {
        document: {
          run: { font: FONT, size: BODY_SIZE, language: { value: 'nl-NL' } },
          paragraph: { spacing: { after: PARAGRAPH_AFTER, line: 276 } },
        },
        heading1: { run: { font: FONT, size: 32, bold: true, color: '000000' }, paragraph: { spacing: { after: 60 }, keepNext: true } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: '000000' }, paragraph: { spacing: { before: 120, after: 240 }, keepNext: true } },
      },
    },
    numbering: {
      config: [
        {
          reference: LIST_REFERENCE,
          levels: [
            {
              level: 0,
              format: LevelFormat.BULLET,
              text: '-',
              alignment: AlignmentType.LEFT,
              style: { paragraph: { indent: { left: LIST_INDENT, hanging: LIST_INDENT } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4_WIDTH, height: A4_HEIGHT },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, footer: FOOTER_DISTANCE },
          },
        },
        footers: { default: footer(status) },
        children: motionLayout(content, status).flatMap(paragraphs),
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

function paragraphs(block: MotionBlock): Paragraph[] {
  switch (block.type) {
    case 'heading':
      return [new Paragraph({ text: block.text, heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2 })];
    case 'status':
      return [new Paragraph({ children: [new TextRun({ text: block.text.toUpperCase(), bold: true, color: '808080', characterSpacing: 40 })] })];
    case 'paragraph': {
      const options: IParagraphOptions = {
        children: [new TextRun({ text: block.text, bold: block.bold ?? false, italics: block.indent ?? false })],
        ...(block.indent && { indent: { left: LIST_INDENT } }),
        ...(block.bold && { keepNext: true }),
      };
      return [new Paragraph(options)];
    }
    case 'list':
      return block.items.flatMap(listItem);
    case 'signatures':
      return block.submitters.flatMap((submitter) => [
        // Room to sign above the name: an empty paragraph with a rule under it.
        new Paragraph({
          children: [],
          spacing: { before: 480, after: 60 },
          border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 1 } },
          indent: { right: SIGNATURE_RULE_INSET },
          keepNext: true,
          keepLines: true,
        }),
        new Paragraph({ children: [new TextRun({ text: submitter.name, bold: true })], spacing: { after: 0 }, keepNext: true }),
        new Paragraph({ text: submitter.fractie }),
      ]);
  }
}

/** The first line takes the dash; further lines of the same point stand under its text. */
function listItem(item: MotionListItem): Paragraph[] {
  return item.lines.map((line, i) => {
    const last = i === item.lines.length - 1;
    const children = [new TextRun(line), ...(last && item.citation ? [new TextRun({ text: ` ${item.citation.label}`, italics: true })] : [])];
    return i === 0
      ? new Paragraph({ children, numbering: { reference: LIST_REFERENCE, level: 0 }, spacing: { after: last ? PARAGRAPH_AFTER : 60 } })
      : new Paragraph({ children, indent: { left: LIST_INDENT }, spacing: { after: last ? PARAGRAPH_AFTER : 60 } });
  });
}

function footer(status: MotionStatus): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({ children: [...(status === 'concept' ? ['Concept – '] : []), 'Pagina ', PageNumber.CURRENT, ' van ', PageNumber.TOTAL_PAGES], size: 18, color: '606060' }),
        ],
      }),
    ],
  });
}
