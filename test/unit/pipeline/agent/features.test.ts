// The features of one agent request, from its messages and the window's memory.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countTokens } from '../../../../src/core/tokens.ts';
import { agentFeatures, canonicalArguments, contextTokensOf, planWordIn, repeatedCallIn, requestPieces } from '../../../../src/pipeline/agent/features.ts';
import { calls, request, results, TOOLS, user } from './conversation.ts';

describe('plan words', () => {
  const asks = ['Refactor the logger into its own module', 'Plan how to add caching', 'Rename getUser across the codebase',
    'Update every file that imports lodash', 'make this change in all files under src/', 'Migrate the tests to vitest',
    'walk me through it step by step', 'a multi-file change to the parser', 'Apply it project-wide'];
  const plain = ['Fix the typo in README.md', 'Why does this test fail?', 'Add a null check to parseUser', 'rename x to count in this function', 'Explain the planner module? no, just the airplane class'];
  for (const text of asks) it(`"${text}" asks for a plan`, () => assert.ok(planWordIn(text), text));
  for (const text of plain) it(`"${text}" does not`, () => assert.equal(planWordIn(text), undefined));
});

describe('repeated calls', () => {
  it('compares arguments as parsed JSON, whatever the key order and spacing', () => {
    assert.equal(canonicalArguments('{"b": 2, "a": {"y": 1, "x": [1, 2]}}'), canonicalArguments('{"a":{"x":[1,2],"y":1},"b":2}'));
    assert.equal(canonicalArguments(''), '{}');
    assert.equal(canonicalArguments('{not json'), '{not json', 'raw text when it does not parse');
  });

  it('a call repeated with the same arguments and result is a loop', () => {
    const msgs = [user('fix it'), calls(['1', 'readFile', { path: 'a.ts' }]), results(['1', 'readFile', 'const a = 1;']),
      calls(['2', 'readFile', '{ "path" : "a.ts" }']), results(['2', 'readFile', 'const a = 1;'])];
    assert.equal(repeatedCallIn(msgs), 'readFile');
  });

  it('a call repeated after something changed (tests re-run after an edit) is progress', () => {
    const msgs = [user('fix it'), calls(['1', 'runTests', {}]), results(['1', 'runTests', '# fail 1']),
      calls(['2', 'editFile', { path: 'a.ts', find: '1', replace: '2' }]), results(['2', 'editFile', 'ok']),
      calls(['3', 'runTests', {}]), results(['3', 'runTests', '# fail 0'])];
    assert.equal(repeatedCallIn(msgs), undefined);
  });

  it('different arguments, or a repeat before the latest turn, are not a loop', () => {
    assert.equal(repeatedCallIn([user('x'), calls(['1', 'readFile', { path: 'a.ts' }]), results(['1', 'readFile', 'A']), calls(['2', 'readFile', { path: 'b.ts' }]), results(['2', 'readFile', 'A'])]), undefined);
    assert.equal(repeatedCallIn([user('x'), calls(['1', 'readFile', { path: 'a.ts' }]), calls(['2', 'readFile', { path: 'a.ts' }]), calls(['3', 'runTests', {}])]), undefined);
    assert.equal(repeatedCallIn([user('x')]), undefined);
  });
});

describe('agent features', () => {
  it('the first request: turn 1, its plan word, its text and size', () => {
    const req = request([user('Refactor the config loader across all files')]);
    const f = agentFeatures(req);
    assert.deepEqual({ ...f, contextTokens: 0 }, {
      turn: 1, asksForPlan: true, planWord: 'refactor', toolResults: 0, failedToolResults: 0, repeatedCall: false,
      lastUserChars: 43, contextTokens: 0, tools: 3, toolMode: 'auto', fastFailedTools: [],
    });
    assert.equal(f.contextTokens, requestPieces(req).reduce((n, p) => n + countTokens(p), 0), 'counted with the real tokenizer');
    assert.ok(f.contextTokens > 60, 'the tool definitions count');
  });

  it('a later request: the turn, tool results and which failed', () => {
    const msgs = [user('Make the tests pass'), calls(['1', 'runTests', {}], ['2', 'readFile', { path: 'a.ts' }]),
      results(['1', 'runTests', '> node --test\nℹ tests 3\nℹ pass 2\nℹ fail 1\n'], ['2', 'readFile', 'export const a = 1;\n'])];
    const f = agentFeatures(request(msgs));
    assert.equal(f.turn, 2);
    assert.equal(f.asksForPlan, false);
    assert.deepEqual([f.toolResults, f.failedToolResults, f.failure], [2, 1, 'runTests: 1 test failed']);
    assert.equal(f.lastUserChars, 'Make the tests pass'.length, 'the last user text, not the tool results');
  });

  it('a result the tool marks as an error counts as failed', () => {
    const f = agentFeatures(request([user('go'), calls(['1', 'editFile', { path: 'a', find: 'x', replace: 'y' }]), results(['1', 'editFile', 'text not found', true])]));
    assert.deepEqual([f.failedToolResults, f.failure], [1, 'editFile: the tool reported an error']);
  });

  it('keeps the remembered fast-lane failures for the tools offered now, sorted', () => {
    const f = agentFeatures(request([user('go')], { toolMode: 'required' }), ['runTests', 'editFile', 'gone', 'editFile']);
    assert.deepEqual(f.fastFailedTools, ['editFile', 'runTests']);
    assert.equal(f.toolMode, 'required');
  });

  it('a loop shows as a repeated call naming the tool', () => {
    const msgs = [user('fix'), calls(['1', 'readFile', { path: 'a' }]), results(['1', 'readFile', 'x']), calls(['2', 'readFile', { path: 'a' }]), results(['2', 'readFile', 'x'])];
    const f = agentFeatures(request(msgs));
    assert.deepEqual([f.repeatedCall, f.repeatedTool, f.turn], [true, 'readFile', 3]);
  });

  it('counts each piece once per conversation, with the same total', () => {
    const req = request([user('go'), calls(['1', 'readFile', { path: 'a' }]), results(['1', 'readFile', 'line of output\n'.repeat(50)])]);
    const counted = new Map<string, number>();
    const first = contextTokensOf(req, counted);
    assert.equal(first, contextTokensOf(req));
    assert.ok(counted.size >= 2, 'long pieces are kept by digest');
    assert.ok([...counted.keys()].every((k) => k.length < 40), 'digests, not text');
    assert.equal(contextTokensOf(req, counted), first);
  });

  it('counts every part of the request, tool definitions included', () => {
    const bare = agentFeatures(request([user('hi')], { tools: [], system: undefined })).contextTokens;
    assert.equal(bare, countTokens('hi'));
    assert.ok(agentFeatures(request([user('hi')], { tools: TOOLS, system: undefined })).contextTokens > bare + 50);
  });
});
