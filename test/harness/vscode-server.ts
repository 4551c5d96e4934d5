// Starts the real VS Code server bundled in code-server, isolated in a run folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { requireCodeServer, vscodeServerMain } from './paths.ts';

export interface VsCodeServer {
  port: number;
  baseUrl: string;
  runDir: string;
  extensionsDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface ServerOptions {
  runDir: string;
  workspace: string;
  /** Extra user settings merged over the isolating defaults. */
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Default true. The driver hides notification toasts (they go behind the bell); a VS Code as a person sees it runs without. */
  smokeTestDriver?: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Environment that keeps the server and its children inside the run folder. */
export function isolatedEnv(runDir: string): Record<string, string> {
  const dirs = { XDG_CONFIG_HOME: 'xdg-config', XDG_DATA_HOME: 'xdg-data', XDG_CACHE_HOME: 'xdg-cache', TMPDIR: 'tmp' };
  const env: Record<string, string> = {};
  for (const [key, sub] of Object.entries(dirs)) {
    env[key] = join(runDir, sub);
    mkdirSync(env[key], { recursive: true });
  }
  return env;
}

export function writeUserSettings(userDataDir: string, extra: Record<string, unknown> = {}): void {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'workbench.tips.enabled': false,
    'chat.disableAIFeatures': true,
    ...extra,
  }, null, 2));
}

export async function startVsCodeServer(opts: ServerOptions): Promise<VsCodeServer> {
  requireCodeServer();
  const port = await freePort();
  const serverData = join(opts.runDir, 'server-data');
  const userData = join(opts.runDir, 'user-data');
  const extensionsDir = join(opts.runDir, 'extensions');
  for (const d of [serverData, userData, extensionsDir]) mkdirSync(d, { recursive: true });
  // The remote server reads machine/user settings from its server data folder.
  writeUserSettings(serverData, opts.settings);
  writeUserSettings(userData, opts.settings);
  const logFile = join(opts.runDir, 'server.log');
  const log = createWriteStream(logFile);
  const child: ChildProcess = spawn(process.execPath, [
    vscodeServerMain,
    '--host', '127.0.0.1', '--port', String(port),
    '--without-connection-token', '--accept-server-license-terms', ...(opts.smokeTestDriver === false ? [] : ['--enable-smoke-test-driver']),
    '--disable-telemetry', '--disable-workspace-trust',
    '--server-data-dir', serverData, '--user-data-dir', userData,
    '--extensions-dir', extensionsDir, '--default-folder', opts.workspace,
  ], {
    env: { ...process.env, ...isolatedEnv(opts.runDir), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  let exited = false;
  // The server is its own process group; if this process ends without stop(), take the group with it.
  const killGroup = () => { if (!exited && child.pid !== undefined) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } } };
  const onSignal = (signal: NodeJS.Signals) => { killGroup(); process.exit(signal === 'SIGINT' ? 130 : 143); };
  process.once('exit', killGroup);
  // A caller with its own signal handling (npm start) stops the server itself.
  const ownSignals = process.listenerCount('SIGINT') === 0 && process.listenerCount('SIGTERM') === 0;
  if (ownSignals) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  child.once('exit', () => {
    exited = true;
    process.off('exit', killGroup);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  });

  const stop = async (): Promise<void> => {
    if (exited || child.pid === undefined) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
    await gone;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`VS Code server exited early; see ${logFile}`);
    try {
      const res = await fetch(`${baseUrl}/version`);
      if (res.ok || res.status === 404) return { port, baseUrl, runDir: opts.runDir, extensionsDir, logFile, stop };
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`VS Code server did not start within 60 s; see ${logFile}`);
}
