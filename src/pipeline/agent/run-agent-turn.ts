// One agent request through the one pipeline: features computed once, Auto's rules
// (or the lane the caller pinned) pick the lane, the egress gate, budgets, retries
// and the ledger apply as for every task, and the answer is checked before any tool
// call reaches the caller.
//
// Text streams to `sink.text` as it arrives, from every attempt. An attempt that is
// then rejected (a malformed tool call, no call under `required`, cut off) cannot take
// back the text it streamed: the caller keeps it, and the next attempt's text follows
// after a blank line. Tool calls are different: only the attempt that validated hands
// its calls to `sink.toolCall`, so a malformed call never reaches the caller.
import { createHash } from 'node:crypto';
import { textOf } from '../../core/provider-types.ts';
import type { Pipeline } from '../create-pipeline.ts';
import type { AttemptInfo, LanePrompt, PipelineTask } from '../task-types.ts';
import type { AgentTurnRequest, AgentTurnResult, AgentTurnSink } from './agent-types.ts';
import { agentFeatures } from './features.ts';
import { checkAnswer, type AgentAnswer } from './tool-check.ts';

/** The ledger task of a conversation: the caller's id, or a stable hash of its first user message. */
export function conversationIdOf(request: Pick<AgentTurnRequest, 'conversationId' | 'messages'>): string {
  if (request.conversationId) return request.conversationId;
  const first = request.messages.find((m) => m.role === 'user');
  const digest = createHash('sha256').update(first ? textOf(first.content) : '').digest('hex');
  return `agent-${digest.slice(0, 32)}`;
}

/** What the model is sent: the conversation and tools as given; a repair attempt is told what was wrong. */
export function agentPrompt(request: AgentTurnRequest, info: AttemptInfo): LanePrompt {
  const repair = info.previousFailure
    ? `Your previous answer was rejected: ${info.previousFailure.message}. Call only the tools offered, with arguments that match their input schemas.`
    : undefined;
  const system = [request.system, repair].filter((s) => s !== undefined && s !== '').join('\n\n');
  return {
    ...(system ? { system } : {}),
    prompt: request.messages,
    ...(request.tools.length > 0 ? { tools: request.tools, toolMode: request.toolMode } : {}),
  };
}

export async function runAgentTurn(pipeline: Pipeline, request: AgentTurnRequest, sink: AgentTurnSink): Promise<AgentTurnResult> {
  const conversationId = conversationIdOf(request);
  const memory = pipeline.agentMemory.get(conversationId);
  const features = agentFeatures(request, memory.fastFailedTools, memory.tokenCounts);
  let streamed = false;
  let streamingAttempt = -1;
  const task: PipelineTask<AgentAnswer> = {
    kind: 'agent',
    taskId: conversationId,
    firstAttempt: memory.records,
    inputTokens: features.contextTokens,
    agent: features,
    ...(request.model !== 'auto' ? { override: { lane: request.model } } : {}),
    ...(request.confirmedOverBudget ? { confirmedOverBudget: true } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    prompt: (info) => agentPrompt(request, info),
    validate: (output, info, calls) => {
      const verdict = checkAnswer(output, calls, request.tools, request.toolMode, info.finishReason);
      if (!verdict.ok && info.lane === 'fast') for (const t of verdict.malformedTools ?? []) memory.fastFailedTools.add(t);
      return verdict;
    },
    onText: (delta, info) => {
      if (info.attempt !== streamingAttempt) {
        // A later attempt's text starts on its own paragraph after what a rejected one streamed.
        if (streamed) sink.text('\n\n');
        streamingAttempt = info.attempt;
      }
      streamed = true;
      sink.text(delta);
    },
  };
  const result = await pipeline.run(task);
  memory.records += result.records.length;
  if (!result.ok) {
    return { ok: false, kind: result.kind, message: result.message, records: result.records, ...(result.blocked ? { blocked: result.blocked } : {}) };
  }
  for (const call of result.value.calls) sink.toolCall(call);
  return { ok: true, lane: result.lane, model: result.model, reason: result.reason, records: result.records };
}
