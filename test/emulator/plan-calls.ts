// The tool calls one reply makes, as each protocol carries them: argument text
// for OpenAI, an args object for Gemini (or a malformed call when it is not one).
import { exampleFor } from './default-reply.ts';
import type { ParsedRequest } from './parse-request.ts';
import type { ScriptedReply, ScriptedToolCall } from './types.ts';

export interface PlannedCall {
  /** Always set on the OpenAI protocols; on Gemini only when scripted. */
  readonly id?: string;
  readonly name: string;
  /** The arguments' text as sent (Gemini: its args object serialised). */
  readonly arguments: string;
  /** Gemini's args object; undefined there when the arguments are not a JSON object (a malformed call). */
  readonly args?: Record<string, unknown>;
  /** False when the output limit cut it off. */
  readonly complete: boolean;
}

function objectOf(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function planned(p: ParsedRequest, c: ScriptedToolCall, i: number, requestId: number): PlannedCall {
  const text = typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? null);
  if (p.protocol !== 'gemini') return { id: c.id ?? `call_emu${requestId}_${i}`, name: c.name, arguments: text, complete: true };
  const args = objectOf(text);
  // Gemini's wire holds the object itself: what goes out (and comes back) is its serialisation.
  return { ...(c.id !== undefined ? { id: c.id } : {}), name: c.name, arguments: args ? JSON.stringify(args) : text, ...(args ? { args } : {}), complete: true };
}

/**
 * The reply's calls: the scripted ones, or, for an unscripted request whose mode requires a call,
 * a call to the first tool with a minimal valid input (as a forced model would make).
 */
export function plannedCalls(p: ParsedRequest, entry: ScriptedReply | undefined, requestId: number): PlannedCall[] {
  if (entry?.toolCalls) return entry.toolCalls.map((c, i) => planned(p, c, i, requestId));
  const first = p.tools.tools[0];
  if (entry || p.tools.toolMode !== 'required' || !first) return [];
  return [planned(p, { name: first.name, arguments: exampleFor(first.schema ?? { type: 'object' }) ?? {} }, 0, requestId)];
}

/** Gemini's finishMessage for a call it could not parse (the shape the API reports the model's raw call in). */
export function malformedMessage(c: PlannedCall): string {
  return `Malformed function call: print(default_api.${c.name}(${c.arguments}))`;
}
