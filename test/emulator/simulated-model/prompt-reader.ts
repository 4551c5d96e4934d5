// Reads the extension's own prompts (src/pipeline/*) back into what was asked:
// which task, the code around the cursor, the range to rewrite, the files sent.
// The markers come from the same constants the extension builds them with.
import { COMPLETION_SYSTEM } from '../../../src/pipeline/completion/prompt.ts';
import { QUICK_EDIT_SYSTEM } from '../../../src/pipeline/quick-edit/quick-edit.ts';
import { REFACTOR_SYSTEM } from '../../../src/pipeline/refactor/refactor-task.ts';
import { TRANSFORM_SYSTEM } from '../../../src/pipeline/transform/transform-task.ts';
import { CURSOR_MARKER } from '../../../src/syntax/index.ts';

export interface CompletionAsk {
  kind: 'completion';
  path: string;
  grammar?: string;
  languageId: string;
  multiLine: boolean;
  prefix: string;
  suffix: string;
  /** Everything the prompt showed (signatures, imports, scopes, window): names to draw on. */
  context: string;
}

export interface QuickEditAsk {
  kind: 'quickEdit';
  path: string;
  grammar?: string;
  languageId: string;
  target: string;
  instruction: string;
}

export interface SentFile { path: string; text: string }

export interface RefactorAsk { kind: 'refactor'; instruction: string; files: SentFile[]; symbols: string }

export interface TransformAsk {
  kind: 'transform';
  instruction: string;
  /** Grammar ids in scope, most files first. */
  languages: string[];
  samples: SentFile[];
}

export type Ask = CompletionAsk | QuickEditAsk | RefactorAsk | TransformAsk;

const firstLine = (s: string) => s.split('\n')[0]!;

/** What the extension asked, or undefined for a prompt it did not build. */
export function readAsk(texts: readonly string[]): Ask | undefined {
  const system = texts.find((t) => t.includes(firstLine(COMPLETION_SYSTEM)) || t.includes(firstLine(QUICK_EDIT_SYSTEM))
    || t.includes(firstLine(REFACTOR_SYSTEM)) || t.includes(firstLine(TRANSFORM_SYSTEM)));
  if (system === undefined) return undefined;
  const prompt = texts.filter((t) => t !== system).join('\n');
  if (system.includes(firstLine(COMPLETION_SYSTEM))) return readCompletion(prompt);
  if (system.includes(firstLine(QUICK_EDIT_SYSTEM))) return readQuickEdit(prompt);
  if (system.includes(firstLine(REFACTOR_SYSTEM))) return readRefactor(prompt);
  return readTransform(prompt);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function readCompletion(prompt: string): CompletionAsk | undefined {
  const task = prompt.lastIndexOf('\n\n## Task\nLanguage: ');
  const cursor = prompt.lastIndexOf(CURSOR_MARKER, task);
  if (task < 0 || cursor < 0) return undefined;
  const tail = prompt.slice(task + '\n\n## Task\nLanguage: '.length);
  const languageId = tail.slice(0, tail.indexOf('.'));
  // The window's header is the last "## path (grammar) from line N" before the cursor.
  const headers = [...prompt.slice(0, cursor).matchAll(/^## (.+?)(?: \(([\w-]+)\))? from line \d+$/gm)];
  const header = headers.at(-1);
  if (!header) return undefined;
  const windowStart = header.index + header[0].length + 1;
  return {
    kind: 'completion',
    path: header[1]!,
    ...(header[2] ? { grammar: header[2] } : {}),
    languageId,
    multiLine: !/Complete the current line only/.test(tail),
    prefix: prompt.slice(windowStart, cursor),
    suffix: prompt.slice(cursor + CURSOR_MARKER.length, task),
    context: prompt.slice(0, task).replace(CURSOR_MARKER, ''),
  };
}

function readQuickEdit(prompt: string): QuickEditAsk | undefined {
  const header = /^## (.+?)(?: \(([\w-]+)\))? lines \d+-\d+ \(rewrite this\)$/m.exec(prompt);
  if (!header) return undefined;
  const start = header.index + header[0].length + 1;
  const end = prompt.indexOf('\n\n## Instruction\n', start - 1);
  if (end < 0) return undefined;
  const rest = prompt.slice(end + '\n\n## Instruction\n'.length);
  const lang = /\nLanguage: ([\w-]+)\. Reply with the rewritten range only\./.exec(rest);
  return {
    kind: 'quickEdit',
    path: header[1]!,
    ...(header[2] ? { grammar: header[2] } : {}),
    languageId: lang?.[1] ?? '',
    target: prompt.slice(start, Math.max(start, end)),
    instruction: rest.slice(0, lang ? lang.index : rest.indexOf('\n')).trim(),
  };
}

/** `## File path` / `## Sample path` blocks, each ending where the next section starts. */
function fileBlocks(prompt: string, label: 'File' | 'Sample'): SentFile[] {
  const re = new RegExp(`^## ${escape(label)} (.+)$`, 'gm');
  const heads = [...prompt.matchAll(re)];
  const out: SentFile[] = [];
  for (const [i, h] of heads.entries()) {
    const from = h.index + h[0].length + 1;
    let to = i + 1 < heads.length ? heads[i + 1]!.index : prompt.indexOf('\n## Instruction\n', from);
    if (to < 0) to = prompt.length;
    // Each block ends with the file's (ensured) final newline, then the joining one.
    let text = prompt.slice(from, to);
    if (text.endsWith('\n')) text = text.slice(0, -1);
    out.push({ path: h[1]!.trim(), text });
  }
  return out;
}

function instructionOf(prompt: string): string {
  const at = prompt.lastIndexOf('\n## Instruction\n');
  if (at < 0) return '';
  const rest = prompt.slice(at + '\n## Instruction\n'.length);
  const end = rest.indexOf('\n## Your previous answer was rejected');
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

function readRefactor(prompt: string): RefactorAsk {
  const at = prompt.lastIndexOf('\n## Instruction\n');
  const body = at < 0 ? prompt : prompt.slice(0, at + 1);
  const sym = /## Symbols mentioned\n([\s\S]*?)\n\n/.exec(body);
  return { kind: 'refactor', instruction: instructionOf(prompt), files: fileBlocks(body, 'File'), symbols: sym?.[1] ?? '' };
}

function readTransform(prompt: string): TransformAsk {
  const scope = /## Files in scope\n([\s\S]*?)\n\n/.exec(prompt);
  const languages = [...(scope?.[1] ?? '').matchAll(/^([\w-]+): \d+ file\(s\)$/gm)].map((m) => m[1]!);
  const instruction = instructionOf(prompt).replace(/ \(scope: [^)]*\)$/, '');
  const at = prompt.lastIndexOf('\n## Instruction\n');
  return { kind: 'transform', instruction, languages, samples: fileBlocks(at < 0 ? prompt : prompt.slice(0, at + 1), 'Sample') };
}
