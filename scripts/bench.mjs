// `npm run bench`: runs every benchmark in bench/*.ts one after another (they
// measure time, so never in parallel), each writing bench/results/<name>.json.
// BENCHMARKS.md quotes those files. Pass names to run a subset: npm run bench -- syntax
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wanted = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .filter((name) => wanted.length === 0 || wanted.includes(name));

let failed = 0;
for (const name of benches) {
  console.log(`\n=== bench: ${name} ===`);
  const started = performance.now();
  const r = spawnSync(process.execPath, [join('bench', `${name}.ts`)], { cwd: root, stdio: 'inherit' });
  console.log(`(${name}: exit ${r.status}, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (r.status !== 0) failed++;
}
console.log(`\nbenchmarks: ${benches.length - failed} ran, ${failed} failed; results in bench/results/`);
process.exitCode = failed ? 1 : 0;
