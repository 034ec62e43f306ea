import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

// electron-builder.yml, read as electron-builder reads it: the fuses that
// keep the packaged binary from being used as a plain Node, and what must
// be unpacked from app.asar for the native module and the worker threads.

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
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['node_modules/better-sqlite3/**', 'node_modules/pdfjs-dist/**', 'node_modules/piscina/**', 'out/main/**']));
    expect(config.npmRebuild).toBe(true);
  });
});
