// Checks a transform spec before it touches anything: every rule compiles for
// every language it names, the spec turns each of its own examples' `before`
// into `after`, and running it over every file in scope leaves every file
// parsing with no new errors (tree-sitter and, for JS/TS/JSON, a real parser)
// and no rename refused. The per-file results are computed here, in memory, once.
import type { ValidationFailure } from '../../core/policy-config.ts';
import {
  applyTransform, compileRulesFor, loadStrictParser, QueryCompileError, resolveGrammarName, TemplateError,
  type CompiledTransform, type GrammarRegistry, type TransformEdit,
} from '../../syntax/index.ts';
import { normalizeSpec, type SingleQuerySpec, type TransformSpec } from './spec-schema.ts';

export interface ScopeFile { path: string; text: string }

export interface FileTransform { path: string; before: string; after: string; matches: number; edits: TransformEdit[] }

export interface CheckedTransform {
  spec: TransformSpec;
  /** The grammars the spec covers, as one label (e.g. "javascript, typescript, tsx"). */
  grammarId: string;
  grammarIds: string[];
  /** Files of the spec's languages in scope. */
  filesInScope: number;
  /** Files the transform changes. */
  changed: FileTransform[];
  matches: number;
  /** Matches dropped (the same node twice, or inside an outer rewrite but outside its captures). */
  skipped: number;
}

export type SpecCheck = { ok: true; value: CheckedTransform } | { ok: false; failure: ValidationFailure; message: string };

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);
const sameText = (a: string, b: string) => a.replace(/\s+$/, '') === b.replace(/\s+$/, '');

function parsesClean(registry: GrammarRegistry, grammarId: string, text: string): boolean {
  const tree = registry.sharedParser(grammarId)?.parse(text);
  try {
    return tree ? !tree.rootNode.hasError : false;
  } finally {
    tree?.delete();
  }
}

export async function checkSpec(
  input: TransformSpec | SingleQuerySpec, registry: GrammarRegistry, scope: readonly ScopeFile[], signal?: AbortSignal,
): Promise<SpecCheck> {
  const spec = normalizeSpec(input);
  const grammarIds: string[] = [];
  for (const lang of spec.languages) {
    const id = resolveGrammarName(lang);
    if (!id || !registry.has(id)) return { ok: false, failure: 'schema', message: `unknown language "${lang}" (known: ${registry.grammarIds.join(', ')})` };
    if (!grammarIds.includes(id)) grammarIds.push(id);
  }
  const compiled = new Map<string, CompiledTransform>();
  try {
    for (const id of grammarIds) {
      try {
        compiled.set(id, await compileRulesFor(registry, id, spec.rules));
      } catch (err) {
        if (err instanceof QueryCompileError || err instanceof TemplateError) {
          const what = err instanceof QueryCompileError || /query error/.test(err.message) ? 'query' : 'rewrite';
          return { ok: false, failure: 'schema', message: `the ${what} does not compile${grammarIds.length > 1 ? ` for ${id}` : ''}: ${err.message}` };
        }
        throw err;
      }
      await loadStrictParser(id);
    }
    for (const [i, ex] of spec.examples.entries()) {
      // An example is checked in every language of the spec it parses in (the first if none).
      const langs = grammarIds.filter((id) => parsesClean(registry, id, ex.before));
      for (const id of langs.length ? langs : grammarIds.slice(0, 1)) {
        const got = applyTransform(registry, compiled.get(id)!, ex.before);
        const where = grammarIds.length > 1 ? ` (as ${id})` : '';
        if (got.refusals.length) return { ok: false, failure: 'schema', message: `example ${i + 1}${where}: ${got.refusals[0]}` };
        if (!sameText(got.after, ex.after)) {
          return { ok: false, failure: 'schema', message: `example ${i + 1} does not hold${where}: the transform turns ${JSON.stringify(clip(ex.before))} into ${JSON.stringify(clip(got.after))}, not the expected ${JSON.stringify(clip(ex.after))}` };
        }
      }
    }
    const changed: FileTransform[] = [];
    const broken: string[] = [];
    const refused: string[] = [];
    let filesInScope = 0;
    let matches = 0;
    let skipped = 0;
    for (const file of scope) {
      const id = registry.forPath(file.path);
      const transform = id ? compiled.get(id) : undefined;
      if (!transform) continue;
      if (signal?.aborted) return { ok: false, failure: 'empty', message: 'cancelled' };
      filesInScope++;
      // Most files in a scope do not match: those lacking every rule's literals are
      // settled without a parse, the rest with one parse and one query run per rule;
      // only files the transform changes pay for a validation reparse.
      if (!transform.mayMatch(file.text)) continue;
      const r = applyTransform(registry, transform, file.text);
      if (r.matchCount === 0 && r.skipped === 0) continue;
      matches += r.matchCount;
      skipped += r.skipped;
      if (r.refusals.length) refused.push(`${file.path}: ${r.refusals[0]}`);
      else if (!r.validation.ok) broken.push(`${file.path}: ${r.validation.introduced.slice(0, 2).map((p) => p.message).join('; ')}`);
      else if (r.edits.length > 0 && r.after !== file.text) changed.push({ path: file.path, before: file.text, after: r.after, matches: r.matchCount, edits: r.edits });
    }
    if (refused.length) return { ok: false, failure: 'schema', message: `the transform was refused in ${refused.length} file(s): ${refused.slice(0, 3).join(' | ')}` };
    if (broken.length) {
      return { ok: false, failure: 'parse_errors', message: `the transform would introduce syntax errors in ${broken.length} file(s): ${broken.slice(0, 5).join(' | ')}` };
    }
    return { ok: true, value: { spec, grammarId: grammarIds.join(', '), grammarIds, filesInScope, changed, matches, skipped } };
  } finally {
    for (const t of compiled.values()) t.delete();
  }
}
