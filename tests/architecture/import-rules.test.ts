import { ESLint } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The architecture is enforced by lint: these cases show each rule bites.
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: repo });

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import directions', () => {
  it('electron/core may not import electron', async () => {
    expect(await restrictedImports('electron/core/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });

  it('electron/core may not import a host', async () => {
    expect(await restrictedImports('electron/core/x.ts', "import { runCli } from '../cli/main.ts';\nexport const a = runCli;\n")).toHaveLength(1);
  });

  it('shared/ may not import Node modules or app code', async () => {
    expect(await restrictedImports('shared/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/x.ts', "import path from 'path';\nexport const a = path;\n")).toHaveLength(1);
    expect(await restrictedImports('shared/x.ts', "import { createCore } from '../electron/core/index.ts';\nexport const a = createCore;\n")).toHaveLength(1);
  });

  it('renderer/ may not import Node modules, electron or core code', async () => {
    expect(await restrictedImports('renderer/src/x.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n")).toHaveLength(1);
    expect(await restrictedImports('renderer/src/x.ts', "import { createCore } from '../../electron/core/index.ts';\nexport const a = createCore;\n")).toHaveLength(1);
  });

  it('allows what each layer is for', async () => {
    expect(await restrictedImports('electron/core/x.ts', "import fs from 'node:fs';\nimport { fail } from '../../shared/errors.ts';\nexport const a = [fs, fail];\n")).toEqual([]);
    expect(await restrictedImports('renderer/src/x.ts', "import { formatMeetingDate } from '../../shared/format.ts';\nexport const a = formatMeetingDate;\n")).toEqual([]);
  });
});
