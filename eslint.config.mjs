// Lint rules, including the floors of ARCHITECTURE.md: each folder may import
// only the floors below it, and only src/vscode and src/extension.ts see `vscode`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (name) => [`**/${name}/*`, `**/${name}/**`, `**/${name}`];
const forbid = (...layers) => ({
  'no-restricted-imports': ['error', {
    paths: layers.includes('vscode-module') ? [{ name: 'vscode', message: 'Only src/vscode and src/extension.ts may import vscode (ARCHITECTURE.md floors).' }] : [],
    patterns: layers.filter((l) => l !== 'vscode-module').map((l) => ({
      group: layer(l),
      message: `This layer may not import from src/${l} (ARCHITECTURE.md floors).`,
    })),
  }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-test/**', '.cache/**', '.artifacts/**', '.tmp/**', 'grammars/**', 'media/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's describe/it return promises the runner itself tracks.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', performance: 'readonly' } },
  },
  { files: ['src/core/**/*.ts'], rules: forbid('vscode-module', 'ledger', 'syntax', 'providers', 'pipeline', 'vscode', 'cli', 'webview') },
  { files: ['src/ledger/**/*.ts'], rules: forbid('vscode-module', 'syntax', 'providers', 'pipeline', 'vscode', 'cli', 'webview') },
  { files: ['src/syntax/**/*.ts'], rules: forbid('vscode-module', 'ledger', 'providers', 'pipeline', 'vscode', 'cli', 'webview') },
  { files: ['src/providers/**/*.ts'], rules: forbid('vscode-module', 'ledger', 'syntax', 'pipeline', 'vscode', 'cli', 'webview') },
  { files: ['src/pipeline/**/*.ts'], rules: forbid('vscode-module', 'vscode', 'cli', 'webview') },
  { files: ['src/cli/**/*.ts'], rules: forbid('vscode-module', 'vscode', 'webview') },
  { files: ['src/vscode/**/*.ts'], rules: forbid('cli', 'webview') },
  { files: ['src/extension.ts'], rules: forbid('core', 'ledger', 'syntax', 'providers', 'pipeline', 'cli', 'webview') },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview runs in a browser; it cannot import vscode.' }],
        patterns: [{ regex: '^\\.\\./(?!core/(panel-messages|ledger-rows|usage-format)\\.ts$)', message: 'The webview may import only the panel modules in src/core (panel-messages, ledger-rows, usage-format; ARCHITECTURE.md floors).' }],
      }],
    },
  },
);
