// Checks a transform spec before it touches anything: the query and template
// compile, the spec turns each of its own examples' `before` into `after`, and
// running it over every file in scope leaves every file parsing with no new
// errors. The per-file results are computed here, in memory, once.
import type { ValidationFailure } from '../../core/policy-config.ts';
import {
  applyTransform, compileTransform, QueryCompileError, resolveGrammarName, TemplateError, type GrammarRegistry, type TransformEdit,
} from '../../syntax/index.ts';
import type { TransformSpec } from './spec-schema.ts';

export interface ScopeFile { path: string; text: string }

export interface FileTransform { path: string; before: string; after: string; matches: number; edits: TransformEdit[] }

export interface CheckedTransform {
  spec: TransformSpec;
  grammarId: string;
  /** Files of the spec's language in scope. */
  filesInScope: number;
  /** Files the transform changes. */
  changed: FileTransform[];
  matches: number;
  /** Overlapping matches left for a second run. */
  skipped: number;
}

export type SpecCheck = { ok: true; value: CheckedTransform } | { ok: false; failure: ValidationFailure; message: string };

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);
const sameText = (a: string, b: string) => a.replace(/\s+$/, '') === b.replace(/\s+$/, '');

export async function checkSpec(
  spec: TransformSpec, registry: GrammarRegistry, scope: readonly ScopeFile[], signal?: AbortSignal,
): Promise<SpecCheck> {
  const grammarId = resolveGrammarName(spec.language);
  if (!grammarId || !registry.has(grammarId)) {
    return { ok: false, failure: 'schema', message: `unknown language "${spec.language}" (known: ${registry.grammarIds.join(', ')})` };
  }
  let compiled;
  try {
    compiled = await compileTransform(registry, grammarId, spec.query, spec.rewrite);
  } catch (err) {
    if (err instanceof QueryCompileError || err instanceof TemplateError) return { ok: false, failure: 'schema', message: `the ${err instanceof QueryCompileError ? 'query' : 'rewrite'} does not compile: ${err.message}` };
    throw err;
  }
  try {
    for (const [i, ex] of spec.examples.entries()) {
      const got = applyTransform(registry, compiled, ex.before);
      if (!sameText(got.after, ex.after)) {
        return { ok: false, failure: 'schema', message: `example ${i + 1} does not hold: the transform turns ${JSON.stringify(clip(ex.before))} into ${JSON.stringify(clip(got.after))}, not the expected ${JSON.stringify(clip(ex.after))}` };
      }
    }
    const changed: FileTransform[] = [];
    const broken: string[] = [];
    let filesInScope = 0;
    let matches = 0;
    let skipped = 0;
    for (const file of scope) {
      if (registry.forPath(file.path) !== grammarId) continue;
      if (signal?.aborted) return { ok: false, failure: 'empty', message: 'cancelled' };
      filesInScope++;
      // Most files in a scope do not match: those lacking the query's literals are
      // settled without a parse, the rest with one parse and one query run; only
      // files the transform changes pay for a validation reparse.
      if (!compiled.mayMatch(file.text)) continue;
      const r = applyTransform(registry, compiled, file.text);
      if (r.matchCount === 0) continue;
      matches += r.matchCount;
      skipped += r.skipped;
      if (!r.validation.ok) broken.push(`${file.path}: ${r.validation.introduced.slice(0, 2).map((p) => p.message).join('; ')}`);
      else if (r.edits.length > 0 && r.after !== file.text) changed.push({ path: file.path, before: file.text, after: r.after, matches: r.matchCount, edits: r.edits });
    }
    if (broken.length) {
      return { ok: false, failure: 'parse_errors', message: `the transform would introduce syntax errors in ${broken.length} file(s): ${broken.slice(0, 5).join(' | ')}` };
    }
    return { ok: true, value: { spec, grammarId, filesInScope, changed, matches, skipped } };
  } finally {
    compiled.delete();
  }
}
