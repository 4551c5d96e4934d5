// Runs the mocha suite inside the real VS Code extension host: VS Code's server
// from code-server, opened in chromium with a test payload (FACTS.md recipe).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser.ts';
import { artifactsDir } from './paths.ts';
import { startEgressGuard } from './egress-guard.ts';
import { startVsCodeServer } from './vscode-server.ts';

export interface ExtHostResult {
  exitCode: number;
  passes: number;
  failures: number;
  vscodeVersion?: string;
  log: string[];
}

export interface ExtHostOptions {
  runDir: string;
  extensionPath: string;
  testsEntry: string;
  workspace: string;
  /** A .code-workspace file to open instead of the folder (multi-root). */
  workspaceFile?: string;
  env?: Record<string, string>;
  settings?: Record<string, unknown>;
  /** Workspace trust enabled and not granted. */
  untrusted?: boolean;
  timeoutMs?: number;
}

export async function runExtensionHostTests(opts: ExtHostOptions): Promise<ExtHostResult> {
  const resultsFile = join(opts.runDir, 'exthost-results.json');
  // VS Code's own outbound traffic (galleries, telemetry, GitHub) goes to a refusing proxy on loopback.
  const guard = await startEgressGuard();
  const server = await startVsCodeServer({
    runDir: opts.runDir, workspace: opts.workspace, settings: { ...guard.settings, ...opts.settings }, env: guard.env, untrusted: opts.untrusted,
  }).catch(async (err: unknown) => { await guard.close(); throw err; });
  const browser = await launchBrowser();
  const log: string[] = [];
  try {
    const page = await browser.newPage();
    let settle: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => { settle = resolve; });
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      log.push(`[${type}] ${line}`);
      // The workbench's own noise (offline marketplace look-ups, socket chatter) stays in
      // the log file; test output, failures included, is printed line by line.
      if (/ENOTFOUND|open-vsx|Creating a socket|connection token|marketplace/i.test(line)) return;
      for (const l of line.split('\n')) {
        if (!/^\s+at .*(https?:\/\/|node:internal)/.test(l)) process.stdout.write(`  [host:${type}] ${l}\n`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const env = { SWITCHYARD_TEST_RESULTS: resultsFile, ...opts.env };
    const payload = [
      ['extensionDevelopmentPath', remote(opts.extensionPath)],
      ['extensionTestsPath', remote(opts.testsEntry)],
      ['extensionEnvironment', JSON.stringify(env)],
      ['skipWelcome', 'true'],
    ];
    const target = opts.workspaceFile ? `workspace=${encodeURIComponent(opts.workspaceFile)}` : `folder=${encodeURIComponent(opts.workspace)}`;
    const url = `${server.baseUrl}/?${target}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const timeoutMs = opts.timeoutMs ?? 240_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolve) => { timer = setTimeout(() => resolve(-1), timeoutMs); });
    const exitCode = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (exitCode === -1) {
      mkdirSync(artifactsDir, { recursive: true });
      await page.screenshot({ path: join(artifactsDir, 'exthost-timeout.png') }).catch(() => undefined);
      log.push(`timed out after ${timeoutMs} ms waiting for the extension host tests`);
    }
    const results = existsSync(resultsFile)
      ? JSON.parse(readFileSync(resultsFile, 'utf8')) as { passes: number; failures: number; vscodeVersion?: string }
      : { passes: 0, failures: exitCode === 0 ? 0 : 1 };
    log.push(`egress refused by the guard: ${[...new Set(guard.attempts)].join(', ') || 'none'}`);
    writeFileSync(join(opts.runDir, 'host.log'), log.join('\n'));
    return { exitCode, ...results, log };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    await guard.close();
  }
}
