// Builds the bundled sample meeting packages (resources/sample) from the seed
// texts: one folder per meeting with meeting.json and documenten/*.pdf. The
// output is committed, so it must be byte-for-byte the same on every run.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PACKAGE_FORMAT, PACKAGE_MANIFEST, packageManifestSchema, walkAgenda, type PackageManifest } from '../../shared/package-format.ts';
import { textToPdf, type TextPdf } from '../lib/text-pdf.ts';
import { SEED_001, infoDebat23Mei2016 } from './meetings/2016-05-23-raadsplein-info-debat.ts';
import { ONTWIKKELAGENDA_DOCUMENTS, SEED_000, infoDebat9Januari2017 } from './meetings/2017-01-09-raadsplein-info-debat.ts';
import { SEED_003, besluitvormend23Januari2017 } from './meetings/2017-01-23-raadsplein-besluitvormend.ts';
import { besluitvormend23Januari2017Herzien } from './meetings/2017-01-23-raadsplein-besluitvormend-herzien.ts';
import { SEED_002, infoDebat13Februari2017 } from './meetings/2017-02-13-raadsplein-info-debat.ts';
import { SEED_004, infoDebat12Juni2023 } from './meetings/2023-06-12-raadsplein-info-debat.ts';
import { documentFile, renderKey, type SampleDocument, type SamplePackage } from './model.ts';
import { readSeed } from './seed-text.ts';

export interface SampleSummary {
  packages: { folder: string; items: number; documents: number; pages: number; bytes: number }[];
  /** Distinct documents; a shared one counts once, a revised one once per version. */
  documents: number;
  pages: number;
  /** Bytes written, shared PDFs counted in every package that holds them. */
  bytes: number;
  /** Characters the font could not draw, shown as U+FFFD in the PDFs. */
  replacedChars: number;
}

/** The sample packages as data, before anything is rendered. */
export function samplePackages(seedsDir: string): SamplePackage[] {
  const read = (file: string) => readSeed(seedsDir, file);
  const january9 = infoDebat9Januari2017(read(SEED_000));
  const shared = ONTWIKKELAGENDA_DOCUMENTS.map((id) => {
    const doc = january9.documents.find((d) => d.id === id);
    if (!doc) throw new Error(`Shared document ${id} is not in the package of 9 januari 2017`);
    return doc;
  });
  return [
    infoDebat23Mei2016(read(SEED_001)),
    january9,
    besluitvormend23Januari2017(read(SEED_003), shared),
    // The same meeting again, with a revised raadsvoorstel: a new version with changes to show (issue 19).
    besluitvormend23Januari2017Herzien(read(SEED_003), shared),
    infoDebat13Februari2017(read(SEED_002)),
    infoDebat12Juni2023(read(SEED_004)),
  ];
}

export async function buildSample({ seedsDir, outDir }: { seedsDir: string; outDir: string }): Promise<SampleSummary> {
  const packages = samplePackages(seedsDir);
  const rendered = await renderDocuments(packages);
  const built = packages.map((pkg) => ({ pkg, manifest: manifestOf(pkg, rendered) }));

  // Only now, with everything rendered and valid, replace the old output.
  removeOwnedPackages(outDir);
  const summary: SampleSummary = { packages: [], documents: rendered.size, pages: 0, bytes: 0, replacedChars: 0 };
  for (const { pkg, manifest } of built) {
    const dir = path.join(outDir, pkg.folder);
    fs.mkdirSync(path.join(dir, 'documenten'), { recursive: true });
    const json = `${JSON.stringify(manifest, null, 2)}\n`;
    fs.writeFileSync(path.join(dir, PACKAGE_MANIFEST), json);
    let pages = 0;
    let bytes = Buffer.byteLength(json);
    for (const [index, entry] of manifest.documents.entries()) {
      const { pdf } = rendered.get(renderKey(pkg.documents[index]!))!;
      fs.writeFileSync(path.join(dir, entry.file), pdf.bytes);
      pages += pdf.pageCount;
      bytes += pdf.bytes.length;
    }
    const items = [...walkAgenda(pkg.agenda)].length;
    summary.packages.push({ folder: pkg.folder, items, documents: manifest.documents.length, pages, bytes });
    summary.bytes += bytes;
  }
  for (const { pdf } of rendered.values()) {
    summary.pages += pdf.pageCount;
    summary.replacedChars += pdf.replacedChars;
  }
  return summary;
}

interface RenderedDocument {
  doc: SampleDocument;
  pdf: TextPdf;
  sha256: string;
}

/** Renders every document (each revision) once: a document shared by two meetings must be the same bytes in both. */
async function renderDocuments(packages: readonly SamplePackage[]): Promise<Map<string, RenderedDocument>> {
  const rendered = new Map<string, RenderedDocument>();
  for (const doc of packages.flatMap((p) => p.documents)) {
    const known = rendered.get(renderKey(doc));
    if (known) {
      if (known.doc !== doc) throw new Error(`Document id ${renderKey(doc)} is defined twice`);
      continue;
    }
    const pdf = await textToPdf({
      title: doc.title,
      lines: doc.lines,
      header: doc.header,
      author: doc.author,
      date: doc.date ? new Date(`${doc.date}T12:00:00Z`) : undefined,
    });
    rendered.set(renderKey(doc), { doc, pdf, sha256: crypto.createHash('sha256').update(pdf.bytes).digest('hex') });
  }
  return rendered;
}

/** The package's meeting.json, validated: the build fails rather than write a package the app would refuse. */
function manifestOf(pkg: SamplePackage, rendered: Map<string, RenderedDocument>): PackageManifest {
  const result = packageManifestSchema.safeParse({
    format: PACKAGE_FORMAT,
    body: pkg.body,
    meeting: pkg.meeting,
    agenda: pkg.agenda,
    documents: pkg.documents.map((doc) => ({
      id: doc.id,
      title: doc.title,
      type: doc.type,
      file: documentFile(doc.id),
      sha256: rendered.get(renderKey(doc))!.sha256,
      ...(doc.date && { date: doc.date }),
    })),
  } satisfies PackageManifest);
  if (!result.success) throw new Error(`${pkg.folder}/${PACKAGE_MANIFEST} does not match the package format:\n${z.prettifyError(result.error)}`);
  // The app shows documents under agenda items only: a loose one would be invisible.
  const attached = new Set([...walkAgenda(pkg.agenda)].flatMap(({ item }) => item.documents ?? []));
  const loose = pkg.documents.filter((d) => !attached.has(d.id)).map((d) => d.id);
  if (loose.length > 0) throw new Error(`${pkg.folder}: not attached to any agenda item: ${loose.join(', ')}`);
  return result.data;
}

/** Removes the package folders (those holding a meeting.json) of an earlier run; anything else stays. */
function removeOwnedPackages(outDir: string): void {
  if (!fs.existsSync(outDir)) return;
  for (const entry of fs.readdirSync(outDir, { withFileTypes: true })) {
    const dir = path.join(outDir, entry.name);
    if (entry.isDirectory() && fs.existsSync(path.join(dir, PACKAGE_MANIFEST))) fs.rmSync(dir, { recursive: true });
  }
}
