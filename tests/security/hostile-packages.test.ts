import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/index.ts';
import { startWebHost, TOKEN_HEADER } from '../../electron/web/server.ts';
import { readUserFile } from '../../electron/cli/context.ts';
import { inputs } from '../../shared/api.ts';
import { listFiles, snapshotStore } from '../support/db-snapshot.ts';
import { samplePackageSpec, sha256, writePackage } from '../support/make-package.ts';
import { rawZip, type RawEntry } from '../support/raw-zip.ts';
import { raadsmapBatch, type BatchRun } from '../support/cli-batch.ts';
import { raadsmapIn } from '../support/spawn-cli.ts';
import { rawRequest } from '../hosts/raw-request.ts';

// Hostile packages, zips and personal files (issue 23), all generated here.
// Each case goes through the core as the CLI and the web host call it
// (importPackages; a personal file read as `personal import` reads it, then
// importPersonal), and many through the real CLI as well: every case with a
// control character, every file error, the nesting bombs and the long
// problem lists. Wanted of each: a clear refusal in Dutch and in English that
// names the field or file (or a correct import), no control character in any
// message or in the CLI's stdout and stderr, a bounded time, no file outside
// the data dir, and the store exactly as before.

/** Control characters but tab and line feed, and bidi controls: none may reach a terminal. */
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const CORE_LIMIT_MS = 10_000;
/** One CLI command, its process already started; far more than it needs, even on a machine under load. */
const CLI_LIMIT_MS = 15_000;
const MB = 1024 * 1024;

type Category = 'zip' | 'package file' | 'meeting.json' | 'personal file';
type Expectation = { code: string; nl: RegExp; en: RegExp } | { imported: (result: unknown, core: Core) => void };

interface HostileCase {
  name: string;
  category: Category;
  /** Writes the input into `dir` and returns the path to give. */
  make: (dir: string) => string | Promise<string>;
  expect: Expectation;
  /** Also through the real CLI (`import PATH` or `personal import PATH`); 'both': in Dutch and with --lang en. */
  cli?: boolean | 'both';
  /** What the CLI must show when the case is not a refusal. */
  cliCheck?: (run: BatchRun) => void;
  /** Time allowed in the core. */
  withinMs?: number;
}

let root: string;
let dataDir: string;
let core: Core;
/** The files of a valid package (another meeting than the one in the store), to damage. */
let valid: Map<string, Buffer>;
let manifest: Record<string, unknown> & { meeting: Record<string, unknown>; agenda: Record<string, unknown>[]; documents: Record<string, unknown>[]; body: Record<string, unknown> };
/** Data dirs for the CLI, each holding the same meeting; one CLI process at a time in each. */
const cliDirs: string[] = [];
let documentId: number;
const outcomes: { name: string; category: Category; via: 'core' | 'cli'; outcome: string; ms: number }[] = [];
let peakRss = 0;
const sampleRss = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

const pkgFiles = () => new Map([...valid].map(([name, bytes]) => [name, Buffer.from(bytes)]));
const entriesOf = (files: Map<string, Buffer>): RawEntry[] => [...files].map(([name, data]) => ({ name, data, deflate: true }));
const withManifest = (change: (m: typeof manifest) => unknown): Map<string, Buffer> => {
  const copy = structuredClone(manifest);
  change(copy);
  return new Map([...pkgFiles(), ['meeting.json', Buffer.from(JSON.stringify(copy))]]);
};
const write = (dir: string, name: string, bytes: Buffer | string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
};
const zipIn = (name: string, entries: () => RawEntry[]) => (dir: string) => write(dir, name, rawZip(entries()));
const manifestZip = (name: string, change: (m: typeof manifest) => unknown) => zipIn(`${name}.zip`, () => entriesOf(withManifest(change)));
const folderOf = (dir: string, files: Map<string, Buffer>) => {
  const folder = path.join(dir, 'pakket');
  for (const [name, bytes] of files) {
    fs.mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
    fs.writeFileSync(path.join(folder, name), bytes);
  }
  return folder;
};
const refused = (code: string, nl: RegExp, en: RegExp): Expectation => ({ code, nl, en });
const item = (m: typeof manifest) => (m.agenda[0]!.children as Record<string, unknown>[])[1]!;
const personal = (name: string, body: unknown) => (dir: string) => write(dir, name, typeof body === 'string' ? body : JSON.stringify(body));
const exportOf = (rows: { annotations?: unknown[]; agendaNotes?: unknown[]; motionDrafts?: unknown[] }) => ({ format: 'raadsmap-personal/1', ...rows });
const annotation = (extra: Record<string, unknown> = {}) => ({ documentId, quote: { exact: 'Aanbevelingen' }, ...extra });
const draft = (title: string) => ({
  id: '0b8f4a36-5f1e-4c1a-9d3e-2a7c6b1d9e40',
  kind: 'motie',
  meetingId: 1,
  status: 'concept',
  createdAt: '2024-01-31T20:00:00+01:00',
  updatedAt: '2024-01-31T20:00:00+01:00',
  content: { kind: 'motie', title, municipality: 'Zwolle', meetingDate: '2017-01-09', meetingTitle: 'Raad', agendaItem: null, submitters: [], constaterende: [], overwegende: [], verzoekt: [] },
});
/** An agenda nested `levels` deep, as a chain of items. */
const nestedAgenda = (levels: number) => {
  let node: Record<string, unknown> = { id: 'diep-0', title: 'Onderste' };
  for (let i = 1; i < levels; i++) node = { id: `diep-${i}`, title: 'Laag', children: [node] };
  return [node];
};
/** The same as JSON text, written out (JSON.stringify itself would run out of stack). */
const nestedAgendaJson = (levels: number) => `[${'{"id":"diep","title":"Laag","children":['.repeat(levels - 1)}{"id":"onder","title":"Onderste"}${']}'.repeat(levels - 1)}]`;
const folder = (dir: string, name: string) => {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  return path.join(dir, name);
};

const cases: HostileCase[] = [
  // ---- zips ----
  { name: 'zip slip with ..', category: 'zip', make: zipIn('klim.zip', () => [...entriesOf(pkgFiles()), { name: '../../../raadsmap-slip-1.pdf', data: '%PDF-' }]), expect: refused('zip.unsafe-path', /Onveilig pad.*\.\.\/\.\.\/\.\.\/raadsmap-slip-1\.pdf.*map erboven/, /Unsafe path.*climbs out/) },
  { name: 'zip slip inside a folder', category: 'zip', make: zipIn('klim2.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf/../../raadsmap-slip-2.pdf', data: '%PDF-' }]), expect: refused('zip.unsafe-path', /pdf\/\.\.\/\.\.\/raadsmap-slip-2/, /climbs out/) },
  { name: 'absolute path', category: 'zip', make: zipIn('absoluut.zip', () => [...entriesOf(pkgFiles()), { name: '/tmp/raadsmap-slip-3.pdf', data: '%PDF-' }]), expect: refused('zip.unsafe-path', /absoluut pad/, /absolute path/) },
  { name: 'drive letter', category: 'zip', make: zipIn('schijf.zip', () => [...entriesOf(pkgFiles()), { name: 'C:/Windows/raadsmap-slip-4.pdf', data: '%PDF-' }]), expect: refused('zip.unsafe-path', /absoluut pad/, /absolute path/) },
  { name: 'backslashes', category: 'zip', make: zipIn('backslash.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf\\..\\..\\raadsmap-slip-5.pdf', data: '%PDF-' }]), expect: refused('zip.unsafe-path', /backslash/, /backslash/) },
  { name: 'symlink entry', category: 'zip', make: zipIn('link.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf/koppeling.pdf', data: '/etc/passwd', mode: 0o120777 }]), expect: refused('zip.symlink', /symbolische koppeling.*koppeling\.pdf/, /symbolic link/) },
  { name: 'encrypted entry', category: 'zip', make: zipIn('geheim.zip', () => entriesOf(pkgFiles()).map((e) => ({ ...e, flags: 0x1 }))), expect: refused('zip.encrypted', /versleuteld/, /encrypted/) },
  { name: 'duplicate name', category: 'zip', make: zipIn('dubbel.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf/doc-advies.pdf', data: '%PDF-anders' }]), expect: refused('zip.duplicate-entry', /twee keer/, /twice/) },
  { name: 'duplicate name in another case', category: 'zip', make: zipIn('hoofdletters.zip', () => [...entriesOf(pkgFiles()), { name: 'PDF/DOC-ADVIES.PDF', data: '%PDF-' }]), expect: refused('zip.duplicate-entry', /twee keer/, /twice/) },
  { name: 'duplicate name in another Unicode form', category: 'zip', make: zipIn('nfc.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf/caf\u00e9.pdf', data: '%PDF-' }, { name: 'pdf/cafe\u0301.pdf', data: '%PDF-' }]), expect: refused('zip.duplicate-entry', /twee keer/, /twice/) },
  { name: '6,000 entries', category: 'zip', make: zipIn('veel.zip', () => [...entriesOf(pkgFiles()), ...Array.from({ length: 6000 }, (_, i) => ({ name: `extra/${i}.txt`, data: 'x' }))]), expect: refused('zip.too-many-entries', /600\d bestanden/, /600\d entries/) },
  { name: 'zip bomb: a thousandfold inflation', category: 'zip', make: zipIn('bom.zip', () => [...entriesOf(pkgFiles()), { name: 'bom.pdf', data: Buffer.alloc(20 * MB), deflate: true }]), expect: refused('zip.suspicious-compression', /zip-bom/, /zip bomb/) },
  { name: 'zip bomb: more than declared', category: 'zip', make: zipIn('leugen.zip', () => entriesOf(pkgFiles()).map((e) => (e.name === 'meeting.json' ? { ...e, declaredSize: 100 } : e))), expect: refused('zip.size-mismatch', /opgegeven 100 bytes/, /declared 100 bytes/) },
  { name: 'an entry declared at 600 MB', category: 'zip', make: zipIn('groot.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf/groot.pdf', data: '%PDF-', deflate: true, declaredSize: 600 * MB }]), expect: refused('zip.too-large', /groter dan 512 MB/, /larger than 512 MB/) },
  { name: 'truncated zip', category: 'zip', make: (dir) => write(dir, 'afgebroken.zip', rawZip(entriesOf(pkgFiles())).subarray(0, 2000)), expect: refused('zip.corrupt', /beschadigd/, /damaged/) },
  { name: 'zip header then garbage', category: 'zip', make: (dir) => write(dir, 'rommel.zip', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(4000, 0xa5)])), expect: refused('zip.corrupt', /beschadigd/, /damaged/) },
  { name: 'unknown compression method', category: 'zip', make: zipIn('methode.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf/x.pdf', data: 'xyz', method: 99 }]), expect: refused('zip.unsupported', /onbekende methode \(99\)/, /unsupported compression method \(99\)/) },
  { name: 'ESC in an entry name', category: 'zip', cli: true, make: zipIn('esc.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf/\u001b[2J\u001b[31mweg.pdf', data: '%PDF-' }]), expect: refused('zip.unsafe-path', /pdf\/\\x1b\[2J\\x1b\[31mweg\.pdf.*stuurtekens/, /control characters/) },
  { name: 'CR in an entry name', category: 'zip', cli: true, make: zipIn('cr.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf/echt.pdf\rVALS.pdf', data: '%PDF-' }]), expect: refused('zip.unsafe-path', /echt\.pdf\\rVALS.*stuurtekens/, /control characters/) },
  { name: 'bidi override in an entry name', category: 'zip', cli: 'both', make: zipIn('bidi.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf/Begroting \u202efdp.exe', data: '%PDF-' }]), expect: refused('zip.unsafe-path', /Begroting \\u202efdp\.exe.*schrijfrichting/, /writing direction/) },
  { name: 'C1 control in an entry name', category: 'zip', cli: true, make: zipIn('c1.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf/\u009b2Jweg.pdf', data: '%PDF-' }]), expect: refused('zip.unsafe-path', /\\u009b2Jweg.*stuurtekens/, /control characters/) },
  { name: 'NUL in an entry name', category: 'zip', make: zipIn('nul.zip', () => [...entriesOf(pkgFiles()), { name: 'pdf/a\u0000b.pdf', data: '%PDF-' }]), expect: refused('zip.unsafe-path', /a\\x00b.*stuurtekens/, /control characters/) },
  { name: 'no meeting.json', category: 'zip', make: zipIn('zonder.zip', () => entriesOf(pkgFiles()).filter((e) => e.name !== 'meeting.json')), expect: refused('package.missing-manifest', /Geen meeting\.json gevonden in zonder\.zip/, /No meeting\.json found/) },
  { name: 'only folders', category: 'zip', make: zipIn('mappen.zip', () => [{ name: 'a/' }, { name: 'a/b/' }]), expect: refused('package.missing-manifest', /Geen meeting\.json/, /No meeting\.json/) },
  { name: 'meeting.json of 11 MB', category: 'zip', make: zipIn('dik.zip', () => entriesOf(pkgFiles()).map((e) => (e.name === 'meeting.json' ? { name: e.name, data: Buffer.concat([e.data as Buffer, Buffer.alloc(11 * MB, 0x20)]) } : e))), expect: refused('package.too-large', /meer dan 10 MB/, /more than 10 MB/) },

  // ---- the package as a file or folder ----
  { name: 'package not found', category: 'package file', cli: true, make: (dir) => path.join(dir, 'bestaat-niet.zip'), expect: refused('package.not-found', /Pakket niet gevonden: .*bestaat-niet\.zip/, /Package not found/) },
  { name: 'empty package file', category: 'package file', make: (dir) => write(dir, 'leeg.zip', ''), expect: refused('package.empty', /leeg\.zip is leeg/, /leeg\.zip is empty/) },
  { name: 'ESC and bidi in the package file name', category: 'package file', cli: true, make: (dir) => write(dir, 'pakket\u001b[2J\u202epiz.zip', ''), expect: refused('package.empty', /pakket\\x1b\[2J\\u202epiz\.zip is leeg/, /pakket\\x1b\[2J\\u202epiz\.zip is empty/) },
  { name: 'a text file as package', category: 'package file', make: (dir) => write(dir, 'notitie.zip', 'geen zip'), expect: refused('package.unknown-kind', /notitie\.zip is geen pakket/, /is not a package/) },
  {
    name: 'a symlinked folder inside the package',
    category: 'package file',
    cli: true,
    make: (dir) => {
      const folder = folderOf(dir, pkgFiles());
      const elsewhere = path.join(dir, 'elders');
      fs.renameSync(path.join(folder, 'pdf'), elsewhere);
      fs.symlinkSync(elsewhere, path.join(folder, 'pdf'));
      return folder;
    },
    expect: refused('package.symlink', /pdf in het pakket is een symbolische koppeling naar een map/, /pdf in the package is a symbolic link to a folder/),
  },
  {
    name: 'a symlinked meeting.json',
    category: 'package file',
    make: (dir) => {
      const folder = folderOf(dir, pkgFiles());
      fs.renameSync(path.join(folder, 'meeting.json'), path.join(dir, 'elders.json'));
      fs.symlinkSync(path.join(dir, 'elders.json'), path.join(folder, 'meeting.json'));
      return folder;
    },
    expect: refused('package.symlink', /meeting\.json in het pakket is een symbolische koppeling/, /symbolic link/),
  },
  {
    name: 'meeting.json is a folder',
    category: 'package file',
    make: (dir) => {
      const folder = folderOf(dir, pkgFiles());
      fs.rmSync(path.join(folder, 'meeting.json'));
      fs.mkdirSync(path.join(folder, 'meeting.json'));
      return folder;
    },
    expect: refused('package.missing-manifest', /Geen meeting\.json gevonden in pakket/, /No meeting\.json found/),
  },
  { name: 'an empty folder', category: 'package file', make: (dir) => folder(dir, 'leeg'), expect: refused('package.missing-manifest', /Geen meeting\.json gevonden in leeg/, /No meeting\.json found/) },
  {
    name: 'a PDF the package lacks',
    category: 'package file',
    make: (dir) => {
      const files = pkgFiles();
      files.delete('pdf/doc-advies.pdf');
      return folderOf(dir, files);
    },
    expect: refused('package.missing-file', /mist het bestand pdf\/doc-advies\.pdf/, /lacks the file pdf\/doc-advies\.pdf/),
  },
  {
    name: 'a package folder reached through a symlink',
    category: 'package file',
    make: (dir) => {
      const folder = folderOf(dir, withManifest((m) => (m.meeting.id = 'zwolle/via-koppeling')));
      fs.symlinkSync(folder, path.join(dir, 'koppeling'));
      return path.join(dir, 'koppeling');
    },
    expect: { imported: (result) => expect(result).toMatchObject([{ outcome: 'created', meetingTitle: 'Raadsplein info/debat' }]) },
  },

  // ---- meeting.json ----
  { name: 'not JSON', category: 'meeting.json', make: zipIn('kapot.zip', () => [...entriesOf(pkgFiles()).filter((e) => e.name !== 'meeting.json'), { name: 'meeting.json', data: '{"format": "raadsmap-package/1", "body": ' }]), expect: refused('package.invalid-json', /geen geldige JSON: het houdt midden in op/, /not valid JSON/) },
  { name: 'empty meeting.json', category: 'meeting.json', make: zipIn('leeg-manifest.zip', () => [...entriesOf(pkgFiles()).filter((e) => e.name !== 'meeting.json'), { name: 'meeting.json', data: '' }]), expect: refused('package.invalid-json', /meeting\.json is leeg/, /meeting\.json is empty/) },
  { name: '9 MB of [', category: 'meeting.json', withinMs: 3000, make: zipIn('haken.zip', () => [...entriesOf(pkgFiles()).filter((e) => e.name !== 'meeting.json'), { name: 'meeting.json', data: '['.repeat(9 * MB) }]), expect: refused('package.too-deep', /te diep genest/, /nested too deeply/) },
  {
    name: 'an agenda 10,000 levels deep',
    category: 'meeting.json',
    cli: true,
    withinMs: 3000,
    make: zipIn('diep.zip', () => [...entriesOf(pkgFiles()).filter((e) => e.name !== 'meeting.json'), { name: 'meeting.json', data: JSON.stringify({ ...manifest, agenda: 'AGENDA' }).replace('"AGENDA"', nestedAgendaJson(10_000)), deflate: true }]), expect: refused('package.too-deep', /meeting\.json is te diep genest: meer dan 20 niveaus/, /nested too deeply/) },
  { name: 'an agenda 7 levels deep', category: 'meeting.json', make: manifestZip('zeven', (m) => (m.agenda = nestedAgenda(7))), expect: refused('package.invalid-manifest', /agenda\.0(\.children\.0){5}\.children: de agenda is dieper dan 6 niveaus/, /deeper than 6 levels/) },
  { name: 'CR in the meeting title', category: 'meeting.json', cli: true, make: manifestZip('cr-titel', (m) => (m.meeting.title = 'Raadsvergadering\rVALS: alles goedgekeurd')), expect: refused('package.invalid-manifest', /meeting\.title: moet op één regel staan, zonder regeleinde \(\\r\)/, /meeting\.title: must be on one line/) },
  { name: 'LF in the meeting title', category: 'meeting.json', cli: true, make: manifestZip('lf-titel', (m) => (m.meeting.title = 'Raad\nVALS')), expect: refused('package.invalid-manifest', /meeting\.title: moet op één regel staan, zonder regeleinde \(\\n\)/, /must be on one line/) },
  { name: 'ESC in the meeting title', category: 'meeting.json', cli: 'both', make: manifestZip('esc-titel', (m) => (m.meeting.title = 'Raad \u001b[2J\u001b[H')), expect: refused('package.invalid-manifest', /meeting\.title: bevat een stuurteken \(\\x1b\)/, /meeting\.title: holds a control character \(\\x1b\)/) },
  { name: 'bidi override in the meeting title', category: 'meeting.json', cli: true, make: manifestZip('bidi-titel', (m) => (m.meeting.title = 'Begroting 2024 \u202efdp.exe')), expect: refused('package.invalid-manifest', /meeting\.title: bevat een teken dat de schrijfrichting verandert \(\\u202e\)/, /writing direction \(\\u202e\)/) },
  { name: 'bidi isolate in the meeting title', category: 'meeting.json', cli: true, make: manifestZip('isolaat-titel', (m) => (m.meeting.title = 'Raad \u2066x\u2069')), expect: refused('package.invalid-manifest', /schrijfrichting verandert \(\\u2066\)/, /writing direction \(\\u2066\)/) },
  { name: 'C1 control in the meeting title', category: 'meeting.json', cli: true, make: manifestZip('c1-titel', (m) => (m.meeting.title = 'Raad \u009b31m')), expect: refused('package.invalid-manifest', /stuurteken \(\\u009b\)/, /control character \(\\u009b\)/) },
  { name: 'tab in the meeting title', category: 'meeting.json', make: manifestZip('tab-titel', (m) => (m.meeting.title = 'Raad\tvergadering')), expect: refused('package.invalid-manifest', /meeting\.title: bevat een stuurteken \(\\t\)/, /control character/) },
  { name: 'ESC in the body name', category: 'meeting.json', make: manifestZip('esc-orgaan', (m) => (m.body.name = 'Raad\u001b]0;titel\u0007')), expect: refused('package.invalid-manifest', /body\.name: bevat een stuurteken \(\\x1b\)/, /body\.name: holds a control character/) },
  { name: 'bidi in a document title', category: 'meeting.json', make: manifestZip('bidi-document', (m) => (m.documents[0]!.title = 'Bijlage \u202egpj.exe')), expect: refused('package.invalid-manifest', /documents\.0\.title: bevat een teken dat de schrijfrichting verandert/, /documents\.0\.title: holds a character that changes the writing direction/) },
  { name: 'LF in an agenda item title', category: 'meeting.json', make: manifestZip('lf-punt', (m) => (item(m).title = 'Punt\nVALS')), expect: refused('package.invalid-manifest', /agenda\.0\.children\.1\.title: moet op één regel staan/, /agenda\.0\.children\.1\.title: must be on one line/) },
  { name: 'ESC in a description', category: 'meeting.json', make: manifestZip('esc-beschrijving', (m) => (item(m).description = 'Regel 1\nRegel 2\u001b[2J')), expect: refused('package.invalid-manifest', /agenda\.0\.children\.1\.description: bevat een stuurteken \(\\x1b\)/, /holds a control character/) },
  { name: 'a lone CR in a description', category: 'meeting.json', make: manifestZip('cr-beschrijving', (m) => (item(m).description = 'Regel 1\rVALS')), expect: refused('package.invalid-manifest', /description: bevat een stuurteken \(\\r\)/, /holds a control character \(\\r\)/) },
  { name: 'ESC in a file name', category: 'meeting.json', make: manifestZip('esc-bestand', (m) => (m.documents[0]!.file = 'pdf/\u001b[2J.pdf')), expect: refused('package.invalid-manifest', /documents\.0\.file: bevat een stuurteken \(\\x1b\)/, /documents\.0\.file: holds a control character/) },
  { name: 'an unclosed tag', category: 'meeting.json', make: manifestZip('img', (m) => (m.meeting.title = 'x <img src=x onerror=alert(1)')), expect: refused('package.invalid-manifest', /meeting\.title: mag geen HTML bevatten \("<img src=x o"\)/, /must not contain HTML/) },
  { name: 'a closed tag', category: 'meeting.json', make: manifestZip('b', (m) => (item(m).description = 'Zie <b>dit</b>')), expect: refused('package.invalid-manifest', /description: mag geen HTML bevatten \("<b>dit<\/b>"\)/, /must not contain HTML/) },
  { name: 'an HTML comment', category: 'meeting.json', make: manifestZip('commentaar', (m) => (m.meeting.location = 'Raadzaal <!-- x')), expect: refused('package.invalid-manifest', /meeting\.location: mag geen HTML bevatten/, /must not contain HTML/) },
  { name: 'a number as title', category: 'meeting.json', make: manifestZip('getal', (m) => (m.meeting.title = 42)), expect: refused('package.invalid-manifest', /meeting\.title: moet tekst zijn, niet een getal/, /meeting\.title: must be text, not a number/) },
  { name: 'an object as agenda', category: 'meeting.json', make: manifestZip('object', (m) => (m.agenda = {} as never)), expect: refused('package.invalid-manifest', /agenda: moet een lijst \(\[…\]\) zijn, niet een object/, /agenda: must be a list/) },
  { name: 'a missing start', category: 'meeting.json', make: manifestZip('zonder-start', (m) => delete m.meeting.start), expect: refused('package.invalid-manifest', /meeting\.start: ontbreekt/, /meeting\.start: is missing/) },
  { name: 'a title of 501 characters', category: 'meeting.json', make: manifestZip('lang', (m) => (m.meeting.title = 'x'.repeat(501))), expect: refused('package.invalid-manifest', /meeting\.title: is te lang: hoogstens 500 tekens/, /is too long: 500 characters at most/) },
  { name: 'a description of 20,001 characters', category: 'meeting.json', make: manifestZip('lange-tekst', (m) => (item(m).description = 'x'.repeat(20_001))), expect: refused('package.invalid-manifest', /description: is te lang: hoogstens 20000 tekens/, /too long/) },
  { name: 'an unknown key at the top', category: 'meeting.json', make: manifestZip('sleutel', (m) => (m.zaal = 'Raadzaal')), expect: refused('package.invalid-manifest', /zaal: is een onbekend veld/, /zaal: is not a known field/) },
  { name: 'an unknown key in an agenda item', category: 'meeting.json', make: manifestZip('sleutel-punt', (m) => (item(m).kleur = 'rood')), expect: refused('package.invalid-manifest', /agenda\.0\.children\.1\.kleur: is een onbekend veld/, /is not a known field/) },
  { name: 'a start that is no date', category: 'meeting.json', make: manifestZip('gisteren', (m) => (m.meeting.start = 'gisteren')), expect: refused('package.invalid-manifest', /meeting\.start: moet een datum met tijd zijn \(ISO 8601\)/, /meeting\.start: must be a date and time/) },
  { name: 'a start without offset', category: 'meeting.json', make: manifestZip('zonder-zone', (m) => (m.meeting.start = '2017-02-06T20:00:00')), expect: refused('package.invalid-manifest', /meeting\.start: moet een datum met tijd zijn/, /must be a date and time/) },
  { name: '30 February', category: 'meeting.json', make: manifestZip('februari', (m) => (m.documents[0]!.date = '2024-02-30')), expect: refused('package.invalid-manifest', /documents\.0\.date: moet een datum zijn als 2024-01-31/, /must be a date such as/) },
  { name: 'a time of 25.00', category: 'meeting.json', make: manifestZip('tijd', (m) => (item(m).start = '25.00')), expect: refused('package.invalid-manifest', /start: moet een tijd zijn als 20\.25/, /must be a time such as 20\.25/) },
  { name: 'an unknown document type', category: 'meeting.json', make: manifestZip('soort', (m) => (m.documents[0]!.type = 'geheim')), expect: refused('package.invalid-manifest', /documents\.0\.type: moet een van deze zijn: "agenda", "raadsvoorstel"/, /must be one of/) },
  { name: 'a space in an id', category: 'meeting.json', make: manifestZip('id', (m) => (m.meeting.id = 'zwolle raad')), expect: refused('package.invalid-manifest', /meeting\.id: mag alleen letters, cijfers/, /may hold only letters, digits/) },
  { name: 'a document id twice', category: 'meeting.json', make: manifestZip('twee-keer', (m) => (m.documents[1]!.id = m.documents[0]!.id)), expect: refused('package.invalid-manifest', /komt twee keer voor/, /occurs twice/) },
  { name: 'a reference to an unknown document', category: 'meeting.json', make: manifestZip('verwijzing', (m) => (item(m).documents = ['doc/bestaat-niet'])), expect: refused('package.invalid-manifest', /verwijst naar onbekend document doc\/bestaat-niet/, /refers to unknown document/) },
  { name: '2,005 agenda items', category: 'meeting.json', make: manifestZip('punten', (m) => (m.agenda = Array.from({ length: 5 }, (_, s) => ({ id: `s${s}`, title: 'Zaal', children: Array.from({ length: 400 }, (_, i) => ({ id: `s${s}-${i}`, title: 'Punt' })) })))), expect: refused('package.invalid-manifest', /agenda: heeft meer dan 2000 agendapunten/, /more than 2000 agenda items/) },
  { name: 'a wrong checksum', category: 'meeting.json', make: manifestZip('som', (m) => (m.documents[0]!.sha256 = '0'.repeat(64))), expect: refused('package.checksum-mismatch', /controlesom van pdf\/.*klopt niet/, /checksum/) },
  {
    name: 'HTML with a right checksum',
    category: 'meeting.json',
    make: (dir) => {
      const fake = Buffer.from('<html><script>alert(1)</script></html>');
      const files = withManifest((m) => (m.documents[0]!.sha256 = sha256(fake)));
      files.set(String(manifest.documents[0]!.file), fake);
      return write(dir, 'html.zip', rawZip(entriesOf(files)));
    },
    expect: refused('package.not-pdf', /is geen PDF-bestand/, /is not a PDF file/),
  },
  { name: 'a file path with ..', category: 'meeting.json', make: manifestZip('pad', (m) => (m.documents[0]!.file = '../../etc/passwd.pdf')), expect: refused('package.invalid-manifest', /documents\.0\.file: mag geen \.\. of lege delen bevatten/, /must not hold \.\./) },
  { name: 'an absolute file path', category: 'meeting.json', make: manifestZip('pad-absoluut', (m) => (m.documents[0]!.file = '/etc/passwd.pdf')), expect: refused('package.invalid-manifest', /documents\.0\.file: moet een relatief pad zijn/, /must be a relative path/) },
  { name: 'a newer format', category: 'meeting.json', make: manifestZip('nieuw', (m) => (m.format = 'raadsmap-package/2')), expect: refused('package.unsupported-format', /formaat "raadsmap-package\/2"/, /format "raadsmap-package\/2"/) },
  {
    name: 'titles in other scripts',
    category: 'meeting.json',
    make: manifestZip('unicode', (m) => {
      m.meeting.id = 'zwolle/unicode';
      m.meeting.title = 'Raadsvergadering — Ĳsselmonde, Zuidplein ‘24 café 🚲 مجلس';
    }),
    expect: { imported: (result) => expect(result).toMatchObject([{ outcome: 'created', meetingTitle: 'Raadsvergadering — Ĳsselmonde, Zuidplein ‘24 café 🚲 مجلس' }]) },
  },

  // ---- personal files ----
  { name: 'personal file not found', category: 'personal file', cli: true, make: (dir) => path.join(dir, 'weg.json'), expect: refused('cli.file-not-found', /Bestand niet gevonden: .*weg\.json/, /File not found: .*weg\.json/) },
  { name: 'personal file is a folder', category: 'personal file', cli: true, make: (dir) => folder(dir, 'map.json'), expect: refused('cli.is-a-folder', /map\.json is een map, geen bestand/, /map\.json is a folder, not a file/) },
  { name: 'CR in the personal file name', category: 'personal file', cli: true, make: (dir) => path.join(dir, 'werk\rVALS.json'), expect: refused('cli.file-not-found', /Bestand niet gevonden: .*werk\\rVALS\.json/, /File not found: .*werk\\rVALS\.json/) },
  { name: 'personal file is empty', category: 'personal file', make: (dir) => write(dir, 'leeg.json', ''), expect: refused('cli.empty-file', /leeg\.json is leeg/, /leeg\.json is empty/) },
  {
    name: 'personal file of 65 MB',
    category: 'personal file',
    make: (dir) => {
      const file = write(dir, 'groot.json', '');
      fs.truncateSync(file, 65 * MB); // sparse: no 65 MB written
      return file;
    },
    expect: refused('cli.file-too-large', /groot\.json is groter dan 64 MB/, /groot\.json is larger than 64 MB/),
  },
  {
    name: 'personal file is a symlinked folder',
    category: 'personal file',
    cli: 'both',
    make: (dir) => {
      fs.mkdirSync(path.join(dir, 'echte-map'));
      fs.symlinkSync(path.join(dir, 'echte-map'), path.join(dir, 'koppeling.json'));
      return path.join(dir, 'koppeling.json');
    },
    expect: refused('cli.is-a-folder', /koppeling\.json is een map \(via een symbolische koppeling\), geen bestand/, /is a folder \(through a symbolic link\)/),
  },
  {
    name: 'personal file is a dangling symlink',
    category: 'personal file',
    make: (dir) => {
      fs.symlinkSync(path.join(dir, 'nergens'), path.join(dir, 'los.json'));
      return path.join(dir, 'los.json');
    },
    expect: refused('cli.file-not-found', /los\.json is een symbolische koppeling naar iets wat niet bestaat/, /symbolic link to something that does not exist/),
  },
  { name: 'personal file not JSON', category: 'personal file', make: personal('kapot.json', '{kapot'), expect: refused('personal.not-json', /Het bestand is geen geldige JSON: hier hoort een veldnaam tussen aanhalingstekens of \} \(regel 1, kolom 2\)/, /The file is not valid JSON/) },
  { name: '10 MB of [ as personal file', category: 'personal file', cli: true, withinMs: 1000, make: personal('haken.json', '['.repeat(10 * MB)), expect: refused('personal.too-deep', /Het bestand is te diep genest: meer dan 32 niveaus/, /The file is nested too deeply/) },
  { name: 'nested objects as personal file', category: 'personal file', withinMs: 1000, make: personal('objecten.json', '{"a":'.repeat(2 * MB)), expect: refused('personal.too-deep', /te diep genest/, /nested too deeply/) },
  { name: 'another format', category: 'personal file', make: personal('ander.json', { format: 'iets-anders' }), expect: refused('personal.bad-export', /format: moet "raadsmap-personal\/1" zijn/, /format: must be "raadsmap-personal\/1"/) },
  { name: 'a list instead of an export', category: 'personal file', make: personal('lijst.json', []), expect: refused('personal.bad-export', /\(bestand\): moet een object \(\{…\}\) zijn, niet een lijst/, /\(file\): must be an object/) },
  { name: 'annotations not a list', category: 'personal file', make: personal('geen-lijst.json', { format: 'raadsmap-personal/1', annotations: 'alles' }), expect: refused('personal.bad-export', /annotations: moet een lijst \(\[…\]\) zijn, niet tekst/, /annotations: must be a list/) },
  { name: 'a timestamp that is no date', category: 'personal file', make: (dir) => personal('tijd.json', exportOf({ annotations: [annotation({ updatedAt: 'gisteren' })] }))(dir), expect: refused('personal.bad-export', /annotations\.0\.updatedAt: moet een datum met tijd zijn/, /annotations\.0\.updatedAt: must be a date and time/) },
  { name: 'a timestamp on 30 February', category: 'personal file', make: (dir) => personal('februari.json', exportOf({ annotations: [annotation({ createdAt: '2024-02-30T10:00:00Z' })] }))(dir), expect: refused('personal.bad-export', /annotations\.0\.createdAt: moet een datum met tijd zijn/, /must be a date and time/) },
  { name: 'CR in a tag', category: 'personal file', cli: true, make: (dir) => personal('cr-label.json', exportOf({ annotations: [annotation({ tags: ['nazorg\rVALS'] })] }))(dir), expect: refused('personal.bad-export', /annotations\.0\.tags\.0: moet op één regel staan, zonder regeleinde \(\\r\)/, /must be on one line/) },
  { name: 'ESC in a tag', category: 'personal file', cli: true, make: (dir) => personal('esc-label.json', exportOf({ annotations: [annotation({ tags: ['\u001b[2Jweg'] })] }))(dir), expect: refused('personal.bad-export', /annotations\.0\.tags\.0: bevat een stuurteken \(\\x1b\)/, /holds a control character \(\\x1b\)/) },
  { name: 'bidi in a tag', category: 'personal file', make: (dir) => personal('bidi-label.json', exportOf({ annotations: [annotation({ tags: ['\u202egeheim'] })] }))(dir), expect: refused('personal.bad-export', /tags\.0: bevat een teken dat de schrijfrichting verandert/, /writing direction/) },
  { name: 'bidi in a document key', category: 'personal file', cli: true, make: (dir) => personal('bidi-sleutel.json', exportOf({ annotations: [annotation({ documentKey: 'package::doc\u202e' })] }))(dir), expect: refused('personal.bad-export', /annotations\.0\.documentKey: bevat een teken dat de schrijfrichting verandert \(\\u202e\)/, /writing direction/) },
  { name: 'LF in a motion title', category: 'personal file', cli: true, make: (dir) => personal('lf-motie.json', exportOf({ motionDrafts: [draft('Nazorg\nVALS')] }))(dir), expect: refused('personal.bad-export', /motionDrafts\.0\.content\.title: moet op één regel staan/, /motionDrafts\.0\.content\.title: must be on one line/) },
  { name: 'a note of 20,001 characters', category: 'personal file', make: (dir) => personal('lang.json', exportOf({ annotations: [annotation({ note: 'x'.repeat(20_001) })] }))(dir), expect: refused('personal.bad-export', /annotations\.0\.note: is te lang: hoogstens 20000 tekens/, /is too long/) },
  { name: 'an id that is no UUID', category: 'personal file', make: (dir) => personal('uuid.json', exportOf({ annotations: [annotation({ id: '1; DROP TABLE' })] }))(dir), expect: refused('personal.bad-export', /annotations\.0\.id: moet een UUID zijn/, /must be a UUID/) },
  {
    name: '200,000 bad rows',
    category: 'personal file',
    withinMs: 8000,
    make: (dir) => personal('slecht.json', exportOf({ annotations: Array.from({ length: 200_000 }, () => ({ documentId, color: 'paars', quote: { exact: 'x' } })) }))(dir),
    expect: refused('personal.bad-export', /\(200000 problemen\): annotations\.0\.color: moet een van deze zijn: "yellow".*\(en nog 199990\)$/, /\(200000 problems\).*\(and 199990 more\)$/),
  },
  {
    name: 'unknown keys are left aside',
    category: 'personal file',
    make: (dir) => personal('extra.json', { ...exportOf({ annotations: [annotation({ kleur: 'rood' })] }), bijlage: { x: 1 } })(dir),
    expect: { imported: (result) => expect(result).toMatchObject({ annotations: { added: 1, anchored: 1 }, problemCount: 0 }) },
  },
  {
    name: '100,000 annotations that cannot be placed',
    category: 'personal file',
    cli: true,
    make: (dir) => personal('nergens.json', exportOf({ annotations: Array.from({ length: 100_000 }, (_, i) => ({ documentId: 999_999, quote: { exact: `citaat ${i}` } })) }))(dir),
    expect: {
      imported: (result) => {
        const summary = result as { problems: unknown[]; problemCount: number; annotations: { added: number; skipped: number } };
        expect(summary).toMatchObject({ problemCount: 100_000, annotations: { added: 0, skipped: 100_000 } });
        expect(summary.problems).toHaveLength(100);
      },
    },
    cliCheck: (run) => {
      // A summary and the first ten, not 100,000 lines; nothing placed: exit 1.
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(13);
      expect(lines[1]).toBe('100000 problemen; de eerste 10:');
      expect(lines[2]).toBe('  - aantekening 1 ("citaat 0"): document 999999 is hier niet aanwezig');
      expect(lines[12]).toBe('  … en nog 99990 (--json geeft de eerste 100 en het aantal).');
      expect(run.stderr).toMatch(/raadsmap: Niets uit .*nergens\.json kon hier worden geplaatst \(100000 problemen\)\.\n$/);
      expect(run.code).toBe(1);
    },
  },
];

/** Everything under `root` but the data dirs: what must not change beside the store. */
const outsideTheStores = () => listFiles(root).filter((f) => !f.startsWith('data' + path.sep) && !f.startsWith('cli-'));
const noSlipFiles = () => [root, path.dirname(root), os.tmpdir(), '/tmp'].flatMap((dir) => fs.readdirSync(dir).filter((name) => name.startsWith('raadsmap-slip')));

async function tryCase(c: HostileCase, input: string): Promise<{ result?: unknown; error?: unknown }> {
  try {
    if (c.category !== 'personal file') return { result: await core.importPackages({ paths: [input] }) };
    // As `raadsmap personal import` reads it; the web host gives the same text.
    const json = readUserFile(input, 64 * MB).toString('utf8');
    return { result: core.importPersonal(inputs.importPersonal.parse({ json })) };
  } catch (error) {
    return { error };
  }
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'raadsmap-hostile-packages-'));
  // The store every case starts from: one meeting imported.
  const template = path.join(root, 'cli-template');
  const first = createCore({ dataDir: template, extractionThreads: 1 });
  await first.importPackages({ paths: [(await writePackage(path.join(root, 'base-a'), samplePackageSpec())).dir] });
  await first.close();
  dataDir = path.join(root, 'data');
  fs.cpSync(template, dataDir, { recursive: true });
  for (let i = 1; i <= 3; i++) {
    cliDirs.push(path.join(root, `cli-${i}`));
    fs.cpSync(template, cliDirs.at(-1)!, { recursive: true });
  }
  core = createCore({ dataDir, extractionThreads: 1 });
  // Rekenkamerrapport Schulddienstverlening, with "Aanbevelingen" on its page 2.
  documentId = core.getMeeting({ meetingId: 1 }).agenda[1]!.children[0]!.documents[0]!.id;

  const spec = samplePackageSpec();
  spec.meetingId = 'zwolle/2017-02-06';
  const { dir, manifest: made } = await writePackage(path.join(root, 'base-b'), spec);
  valid = new Map(listFiles(dir).map((f) => [f.split(path.sep).join('/'), fs.readFileSync(path.join(dir, f))]));
  manifest = made as unknown as typeof manifest;
  for (const c of cases) fs.mkdirSync(path.join(root, 'cases', slug(c.name)), { recursive: true });
}, 120_000);

afterAll(async () => {
  await core?.close();
  const table = new Map<string, Record<string, number>>();
  for (const o of outcomes) {
    const row = table.get(`${o.category} (${o.via})`) ?? {};
    row.cases = (row.cases ?? 0) + 1;
    row[o.outcome] = (row[o.outcome] ?? 0) + 1;
    row.maxMs = Math.max(row.maxMs ?? 0, Math.round(o.ms));
    table.set(`${o.category} (${o.via})`, row);
  }
  console.log(`hostile packages, zips and personal files: ${cases.length} cases; peak RSS of the test process ${Math.round(peakRss / MB)} MB`);
  console.table(Object.fromEntries(table));
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const slug = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase();

describe('hostile packages, zips and personal files, through the core', () => {
  it('are at least 60, of every kind, each named once', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.category))).toEqual(new Set(['zip', 'package file', 'meeting.json', 'personal file']));
  });

  for (const c of cases) {
    it(c.name, async () => {
      const dir = path.join(root, 'cases', slug(c.name));
      const input = await c.make(dir);
      const before = snapshotStore(dataDir);
      const filesBefore = listFiles(path.join(dataDir, 'files'));
      const outside = outsideTheStores();
      const started = performance.now();
      const { result, error } = await tryCase(c, input);
      const ms = performance.now() - started;
      sampleRss();
      expect(ms).toBeLessThan(c.withinMs ?? CORE_LIMIT_MS);
      if ('code' in c.expect) {
        expect(result, 'refused').toBeUndefined();
        expect(error).toMatchObject({ name: 'RaadsmapError', code: c.expect.code });
        const { nl, en } = error as { nl: string; en: string };
        expect(nl).toMatch(c.expect.nl);
        expect(en).toMatch(c.expect.en);
        expect(nl).not.toMatch(UNPRINTABLE);
        expect(en).not.toMatch(UNPRINTABLE);
        // Dutch all through: none of zod's English, none of V8's.
        expect(nl).not.toMatch(/\b(expected|received|Invalid|Unrecognized|Too big|Too small|Unexpected|must|is missing)\b/);
        expect(snapshotStore(dataDir)).toBe(before);
        expect(listFiles(path.join(dataDir, 'files'))).toEqual(filesBefore);
        outcomes.push({ name: c.name, category: c.category, via: 'core', outcome: 'refused', ms });
      } else {
        expect(error, 'imported').toBeUndefined();
        c.expect.imported(result, core);
        outcomes.push({ name: c.name, category: c.category, via: 'core', outcome: 'imported', ms });
      }
      expect(listFiles(path.join(dataDir, 'staging'))).toEqual([]);
      expect(outsideTheStores()).toEqual(outside);
      expect(noSlipFiles()).toEqual([]);
    });
  }

  it('leaves a store the doctor finds in order', async () => {
    expect(await core.doctor({})).toMatchObject({ ok: true });
  });
});

describe('the same through the real CLI', () => {
  const viaCli = cases.flatMap((c) => (c.cli === 'both' ? (['nl', 'en'] as const) : c.cli ? (['nl'] as const) : []).map((language) => ({ c, language })));
  const runs = new Map<string, BatchRun>();
  const storesBefore = new Map<string, string>();
  const key = (c: HostileCase, language: string) => `${c.name} (${language})`;
  const commandOf = (c: HostileCase, language: string, input: string) => [
    ...(language === 'en' ? ['--lang', 'en'] : []),
    ...(c.category === 'personal file' ? ['personal', 'import'] : ['import']),
    input,
  ];

  beforeAll(async () => {
    const jobs = await Promise.all(
      viaCli.map(async ({ c, language }) => ({ key: key(c, language), args: commandOf(c, language, await c.make(folder(root, path.join('cli-cases', `${slug(c.name)}-${language}`)))) })),
    );
    // Two CLI processes at once, each running its half of the commands one after another in a data dir of its own.
    const halves = [jobs.filter((_, i) => i % 2 === 0), jobs.filter((_, i) => i % 2 === 1)];
    await Promise.all(
      halves.map(async (half, h) => {
        const dir = cliDirs[h]!;
        storesBefore.set(dir, snapshotStore(dir));
        const results = await raadsmapBatch(dir, half.map((job) => job.args));
        half.forEach((job, i) => runs.set(job.key, results[i]!));
      }),
    );
    sampleRss();
  }, 240_000);

  for (const { c, language } of viaCli) {
    it(`${c.name}${language === 'en' ? ' (--lang en)' : ''}`, () => {
      const run = runs.get(key(c, language))!;
      expect(run.ms).toBeLessThan(CLI_LIMIT_MS);
      expect(run.stdout).not.toMatch(UNPRINTABLE);
      expect(run.stderr).not.toMatch(UNPRINTABLE);
      if ('code' in c.expect) {
        expect(run.code).toBe(1);
        expect(run.stdout).toBe('');
        // After any progress lines: the refusal, on one line.
        const last = run.stderr.trimEnd().split('\n').at(-1)!;
        expect(last).toMatch(/^raadsmap: /);
        expect(last).toMatch(language === 'en' ? c.expect.en : c.expect.nl);
        outcomes.push({ name: c.name, category: c.category, via: 'cli', outcome: 'refused', ms: run.ms });
      } else {
        c.cliCheck!(run);
        outcomes.push({ name: c.name, category: c.category, via: 'cli', outcome: 'reported', ms: run.ms });
      }
    });
  }

  it('left every store as it was, and nothing outside them', () => {
    for (const [dir, before] of storesBefore) {
      expect(snapshotStore(dir)).toBe(before);
      expect(listFiles(path.join(dir, 'staging'))).toEqual([]);
    }
    expect(noSlipFiles()).toEqual([]);
  });

  it('says the same when started as a user starts it (bin/raadsmap.mjs)', async () => {
    const dir = cliDirs[2]!;
    const before = snapshotStore(dir);
    for (const c of cases.filter((c) => ['ESC in the meeting title', 'personal file is a symlinked folder'].includes(c.name))) {
      const input = await c.make(folder(root, path.join('cli-cases', `${slug(c.name)}-bin`)));
      const run = await raadsmapIn(dir, commandOf(c, 'nl', input));
      expect(run.code).toBe(1);
      expect(run.stdout + run.stderr).not.toMatch(UNPRINTABLE);
      expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch('code' in c.expect ? c.expect.nl : /./);
    }
    expect(snapshotStore(dir)).toBe(before);
  });

  // In a data dir of its own, beside the cases above.
  it('lists a store with hostile text in it: every control and bidi character as a visible escape, JSON that reads back the same', async () => {
    // As a sync could bring it, or an older version let in: titles written straight into the store.
    const dir = path.join(root, 'cli-listing');
    fs.cpSync(path.join(root, 'cli-template'), dir, { recursive: true });
    const title = 'Raad\u001b[2J\u001b[H\rVALS: alles goedgekeurd \u202efdp.exe\u0085\u2028';
    const db = new Database(path.join(dir, 'library.db'));
    db.prepare('UPDATE meetings SET title = ?, location = ?').run(title, 'Zaal\u001b]0;titel\u0007');
    db.prepare('UPDATE bodies SET name = ?').run('Gemeenteraad\u009b2J');
    db.prepare('UPDATE agenda_items SET title = ? WHERE number = ?').run('Punt\u001b[31m rood', '2.3');
    db.prepare('UPDATE documents SET title = ?').run('Rapport \u202egpj.exe');
    db.close();
    // A note is free text: an ESC in it is kept, and shown escaped.
    const notes = write(folder(root, 'cli-listing-input'), 'notitie.json', JSON.stringify(exportOf({ annotations: [annotation({ note: 'Kern\u001b[2J\u001b[31m' })] })));

    const commands = {
      personal: ['personal', 'import', notes],
      meetings: ['meetings'],
      meeting: ['meeting', '1'],
      json: ['meetings', '--json'],
      search: ['search', 'aanbevelingen'],
      annotations: ['annotations'],
      // commander's own message quotes what was typed
      typed: ['meeting', '\u001b[2J1'],
    };
    const results = await raadsmapBatch(dir, Object.values(commands));
    const runs = Object.fromEntries(Object.keys(commands).map((name, i) => [name, results[i]!])) as Record<keyof typeof commands, BatchRun>;
    for (const [name, run] of Object.entries(runs)) {
      expect(run.code, name).toBe(name === 'typed' ? 2 : 0);
      expect(run.stdout, name).not.toMatch(UNPRINTABLE);
      expect(run.stderr, name).not.toMatch(UNPRINTABLE);
    }
    const shown = 'Raad\\x1b[2J\\x1b[H\\rVALS: alles goedgekeurd \\u202efdp.exe\\u0085\\u2028';
    expect(runs.meetings.stdout).toContain(`Gemeenteraad\\u009b2J — ${shown}`);
    expect(runs.meeting.stdout).toContain('Zaal\\x1b]0;titel\\x07');
    expect(runs.meeting.stdout).toContain('2.3 Punt\\x1b[31m rood');
    expect(runs.meeting.stdout).toContain('Rapport \\u202egpj.exe');
    expect(runs.search.stdout).toContain('Rapport \\u202egpj.exe');
    expect(runs.annotations.stdout).toContain('— Kern\\x1b[2J\\x1b[31m');
    expect(runs.typed.stderr).toContain("value '\\x1b[2J1' is invalid");
    // JSON: still valid, and the text reads back exactly as stored.
    expect((JSON.parse(runs.json.stdout) as { title: string }[])[0]!.title).toBe(title);
  });
});

describe('the web host while a 64 MB personal file of nested brackets comes in', () => {
  it('refuses the file at once, and answers other requests as it does while any 64 MB body comes in', async () => {
    const staticDir = folder(root, 'static');
    write(staticDir, 'index.html', '<!doctype html><html lang="nl"><title>Raadsmap</title></html>');
    const host = await startWebHost({ core, staticDir });
    const call = (name: string, body: string | Buffer) =>
      rawRequest(host.port, { method: 'POST', path: `/api/${name}`, headers: { 'content-type': 'application/json', [TOKEN_HEADER]: host.token }, body });
    /**
     * A call with a personal file of 64 MB (just under the host's limit: the
     * file is the call's `json` string) sent while other requests go on one
     * after another: the answer to it, and how long the slowest other request waited.
     */
    const sendWhileAsking = async (body: Buffer) => {
      const latencies: number[] = [];
      const started = performance.now();
      let running = true;
      const answer = call('importPersonal', body).then((a) => ({ ...a, ms: performance.now() - started }));
      void answer.finally(() => setTimeout(() => (running = false), 50));
      // A request every 10 ms or as soon as the last is answered; its wait counts from when it was due
      // (client and host share this process, so a blocked host also delays the sending).
      let due = performance.now();
      while (running) {
        expect((await call('listMeetings', '{}')).status).toBe(200);
        const answered = performance.now();
        latencies.push(answered - due);
        due = answered + 10;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      sampleRss();
      return { ...(await answer), slowest: Math.max(...latencies), asked: latencies.length };
    };
    try {
      // Any 64 MB body costs the host its intake (read, decode, JSON.parse of the call): a harmless file for comparison.
      const call64 = (fill: string) => Buffer.concat([Buffer.from('{"json":"'), Buffer.alloc(64 * MB - 64, fill), Buffer.from('"}')]);
      const harmless = call64('a');
      const hostile = call64('[');
      const rounds: Record<'harmless' | 'hostile', Awaited<ReturnType<typeof sendWhileAsking>>>[] = [];
      for (let i = 0; i < 2; i++) rounds.push({ harmless: await sendWhileAsking(harmless), hostile: await sendWhileAsking(hostile) });
      for (const round of rounds) {
        expect(JSON.parse(round.hostile.body)).toMatchObject({ ok: false, error: { code: 'personal.too-deep', nl: expect.stringMatching(/^Het bestand is te diep genest/) } });
        expect(JSON.parse(round.harmless.body)).toMatchObject({ ok: false, error: { code: 'personal.not-json' } });
        expect(round.hostile.ms).toBeLessThan(10_000);
        expect(round.hostile.asked).toBeGreaterThan(3);
      }
      const slowest = (kind: 'harmless' | 'hostile') => rounds.map((r) => Math.round(r[kind].slowest));
      console.log(`64 MB personal file through the web host, slowest other request while it came in: of [ ${slowest('hostile').join(', ')} ms; harmless ${slowest('harmless').join(', ')} ms`);
      // The nesting adds nothing noticeable: the file is refused before it is parsed (it once took seconds, event loop blocked).
      expect(Math.min(...slowest('hostile'))).toBeLessThan(Math.max(...slowest('harmless')) + 200);
    } finally {
      await host.close();
    }
  });
});
