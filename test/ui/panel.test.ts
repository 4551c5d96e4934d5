import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openUiSession, runCommand, screenshot, statusItem, webviewContent, type UiSession } from '../harness/ui-session.ts';

describe('workbench UI: meter and usage panel', { timeout: 180_000 }, () => {
  let ui: UiSession;
  before(async () => { ui = await openUiSession('panel'); });
  after(async () => { await ui?.close(); });

  it('shows the cost meter in the status bar', async () => {
    const meter = statusItem(ui.page, '$0.00');
    await meter.first().waitFor({ timeout: 60_000 });
    assert.match(await meter.first().innerText(), /\$0\.00/);
  });

  it('opens the usage panel from the palette and shows its empty state', async () => {
    await runCommand(ui.page, 'Switchyard: Show Usage Panel');
    const empty = webviewContent(ui.page).locator('#empty-state');
    await empty.waitFor({ timeout: 60_000 });
    const text = await empty.innerText();
    assert.match(text, /No requests yet/);
    assert.match(text, /Set OpenAI API Key/);
    const file = await screenshot(ui.page, 'usage-panel-empty');
    assert.ok(file.endsWith('.png'));
  });
});
