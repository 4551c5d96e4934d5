// One UI session: the packaged .vsix installed into a fresh VS Code server,
// the workbench open in chromium, and helpers that act as a person would.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchBrowser } from './browser.ts';
import { startEgressGuard, type EgressGuard } from './egress-guard.ts';
import { artifactsDir, codeServerEntry, fixturesDir, makeRunDir, repoRoot } from './paths.ts';
import { isolatedEnv, startVsCodeServer, type VsCodeServer } from './vscode-server.ts';

export interface UiSession {
  page: Page;
  workspace: string;
  server: VsCodeServer;
  /** Outbound traffic of the VS Code under test goes here and is refused (telemetry, galleries, GitHub). */
  guard: EgressGuard;
  close(): Promise<void>;
}

export function findVsix(): string {
  const vsix = readdirSync(repoRoot).filter((f) => /^switchyard-.*\.vsix$/.test(f)).sort().pop();
  if (!vsix) throw new Error('no switchyard-*.vsix in the repo root: run npm run package first');
  return join(repoRoot, vsix);
}

function installVsix(runDir: string, extensionsDir: string): void {
  mkdirSync(extensionsDir, { recursive: true });
  execFileSync(process.execPath, [codeServerEntry, '--install-extension', findVsix(), '--extensions-dir', extensionsDir, '--user-data-dir', join(runDir, 'cs-user')], {
    env: { ...process.env, ...isolatedEnv(runDir) },
    stdio: 'pipe',
  });
  if (!readdirSync(extensionsDir).some((d) => d.startsWith('switchyard-dev.switchyard-'))) {
    throw new Error('the .vsix did not install into the extensions folder');
  }
}

export async function openUiSession(name: string, opts: { settings?: Record<string, unknown>; env?: Record<string, string>; smokeTestDriver?: boolean } = {}): Promise<UiSession> {
  const runDir = makeRunDir(`ui-${name}`);
  const workspace = join(runDir, 'workspace');
  cpSync(join(fixturesDir, 'sample'), workspace, { recursive: true });
  installVsix(runDir, join(runDir, 'extensions'));
  const guard = await startEgressGuard();
  const server = await startVsCodeServer({
    runDir, workspace, settings: { ...guard.settings, ...opts.settings }, env: { ...guard.env, ...opts.env }, smokeTestDriver: opts.smokeTestDriver,
  }).catch(async (err: unknown) => { await guard.close(); throw err; });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // A loaded 2-core machine can take well over the default 30 s to serve the workbench.
    await page.goto(`${server.baseUrl}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    const b = browser;
    return {
      page, workspace, server, guard,
      close: async () => { await b.close().catch(() => undefined); await server.stop(); await guard.close(); },
    };
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    await guard.close();
    throw err;
  }
}

export function statusItem(page: Page, text: string | RegExp) {
  return page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: text });
}

/** Runs a command from the Command Palette by its full title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * Waits for the extension (the meter is registered after inline completions, so it shows they are
 * ready; keystrokes before the provider exists never show ghost text), then opens a workspace file
 * in the editor and puts the focus in it.
 */
export async function openForCompletions(page: Page, file: string): Promise<void> {
  await statusItem(page, '(simulated)').first().waitFor({ timeout: 120_000 });
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(file);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: file }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
  await page.locator('.monaco-editor .view-lines').first().click();
}

export function webviewContent(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

export function codeServerInstalled(): boolean {
  return existsSync(codeServerEntry);
}
