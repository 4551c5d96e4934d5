// The sample README's walkthrough in the real VS Code, as `npm start` runs it
// with no keys: both lanes on the simulated model (scripts/start-lanes.ts),
// notifications visible (no smoke-test driver), nothing scripted. A completion
// is accepted, a quick edit applied, a refactor and a transform applied through
// the refactor preview, and the panel shows every request. Screenshots of each
// step go to .artifacts/walkthrough-*.png.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startLocalLanes, type LocalLanes } from '../../scripts/start-lanes.ts';
import { openUiSession, runCommand, screenshot, statusItem, webviewContent, type UiSession } from '../harness/ui-session.ts';
import { formatMs } from '../../src/core/usage-format.ts';
import { assertEconomicsAgree } from './economics-check.ts';
import { editorText, GHOST, readLedger, readLedgerEvents, waitUntil as waitFor } from './ui-reads.ts';

// The walkthrough's steps run a model call and an edit each: wait longer than the default.
const waitUntil = (check: () => boolean | Promise<boolean>, what: string, timeoutMs = 90_000) => waitFor(check, what, timeoutMs);


async function ghostText(page: Page): Promise<string> {
  // Pieces of one suggestion may sit in sibling elements; nested matches only repeat text.
  return page.evaluate((sel) => [...document.querySelectorAll<HTMLElement>(sel)].map((el) => (el.textContent ?? '').replace(/\u00a0/g, ' ')).join(''), GHOST);
}

async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
}

/** Types an answer into the quick input titled `title` (input box or pick) once it shows, and confirms it. */
async function answerQuickInput(page: Page, title: string, text: string): Promise<void> {
  const widget = page.locator('.quick-input-widget', { has: page.locator('.quick-input-title', { hasText: title }) });
  await widget.waitFor({ timeout: 60_000 });
  const input = widget.locator('input').first();
  await input.fill(text);
  await waitUntil(async () => (await input.inputValue()) === text, `"${text}" in the ${title} input`, 10_000);
  if (title.endsWith('scope')) await widget.locator('.monaco-list-row', { hasText: text }).first().waitFor();
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: 30_000 });
}

/**
 * Waits for the refactor preview, confirming the cost dialog if VS Code shows
 * it first, then clicks Apply as a person does.
 */
async function applyInPreview(page: Page, shot: string): Promise<void> {
  const apply = page.locator('.monaco-button', { hasText: /^Apply$/ }).first();
  const send = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Send$/ }).first();
  const deadline = Date.now() + 120_000;
  while (!(await apply.isVisible())) {
    if (await send.isVisible()) await send.click();
    assert.ok(Date.now() < deadline, 'the refactor preview did not open');
    await page.waitForTimeout(250);
  }
  // VS Code lists edits that need confirmation unchecked: tick each file, as a person must, then Apply.
  const unchecked = page.locator('.monaco-list-row[aria-level="1"] .edit-checkbox[aria-checked="false"]');
  for (let i = 0; i < 20 && (await unchecked.count()) > 0; i++) await unchecked.first().click();
  assert.equal(await unchecked.count(), 0, 'every file in the preview is checked');
  await screenshot(page, shot);
  await apply.click();
}

/** Runs a palette command with the editor focused (F1 is not taken everywhere, e.g. after the preview's Apply). */
async function command(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.locator('.monaco-editor .view-lines').first().click();
  await runCommand(page, title);
}

const disk = (ui: UiSession, rel: string) => readFileSync(join(ui.workspace, rel), 'utf8');

/** A step's body; on failure the workbench as it was goes to .artifacts too. */
function step(ui: () => UiSession, shot: string, body: (page: Page) => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await body(ui().page);
    } catch (err) {
      await screenshot(ui().page, `walkthrough-failed-${shot}`).catch(() => undefined);
      throw err;
    }
  };
}

describe('workbench UI: the sample walkthrough on simulated lanes, no key', { timeout: 600_000 }, () => {
  let lanes: LocalLanes;
  let ui: UiSession;
  before(async () => {
    // npm start's own lane choice, with no key in the environment.
    const saved = { openai: process.env.OPENAI_API_KEY, gemini: process.env.GEMINI_API_KEY };
    delete process.env.OPENAI_API_KEY;
    delete process.env.GEMINI_API_KEY;
    try {
      lanes = await startLocalLanes();
    } finally {
      if (saved.openai !== undefined) process.env.OPENAI_API_KEY = saved.openai;
      if (saved.gemini !== undefined) process.env.GEMINI_API_KEY = saved.gemini;
    }
    assert.equal(lanes.env.SWITCHYARD_SIMULATED, '1');
    ui = await openUiSession('walkthrough', {
      // Per-lane key names too, for lanes with a custom base URL.
      env: { SWITCHYARD_FAST_API_KEY: lanes.env.GEMINI_API_KEY ?? 'simulated', SWITCHYARD_DEEP_API_KEY: lanes.env.OPENAI_API_KEY ?? 'simulated', ...lanes.env },
      smokeTestDriver: false,
      settings: {
        ...lanes.settings,
        // The steps assert each task's lane; exploration draws by random task id, so it is off here.
        'switchyard.routing.exploration': 0,
        // Tab goes to the ghost text, not the suggest widget.
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'editor.suggestOnTriggerCharacters': false,
        'git.openRepositoryInParentFolders': 'never',
        'workbench.welcomePage.walkthroughs.openOnInstall': false,
      },
    });
  });
  after(async () => { await ui?.close(); await lanes?.stop(); });

  it('1. a completion: the body of a new function appears as ghost text, and Tab accepts it', step(() => ui, '1', async (page) => {
    // The meter is registered after inline completions, so it shows they are ready.
    await statusItem(page, '(simulated)').first().waitFor({ timeout: 120_000 });
    await openFile(page, 'invoice.ts');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('export function countItems(items: LineItem[]): number {', { delay: 25 });
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await ghostText(page)).includes('return items.length;'), 'the ghost text "return items.length;"', 60_000);
    await screenshot(page, 'walkthrough-1-completion-ghost-text');
    await page.keyboard.press('Tab');
    await waitUntil(async () => /export function countItems\(items: LineItem\[\]\): number \{\n\s+return items\.length;\n\}/.test(await editorText(page)), 'the accepted completion in the editor', 10_000);
    await page.keyboard.press('Control+S');
    await waitUntil(() => disk(ui, 'src/invoice.ts').includes('  return items.length;\n}'), 'the saved file');
    await screenshot(page, 'walkthrough-1-completion-accepted');
  }));

  it('2. a quick edit: "add a doc comment" on invoiceTotal, shown as a diff, accepted', step(() => ui, '2', async (page) => {
    const lines = disk(ui, 'src/invoice.ts').split('\n');
    const first = lines.findIndex((l) => l.startsWith('export function invoiceTotal')) + 1;
    const last = lines.findIndex((l, i) => i >= first && l === '}') + 1;
    // Select the whole function, line by line, as the README says.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    for (let i = 1; i < first; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    for (let i = first; i <= last; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+Alt+E');
    await answerQuickInput(page, 'Switchyard: Quick Edit', 'add a doc comment');
    await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 60_000 });
    const prompt = page.locator('.notifications-toasts .notification-toast', { hasText: 'apply this quick edit' });
    await prompt.first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'walkthrough-2-quick-edit-diff');
    await prompt.first().locator('.monaco-button', { hasText: /^Accept$/ }).click();
    await waitUntil(() => page.locator('.monaco-diff-editor').count().then((n) => n === 0), 'the diff to close', 30_000);
    await page.keyboard.press('Control+S');
    await waitUntil(() => disk(ui, 'src/invoice.ts').includes('/**\n * Returns the invoice total.\n * @param items\n */\nexport function invoiceTotal('), 'the doc comment on disk');
    await screenshot(page, 'walkthrough-2-quick-edit-applied');
  }));

  it('3. a refactor: "rename invoiceTotal to totalCents", applied from the refactor preview', step(() => ui, '3', async (page) => {
    await command(page, 'Switchyard: Refactor…');
    await answerQuickInput(page, 'Switchyard: Refactor…', 'rename invoiceTotal to totalCents');
    await applyInPreview(page, 'walkthrough-3-refactor-preview');
    // Saved once the edit is in (applying is asynchronous).
    await page.locator('.notifications-toasts', { hasText: 'refactor applied to 2 file(s)' }).first().waitFor({ timeout: 60_000 });
    await command(page, 'File: Save All');
    await waitUntil(() => !disk(ui, 'src/checkout.ts').includes('invoiceTotal') && !disk(ui, 'src/invoice.ts').includes('invoiceTotal'), 'the rename in both files');
    assert.match(disk(ui, 'src/checkout.ts'), /import \{ totalCents, type LineItem \} from '\.\/invoice';/);
    assert.match(disk(ui, 'src/invoice.ts'), /export function totalCents\(items: LineItem\[\]\): number \{/);
    await screenshot(page, 'walkthrough-3-refactor-applied');
  }));

  it('3b. a refactor that creates a file: "move function parseMoney to src/parse.ts"', step(() => ui, '3b', async (page) => {
    await command(page, 'Switchyard: Refactor…');
    await answerQuickInput(page, 'Switchyard: Refactor…', 'move function parseMoney to src/parse.ts');
    await applyInPreview(page, 'walkthrough-3b-move-preview');
    await page.locator('.notifications-toasts', { hasText: 'refactor applied to 3 file(s)' }).first().waitFor({ timeout: 60_000 });
    await command(page, 'File: Save All');
    const moved = () => { try { return disk(ui, 'src/parse.ts').startsWith('export function parseMoney(text: string): number {'); } catch { return false; } };
    await waitUntil(() => moved() && !disk(ui, 'src/money.ts').includes('parseMoney'), 'parseMoney in src/parse.ts and gone from src/money.ts');
    assert.match(disk(ui, 'src/checkout.ts'), /import \{ formatMoney \} from '\.\/money';\nimport \{ parseMoney \} from '\.\/parse';\n/);
    await openFile(page, 'checkout.ts');
    await screenshot(page, 'walkthrough-3b-move-applied');
  }));

  it('4. an AST transform: "replace console.log(x) with logger.debug(x)" on the whole workspace', step(() => ui, '4', async (page) => {
    await command(page, 'Switchyard: AST Transform…');
    await answerQuickInput(page, 'Switchyard: AST Transform — scope', 'Whole workspace');
    await answerQuickInput(page, 'Switchyard: AST Transform…', 'replace console.log(x) with logger.debug(x)');
    await applyInPreview(page, 'walkthrough-4-transform-preview');
    await page.locator('.notifications-toasts', { hasText: 'transform applied, 3 match(es) in 2' }).first().waitFor({ timeout: 60_000 });
    await command(page, 'File: Save All');
    await waitUntil(() => !disk(ui, 'src/checkout.ts').includes('console.log(') && !disk(ui, 'src/invoice.ts').includes('console.log('), 'no console.log left');
    assert.match(disk(ui, 'src/invoice.ts'), /logger\.debug\(describeInvoice\(items\)\);/);
    assert.match(disk(ui, 'src/checkout.ts'), /logger\.debug\('coupon', coupon, 'leaves', formatMoney\(total\)\);/);
    await openFile(page, 'checkout.ts');
    await screenshot(page, 'walkthrough-4-transform-applied');
  }));

  it('5. the panel shows each request, all simulated, and agrees with the ledger', step(() => ui, '5', async (page) => {
    // Request records; the event records say what became of each answer: every edit here was seen and applied in full.
    const ledger = readLedger(ui.server.runDir);
    const events = readLedgerEvents(ui.server.runDir);
    const kinds = (k: string) => ledger.filter((r) => r.kind === k && r.outcome === 'ok');
    for (const k of ['completion', 'quickEdit', 'refactor', 'astTransform']) assert.ok(kinds(k).length >= 1, `an ok ${k} record`);
    for (const k of ['quickEdit', 'refactor', 'astTransform']) {
      for (const ok of kinds(k)) assert.deepEqual(events.filter((e) => e.requestId === ok.id).map((e) => e.event), ['shown', 'applied'], `${k} ${ok.id}`);
    }
    assert.ok(ledger.every((r) => r.simulated === true), 'every record is marked simulated');
    assert.ok(ledger.filter((r) => r.kind !== 'completion').every((r) => r.outcome === 'ok'), JSON.stringify(ledger.map((r) => [r.kind, r.outcome])));
    await runCommand(page, 'Switchyard: Show Usage Panel');
    const frame = webviewContent(page);
    await frame.locator('.rows .row').first().waitFor({ timeout: 60_000 });
    assert.match(await frame.locator('#simulated-banner').innerText(), /Simulated/);
    await screenshot(page, 'walkthrough-5-panel');
    // One kind at a time (the list is virtual, so many completion rows are not all in the DOM).
    const labels: Record<string, string> = { quickEdit: 'Quick edit', refactor: 'Refactor', astTransform: 'AST transform' };
    for (const [kind, label] of Object.entries(labels)) {
      await frame.locator('#filter-kind').selectOption(kind);
      const ids = ledger.filter((r) => r.kind === kind).map((r) => r.id).sort();
      await waitUntil(async () => (await frame.locator('.rows .row').count()) === ids.length, `${ids.length} ${label} row(s)`, 30_000);
      const rows = await frame.locator('.rows .row').evaluateAll((els) => els.map((e) => ({
        id: (e as HTMLElement).dataset.id ?? '', kind: (e.querySelector('[data-col="kind"]') as HTMLElement | null)?.innerText.trim(), outcome: (e.querySelector('[data-col="outcome"]') as HTMLElement | null)?.innerText ?? '',
      })));
      assert.deepEqual(rows.map((r) => r.id).sort(), ids);
      for (const r of rows) {
        assert.equal(r.kind, label);
        assert.match(r.outcome, /simulated/i);
      }
    }
    await frame.locator('#filter-kind').selectOption('completion');
    await waitUntil(async () => (await frame.locator('.rows .row').count()) > 0, 'completion rows', 30_000);
    assert.equal((await frame.locator('.rows .row [data-col="kind"]').first().innerText()).trim(), 'Completion');
    await frame.locator('#clear-filters').click();
    await screenshot(page, 'walkthrough-5-panel-all');
    // Savings, waste, fast success and events: the panel's cards and `switchyard usage` give what the ledger says.
    const hand = await assertEconomicsAgree(frame, ui.server.runDir);
    // Step 1 accepted a completion: an accept is an event, never a request.
    assert.ok(hand.events.accepted >= 1, 'the accepted completion is an accepted event');
    // The meter's latency is the last request that reached a model (an accept has none).
    const last = readLedger(ui.server.runDir).filter((r) => !r.outcome.startsWith('blocked_')).sort((a, b) => a.time.localeCompare(b.time)).at(-1)!;
    const meter = statusItem(page, '(simulated)').first();
    await waitUntil(async () => (await meter.innerText()).includes(`· ${formatMs(last.timings.endMs)}`), `the meter to show the last request's ${formatMs(last.timings.endMs)}`, 10_000);
  }));
});
