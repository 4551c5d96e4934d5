// Builders for agent conversations in tests: user text, assistant calls, tool results.
import type { ChatMessage, ToolSpec } from '../../../../src/core/provider-types.ts';
import type { AgentTurnRequest } from '../../../../src/pipeline/agent/agent-types.ts';

export const TOOLS: readonly ToolSpec[] = [
  { name: 'readFile', description: 'Read a file', inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false } },
  { name: 'editFile', description: 'Replace text in a file', inputSchema: { type: 'object', properties: { path: { type: 'string' }, find: { type: 'string' }, replace: { type: 'string' } }, required: ['path', 'find', 'replace'] } },
  { name: 'runTests', description: 'Run the test suite', inputSchema: { type: 'object', properties: {} } },
];

export const user = (text: string): ChatMessage => ({ role: 'user', content: text });

export const calls = (...cs: [id: string, name: string, args: unknown][]): ChatMessage => ({
  role: 'assistant',
  content: cs.map(([id, name, args]) => ({ type: 'tool_call', call: { id, name, arguments: typeof args === 'string' ? args : JSON.stringify(args) } })),
});

export const results = (...rs: [id: string, name: string, content: string, isError?: boolean][]): ChatMessage => ({
  role: 'user',
  content: rs.map(([callId, name, content, isError]) => ({ type: 'tool_result', callId, name, content, ...(isError ? { isError } : {}) })),
});

export const request = (messages: ChatMessage[], over: Partial<AgentTurnRequest> = {}): AgentTurnRequest => ({
  model: 'auto', system: 'You are a coding agent. Use the tools.', messages, tools: TOOLS, toolMode: 'auto', ...over,
});
