// The checks an answer passes before its tool calls reach the caller (ajv for schemas).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ToolCall } from '../../../../src/core/provider-types.ts';
import { checkAnswer, checkToolCall, validatorFor } from '../../../../src/pipeline/agent/tool-check.ts';
import { TOOLS } from './conversation.ts';

const call = (name: string, args: string, id = 'c1'): ToolCall => ({ id, name, arguments: args });

describe('tool call checks', () => {
  it('a well-formed call passes with its parsed input', () => {
    const r = checkAnswer('Reading it.', [call('readFile', '{"path":"src/a.ts"}')], TOOLS, 'auto');
    assert.ok(r.ok);
    assert.deepEqual(r.value, { text: 'Reading it.', calls: [{ id: 'c1', name: 'readFile', arguments: '{"path":"src/a.ts"}', input: { path: 'src/a.ts' } }] });
  });

  it('arguments that do not parse', () => {
    assert.deepEqual(checkToolCall(call('readFile', '{"path": "a.ts"'), TOOLS), { ok: false, problem: 'the arguments of readFile are not valid JSON' });
    assert.deepEqual(checkToolCall(call('readFile', '["a.ts"]'), TOOLS), { ok: false, problem: 'the arguments of readFile are not a JSON object' });
  });

  it('a call the provider could not parse (Gemini names none)', () => {
    assert.deepEqual(checkToolCall(call('', 'print(default_api.readFile(path=a.ts))'), TOOLS), { ok: false, problem: 'the model wrote a tool call the provider could not parse' });
    const r = checkAnswer('', [call('', '')], TOOLS, 'auto');
    assert.deepEqual(!r.ok && [r.malformedToolCalls, r.malformedTools], [1, []], 'no tool to remember');
  });

  it('a tool that was not offered', () => {
    assert.deepEqual(checkToolCall(call('deleteRepo', '{}'), TOOLS), { ok: false, problem: '"deleteRepo" is not one of the offered tools' });
  });

  it('arguments that do not match the schema, with where and why', () => {
    assert.deepEqual(checkToolCall(call('readFile', '{"file":"a.ts"}'), TOOLS), { ok: false, problem: "the arguments of readFile do not match its schema (/ must have required property 'path')" });
    assert.deepEqual(checkToolCall(call('readFile', '{"path":3}'), TOOLS), { ok: false, problem: 'the arguments of readFile do not match its schema (/path must be string)' });
  });

  it('empty arguments are an empty object (a tool without parameters)', () => {
    const r = checkToolCall(call('runTests', ''), TOOLS);
    assert.deepEqual(r, { ok: true, input: {} });
  });

  it('rejects the whole answer when one call is malformed, counting the malformed ones', () => {
    const r = checkAnswer('', [call('readFile', '{"path":"a"}', 'c1'), call('editFile', '{"path":"a"}', 'c2'), call('nope', '{', 'c3')], TOOLS, 'auto');
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.equal(r.failure, 'tool_call');
    assert.equal(r.malformedToolCalls, 2);
    assert.deepEqual(r.malformedTools, ['editFile', 'nope']);
    assert.match(r.message, /editFile do not match its schema.*; "nope" is not one of the offered tools/);
  });

  it('under toolMode required, an answer without a call is rejected; under auto, text alone is fine', () => {
    const r = checkAnswer('I think the bug is in a.ts.', [], TOOLS, 'required');
    assert.deepEqual(r, { ok: false, failure: 'no_tool_call', message: 'a tool call was required and the answer made none' });
    assert.ok(checkAnswer('Done.', [], TOOLS, 'auto').ok);
  });

  it('an answer cut off at the output limit is never used', () => {
    const r = checkAnswer('partial', [call('readFile', '{"path":"a"}')], TOOLS, 'auto', 'length');
    assert.equal(!r.ok && r.failure, 'truncated');
  });

  it('compiles each schema once, whatever object carries it, and ignores $schema', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } } };
    const a = validatorFor(schema);
    assert.equal(validatorFor(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>), a, 'cached by content');
    assert.equal(validatorFor({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...schema }), a);
  });

  it('a schema ajv cannot compile does not hold back a call (the tool is at fault, not the model)', () => {
    const tools = [{ name: 'odd', description: 'x', inputSchema: { type: 'object', properties: { a: { $ref: '#/missing' } } } }];
    assert.ok(validatorFor(tools[0]!.inputSchema) instanceof Error);
    assert.deepEqual(checkToolCall(call('odd', '{"a":1}'), tools), { ok: true, input: { a: 1 } });
  });

  it('keywords unknown to ajv (editors and MCP servers add their own) do not break the check', () => {
    const tools = [{ name: 't', description: 'x', inputSchema: { type: 'object', properties: { a: { type: 'string', markdownDescription: 'A' } }, required: ['a'] } }];
    assert.equal(checkToolCall(call('t', '{}'), tools).ok, false);
    assert.equal(checkToolCall(call('t', '{"a":"x"}'), tools).ok, true);
  });
});
