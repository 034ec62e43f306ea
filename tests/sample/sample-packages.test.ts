import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSample, samplePackages } from '../../scripts/sample/build.ts';
import { ONTWIKKELAGENDA_DOCUMENTS, SEED_000 } from '../../scripts/sample/meetings/2017-01-09-raadsplein-info-debat.ts';
import { readSeed } from '../../scripts/sample/seed-text.ts';
import { PACKAGE_MANIFEST, packageManifestSchema, walkAgenda, type PackageManifest } from '../../shared/package-format.ts';

// The committed sample packages (resources/sample), checked as the app will
// read them, and against a fresh build from the seeds.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const sampleDir = path.join(repo, 'resources', 'sample');
const seedsDir = path.resolve(repo, '..', 'shared', 'seeds');
const haveSeeds = fs.existsSync(seedsDir);

const sha256 = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');

const packages = fs
  .readdirSync(sampleDir)
  .filter((name) => fs.existsSync(path.join(sampleDir, name, PACKAGE_MANIFEST)))
  .sort()
  .map((folder) => ({
    folder,
    manifest: packageManifestSchema.parse(JSON.parse(fs.readFileSync(path.join(sampleDir, folder, PACKAGE_MANIFEST), 'utf8'))),
  }));

function meeting(id: string): PackageManifest {
  const found = packages.find((p) => p.manifest.meeting.id === id);
  if (!found) throw new Error(`No sample package for ${id}`);
  return found.manifest;
}

const item = (manifest: PackageManifest, number: string) => [...walkAgenda(manifest.agenda)].find(({ item }) => item.number === number);

const january9 = 'zwolle/2017-01-09-raadsplein-info-debat';
const january23 = 'zwolle/2017-01-23-raadsplein-besluitvormend';

describe('sample packages', () => {
  it('are the five Zwolle meetings, each with a valid manifest', () => {
    expect(packages.map((p) => p.manifest.meeting.id)).toEqual([
      'zwolle/2016-05-23-raadsplein-info-debat',
      january9,
      january23,
      // Delivered again with a revised raadsvoorstel: its second version (imported after the first).
      january23,
      'zwolle/2017-02-13-raadsplein-info-debat',
      'zwolle/2023-06-12-raadsplein-info-debat',
    ]);
  });

  it('hold every PDF they list, with a matching sha256, each attached to an agenda item', () => {
    for (const { folder, manifest } of packages) {
      const attached = new Set([...walkAgenda(manifest.agenda)].flatMap(({ item }) => item.documents ?? []));
      for (const doc of manifest.documents) {
        const bytes = fs.readFileSync(path.join(sampleDir, folder, doc.file));
        expect(Buffer.from(bytes.subarray(0, 5)).toString(), doc.file).toBe('%PDF-');
        expect(sha256(bytes), `${folder}/${doc.file}`).toBe(doc.sha256);
        expect(attached.has(doc.id), doc.id).toBe(true);
      }
      // Nothing in a package folder that its manifest does not list.
      const listed = manifest.documents.map((d) => d.file).sort();
      expect(fs.readdirSync(path.join(sampleDir, folder, 'documenten')).map((f) => `documenten/${f}`).sort()).toEqual(listed);
    }
  });

  it('give 9 januari 2017 both rooms, with numbered items and their time slots', () => {
    const manifest = meeting(january9);
    expect(manifest.agenda.map(({ number, title, section }) => ({ number, title, section }))).toEqual([
      { number: '1', title: 'Raadzaal', section: true },
      { number: '2', title: 'Takzaal', section: true },
    ]);
    const ontwikkelagenda = item(manifest, '1.3.a');
    expect(ontwikkelagenda?.parentId).toBe('1');
    expect(ontwikkelagenda?.item).toMatchObject({
      title: 'Ontwikkelagenda passend onderwijs en jeugdhulp',
      start: '20.25',
      end: '22.00',
      portfolioHolder: 'Ed Anker',
    });
    expect(ontwikkelagenda?.item.description).toContain('Voor technische en feitelijke vragen: Jan-Willem Dollekamp');
    const rekenkamer = item(manifest, '2.3');
    expect(rekenkamer?.parentId).toBe('2');
    expect(rekenkamer?.item).toMatchObject({ title: 'Rekenkameronderzoek Schulddienstverlening', start: '20.25', end: '22.00' });
    expect(manifest.meeting).toMatchObject({ start: '2017-01-09T20:15:00+01:00', end: '2017-01-09T22:00:00+01:00', location: 'Raadzaal / Takzaal' });
  });

  it('share the Ontwikkelagenda documents between 9 and 23 januari 2017: same ids, same PDFs', () => {
    const [debate, decision] = [meeting(january9), meeting(january23)];
    const proposal = decision.agenda.find((i) => i.title === 'Ontwikkelagenda passend onderwijs en jeugdhulp');
    for (const id of ONTWIKKELAGENDA_DOCUMENTS) {
      const before = debate.documents.find((d) => d.id === id);
      const after = decision.documents.find((d) => d.id === id);
      expect(before, id).toBeDefined();
      expect(after, id).toEqual(before);
      expect(item(debate, '1.3.a')?.item.documents).toContain(id);
      expect(proposal?.documents).toContain(id);
    }
    expect(decision.documents.map((d) => d.type)).toContain('raadsvoorstel');
  });

  it('turn each document of the 9 januari package into its own PDF', () => {
    const { documents } = meeting(january9);
    expect(documents).toHaveLength(17);
    expect(new Set(documents.map((d) => d.sha256)).size).toBe(documents.length);
    expect(new Set(documents.map((d) => d.file)).size).toBe(documents.length);
  });
});

describe.skipIf(!haveSeeds)('sample build from ../shared/seeds', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-sample-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('cuts seed 000 into documents that hold every line exactly once, in order', () => {
    const jan9 = samplePackages(seedsDir).find((p) => p.meeting.id === january9)!;
    expect(jan9.documents.flatMap((d) => d.lines)).toEqual(readSeed(seedsDir, SEED_000).lines);
    expect(jan9.documents.map((d) => d.id).sort()).toEqual(meeting(january9).documents.map((d) => d.id).sort());
  });

  it('regenerates byte-identical files, replacing only the package folders it owns', async () => {
    fs.mkdirSync(path.join(tmp, 'stale-package'));
    fs.writeFileSync(path.join(tmp, 'stale-package', PACKAGE_MANIFEST), '{}');
    fs.writeFileSync(path.join(tmp, 'notes.txt'), 'not ours');

    await buildSample({ seedsDir, outDir: tmp });

    const files = (dir: string) => (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
    expect(files(tmp)).toEqual([...files(sampleDir), 'notes.txt'].sort());
    for (const file of files(sampleDir)) {
      expect(sha256(fs.readFileSync(path.join(tmp, file))), file).toBe(sha256(fs.readFileSync(path.join(sampleDir, file))));
    }
  });
});
