// A recovery code can never be lost (issue 24): the code is committed with
// its key, "not yet confirmed", and shown again at every start until the user
// confirms having written it down; until then the code before it keeps
// opening the store. Real sessions on real stores, and a real process killed
// around the commit point of making a new code.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_FILE } from '../../electron/core/vault/key-file.ts';
import { openSession, type Session } from '../../electron/core/open-session.ts';
import { raadsmapIn } from '../support/spawn-cli.ts';
import { tempDir } from '../support/temp-dir.ts';

const PASSPHRASE = 'correct paard batterij niet';
const MARKER = 'herstelcode-marker-41b2';
const child = path.join(path.dirname(fileURLToPath(import.meta.url)), '../support/vault-child.ts');

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});
function open(dataDir: string): Session {
  const session = openSession({ dataDir, extractionThreads: 1 });
  sessions.push(session);
  return session;
}
async function closeAll(): Promise<void> {
  for (const s of sessions.splice(0)) await s.close();
}
/** Opens the store with this code in a fresh process-like session: true when it opens. */
async function opensWith(dataDir: string, recoveryCode: string): Promise<boolean> {
  const session = open(dataDir);
  try {
    await session.unlockVault({ recoveryCode });
    return session.core().listSavedSearches({}).some((s) => s.name === MARKER);
  } catch {
    return false;
  } finally {
    await closeAll();
  }
}
const keyFileText = (dataDir: string) => fs.readFileSync(path.join(dataDir, KEY_FILE), 'utf8');
const bare = (code: string) => code.replace(/-/g, '');

describe('recovery codes that cannot be lost', () => {
  it('a code is shown again at each start until confirmed, and is never stored in the clear', async () => {
    const dataDir = tempDir();
    const first = open(dataDir);
    const { recoveryCode, status } = await first.setupVault({ encrypt: true, passphrase: PASSPHRASE });
    first.core().saveSearch({ name: MARKER, query: 'begroting' });
    expect(status.recoveryCodeUnconfirmed).toBe(true);
    expect(await first.pendingRecoveryCode()).toEqual({ recoveryCode });
    expect(keyFileText(dataDir)).not.toContain(bare(recoveryCode!));
    // The window closed on the code: the next start still has it.
    await closeAll();

    const next = open(dataDir);
    expect(next.status()).toMatchObject({ state: 'locked', recoveryCodeUnconfirmed: true });
    await next.unlockVault({ passphrase: PASSPHRASE });
    expect(await next.pendingRecoveryCode()).toEqual({ recoveryCode });
    expect(await next.confirmRecoveryCode()).toMatchObject({ state: 'open', recoveryCodeUnconfirmed: false });
    expect(await next.pendingRecoveryCode()).toEqual({ recoveryCode: null });
    await closeAll();
    expect(open(dataDir).status().recoveryCodeUnconfirmed).toBe(false);
    await closeAll();
    expect(await opensWith(dataDir, recoveryCode!)).toBe(true);
  });

  it('until a new code is confirmed the older codes keep opening the store; after, only the new one', async () => {
    const dataDir = tempDir();
    const session = open(dataDir);
    const { recoveryCode: code1 } = await session.setupVault({ encrypt: true, passphrase: PASSPHRASE });
    await session.confirmRecoveryCode();
    session.core().saveSearch({ name: MARKER, query: 'begroting' });
    const { recoveryCode: code2 } = await session.newRecoveryCode();
    // Made again before writing the second down: the chain leads from the first to the third.
    const { recoveryCode: code3 } = await session.newRecoveryCode();
    expect(new Set([code1, code2, code3]).size).toBe(3);
    expect(await session.pendingRecoveryCode()).toEqual({ recoveryCode: code3 });
    await closeAll();

    for (const code of [code1!, code2, code3]) expect(await opensWith(dataDir, code)).toBe(true);
    // Opening with an older code confirms nothing: the newest code is still shown.
    const byOld = open(dataDir);
    await byOld.unlockVault({ recoveryCode: code1! });
    expect(byOld.status().recoveryCodeUnconfirmed).toBe(true);
    expect(await byOld.pendingRecoveryCode()).toEqual({ recoveryCode: code3 });
    expect(byOld.core().listSavedSearches({}).map((s) => s.name)).toContain(MARKER);
    await byOld.confirmRecoveryCode();
    await closeAll();

    expect(await opensWith(dataDir, code1!)).toBe(false);
    expect(await opensWith(dataDir, code2)).toBe(false);
    expect(await opensWith(dataDir, code3)).toBe(true);
    expect(keyFileText(dataDir)).not.toMatch(/unconfirmedCode|earlierCodes/);
  });

  it('killed around the commit point of a new code: the store opens, the old code still works, and the new code is shown', async () => {
    const outcomes = { before: 0, after: 0 };
    for (let trial = 0; trial < 2; trial++) {
      const dataDir = tempDir();
      const setup = open(dataDir);
      const { recoveryCode: oldCode } = await setup.setupVault({ encrypt: true, passphrase: PASSPHRASE });
      await setup.confirmRecoveryCode();
      setup.core().saveSearch({ name: MARKER, query: 'begroting' });
      await closeAll();
      const before = keyFileText(dataDir);

      // Killed the moment key.json changes (the commit point), before the code could be shown.
      const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, PASSPHRASE], { stdio: ['ignore', 'pipe', 'pipe'] });
      let printed = '';
      proc.stdout.on('data', (d: Buffer) => (printed += d.toString()));
      const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
      const deadline = Date.now() + 45_000;
      while (Date.now() < deadline && proc.exitCode === null) {
        if (keyFileText(dataDir) !== before) break;
        await new Promise((r) => setTimeout(r, 1));
      }
      proc.kill('SIGKILL');
      await exited;
      expect(printed).toBe(''); // the code never reached the user

      const next = open(dataDir);
      expect(next.status().state).toBe('locked');
      await next.unlockVault({ passphrase: PASSPHRASE });
      expect(next.core().listSavedSearches({}).map((s) => s.name)).toContain(MARKER);
      const { recoveryCode: shown } = await next.pendingRecoveryCode();
      if (shown === null) {
        outcomes.before++; // killed before the commit: nothing changed
      } else {
        outcomes.after++;
        expect(next.status().recoveryCodeUnconfirmed).toBe(true);
      }
      await closeAll();
      expect(await opensWith(dataDir, oldCode!)).toBe(true);
      if (shown) {
        expect(await opensWith(dataDir, shown)).toBe(true);
        const confirming = open(dataDir);
        await confirming.unlockVault({ recoveryCode: shown });
        await confirming.confirmRecoveryCode();
        await closeAll();
        expect(await opensWith(dataDir, oldCode!)).toBe(false);
      }
    }
    // The kill is timed to key.json's change, so it lands after the commit.
    expect(outcomes.after).toBeGreaterThan(0);
  }, 240_000);

  it('the command line says so before anything else, shows the code on request and confirms it', async () => {
    const dataDir = tempDir();
    const app = open(dataDir);
    const { recoveryCode } = await app.setupVault({ encrypt: true, passphrase: PASSPHRASE });
    await closeAll();
    const env = { RAADSMAP_PASSPHRASE: PASSPHRASE };

    const listing = await raadsmapIn(dataDir, ['meetings'], env);
    expect(listing.code).toBe(0);
    expect(listing.stderr).toContain('nieuwe herstelcode die u nog niet als bewaard hebt bevestigd');
    expect(listing.stderr).toContain('raadsmap vault --show-code');
    // Not a terminal (a script's log): the code itself is not printed there.
    expect(listing.stderr + listing.stdout).not.toContain(recoveryCode!);
    const english = await raadsmapIn(dataDir, ['--lang', 'en', 'meetings'], env);
    expect(english.stderr).toContain('a new recovery code you have not yet confirmed as stored');

    expect((await raadsmapIn(dataDir, ['vault'], env)).stdout).toContain('nog niet als bewaard is bevestigd');
    expect((await raadsmapIn(dataDir, ['vault', '--show-code'], env)).stdout.trim()).toBe(recoveryCode);
    expect((await raadsmapIn(dataDir, ['vault', '--confirm-code'], env)).stdout).toContain('Bevestigd');
    const after = await raadsmapIn(dataDir, ['meetings'], env);
    expect(after.stderr).not.toContain('herstelcode');
    expect((await raadsmapIn(dataDir, ['vault', '--show-code'], env)).stdout).toContain('geen herstelcode die nog bevestigd moet worden');
  }, 240_000);
});
