// What all three protocol converters share about tools: the parameters schema a
// tool without one gets, and a message's parts in order (plain text is one part).
import type { ChatMessage, ChatPart, ToolSpec } from '../core/provider-types.ts';

/** A tool with no input schema takes no arguments; the OpenAI APIs want an object schema regardless. */
export const NO_PARAMETERS: Readonly<Record<string, unknown>> = Object.freeze({ type: 'object', properties: {} });

export function parametersOf(tool: ToolSpec): Record<string, unknown> {
  return { ...(tool.inputSchema ?? NO_PARAMETERS) };
}

export function partsOf(content: ChatMessage['content']): readonly ChatPart[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}
