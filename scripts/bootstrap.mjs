// `npm start` and `npm test` on a bare clone: plain JavaScript that runs on the
// machine's own Node (20 or newer) and sets up whatever is missing, in order:
// npm packages, Node 24 (the `node` devDependency), Debian packages, code-server;
// then hands over to the Node 24 script for the job.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const JOBS = { start: 'scripts/start.mjs', test: 'scripts/test-all.mjs' };
const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Why node_modules must be (re)installed, or null when it matches the lockfile.
 * A checkout rewrites package-lock.json without changing it, so a newer lockfile
 * is compared by content with npm's record of what it installed.
 */
export function nodeModulesStale(lockText, hiddenText, lockMtimeMs, hiddenMtimeMs) {
  if (hiddenText === undefined) return 'node_modules is missing';
  if (hiddenMtimeMs >= lockMtimeMs) return null;
  const want = JSON.parse(lockText).packages ?? {};
  const have = JSON.parse(hiddenText).packages ?? {};
  for (const [path, meta] of Object.entries(want)) {
    if (path === '' || meta.link) continue;
    const got = have[path];
    // Optional packages for other platforms are never installed.
    if (!got) { if (meta.optional || meta.devOptional) continue; return `${path} is not installed`; }
    if (got.version !== meta.version) return `${path} is ${got.version}, but package-lock.json wants ${meta.version}`;
  }
  return null;
}

/**
 * How to get missing Debian packages: the commands to run, or the one line that
 * tells the user what to run when this process may not install them itself.
 */
export function debianPlan(missing, { isRoot, sudoWithoutPassword, hasApt }) {
  if (missing.length === 0) return { commands: [] };
  const install = ['apt-get', 'install', '-y', '--no-install-recommends', ...missing];
  if (!hasApt) return { message: `needs ${missing.join(', ')} (Debian's apt-get is not here): install ${missing.length > 1 ? 'them' : 'it'}, or set CHROMIUM_PATH, then run this again` };
  if (isRoot) return { commands: [['apt-get', 'update'], install] };
  if (sudoWithoutPassword) return { commands: [['sudo', '-n', 'apt-get', 'update'], ['sudo', '-n', ...install]] };
  return { message: `needs Debian packages: run \`sudo apt-get update && sudo ${install.join(' ')}\`, then run this again` };
}

/** Debian packages the job needs that are not installed. */
export function missingPackages(job, env = process.env, exists = existsSync) {
  const missing = [];
  // Only the UI tests drive a browser; `npm start` hands the URL to the user's own.
  if (job === 'test' && !(env.CHROMIUM_PATH && exists(env.CHROMIUM_PATH)) && !CHROMIUM_PATHS.some((p) => exists(p))) missing.push('chromium');
  return missing;
}

function say(text) {
  console.log(`[setup] ${text}`);
}

function fail(text) {
  console.error(`[setup] ${text}`);
  process.exit(1);
}

function run(cmd, args, opts = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) fail(`could not run ${cmd}: ${r.error.message}`);
  if (r.signal) process.exit(130);
  return { ok: r.status === 0, seconds: Math.round((Date.now() - started) / 1000) };
}

function readIfThere(path) {
  return existsSync(path) ? { text: readFileSync(path, 'utf8'), mtimeMs: statSync(path).mtimeMs } : undefined;
}

function ensureNodeModules() {
  const lock = readIfThere(join(root, 'package-lock.json'));
  if (!lock) fail('package-lock.json is missing: run this from a clone of the repository');
  const hidden = readIfThere(join(root, 'node_modules', '.package-lock.json'));
  const why = nodeModulesStale(lock.text, hidden?.text, lock.mtimeMs, hidden?.mtimeMs ?? 0);
  if (!why) return;
  say(`npm ci (${why})...`);
  // Errors only: npm on Node 20 warns about every package that wants Node 22+, which the scripts never run on.
  const r = run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  if (!r.ok) fail('`npm ci` failed (see above); fix that and run this again');
  say(`npm ci took ${r.seconds} s`);
}

function node24Version(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/** The project's Node 24 (the `node` devDependency's binary). */
function ensureNode24() {
  const bin = join(root, 'node_modules', 'node', 'bin', 'node');
  if (node24Version(bin).startsWith('v24.')) return bin;
  // Its preinstall script fetches the binary; it may have been skipped.
  say('Node 24 is not in node_modules yet: npm rebuild node...');
  run('npm', ['rebuild', 'node']);
  const version = node24Version(bin);
  if (!version.startsWith('v24.')) fail(`Node 24 did not install (node_modules/node/bin/node says "${version || 'nothing'}"): run \`npm rebuild node\` and look at its output`);
  return bin;
}

function ensureDebianPackages(job) {
  const missing = missingPackages(job);
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  const sudoWithoutPassword = !isRoot && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  const plan = debianPlan(missing, { isRoot, sudoWithoutPassword, hasApt });
  if (plan.message) fail(`npm ${job} ${plan.message}`);
  say(`installing Debian packages: ${missing.join(', ')}...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const cmd of plan.commands) {
    const r = run(cmd[0], cmd.slice(1), { env });
    if (!r.ok) fail(`\`${cmd.join(' ')}\` failed (see above)`);
  }
}

function ensureCodeServer(node24) {
  const r = run('bash', [join(root, 'scripts', 'fetch-code-server.sh')], { env: { ...process.env, PATH: `${dirname(node24)}:${process.env.PATH}` } });
  if (!r.ok) fail('installing code-server failed (see above); run `bash scripts/fetch-code-server.sh` to retry');
}

/** Runs the job's script on Node 24 and exits with its code; signals are passed on so it can stop what it started. */
function handOver(node24, script, args) {
  const env = { ...process.env, PATH: `${dirname(node24)}:${join(root, 'node_modules', '.bin')}:${process.env.PATH}` };
  const child = spawn(node24, [join(root, script), ...args], { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === 'SIGINT' ? 130 : 1)));
}

function main() {
  const [job, ...args] = process.argv.slice(2);
  if (!job || !Object.hasOwn(JOBS, job)) fail(`usage: node scripts/bootstrap.mjs ${Object.keys(JOBS).join('|')}`);
  ensureNodeModules();
  const node24 = ensureNode24();
  ensureDebianPackages(job);
  ensureCodeServer(node24);
  handOver(node24, JOBS[job], args);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
