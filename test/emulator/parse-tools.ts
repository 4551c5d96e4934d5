// Reads the tool side of a request, per protocol: the tools offered, the mode,
// and the conversation as protocol-neutral messages (text, calls, results).
import type { EmulatorToolMode, RespondedMessage, SeenToolCall, SeenToolResult, WireProtocol } from './types.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export interface ToolDef {
  readonly name: string;
  readonly description: string;
  readonly schema?: unknown;
}

export interface ParsedTools {
  readonly tools: readonly ToolDef[];
  readonly toolMode?: EmulatorToolMode;
  readonly messages: readonly RespondedMessage[];
}

interface Building {
  role: 'user' | 'assistant';
  text: string;
  toolCalls: SeenToolCall[];
  toolResults: SeenToolResult[];
}

/** Joins the text of a string, content parts or Gemini parts. */
function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  return arr(v).map((p) => str(obj(p).text) ?? '').join('');
}

/** Builds messages in order: calls join the assistant message before them, results the user message, text merges into a message that had none. */
class Conversation {
  readonly messages: Building[] = [];
  private last(role: 'user' | 'assistant', forText: boolean): Building {
    const m = this.messages.at(-1);
    if (m && m.role === role && (!forText || m.text === '')) return m;
    const fresh: Building = { role, text: '', toolCalls: [], toolResults: [] };
    this.messages.push(fresh);
    return fresh;
  }
  text(role: 'user' | 'assistant', text: string): void {
    this.last(role, true).text = text;
  }
  call(c: SeenToolCall): void {
    this.last('assistant', false).toolCalls.push(c);
  }
  result(r: Omit<SeenToolResult, 'name'> & { name?: string }): void {
    // OpenAI results carry no name: it is the name of the call they answer.
    const name = r.name ?? this.messages.flatMap((m) => m.toolCalls).find((c) => c.id === r.callId)?.name ?? '';
    this.last('user', false).toolResults.push({ ...r, name });
  }
}

function openaiMode(choice: unknown, hasTools: boolean): EmulatorToolMode | undefined {
  if (!hasTools) return undefined;
  if (choice === 'none' || choice === 'required') return choice;
  // A named function ({type:'function', ...}) forces a call too.
  return choice && typeof choice === 'object' ? 'required' : 'auto';
}

export function parseTools(protocol: WireProtocol, body: Obj): ParsedTools {
  const conv = new Conversation();
  if (protocol === 'responses') {
    const tools = arr(body.tools).map(obj).filter((t) => t.type === 'function')
      .map((t) => ({ name: str(t.name) ?? '', description: str(t.description) ?? '', schema: t.parameters }));
    const input = body.input;
    if (typeof input === 'string') conv.text('user', input);
    for (const item of arr(input).map(obj)) {
      if (item.type === 'function_call') conv.call({ id: str(item.call_id) ?? '', name: str(item.name) ?? '', arguments: str(item.arguments) ?? '' });
      else if (item.type === 'function_call_output') conv.result({ callId: str(item.call_id) ?? '', content: textOf(item.output), isError: false });
      else if (item.role === 'user' || item.role === 'assistant') conv.text(item.role, textOf(item.content));
    }
    return { tools, toolMode: openaiMode(body.tool_choice, tools.length > 0), messages: conv.messages };
  }
  if (protocol === 'chat') {
    const tools = arr(body.tools).map(obj).filter((t) => t.type === 'function').map((t) => obj(t.function))
      .map((f) => ({ name: str(f.name) ?? '', description: str(f.description) ?? '', schema: f.parameters }));
    for (const m of arr(body.messages).map(obj)) {
      if (m.role === 'tool') conv.result({ callId: str(m.tool_call_id) ?? '', content: textOf(m.content), isError: false });
      else if (m.role === 'user') conv.text('user', textOf(m.content));
      else if (m.role === 'assistant') {
        conv.text('assistant', textOf(m.content));
        for (const c of arr(m.tool_calls).map(obj)) {
          const f = obj(c.function);
          conv.call({ id: str(c.id) ?? '', name: str(f.name) ?? '', arguments: str(f.arguments) ?? '' });
        }
      }
    }
    return { tools, toolMode: openaiMode(body.tool_choice, tools.length > 0), messages: conv.messages };
  }
  const tools = arr(body.tools).flatMap((t) => arr(obj(t).functionDeclarations)).map(obj)
    .map((f) => ({ name: str(f.name) ?? '', description: str(f.description) ?? '', schema: f.parametersJsonSchema ?? f.parameters }));
  const mode = obj(obj(body.toolConfig).functionCallingConfig).mode;
  const toolMode: EmulatorToolMode | undefined = tools.length === 0 ? undefined : mode === 'ANY' ? 'required' : mode === 'NONE' ? 'none' : 'auto';
  for (const content of arr(body.contents).map(obj)) {
    const role = content.role === 'model' ? 'assistant' : 'user';
    const parts = arr(content.parts).map(obj);
    const text = parts.map((p) => str(p.text) ?? '').join('');
    if (text !== '' || parts.every((p) => !p.functionCall && !p.functionResponse)) conv.text(role, text);
    for (const p of parts) {
      const fc = obj(p.functionCall);
      const fr = obj(p.functionResponse);
      if (p.functionCall) {
        const signature = str(p.thoughtSignature);
        conv.call({ id: str(fc.id) ?? '', name: str(fc.name) ?? '', arguments: JSON.stringify(fc.args ?? {}), ...(signature ? { signature } : {}) });
      } else if (p.functionResponse) {
        const response = obj(fr.response);
        const isError = 'error' in response;
        const value = isError ? response.error : 'output' in response ? response.output : response;
        conv.result({ callId: str(fr.id) ?? '', name: str(fr.name) ?? '', content: typeof value === 'string' ? value : JSON.stringify(value), isError });
      }
    }
  }
  return { tools, toolMode, messages: conv.messages };
}

/** Everything tool-shaped that counts as input: definitions, and the calls and results in the conversation. */
export function toolTexts(parsed: ParsedTools, countResults: boolean): string[] {
  const defs = parsed.tools.map((t) => `${t.name}\n${t.description}\n${t.schema === undefined ? '' : JSON.stringify(t.schema)}`);
  const calls = parsed.messages.flatMap((m) => m.toolCalls.map((c) => `${c.name}${c.arguments}`));
  const results = countResults ? parsed.messages.flatMap((m) => m.toolResults.map((r) => r.content)) : [];
  return [...defs, ...calls, ...results];
}
