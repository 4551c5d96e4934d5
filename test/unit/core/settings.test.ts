import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_POLICY, policyFromSettings } from '../../../src/core/policy-config.ts';
import { readSettings, SETTING_CHOICES, SETTING_DEFAULTS, type SettingKey } from '../../../src/core/settings.ts';
import { TASK_KINDS } from '../../../src/core/task.ts';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8'));
interface Declared { type?: string; default: unknown; enum?: unknown[]; properties?: Record<string, unknown>; scope?: string; markdownDescription?: string; description?: string }
const props = pkg.contributes.configuration.properties as Record<string, Declared>;
const jsonType = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v);

describe('settings', () => {
  it('declares exactly the settings the code reads, with equal defaults', () => {
    const declared = Object.keys(props).map((k) => k.replace(/^switchyard\./, '')).sort();
    assert.deepEqual(declared, Object.keys(SETTING_DEFAULTS).sort());
    for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
      assert.deepEqual(props[`switchyard.${key}`].default, value, `default of switchyard.${key}`);
    }
  });

  it('declares each default with the type package.json gives it', () => {
    for (const [key, value] of Object.entries(SETTING_DEFAULTS)) {
      assert.equal(props[`switchyard.${key}`].type, jsonType(value), `type of switchyard.${key}`);
    }
  });

  it('offers exactly the choices the code accepts', () => {
    const choiceOf: Partial<Record<SettingKey, readonly string[]>> = {
      'fastLane.protocol': SETTING_CHOICES.protocol, 'deepLane.protocol': SETTING_CHOICES.protocol,
      'fastLane.thinking': SETTING_CHOICES.thinking, 'deepLane.reasoningEffort': SETTING_CHOICES.thinking,
      'budget.completionsAtCap': SETTING_CHOICES.completionsAtCap, 'routing.preference': SETTING_CHOICES.preference,
      'completions.protocol': SETTING_CHOICES.completionProtocol,
    };
    const withEnum = Object.entries(props).filter(([, p]) => p.enum).map(([k]) => k.replace(/^switchyard\./, '')).sort();
    assert.deepEqual(withEnum, Object.keys(choiceOf).sort());
    for (const [key, choices] of Object.entries(choiceOf)) assert.deepEqual(props[`switchyard.${key}`].enum, [...choices], key);
  });

  it('has a value per task kind in every per-kind setting', () => {
    for (const key of ['maxOutputTokens', 'promptTokens', 'budget.aboveWarn'] as const) {
      assert.deepEqual(Object.keys(SETTING_DEFAULTS[key]).sort(), [...TASK_KINDS].sort(), key);
      assert.deepEqual(Object.keys(props[`switchyard.${key}`].properties ?? {}).sort(), [...TASK_KINDS].sort(), `package.json ${key}`);
    }
  });

  it('offers each kind the budget choices the code accepts above the warn level (completions cannot ask)', () => {
    const kinds = props['switchyard.budget.aboveWarn'].properties as Record<string, { enum: string[] }>;
    for (const k of TASK_KINDS) {
      assert.deepEqual(kinds[k]!.enum, SETTING_CHOICES.aboveWarn.filter((c) => k !== 'completion' || c !== 'ask'), k);
    }
    const read = (v: unknown) => readSettings((k) => (k === 'budget.aboveWarn' ? v : undefined)).budget.aboveWarn;
    assert.deepEqual(read({ completion: 'ask', quickEdit: 'ask', refactor: 'later' }),
      { completion: 'fastLane', quickEdit: 'ask', refactor: 'ask', astTransform: 'ask', agent: 'fastLane' }, 'bad choices fall back per kind');
    const ceiling = (v: unknown) => readSettings((k) => (k === 'budget.hardCeilingPercent' ? v : undefined)).budget.hardCeilingPercent;
    assert.deepEqual([ceiling(99), ceiling(100), ceiling(250), ceiling('x')], [120, 100, 250, 120], 'a ceiling is never under the cap');
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

  it('builds the policy from settings: one defaults table', () => {
    assert.deepEqual(policyFromSettings(readSettings(() => undefined)), DEFAULT_POLICY);
    const given: Partial<Record<SettingKey, unknown>> = {
      'fastLane.model': 'gemini-3.5-flash-lite', 'deepLane.protocol': 'openai-chat', 'deepLane.baseUrl': 'http://127.0.0.1:1234/v1', 'deepLane.model': 'local-coder',
      'maxOutputTokens': { completion: 16, refactor: 9_000 }, 'promptTokens': { quickEdit: 2_000 },
      'budget.dailyUsd': 0, 'budget.monthlyUsd': 12.5, 'budget.warnAt': 0.5, 'budget.completionsAtCap': 'fastLane',
      'budget.aboveWarn': { quickEdit: 'ask', refactor: 'stop' }, 'budget.hardCeilingPercent': 150,
      'routing.allowFallback': false, 'routing.quickEditMaxLines': 20,
    };
    const p = policyFromSettings(readSettings((k) => given[k]));
    assert.deepEqual([p.lanes.fast.provider, p.lanes.fast.model], ['gemini', 'gemini-3.5-flash-lite']);
    assert.deepEqual([p.lanes.deep.provider, p.lanes.deep.model], ['openai-compatible', 'local-coder']);
    assert.deepEqual(p.tokenBudgets.completion, { prompt: 1024, output: 16, typicalOutput: 16 }, 'typical output never above the cap');
    assert.equal(p.tokenBudgets.refactor.output, 9_000);
    assert.equal(p.tokenBudgets.quickEdit.prompt, 2_000);
    assert.deepEqual(p.budget, {
      dailyCapNanos: null, monthlyCapNanos: 12_500_000_000, warnFraction: 0.5, completionsAtCap: 'fastLane', hardCeiling: 1.5,
      aboveWarn: { completion: 'fastLane', quickEdit: 'ask', refactor: 'stop', astTransform: 'ask', agent: 'fastLane' },
    });
    assert.deepEqual(p.fallback.allowed, { completion: false, quickEdit: false, refactor: false, astTransform: false, agent: false });
    assert.equal(p.escalation.quickEditMaxLines, 20);
    assert.deepEqual(DEFAULT_POLICY.fallback.allowed, { completion: false, quickEdit: true, refactor: true, astTransform: true, agent: true });
    assert.deepEqual(DEFAULT_POLICY.escalation.kinds, ['quickEdit', 'refactor', 'astTransform', 'agent']);
  });
});
