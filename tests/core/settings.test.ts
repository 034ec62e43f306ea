import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchCall } from '../../electron/core/dispatch.ts';
import { createCore, type Core } from '../../electron/core/index.ts';
import { tempDir } from '../support/temp-dir.ts';

const cores: Core[] = [];
afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
});
const open = (dataDir: string) => {
  const core = createCore({ dataDir });
  cores.push(core);
  return core;
};

describe('settings', () => {
  it('start as Dutch, system theme, no name; changes are kept in settings.json', async () => {
    const dataDir = tempDir();
    const core = open(dataDir);
    expect(core.getSettings({})).toEqual({ language: 'nl', theme: 'system', userName: '', fractie: '', backupDays: 14, syncIntervalMinutes: 60, syncOnStart: true });
    expect(core.updateSettings({ language: 'en', userName: 'Anne de Vries' })).toEqual({ language: 'en', theme: 'system', userName: 'Anne de Vries', fractie: '', backupDays: 14, syncIntervalMinutes: 60, syncOnStart: true });
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8'))).toMatchObject({ language: 'en', userName: 'Anne de Vries' });
    expect(open(dataDir).getSettings({})).toMatchObject({ language: 'en', userName: 'Anne de Vries' });
    // Sync: every 15 minutes, not at start; a negative interval is refused.
    expect(core.updateSettings({ syncIntervalMinutes: 15, syncOnStart: false })).toMatchObject({ syncIntervalMinutes: 15, syncOnStart: false });
    expect(await dispatchCall(core, 'updateSettings', { syncIntervalMinutes: -5 })).toMatchObject({ ok: false, error: { code: 'api.invalid-input' } });
  });

  it('refuse invalid values at the boundary, and survive a broken file', async () => {
    const dataDir = tempDir();
    const core = open(dataDir);
    expect(await dispatchCall(core, 'updateSettings', { language: 'fr' })).toMatchObject({ ok: false, error: { code: 'api.invalid-input' } });
    expect(await dispatchCall(core, 'updateSettings', { shell: '/bin/sh' })).toMatchObject({ ok: false, error: { code: 'api.invalid-input' } });
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{"language": "fr", "theme": "dark", "userName": 7');
    expect(core.getSettings({})).toEqual({ language: 'nl', theme: 'system', userName: '', fractie: '', backupDays: 14, syncIntervalMinutes: 60, syncOnStart: true });
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ language: 'fr', theme: 'dark', userName: 7 }));
    expect(core.getSettings({})).toEqual({ language: 'nl', theme: 'dark', userName: '', fractie: '', backupDays: 14, syncIntervalMinutes: 60, syncOnStart: true });
  });
});
