// What the deep lane's JSON tasks (refactor plans, transform specs) share: the
// builders for OpenAI strict-mode schemas, the prompt that carries a rejected
// answer's errors into the one repair attempt, and reading the answer back
// (JSON, then the zod shape) with messages the model can act on.
import type { z } from 'zod';
import type { JsonSchemaSpec } from '../core/provider-types.ts';
import type { AttemptInfo, LanePrompt } from './task-types.ts';

/** A described string property. */
export const str = (description: string) => ({ type: 'string', description });

/** Strict mode: every object closed, every property required. */
export const closed = (properties: Record<string, unknown>) => ({
  type: 'object', properties, required: Object.keys(properties), additionalProperties: false,
});

/** Keeps the previous answer short in the repair prompt: the errors matter, not the whole answer. */
const clip = (text: string, max = 4000) => (text.length > max ? `${text.slice(0, max)}\n…(${text.length - max} more characters)` : text);

export function repairSection(previous: AttemptInfo['previousFailure']): string {
  if (!previous) return '';
  return [
    '',
    '## Your previous answer was rejected',
    `Errors: ${previous.message}`,
    'Previous answer (abridged):',
    clip(previous.output),
    'Return a corrected, complete answer that fixes every error above.',
  ].join('\n');
}

/** The same system, body and schema on every attempt; a repair attempt adds the rejected answer's errors. */
export function jsonTaskPrompt(system: string, body: string, jsonSchema: JsonSchemaSpec): (info: AttemptInfo) => LanePrompt {
  return (info) => ({ system, prompt: body + repairSection(info.previousFailure), jsonSchema });
}

export type AnswerCheck<T> = { ok: true; value: T } | { ok: false; failure: 'invalid_json' | 'schema'; message: string };

/** JSON text -> a value, or why not. */
export function parseJsonAnswer(output: string): AnswerCheck<unknown> {
  try {
    return { ok: true, value: JSON.parse(output) };
  } catch (err) {
    return { ok: false, failure: 'invalid_json', message: `the answer is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
}

/** A value checked against `schema`; `what` names it in the message ("the plan does not match the schema: …"). */
export function matchSchema<T>(schema: z.ZodType<T>, value: unknown, what: string): AnswerCheck<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  return { ok: false, failure: 'schema', message: `${what} does not match the schema: ${issues.join('; ')}` };
}
