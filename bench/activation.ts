// What loading the extension's code costs, before VS Code calls activate():
// dist/extension.js required in fresh Node processes (median of 11), against a
// one-line module loaded the same way in the same run (the process's own floor).
// `vscode` is answered by an empty stand-in, since only code loading is timed here;
// activate() itself is timed inside the real VS Code and logged as "started in X ms".
// Also: building the tokenizer, which activation defers (the ranks are not in the bundle).
// Run: node scripts/build.mjs && node bench/activation.ts   (writes .bench/activation.json; with --record bench/results/activation.json)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultPath } from './_results.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = join(REPO, 'dist/extension.js');
const RUNS = 11;
const scratch = mkdtempSync(join(tmpdir(), 'switchyard-activation-'));
const floor = join(scratch, 'floor.js');
writeFileSync(floor, 'module.exports = { activate() {} };\n');

// The child times require() of one file with `vscode` resolved to an inert object.
const timeRequire = (file: string) => Number(execFileSync(process.execPath, ['-e', `
  const Module = require('module');
  const load = Module._load;
  Module._load = function (request, ...rest) { return request === 'vscode' ? new Proxy({}, { get: () => function () {} }) : load.call(this, request, ...rest); };
  const t = performance.now(); require(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));
`], { encoding: 'utf8' }));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;
const bundle: number[] = [];
const base: number[] = [];
for (let i = 0; i < RUNS; i++) {
  base.push(timeRequire(floor));
  bundle.push(timeRequire(BUNDLE));
}
// The encoder build the first count triggers, from the ranks file the bundle reads lazily.
const encoderMs = Number(execFileSync(process.execPath, ['--input-type=module', '-e', `
  import { countTokens } from ${JSON.stringify(join(REPO, 'src/core/tokens.ts'))};
  const t = performance.now(); countTokens('x'); process.stdout.write(String(performance.now() - t));
`], { encoding: 'utf8' }));
rmSync(scratch, { recursive: true, force: true });

const result = {
  date: new Date().toISOString(),
  bundleBytes: statSync(BUNDLE).size,
  loadMedianMs: round(median(bundle)),
  floorMedianMs: round(median(base)),
  loadOverFloorMs: round(median(bundle) - median(base)),
  runs: RUNS,
  tokenizerBuildMs: round(encoderMs),
};
writeFileSync(resultPath('activation'), `${JSON.stringify(result, null, 2)}\n`);
console.log(result);
