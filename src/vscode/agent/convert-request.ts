// VS Code's chat request (LanguageModelChatRequestMessage[], tools, toolMode) as the
// pipeline's AgentTurnRequest. Pure: the part classes are passed in (vscode's in the
// extension, the tests' own in plain Node), so the mapping is tested without VS Code.
import type { ChatMessage, ChatPart, ToolCall, ToolMode, ToolSpec } from '../../core/provider-types.ts';
import type { AgentModel, AgentTurnRequest } from '../../pipeline/agent/agent-types.ts';
import type { CallMemory } from './call-memory.ts';

type Ctor<T> = abstract new (...args: never[]) => T;

/** The part classes of the vscode module (LanguageModelTextPart and the rest). */
export interface PartClasses {
  readonly text: Ctor<{ readonly value: string }>;
  readonly toolCall: Ctor<{ readonly callId: string; readonly name: string; readonly input: object }>;
  readonly toolResult: Ctor<{ readonly callId: string; readonly content: readonly unknown[] }>;
  readonly data: Ctor<{ readonly mimeType: string; readonly data: Uint8Array }>;
}

/** LanguageModelChatMessageRole: User 1, Assistant 2; System 3 is a proposed role the built-in chat sends. */
export const ROLE = { user: 1, assistant: 2, system: 3 } as const;

export interface RequestMessage {
  readonly role: number;
  readonly content: readonly unknown[];
}

export interface RequestOptions {
  readonly tools?: readonly { readonly name: string; readonly description: string; readonly inputSchema?: object }[];
  /** LanguageModelChatToolMode: Auto 1, Required 2. */
  readonly toolMode?: number;
}

export interface Converted {
  readonly request: AgentTurnRequest;
  /** What was left out, and why, one line each (kinds and ids only: never the text). */
  readonly dropped: readonly string[];
}

const decoder = new TextDecoder();

/** Data parts that carry text (a tool's JSON, a pasted file) are kept as text; images and the rest are not. */
function textOfData(part: { mimeType: string; data: Uint8Array }): string | undefined {
  const mime = part.mimeType.toLowerCase();
  return mime.startsWith('text/') || mime === 'application/json' ? decoder.decode(part.data) : undefined;
}

function describePart(part: unknown): string {
  if (part === null || typeof part !== 'object') return `a ${typeof part} part`;
  const name = part.constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'a part of unknown kind';
}

function resultText(content: readonly unknown[], classes: PartClasses, drop: (why: string) => void): string {
  const out: string[] = [];
  for (const item of content) {
    if (item instanceof classes.text) out.push(item.value);
    else if (item instanceof classes.data && textOfData(item) !== undefined) out.push(textOfData(item)!);
    else drop(`${item instanceof classes.data ? `a data part of type ${item.mimeType}` : describePart(item)} inside a tool result`);
  }
  return out.join('');
}

/** Where a call's tool name and signature come from while converting. */
interface CallLookup {
  /** A call seen in an assistant message: later results are named after it. */
  saw(id: string, name: string): void;
  name(id: string): string | undefined;
  signature(id: string): string | undefined;
}

/** Names from the calls seen so far in these messages, else from the calls this provider emitted. */
function lookupIn(memory: CallMemory | undefined): CallLookup {
  const names = new Map<string, string>();
  return {
    saw: (id, name) => { names.set(id, name); },
    name: (id) => names.get(id) ?? memory?.get(id)?.name,
    signature: (id) => memory?.get(id)?.signature,
  };
}

/** The parts of one message that the pipeline can send, in order. */
function convertParts(message: RequestMessage, classes: PartClasses, calls: CallLookup, drop: (why: string) => void): ChatPart[] {
  const parts: ChatPart[] = [];
  const assistant = message.role === ROLE.assistant;
  for (const part of message.content) {
    if (part instanceof classes.text) {
      if (part.value) parts.push({ type: 'text', text: part.value });
    } else if (part instanceof classes.toolCall) {
      if (!assistant) { drop(`a tool call (${part.callId}) in a user message`); continue; }
      const signature = calls.signature(part.callId);
      const call: ToolCall = { id: part.callId, name: part.name, arguments: JSON.stringify(part.input ?? {}), ...(signature ? { signature } : {}) };
      calls.saw(part.callId, part.name);
      parts.push({ type: 'tool_call', call });
    } else if (part instanceof classes.toolResult) {
      if (assistant) { drop(`a tool result (${part.callId}) in an assistant message`); continue; }
      const name = calls.name(part.callId);
      if (name === undefined) { drop(`a tool result for call ${part.callId}, which no earlier message made`); continue; }
      const isError = (part as { isError?: unknown }).isError === true;
      parts.push({ type: 'tool_result', callId: part.callId, name, content: resultText(part.content, classes, drop), ...(isError ? { isError } : {}) });
    } else if (part instanceof classes.data) {
      const text = textOfData(part);
      if (text !== undefined) parts.push({ type: 'text', text });
      else drop(`a data part of type ${part.mimeType} (Switchyard's models take text only)`);
    } else {
      drop(describePart(part));
    }
  }
  return parts;
}

const onlyText = (parts: readonly ChatPart[]): string | undefined =>
  parts.every((p) => p.type === 'text') ? parts.map((p) => (p as { text: string }).text).join('') : undefined;

export function toolModeOf(mode: number | undefined): ToolMode {
  return mode === 2 ? 'required' : 'auto';
}

/**
 * The agent request for these messages. System messages become the system prompt; a tool
 * result is named after the call with its id (in these messages, else one this provider
 * emitted earlier); a call's Gemini signature comes back from `memory`. Parts no lane can
 * take (images, unknown kinds, an orphan result) are dropped and listed in `dropped`.
 */
export function toAgentRequest(
  model: AgentModel, messages: readonly RequestMessage[], options: RequestOptions, classes: PartClasses, memory?: CallMemory,
): Converted {
  const dropped: string[] = [];
  const calls = lookupIn(memory);
  const system: string[] = [];
  const chat: ChatMessage[] = [];
  messages.forEach((message, i) => {
    const role = message.role === ROLE.assistant ? 'assistant' : message.role === ROLE.system ? 'system' : 'user';
    const drop = (why: string) => dropped.push(`message ${i + 1} (${role}): ${why}`);
    const parts = convertParts(message, classes, calls, drop);
    if (role === 'system') {
      const text = parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
      if (text) system.push(text);
      return;
    }
    if (parts.length === 0) { if (message.content.length > 0) drop('nothing left to send, so the message is left out'); return; }
    chat.push({ role, content: onlyText(parts) ?? parts });
  });
  const tools: ToolSpec[] = (options.tools ?? []).map((t) => ({
    name: t.name, description: t.description, ...(t.inputSchema ? { inputSchema: t.inputSchema as Record<string, unknown> } : {}),
  }));
  const request: AgentTurnRequest = {
    model, messages: chat, tools, toolMode: toolModeOf(options.toolMode), ...(system.length ? { system: system.join('\n\n') } : {}),
  };
  return { request, dropped };
}

/** The text a message sends (its text, each call's name and arguments, each result), for token counts. */
export function messageText(message: RequestMessage, classes: PartClasses): string {
  // A lone message: a result's tool name does not change its count.
  const anyName: CallLookup = { saw: () => undefined, name: () => '', signature: () => undefined };
  const parts = convertParts(message, classes, anyName, () => undefined);
  return parts.map((p) => (p.type === 'text' ? p.text : p.type === 'tool_call' ? `${p.call.name}${p.call.arguments}` : p.content)).join('\n');
}
