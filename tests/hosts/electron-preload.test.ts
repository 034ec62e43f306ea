import { beforeAll, describe, expect, it, vi } from 'vitest';
import { inputs } from '../../shared/api.ts';
import type { RaadsmapClient } from '../../shared/client-api.ts';
import { callChannel, CHOOSE_PACKAGES_CHANNEL, EVENT_CHANNEL, REVEAL_SAVED_CHANNEL, SAVE_EXPORT_CHANNEL } from '../../electron/main/ipc-channels.ts';

// The preload against a mocked `electron`: what exactly reaches the page.

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async () => ({ ok: true, value: [] })),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
}));
vi.mock('electron', () => ({ ...electron, default: electron }));

let api: RaadsmapClient;
beforeAll(async () => {
  await import('../../electron/preload/index.ts');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, exposed] = electron.contextBridge.exposeInMainWorld.mock.calls[0]! as unknown as [string, RaadsmapClient];
  expect(key).toBe('raadsmap');
  api = exposed;
});

describe('preload bridge', () => {
  it('exposes one function per call, onEvent, documentSource, exportSource, uploading and choosing packages, and saving exports, nothing generic', () => {
    expect(Object.keys(api).sort()).toEqual([...Object.keys(inputs), 'onEvent', 'documentSource', 'exportSource', 'uploadPackage', 'choosePackages', 'saveExportToDisk', 'revealSaved'].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
  });

  it('points the reader at the document protocol, by id', () => {
    expect(api.documentSource(7)).toEqual({ url: 'raadsmap-document://document/7' });
    expect(api.exportSource('a'.repeat(32))).toEqual({ url: `raadsmap-document://export/${'a'.repeat(32)}` });
  });

  it('opens the system dialog for packages on its own channel, with nothing from the page', async () => {
    await api.choosePackages!();
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(CHOOSE_PACKAGES_CHANNEL);
  });

  it('saves an export and opens it by id on their own channels', async () => {
    await api.saveExportToDisk!('ab'.repeat(16));
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(SAVE_EXPORT_CHANNEL, 'ab'.repeat(16));
    await api.revealSaved!('cd'.repeat(16), 'folder');
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(REVEAL_SAVED_CHANNEL, 'cd'.repeat(16), 'folder');
  });

  it('sends each call on its own channel and returns the envelope', async () => {
    expect(await api.getMeeting({ meetingId: 7 })).toEqual({ ok: true, value: [] });
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(callChannel('getMeeting'), { meetingId: 7 });
    await api.listMeetings({});
    expect(electron.ipcRenderer.invoke).toHaveBeenLastCalledWith(callChannel('listMeetings'), {});
  });

  it('passes only the core event to listeners (never the IPC event) and unsubscribes', () => {
    const listener = vi.fn();
    const unsubscribe = api.onEvent(listener);
    const [channel, forward] = electron.ipcRenderer.on.mock.calls[0]! as unknown as [string, (event: unknown, payload: unknown) => void];
    expect(channel).toBe(EVENT_CHANNEL);
    forward({ sender: 'ipc internals' }, { type: 'library-changed' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ type: 'library-changed' });
    unsubscribe();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(EVENT_CHANNEL, forward);
  });
});
