// electron-vite: `npm start` (dev) and `npm run build` (out/main, out/preload, out/renderer).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config.ts';

const fromRoot = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

// electron-vite reads the Electron version from node_modules/electron to pick
// the Node and Chromium build targets. Where the electron package could not
// be installed (its binary download is blocked), take the major version from
// package.json instead, so the bundles still build and can be checked.
try {
  createRequire(import.meta.url).resolve('electron/package.json');
} catch {
  const pkg = createRequire(import.meta.url)('./package.json') as { optionalDependencies?: Record<string, string> };
  const major = /\d+/.exec(pkg.optionalDependencies?.electron ?? '')?.[0];
  if (major) process.env.ELECTRON_MAJOR_VER ??= major;
}

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('./out/main'),
      // Dependencies are loaded from node_modules at run time, not bundled:
      // better-sqlite3 is a native module, pdfjs-dist and piscina start
      // worker files by path.
      externalizeDeps: { include: ['better-sqlite3-multiple-ciphers', 'pdfjs-dist', 'piscina'] },
      rolldownOptions: {
        input: {
          index: fromRoot('./electron/main/index.ts'),
          // The PDF extraction thread: electron/core/extraction/worker-entry.ts
          // looks for worker.js next to the bundled pool (out/main).
          worker: fromRoot('./electron/core/extraction/worker.ts'),
          // The PDF export thread (annotated PDFs, fractie bundles): electron/core/export/run-export.ts.
          'export-worker': fromRoot('./electron/core/export/export-worker.ts'),
          // The rekey thread (encrypting a store, a new recovery code): electron/core/vault/run-rekey.ts.
          'rekey-worker': fromRoot('./electron/core/vault/rekey-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('./out/preload'),
      rolldownOptions: {
        input: { index: fromRoot('./electron/preload/index.ts') },
        // Sandboxed preloads run as classic scripts: CommonJS, one file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      rolldownOptions: { input: { index: fromRoot('./renderer/index.html') } },
    },
  },
});
