// Builds for production and packages switchyard-<version>.vsix with vsce,
// then prints the file's size.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, `switchyard-${version}.vsix`);
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { stdio: 'inherit', cwd: root });
execFileSync(process.execPath, [join(root, 'scripts', 'notices.mjs')], { stdio: 'inherit', cwd: root });
// Dependencies are bundled by esbuild, so vsce need not walk node_modules.
execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', out], { stdio: 'inherit', cwd: root });
const bytes = statSync(out).size;
console.log(`VSIX: ${out.slice(root.length + 1)} ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes)`);
