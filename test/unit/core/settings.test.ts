import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readSettings, SETTING_DEFAULTS, type SettingKey } from '../../../src/core/settings.ts';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8'));
const props = pkg.contributes.configuration.properties as Record<string, { default: unknown; scope?: string; markdownDescription?: string; description?: string }>;

describe('settings', () => {
  it('declares exactly the settings the code reads, with equal defaults', () => {
    const declared = Object.keys(props).map((k) => k.replace(/^switchyard\./, '')).sort();
    assert.deepEqual(declared, Object.keys(SETTING_DEFAULTS).sort());
    for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
      assert.deepEqual(props[`switchyard.${key}`].default, value, `default of switchyard.${key}`);
    }
  });

  it('gives every setting a scope and a description', () => {
    for (const [key, p] of Object.entries(props)) {
      assert.ok(p.scope, `${key} has no scope`);
      assert.ok((p.markdownDescription ?? p.description ?? '').length > 15, `${key} has no real description`);
    }
  });

  it('keeps base URLs and headers out of workspace reach', () => {
    for (const key of ['fastLane.baseUrl', 'deepLane.baseUrl', 'fastLane.headers', 'deepLane.headers']) {
      assert.equal(props[`switchyard.${key}`].scope, 'machine', key);
    }
  });

  it('reads defaults when nothing is set, and falls back on bad values', () => {
    const defaults = readSettings(() => undefined);
    assert.equal(defaults.fastLane.model, 'gemini-3.5-flash');
    assert.equal(defaults.deepLane.protocol, 'openai-responses');
    assert.equal(defaults.completions.debounceMs, 150);
    const bad: Partial<Record<SettingKey, unknown>> = { 'fastLane.protocol': 'carrier-pigeon', 'budget.dailyUsd': -3, 'maxOutputTokens': { completion: 'lots', refactor: 999 }, 'fastLane.headers': { 'X-Gateway': 'a', bad: 4 } };
    const s = readSettings((k) => bad[k]);
    assert.equal(s.fastLane.protocol, 'gemini');
    assert.equal(s.budget.dailyUsd, 5);
    assert.equal(s.maxOutputTokens.completion, 128);
    assert.equal(s.maxOutputTokens.refactor, 999);
    assert.deepEqual(s.fastLane.headers, { 'X-Gateway': 'a' });
  });
});
