// The app's Content-Security-Policy, checked against the CSP level 3
// directives that do not fall back to default-src (each is either set or left
// out for a stated reason), and in Chromium: a form cannot send anything.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  CONTENT_SECURITY_POLICY_META,
  DEV_SERVER_CONTENT_SECURITY_POLICY,
  DIRECTIVES_LEFT_OUT,
} from '../../shared/content-security-policy.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from '../support/chromium.ts';

/** CSP level 3 (and upgrade-insecure-requests) directives that default-src does not cover; navigate-to is gone. */
const WITHOUT_FALLBACK = ['base-uri', 'form-action', 'frame-ancestors', 'sandbox', 'report-uri', 'report-to', 'webrtc', 'upgrade-insecure-requests'];
const FETCH_DIRECTIVES = [
  'default-src', 'child-src', 'connect-src', 'font-src', 'frame-src', 'img-src', 'manifest-src', 'media-src', 'object-src',
  'script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem', 'style-src-attr', 'worker-src',
];

function parse(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    expect(directives.has(name!), `${name} twice`).toBe(false);
    directives.set(name!, values);
  }
  return directives;
}

describe('the content security policy', () => {
  const policy = parse(CONTENT_SECURITY_POLICY);

  it('sets or deliberately leaves out every directive that does not fall back to default-src', () => {
    for (const name of WITHOUT_FALLBACK) {
      const set = policy.has(name);
      const leftOut = name in DIRECTIVES_LEFT_OUT;
      expect(set !== leftOut, `${name}: set ${set}, left out ${leftOut}`).toBe(true);
    }
    expect(Object.keys(DIRECTIVES_LEFT_OUT).filter((name) => !WITHOUT_FALLBACK.includes(name))).toEqual([]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
  });

  it('knows every directive it names, and lets no script in but its own', () => {
    for (const name of policy.keys()) expect([...FETCH_DIRECTIVES, ...WITHOUT_FALLBACK], name).toContain(name);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-eval'|\*|https?:/);
  });

  it('keeps form-action and base-uri in the <meta> form, which ignores only frame-ancestors, sandbox and reporting', () => {
    const meta = parse(CONTENT_SECURITY_POLICY_META);
    expect(meta.get('form-action')).toEqual(["'none'"]);
    expect(meta.get('base-uri')).toEqual(["'none'"]);
    expect([...meta.keys()]).toEqual([...policy.keys()].filter((name) => name !== 'frame-ancestors'));
  });

  it('differs for the dev server only in its inline script (the React refresh preamble)', () => {
    const dev = parse(DEV_SERVER_CONTENT_SECURITY_POLICY);
    expect(dev.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]);
    expect(new Map([...dev].filter(([name]) => name !== 'script-src'))).toEqual(new Map([...policy].filter(([name]) => name !== 'script-src')));
  });

  it('stops a form from sending anything in Chromium, also to the app itself', async () => {
    // Without form-action the same page does send its form: the check can fail.
    const withoutFormAction = CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('form-action')).join('; ');
    expect(await submitForm(withoutFormAction)).toEqual({ posts: ['/steal'], blocked: [] });
    expect(await submitForm(CONTENT_SECURITY_POLICY)).toEqual({ posts: [], blocked: [expect.stringContaining("form-action 'none'")] });
  });
});

/** A page under `policy` whose own script sends a form to the same server, as injected markup would on a click. */
async function submitForm(policy: string): Promise<{ posts: string[]; blocked: string[] }> {
  const posts: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'POST') {
      posts.push(req.url ?? '');
      return res.end('ontvangen');
    }
    const script = req.url === '/page.js';
    res.writeHead(200, { 'Content-Type': script ? 'text/javascript' : 'text/html', 'Content-Security-Policy': policy });
    res.end(script ? 'document.forms[0].submit();' : '<form method="post" action="/steal"><input name="q" value="geheim"></form><script src="/page.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/.test(message.text())) blocked.push(message.text());
    });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { waitUntil: 'commit' });
    await expect.poll(() => posts.length + blocked.length, { timeout: 10_000 }).toBeGreaterThan(0);
    return { posts, blocked };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  }
}
