// switchyard context <file>:<line>:<col>: print exactly what a lane would be
// sent for that cursor, with its token count (the "what leaves my machine" answer).
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import {
  buildCompletionContext, buildEditContext, buildRefactorContext, identifiersInText, indexInProcess,
  looksBinary, offsetAt, ParseService,
} from '../../syntax/index.ts';
import { EgressGate } from '../../pipeline/egress-gate.ts';
import { parseCommandArgs, positiveInt } from '../args.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../command.ts';
import type { CliCommand } from '../command.ts';
import { findWorkspaceRoot } from '../workspace-root.ts';

function parseLocation(spec: string, cwd: string): { file: string; line: number; col: number } {
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(spec);
  if (!m) throw new UsageError(`expected <file>:<line>:<col> (1-based), got "${spec}"`);
  const line = Number(m[2]);
  const col = Number(m[3] ?? 1);
  if (line < 1 || col < 1) throw new UsageError('line and column are 1-based');
  return { file: resolve(cwd, m[1]!), line, col };
}

export const contextCommand: CliCommand = {
  name: 'context',
  summary: 'Print exactly what a lane would be sent for a cursor position',
  usage: 'switchyard context <file>:<line>:<col> [--lane fast|deep] [--tokens N] [--root DIR] [--max-file-bytes N] [--json]',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, {
      lane: { type: 'string', default: 'fast' },
      tokens: { type: 'string' },
      root: { type: 'string' },
      json: { type: 'boolean' },
      'max-file-bytes': { type: 'string' },
    });
    if (positionals.length !== 1) throw new UsageError('expected one <file>:<line>:<col>');
    const lane = values.lane;
    if (lane !== 'fast' && lane !== 'deep') throw new UsageError(`--lane must be fast or deep, got "${lane}"`);
    const { file, line, col } = parseLocation(positionals[0]!, ctx.io.cwd);
    const maxFileBytes = positiveInt(values['max-file-bytes'], '--max-file-bytes', 1_000_000);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) throw new UsageError(`no such file: ${file}`);
    const root = values.root ? resolve(ctx.io.cwd, values.root) : findWorkspaceRoot(file, ctx.io.cwd);
    const rel = relative(root, file).split(sep).join('/');
    if (rel.startsWith('..')) throw new UsageError(`${file} is outside the workspace root ${root}`);
    // The egress gate decides, as for every model call: secret files and ignored ones are never sent.
    const gate = new EgressGate({ root });
    const verdict = gate.checkPath(rel);
    if (!verdict.ok) {
      ctx.io.err(`switchyard: ${rel} is never sent to a model: ${verdict.reason}\n`);
      return EXIT_FAILURE;
    }
    if (stat.size > maxFileBytes) {
      ctx.io.err(`switchyard: ${rel} is ${stat.size} bytes, over the ${maxFileBytes}-byte limit; it is never sent to a model\n`);
      return EXIT_FAILURE;
    }
    const bytes = readFileSync(file);
    if (looksBinary(bytes)) {
      ctx.io.err(`switchyard: ${rel} looks binary; it is never sent to a model\n`);
      return EXIT_FAILURE;
    }
    const text = bytes.toString('utf8');
    const registry = ctx.registry();
    const { index } = await indexInProcess(registry, root, { maxFileBytes });
    const parse = new ParseService({ registry, maxDocumentChars: maxFileBytes });
    try {
      const doc = await parse.open(rel, '', text);
      const offset = offsetAt(text, line - 1, col - 1);
      const cdoc = { path: rel, text, tree: doc.tree, grammarId: doc.grammarId };
      let out: { text: string; tokens: number; budget: number; mode?: string; redactions?: number };
      if (lane === 'fast') {
        const c = buildCompletionContext(cdoc, offset, index, { budget: positiveInt(values.tokens, '--tokens', 1024) });
        out = { text: c.text, tokens: c.tokens, budget: c.budget, mode: c.mode };
      } else {
        // The deep lane gets the refactor context focused on this file and the code at the cursor.
        const around = buildEditContext(cdoc, offset, offset, index);
        const r = buildRefactorContext(index, {
          focusFiles: [rel],
          mentionedIdentifiers: identifiersInText(around.target),
          budget: positiveInt(values.tokens, '--tokens', 200_000),
          readFile: (p) => (p === rel ? text : safeRead(root, p)),
        });
        out = { text: r.text, tokens: r.tokens, budget: r.budget };
      }
      // Exactly what would leave: the gate's redaction applies here as in the pipeline.
      const { prompt, redactions } = gate.redact({ prompt: out.text });
      out = { ...out, text: prompt.prompt as string, ...(redactions ? { redactions } : {}) };
      if (values.json) ctx.io.out(`${JSON.stringify({ lane, file: rel, root, line, col, ...out }, null, 2)}\n`);
      else {
        ctx.io.out(out.text.endsWith('\n') ? out.text : `${out.text}\n`);
        ctx.io.err(`(${lane} lane: ${out.tokens} tokens of ${out.budget}${out.mode ? `, ${out.mode} completion` : ''}${out.redactions ? `; ${out.redactions} credential(s) redacted` : ''}; root ${root})\n`);
      }
      return EXIT_OK;
    } finally {
      parse.dispose();
    }
  },
};

/** Reads an indexed file (the index already excluded ignored, binary and oversized ones). */
function safeRead(root: string, rel: string): string | undefined {
  try {
    return readFileSync(resolve(root, rel), 'utf8');
  } catch {
    return undefined;
  }
}
