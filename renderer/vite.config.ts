// Build of the renderer on its own (`npm run web`, the e2e tests) and the
// base of the renderer section of electron.vite.config.ts, so both builds
// are the same. This file runs in Node at build time, not in the browser.
// eslint-disable-next-line no-restricted-imports -- build config runs in Node, not in the page
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from '../shared/content-security-policy.ts';

export const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
export const rendererOutDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

/**
 * Puts the CSP into the built index.html as well: a page opened from a file:
 * URL (the packaged Electron app) gets no response headers. Build only: the
 * dev server needs its inline React refresh script.
 */
function cspMetaTag(): Plugin {
  return {
    name: 'raadsmap:csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY_META }, injectTo: 'head-prepend' },
    ],
  };
}

export const rendererConfig: UserConfig = {
  root: rendererRoot,
  // Relative asset URLs: the same build works from file:// (Electron) and from the web host.
  base: './',
  plugins: [react(), cspMetaTag()],
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    // Electron 39 ships Chromium 142; Debian's Chromium is newer.
    target: 'chrome120',
    sourcemap: true,
  },
};

export default defineConfig(rendererConfig);
