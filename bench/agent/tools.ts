// The three tools the replayed agent offers, with JSON Schemas as an agent host
// declares them, and their simulated execution against a task's current step.
import { isDeepStrictEqual } from 'node:util';
import { Ajv } from 'ajv';
import type { ToolSpec } from '../../src/core/provider-types.ts';
import type { AgentTask, Call, ToolAnswer } from './scenarios.ts';

export const TOOL_SPECS: readonly ToolSpec[] = [
  {
    name: 'readFile',
    description: 'Read a file of the workspace; returns its text with line numbers.',
    inputSchema: { type: 'object', properties: { path: { type: 'string', description: 'Workspace-relative path' } }, required: ['path'], additionalProperties: false },
  },
  {
    name: 'editFile',
    description: 'Replace exactly one occurrence of `search` in a file with `replace`.',
    inputSchema: {
      type: 'object',
      properties: { path: { type: 'string' }, search: { type: 'string', description: 'Text to find, copied exactly' }, replace: { type: 'string' } },
      required: ['path', 'search', 'replace'],
      additionalProperties: false,
    },
  },
  {
    name: 'runTests',
    description: 'Run the vitest suite, or only the test files under `filter`; returns the runner output.',
    inputSchema: { type: 'object', properties: { filter: { type: 'string' } }, additionalProperties: false },
  },
];

const ajv = new Ajv({ allErrors: true });
const checks = new Map(TOOL_SPECS.map((t) => [t.name, ajv.compile(t.inputSchema!)]));

/**
 * The harness's own check of a call it was handed (independent of the pipeline's):
 * the parsed input, or why the call is malformed.
 */
export function checkCall(name: string, args: string): { ok: true; call: Call } | { ok: false; why: string } {
  const check = checks.get(name);
  if (!check) return { ok: false, why: `no tool named ${name}` };
  let input: unknown;
  try {
    input = JSON.parse(args);
  } catch {
    return { ok: false, why: 'arguments are not JSON' };
  }
  if (!check(input)) return { ok: false, why: ajv.errorsText(check.errors) };
  return { ok: true, call: { name: name as Call['name'], input: input as Call['input'] } };
}

/** What a tool answers for a call made at `step`, and whether the call was the step's (the task moves on). */
export function runTool(task: AgentTask, step: number, call: Call): { answer: ToolAnswer; advances: boolean } {
  const s = task.steps[step];
  if (s && isDeepStrictEqual(call, s.call)) return { answer: s.result, advances: true };
  if (s?.wrong && isDeepStrictEqual(call, s.wrong.call)) return { answer: s.wrong.result, advances: false };
  // Anything else fails as the real tool would for a call that does not fit the workspace.
  const path = String(call.input.path ?? '');
  if (call.name === 'readFile') return { answer: { content: `Error: ENOENT: no such file or directory, open '${path}'`, isError: true }, advances: false };
  if (call.name === 'editFile') return { answer: { content: `Error: the search text was not found in ${path}; read the file again and copy the text exactly.`, isError: true }, advances: false };
  return { answer: { content: `No test files found, exiting with code 1\nfilter: ${String(call.input.filter ?? '')}`, isError: true }, advances: false };
}
