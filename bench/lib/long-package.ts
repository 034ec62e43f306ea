// A meeting package with one long document of real Dutch words (from the
// sample package's titles and descriptions), for the reader and export benches.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_FORMAT, type PackageManifest } from '../../shared/package-format.ts';
import { textToPdf } from '../../scripts/lib/text-pdf.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function writeLongPackage(dir: string, pages: number): Promise<void> {
  // Real Dutch text: the sample's seed-built package descriptions and titles, repeated into pages pages of lines.
  const sampleDir = path.join(repo, 'resources', 'sample', '2017-01-09-raadsplein-info-debat');
  const words = fs.readFileSync(path.join(sampleDir, 'meeting.json'), 'utf8').replace(/[{}[\]",:]/g, ' ').split(/\s+/).filter((w) => /^[\p{L}.'-]+$/u.test(w));
  const lines: string[] = [];
  for (let i = 0; lines.length < pages * 50; i++) lines.push(words.slice((i * 11) % (words.length - 12), ((i * 11) % (words.length - 12)) + 11).join(' '));
  const pdf = await textToPdf({ title: 'Jaarverslag en jaarrekening (benchmark)', lines });
  fs.mkdirSync(path.join(dir, 'pdf'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'pdf', 'jaarverslag.pdf'), pdf.bytes);
  const package_: PackageManifest = {
    format: PACKAGE_FORMAT,
    body: { id: 'bench', name: 'Gemeenteraad', kind: 'gemeenteraad', municipality: 'Zwolle' },
    meeting: { id: 'bench/reader', title: 'Raadsvergadering jaarrekening', kind: 'besluitvormend', start: '2026-12-14T19:30:00+01:00' },
    agenda: [{ id: '1', number: '1', title: 'Jaarrekening', documents: ['bench/jaarverslag'] }],
    documents: [
      {
        id: 'bench/jaarverslag',
        title: 'Jaarverslag en jaarrekening',
        type: 'rapport',
        file: 'pdf/jaarverslag.pdf',
        sha256: crypto.createHash('sha256').update(pdf.bytes).digest('hex'),
      },
    ],
  };
  fs.writeFileSync(path.join(dir, 'meeting.json'), JSON.stringify(package_));
  console.log(`document: ${pdf.pageCount} pages, ${(pdf.bytes.length / 1024 / 1024).toFixed(1)} MB`);
}
