// `npm run bench`: runs every benchmark in bench/*.ts one after another (they
// measure time, so never in parallel). Pass names to run a subset:
// `npm run bench -- syntax agent-replay`. Files named `_*.ts` are helpers, and
// subfolders (bench/agent/, bench/routing/) hold a benchmark's parts, not benchmarks:
// `npm run bench -- routing-population` runs bench/routing-population.ts.
// An ordinary run writes each result to .bench/<name>.json (ignored by git), so it
// leaves the tree clean. `npm run bench -- --record` writes the tracked
// bench/results/<name>.json instead, which BENCHMARKS.md quotes (see bench/_results.ts).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const record = args.includes('--record');
const wanted = args.filter((a) => a !== '--record');
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .filter((name) => wanted.length === 0 || wanted.includes(name));
const unknown = wanted.filter((name) => !benches.includes(name));
if (unknown.length) {
  console.error(`no benchmark named ${unknown.join(', ')} (bench/*.ts)`);
  process.exit(2);
}

const env = { ...process.env, SWITCHYARD_BENCH_RECORD: record ? '1' : '0' };
// The benchmarks measure the bundles that ship (dist/), so build them from the source first.
const built = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) {
  console.error('build failed: nothing was measured');
  process.exit(1);
}
let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench: ${name} ===`);
  const started = performance.now();
  const r = spawnSync(process.execPath, [join('bench', `${name}.ts`)], { cwd: root, stdio: 'inherit', env });
  console.log(`(${name}: exit ${r.status}, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (r.status !== 0) failed++;
}
const where = record ? 'bench/results/ (tracked: commit them with BENCHMARKS.md)' : '.bench/ (ignored; `npm run bench -- --record` writes bench/results/)';
console.log(`\nbenchmarks: ${benches.length - failed} ran, ${failed} failed; results in ${where}`);
process.exitCode = failed ? 1 : 0;
