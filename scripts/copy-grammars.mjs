// Copies the prebuilt grammar wasm files, their tags queries, web-tree-sitter's
// engine wasm and every licence from node_modules into grammars/.
// The wasm comes from the official grammar packages, so nothing is downloaded.
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nm = join(root, 'node_modules');
const out = join(root, 'grammars');

// id -> [package, wasm file, tags queries to concatenate (in order)]
export const GRAMMARS = [
  ['typescript', 'tree-sitter-typescript', 'tree-sitter-typescript.wasm', ['tree-sitter-javascript/queries/tags.scm', 'tree-sitter-typescript/queries/tags.scm']],
  ['tsx', 'tree-sitter-typescript', 'tree-sitter-tsx.wasm', ['tree-sitter-javascript/queries/tags.scm', 'tree-sitter-typescript/queries/tags.scm']],
  ['javascript', 'tree-sitter-javascript', 'tree-sitter-javascript.wasm', ['tree-sitter-javascript/queries/tags.scm']],
  ['python', 'tree-sitter-python', 'tree-sitter-python.wasm', ['tree-sitter-python/queries/tags.scm']],
  ['go', 'tree-sitter-go', 'tree-sitter-go.wasm', ['tree-sitter-go/queries/tags.scm']],
  ['rust', 'tree-sitter-rust', 'tree-sitter-rust.wasm', ['tree-sitter-rust/queries/tags.scm']],
  ['java', 'tree-sitter-java', 'tree-sitter-java.wasm', ['tree-sitter-java/queries/tags.scm']],
  ['c', 'tree-sitter-c', 'tree-sitter-c.wasm', ['tree-sitter-c/queries/tags.scm']],
  ['cpp', 'tree-sitter-cpp', 'tree-sitter-cpp.wasm', ['tree-sitter-cpp/queries/tags.scm']],
  ['c_sharp', 'tree-sitter-c-sharp', 'tree-sitter-c_sharp.wasm', ['tree-sitter-c-sharp/queries/tags.scm']],
  ['ruby', 'tree-sitter-ruby', 'tree-sitter-ruby.wasm', ['tree-sitter-ruby/queries/tags.scm']],
  ['php', 'tree-sitter-php', 'tree-sitter-php.wasm', ['tree-sitter-php/queries/tags.scm']],
  ['bash', 'tree-sitter-bash', 'tree-sitter-bash.wasm', []],
  ['json', 'tree-sitter-json', 'tree-sitter-json.wasm', []],
];

function version(pkg) {
  return JSON.parse(readFileSync(join(nm, pkg, 'package.json'), 'utf8')).version;
}

function main() {
  mkdirSync(join(out, 'licenses'), { recursive: true });
  const notices = [];
  const seen = new Set();
  for (const [id, pkg, wasm, tags] of GRAMMARS) {
    const src = join(nm, pkg, wasm);
    if (!existsSync(src)) throw new Error(`grammar wasm missing: ${pkg}/${wasm} (run npm ci)`);
    copyFileSync(src, join(out, `${id}.wasm`));
    if (tags.length) {
      const text = tags.map((t) => readFileSync(join(nm, t), 'utf8')).join('\n');
      writeFileSync(join(out, `${id}.tags.scm`), text);
    }
    if (!seen.has(pkg)) {
      seen.add(pkg);
      copyFileSync(join(nm, pkg, 'LICENSE'), join(out, 'licenses', `${pkg}.LICENSE`));
      notices.push({ pkg, version: version(pkg) });
    }
  }
  copyFileSync(join(nm, 'web-tree-sitter', 'web-tree-sitter.wasm'), join(out, 'web-tree-sitter.wasm'));
  copyFileSync(join(nm, 'web-tree-sitter', 'LICENSE'), join(out, 'licenses', 'web-tree-sitter.LICENSE'));
  notices.push({ pkg: 'web-tree-sitter', version: version('web-tree-sitter') });
  writeFileSync(join(out, 'manifest.json'), JSON.stringify({
    engine: version('web-tree-sitter'),
    grammars: Object.fromEntries(GRAMMARS.map(([id, pkg, , tags]) => [id, { wasm: `${id}.wasm`, tags: tags.length ? `${id}.tags.scm` : null, package: `${pkg}@${version(pkg)}` }])),
  }, null, 2) + '\n');
  console.log(`grammars: ${GRAMMARS.length} languages copied to grammars/`);
  return notices;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
export { main };
