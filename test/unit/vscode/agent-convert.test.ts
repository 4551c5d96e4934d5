// VS Code chat messages → the pipeline's agent request, with classes shaped like vscode's parts.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ChatPart } from '../../../src/core/provider-types.ts';
import { CallMemory } from '../../../src/vscode/agent/call-memory.ts';
import { messageText, ROLE, toAgentRequest, type PartClasses, type RequestMessage } from '../../../src/vscode/agent/convert-request.ts';

// Shaped like vscode's (the extension host passes instances of its own classes).
class TextPart { value: string; constructor(value: string) { this.value = value; } }
class ToolCallPart {
  callId: string; name: string; input: object;
  constructor(callId: string, name: string, input: object) { this.callId = callId; this.name = name; this.input = input; }
}
class ToolResultPart {
  callId: string; content: unknown[]; isError: boolean;
  constructor(callId: string, content: unknown[], isError = false) { this.callId = callId; this.content = content; this.isError = isError; }
}
class DataPart { data: Uint8Array; mimeType: string; constructor(data: Uint8Array, mimeType: string) { this.data = data; this.mimeType = mimeType; } }
class ThinkingPart { value: string; constructor(value: string) { this.value = value; } }
class PromptTsxPart { value: unknown; constructor(value: unknown) { this.value = value; } }
const PARTS: PartClasses = { text: TextPart, toolCall: ToolCallPart, toolResult: ToolResultPart, data: DataPart };

const user = (...content: unknown[]): RequestMessage => ({ role: ROLE.user, content });
const assistant = (...content: unknown[]): RequestMessage => ({ role: ROLE.assistant, content });
const bytes = (s: string) => new TextEncoder().encode(s);

describe('chat request conversion', () => {
  it('a multi-turn tool conversation: calls with their JSON arguments, results named after their calls', () => {
    const { request, dropped } = toAgentRequest('auto', [
      { role: ROLE.system, content: [new TextPart('You are an agent.')] },
      user(new TextPart('Fix the failing test in src/a.ts')),
      assistant(new TextPart('Reading it.'), new ToolCallPart('c1', 'readFile', { path: 'src/a.ts' })),
      user(new ToolResultPart('c1', [new TextPart('export const a = 1;')])),
      assistant(new ToolCallPart('c2', 'runTests', {})),
      user(new ToolResultPart('c2', [new TextPart('1 failing')], true), new TextPart('and keep it short')),
    ], { tools: [{ name: 'readFile', description: 'reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } }, { name: 'runTests', description: 'runs the tests' }], toolMode: 2 }, PARTS);
    assert.deepEqual(dropped, []);
    assert.equal(request.system, 'You are an agent.');
    assert.equal(request.model, 'auto');
    assert.equal(request.toolMode, 'required');
    assert.deepEqual(request.tools, [
      { name: 'readFile', description: 'reads a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } } } },
      { name: 'runTests', description: 'runs the tests' },
    ]);
    assert.deepEqual(request.messages, [
      { role: 'user', content: 'Fix the failing test in src/a.ts' },
      { role: 'assistant', content: [{ type: 'text', text: 'Reading it.' }, { type: 'tool_call', call: { id: 'c1', name: 'readFile', arguments: '{"path":"src/a.ts"}' } }] },
      { role: 'user', content: [{ type: 'tool_result', callId: 'c1', name: 'readFile', content: 'export const a = 1;' }] },
      { role: 'assistant', content: [{ type: 'tool_call', call: { id: 'c2', name: 'runTests', arguments: '{}' } }] },
      { role: 'user', content: [{ type: 'tool_result', callId: 'c2', name: 'runTests', content: '1 failing', isError: true }, { type: 'text', text: 'and keep it short' }] },
    ]);
  });

  it('gives a Gemini thought signature back to the call it came with, and names a result from a call it emitted', () => {
    const memory = new CallMemory();
    memory.remember('g1', { name: 'editFile', signature: 'sig-abc' });
    const { request } = toAgentRequest('fast', [
      user(new TextPart('go')),
      assistant(new ToolCallPart('g1', 'editFile', { path: 'a.ts', text: 'x' })),
      user(new ToolResultPart('g1', [new TextPart('ok')])),
    ], {}, PARTS, memory);
    const call = (request.messages[1]!.content as ChatPart[])[0]!;
    assert.deepEqual(call, { type: 'tool_call', call: { id: 'g1', name: 'editFile', arguments: '{"path":"a.ts","text":"x"}', signature: 'sig-abc' } });
    assert.equal(request.toolMode, 'auto');
    assert.deepEqual(request.tools, []);
    // A history that lost the call still names the result, from the call this provider emitted.
    const orphan = toAgentRequest('auto', [user(new ToolResultPart('g1', [new TextPart('ok')]))], {}, PARTS, memory);
    assert.deepEqual(orphan.request.messages, [{ role: 'user', content: [{ type: 'tool_result', callId: 'g1', name: 'editFile', content: 'ok' }] }]);
  });

  it('drops what no lane can take, and says why without quoting any text', () => {
    const { request, dropped } = toAgentRequest('deep', [
      user(new TextPart('look'), new DataPart(bytes('PNG...'), 'image/png'), new DataPart(bytes('{"a":1}'), 'application/json')),
      assistant(new ThinkingPart('secret reasoning'), new TextPart('done')),
      user(new ToolResultPart('nope', [new TextPart('stray')])),
      user(new ToolResultPart('c9', [new TextPart('x')])),
      assistant(new ToolCallPart('c9', 'readFile', {})),
      user(new ToolResultPart('c9', [new PromptTsxPart({ node: 1 }), new TextPart('file text')])),
      user(new DataPart(bytes('ephemeral'), 'cache_control')),
    ], {}, PARTS);
    assert.deepEqual(request.messages, [
      { role: 'user', content: 'look{"a":1}' },
      { role: 'assistant', content: 'done' },
      { role: 'assistant', content: [{ type: 'tool_call', call: { id: 'c9', name: 'readFile', arguments: '{}' } }] },
      { role: 'user', content: [{ type: 'tool_result', callId: 'c9', name: 'readFile', content: 'file text' }] },
    ]);
    assert.deepEqual(dropped, [
      "message 1 (user): a data part of type image/png (Switchyard's models take text only)",
      'message 2 (assistant): a ThinkingPart',
      'message 3 (user): a tool result for call nope, which no earlier message made',
      'message 3 (user): nothing left to send, so the message is left out',
      'message 4 (user): a tool result for call c9, which no earlier message made',
      'message 4 (user): nothing left to send, so the message is left out',
      'message 6 (user): a PromptTsxPart inside a tool result',
      "message 7 (user): a data part of type cache_control (Switchyard's models take text only)",
      'message 7 (user): nothing left to send, so the message is left out',
    ]);
    for (const line of dropped) assert.doesNotMatch(line, /secret|stray|PNG|ephemeral/);
  });

  it('a call in a user message or a result in an assistant message is misplaced and left out', () => {
    const { request, dropped } = toAgentRequest('auto', [
      user(new TextPart('hi'), new ToolCallPart('u1', 'readFile', {})),
      assistant(new TextPart('hello'), new ToolResultPart('u1', [new TextPart('r')])),
    ], {}, PARTS);
    assert.deepEqual(request.messages, [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }]);
    assert.deepEqual(dropped, ['message 1 (user): a tool call (u1) in a user message', 'message 2 (assistant): a tool result (u1) in an assistant message']);
  });

  it('counts a message by the text it would send: text, each call\'s name and arguments, each result', () => {
    assert.equal(messageText(assistant(new TextPart('a'), new ToolCallPart('c', 'readFile', { path: 'x' })), PARTS), 'a\nreadFile{"path":"x"}');
    assert.equal(messageText(user(new ToolResultPart('c', [new TextPart('out')])), PARTS), 'out');
  });

  it('keeps every text part in order, whatever the split (property)', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.string(), { maxLength: 4 }), { maxLength: 6 }), (messages) => {
      const input = messages.map((texts, i) => ({ role: i % 2 ? ROLE.assistant : ROLE.user, content: texts.map((t) => new TextPart(t)) }));
      const { request } = toAgentRequest('auto', input, {}, PARTS);
      const sent = request.messages.map((m) => m.content as string);
      assert.deepEqual(sent, messages.map((t) => t.join('')).filter((t) => t !== ''));
    }), { seed: 16, numRuns: 200 });
  });
});

describe('call memory', () => {
  it('forgets the oldest calls first, and a call seen again becomes the newest', () => {
    const m = new CallMemory(3);
    for (const id of ['a', 'b', 'c']) m.remember(id, { name: id });
    m.remember('a', { name: 'a', signature: 's' });
    m.remember('d', { name: 'd' });
    assert.equal(m.size, 3);
    assert.equal(m.get('b'), undefined);
    assert.deepEqual(m.get('a'), { name: 'a', signature: 's' });
    assert.throws(() => new CallMemory(0), /room for one call/);
  });
});
