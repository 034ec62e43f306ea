// Lint = type-aware hygiene + the architecture's import directions:
//   electron/core  plain Node: never imports `electron` or a host
//   shared/        runs in both worlds: no Node modules, no electron, no hosts
//   renderer/      browser only: no Node modules, no electron, no core
// and no import cycles in electron/ and shared/.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import { builtinModules } from 'node:module';
import path from 'node:path';
import tseslint from 'typescript-eslint';

const nodeModules = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeImportsBanned = { paths: nodeModules.map((name) => ({ name, message: 'Node modules are not available here (browser code).' })) };

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'release/', 'coverage/', 'test-results/', 'resources/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'No eval.' }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'electron/core is plain Node: pass what you need in through createCore ports.' }],
          patterns: [
            { group: ['**/electron/main/**', '**/main/**', '**/preload/**', '**/web/**', '**/cli/**'], message: 'The core must not depend on a host.' },
            { group: ['**/renderer/**'], message: 'The core must not depend on the renderer.' },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...nodeImportsBanned,
          paths: [...nodeImportsBanned.paths, { name: 'electron', message: 'shared/ runs in the renderer too.' }],
          patterns: [{ group: ['**/electron/**', '**/renderer/**'], message: 'shared/ depends on nothing in the app.' }],
        },
      ],
    },
  },
  {
    // A cycle makes load order decide what is still undefined at start-up, and keeps a lazy import from
    // loading less. `import type` is erased (verbatimModuleSyntax), so no-cycle does not follow it;
    // no-import-type-side-effects keeps `import { type X }` out, which would stay as a real `import {}`.
    files: ['electron/**/*.ts', 'shared/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: path.join(import.meta.dirname, 'tsconfig.json') })],
    },
    rules: {
      // A package never imports our files back, so a cycle through node_modules cannot exist: not parsing them keeps lint fast.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...nodeImportsBanned,
          paths: [...nodeImportsBanned.paths, { name: 'electron', message: 'The renderer talks to the host only through the typed API client.' }],
          patterns: [{ group: ['**/electron/**'], message: 'The renderer never imports core or host code.' }],
        },
      ],
    },
  },
);
