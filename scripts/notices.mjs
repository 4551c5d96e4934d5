// Writes THIRD_PARTY_NOTICES.md: what the .vsix ships that others wrote
// (grammars, web-tree-sitter, and the SDKs bundled into dist/).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgOf = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'grammars', 'manifest.json'), 'utf8'));
const grammarPkgs = [...new Set(Object.values(manifest.grammars).map((g) => g.package))];
const bundled = ['openai', '@google/genai', 'web-tree-sitter', 'zod', 'js-tiktoken', 'uplot', 'diff', 'typescript'];
const lines = [
  '# Third-party notices',
  '',
  'Switchyard ships the following work by others. Each licence text is in `grammars/licenses/` (grammars and',
  'web-tree-sitter) or in the package named, as published on the npm registry.',
  '',
  '## tree-sitter grammars (prebuilt `.wasm` and `tags.scm` from the official npm packages, in `grammars/`)',
  '',
  '| package | licence |',
  '| --- | --- |',
  ...grammarPkgs.map((p) => `| ${p} | ${pkgOf(p.slice(0, p.lastIndexOf('@'))).license} |`),
  '',
  '## Bundled into `dist/` by esbuild',
  '',
  '| package | version | licence |',
  '| --- | --- | --- |',
  ...bundled.map((p) => { const j = pkgOf(p); return `| ${p} | ${j.version} | ${j.license} |`; }),
  '',
];
writeFileSync(join(root, 'THIRD_PARTY_NOTICES.md'), lines.join('\n'));
console.log('wrote THIRD_PARTY_NOTICES.md');
