// Staging: a package (folder or zip) is copied into a private dir under the
// data dir and checked completely (manifest schema, every referenced file,
// checksums, PDF headers) before import touches the library. What is staged
// cannot change underneath the import, and a refused package leaves nothing
// behind but the staging dir, which is always removed.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { fail, throwIfCancelled, type Language, type ProgressListener } from '../../../shared/errors.ts';
import { MAX_MANIFEST_JSON_DEPTH, PACKAGE_FORMAT, PACKAGE_MANIFEST, packageManifestSchema, type PackageDocument, type PackageManifest } from '../../../shared/package-format.ts';
import { printable, quoted } from '../../../shared/safe-text.ts';
import { describeIssues, firstField, WITH_INPUT } from '../../../shared/zod-messages.ts';
import { parseBoundedJson } from '../bounded-json.ts';
import { extractEntry, openCheckedZip, readEntry, ZIP_LIMITS, type CheckedZip } from './safe-zip.ts';

const MAX_MANIFEST_BYTES = 10 * 1024 * 1024;
const MAX_PDF_BYTES = ZIP_LIMITS.maxEntryBytes;

export interface StagedDocument {
  manifest: PackageDocument;
  /** The staged copy, inside the staging dir. */
  path: string;
  sha256: string;
  size: number;
}

export interface StagedPackage {
  dir: string;
  manifest: PackageManifest;
  /** sha256 of meeting.json as delivered: equal hashes mean "nothing changed". */
  manifestSha256: string;
  documents: StagedDocument[];
}

/** Where the package's files come from: a folder on disk or a checked zip. */
interface PackageSource {
  readManifest(): Promise<Buffer>;
  /** Copies `file` (a manifest path) to `target`; false when the package has no such file. */
  copyFile(file: string, target: string, signal?: AbortSignal): Promise<boolean>;
  close(): void;
}

export async function stagePackage(
  packagePath: string,
  stagingRoot: string,
  options: { signal?: AbortSignal | undefined; onProgress?: ProgressListener | undefined } = {},
): Promise<StagedPackage> {
  const { signal, onProgress } = options;
  throwIfCancelled(signal);
  const name = path.basename(packagePath);
  onProgress?.({ phase: 'stage', done: 0, total: 1, nl: `Pakket controleren: ${name}`, en: `Checking package: ${name}` });

  const source = await openSource(packagePath);
  await fs.promises.mkdir(stagingRoot, { recursive: true });
  const dir = await fs.promises.mkdtemp(path.join(stagingRoot, 'pkg-'));
  try {
    const manifestBytes = await source.readManifest();
    const manifest = parseManifest(manifestBytes);
    const documents: StagedDocument[] = [];
    const total = manifest.documents.length;
    for (const [index, doc] of manifest.documents.entries()) {
      throwIfCancelled(signal);
      onProgress?.({ phase: 'stage', done: index, total, nl: `Bestand ${index + 1}/${total} controleren: ${doc.file}`, en: `Checking file ${index + 1}/${total}: ${doc.file}` });
      const target = path.join(dir, `${String(index).padStart(4, '0')}.pdf`);
      if (!(await source.copyFile(doc.file, target, signal))) {
        fail('package.missing-file', `Het pakket mist het bestand ${doc.file} (document "${doc.title}").`, `The package lacks the file ${doc.file} (document "${doc.title}").`, doc.file);
      }
      const { sha256, size, head } = await inspectFile(target);
      if (sha256 !== doc.sha256) {
        fail(
          'package.checksum-mismatch',
          `De controlesom van ${doc.file} klopt niet: het bestand is beschadigd of vervangen (sha256 ${sha256}, verwacht ${doc.sha256}).`,
          `The checksum of ${doc.file} does not match: the file is damaged or replaced (sha256 ${sha256}, expected ${doc.sha256}).`,
          doc.file,
        );
      }
      if (!head.includes('%PDF-')) {
        fail('package.not-pdf', `${doc.file} is geen PDF-bestand (het begint niet met %PDF-).`, `${doc.file} is not a PDF file (it does not start with %PDF-).`, doc.file);
      }
      documents.push({ manifest: doc, path: target, sha256, size });
    }
    onProgress?.({ phase: 'stage', done: total, total, nl: `Pakket gecontroleerd: ${name}`, en: `Package checked: ${name}` });
    return { dir, manifest, manifestSha256: crypto.createHash('sha256').update(manifestBytes).digest('hex'), documents };
  } catch (error) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    throwIfCancelled(signal); // an aborted copy surfaces as AbortError: report it as the cancel it is
    throw error;
  } finally {
    source.close();
  }
}

/**
 * Copies the file a package's manifest lists under this sha256 to `target`
 * (doctor's repair of one stored PDF). False when the package lists no such
 * file or lacks it; the caller checks the copy's hash.
 */
export async function copyPackageFile(packagePath: string, sha256: string, target: string, signal?: AbortSignal): Promise<boolean> {
  const source = await openSource(packagePath);
  try {
    const doc = parseManifest(await source.readManifest()).documents.find((d) => d.sha256 === sha256);
    return doc !== undefined && (await source.copyFile(doc.file, target, signal));
  } finally {
    source.close();
  }
}

export async function discardStaged(staged: StagedPackage): Promise<void> {
  await fs.promises.rm(staged.dir, { recursive: true, force: true });
}

/** JSON (its nesting checked first), then the format version (its own message: "made by a newer Raadsmap"), then the schema. */
export function parseManifest(bytes: Buffer): PackageManifest {
  const json = parseBoundedJson(bytes.toString('utf8'), {
    maxDepth: MAX_MANIFEST_JSON_DEPTH,
    subject: { nl: PACKAGE_MANIFEST, en: PACKAGE_MANIFEST },
    codes: { invalid: 'package.invalid-json', tooDeep: 'package.too-deep' },
    about: PACKAGE_MANIFEST,
  });
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof json === 'object' && json !== null && typeof format === 'string' && format !== PACKAGE_FORMAT) {
    fail(
      'package.unsupported-format',
      `${PACKAGE_MANIFEST} heeft formaat "${quoted(format)}"; deze versie van Raadsmap leest alleen "${PACKAGE_FORMAT}".`,
      `${PACKAGE_MANIFEST} has format "${quoted(format)}"; this version of Raadsmap reads only "${PACKAGE_FORMAT}".`,
      'format',
    );
  }
  const parsed = packageManifestSchema.safeParse(json, WITH_INPUT);
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  const problems = (language: Language) => describeIssues(issues, language, { root: { nl: PACKAGE_MANIFEST, en: PACKAGE_MANIFEST } });
  const count = issues.length === 1 ? '' : ` (${issues.length} problemen)`;
  return fail('package.invalid-manifest', `${PACKAGE_MANIFEST} klopt niet${count}: ${problems('nl')}.`, `${PACKAGE_MANIFEST} is invalid${count.replace('problemen', 'problems')}: ${problems('en')}.`, firstField(issues));
}

async function openSource(packagePath: string): Promise<PackageSource> {
  const shown = printable(packagePath);
  const name = printable(path.basename(packagePath));
  // A link the user chose (a package folder behind a symlink) is followed: it is their choice.
  const stat = await fs.promises.stat(packagePath).catch(() => null);
  if (!stat) fail('package.not-found', `Pakket niet gevonden: ${shown}`, `Package not found: ${shown}`, packagePath);
  if (stat.isDirectory()) return folderSource(packagePath);
  if (stat.isFile() && stat.size === 0) fail('package.empty', `${name} is leeg: dat is geen pakket.`, `${name} is empty: that is not a package.`, packagePath);
  if (stat.isFile() && (await looksLikeZip(packagePath))) return zipSource(await openCheckedZip(packagePath), packagePath);
  return fail(
    'package.unknown-kind',
    `${name} is geen pakket: kies een map met ${PACKAGE_MANIFEST} of een .zip daarvan.`,
    `${name} is not a package: choose a folder holding ${PACKAGE_MANIFEST}, or a .zip of one.`,
    packagePath,
  );
}

async function looksLikeZip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

function missingManifest(where: string): never {
  return fail(
    'package.missing-manifest',
    `Geen ${PACKAGE_MANIFEST} gevonden in ${printable(where)}: dit is geen Raadsmap-vergaderpakket.`,
    `No ${PACKAGE_MANIFEST} found in ${printable(where)}: this is not a Raadsmap meeting package.`,
    where,
  );
}

function folderSource(root: string): PackageSource {
  const realRoot = fs.realpathSync(root);
  /**
   * A path inside the package folder that is a regular file, reached without
   * following any link: a linked file or folder is refused by name, never read
   * as if it were missing, and nothing outside the folder is reached.
   */
  const resolveInside = async (relative: string): Promise<string | null> => {
    const parts = relative.split('/');
    let full = realRoot;
    for (const [i, part] of parts.entries()) {
      full = path.join(full, part);
      const stat = await fs.promises.lstat(full).catch(() => null);
      if (!stat) return null;
      if (stat.isSymbolicLink()) {
        const linked = parts.slice(0, i + 1).join('/');
        const toFolder = (await fs.promises.stat(full).catch(() => null))?.isDirectory() === true;
        fail(
          'package.symlink',
          `${linked} in het pakket is een symbolische koppeling${toFolder ? ' naar een map' : ''}; die worden niet gevolgd.`,
          `${linked} in the package is a symbolic link${toFolder ? ' to a folder' : ''}; links are not followed.`,
          linked,
        );
      }
      const last = i === parts.length - 1;
      if (last ? !stat.isFile() : !stat.isDirectory()) return null;
    }
    return full;
  };
  return {
    async readManifest() {
      const file = await resolveInside(PACKAGE_MANIFEST);
      if (!file) return missingManifest(path.basename(root));
      const { size } = await fs.promises.stat(file);
      if (size > MAX_MANIFEST_BYTES) tooLargeManifest(size);
      return fs.promises.readFile(file);
    },
    async copyFile(relative, target, signal) {
      const file = await resolveInside(relative);
      if (!file) return false;
      const { size } = await fs.promises.stat(file);
      if (size > MAX_PDF_BYTES) tooLargePdf(relative, size);
      await pipeline(fs.createReadStream(file), fs.createWriteStream(target, { flags: 'wx' }), { signal });
      return true;
    },
    close() {},
  };
}

function zipSource(checked: CheckedZip, zipPath: string): PackageSource {
  // A zip of the package itself, or of the folder holding it (one top-level dir).
  let prefix = '';
  if (!checked.files.has(PACKAGE_MANIFEST)) {
    const tops = new Set([...checked.files.keys()].map((n) => n.split('/')[0]));
    const [only] = tops;
    if (tops.size === 1 && only && checked.files.has(`${only}/${PACKAGE_MANIFEST}`)) prefix = `${only}/`;
  }
  return {
    async readManifest() {
      const info = checked.files.get(prefix + PACKAGE_MANIFEST);
      if (!info) return missingManifest(path.basename(zipPath));
      if (info.uncompressedSize > MAX_MANIFEST_BYTES) tooLargeManifest(info.uncompressedSize);
      return readEntry(checked, info);
    },
    async copyFile(relative, target, signal) {
      const info = checked.files.get(prefix + relative);
      if (!info) return false;
      if (info.uncompressedSize > MAX_PDF_BYTES) tooLargePdf(relative, info.uncompressedSize);
      await extractEntry(checked, info, target, signal);
      return true;
    },
    close: () => checked.close(),
  };
}

function tooLargeManifest(size: number): never {
  return fail('package.too-large', `${PACKAGE_MANIFEST} is ${size} bytes; meer dan 10 MB wordt niet gelezen.`, `${PACKAGE_MANIFEST} is ${size} bytes; more than 10 MB is not read.`, PACKAGE_MANIFEST);
}

function tooLargePdf(file: string, size: number): never {
  const mb = Math.round(size / 1024 / 1024);
  return fail('package.too-large', `${file} is ${mb} MB; dat is groter dan Raadsmap inleest.`, `${file} is ${mb} MB, larger than Raadsmap reads.`, file);
}

/** sha256, size and the first KiB (for the %PDF- header check) in one read. */
async function inspectFile(file: string): Promise<{ sha256: string; size: number; head: string }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  let head = '';
  await pipeline(
    fs.createReadStream(file),
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (size < 1024) head += chunk.subarray(0, 1024 - size).toString('latin1');
        size += chunk.length;
        hash.update(chunk);
        callback();
      },
    }),
  );
  return { sha256: hash.digest('hex'), size, head };
}

