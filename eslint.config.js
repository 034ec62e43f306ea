// Lint = type-aware hygiene + the architecture's import directions:
//   electron/core  plain Node: never imports `electron` or a host
//   shared/        runs in both worlds: no Node modules, no electron, no hosts
//   renderer/      browser only: no Node modules, no electron, no core
import js from '@eslint/js';
import globals from 'globals';
import { builtinModules } from 'node:module';
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
