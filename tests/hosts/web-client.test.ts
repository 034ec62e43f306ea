import { describe, expect, it, vi } from 'vitest';
import { createWebClient, takeToken } from '../../renderer/src/api/client.ts';

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
