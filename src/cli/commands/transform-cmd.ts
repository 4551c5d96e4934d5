// switchyard transform: run a tree-sitter query + rewrite template over files.
// A dry run (diff) unless --write; files whose result would add syntax errors are never written.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import {
  applyTransform, compileTransform, IgnoreMatcher, looksBinary, QueryCompileError, resolveGrammarName, TemplateError, walkWorkspace,
} from '../../syntax/index.ts';
import { parseCommandArgs, positiveInt } from '../args.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../command.ts';
import type { CliCommand } from '../command.ts';
import { unifiedDiff } from '../diff.ts';
import { askTransform, ASK_OPTIONS, ASK_USAGE } from './transform-ask.ts';

export const transformCommand: CliCommand = {
  name: 'transform',
  summary: 'Apply a tree-sitter query + rewrite template to files (dry run by default)',
  usage: 'switchyard transform --lang L (--query Q | --query-file F) --rewrite R <paths…> [--write] [--json]\n'
    + `${ASK_USAGE}\n`
    + '  rewrite: @name inserts a capture, @{name} when followed by name characters, @@ is a literal @;\n'
    + '  the node replaced is @match if captured, else the smallest node holding all captures',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, {
      lang: { type: 'string' },
      query: { type: 'string' },
      'query-file': { type: 'string' },
      rewrite: { type: 'string' },
      write: { type: 'boolean' },
      json: { type: 'boolean' },
      'max-file-bytes': { type: 'string' },
      ...ASK_OPTIONS,
    });
    if (values.ask !== undefined) return askTransform(values, positionals, ctx);
    if (!values.lang) throw new UsageError('--lang is required');
    if ((values.query === undefined) === (values['query-file'] === undefined)) throw new UsageError('give exactly one of --query or --query-file');
    if (values.rewrite === undefined) throw new UsageError('--rewrite is required');
    if (positionals.length === 0) throw new UsageError('give at least one file or directory');
    const registry = ctx.registry();
    const grammarId = resolveGrammarName(values.lang);
    if (!grammarId || !registry.has(grammarId)) throw new UsageError(`unknown language "${values.lang}" (known: ${registry.grammarIds.join(', ')})`);
    const query = values.query ?? readFileSync(resolve(ctx.io.cwd, values['query-file']!), 'utf8');
    const maxFileBytes = positiveInt(values['max-file-bytes'], '--max-file-bytes', 1_000_000);

    let transform;
    try {
      transform = await compileTransform(registry, grammarId, query, values.rewrite);
    } catch (err) {
      if (err instanceof QueryCompileError || err instanceof TemplateError) {
        ctx.io.err(`switchyard: ${err.message}\n`);
        return EXIT_FAILURE;
      }
      throw err;
    }
    try {
      const files = collectFiles(positionals.map((p) => resolve(ctx.io.cwd, p)), maxFileBytes, (rel) => registry.forPath(rel) === grammarId);
      const report: { file: string; matches: number; edits: number; skipped: number; ok: boolean; written: boolean; problems: string[] }[] = [];
      let failed = false;
      for (const file of files) {
        const bytes = readFileSync(file);
        if (bytes.length > maxFileBytes || looksBinary(bytes)) continue;
        const source = bytes.toString('utf8');
        const result = applyTransform(registry, transform, source);
        const shown = relative(ctx.io.cwd, file).split(sep).join('/') || file;
        const ok = result.validation.ok;
        if (!ok) failed = true;
        let written = false;
        if (values.write && ok && result.edits.length > 0) {
          writeFileSync(file, result.after);
          written = true;
        }
        if (result.matchCount > 0) {
          report.push({ file: shown, matches: result.matchCount, edits: result.edits.length, skipped: result.skipped, ok, written, problems: result.validation.introduced.map((p) => p.message) });
        }
        if (!values.json && result.edits.length > 0) {
          ctx.io.out(unifiedDiff(shown, source, result.edits));
          if (!ok) ctx.io.err(`switchyard: ${shown}: the rewrite would introduce syntax errors (${result.validation.introduced.map((p) => p.message).join('; ')})${values.write ? '; not written' : ''}\n`);
        }
      }
      const totals = { files: files.length, filesMatched: report.length, matches: report.reduce((n, r) => n + r.matches, 0), edits: report.reduce((n, r) => n + r.edits, 0), written: report.filter((r) => r.written).length };
      if (values.json) ctx.io.out(`${JSON.stringify({ ...totals, dryRun: !values.write, results: report }, null, 2)}\n`);
      else ctx.io.err(`(${totals.matches} match(es), ${totals.edits} edit(s) in ${totals.filesMatched} of ${totals.files} file(s); ${values.write ? `${totals.written} written` : 'dry run, nothing written'})\n`);
      return failed ? EXIT_FAILURE : EXIT_OK;
    } finally {
      transform.delete();
    }
  },
};

/** Files named directly, plus the language's files under named directories (ignores honoured). */
function collectFiles(paths: string[], maxFileBytes: number, accept: (rel: string) => boolean): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (!stat) throw new UsageError(`no such file or directory: ${p}`);
    if (stat.isFile()) out.push(p);
    else {
      const walk = walkWorkspace({ root: p, matcher: new IgnoreMatcher(p), maxFileBytes, accept });
      for (const f of walk.files) out.push(resolve(p, f.rel));
    }
  }
  return [...new Set(out)];
}
