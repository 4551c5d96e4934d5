// VS Code's own chat view (the built-in chat extension of code-server's VS Code 1.139) talking
// to Switchyard Auto, as a person does: pick the model, send a turn, read the answer, watch the
// meter move, find the requests in the usage panel. No GitHub sign-in: `chat.allowAnonymousAccess`
// lets the chat use third-party models signed out, and `chat.byokUtilityModelDefault: mainAgent`
// sends the chat's small helper requests (titles, progress words) to the picked model too,
// so they go through Switchyard as agent requests and appear in the ledger.
// Seen in 1.139.1: signed out, the model picker lists only "Auto" and "Manage Models..." until
// the chat has answered once ("Auto" then resolves to a third-party model); after that it lists
// the providers' models. So the first turn goes out on "Auto", and the second on Switchyard Auto.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { formatUsd } from '../../src/core/usage-format.ts';
import { startEmulator, type Emulator } from '../emulator/server.ts';
import { isLoopbackTarget } from '../harness/egress-guard.ts';
import { openUiSession, runCommand, screenshot, statusItem, webviewContent, type UiSession } from '../harness/ui-session.ts';
import { emulatedLanesEnv, meterText, readLedger, waitUntil } from './ui-reads.ts';

const REPLY = 'Hello from Switchyard, through the emulated lanes.';
const CHAT_SETTINGS = {
  'chat.disableAIFeatures': false,
  'chat.allowAnonymousAccess': true,
  'chat.byokUtilityModelDefault': 'mainAgent',
  'git.openRepositoryInParentFolders': 'never',
};

/** The chat view (the auxiliary bar holds it on a fresh profile); opened from the palette when hidden. */
async function chatView(page: Page): Promise<Locator> {
  const input = page.locator('.interactive-input-part').first();
  if (!(await input.isVisible().catch(() => false))) await runCommand(page, 'Chat: Open Chat');
  await input.waitFor({ timeout: 60_000 });
  return page.locator('.interactive-session').filter({ has: input }).first();
}

/** Picks a model in the chat's model picker; the list fills once the chat has found the providers' models. */
async function pickModel(page: Page, chat: Locator, name: string): Promise<void> {
  const picker = chat.locator('.model-picker-name, [aria-label^="Models"]').first();
  const deadline = Date.now() + 90_000;
  for (;;) {
    await picker.click();
    const item = page.locator('.action-widget .action-label, .action-widget .monaco-list-row', { hasText: name }).first();
    if (await item.waitFor({ timeout: 5_000 }).then(() => true, () => false)) {
      await item.click();
      break;
    }
    await page.keyboard.press('Escape');
    if (Date.now() > deadline) assert.fail(`the chat's model picker never listed ${name}`);
    await page.waitForTimeout(2_000);
  }
  await waitUntil(async () => (await picker.innerText()).includes(name), `the picker to show ${name}`, 15_000);
}

describe('workbench UI: the built-in chat view on Switchyard Auto', { timeout: 420_000 }, () => {
  let ui: UiSession;
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator();
    ui = await openUiSession('chat', {
      env: emulatedLanesEnv(emu),
      // The steps assert each request's lane; exploration draws by random task id, so it is off here.
      settings: { ...CHAT_SETTINGS, 'switchyard.routing.exploration': 0 },
    });
  });
  after(async () => {
    // With the chat on, the built-in chat extension tries to reach GitHub; the session's guard refused it.
    if (ui) console.log(`egress refused by the guard: ${[...new Set(ui.guard.attempts)].join(', ') || 'none'}`);
    await ui?.close();
    await emu?.close();
  });

  it('picks Switchyard Auto without signing in, sends a turn, shows the answer, and the meter moves', async () => {
    await statusItem(ui.page, '(simulated)').first().waitFor({ timeout: 90_000 });
    const before = await meterText(ui.page);
    assert.match(before, /\$0\.00/);
    // Every request the chat makes (its turn and its helper requests) gets this answer, on either lane.
    emu.script({ text: REPLY, firstTokenMs: 150, tokensPerSecond: 400, repeat: 50 });
    const chat = await chatView(ui.page);
    const send = async (text: string) => {
      await chat.locator('.interactive-input-part .monaco-editor').first().click();
      await ui.page.keyboard.type(text);
      await ui.page.keyboard.press('Enter');
    };
    const answers = chat.getByText(REPLY);
    await send('Say hello in one sentence.');
    await answers.first().waitFor({ timeout: 120_000 });
    await pickModel(ui.page, chat, 'Switchyard Auto');
    await screenshot(ui.page, 'chat-switchyard-auto-picked');
    await send('And once more, on Switchyard Auto.');
    await waitUntil(async () => (await answers.count()) >= 2, 'the answer to the turn on Switchyard Auto', 120_000);
    await screenshot(ui.page, 'chat-answer');

    // The ledger holds the chat's requests as agent requests; the one with the chat's tools is its turn.
    await waitUntil(() => readLedger(ui.server.runDir).some((r) => r.kind === 'agent' && (r.agent?.tools ?? 0) > 0 && r.outcome === 'ok'), 'the chat turn in the ledger', 60_000);
    const ledger = readLedger(ui.server.runDir);
    assert.ok(ledger.every((r) => r.kind === 'agent'), `only agent requests: ${ledger.map((r) => r.kind).join(', ')}`);
    assert.ok(emu.requests.length >= 1, 'the lanes were reached over HTTP');
    const total = ledger.reduce((s, r) => s + r.costNanos, 0);
    assert.ok(total > 0);
    await waitUntil(async () => (await meterText(ui.page)).includes(formatUsd(total)), `the meter to show ${formatUsd(total)}`, 30_000);
    assert.notEqual(await meterText(ui.page), before, 'the meter moved');
    await screenshot(ui.page, 'chat-meter-moved');

    // The usage panel lists them under the Agent kind.
    await runCommand(ui.page, 'Switchyard: Show Usage Panel');
    const frame = webviewContent(ui.page);
    await frame.locator('.rows .row').first().waitFor({ timeout: 60_000 });
    await frame.locator('#filter-kind').selectOption({ label: 'Agent' });
    await waitUntil(async () => (await frame.locator('.rows .row').count()) === readLedger(ui.server.runDir).length, 'one row per agent request');
    assert.match(await frame.locator('.rows .row [data-col="kind"]').first().innerText(), /^Agent · (think|act)$/);
    await screenshot(ui.page, 'chat-usage-panel');
    // The lanes were reached directly; only outbound traffic went to the guard.
    assert.ok(!ui.guard.attempts.some(isLoopbackTarget), `loopback went through the guard: ${ui.guard.attempts.join(', ')}`);
  });
});
