// Which Switchyard models VS Code lists for which lanes, with the limits the policy gives them.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { policyFromSettings } from '../../../src/core/policy-config.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/core/settings.ts';
import { COMMANDS } from '../../../src/vscode/command-ids.ts';
import { familyOf, modelCatalog, modelId, VENDOR } from '../../../src/vscode/agent/model-catalog.ts';

const lanes = (s: Settings) => ({ fast: s.fastLane, deep: s.deepLane });
const catalog = (ready: { fast: boolean; deep: boolean }, settings: Settings = DEFAULT_SETTINGS) =>
  modelCatalog(policyFromSettings(settings), ready, lanes(settings));

describe('Switchyard chat models', () => {
  it('with both lanes: Auto, Fast and Deep, each with its lane\'s limits', () => {
    const { models, missing } = catalog({ fast: true, deep: true });
    assert.deepEqual(missing, []);
    assert.deepEqual(models.map((m) => [m.id, m.name, m.family, m.version]), [
      ['switchyard-auto', 'Switchyard Auto', 'auto', 'gemini-3.5-flash+gpt-5.5'],
      ['switchyard-fast', 'Switchyard Fast', 'fast', 'gemini-3.5-flash'],
      ['switchyard-deep', 'Switchyard Deep', 'deep', 'gpt-5.5'],
    ]);
    // Agent kind: 200,000 prompt tokens and 8,000 output by default; the fast lane's context budget is 32,000.
    assert.deepEqual(models.map((m) => [m.family, m.maxInputTokens, m.maxOutputTokens]), [
      ['auto', 200_000, 8_000], ['fast', 200_000, 8_000], ['deep', 200_000, 8_000],
    ]);
    for (const m of models) assert.deepEqual(m.capabilities, { toolCalling: true, imageInput: false });
    assert.match(models[0]!.detail, /routes each request: gemini-3\.5-flash or gpt-5\.5/);
  });

  it('follows the settings: a smaller output cap or prompt budget for agent requests, and the lane models', () => {
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      maxOutputTokens: { ...DEFAULT_SETTINGS.maxOutputTokens, agent: 2_000 },
      promptTokens: { ...DEFAULT_SETTINGS.promptTokens, agent: 20_000 },
      fastLane: { ...DEFAULT_SETTINGS.fastLane, model: 'qwen3-coder', protocol: 'openai-chat', baseUrl: 'http://127.0.0.1:11434/v1' },
    };
    const { models } = catalog({ fast: true, deep: true }, settings);
    assert.deepEqual(models.map((m) => [m.family, m.version, m.maxInputTokens, m.maxOutputTokens]), [
      ['auto', 'qwen3-coder+gpt-5.5', 20_000, 2_000], ['fast', 'qwen3-coder', 20_000, 2_000], ['deep', 'gpt-5.5', 20_000, 2_000],
    ]);
  });

  it('Auto on the fast lane alone takes only what the fast lane\'s context budget allows, and says it has one lane', () => {
    const { models, missing } = catalog({ fast: true, deep: false });
    assert.deepEqual(models.map((m) => m.family), ['auto', 'fast']);
    const auto = models[0]!;
    assert.equal(auto.maxInputTokens, 32_000, 'over the fast lane\'s budget Auto would route to the missing deep lane');
    assert.equal(auto.version, 'gemini-3.5-flash');
    assert.match(auto.detail, /^fast lane only/);
    assert.match(auto.tooltip, /the deep lane \(gpt-5\.5\) has no key/);
    assert.deepEqual(missing.map((m) => m.family), ['deep']);
    assert.match(missing[0]!.reason, /Set Deep Lane Key…".*SWITCHYARD_DEEP_API_KEY or OPENAI_API_KEY/);
  });

  it('with no lane, nothing is listed and each missing model says why', () => {
    const { models, missing } = catalog({ fast: false, deep: false });
    assert.deepEqual(models, []);
    assert.deepEqual(missing.map((m) => m.name), ['Switchyard Auto', 'Switchyard Fast', 'Switchyard Deep']);
    assert.match(missing[0]!.reason, /^neither lane can serve: the fast lane .*GEMINI_API_KEY; the deep lane .*OPENAI_API_KEY$/);
  });

  it('a lane at a gateway names its endpoint and never suggests the provider\'s own key variable', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, deepLane: { ...DEFAULT_SETTINGS.deepLane, baseUrl: 'https://gateway.example/v1' } };
    const { missing } = catalog({ fast: true, deep: false }, settings);
    assert.match(missing[0]!.reason, /at https:\/\/gateway\.example\/v1/);
    assert.doesNotMatch(missing[0]!.reason, /OPENAI_API_KEY/);
  });

  it('model ids map back to their family, and nothing else does', () => {
    for (const f of ['auto', 'fast', 'deep'] as const) assert.equal(familyOf(modelId(f)), f);
    assert.equal(familyOf('auto'), undefined, 'VS Code treats a model whose id is "auto" as its own Auto');
    assert.equal(familyOf('switchyard-other'), undefined);
  });

  it('package.json contributes the vendor the provider registers, with the management command', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { languageModelChatProviders: { vendor: string; displayName: string; managementCommand?: string }[]; commands: { command: string }[] };
    };
    assert.deepEqual(pkg.contributes.languageModelChatProviders, [{ vendor: VENDOR, displayName: 'Switchyard', managementCommand: COMMANDS.manageModels }]);
    assert.ok(pkg.contributes.commands.some((c) => c.command === COMMANDS.manageModels));
  });
});
