// Entry point of the `switchyard` CLI. Bundled to dist/cli.js (with a shebang
// banner); also runs from source under Node 24: `node src/cli/main.ts ...`.
// import.meta.url is fine here: the build defines it for the bundle.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from './run.ts';

const ownDir = dirname(fileURLToPath(import.meta.url));
process.exitCode = await runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
}, ownDir);
