// Packages a window hands over: imported by handle only (never a path),
// uploads within a quota from settings.json, removed after their import,
// when they waited too long, and when the host stops.
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../electron/core/dispatch.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { DEFAULT_UPLOAD_QUOTA, fileSettings } from '../../electron/core/settings.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});

/** A core whose settings.json holds these upload limits, on a clock the test moves. */
function openCore(uploads?: Record<string, number>) {
  const dataDir = tempDir();
  if (uploads) fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ language: 'nl', uploads }));
  const clock = { now: new Date('2026-11-22T12:00:00Z') };
  const core = createCore({ dataDir, clock: () => clock.now, extractionThreads: 1 });
  cores.push(core);
  // This core keeps them in a folder of its own under uploads/ (store-lock.ts: other processes keep theirs beside it).
  const kept = () => (fs.readdirSync(path.join(dataDir, 'uploads'), { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).map((e) => e.name).sort();
  return { core, dataDir, clock, uploads: kept };
}

async function sampleZip(): Promise<Uint8Array> {
  const { dir } = await writePackage(tempDir(), samplePackageSpec());
  const zip = new JSZip();
  for (const name of ['meeting.json', ...fs.readdirSync(`${dir}/pdf`).map((f) => `pdf/${f}`)]) zip.file(name, fs.readFileSync(`${dir}/${name}`));
  return zip.generateAsync({ type: 'uint8array' });
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('accepted'),
    (error: { code: string; nl: string; en: string }) => error,
  );

describe('importPackages from a window', () => {
  it('takes handles only: a path is refused the same way whether it exists or not, and nothing is read', async () => {
    const { core } = openCore();
    const existing = await writePackage(tempDir(), samplePackageSpec());
    const answers = [];
    for (const input of [{ paths: [existing.dir] }, { handles: [existing.dir] }, { handles: ['/no/such/pakket.zip'] }, { handles: [path.join(core.dataDir, 'uploads')] }]) {
      const result = await dispatchCall(core, 'importPackages', input);
      expect(result).toMatchObject({ ok: false, error: { code: 'api.invalid-input' } });
      answers.push(result);
    }
    // The answer for an existing folder and for a missing file: the same words.
    expect(answers[1]).toEqual(answers[2]);
    expect(JSON.stringify(answers)).not.toMatch(/bestaat|niet gevonden|not found|exists/i);
    expect(core.listMeetings({})).toEqual([]);
  });

  it('refuses a handle it never gave out, or one already used, without saying more', async () => {
    const { core } = openCore();
    const unknown = await dispatchCall(core, 'importPackages', { handles: ['ab'.repeat(16)] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'upload.unknown' } });
    const { handle } = await core.storeUpload(await sampleZip(), 'raad.zip');
    expect(await dispatchCall(core, 'importPackages', { handles: [handle] })).toMatchObject({ ok: true, value: [{ outcome: 'created', source: 'raad.zip' }] });
    expect(await dispatchCall(core, 'importPackages', { handles: [handle] })).toEqual(unknown);
    // One unknown handle among good ones: none is taken, the good one still waits.
    const again = await core.storeUpload(await sampleZip(), 'raad.zip');
    expect(await dispatchCall(core, 'importPackages', { handles: [again.handle, 'cd'.repeat(16)] })).toMatchObject({ ok: false, error: { code: 'upload.unknown' } });
    expect(await dispatchCall(core, 'importPackages', { handles: [again.handle, again.handle] })).toMatchObject({ ok: false, error: { code: 'upload.unknown' } });
    expect(await dispatchCall(core, 'importPackages', { handles: [again.handle] })).toMatchObject({ ok: true, value: [{ outcome: 'unchanged' }] });
  });

  it('imports a package chosen in the desktop dialog where it is, and leaves the file alone', async () => {
    const { core } = openCore();
    const { dir } = await writePackage(tempDir(), samplePackageSpec());
    const chosen = core.choosePackage(dir);
    expect(chosen.name).toBe(path.basename(dir));
    expect(await dispatchCall(core, 'importPackages', { handles: [chosen.handle] })).toMatchObject({ ok: true, value: [{ outcome: 'created', source: path.basename(dir) }] });
    expect(fs.existsSync(path.join(dir, 'meeting.json'))).toBe(true);
  });

  it("names an upload by the user's file name in a refusal, never by where it is kept", async () => {
    const { core, uploads } = openCore();
    const { handle } = await core.storeUpload(new TextEncoder().encode('geen zip'), 'C:\\Users\\raadslid\\Vergadering.zip');
    const result = await dispatchCall(core, 'importPackages', { handles: [handle] });
    expect(result).toMatchObject({ ok: false, error: { code: 'package.unknown-kind', nl: 'Vergadering.zip is geen pakket: kies een map met meeting.json of een .zip daarvan.', subject: 'Vergadering.zip' } });
    expect(JSON.stringify(result)).not.toContain(handle);
    expect(JSON.stringify(result)).not.toContain(core.dataDir);
    // Refused, it has done its job too.
    expect(uploads()).toEqual([]);
  });
});

describe('the upload quota', () => {
  it('is 20 packages and 2 GB, waiting an hour, unless settings.json says otherwise; the window cannot change it', () => {
    const dataDir = tempDir();
    const settings = fileSettings(dataDir);
    expect(settings.uploadQuota!()).toEqual(DEFAULT_UPLOAD_QUOTA);
    expect(DEFAULT_UPLOAD_QUOTA).toEqual({ maxFiles: 20, maxBytes: 2 * 1024 ** 3, expiryMinutes: 60 });
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ uploads: { maxFiles: 3, maxMegabytes: 'veel', expiryMinutes: 0 } }));
    // Each wrong limit falls back on its own default.
    expect(settings.uploadQuota!()).toEqual({ maxFiles: 3, maxBytes: DEFAULT_UPLOAD_QUOTA.maxBytes, expiryMinutes: 60 });
    settings.write({ ...settings.read(), language: 'en' });
    expect(settings.uploadQuota!()).toMatchObject({ maxFiles: 3 });
    expect(settings.read().language).toBe('en');
    expect(Object.keys(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as object)).toContain('uploads');
  });

  it('counts the packages waiting; importing them makes room again', async () => {
    const { core, uploads } = openCore({ maxFiles: 2 });
    const zip = await sampleZip();
    const first = await core.storeUpload(zip, 'a.zip');
    const second = await core.storeUpload(zip, 'b.zip');
    const error = await refusal(core.storeUpload(zip, 'c.zip'));
    expect(error).toMatchObject({ code: 'upload.quota' });
    expect(error.nl).toBe(
      'Dit pakket past er niet meer bij: er wachten al 2 pakketten op import, en samen mag dat hoogstens 2 pakketten zijn. Importeer die eerst; pakketten die niet worden geïmporteerd, ruimt Raadsmap na 60 minuten op.',
    );
    expect(uploads()).toEqual([`${first.handle}.zip`, `${second.handle}.zip`].sort());
    await core.importHandles({ handles: [first.handle, second.handle] });
    expect(uploads()).toEqual([]);
    await core.storeUpload(zip, 'c.zip');
  });

  it('counts the bytes: too large alone, or together with what waits; refused before reading when the size is known', async () => {
    const { core, uploads } = openCore({ maxMegabytes: 1 });
    const mb = (n: number) => new Uint8Array(Math.round(n * 1024 * 1024));
    const alone = await refusal(core.storeUpload(mb(1.5), 'groot.zip'));
    expect(alone).toMatchObject({ code: 'upload.too-large', subject: 'groot.zip' });
    expect(alone.nl).toContain('Het pakket is groter dan 1 MB');
    expect(uploads()).toEqual([]);

    await core.storeUpload(mb(0.6), 'a.zip');
    // Streamed in chunks, as the web host hands them on: stopped where it went over.
    let read = 0;
    async function* chunks() {
      for (let i = 0; i < 10; i++) {
        read++;
        yield mb(0.1);
      }
    }
    expect(await refusal(core.storeUpload(chunks(), 'b.zip'))).toMatchObject({ code: 'upload.quota' });
    expect(read).toBeGreaterThanOrEqual(4);
    expect(read).toBeLessThanOrEqual(5);
    expect(uploads()).toHaveLength(1);
    // Declared beforehand (Content-Length): not a byte is read.
    read = 0;
    expect(await refusal(core.storeUpload(chunks(), 'b.zip', 1024 * 1024))).toMatchObject({ code: 'upload.quota' });
    expect(read).toBe(0);
  });

  it('removes an upload that waited too long for its import, and every upload when the core closes', async () => {
    const { core, clock, uploads, dataDir } = openCore({ expiryMinutes: 30 });
    const zip = await sampleZip();
    const old = await core.storeUpload(zip, 'oud.zip');
    clock.now = new Date(clock.now.getTime() + 31 * 60_000);
    const fresh = await core.storeUpload(zip, 'nieuw.zip');
    expect(uploads()).toEqual([`${fresh.handle}.zip`]);
    expect(await dispatchCall(core, 'importPackages', { handles: [old.handle] })).toMatchObject({ ok: false, error: { code: 'upload.unknown' } });
    await core.storeUpload(zip, 'nog een.zip');
    expect(uploads()).toHaveLength(2);
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
  });
});
