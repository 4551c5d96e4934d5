// switchyard transform: run tree-sitter rules (query + rewrite) over files.
// A dry run (diff) unless --write. Nothing is written unless every file's result
// passes the syntax gate (tree-sitter, and for JS/TS/JSON a real parser) and no
// rename is refused; then all files land at once, keeping their modes.
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { writeOutcomes } from '../../pipeline/refactor/write-plan.ts';
import { specFromValue, type TransformSpec } from '../../pipeline/transform/spec-schema.ts';
import {
  applyTransform, compileRulesFor, IgnoreMatcher, loadStrictParser, looksBinary, QueryCompileError, resolveGrammarName, RULE_ACTIONS,
  TemplateError, walkWorkspace, type CompiledTransform, type RuleAction,
} from '../../syntax/index.ts';
import { parseCommandArgs, positiveInt } from '../args.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError } from '../command.ts';
import type { CliCommand, CliContext } from '../command.ts';
import { unifiedDiff } from '../diff.ts';
import { askTransform, ASK_OPTIONS, ASK_USAGE } from './transform-ask.ts';

export const transformCommand: CliCommand = {
  name: 'transform',
  summary: 'Apply tree-sitter rules (query + rewrite) to files (dry run by default)',
  usage: 'switchyard transform --lang L[,L…] (--query Q | --query-file F) --rewrite R [--action A] [--target CAPTURE] <paths…> [--write] [--json]\n'
    + '       switchyard transform --spec SPEC.json <paths…> [--write] [--json]\n'
    + `${ASK_USAGE}\n`
    + '  rewrite: @name inserts a capture, @{name} when followed by name characters, @@ is a literal @;\n'
    + `  action: ${RULE_ACTIONS.join(' | ')} (default replace) applied to --target (default @match, else the smallest node holding all captures);\n`
    + '  SPEC.json: {"languages": ["javascript", "typescript", "tsx"], "rules": [{"query", "rewrite", "action", "target"}, …]}',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, {
      lang: { type: 'string' },
      query: { type: 'string' },
      'query-file': { type: 'string' },
      rewrite: { type: 'string' },
      action: { type: 'string' },
      target: { type: 'string' },
      spec: { type: 'string' },
      write: { type: 'boolean' },
      json: { type: 'boolean' },
      'max-file-bytes': { type: 'string' },
      ...ASK_OPTIONS,
    });
    if (values.ask !== undefined) return askTransform(values, positionals, ctx);
    if (positionals.length === 0) throw new UsageError('give at least one file or directory');
    const spec = specOf(values, ctx);
    const registry = ctx.registry();
    const maxFileBytes = positiveInt(values['max-file-bytes'], '--max-file-bytes', 1_000_000);
    const compiled = new Map<string, CompiledTransform>();
    try {
      for (const lang of spec.languages) {
        const id = resolveGrammarName(lang);
        if (!id || !registry.has(id)) throw new UsageError(`unknown language "${lang}" (known: ${registry.grammarIds.join(', ')})`);
        if (compiled.has(id)) continue;
        try {
          compiled.set(id, await compileRulesFor(registry, id, spec.rules));
        } catch (err) {
          if (err instanceof QueryCompileError || err instanceof TemplateError) {
            ctx.io.err(`switchyard: ${spec.languages.length > 1 ? `${id}: ` : ''}${err.message}\n`);
            return EXIT_FAILURE;
          }
          throw err;
        }
        await loadStrictParser(id);
      }
      const files = collectFiles(positionals.map((p) => resolve(ctx.io.cwd, p)), maxFileBytes, (rel) => compiled.has(registry.forPath(rel) ?? ''));
      const report: { file: string; matches: number; edits: number; skipped: number; ok: boolean; written: boolean; problems: string[] }[] = [];
      const outcomes: { path: string; before: string; after: string }[] = [];
      let failed = false;
      for (const file of files) {
        const transform = compiled.get(registry.forPath(file) ?? '');
        if (!transform) continue;
        const bytes = readFileSync(file);
        if (bytes.length > maxFileBytes || looksBinary(bytes)) continue;
        const source = bytes.toString('utf8');
        const result = applyTransform(registry, transform, source);
        const shown = relative(ctx.io.cwd, file).split(sep).join('/') || file;
        const problems = [...result.refusals, ...result.validation.introduced.map((p) => p.message)];
        const ok = problems.length === 0;
        if (!ok) failed = true;
        if (result.edits.length > 0 && result.after !== source) outcomes.push({ path: relative(ctx.io.cwd, file), before: source, after: result.after });
        if (result.matchCount > 0 || result.skipped > 0) report.push({ file: shown, matches: result.matchCount, edits: result.edits.length, skipped: result.skipped, ok, written: false, problems });
        if (!values.json && result.edits.length > 0) ctx.io.out(unifiedDiff(shown, source, result.after));
        if (!values.json && !ok) {
          const why = result.refusals.length ? result.refusals.join('; ') : `the rewrite would introduce syntax errors (${problems.join('; ')})`;
          ctx.io.err(`switchyard: ${shown}: ${why}\n`);
        }
      }
      // All or nothing: one bad file keeps every file as it was.
      const write = values.write && !failed && outcomes.length > 0;
      if (write) {
        writeOutcomes(ctx.io.cwd, outcomes);
        for (const r of report) r.written = r.edits > 0;
      }
      const totals = { files: files.length, filesMatched: report.length, matches: report.reduce((n, r) => n + r.matches, 0), edits: report.reduce((n, r) => n + r.edits, 0), written: report.filter((r) => r.written).length };
      if (values.json) ctx.io.out(`${JSON.stringify({ ...totals, dryRun: !values.write, results: report }, null, 2)}\n`);
      else {
        const outcome = values.write ? (failed ? 'nothing written: fix the problems above' : `${totals.written} written`) : 'dry run, nothing written';
        ctx.io.err(`(${totals.matches} match(es), ${totals.edits} edit(s) in ${totals.filesMatched} of ${totals.files} file(s); ${outcome})\n`);
      }
      return failed ? EXIT_FAILURE : EXIT_OK;
    } finally {
      for (const t of compiled.values()) t.delete();
    }
  },
};

interface RuleFlags { lang?: string; query?: string; 'query-file'?: string; rewrite?: string; action?: string; target?: string; spec?: string }

/** The spec from --spec, or one rule from the flags. */
function specOf(values: RuleFlags, ctx: CliContext): TransformSpec {
  if (values.spec !== undefined) {
    if (values.query !== undefined || values['query-file'] !== undefined || values.rewrite !== undefined) throw new UsageError('--spec holds the rules; drop --query/--rewrite');
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(resolve(ctx.io.cwd, values.spec), 'utf8'));
    } catch (err) {
      throw new UsageError(`cannot read the spec ${values.spec}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const parsed = specFromValue(value, true);
    if (!parsed.ok) throw new UsageError(parsed.message);
    return parsed.spec;
  }
  if (!values.lang) throw new UsageError('--lang is required');
  if ((values.query === undefined) === (values['query-file'] === undefined)) throw new UsageError('give exactly one of --query or --query-file');
  if (values.rewrite === undefined) throw new UsageError('--rewrite is required');
  if (values.action !== undefined && !(RULE_ACTIONS as readonly string[]).includes(values.action)) throw new UsageError(`--action is one of ${RULE_ACTIONS.join(', ')}`);
  const query = values.query ?? readFileSync(resolve(ctx.io.cwd, values['query-file']!), 'utf8');
  return {
    languages: values.lang.split(',').map((l) => l.trim()).filter(Boolean),
    rules: [{ query, rewrite: values.rewrite, ...(values.action ? { action: values.action as RuleAction } : {}), ...(values.target ? { target: values.target } : {}) }],
    examples: [],
  };
}

/** Files named directly, plus the languages' files under named directories (ignores honoured). */
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
