// files/atomic-write.ts on real files and real processes: a file is replaced
// whole or not at all, and a temporary is removed only when its writer is
// gone (or it is old), never under a writer that still runs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { STALE_TEMP_MS, isOurTemp, removeStaleTemps, replaceFile, tempPathFor, writeFileAtomic } from '../../electron/core/files/atomic-write.ts';
import { createCore } from '../../electron/core/index.ts';
import { tempDir } from '../support/temp-dir.ts';

const posix = process.platform !== 'win32';
const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

/** The pid of a process that ran and is gone. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('close', resolve));
  return child.pid!;
}

/** A temporary as a writer with this pid names it, beside `target`. */
function plantTemp(target: string, pid: number, ageMs = 0): string {
  const temp = tempPathFor(target).replace(`raadsmap-${process.pid}-`, `raadsmap-${pid}-`);
  fs.writeFileSync(temp, 'half a file');
  if (ageMs) fs.utimesSync(temp, new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
  return temp;
}

describe('writeFileAtomic', () => {
  it('replaces the file whole, keeps the mode of the file it replaces, and leaves no temporary', () => {
    const dir = tempDir();
    const target = path.join(dir, 'Motie Nazorg versterken.pdf');
    fs.writeFileSync(target, 'oud');
    if (posix) fs.chmodSync(target, 0o640);
    writeFileAtomic(target, 'nieuw');
    expect(fs.readFileSync(target, 'utf8')).toBe('nieuw');
    if (posix) expect(modeOf(target)).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['Motie Nazorg versterken.pdf']);
    writeFileAtomic(path.join(dir, 'geheim.json'), '{}', { mode: 0o600 });
    if (posix) expect(modeOf(path.join(dir, 'geheim.json'))).toBe(0o600);
  });

  it.skipIf(process.platform === 'win32')('writes through a symbolic link: the file it points to is replaced, the link stays', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'gedeeld'));
    const real = path.join(dir, 'gedeeld', 'bundel.pdf');
    fs.writeFileSync(real, 'oud');
    fs.symlinkSync(real, path.join(dir, 'bundel.pdf'));
    writeFileAtomic(path.join(dir, 'bundel.pdf'), 'nieuw', { sweep: true });
    expect(fs.lstatSync(path.join(dir, 'bundel.pdf')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe('nieuw');
    expect(fs.readdirSync(path.join(dir, 'gedeeld'))).toEqual(['bundel.pdf']);
  });

  it('a write that fails halfway leaves the previous file as it was and no temporary', () => {
    const dir = tempDir();
    const target = path.join(dir, 'bundel.pdf');
    fs.writeFileSync(target, 'de goede bundel');
    expect(() =>
      replaceFile(target, (temp) => {
        fs.writeFileSync(temp, 'de helft van');
        throw new Error('schijf vol');
      }),
    ).toThrow('schijf vol');
    expect(fs.readFileSync(target, 'utf8')).toBe('de goede bundel');
    expect(fs.readdirSync(dir)).toEqual(['bundel.pdf']);
  });

  it('names its temporaries so that they are known as ours, with the writer’s pid, hidden, and within 255 bytes', () => {
    const temp = path.basename(tempPathFor(path.join('/x', `${'lang'.repeat(60)}.pdf`)));
    expect(temp).toMatch(new RegExp(`^\\.lang.*\\.raadsmap-${process.pid}-[0-9a-f]{12}\\.tmp$`));
    expect(Buffer.byteLength(temp)).toBeLessThan(255);
    expect(isOurTemp(temp)).toBe(true);
    expect(isOurTemp('.bundel.pdf.swp')).toBe(false);
  });
});

describe('removeStaleTemps', () => {
  it('removes the temporaries of a writer that is gone or old, never one whose writer runs, and nothing else', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'stuk.pdf');
    fs.writeFileSync(target, 'goed');
    const dead = plantTemp(target, await deadPid());
    // Another process that writes right now.
    const writer = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const live = plantTemp(target, writer.pid!);
      const liveButOld = plantTemp(path.join(dir, 'ander.pdf'), writer.pid!, STALE_TEMP_MS + 60_000);
      const mine = plantTemp(path.join(dir, 'mijn.pdf'), process.pid);
      fs.writeFileSync(path.join(dir, '.stuk.pdf.swp'), 'van een editor');
      expect(removeStaleTemps(dir)).toBe(2);
      expect(fs.existsSync(dead)).toBe(false);
      expect(fs.existsSync(liveButOld)).toBe(false);
      expect(fs.existsSync(live)).toBe(true);
      expect(fs.existsSync(mine)).toBe(true);
      expect(fs.existsSync(path.join(dir, '.stuk.pdf.swp'))).toBe(true);
      // The next export to that folder removes a dead writer's temporary, not the live one's.
      const again = plantTemp(target, await deadPid());
      writeFileAtomic(target, 'nieuw', { sweep: true });
      expect(fs.existsSync(again)).toBe(false);
      expect(fs.existsSync(live)).toBe(true);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('at start the data dir, backups/, exports/ and files/ lose what dead writers left, older writers’ leftovers when old', async () => {
    const dataDir = tempDir();
    await createCore({ dataDir, extractionThreads: 1 }).close();
    const pid = await deadPid();
    fs.mkdirSync(path.join(dataDir, 'files', 'ab'), { recursive: true });
    const planted = [
      plantTemp(path.join(dataDir, 'settings.json'), pid),
      plantTemp(path.join(dataDir, 'backups', 'personal-2026-12-01T10-00-00Z.db'), pid),
      plantTemp(path.join(dataDir, 'exports', 'a'.repeat(32)), pid),
      plantTemp(path.join(dataDir, 'files', 'ab', `${'ab'.repeat(32)}.pdf`), pid),
    ];
    // Before this version: a backup's .partial and a settings temp, without a pid; removed when old.
    const oldPartial = path.join(dataDir, 'backups', 'personal-2026-11-01T10-00-00Z.db.partial');
    const newPartial = path.join(dataDir, 'backups', 'personal-2026-12-01T09-00-00Z.db.partial');
    for (const file of [oldPartial, newPartial]) fs.writeFileSync(file, 'half');
    fs.utimesSync(oldPartial, new Date(Date.now() - 2 * STALE_TEMP_MS), new Date(Date.now() - 2 * STALE_TEMP_MS));

    await createCore({ dataDir, extractionThreads: 1 }).close();
    for (const file of planted) expect(fs.existsSync(file), file).toBe(false);
    expect(fs.existsSync(oldPartial)).toBe(false);
    expect(fs.existsSync(newPartial)).toBe(true);
  });
});
