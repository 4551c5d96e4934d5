// What a person does in the workbench around the panel: pick a colour theme, run a palette entry
// whose title differs between VS Code versions.
import type { Page } from 'playwright-core';

/** Picks a colour theme the way a person does: Preferences: Color Theme, type its name, Enter. */
export async function setTheme(page: Page, label: string, bodyClass: string): Promise<void> {
  // Not "Browse Color Themes in Marketplace", which the palette may list first.
  await runFirstMatching(page, 'Preferences: Color Theme', /Preferences: Color Theme/);
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: /Dark Modern|Light Modern/ }).first().waitFor();
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.monaco-workbench.${bodyClass}`).waitFor({ timeout: 30_000 });
}

/** Runs the first palette entry matching `pattern` (titles differ between VS Code versions). */
export async function runFirstMatching(page: Page, query: string, pattern: RegExp): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${query}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: pattern }).first();
  await row.waitFor();
  await row.click();
}
