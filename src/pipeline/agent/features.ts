// An agent request's features, computed once per request from its messages and
// this window's memory of the conversation: what Auto routes on (core/policy-agent.ts)
// and what the ledger keeps so routing can learn from outcomes.
import { createHash } from 'node:crypto';
import type { AgentFeatures } from '../../core/agent-features.ts';
import type { ChatMessage, ChatPart, ToolCall } from '../../core/provider-types.ts';
import { textOf } from '../../core/provider-types.ts';
import { countTokens } from '../../core/tokens.ts';
import type { AgentTurnRequest } from './agent-types.ts';
import { failureIn } from './tool-failures.ts';

/**
 * Words in a conversation's first user message that ask for a plan or a change across
 * files (case-insensitive, whole words). Kept small: a false "think" costs one deep turn.
 */
export const PLAN_MARKS: readonly RegExp[] = [
  /\b(plan|design|architecture|refactor(?:ing)?|restructure|migrate|migration)\b/i,
  /\bstep[- ]by[- ]step\b/i,
  /\bmulti-?file\b/i,
  /\b(?:multiple|several|many|all|other) (?:files|modules|packages)\b/i,
  /\b(?:every|each) (?:file|module|package)\b/i,
  /\b(?:across|throughout) (?:the |all |multiple |several |many |every )?(?:files|modules|packages|codebase|project|repo(?:sitory)?|workspace)\b/i,
  /\b(?:codebase|project|repo|workspace)[- ]wide\b/i,
];

/** The plan word or phrase the text contains (lower-cased), or undefined. */
export function planWordIn(text: string): string | undefined {
  for (const re of PLAN_MARKS) {
    const m = re.exec(text);
    if (m) return m[0].toLowerCase();
  }
  return undefined;
}

const partsOf = (m: ChatMessage): readonly ChatPart[] => (typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content);
const callsOf = (m: ChatMessage): ToolCall[] => partsOf(m).flatMap((p) => (p.type === 'tool_call' ? [p.call] : []));

/** JSON text with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` compare equal; raw text when it does not parse. */
export function canonicalArguments(args: string): string {
  try {
    return JSON.stringify(JSON.parse(args === '' ? '{}' : args), (_k, v: unknown) => (
      v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
  } catch {
    return args;
  }
}

/**
 * The tool of a call in the latest assistant turn that repeats an earlier call: same name,
 * same arguments (as parsed JSON), and the same result where both results are known. A call
 * repeated after something changed (tests re-run after an edit, with a new result) is progress.
 */
export function repeatedCallIn(messages: readonly ChatMessage[]): string | undefined {
  const assistants = messages.filter((m) => m.role === 'assistant');
  const latest = assistants.at(-1);
  if (!latest) return undefined;
  const results = new Map<string, string>();
  for (const m of messages) for (const p of partsOf(m)) if (p.type === 'tool_result') results.set(p.callId, p.content);
  const earlier = assistants.slice(0, -1).flatMap(callsOf);
  for (const call of callsOf(latest)) {
    const key = canonicalArguments(call.arguments);
    const twin = earlier.find((e) => e.name === call.name && canonicalArguments(e.arguments) === key
      && (!results.has(e.id) || !results.has(call.id) || results.get(e.id) === results.get(call.id)));
    if (twin) return call.name;
  }
  return undefined;
}

/** The request's pieces as sent: the system text, every message's text, calls and results, each tool's definition. */
export function requestPieces(request: Pick<AgentTurnRequest, 'system' | 'messages' | 'tools'>): string[] {
  const pieces: string[] = request.system ? [request.system] : [];
  for (const m of request.messages) {
    for (const p of partsOf(m)) {
      if (p.type === 'text') pieces.push(p.text);
      else if (p.type === 'tool_call') pieces.push(`${p.call.name}(${p.call.arguments})`);
      else pieces.push(`${p.name}: ${p.content}`);
    }
  }
  for (const t of request.tools) pieces.push(JSON.stringify(t));
  return pieces;
}

/** Pieces counted per conversation; an agent resends its whole history with every request. */
const MAX_COUNTED = 4096;

/**
 * The request's tokens: each piece counted with the real tokenizer, once per conversation when
 * `counted` is given (keyed by a digest, so the cache holds no text).
 */
export function contextTokensOf(request: Pick<AgentTurnRequest, 'system' | 'messages' | 'tools'>, counted?: Map<string, number>): number {
  let total = 0;
  for (const piece of requestPieces(request)) {
    if (!counted || piece.length < 64) {
      total += countTokens(piece);
      continue;
    }
    const key = createHash('sha1').update(piece).digest('base64');
    let n = counted.get(key);
    if (n === undefined) {
      n = countTokens(piece);
      if (counted.size >= MAX_COUNTED) counted.clear();
      counted.set(key, n);
    }
    total += n;
  }
  return total;
}

/**
 * The features of one request. `fastFailed` is this window's memory of the tools the fast
 * lane called malformed in the conversation; only those offered now are kept (the rule is about
 * a call the model may make to them). `counted` is the conversation's token counts so far.
 */
export function agentFeatures(request: AgentTurnRequest, fastFailed: Iterable<string> = [], counted?: Map<string, number>): AgentFeatures {
  const { messages } = request;
  const firstUser = messages.find((m) => m.role === 'user' && textOf(m.content).trim() !== '');
  const planWord = firstUser ? planWordIn(textOf(firstUser.content)) : undefined;
  const last = messages.at(-1);
  const results = last?.role === 'user' ? partsOf(last).flatMap((p) => (p.type === 'tool_result' ? [p] : [])) : [];
  const failures = results.flatMap((r) => {
    const what = failureIn(r.content, r.isError);
    return what ? [`${r.name}: ${what}`] : [];
  });
  const lastText = [...messages].reverse().find((m) => m.role === 'user' && textOf(m.content).trim() !== '');
  const repeatedTool = repeatedCallIn(messages);
  const offered = new Set(request.tools.map((t) => t.name));
  return {
    turn: messages.filter((m) => m.role === 'assistant').length + 1,
    asksForPlan: planWord !== undefined,
    toolResults: results.length,
    failedToolResults: failures.length,
    repeatedCall: repeatedTool !== undefined,
    lastUserChars: lastText ? textOf(lastText.content).length : 0,
    contextTokens: contextTokensOf(request, counted),
    tools: request.tools.length,
    toolMode: request.toolMode,
    fastFailedTools: [...new Set(fastFailed)].filter((t) => offered.has(t)).sort(),
    ...(planWord !== undefined ? { planWord } : {}),
    ...(failures.length > 0 ? { failure: failures[0] } : {}),
    ...(repeatedTool !== undefined ? { repeatedTool } : {}),
  };
}
