// Checks an attempt's answer before the caller sees any of its tool calls: each call
// names a tool that was offered, its arguments parse as a JSON object, and they match
// the tool's input schema (ajv, each schema compiled once). Under toolMode `required`
// the answer must call a tool; an answer cut off at the output cap is never used.
import { Ajv, type ValidateFunction } from 'ajv';
import type { ToolCall, ToolMode, ToolSpec } from '../../core/provider-types.ts';
import type { Validation } from '../task-types.ts';
import type { CheckedToolCall } from './agent-types.ts';

export interface AgentAnswer {
  readonly text: string;
  readonly calls: readonly CheckedToolCall[];
}

/** A rejected answer, with the tools whose calls were malformed (the memory keeps them for the fast lane). */
export type AnswerCheck = Validation<AgentAnswer> & { readonly malformedTools?: readonly string[] };

// Tool schemas come from other extensions and MCP servers: unknown keywords are theirs to use.
const ajv = new Ajv({ strict: false, allErrors: false, validateSchema: false });
const compiled = new Map<string, ValidateFunction | Error>();
/** Distinct schemas kept; a session offers a few dozen tools at most. */
const MAX_SCHEMAS = 512;

/** The schema's validator, compiled on first use and cached by the schema's JSON text. */
export function validatorFor(schema: Readonly<Record<string, unknown>>): ValidateFunction | Error {
  // A `$schema` naming a draft ajv does not load would fail the compile; the keywords are what matter.
  const { $schema: _dialect, ...body } = schema;
  const key = JSON.stringify(body);
  let v = compiled.get(key);
  if (!v) {
    try {
      v = ajv.compile(body);
    } catch (err) {
      v = err instanceof Error ? err : new Error(String(err));
    }
    if (compiled.size >= MAX_SCHEMAS) compiled.clear();
    compiled.set(key, v);
  }
  return v;
}

/** Why one call is malformed, or its parsed input. */
export function checkToolCall(call: ToolCall, tools: readonly ToolSpec[]): { ok: true; input: Record<string, unknown> } | { ok: false; problem: string } {
  // Gemini reports a call it could not parse (MALFORMED_FUNCTION_CALL) without a name: see gemini-tools.ts.
  if (call.name === '') return { ok: false, problem: 'the model wrote a tool call the provider could not parse' };
  const tool = tools.find((t) => t.name === call.name);
  // The model wrote the name: kept short, as it goes into the ledger's note.
  if (!tool) return { ok: false, problem: `${JSON.stringify(call.name.slice(0, 64))} is not one of the offered tools` };
  let input: unknown;
  try {
    // Some providers send no arguments at all for a call without parameters.
    input = JSON.parse(call.arguments.trim() === '' ? '{}' : call.arguments);
  } catch {
    return { ok: false, problem: `the arguments of ${call.name} are not valid JSON` };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problem: `the arguments of ${call.name} are not a JSON object` };
  }
  if (tool.inputSchema) {
    const validate = validatorFor(tool.inputSchema);
    // A schema ajv cannot compile is the tool's fault, not the model's: the call is not held back.
    if (!(validate instanceof Error) && !validate(input)) {
      const e = validate.errors?.[0];
      return { ok: false, problem: `the arguments of ${call.name} do not match its schema (${e ? `${e.instancePath || '/'} ${e.message ?? 'is invalid'}` : 'invalid'})` };
    }
  }
  return { ok: true, input: input as Record<string, unknown> };
}

/** The whole answer's check: all calls well formed, a call when one is required, not cut off. */
export function checkAnswer(
  text: string, calls: readonly ToolCall[], tools: readonly ToolSpec[], toolMode: ToolMode, finishReason?: string,
): AnswerCheck {
  if (finishReason === 'length') {
    return { ok: false, failure: 'truncated', message: 'the answer was cut off at the output limit', malformedToolCalls: 0 };
  }
  const checked: CheckedToolCall[] = [];
  const problems: string[] = [];
  const malformedTools: string[] = [];
  for (const call of calls) {
    const c = checkToolCall(call, tools);
    if (c.ok) checked.push({ ...call, input: c.input });
    else {
      problems.push(c.problem);
      if (call.name !== '') malformedTools.push(call.name);
    }
  }
  if (problems.length > 0) {
    return { ok: false, failure: 'tool_call', message: problems.join('; '), malformedToolCalls: problems.length, malformedTools };
  }
  if (toolMode === 'required' && tools.length > 0 && calls.length === 0) {
    return { ok: false, failure: 'no_tool_call', message: 'a tool call was required and the answer made none' };
  }
  return { ok: true, value: { text, calls: checked } };
}
