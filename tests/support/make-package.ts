import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PACKAGE_FORMAT, type PackageAgendaItem, type PackageManifest } from '../../shared/package-format.ts';

/** A real PDF with one text line per entry of each page, in Helvetica. */
export async function makePdf(pages: string[][], title = 'Testdocument'): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  // Fixed dates: the same text gives the same bytes (and sha256) every time.
  pdf.setCreationDate(new Date('2017-01-01T00:00:00Z'));
  pdf.setModificationDate(new Date('2017-01-01T00:00:00Z'));
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595.28, 841.89]);
    lines.forEach((line, i) => page.drawText(line, { x: 72, y: 770 - i * 14, size: 11, font }));
  }
  return pdf.save({ useObjectStreams: false });
}

export const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

export interface TestDocument {
  id: string;
  title: string;
  type?: PackageManifest['documents'][number]['type'];
  pages: string[][];
  /** A PDF made elsewhere, used instead of one made from `pages`. */
  bytes?: Uint8Array;
}

export interface TestPackage {
  meetingId?: string;
  title?: string;
  start?: string;
  agenda: PackageAgendaItem[];
  documents: TestDocument[];
}

/** Writes a package folder (meeting.json + PDFs) and returns its path and manifest. */
export async function writePackage(dir: string, spec: TestPackage): Promise<{ dir: string; manifest: PackageManifest }> {
  fs.mkdirSync(path.join(dir, 'pdf'), { recursive: true });
  const documents = [];
  for (const doc of spec.documents) {
    const bytes = doc.bytes ?? (await makePdf(doc.pages, doc.title));
    const file = `pdf/${doc.id.replace(/[^A-Za-z0-9]+/g, '-')}.pdf`;
    fs.writeFileSync(path.join(dir, file), bytes);
    documents.push({ id: doc.id, title: doc.title, type: doc.type ?? 'bijlage', file, sha256: sha256(bytes) });
  }
  const manifest: PackageManifest = {
    format: PACKAGE_FORMAT,
    body: { id: 'zwolle/raad', name: 'Gemeenteraad Zwolle', kind: 'gemeenteraad', municipality: 'Zwolle' },
    meeting: {
      id: spec.meetingId ?? 'zwolle/2017-01-09',
      title: spec.title ?? 'Raadsplein info/debat',
      kind: 'info-debat',
      start: spec.start ?? '2017-01-09T20:15:00+01:00',
    },
    agenda: spec.agenda,
    documents,
  };
  fs.writeFileSync(path.join(dir, 'meeting.json'), JSON.stringify(manifest, null, 2));
  return { dir, manifest };
}

/** A small realistic package: two rooms, items with time slots, three documents. */
export function samplePackageSpec(): TestPackage {
  return {
    agenda: [
      {
        id: '1',
        number: '1',
        title: 'Raadzaal',
        section: true,
        children: [
          { id: '1.1.a', number: '1.1.a', title: 'Opening en mededelingen', start: '20.15', end: '20.25' },
          {
            id: '1.3.a',
            number: '1.3.a',
            title: 'Ontwikkelagenda passend onderwijs en jeugdhulp',
            start: '20.25',
            end: '22.00',
            portfolioHolder: 'Ed Anker',
            description: 'Uitgangspunt is dat passend onderwijs en jeugdhulp samenhangen.',
            documents: ['doc/beslisnota', 'doc/advies'],
          },
        ],
      },
      {
        id: '2',
        number: '2',
        title: 'Takzaal',
        section: true,
        children: [{ id: '2.3', number: '2.3', title: 'Rekenkameronderzoek Schulddienstverlening', documents: ['doc/rekenkamer'] }],
      },
    ],
    documents: [
      { id: 'doc/beslisnota', title: 'Beslisnota Ontwikkelagenda', type: 'beslisnota', pages: [['Beslisnota voor de raad', 'Ontwikkelagenda passend onderwijs'], ['Financiële gevolgen', 'Geen.']] },
      { id: 'doc/advies', title: 'Advies Participatieraad', type: 'bijlage', pages: [['Advies Participatieraad Zwolle', 'De raad adviseert positief.']] },
      { id: 'doc/rekenkamer', title: 'Rekenkamerrapport Schulddienstverlening', type: 'rekenkamerrapport', pages: [['Rekenkamerrapport', 'Nazorg is beperkt.'], ['Aanbevelingen'], ['Bijlagen']] },
    ],
  };
}
