import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PACKAGE_EXTENSION } from '../../electron/main/open-files.ts';
import { drawIcon, LINUX_ICON_SIZES } from '../../scripts/make-icons.ts';

// electron-builder.yml, read as electron-builder reads it: the fuses that
// keep the packaged binary from being used as a plain Node, what must be
// unpacked from app.asar for the native module and the worker threads, the
// targets, icons and the .raadsmap file association.

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const config = parse(fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('flips the Electron fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('unpacks the native module, pdf.js, piscina and the worker files', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3-multiple-ciphers/**', 'node_modules/pdfjs-dist/**', 'node_modules/piscina/**', 'out/main/**']));
    expect(config.npmRebuild).toBe(true);
  });
});

describe('packaging', () => {
  const buildDir = path.join(repo, String((config.directories as Record<string, unknown>).buildResources));

  it('names the app and builds AppImage and deb, NSIS and dmg', () => {
    expect(config.appId).toBe('nl.raadsmap.app');
    expect(config.productName).toBe('Raadsmap');
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Office' });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.mac).toMatchObject({ target: ['dmg'], category: 'public.app-category.productivity', hardenedRuntime: true });
    expect(config.nsis).toMatchObject({ oneClick: false, deleteAppDataOnUninstall: false });
  });

  it('ships the built app and the samples, not the electron package, the CLI build or a transpiler', () => {
    expect(config.files).toEqual(['out/**', '!out/node/**', 'package.json', '!node_modules/electron/**']);
    expect(config.extraResources).toEqual([{ from: 'resources/sample', to: 'sample' }]);
    expect(fs.existsSync(path.join(repo, 'resources', 'sample'))).toBe(true);
    expect(config.asar).toBe(true);
    // The SQLite build (better-sqlite3-multiple-ciphers) loads its .node file through bindings: all must be real files.
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3-multiple-ciphers/**', 'node_modules/bindings/**', 'node_modules/file-uri-to-path/**']));
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.scripts.package).toMatch(/electron-vite build && .*electron-builder(@[\d.]+)? --config electron-builder\.yml$/);
    expect(Object.keys(pkg.dependencies)).not.toContain('electron');
    // Only dependencies are packaged: the app runs what electron-vite compiled, nothing transpiles at run time.
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
  });

  it('has the icons electron-builder derives .icns and .ico from, and a PNG per size for Linux', () => {
    const size = (file: string) => PNG.sync.read(fs.readFileSync(file));
    for (const platform of ['mac', 'win'] as const) {
      const icon = path.join(buildDir, String((config[platform] as Record<string, unknown>).icon));
      expect(size(icon)).toMatchObject({ width: 512, height: 512 });
    }
    const linuxIcons = path.join(buildDir, String((config.linux as Record<string, unknown>).icon));
    for (const n of LINUX_ICON_SIZES) expect(size(path.join(linuxIcons, `${n}x${n}.png`)), `${n}`).toMatchObject({ width: n, height: n });
  });

  it('draws the committed icons from the script (npm run icons)', () => {
    expect(PNG.sync.write(drawIcon(64)).equals(fs.readFileSync(path.join(buildDir, 'icons', '64x64.png')))).toBe(true);
    const icon = drawIcon(32);
    // Opaque tile in the middle, transparent corners.
    expect(icon.data[(16 * 32 + 4) * 4 + 3]).toBe(255);
    expect(icon.data[3]).toBe(0);
  });

  it('associates .raadsmap meeting packages with the app', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'raadsmap', role: 'Viewer', mimeType: 'application/x-raadsmap-package' })]);
    expect((config.linux as Record<string, unknown>).mimeTypes).toEqual(['application/x-raadsmap-package']);
    expect(PACKAGE_EXTENSION).toBe('.raadsmap');
  });
});
