import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it, vi } from 'vitest';
import { createCore } from '../../electron/core/index.ts';
import { startWebHost } from '../../electron/web/server.ts';
import { createWebClient, takeToken } from '../../renderer/src/api/client.ts';
import { listFiles } from '../support/db-snapshot.ts';
import { samplePackageSpec, writePackage } from '../support/make-package.ts';
import { tempDir } from '../support/temp-dir.ts';

// The renderer's web client (used when there is no Electron preload), with a fake fetch.

function fakeWindow(hash: string) {
  const storage = new Map<string, string>();
  return {
    location: { hash, pathname: '/', search: '' },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) },
    history: { replaceState: vi.fn() },
  } as unknown as Window & { history: { replaceState: ReturnType<typeof vi.fn> } };
}

describe('web client', () => {
  it('takes the token from the URL hash, hides it, and keeps it for a reload in this tab', () => {
    const win = fakeWindow('#token=abc123');
    expect(takeToken(win)).toBe('abc123');
    expect(win.history.replaceState).toHaveBeenCalledWith(null, '', '/');
    win.location.hash = '';
    expect(takeToken(win)).toBe('abc123');
    expect(takeToken(fakeWindow(''))).toBeNull();
  });

  it('posts each call as JSON with the token header and returns the envelope as sent', async () => {
    const fetchFn = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: { id: 3 } })));
    const client = createWebClient('tok', fetchFn as typeof fetch);
    expect(await client.getMeeting({ meetingId: 3 })).toEqual({ ok: true, value: { id: 3 } });
    expect(fetchFn).toHaveBeenCalledWith('/api/getMeeting', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-raadsmap-token': 'tok' },
      body: '{"meetingId":3}',
    });
  });

  it('answers with an error envelope, never a throw: no token, host gone, or a strange answer', async () => {
    const unused = vi.fn();
    expect(await createWebClient(null, unused).listMeetings({})).toMatchObject({ ok: false, error: { code: 'web.no-token' } });
    expect(unused).not.toHaveBeenCalled();
    const down = vi.fn(async () => {
      throw new TypeError('fetch failed');
    });
    expect(await createWebClient('tok', down).listMeetings({})).toMatchObject({ ok: false, error: { code: 'web.unreachable' } });
    const html = vi.fn(async () => new Response('<html>', { status: 502 }));
    expect(await createWebClient('tok', html).listMeetings({})).toMatchObject({ ok: false, error: { code: 'web.bad-response' } });
  });
});

describe('web client against the real web host', () => {
  it('uploads a package file, gets a handle (no path), and imports by that handle', async () => {
    const dataDir = tempDir();
    const core = createCore({ dataDir, extractionThreads: 1 });
    const staticDir = tempDir();
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Raadsmap</title>');
    const host = await startWebHost({ core, staticDir });
    try {
      const client = createWebClient(host.token, (input, init) => fetch(new URL(String(input), host.url), init));
      const { dir } = await writePackage(tempDir(), samplePackageSpec());
      const zip = new JSZip();
      for (const name of ['meeting.json', ...fs.readdirSync(`${dir}/pdf`).map((f) => `pdf/${f}`)]) zip.file(name, fs.readFileSync(`${dir}/${name}`));
      const file = new File([await zip.generateAsync({ type: 'arraybuffer' })], 'Raadsplein 9 januari.zip', { type: 'application/zip' });

      const uploaded = await client.uploadPackage(file);
      expect(uploaded).toEqual({ ok: true, value: { handle: expect.stringMatching(/^[a-f0-9]{32}$/), name: 'Raadsplein 9 januari.zip' } });
      expect(client.choosePackages).toBeUndefined();
      const handle = uploaded.ok ? uploaded.value.handle : '';
      expect(await client.importPackages({ handles: [handle], taskId: 'import-web-client' })).toMatchObject({
        ok: true,
        value: [{ outcome: 'created', source: 'Raadsplein 9 januari.zip', meetingTitle: 'Raadsplein info/debat' }],
      });
      // Used once: the same handle again is refused, the store as it was.
      expect(await client.importPackages({ handles: [handle] })).toMatchObject({ ok: false, error: { code: 'upload.unknown' } });
      expect(listFiles(path.join(dataDir, 'uploads'))).toEqual([]);
    } finally {
      await host.close();
      await core.close();
    }
  });
});
