// Encryption at rest with the real cipher build (better-sqlite3-multiple-ciphers)
// on real files: what a councillor who loses a laptop relies on. The OS
// keyring is Electron's safeStorage, mocked (Electron cannot run here), behind
// the real adapter electron/main/keyring.ts.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/index.ts';
import { KEY_FILE, readKeyFile, writeKeyFile } from '../../electron/core/vault/key-file.ts';
import { prepareRekey } from '../../electron/core/vault/rekey-store.ts';
import { openSession, type Session, type SessionPorts } from '../../electron/core/open-session.ts';
import { dataKeyFromRecoveryCode } from '../../electron/core/vault/key-wrap.ts';
import { dispatchCall } from '../../electron/core/dispatch.ts';
import { safeStorageKeyring, type SafeStorageLike } from '../../electron/main/keyring.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

const MARKER = 'GEHEIM-MARKER-7f3c9a Wethouder trekt voorstel in';
const PASSPHRASE = 'correct paard batterij niet';

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

function open(dataDir: string, extra: Partial<SessionPorts> = {}): Session {
  // A clock that moves a second per reading: backups made in one test get distinct, ordered names.
  let now = Date.parse('2026-12-01T10:00:00Z');
  const session = openSession({ dataDir, extractionThreads: 1, clock: () => new Date((now += 1000)), ...extra });
  sessions.push(session);
  return session;
}

async function closeAll(): Promise<void> {
  for (const s of sessions.splice(0)) await s.close();
}

/** The OS keyring as Electron's safeStorage offers it; `reset()` is a reinstalled OS or another account. */
function osKeyring(backend = 'gnome_libsecret') {
  let secret = crypto.randomBytes(32);
  const safeStorage: SafeStorageLike = {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(text) {
      const iv = crypto.randomBytes(12);
      const cipher = crypto.createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(data) {
      const decipher = crypto.createDecipheriv('aes-256-gcm', secret, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
  return { port: safeStorageKeyring(safeStorage, 'linux'), reset: () => (secret = crypto.randomBytes(32)) };
}

/** My private work with the marker in each kind: an annotation's note, an agenda note, a motion draft; plus a backup and exports. */
async function writePrivateWork(core: Core): Promise<void> {
  await core.importPackages({ paths: [(await writePackage(tempDir(), samplePackageSpec())).dir] });
  const meeting = core.listMeetings({})[0]!;
  const detail = core.getMeeting({ meetingId: meeting.id });
  const item = detail.agenda.flatMap((i) => i.children).find((i) => i.documents.length > 0)!;
  const documentId = item.documents[0]!.id;
  await core.createAnnotation({ kind: 'note', documentId, page: 1, point: { x: 40, y: 40 }, note: MARKER });
  core.saveAgendaNote({ agendaItemId: item.id, body: `- [ ] ${MARKER}`, stance: 'tegen' });
  const draft = core.createMotionDraft({ kind: 'motie', meetingId: meeting.id, agendaItemId: item.id });
  core.saveMotionDraft({ draftId: draft.id, content: { ...draft.content, title: MARKER } as typeof draft.content, checkpoint: true });
  core.createBackup({});
  core.exportPersonal({});
  await core.exportMotion({ draftId: draft.id, format: 'pdf' });
}

/** Stored PDFs (files/) still in the clear: a PDF starts with %PDF. */
function plainPdfs(dir: string): string[] {
  const files = path.join(dir, 'files');
  if (!fs.existsSync(files)) return [];
  return (fs.readdirSync(files, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && fs.readFileSync(path.join(e.parentPath, e.name)).subarray(0, 5).toString('latin1') === '%PDF-')
    .map((e) => e.name);
}

/** Every file under the data dir that holds the marker (as UTF-8 or UTF-16). */
function filesWithMarker(dir: string): string[] {
  const needles = [Buffer.from(MARKER, 'utf8'), Buffer.from(MARKER, 'utf16le'), Buffer.from('GEHEIM-MARKER-7f3c9a', 'utf8')];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => {
      const bytes = fs.readFileSync(file);
      return needles.some((n) => bytes.includes(n));
    });
}

const hashes = (dir: string) =>
  Object.fromEntries(
    (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .map((f) => [path.relative(dir, f), crypto.createHash('sha256').update(fs.readFileSync(f)).digest('hex')]),
  );

const notesOf = (core: Core) => core.listAnnotations({}).map((a) => a.note);

describe('encryption at rest', () => {
  it('an unencrypted store shows the marker in its files, so the check below can fail', async () => {
    const dataDir = tempDir();
    const session = open(dataDir);
    await session.setupVault({ encrypt: false });
    expect(session.status()).toMatchObject({ state: 'plain', encrypted: false });
    await writePrivateWork(session.core());
    await closeAll();
    const found = filesWithMarker(dataDir).map((f) => path.relative(dataDir, f));
    expect(found).toEqual(expect.arrayContaining([expect.stringMatching(/^personal\.db/), expect.stringMatching(/^backups\//), expect.stringMatching(/^exports\//)]));
    expect(plainPdfs(dataDir)).toHaveLength(3);
  });

  it('with an app password: the marker is in no file under the data dir, and the store opens only with the password or the recovery code', async () => {
    const dataDir = tempDir();
    const first = open(dataDir);
    expect(first.status()).toMatchObject({ state: 'new', keyring: { available: false } });
    const { recoveryCode, status } = await first.setupVault({ encrypt: true, passphrase: PASSPHRASE });
    expect(recoveryCode).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
    expect(status).toMatchObject({ state: 'open', encrypted: true, unlockWith: { keyring: false, passphrase: true, recoveryCode: true } });
    await writePrivateWork(first.core());
    // Also while the app runs (WAL files, not checkpointed yet), not only after it closed.
    expect(filesWithMarker(dataDir)).toEqual([]);
    // The documents too: stored encrypted, served decrypted, exported through the export thread.
    expect(plainPdfs(dataDir)).toEqual([]);
    const core = first.core();
    const documentId = core.listAnnotations({})[0]!.documentId;
    expect(core.documentFile(documentId).read().subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const annotated = await core.exportAnnotatedPdf({ documentId, summary: true });
    expect(core.exportFile(annotated.exportId).bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const bundle = await core.exportBundle({ meetingId: core.listMeetings({})[0]!.id });
    expect(bundle.problems).toEqual([]);
    expect(bundle.pageCount).toBeGreaterThan(3);
    await closeAll();
    expect(filesWithMarker(dataDir)).toEqual([]);
    expect(fs.readFileSync(path.join(dataDir, KEY_FILE), 'utf8')).not.toContain(recoveryCode!.replace(/-/g, ''));

    const locked = open(dataDir);
    expect(locked.status()).toMatchObject({ state: 'locked' });
    expect(() => locked.core()).toThrow(expect.objectContaining({ code: 'vault.locked' }));
    expect(await dispatchCall(locked, 'listMeetings', {})).toMatchObject({ ok: false, error: { code: 'vault.locked' } });
    // Settings (the UI language) and the vault calls answer while locked.
    expect(await dispatchCall(locked, 'getSettings', {})).toMatchObject({ ok: true, value: { language: 'nl' } });
    await expect(locked.unlockVault({ passphrase: 'verkeerd wachtwoord' })).rejects.toMatchObject({ code: 'vault.wrong-passphrase' });
    await expect(locked.unlockVault({ recoveryCode: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789' })).rejects.toMatchObject({ code: 'vault.wrong-recovery-code' });
    expect(await locked.unlockVault({ passphrase: PASSPHRASE })).toMatchObject({ state: 'open' });
    expect(notesOf(locked.core())).toContain(MARKER);
    expect(locked.core().listBackups({})).toHaveLength(2); // the day's first, and the one writePrivateWork made
    await closeAll();

    // The recovery code as someone types it back from paper: lower case, spaces, O for 0.
    const again = open(dataDir);
    const typed = recoveryCode!.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o');
    expect(await again.unlockVault({ recoveryCode: typed })).toMatchObject({ state: 'open' });
    expect(notesOf(again.core())).toContain(MARKER);
  });

  it('backups stay encrypted and restore with the key; a restore of a plain file is refused', async () => {
    const dataDir = tempDir();
    const session = open(dataDir);
    await session.setupVault({ encrypt: true, passphrase: PASSPHRASE });
    const core = session.core();
    await writePrivateWork(core);
    const backup = core.listBackups({})[0]!;
    core.deleteAnnotation({ annotationId: core.listAnnotations({})[0]!.id });
    expect(notesOf(core)).toEqual([]);
    expect(core.restoreBackup({ name: backup.name })).toMatchObject({ restored: backup.name });
    expect(notesOf(core)).toEqual([MARKER]);
    // The safety copy made before the restore is encrypted too.
    expect(filesWithMarker(dataDir)).toEqual([]);

    // An unencrypted backup (from another machine's store) never replaces the encrypted one.
    const plain = open(tempDir());
    await plain.setupVault({ encrypt: false });
    const plainBackup = plain.core().createBackup({});
    fs.copyFileSync(path.join(plain.dataDir, 'backups', plainBackup.name), path.join(dataDir, 'backups', 'personal-2020-01-01T00-00-00Z.db'));
    expect(() => core.restoreBackup({ name: 'personal-2020-01-01T00-00-00Z.db' })).toThrow(expect.objectContaining({ code: 'backup.damaged' }));
    expect(notesOf(core)).toEqual([MARKER]);
  });

  it('the OS keyring opens the store by itself; a reset keyring leaves the files untouched and the recovery code opens them', async () => {
    const dataDir = tempDir();
    const keyring = osKeyring();
    const first = open(dataDir, { keyring: keyring.port });
    expect(first.status()).toMatchObject({ state: 'new', keyring: { available: true, reason: null } });
    const { recoveryCode } = await first.setupVault({ encrypt: true });
    await writePrivateWork(first.core());
    await closeAll();
    expect(filesWithMarker(dataDir)).toEqual([]);

    const again = open(dataDir, { keyring: keyring.port });
    expect(again.status()).toMatchObject({ state: 'open', unlockWith: { keyring: true, passphrase: false } });
    expect(notesOf(again.core())).toContain(MARKER);
    await closeAll();

    keyring.reset();
    const before = hashes(dataDir);
    const lost = open(dataDir, { keyring: keyring.port });
    const status = lost.status();
    expect(status.state).toBe('key-lost');
    expect(status.problem?.nl).toMatch(/sleutelbos/);
    expect(hashes(dataDir)).toEqual(before); // nothing overwritten
    await expect(lost.unlockVault({ passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'vault.no-passphrase' });
    expect(await lost.unlockVault({ recoveryCode: recoveryCode! })).toMatchObject({ state: 'open', problem: null });
    expect(notesOf(lost.core())).toContain(MARKER);
    await closeAll();
    // The key went back into the (new) keyring: the next start needs nothing.
    expect(open(dataDir, { keyring: keyring.port }).status()).toMatchObject({ state: 'open' });
  });

  it('refuses the Linux basic_text fallback with an explanation, so encryption needs an app password there', async () => {
    const keyring = osKeyring('basic_text');
    const session = open(tempDir(), { keyring: keyring.port });
    const status = session.status();
    expect(status.keyring.available).toBe(false);
    expect(status.keyring.reason?.nl).toMatch(/GNOME Keyring of KWallet.*beschermt niets/);
    expect(status.keyring.reason?.en).toMatch(/protects nothing/);
    await expect(session.setupVault({ encrypt: true })).rejects.toMatchObject({ code: 'vault.keyring-unavailable' });
    expect(session.status().state).toBe('new');
    await session.setupVault({ encrypt: true, passphrase: PASSPHRASE });
    expect(session.status()).toMatchObject({ state: 'open', unlockWith: { passphrase: true, keyring: false } });
  });

  it('the keyring adapter: no keyring at all is refused too, and macOS/Windows need no backend check', () => {
    const none = safeStorageKeyring({ isEncryptionAvailable: () => false, encryptString: () => Buffer.alloc(0), decryptString: () => '' }, 'darwin');
    expect(none.unavailableReason()?.nl).toMatch(/geen sleutelbos/);
    expect(() => none.seal(crypto.randomBytes(32))).toThrow();
    const mac = osKeyring();
    const onMac = safeStorageKeyring({ isEncryptionAvailable: () => true, encryptString: (t) => Buffer.from(t), decryptString: (b) => b.toString() }, 'darwin');
    expect(onMac.unavailableReason()).toBeNull();
    const key = crypto.randomBytes(32);
    expect(onMac.open(onMac.seal(key))).toEqual(key);
    expect(mac.port.open(mac.port.seal(key))).toEqual(key);
    // A keyring that gives back something that is not a 32-byte key is an error, never a wrong key.
    expect(() => onMac.open(Buffer.from('kort').toString('base64'))).toThrow(/no valid key/);
  });

  it('a lost key file: the store is set aside, never deleted, and the app starts afresh; the recovery code still opens the set-aside files', async () => {
    const dataDir = tempDir();
    const first = open(dataDir);
    const { recoveryCode } = await first.setupVault({ encrypt: true, passphrase: PASSPHRASE });
    await writePrivateWork(first.core());
    await closeAll();
    fs.rmSync(path.join(dataDir, KEY_FILE));
    const before = hashes(dataDir);

    const lost = open(dataDir);
    expect(lost.status()).toMatchObject({ state: 'key-lost', problem: { nl: expect.stringContaining('key.json ontbreekt') } });
    expect(hashes(dataDir)).toEqual(before);
    const fresh = await lost.setAsideStore();
    expect(fresh.state).toBe('new');
    expect(fresh.setAside).toHaveLength(1);
    const aside = path.join(dataDir, fresh.setAside[0]!);
    for (const [file, hash] of Object.entries(before)) {
      if (/^(library|personal)\.db|^backups\//.test(file)) expect(hashes(aside)[file], file).toBe(hash);
    }
    await lost.setupVault({ encrypt: false });
    expect(lost.core().listMeetings({})).toEqual([]);
    await closeAll();

    // Found the code later: the set-aside folder is a whole store that opens with it.
    const recovered = open(aside);
    expect(recovered.status().state).toBe('key-lost');
    await recovered.unlockVault({ recoveryCode: recoveryCode! });
    expect(notesOf(recovered.core())).toContain(MARKER);
  });

  it('encrypts an existing plain store, backups included, without losing a row; a cancel or a failure leaves it as it was', async () => {
    const dataDir = tempDir();
    const plain = open(dataDir);
    await plain.setupVault({ encrypt: false });
    await writePrivateWork(plain.core());
    const meetings = plain.core().listMeetings({});
    await closeAll();
    const before = hashes(dataDir);

    // Cancelled before the first file: nothing changed, still open unencrypted.
    const session = open(dataDir);
    const stop = new AbortController();
    stop.abort();
    await expect(session.setupVault({ encrypt: true, passphrase: PASSPHRASE }, { signal: stop.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(session.status()).toMatchObject({ state: 'plain' });
    expect(session.core().listMeetings({})).toEqual(meetings);
    await closeAll();
    expect(Object.keys(hashes(dataDir)).filter((f) => f.endsWith('.rekeyed'))).toEqual([]);
    expect(hashes(dataDir)[KEY_FILE]).toBeUndefined();
    expect(hashes(dataDir)['library.db']).toBe(before['library.db']);

    // Cancelled while the rekey thread copies library.db: the copy is discarded, the store is as it was.
    const midway = open(dataDir);
    const stopMidway = new AbortController();
    const cancelling = midway.setupVault({ encrypt: true, passphrase: PASSPHRASE }, { signal: stopMidway.signal, onProgress: (p) => p.done === 0 && setTimeout(() => stopMidway.abort(), 5) });
    await expect(cancelling).rejects.toMatchObject({ code: 'cancelled' });
    expect(midway.status()).toMatchObject({ state: 'plain' });
    expect(midway.core().listMeetings({})).toEqual(meetings);
    await closeAll();
    expect(Object.keys(hashes(dataDir)).filter((f) => /rekeyed/.test(f))).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, KEY_FILE))).toBe(false);

    const progress: string[] = [];
    const migrating = open(dataDir);
    const { recoveryCode } = await migrating.setupVault({ encrypt: true, passphrase: PASSPHRASE }, { onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.nl}`) });
    // library.db, personal.db and the two backups, one by one.
    expect(progress[0]).toBe('0/4 Versleutelen: library.db (1/4)');
    expect(progress).toContain('3/4 Versleutelen: backups/' + fs.readdirSync(path.join(dataDir, 'backups')).sort()[1] + ' (4/4)');
    expect(progress).toContain('4/4 Versleuteld');
    // Then the documents, one by one.
    expect(progress.slice(-4)).toEqual(['0/3 Documenten versleutelen (0/3)', '1/3 Documenten versleutelen (1/3)', '2/3 Documenten versleutelen (2/3)', '3/3 Documenten versleutelen (3/3)']);
    expect(migrating.status()).toMatchObject({ state: 'open', encrypted: true });
    expect(migrating.core().listMeetings({})).toEqual(meetings);
    expect(notesOf(migrating.core())).toContain(MARKER);
    await closeAll();
    expect(filesWithMarker(dataDir)).toEqual([]);
    expect(plainPdfs(dataDir)).toEqual([]);
    // The old (plain) backup was rewritten too: it restores under the key.
    const reopened = open(dataDir);
    await reopened.unlockVault({ recoveryCode: recoveryCode! });
    const backups = reopened.core().listBackups({});
    expect(backups).toHaveLength(2);
    reopened.core().deleteAnnotation({ annotationId: reopened.core().listAnnotations({})[0]!.id });
    // The newest: the one writePrivateWork made, with the note in it.
    expect(reopened.core().restoreBackup({ name: backups[0]!.name }).restored).toBe(backups[0]!.name);
    expect(notesOf(reopened.core())).toContain(MARKER);
  });

  it('a crash while encrypting: before key.json the plain store stays; after it, the next start finishes the job', async () => {
    const make = async () => {
      const dataDir = tempDir();
      const plain = open(dataDir);
      await plain.setupVault({ encrypt: false });
      await writePrivateWork(plain.core());
      await closeAll();
      return dataDir;
    };
    const code = 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789';
    const key = dataKeyFromRecoveryCode(code)!;

    // Killed after the copies, before key.json: the copies are discarded, the plain store opens.
    const early = await make();
    const before = hashes(early);
    await prepareRekey(early, null, key);
    const crashedEarly = open(early);
    expect(crashedEarly.status().state).toBe('plain');
    expect(notesOf(crashedEarly.core())).toContain(MARKER);
    await closeAll();
    expect(Object.keys(hashes(early)).filter((f) => f.endsWith('.rekeyed'))).toEqual([]);
    expect(hashes(early)['personal.db']).toBe(before['personal.db']);

    // Killed right after key.json (pending) was written: the next start moves the copies in place.
    const late = await make();
    await prepareRekey(late, null, key);
    const { keyCheck } = await import('../../electron/core/vault/key-file.ts');
    writeKeyFile(late, { format: 'raadsmap-key/1', createdAt: '2026-12-01T10:00:00.000Z', check: keyCheck(key), keyring: null, passphrase: null, pending: true });
    const crashedLate = open(late);
    expect(readKeyFile(late)?.pending).toBeUndefined();
    expect(crashedLate.status().state).toBe('key-lost');
    await crashedLate.unlockVault({ recoveryCode: code });
    expect(notesOf(crashedLate.core())).toContain(MARKER);
    // The PDFs were never reached before the crash: encrypted in the background once the store is open, and readable throughout.
    const documentId = crashedLate.core().listAnnotations({})[0]!.documentId;
    expect(crashedLate.core().documentFile(documentId).read().subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await expect.poll(() => plainPdfs(late)).toEqual([]);
    expect(crashedLate.core().documentFile(documentId).read().subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await closeAll();
    expect(filesWithMarker(late)).toEqual([]);
  });

  it('app lock on and off, lock now, and a new recovery code that retires the old one', async () => {
    const dataDir = tempDir();
    const keyring = osKeyring();
    const session = open(dataDir, { keyring: keyring.port });
    const { recoveryCode: oldCode } = await session.setupVault({ encrypt: true });
    await writePrivateWork(session.core());
    await expect(session.lockVault()).rejects.toMatchObject({ code: 'vault.no-passphrase' });

    expect(await session.setAppLock({ passphrase: PASSPHRASE })).toMatchObject({ unlockWith: { keyring: false, passphrase: true } });
    const events: string[] = [];
    session.onEvent((e) => e.type === 'vault-changed' && events.push(e.status.state));
    expect(await session.lockVault()).toMatchObject({ state: 'locked' });
    expect(events).toEqual(['locked']);
    expect(() => session.core()).toThrow(expect.objectContaining({ code: 'vault.locked' }));
    await session.unlockVault({ passphrase: PASSPHRASE });
    expect(events).toEqual(['locked', 'open']);

    const { recoveryCode: newCode } = await session.newRecoveryCode();
    expect(newCode).not.toBe(oldCode);
    expect(notesOf(session.core())).toContain(MARKER);
    // The user has written it down ("Verder" in the app): from now on only the new code opens the store.
    expect(await session.confirmRecoveryCode()).toMatchObject({ recoveryCodeUnconfirmed: false });
    await closeAll();

    const next = open(dataDir, { keyring: keyring.port });
    expect(next.status().state).toBe('locked'); // the app lock survived the new key
    await expect(next.unlockVault({ recoveryCode: oldCode! })).rejects.toMatchObject({ code: 'vault.wrong-recovery-code' });
    await next.unlockVault({ passphrase: PASSPHRASE });
    expect(await next.setAppLock({ passphrase: null })).toMatchObject({ unlockWith: { keyring: true, passphrase: false } });
    await closeAll();
    const last = open(dataDir, { keyring: keyring.port });
    expect(last.status().state).toBe('open');
    await last.lockVault().catch(() => {});
    await closeAll();
    const byCode = open(dataDir);
    await byCode.unlockVault({ recoveryCode: newCode });
    expect(notesOf(byCode.core())).toContain(MARKER);
    expect(filesWithMarker(dataDir)).toEqual([]);
  });

  it('a recovery-code unlock where there is no keyring (the CLI) leaves the keyring’s way in, so the app still opens by itself', async () => {
    const dataDir = tempDir();
    const keyring = osKeyring();
    const app = open(dataDir, { keyring: keyring.port });
    const { recoveryCode } = await app.setupVault({ encrypt: true });
    await writePrivateWork(app.core());
    await closeAll();

    const cli = open(dataDir);
    expect(cli.status()).toMatchObject({ state: 'key-lost', problem: { nl: expect.stringContaining('niet beschikbaar') } });
    // Healthy data, only without a keyring here: never set aside from such a host.
    await expect(cli.setAsideStore()).rejects.toMatchObject({ code: 'vault.opens-elsewhere' });
    expect(fs.readdirSync(dataDir).filter((n) => n.startsWith('onleesbaar-'))).toEqual([]);
    await cli.unlockVault({ recoveryCode: recoveryCode! });
    expect(cli.status()).toMatchObject({ state: 'open', problem: null, unlockWith: { keyring: true } });
    await closeAll();
    expect(open(dataDir, { keyring: keyring.port }).status().state).toBe('open');
  });

  it('locking while an import runs cancels it cleanly: no half meeting, nothing written after the store closed', async () => {
    const dataDir = tempDir();
    const session = open(dataDir);
    await session.setupVault({ encrypt: true, passphrase: PASSPHRASE });
    const pkg = await writePackage(tempDir(), samplePackageSpec());
    const importing = dispatchCall(session, 'importPackages', { handles: [session.core().choosePackage(pkg.dir).handle] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await session.lockVault();
    const result = await importing;
    // Either it was done before the lock took the store, or it was cancelled: never a store closed under it.
    if (!result.ok) expect(result.error.code).toBe('cancelled');
    await session.unlockVault({ passphrase: PASSPHRASE });
    const meetings = session.core().listMeetings({});
    expect(meetings.length).toBe(result.ok ? 1 : 0);
    expect((await session.core().doctor({})).problems).toEqual([]);
    await closeAll();
    expect(filesWithMarker(dataDir)).toEqual([]);
  });

  it('a rewrite lock nobody holds keeps nobody out, even when the pid it names is alive (reused)', async () => {
    // A live holder in another process does keep the store closed: tests/core/processes.test.ts, with real processes.
    const dataDir = tempDir();
    const first = open(dataDir);
    await first.setupVault({ encrypt: false });
    await closeAll();
    // As a Raadsmap before OS locks left it (a pid as text), and as a killed rewrite leaves its record now.
    fs.writeFileSync(path.join(dataDir, 'rekey.lock'), String(process.ppid)); // alive: the test runner's parent
    fs.writeFileSync(path.join(dataDir, 'locks', 'rekey.json'), JSON.stringify({ pid: process.ppid, task: 'encrypt', since: '2026-01-01T00:00:00Z' }));
    const taken = open(dataDir);
    expect(taken.status().state).toBe('plain');
    expect(fs.existsSync(path.join(dataDir, 'rekey.lock'))).toBe(false);
    await taken.setupVault({ encrypt: false });
    expect((await taken.setupVault({ encrypt: false })).status.state).toBe('plain');
  });

  it('a key that no longer opens the databases (a library.db of another store) shows the recovery screen instead of failing to start', async () => {
    const keyring = osKeyring();
    const dataDir = tempDir();
    const other = tempDir();
    for (const dir of [dataDir, other]) {
      const s = open(dir, { keyring: keyring.port });
      await s.setupVault({ encrypt: true });
    }
    await closeAll();
    fs.copyFileSync(path.join(other, 'library.db'), path.join(dataDir, 'library.db'));
    for (const suffix of ['-wal', '-shm']) fs.rmSync(path.join(dataDir, `library.db${suffix}`), { force: true });
    const before = hashes(dataDir);
    const session = open(dataDir, { keyring: keyring.port });
    expect(session.status()).toMatchObject({ state: 'key-lost', problem: { nl: expect.stringContaining('openen niet met hun sleutel') } });
    expect(hashes(dataDir)).toEqual(before);
  });

  it('a set-aside a crash interrupted is completed at the next start, never split over two folders', async () => {
    const dataDir = tempDir();
    const first = open(dataDir);
    await first.setupVault({ encrypt: true, passphrase: PASSPHRASE });
    await writePrivateWork(first.core());
    await closeAll();
    const before = hashes(dataDir);
    // Killed right after the folder was made and key.json moved into it.
    const partial = path.join(dataDir, 'onleesbaar-2026-12-01T10-00-00Z.partial');
    fs.mkdirSync(partial);
    fs.renameSync(path.join(dataDir, KEY_FILE), path.join(partial, KEY_FILE));
    const session = open(dataDir);
    expect(session.status()).toMatchObject({ state: 'new', setAside: ['onleesbaar-2026-12-01T10-00-00Z'] });
    const aside = path.join(dataDir, 'onleesbaar-2026-12-01T10-00-00Z');
    // Exports and the processes' locks belong to the data dir, not to the store set aside.
    for (const [file, hash] of Object.entries(before)) if (!file.startsWith('exports') && !file.startsWith('locks')) expect(hashes(aside)[file], file).toBe(hash);
  });
});
