// The layout of a motion draft as a griffie expects it: the standard Dutch
// form of a motie or an amendement, as an ordered list of typed blocks. The
// DOCX and PDF exporters (electron/core/motions) and the app's preview all
// render these same blocks, so the wording lives here only. Plain TS: runs in
// the renderer as well as in Node.
import type { AmendementContent, Citation, Consideration, MotieContent, MotionContent, MotionStatus, Submitter } from './motion.ts';

/** One point of a list: its lines (a point's line breaks kept), and the document it cites. */
export interface MotionListItem {
  /** At least one line; none of them empty. */
  lines: string[];
  citation?: MotionCitation;
}

export interface MotionCitation extends Citation {
  /** How the citation is written after the point: "(bron: Raadsvoorstel, p. 3)" (citationLabel). */
  label: string;
}

export type MotionBlock =
  /** Level 1: "Motie" / "Amendement"; level 2: the motion's title. */
  | { type: 'heading'; level: 1 | 2; text: string }
  /** "Concept": shown while the draft has not been submitted. */
  | { type: 'status'; text: string }
  /**
   * A paragraph of running text. `bold` for the section phrases ("constaterende
   * dat"); `indent` for quoted ontwerpbesluit text ("te schrappen:").
   */
  | { type: 'paragraph'; text: string; bold?: boolean; indent?: boolean }
  | { type: 'list'; marker: '-'; items: MotionListItem[] }
  /** The submitters under "Ingediend door:", each with room to sign. */
  | { type: 'signatures'; submitters: Submitter[] };

export const MOTION_PHRASES = {
  motie: 'Motie',
  amendement: 'Amendement',
  concept: 'Concept',
  deliberation: 'gehoord de beraadslaging,',
  constaterende: 'constaterende dat',
  overwegende: 'overwegende dat',
  verzoekt: 'verzoekt het college',
  closing: 'en gaat over tot de orde van de dag.',
  delete: 'te schrappen:',
  add: 'toe te voegen:',
  toelichting: 'Toelichting',
  submittedBy: 'Ingediend door:',
} as const;

export function motionLayout(content: MotionContent, status: MotionStatus): MotionBlock[] {
  const blocks: MotionBlock[] = [{ type: 'heading', level: 1, text: content.kind === 'motie' ? MOTION_PHRASES.motie : MOTION_PHRASES.amendement }];
  if (status === 'concept') blocks.push({ type: 'status', text: MOTION_PHRASES.concept });
  const title = oneLine(content.title);
  if (title !== '') blocks.push({ type: 'heading', level: 2, text: title });
  blocks.push(...preamble(content));
  blocks.push(...(content.kind === 'motie' ? motieBody(content) : amendementBody(content)));
  const submitters = content.submitters
    .map((s) => ({ name: oneLine(s.name), fractie: oneLine(s.fractie) }))
    .filter((s) => s.name !== '' || s.fractie !== '');
  if (submitters.length > 0) blocks.push({ type: 'paragraph', text: MOTION_PHRASES.submittedBy, bold: true }, { type: 'signatures', submitters });
  return blocks;
}

/** What an exported file says about itself (DOCX core properties, PDF Info). */
export interface MotionDocumentInfo {
  /** "Motie: Veilige fietsroutes", or "Motie" when the draft has no title yet. */
  title: string;
  /** The meeting: "Raadsvergadering, dinsdag 10 februari 2026". */
  subject: string;
  /** The submitters: "Anna de Vries (GroenLinks), Piet Jansen (VVD)". */
  author: string;
  /** The behandelend agendapunt, or "" */
  description: string;
  keywords: string[];
  creator: 'Raadsmap';
}

export function motionDocumentInfo(content: MotionContent, status: MotionStatus): MotionDocumentInfo {
  const kind = content.kind === 'motie' ? MOTION_PHRASES.motie : MOTION_PHRASES.amendement;
  const title = oneLine(content.title);
  const agenda = agendaItemText(content);
  return {
    title: title === '' ? kind : `${kind}: ${title}`,
    subject: [oneLine(content.meetingTitle), formatMotionDate(content.meetingDate)].filter((part) => part !== '').join(', '),
    author: content.submitters
      .map((s) => [oneLine(s.name), oneLine(s.fractie)])
      .filter(([name, fractie]) => name !== '' || fractie !== '')
      .map(([name, fractie]) => (name !== '' && fractie !== '' ? `${name} (${fractie})` : name || fractie))
      .join(', '),
    description: agenda === '' ? '' : `Agendapunt ${agenda}`,
    keywords: [content.kind, ...(status === 'concept' ? ['concept'] : []), oneLine(content.municipality)].filter((word) => word !== ''),
    creator: 'Raadsmap',
  };
}

/** "(bron: Raadsvoorstel fietsbeleid, p. 3)", with a no-break space before the page number. */
export function citationLabel(citation: Citation): string {
  return `(bron: ${oneLine(citation.documentTitle)}, p.\u00a0${citation.page})`;
}

/** "2026-02-10" → "dinsdag 10 februari 2026"; a date that does not exist stays as it was written. */
export function formatMotionDate(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return iso;
  return new Intl.DateTimeFormat('nl-NL', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

function preamble(content: MotionContent): MotionBlock[] {
  const municipality = oneLine(content.municipality);
  const blocks: MotionBlock[] = [
    { type: 'paragraph', text: municipality === '' ? 'De raad,' : `De raad van de gemeente ${municipality},` },
    { type: 'paragraph', text: `in vergadering bijeen op ${formatMotionDate(content.meetingDate)},` },
  ];
  const agenda = agendaItemText(content);
  if (agenda !== '') blocks.push({ type: 'paragraph', text: `behandelend agendapunt ${agenda},` });
  blocks.push({ type: 'paragraph', text: MOTION_PHRASES.deliberation });
  return blocks;
}

/** "3.2 Fietsbeleid", "" for a motie vreemd aan de orde van de dag. */
function agendaItemText(content: MotionContent): string {
  return [oneLine(content.agendaItem?.number ?? ''), oneLine(content.agendaItem?.title ?? '')].filter((part) => part !== '').join(' ');
}

function motieBody(content: MotieContent): MotionBlock[] {
  return [
    ...section(MOTION_PHRASES.constaterende, content.constaterende.map(considerationItem)),
    ...section(MOTION_PHRASES.overwegende, content.overwegende.map(considerationItem)),
    ...section(MOTION_PHRASES.verzoekt, content.verzoekt.map((text) => considerationItem({ text }))),
    { type: 'paragraph', text: MOTION_PHRASES.closing },
  ];
}

function amendementBody(content: AmendementContent): MotionBlock[] {
  const decisionPoint = oneLine(content.decisionPoint);
  const blocks: MotionBlock[] = [
    { type: 'paragraph', text: `besluit het ontwerpbesluit ${decisionPoint !== '' ? `(${decisionPoint}) ` : ''}als volgt te wijzigen:`, bold: true },
  ];
  const quoted = (phrase: string, text: string): MotionBlock[] => {
    const paragraphs = lines(text);
    return paragraphs.length === 0 ? [] : [{ type: 'paragraph', text: phrase }, ...paragraphs.map((line): MotionBlock => ({ type: 'paragraph', text: line, indent: true }))];
  };
  blocks.push(...quoted(MOTION_PHRASES.delete, content.deleteText), ...quoted(MOTION_PHRASES.add, content.addText));
  const toelichting = lines(content.toelichting);
  if (toelichting.length > 0) {
    blocks.push({ type: 'heading', level: 2, text: MOTION_PHRASES.toelichting }, ...toelichting.map((line): MotionBlock => ({ type: 'paragraph', text: line })));
  }
  return blocks;
}

/** A section phrase and its points; nothing when no point has text. */
function section(phrase: string, items: (MotionListItem | null)[]): MotionBlock[] {
  const filled = items.filter((item): item is MotionListItem => item !== null);
  return filled.length === 0 ? [] : [{ type: 'paragraph', text: phrase, bold: true }, { type: 'list', marker: '-', items: filled }];
}

function considerationItem(point: Consideration): MotionListItem | null {
  const itemLines = lines(point.text);
  if (itemLines.length === 0) return null;
  return point.citation ? { lines: itemLines, citation: { ...point.citation, label: citationLabel(point.citation) } } : { lines: itemLines };
}

/** The text's non-blank lines, each trimmed and with runs of spaces folded. */
function lines(text: string): string[] {
  return clean(text)
    .split(/\r\n|\r|\n|\u2028|\u2029/u)
    .map((line) => line.replace(/[ \t\u00a0]+/gu, ' ').trim())
    .filter((line) => line !== '');
}

/** For fields that are one line: names, titles. */
function oneLine(text: string): string {
  return clean(text).replace(/\s+/gu, ' ').trim();
}

/**
 * Leaves out what no document format can hold: control characters (bar tab
 * and line breaks), the noncharacters U+FFFE/U+FFFF, zero-width marks other
 * than the joiners emoji need; a lone surrogate becomes U+FFFD.
 */
function clean(text: string): string {
  return text
    .replace(/[\uD800-\uDFFF]/gu, '\uFFFD')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\u200B\u2060\uFEFF]/gu, '');
}
