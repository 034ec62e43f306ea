// What a sample package is before it is rendered: the manifest without the
// document entries (those need the PDFs' sha256), plus the text of each document.
import type { DocumentType, PackageAgendaItem, PackageManifest } from '../../shared/package-format.ts';

export interface SampleDocument {
  /** Stable, shared across meetings: the same id means the same PDF bytes. */
  id: string;
  title: string;
  type: DocumentType;
  /** Date on the document itself (YYYY-MM-DD), when it gives one. */
  date?: string;
  /** Running header of the PDF, when "Gemeente Zwolle — <title>" would be wrong or too long. */
  header?: string;
  author?: string;
  /** Seed lines, verbatim (a revision: with its edits applied). */
  lines: readonly string[];
  /**
   * A later version of a document, delivered by a second package of the same
   * meeting: the same id (so the import makes it a new version), other text.
   */
  revision?: number;
}

/** The key a document is rendered under: one PDF per id and revision. */
export const renderKey = (doc: Pick<SampleDocument, 'id' | 'revision'>): string => (doc.revision ? `${doc.id}@${doc.revision}` : doc.id);

export interface SamplePackage {
  /** Folder name under resources/sample. */
  folder: string;
  body: PackageManifest['body'];
  meeting: PackageManifest['meeting'];
  agenda: PackageAgendaItem[];
  /** In manifest order; every one is attached to at least one agenda item. */
  documents: SampleDocument[];
}

export const RAADSPLEIN_ZWOLLE: PackageManifest['body'] = {
  id: 'zwolle/raadsplein',
  name: 'Raadsplein Zwolle',
  kind: 'raadsplein',
  municipality: 'Zwolle',
};

/** Path of a document's PDF inside its package: the id without its prefix. */
export const documentFile = (id: string): string => `documenten/${id.replace(/^zwolle\/doc\//, '').replaceAll('/', '-')}.pdf`;
