// The meeting package format `raadsmap-package/1`: a folder or .zip holding
// `meeting.json` plus the PDFs it references. Every source (local packages,
// OParl, OpenBesluitvorming) is normalised into this one shape before import.
// Validated strictly: unknown keys are errors, so a typo never silently drops data.
import { z } from 'zod';
import { multiLineText, oneLineText, refuseMarkup } from './text-fields.ts';
import { quoted } from './safe-text.ts';
import { customIssue, rule } from './zod-messages.ts';

export const PACKAGE_FORMAT = 'raadsmap-package/1';
export const PACKAGE_MANIFEST = 'meeting.json';

/** Document kinds as Dutch councils name them. */
export const DOCUMENT_TYPES = [
  'agenda',
  'raadsvoorstel',
  'beslisnota',
  'bijlage',
  'informatienota',
  'rekenkamerrapport',
  'terugblik',
  'notulen',
  'brief',
  'motie',
  'amendement',
  'nota',
  'rapport',
  'overig',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** How deep an agenda may nest (sections, items, sub-items …), and how many items it may have in all. */
export const MAX_AGENDA_DEPTH = 6;
export const MAX_AGENDA_ITEMS = 2000;
/**
 * How deep meeting.json may nest as JSON, checked before it is parsed: the
 * deepest agenda allowed (two levels an item: the item and its children) and
 * the levels around it, with room to spare.
 */
export const MAX_MANIFEST_JSON_DEPTH = 2 * MAX_AGENDA_DEPTH + 8;

export const BODY_KINDS = ['gemeenteraad', 'commissie', 'raadsplein', 'presidium', 'overig'] as const;
export const MEETING_KINDS = ['informatief', 'info-debat', 'besluitvormend', 'commissie', 'overig'] as const;

// Identifiers are chosen by the publisher; they must be stable across versions of
// a package so that re-import can recognise "the same" meeting, item or document.
const externalId = z
  .string()
  .min(1)
  .max(200)
  .refine((s) => /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/.test(s), rule('mag alleen letters, cijfers en . _ : / - bevatten', 'may hold only letters, digits and . _ : / -'));

// Titles and descriptions are plain text. Markup is refused rather than escaped,
// because it never belongs in a council document title and may be an attack;
// so are control characters and bidi controls (shared/text-fields.ts).
const oneLine = (max: number) => oneLineText(max).check(refuseMarkup);
const text = (max: number) => multiLineText(max).check(refuseMarkup);

const title = oneLine(500).pipe(z.string().trim().min(1));

/** ISO 8601 date-time with an offset, e.g. 2017-01-09T20:15:00+01:00. */
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
/** Clock time of a time slot, 24h: "20.25" or "20:25" as Dutch agendas write it. */
const clockTime = z.string().refine((s) => /^([01]\d|2[0-3])[.:][0-5]\d$/.test(s), rule('moet een tijd zijn als 20.25', 'must be a time such as 20.25'));

const sha256 = z.string().refine((s) => /^[0-9a-f]{64}$/.test(s), rule('moet een sha256 zijn: 64 hexadecimale tekens (0-9, a-f)', 'must be a sha256: 64 hexadecimal characters (0-9, a-f)'));

// A file path inside the package: relative, forward slashes, no `..`, ends in .pdf.
const packagePath = oneLineText(300)
  .min(1)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p), rule('moet een relatief pad zijn', 'must be a relative path'))
  .refine((p) => !p.includes('\\'), rule('gebruik / in paden, geen \\', 'use / in paths, not \\'))
  .refine((p) => !p.split('/').some((part) => part === '..' || part === '.' || part === ''), rule('mag geen .. of lege delen bevatten', 'must not hold .. or empty parts'))
  .refine((p) => p.toLowerCase().endsWith('.pdf'), rule('moet een .pdf-bestand zijn', 'must be a .pdf file'));

export const packageDocumentSchema = z.strictObject({
  id: externalId,
  title,
  type: z.enum(DOCUMENT_TYPES),
  file: packagePath,
  sha256,
  /** Date on the document itself (not the meeting's), when known. */
  date: isoDate.optional(),
});

export interface PackageAgendaItem {
  id: string;
  number?: string | undefined;
  title: string;
  /** A section such as a room (Raadzaal, Takzaal) rather than a discussable point. */
  section?: boolean | undefined;
  start?: string | undefined;
  end?: string | undefined;
  description?: string | undefined;
  portfolioHolder?: string | undefined;
  informant?: string | undefined;
  documents?: string[] | undefined;
  children?: PackageAgendaItem[] | undefined;
}

export const packageAgendaItemSchema: z.ZodType<PackageAgendaItem> = z.lazy(() =>
  z.strictObject({
    id: externalId,
    number: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .refine((s) => /^[0-9A-Za-z.]+$/.test(s), rule('moet een nummer zijn zoals 1.3.a', 'must be a number such as 1.3.a'))
      .optional(),
    title,
    section: z.boolean().optional(),
    start: clockTime.optional(),
    end: clockTime.optional(),
    description: text(20_000).optional(),
    portfolioHolder: oneLine(200).optional(),
    informant: oneLine(300).optional(),
    documents: z.array(externalId).max(500).optional(),
    children: z.array(packageAgendaItemSchema).max(500).optional(),
  }),
);

export const packageManifestSchema = z
  .strictObject({
    format: z.literal(PACKAGE_FORMAT),
    body: z.strictObject({
      id: externalId,
      name: title,
      kind: z.enum(BODY_KINDS),
      municipality: oneLine(200).pipe(z.string().trim().min(1)),
    }),
    meeting: z.strictObject({
      id: externalId,
      title,
      kind: z.enum(MEETING_KINDS),
      start: isoDateTime,
      end: isoDateTime.optional(),
      location: oneLine(300).optional(),
      chair: oneLine(300).optional(),
      clerk: oneLine(300).optional(),
    }),
    agenda: z.array(packageAgendaItemSchema).max(500),
    documents: z.array(packageDocumentSchema).max(2000),
  })
  .superRefine((manifest, ctx) => {
    // Cross-references: unique ids, every referenced document exists.
    const docIds = new Set<string>();
    manifest.documents.forEach((doc, i) => {
      if (docIds.has(doc.id)) ctx.addIssue(customIssue(['documents', i, 'id'], `document-id ${quoted(doc.id)} komt twee keer voor`, `document id ${quoted(doc.id)} occurs twice`));
      docIds.add(doc.id);
    });
    const files = new Set<string>();
    manifest.documents.forEach((doc, i) => {
      if (files.has(doc.file)) ctx.addIssue(customIssue(['documents', i, 'file'], `bestand ${quoted(doc.file)} hoort bij twee documenten`, `file ${quoted(doc.file)} belongs to two documents`));
      files.add(doc.file);
    });
    const itemIds = new Set<string>();
    let count = 0;
    const walk = (items: PackageAgendaItem[], path: (string | number)[], depth: number) => {
      if (depth > MAX_AGENDA_DEPTH) {
        ctx.addIssue(customIssue(path, `de agenda is dieper dan ${MAX_AGENDA_DEPTH} niveaus`, `the agenda is deeper than ${MAX_AGENDA_DEPTH} levels`));
        return;
      }
      items.forEach((item, i) => {
        count++;
        const here = [...path, i];
        if (itemIds.has(item.id)) ctx.addIssue(customIssue([...here, 'id'], `agendapunt-id ${quoted(item.id)} komt twee keer voor`, `agenda item id ${quoted(item.id)} occurs twice`));
        itemIds.add(item.id);
        item.documents?.forEach((ref, j) => {
          if (!docIds.has(ref)) {
            ctx.addIssue(customIssue([...here, 'documents', j], `agendapunt ${quoted(item.number ?? item.id)} verwijst naar onbekend document ${quoted(ref)}`, `agenda item ${quoted(item.number ?? item.id)} refers to unknown document ${quoted(ref)}`));
          }
        });
        if (item.children) walk(item.children, [...here, 'children'], depth + 1);
      });
    };
    walk(manifest.agenda, ['agenda'], 1);
    if (count > MAX_AGENDA_ITEMS) ctx.addIssue(customIssue(['agenda'], `heeft meer dan ${MAX_AGENDA_ITEMS} agendapunten`, `has more than ${MAX_AGENDA_ITEMS} agenda items`));
  });

export type PackageManifest = z.infer<typeof packageManifestSchema>;
export type PackageDocument = z.infer<typeof packageDocumentSchema>;

/** Walk an agenda tree depth-first, with each item's parent id and sibling position. */
export function* walkAgenda(
  items: PackageAgendaItem[],
  parentId: string | null = null,
): Generator<{ item: PackageAgendaItem; parentId: string | null; position: number }> {
  for (const [position, item] of items.entries()) {
    yield { item, parentId, position };
    if (item.children) yield* walkAgenda(item.children, item.id);
  }
}
