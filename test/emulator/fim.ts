// The OpenAI-compatible legacy Completions endpoint as Ollama serves it for code
// models (`POST /v1/completions` with `prompt` + `suffix`): `text_completion`
// chunks carrying `choices[0].text`, a final chunk with `finish_reason`, usage in
// a last `choices: []` chunk only when stream_options.include_usage asked for
// it, then `data: [DONE]`. Stop sequences end the text as a server's would.
import { FIM_PATH_LABEL } from '../../src/pipeline/completion/fim-prompt.ts';
import type { ParsedRequest } from './parse-request.ts';
import { simulateCompletion } from './simulated-model/completion.ts';
import type { SimulatedAnswer } from './simulated-model/index.ts';
import type { StreamWriter, ReplyFacts } from './wire.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `stop` is a string or a list of them on this endpoint. */
function stopsOf(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s !== '') : [];
}

export function parseFim(body: Obj): Omit<ParsedRequest, 'tools'> {
  const prompt = str(body.prompt) ?? '';
  const suffix = str(body.suffix) ?? '';
  return {
    protocol: 'completions',
    stream: body.stream === true,
    model: str(body.model) ?? '',
    ...(typeof body.max_tokens === 'number' ? { maxOutputTokens: body.max_tokens } : {}),
    includeUsage: obj(body.stream_options).include_usage === true,
    texts: [prompt, suffix],
    messageCount: 0,
    stop: stopsOf(body.stop),
    fill: { prompt, suffix },
  };
}

/** The text up to the first stop sequence. */
export function cutAtStop(text: string, stops: readonly string[] | undefined): string {
  let end = text.length;
  for (const s of stops ?? []) {
    const i = text.indexOf(s);
    if (i !== -1 && i < end) end = i;
  }
  return text.slice(0, end);
}

/**
 * The simulated code model: the same completion the chat lane's simulated model gives, read from
 * the FIM request (the path from the prompt's header comment, one line when a newline stops it).
 */
export async function simulatedFim(p: ParsedRequest): Promise<SimulatedAnswer | undefined> {
  if (!p.fill) return undefined;
  const { prompt, suffix } = p.fill;
  const header = new RegExp(`^\\S+ ${FIM_PATH_LABEL}(.+)$`, 'm').exec(prompt.slice(0, 2000));
  if (!header) return undefined;
  const text = await simulateCompletion({
    kind: 'completion', path: header[1]!.trim(), languageId: '', multiLine: !(p.stop ?? []).includes('\n'),
    prefix: prompt, suffix, context: prompt + suffix,
  });
  return { text };
}

function usageOf(f: ReplyFacts) {
  const completion = f.usage.output + f.usage.reasoning;
  return { prompt_tokens: f.usage.input, completion_tokens: completion, total_tokens: f.usage.input + completion };
}

const finishOf = (f: ReplyFacts): string => (f.finish === 'length' ? 'length' : 'stop');
const data = (value: unknown): string => `data: ${JSON.stringify(value)}\n\n`;

export function fimWriter(f: ReplyFacts): StreamWriter {
  const chunk = (choices: unknown[], extra: object = {}) => ({
    id: `cmpl-${f.id}`, object: 'text_completion', created: f.created, model: f.model, system_fingerprint: 'fp_emulator', choices, ...extra,
  });
  const choice = (text: string, finish: string | null) => data(chunk([{ text, index: 0, logprobs: null, finish_reason: finish }]));
  return {
    contentType: 'text/event-stream',
    open: () => '',
    delta: (text) => (text === '' ? '' : choice(text, null)),
    close: () => choice('', finishOf(f)) + (f.includeUsage ? data(chunk([], { usage: usageOf(f) })) : '') + 'data: [DONE]\n\n',
    error: (message) => data({ error: { message, type: 'server_error', param: null, code: null } }),
  };
}

export function fimNonStreamBody(f: ReplyFacts): unknown {
  return {
    id: `cmpl-${f.id}`, object: 'text_completion', created: f.created, model: f.model,
    choices: [{ text: f.text, index: 0, logprobs: null, finish_reason: finishOf(f) }],
    usage: usageOf(f),
  };
}
