// Entry point of the `switchyard` CLI. Bundled to dist/cli.js (with a shebang
// banner); also runs from source under Node 24: `node src/cli/main.ts ...`.
// import.meta.url is fine here: the build defines it for the bundle.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './run.ts';

const ownDir = dirname(fileURLToPath(import.meta.url));
// No top-level await: the bundle is CommonJS.
runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
}, ownDir).then((code) => { process.exitCode = code; }, (err: unknown) => {
  process.stderr.write(`switchyard: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
