// The content of a motion draft (motie or amendement), as stored in
// personal.motion_drafts.content and moved by personal export/import. The
// layout follows what a griffie expects (see shared/motion-layout.ts).
import { z } from 'zod';
import { asOneLine, oneLineText } from './text-fields.ts';
import { rule } from './zod-messages.ts';

// The draft's titles and names stand on one line (oneLineText); its points and
// explanations are free text, as is a cited document's title (a synced title may span lines).
const line = oneLineText;
const text = (max: number) => z.string().max(max);

/** Where a quoted passage came from: the document and page it cites. */
export const citationSchema = z.object({
  documentId: z.number().int().positive(),
  documentTitle: text(500),
  page: z.number().int().positive(),
});
export type Citation = z.infer<typeof citationSchema>;

/** One "constaterende dat" / "overwegende dat" point, optionally quoting a document. */
export const considerationSchema = z.object({
  text: text(20_000),
  citation: citationSchema.optional(),
});
export type Consideration = z.infer<typeof considerationSchema>;

export const submitterSchema = z.object({
  name: line(200),
  fractie: line(200),
});
export type Submitter = z.infer<typeof submitterSchema>;

/** Filled from the meeting and agenda item when the draft is made; editable. */
const commonFields = {
  title: line(500),
  /** "Zwolle" in "De raad van de gemeente Zwolle". */
  municipality: line(200),
  /** ISO date (YYYY-MM-DD) of the meeting the motion is submitted in. */
  meetingDate: z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s), rule('moet een datum zijn als 2024-01-31', 'must be a date such as 2024-01-31')),
  meetingTitle: line(500),
  /** The behandelend agendapunt; null for a motie vreemd aan de orde van de dag. */
  agendaItem: z.object({ number: line(40).nullable(), title: line(1000) }).nullable(),
  submitters: z.array(submitterSchema).max(50),
};

export const motieContentSchema = z.object({
  kind: z.literal('motie'),
  ...commonFields,
  constaterende: z.array(considerationSchema).max(100),
  overwegende: z.array(considerationSchema).max(100),
  /** The requests after "verzoekt het college". */
  verzoekt: z.array(text(20_000)).max(100),
});
export type MotieContent = z.infer<typeof motieContentSchema>;

export const amendementContentSchema = z.object({
  kind: z.literal('amendement'),
  ...commonFields,
  /** Which part of the ontwerpbesluit is changed, e.g. "beslispunt 2". */
  decisionPoint: text(1000),
  /** Text of the ontwerpbesluit to delete ("te schrappen"), empty when only adding. */
  deleteText: text(20_000),
  /** Text to add ("toe te voegen"), empty when only deleting. */
  addText: text(20_000),
  toelichting: text(50_000),
});
export type AmendementContent = z.infer<typeof amendementContentSchema>;

export const motionContentSchema = z.discriminatedUnion('kind', [motieContentSchema, amendementContentSchema]);
export type MotionContent = z.infer<typeof motionContentSchema>;
export type MotionKind = MotionContent['kind'];

export const MOTION_STATUSES = ['concept', 'ingediend'] as const;
export type MotionStatus = (typeof MOTION_STATUSES)[number];

/**
 * Content whose titles and names are put on one line (asOneLine): for what
 * was stored before those fields were checked, and for prefills from synced
 * meetings, whose titles may hold line breaks.
 */
export function withOneLineFields(content: unknown): unknown {
  if (!content || typeof content !== 'object') return content;
  const fix = (value: unknown) => (typeof value === 'string' ? asOneLine(value) : value);
  const fixed: Record<string, unknown> = { ...content };
  for (const key of ['title', 'municipality', 'meetingTitle']) fixed[key] = fix(fixed[key]);
  const item = fixed.agendaItem as { number?: unknown; title?: unknown } | null | undefined;
  if (item && typeof item === 'object') fixed.agendaItem = { ...item, number: fix(item.number), title: fix(item.title) };
  if (Array.isArray(fixed.submitters)) fixed.submitters = fixed.submitters.map((s: unknown) => (s && typeof s === 'object' ? { ...s, name: fix((s as Submitter).name), fractie: fix((s as Submitter).fractie) } : s));
  return fixed;
}
