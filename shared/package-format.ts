// The meeting package format `raadsmap-package/1`: a folder or .zip holding
// `meeting.json` plus the PDFs it references. Every source (local packages,
// OParl, OpenBesluitvorming) is normalised into this one shape before import.
// Validated strictly: unknown keys are errors, so a typo never silently drops data.
import { z } from 'zod';

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

export const BODY_KINDS = ['gemeenteraad', 'commissie', 'raadsplein', 'presidium', 'overig'] as const;
export const MEETING_KINDS = ['informatief', 'info-debat', 'besluitvormend', 'commissie', 'overig'] as const;

// Identifiers are chosen by the publisher; they must be stable across versions of
// a package so that re-import can recognise "the same" meeting, item or document.
const externalId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'alleen letters, cijfers en . _ : / -');

// Titles and descriptions are plain text. Markup is refused rather than escaped,
// because it never belongs in a council document title and may be an attack.
const plainText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !/<\s*\/?\s*[a-zA-Z!][^>]*>/.test(s), 'mag geen HTML bevatten')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s), 'bevat stuurtekens');

const title = plainText(500).pipe(z.string().trim().min(1));

/** ISO 8601 date-time with an offset, e.g. 2017-01-09T20:15:00+01:00. */
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
/** Clock time of a time slot, 24h: "20.25" or "20:25" as Dutch agendas write it. */
const clockTime = z.string().regex(/^([01]\d|2[0-3])[.:][0-5]\d$/, 'tijd als 20.25');

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'sha256 als 64 hexadecimale tekens');

// A file path inside the package: relative, forward slashes, no `..`, ends in .pdf.
const packagePath = z
  .string()
  .min(1)
  .max(300)
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p), 'moet een relatief pad zijn')
  .refine((p) => !p.includes('\\'), 'gebruik / in paden, geen \\')
  .refine((p) => !p.split('/').some((part) => part === '..' || part === '.' || part === ''), 'mag geen .. of lege delen bevatten')
  .refine((p) => p.toLowerCase().endsWith('.pdf'), 'moet een .pdf-bestand zijn');

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
    number: z.string().trim().min(1).max(20).regex(/^[0-9A-Za-z.]+$/, 'nummer zoals 1.3.a').optional(),
    title,
    section: z.boolean().optional(),
    start: clockTime.optional(),
    end: clockTime.optional(),
    description: plainText(20_000).optional(),
    portfolioHolder: plainText(200).optional(),
    informant: plainText(300).optional(),
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
      municipality: plainText(200).pipe(z.string().trim().min(1)),
    }),
    meeting: z.strictObject({
      id: externalId,
      title,
      kind: z.enum(MEETING_KINDS),
      start: isoDateTime,
      end: isoDateTime.optional(),
      location: plainText(300).optional(),
      chair: plainText(300).optional(),
      clerk: plainText(300).optional(),
    }),
    agenda: z.array(packageAgendaItemSchema).max(500),
    documents: z.array(packageDocumentSchema).max(2000),
  })
  .superRefine((manifest, ctx) => {
    // Cross-references: unique ids, every referenced document exists.
    const docIds = new Set<string>();
    manifest.documents.forEach((doc, i) => {
      if (docIds.has(doc.id)) ctx.addIssue({ code: 'custom', path: ['documents', i, 'id'], message: `document-id ${doc.id} komt twee keer voor` });
      docIds.add(doc.id);
    });
    const files = new Set<string>();
    manifest.documents.forEach((doc, i) => {
      if (files.has(doc.file)) ctx.addIssue({ code: 'custom', path: ['documents', i, 'file'], message: `bestand ${doc.file} hoort bij twee documenten` });
      files.add(doc.file);
    });
    const itemIds = new Set<string>();
    let count = 0;
    const walk = (items: PackageAgendaItem[], path: (string | number)[], depth: number) => {
      if (depth > 6) ctx.addIssue({ code: 'custom', path, message: 'agenda is dieper dan 6 niveaus' });
      items.forEach((item, i) => {
        count++;
        const here = [...path, i];
        if (itemIds.has(item.id)) ctx.addIssue({ code: 'custom', path: [...here, 'id'], message: `agendapunt-id ${item.id} komt twee keer voor` });
        itemIds.add(item.id);
        item.documents?.forEach((ref, j) => {
          if (!docIds.has(ref)) ctx.addIssue({ code: 'custom', path: [...here, 'documents', j], message: `agendapunt ${item.number ?? item.id} verwijst naar onbekend document ${ref}` });
        });
        if (item.children) walk(item.children, [...here, 'children'], depth + 1);
      });
    };
    walk(manifest.agenda, ['agenda'], 1);
    if (count > 2000) ctx.addIssue({ code: 'custom', path: ['agenda'], message: 'meer dan 2000 agendapunten' });
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
