// Builds every bundle with esbuild: the extension host bundle, the webview's
// browser bundle, the CLI, the syntax worker and the extension-host test suite.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main as copyGrammars } from './copy-grammars.mjs';
import { lazyModulePlugin } from './lazy-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// web-tree-sitter's ESM build reads import.meta.url; esbuild's CJS output would
// silently turn it into {} (FACTS.md), so define it from the bundle's own path.
const importMetaShim = {
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  define: { 'import.meta.url': '__importMetaUrl', __switchyardRanks: JSON.stringify('./lazy/o200k_base.cjs') },
};

// The SDKs are imported lazily (FACTS.md: ~100 ms each to load); each goes into
// its own file under dist/lazy/, so activation never even parses them. The
// tokenizer's ranks (2.3 MB) are copied there too and read when the encoder is built.
// TypeScript (the strict syntax check for JS/TS, src/syntax/strict-parse.ts) is
// ~9 MB of JS: lazy in the same way, loaded at the first check that needs it.
const { LAZY, OTEL, lazyModules } = lazyModulePlugin(root);

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify: production,
  keepNames: true,
  external: ['vscode'],
  logLevel: 'warning',
  ...importMetaShim,
  plugins: [lazyModules],
};

const entries = [
  { ...node, entryPoints: [join(root, 'src/extension.ts')], outfile: join(root, 'dist/extension.js') },
  { ...node, entryPoints: [join(root, 'src/cli/main.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node\n' + importMetaShim.banner.js } },
  { ...node, entryPoints: [join(root, 'src/syntax/worker/index-worker.ts')], outfile: join(root, 'dist/syntax-worker.js') },
  // ESM, because the bundles load them with a native import() (which would wrap CommonJS once more).
  ...[...Object.entries(LAZY), [OTEL, 'otel']].map(([pkg, name]) => ({
    bundle: true, platform: 'node', format: 'esm', target: 'node20', minify: production, keepNames: true, logLevel: 'warning',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"
      // TypeScript reads __filename and __dirname when it loads (CommonJS names an ES module lacks).
      + (pkg === 'typescript' ? " import { fileURLToPath as __fileURLToPath } from 'node:url'; const __filename = __fileURLToPath(import.meta.url); const __dirname = __fileURLToPath(new URL('.', import.meta.url));" : '') },
    entryPoints: [pkg], outfile: join(root, `dist/lazy/${name}.mjs`),
  })),
  {
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', sourcemap: true, minify: production, keepNames: true,
    entryPoints: [join(root, 'src/webview/main.ts')], outfile: join(root, 'dist/webview.js'), logLevel: 'warning',
  },
  // Mocha suite that runs inside the real VS Code extension host (never packaged).
  { ...node, minify: false, entryPoints: [join(root, 'test/exthost/index.ts')], outfile: join(root, 'dist-test/exthost/index.js'), external: ['vscode', 'mocha'],
    define: { ...node.define, __switchyardRanks: JSON.stringify('../../dist/lazy/o200k_base.cjs') } },
].filter((e) => !e.entryPoints[0].startsWith('/') || existsSync(e.entryPoints[0]));

copyGrammars();
if (!watch) rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist/lazy'), { recursive: true });
copyFileSync(createRequire(import.meta.url).resolve('js-tiktoken/ranks/o200k_base'), join(root, 'dist/lazy/o200k_base.cjs'));
if (watch) {
  for (const e of entries) {
    const ctx = await esbuild.context(e);
    await ctx.watch();
  }
  console.log(`watching ${entries.length} bundles (Ctrl-C to stop)`);
} else {
  const started = performance.now();
  await Promise.all(entries.map((e) => esbuild.build(e)));
  console.log(`built ${entries.length} bundles${production ? ' (production)' : ''} in ${Math.round(performance.now() - started)} ms`);
}
