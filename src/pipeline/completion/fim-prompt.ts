// The completion request for code models trained on fill-in-the-middle: the text
// before the cursor as `prompt`, the text after it as `suffix`, no instructions
// (the model's own FIM template, applied by the server, does the framing). The
// file's path and the signatures the chat prompt lists go first as comments, so
// the model knows the language and the names in reach.
import type { CompletionContext } from '../../syntax/index.ts';
import type { LanePrompt } from '../task-types.ts';

/** Starts the header comment that names the file (the emulator reads it back). */
export const FIM_PATH_LABEL = 'Path: ';

const LINE_COMMENT: Readonly<Record<string, string>> = Object.fromEntries([
  ...['typescript', 'javascript', 'typescriptreact', 'javascriptreact', 'go', 'rust', 'java', 'c', 'cpp', 'csharp', 'php', 'scala', 'kotlin', 'swift', 'dart']
    .map((id) => [id, '//']),
  ...['python', 'ruby', 'shellscript', 'yaml', 'toml', 'r', 'perl', 'elixir', 'makefile', 'dockerfile'].map((id) => [id, '#']),
  ...['lua', 'sql', 'haskell'].map((id) => [id, '--']),
]);

/**
 * Control tokens of the common FIM families. Servers stop on them by themselves, but a request's
 * `stop` replaces the model's own list on some (Ollama), so they are sent along.
 */
const FAMILY_STOPS: readonly (readonly [RegExp, readonly string[]])[] = [
  [/qwen/i, ['<|endoftext|>', '<|fim_pad|>', '<|file_sep|>', '<|repo_name|>']],
  [/deepseek/i, ['<｜end▁of▁sentence｜>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>', '<|EOT|>']],
  [/starcoder/i, ['<|endoftext|>', '<file_sep>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>']],
  [/codestral/i, ['[PREFIX]', '[SUFFIX]', '</s>']],
  [/code-?llama/i, ['<EOT>', '<PRE>', '<SUF>', '<MID>']],
];

/**
 * Where generation stops. A single-line position wants the rest of its line: a newline ends it.
 * A block ends at its first blank line: what follows is the next unit (postprocess trims a block
 * to its syntactic end anyway; stopping early saves a local model's time). Then the model's own.
 */
export function fimStops(mode: CompletionContext['mode'], model: string): string[] {
  const own = FAMILY_STOPS.find(([re]) => re.test(model))?.[1] ?? [];
  return [mode === 'single-line' ? '\n' : '\n\n', ...own];
}

/** The header comment lines for the prompt, or none for a language without a known line comment. */
function header(ctx: Pick<CompletionContext, 'signatures'>, languageId: string, path: string): string {
  const mark = LINE_COMMENT[languageId];
  if (!mark) return '';
  const lines = [`${mark} ${FIM_PATH_LABEL}${path}`];
  if (ctx.signatures.length) {
    lines.push(`${mark} Defined elsewhere:`, ...ctx.signatures.map((s) => `${mark} ${s.rel}:${s.line}: ${s.signature.replace(/\s*\n\s*/g, ' ')}`));
  }
  return lines.join('\n') + '\n';
}

export function buildFimPrompt(
  ctx: Pick<CompletionContext, 'prefix' | 'suffix' | 'mode' | 'imports' | 'signatures'>,
  doc: { languageId: string; path: string },
  model: string,
): LanePrompt {
  // Imports the window cut off still tell the model what is in scope.
  const imports = ctx.imports.filter((i) => !ctx.prefix.includes(i));
  return {
    prompt: header(ctx, doc.languageId, doc.path) + (imports.length ? `${imports.join('\n')}\n\n` : '') + ctx.prefix,
    suffix: ctx.suffix,
    stop: fimStops(ctx.mode, model),
    temperature: 0.2,
  };
}
