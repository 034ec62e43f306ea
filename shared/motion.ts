// The content of a motion draft (motie or amendement), as stored in
// personal.motion_drafts.content and moved by personal export/import. The
// layout follows what a griffie expects (see shared/motion-layout.ts).
import { z } from 'zod';

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
  name: text(200),
  fractie: text(200),
});
export type Submitter = z.infer<typeof submitterSchema>;

/** Filled from the meeting and agenda item when the draft is made; editable. */
const commonFields = {
  title: text(500),
  /** "Zwolle" in "De raad van de gemeente Zwolle". */
  municipality: text(200),
  /** ISO date (YYYY-MM-DD) of the meeting the motion is submitted in. */
  meetingDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  meetingTitle: text(500),
  /** The behandelend agendapunt; null for a motie vreemd aan de orde van de dag. */
  agendaItem: z.object({ number: text(40).nullable(), title: text(1000) }).nullable(),
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
