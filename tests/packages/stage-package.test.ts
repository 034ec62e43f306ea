import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { listFiles, snapshotStore } from '../support/db-snapshot.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

// Every refused package: a clear error naming the problem, nothing written
// outside the staging dir (which is emptied again), the store exactly as before.

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

/** A data dir that already holds one meeting, so "as before" is a real store. */
async function populatedCore() {
  const dataDir = tempDir();
  const core = createCore({ dataDir, extractionThreads: 1 });
  cores.push(core);
  await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
  return { core, dataDir };
}

/** A second, valid package (another meeting id) as files in memory, to damage. */
async function validFiles(): Promise<Map<string, Buffer>> {
  const spec = samplePackageSpec();
  spec.meetingId = 'zwolle/2017-02-06';
  const { dir } = await writePackage(tempDir(), spec);
  return new Map(listFiles(dir).map((f) => [f.split(path.sep).join('/'), fs.readFileSync(path.join(dir, f))]));
}

async function zipOf(files: Map<string, Buffer | string>, options: JSZip.JSZipFileOptions = {}): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, bytes] of files) zip.file(name, bytes, options);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}

function writeTemp(name: string, bytes: Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

async function expectRefused(packagePath: string, code: string, mentions: RegExp) {
  const { core, dataDir } = await populatedCore();
  const before = snapshotStore(dataDir);
  const filesBefore = listFiles(path.join(dataDir, 'files'));
  const siblingsBefore = fs.readdirSync(path.dirname(packagePath)).sort();
  const error = await core.importPackages({ paths: [packagePath] }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code });
  expect((error as { nl: string }).nl).toMatch(mentions);
  expect((error as { en: string }).en.length).toBeGreaterThan(10);
  expect(snapshotStore(dataDir)).toBe(before);
  expect(listFiles(path.join(dataDir, 'files'))).toEqual(filesBefore);
  expect(listFiles(path.join(dataDir, 'staging'))).toEqual([]);
  expect(fs.readdirSync(path.dirname(packagePath)).sort()).toEqual(siblingsBefore);
}

/** Patches every occurrence of a header field for `name` in local and central headers. */
function patchHeaders(zip: Buffer, patch: (header: Buffer, at: number, kind: 'local' | 'central') => void): Buffer {
  const out = Buffer.from(zip);
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out.readUInt32LE(i);
    if (sig === 0x04034b50) patch(out, i, 'local');
    else if (sig === 0x02014b50) patch(out, i, 'central');
  }
  return out;
}

describe('meeting.json problems', () => {
  it('a folder without meeting.json', async () => {
    const files = await validFiles();
    const dir = path.join(tempDir(), 'pakket'); // its own parent: see the symlink case below
    fs.mkdirSync(path.join(dir, 'pdf'), { recursive: true });
    for (const [name, bytes] of files) if (name !== 'meeting.json') fs.writeFileSync(path.join(dir, name), bytes);
    await expectRefused(dir, 'package.missing-manifest', /meeting\.json/);
  });

  it('a zip without meeting.json', async () => {
    const files = await validFiles();
    files.delete('meeting.json');
    await expectRefused(writeTemp('leeg.zip', await zipOf(files)), 'package.missing-manifest', /leeg\.zip/);
  });

  it('invalid JSON, with the parser’s position', async () => {
    const files = await validFiles();
    files.set('meeting.json', Buffer.from('{"format": "raadsmap-package/1", "body": '));
    await expectRefused(writeTemp('kapot.zip', await zipOf(files)), 'package.invalid-json', /geen geldige JSON/);
  });

  it('an unknown format version says which version it is', async () => {
    const files = await validFiles();
    const manifest = JSON.parse(files.get('meeting.json')!.toString());
    manifest.format = 'raadsmap-package/2';
    files.set('meeting.json', Buffer.from(JSON.stringify(manifest)));
    await expectRefused(writeTemp('nieuw.zip', await zipOf(files)), 'package.unsupported-format', /raadsmap-package\/2/);
  });

  it('an unknown field names its path', async () => {
    const files = await validFiles();
    const manifest = JSON.parse(files.get('meeting.json')!.toString());
    manifest.meeting.zaal = 'Raadzaal';
    files.set('meeting.json', Buffer.from(JSON.stringify(manifest)));
    await expectRefused(writeTemp('veld.zip', await zipOf(files)), 'package.invalid-manifest', /meeting/);
  });

  it('an agenda item that points at a document the package does not have', async () => {
    const files = await validFiles();
    const manifest = JSON.parse(files.get('meeting.json')!.toString());
    manifest.agenda[0].children[1].documents.push('doc/bestaat-niet');
    files.set('meeting.json', Buffer.from(JSON.stringify(manifest)));
    await expectRefused(writeTemp('verwijzing.zip', await zipOf(files)), 'package.invalid-manifest', /doc\/bestaat-niet/);
  });

  it('HTML in a description', async () => {
    const files = await validFiles();
    const manifest = JSON.parse(files.get('meeting.json')!.toString());
    manifest.agenda[0].children[1].description = 'Zie <script>alert(1)</script>';
    files.set('meeting.json', Buffer.from(JSON.stringify(manifest)));
    await expectRefused(writeTemp('html.zip', await zipOf(files)), 'package.invalid-manifest', /HTML/);
  });

  it('a file that is not a PDF, with a correct checksum', async () => {
    const files = await validFiles();
    const manifest = JSON.parse(files.get('meeting.json')!.toString());
    const fake = Buffer.from('<html><body>geen pdf</body></html>');
    files.set(manifest.documents[0].file, fake);
    manifest.documents[0].sha256 = (await import('node:crypto')).createHash('sha256').update(fake).digest('hex');
    files.set('meeting.json', Buffer.from(JSON.stringify(manifest)));
    await expectRefused(writeTemp('html-pdf.zip', await zipOf(files)), 'package.not-pdf', /doc-beslisnota\.pdf/);
  });

  it('a symlink in a package folder that leads out of it', async () => {
    const files = await validFiles();
    // In a folder of its own: the check that nothing appeared beside the package must not see other tests' temp dirs.
    const dir = path.join(tempDir(), 'pakket');
    fs.mkdirSync(path.join(dir, 'pdf'), { recursive: true });
    for (const [name, bytes] of files) fs.writeFileSync(path.join(dir, name), bytes);
    const outside = path.join(tempDir(), 'elders.pdf');
    fs.writeFileSync(outside, files.get('pdf/doc-advies.pdf')!);
    fs.rmSync(path.join(dir, 'pdf/doc-advies.pdf'));
    fs.symlinkSync(outside, path.join(dir, 'pdf/doc-advies.pdf'));
    await expectRefused(dir, 'package.symlink', /doc-advies\.pdf/);
  });
});

describe('hostile zips are refused before anything is extracted', () => {
  it('an entry with ..', async () => {
    const files = await validFiles();
    const zip = await zipOf(files);
    // JSZip normalises names on write, so the name is patched in the bytes, keeping its length.
    const hostile = Buffer.from(zip.toString('latin1').replaceAll('pdf/doc-advies.pdf', '../xdoc-advies.pdf'), 'latin1');
    await expectRefused(writeTemp('klim.zip', hostile), 'zip.unsafe-path', /\.\.\/xdoc-advies/);
  });

  it('an absolute path', async () => {
    const files = await validFiles();
    const hostile = Buffer.from((await zipOf(files)).toString('latin1').replaceAll('pdf/doc-advies.pdf', '/etc/passwd123.pdf'), 'latin1');
    await expectRefused(writeTemp('absoluut.zip', hostile), 'zip.unsafe-path', /\/etc\/passwd/);
  });

  it('a backslash in a name', async () => {
    const files = await validFiles();
    const hostile = Buffer.from((await zipOf(files)).toString('latin1').replaceAll('pdf/doc-advies.pdf', 'pdf\\doc-advies.pdf'), 'latin1');
    await expectRefused(writeTemp('backslash.zip', hostile), 'zip.unsafe-path', /backslash/);
  });

  it('a symlink entry', async () => {
    const files = await validFiles();
    const zip = new JSZip();
    for (const [name, bytes] of files) zip.file(name, bytes);
    zip.file('pdf/koppeling.pdf', '/etc/passwd', { unixPermissions: 0o120777 });
    const bytes = await zip.generateAsync({ type: 'nodebuffer', platform: 'UNIX' });
    await expectRefused(writeTemp('link.zip', bytes), 'zip.symlink', /koppeling\.pdf/);
  });

  it('an encrypted entry', async () => {
    const files = await validFiles();
    const hostile = patchHeaders(await zipOf(files), (b, at, kind) => {
      const flagAt = at + (kind === 'local' ? 6 : 8);
      b.writeUInt16LE(b.readUInt16LE(flagAt) | 0x1, flagAt);
    });
    await expectRefused(writeTemp('versleuteld.zip', hostile), 'zip.encrypted', /versleuteld/);
  });

  it('a duplicate entry', async () => {
    const files = await validFiles();
    files.set('PDF/doc-advies.pdf', files.get('pdf/doc-advies.pdf')!);
    await expectRefused(writeTemp('dubbel.zip', await zipOf(files)), 'zip.duplicate-entry', /doc-advies\.pdf/);
  });

  it('10,000 entries', async () => {
    const files: Map<string, Buffer | string> = await validFiles();
    for (let i = 0; i < 10_000; i++) files.set(`extra/${i}.txt`, 'x');
    await expectRefused(writeTemp('veel.zip', await zipOf(files, { compression: 'STORE' })), 'zip.too-many-entries', /100\d\d bestanden/);
  });

  it('a zip bomb: an entry that inflates a thousandfold', async () => {
    const files: Map<string, Buffer | string> = await validFiles();
    files.set('bom.pdf', Buffer.alloc(20 * 1024 * 1024));
    await expectRefused(writeTemp('bom.zip', await zipOf(files)), 'zip.suspicious-compression', /zip-bom/);
  });

  it('a zip bomb: an entry that inflates to more than it declared', async () => {
    const files = await validFiles();
    const zip = await zipOf(files);
    // Declare a smaller size for meeting.json than it inflates to, in both headers.
    const declared = 100;
    const hostile = patchHeaders(zip, (b, at, kind) => {
      const nameLength = b.readUInt16LE(at + (kind === 'local' ? 26 : 28));
      const nameAt = at + (kind === 'local' ? 30 : 46);
      if (b.toString('latin1', nameAt, nameAt + nameLength) !== 'meeting.json') return;
      b.writeUInt32LE(declared, at + (kind === 'local' ? 22 : 24));
    });
    await expectRefused(writeTemp('leugen.zip', hostile), 'zip.size-mismatch', /opgegeven 100 bytes/);
  });

  it('a truncated zip', async () => {
    const zip = await zipOf(await validFiles());
    await expectRefused(writeTemp('afgebroken.zip', zip.subarray(0, zip.length - 40)), 'zip.corrupt', /beschadigd/);
  });
});

describe('zips that are fine', () => {
  it('a zip of the package folder itself (one top-level folder) imports', async () => {
    const files = await validFiles();
    const nested = new Map([...files].map(([name, bytes]) => [`vergadering-2017-02-06/${name}`, bytes]));
    const { core } = await populatedCore();
    const [result] = await core.importPackages({ paths: [writeTemp('map.zip', await zipOf(nested))] });
    expect(result).toMatchObject({ outcome: 'created', meetingTitle: 'Raadsplein info/debat' });
    expect(core.listMeetings({})).toHaveLength(2);
  });
});
