// The request checks the real APIs make on a conversation with tools, so a
// client that drops a signature or loses a call's result fails here as there.
import type { ParsedRequest } from './parse-request.ts';
import { SIGNATURE_TAG } from './wire.ts';

/** Google's documented value for calls Gemini 3 did not make (https://ai.google.dev/gemini-api/docs/thought-signatures). */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

type Obj = Record<string, unknown>;
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter((x): x is Obj => Boolean(x) && typeof x === 'object') : []);

/** Gemini 3 and later validate signatures; earlier models do not. */
export function validatesSignatures(model: string): boolean {
  const major = /^gemini-(\d+)/.exec(model)?.[1];
  return major !== undefined && Number(major) >= 3;
}

/**
 * Gemini 3: in the current turn (everything after the last user content with text, not only function
 * responses), the first functionCall part of each model step must carry its thoughtSignature, else 400.
 * A signature that is not one this emulator issued (nor Google's skip value) is "corrupted", also 400.
 */
function checkSignatures(body: Obj, model: string): string | undefined {
  if (!validatesSignatures(model)) return undefined;
  const contents = arr(body.contents);
  let start = 0;
  contents.forEach((c, i) => {
    if (c.role !== 'model' && arr(c.parts).some((p) => typeof p.text === 'string')) start = i + 1;
  });
  for (const content of contents.slice(start)) {
    if (content.role !== 'model') continue;
    const parts = arr(content.parts);
    const at = parts.findIndex((p) => p.functionCall);
    if (at < 0) continue;
    const sig = parts[at].thoughtSignature;
    const name = String((parts[at].functionCall as Obj).name ?? '');
    if (typeof sig !== 'string' || sig === '') {
      return `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${name}\` , position ${at + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`;
    }
    if (sig !== SKIP_SIGNATURE && !Buffer.from(sig, 'base64').toString('utf8').startsWith(SIGNATURE_TAG)) return 'Corrupted thought signature.';
  }
  return undefined;
}

/** Gemini: the content after a step with calls answers each of them (one functionResponse part per functionCall part). */
function checkResponseCounts(body: Obj): string | undefined {
  const contents = arr(body.contents);
  for (const [i, content] of contents.entries()) {
    const calls = arr(content.parts).filter((p) => p.functionCall).length;
    const next = contents[i + 1];
    if (content.role !== 'model' || calls === 0 || !next) continue;
    if (arr(next.parts).filter((p) => p.functionResponse).length !== calls) {
      return 'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.';
    }
  }
  return undefined;
}

/** OpenAI: every result answers an earlier call, and every call has its result before the conversation goes on. */
function checkPairs(p: ParsedRequest): string | undefined {
  const calls = p.tools.messages.flatMap((m) => m.toolCalls.map((c) => c.id));
  const results = new Set(p.tools.messages.flatMap((m) => m.toolResults.map((r) => r.callId)));
  for (const m of p.tools.messages) {
    for (const r of m.toolResults) {
      if (!calls.includes(r.callId)) {
        return p.protocol === 'responses'
          ? `No tool call found for function call output with call_id ${r.callId}.`
          : "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.";
      }
    }
  }
  const unanswered = calls.find((id) => !results.has(id));
  if (unanswered === undefined) return undefined;
  return p.protocol === 'responses'
    ? `No tool output found for function call ${unanswered}.`
    : `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${unanswered}`;
}

/** The 400 message the real API would send for this request, if any. */
export function toolRequestError(p: ParsedRequest, body: Obj): string | undefined {
  return p.protocol === 'gemini' ? checkSignatures(body, p.model) ?? checkResponseCounts(body) : checkPairs(p);
}
