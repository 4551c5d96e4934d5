// The transform spec the deep lane writes once: the languages it covers (one
// grammar, or a family such as javascript + typescript + tsx where the node
// types agree), one or more rules (a tree-sitter query and a rewrite, with an
// action and target for edits inside a capture), and before/after examples it
// expects. Sent as a strict json_schema and checked again with zod. The older
// single-query shape ({language, query, rewrite}) is still accepted.
import { z } from 'zod';
import type { JsonSchemaSpec } from '../../core/provider-types.ts';
import { RULE_ACTIONS, type TransformRule } from '../../syntax/index.ts';
import { closed, matchSchema, parseJsonAnswer, str } from '../json-answer.ts';

const exampleSchema = z.object({ before: z.string(), after: z.string() }).strict();
const examplesSchema = z.array(exampleSchema).min(1, 'give at least one example');

const ruleSchema = z.object({
  query: z.string().min(1),
  rewrite: z.string(),
  action: z.enum(RULE_ACTIONS).optional(),
  target: z.string().optional(),
  separator: z.string().optional(),
}).strict();

const rulesSpecSchema = z.object({
  languages: z.array(z.string().min(1)).min(1, 'name at least one language'),
  rules: z.array(ruleSchema).min(1, 'give at least one rule'),
  examples: examplesSchema,
}).strict();

const singleSpecSchema = z.object({
  language: z.string().min(1),
  query: z.string().min(1),
  rewrite: z.string(),
  examples: examplesSchema,
}).strict();

export interface TransformSpec {
  languages: string[];
  rules: TransformRule[];
  examples: { before: string; after: string }[];
}

/** The older one-query form. */
export type SingleQuerySpec = z.infer<typeof singleSpecSchema>;

export function normalizeSpec(s: TransformSpec | SingleQuerySpec): TransformSpec {
  return 'rules' in s
    ? { languages: s.languages, rules: s.rules.map((r) => ({ ...r })), examples: s.examples }
    : { languages: [s.language], rules: [{ query: s.query, rewrite: s.rewrite }], examples: s.examples };
}

export const transformSpecSchema = z.union([rulesSpecSchema, singleSpecSchema]).transform(normalizeSpec);

export const TRANSFORM_SPEC_JSON_SCHEMA: JsonSchemaSpec = {
  name: 'transform_spec',
  strict: true,
  schema: closed({
    languages: {
      type: 'array',
      description: 'Grammar ids the spec runs on, e.g. ["python"], or ["javascript", "typescript", "tsx"] for a JS/TS family where the node types agree.',
      items: { type: 'string' },
    },
    rules: {
      type: 'array',
      description: 'Applied together in one pass over each file; nested matches are all rewritten.',
      items: closed({
        query: str('A tree-sitter query with captures (the pattern).'),
        rewrite: str('Template (the fix): @name inserts a capture\'s text (with rewrites inside it applied), @{name} when letters follow, @@ is a literal @.'),
        action: { type: 'string', enum: [...RULE_ACTIONS], description: 'replace the target; prepend/append text next to it; insertFirst/insertLast an item into a list node (arguments, array, parameters) with the separator only where needed.' },
        target: str('Capture the action applies to, e.g. "args"; "" means @match, else the smallest node holding all captures.'),
        separator: str('Between list items for insertFirst/insertLast; "" means ", ".'),
      }),
    },
    examples: {
      type: 'array',
      description: 'Small whole snippets: applying the spec to before must give exactly after.',
      items: closed({ before: str('Source before.'), after: str('The same source after the transform.') }),
    },
  }),
};

export type SpecParse = { ok: true; spec: TransformSpec } | { ok: false; failure: 'invalid_json' | 'schema'; message: string };

export function parseSpec(output: string): SpecParse {
  const json = parseJsonAnswer(output);
  return json.ok ? specFromValue(json.value) : json;
}

/** A spec from a parsed JSON value; `examplesOptional` for specs a person writes (the CLI's --spec file). */
export function specFromValue(value: unknown, examplesOptional = false): SpecParse {
  const filled = examplesOptional && typeof value === 'object' && value !== null && !('examples' in value) ? { ...value, examples: [{ before: '', after: '' }] } : value;
  const checked = matchSchema(transformSpecSchema, filled, 'the spec');
  return checked.ok ? { ok: true, spec: checked.value } : checked;
}
