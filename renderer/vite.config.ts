// Build of the renderer on its own (`npm run web`, the e2e tests) and the
// base of the renderer section of electron.vite.config.ts, so both builds
// are the same. This file runs in Node at build time, not in the browser.
/* eslint-disable no-restricted-imports -- build config runs in Node, not in the page */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
/* eslint-enable no-restricted-imports */
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { CONTENT_SECURITY_POLICY_META } from '../shared/content-security-policy.ts';

export const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
export const rendererOutDir = fileURLToPath(new URL('../out/renderer', import.meta.url));

/**
 * Puts the CSP into the built index.html as well, beside the response header
 * of the web host and the Electron app protocol: a copy opened some other way
 * (a file: URL) keeps it. Build only: the dev server needs its inline React
 * refresh script.
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

/**
 * pdf.js loads fonts that PDFs do not embed (standard_fonts), CMaps for CJK
 * text and its wasm image decoders at run time: served from node_modules in
 * development and copied into the build as ./pdfjs/.
 */
function pdfjsAssets(): Plugin {
  const source = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  const folders = ['cmaps', 'standard_fonts', 'wasm'];
  return {
    name: 'raadsmap:pdfjs-assets',
    configureServer(server) {
      server.middlewares.use('/pdfjs', (req, res, next) => {
        const [folder, file, ...rest] = (req.url ?? '').split('?')[0]!.split('/').filter(Boolean);
        if (!folder || !file || rest.length || !folders.includes(folder) || !/^[\w.-]+$/.test(file)) return next();
        const full = path.join(source, folder, file);
        if (!fs.existsSync(full)) return next();
        res.setHeader('Content-Type', file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream');
        fs.createReadStream(full).pipe(res);
      });
    },
    writeBundle(options) {
      const outDir = options.dir ?? rendererOutDir;
      for (const folder of folders) fs.cpSync(path.join(source, folder), path.join(outDir, 'pdfjs', folder), { recursive: true });
    },
  };
}

export const rendererConfig: UserConfig = {
  root: rendererRoot,
  // Relative asset URLs: the same build works from file:// (Electron) and from the web host.
  base: './',
  plugins: [react(), cspMetaTag(), pdfjsAssets()],
  build: {
    outDir: rendererOutDir,
    emptyOutDir: true,
    // Electron 39 ships Chromium 142; Debian's Chromium is newer.
    target: 'chrome120',
    sourcemap: true,
    // Fonts as files, never inlined as data: URLs (the CSP's font-src is 'self').
    assetsInlineLimit: (file) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined),
  },
};

export default defineConfig(rendererConfig);
