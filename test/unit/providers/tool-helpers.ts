// Tools and a conversation the tool tests share, and a way to pick out tool calls.
import type { ChatMessage, ProviderEvent, ToolCall, ToolSpec } from '../../../src/core/provider-types.ts';

export const READ_FILE: ToolSpec = {
  name: 'readFile',
  description: 'Reads a file of the workspace.',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};
/** A tool without an input schema (it takes no arguments). */
export const RUN_TESTS: ToolSpec = { name: 'runTests', description: 'Runs the test suite.' };
export const TOOLS: readonly ToolSpec[] = [READ_FILE, RUN_TESTS];

export function callsOf(events: readonly ProviderEvent[]): ToolCall[] {
  return events.flatMap((e) => (e.type === 'tool_call' ? [e.call] : []));
}

/** A user asks, the model reads a file and runs the tests in one step, the results (one a failure) come back. */
export function conversation(read: ToolCall, run: ToolCall): ChatMessage[] {
  return [
    { role: 'user', content: 'Fix the failing test.' },
    { role: 'assistant', content: [{ type: 'text', text: 'Reading first.' }, { type: 'tool_call', call: read }, { type: 'tool_call', call: run }] },
    {
      role: 'user',
      content: [
        { type: 'tool_result', callId: read.id, name: read.name, content: 'export const a = 1;' },
        { type: 'tool_result', callId: run.id, name: run.name, content: '1 failing: a.test.ts', isError: true },
      ],
    },
  ];
}
