// The FIM settings: read and validated like the others, and only completions on
// an OpenAI-compatible fast lane go by them.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invalidSetting, readSettings, type SettingKey } from '../../../../src/core/settings.ts';
import { fimLaneConfig, fimProblem } from '../../../../src/pipeline/completion/fim-lane.ts';

const read = (values: Partial<Record<SettingKey, unknown>>) => readSettings((k) => values[k]);

describe('FIM settings', () => {
  it('defaults to chat; a bad protocol falls back to chat and is named as invalid', () => {
    assert.deepEqual(read({}).completions, { enabled: true, debounceMs: 150, protocol: 'chat', model: '', showFirstLine: true });
    assert.equal(read({ 'completions.protocol': 'fim' }).completions.protocol, 'chat');
    assert.equal(invalidSetting('completions.protocol', 'fim'), 'completions.protocol must be chat, openai-fim; got "fim"');
    assert.equal(invalidSetting('completions.protocol', 'openai-fim'), undefined);
    assert.match(invalidSetting('fastLane.protocol', 'openai-fim') ?? '', /fastLane\.protocol must be gemini, openai-responses, openai-chat/, 'a lane cannot speak FIM for everything');
    assert.equal(read({ 'completions.model': '  qwen2.5-coder:7b ' }).completions.model, 'qwen2.5-coder:7b');
  });

  it('the FIM lane is the fast lane\'s URL, key and headers with the completions model', () => {
    const s = read({
      'fastLane.protocol': 'openai-chat', 'fastLane.baseUrl': 'http://127.0.0.1:11434/v1', 'fastLane.model': 'qwen2.5-coder:7b-instruct',
      'fastLane.headers': { 'X-Team': 'a' }, 'completions.protocol': 'openai-fim',
    });
    assert.deepEqual(fimLaneConfig(s, 'k'), {
      protocol: 'openai-fim', model: 'qwen2.5-coder:7b-instruct', baseUrl: 'http://127.0.0.1:11434/v1', headers: { 'X-Team': 'a' }, apiKey: 'k',
      firstTokenTimeoutMs: 4000, totalTimeoutMs: 30000, reasoningEffort: 'minimal',
    });
    assert.equal(fimLaneConfig({ ...s, completions: { ...s.completions, model: 'qwen2.5-coder:1.5b' } }, '')?.model, 'qwen2.5-coder:1.5b');
    assert.equal(fimLaneConfig({ ...s, completions: { ...s.completions, protocol: 'chat' } }, 'k'), undefined);
    assert.equal(fimProblem(s), undefined);
    const gemini = read({ 'completions.protocol': 'openai-fim' });
    assert.equal(fimLaneConfig(gemini, 'k'), undefined);
    assert.match(fimProblem(gemini) ?? '', /fast lane speaks gemini: completions use chat/);
  });
});
