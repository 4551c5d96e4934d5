// What the router knows about one agent request's conversation. Computed once per
// request from the messages (and what this window saw of the conversation before),
// and kept in the ledger so routing can later learn from outcomes.
import type { ToolMode } from './provider-types.ts';

/** Why an agent request went where it did: a step that needs planning, or one that follows a plan. */
export type AgentStep = 'think' | 'act';

export interface AgentFeatures {
  /** This request's position in the conversation: 1 for the first. */
  turn: number;
  /** The first user message asks for a plan or a change across files. */
  asksForPlan: boolean;
  /** Tool results in the latest user message, and how many of them report a failure. */
  toolResults: number;
  failedToolResults: number;
  /** The latest assistant turn repeated a tool call (same name and arguments) made earlier in the conversation. */
  repeatedCall: boolean;
  /** Characters of the latest user text (a short follow-up is an act step). */
  lastUserChars: number;
  /** Prompt tokens of the whole request, counted with the real tokenizer. */
  contextTokens: number;
  tools: number;
  toolMode: ToolMode;
  /** Tools the fast lane called malformed earlier in this conversation. */
  fastFailedTools: readonly string[];
  /** The plan word the first user message matched (from the fixed list, never other user text). */
  planWord?: string;
  /** The first failing tool result, as "tool: what it showed" from fixed patterns ("runTests: exit code 1"). */
  failure?: string;
  /** The tool whose call was repeated. */
  repeatedTool?: string;
}

/** Per attempt: the tool calls the model made, and how many did not parse or did not match the tool's schema. */
export interface ToolCallCounts {
  made: number;
  malformed: number;
}
