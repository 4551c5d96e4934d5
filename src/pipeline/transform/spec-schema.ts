// The transform spec the deep lane writes once: a language, a tree-sitter
// query with captures, a rewrite template, and before/after examples it
// expects. Sent as a strict json_schema and checked again with zod.
import { z } from 'zod';
import type { JsonSchemaSpec } from '../../core/provider-types.ts';

export const transformSpecSchema = z.object({
  language: z.string().min(1),
  query: z.string().min(1),
  rewrite: z.string(),
  examples: z.array(z.object({ before: z.string(), after: z.string() }).strict()).min(1, 'give at least one example'),
}).strict();

export type TransformSpec = z.infer<typeof transformSpecSchema>;

const str = (description: string) => ({ type: 'string', description });

export const TRANSFORM_SPEC_JSON_SCHEMA: JsonSchemaSpec = {
  name: 'transform_spec',
  strict: true,
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['language', 'query', 'rewrite', 'examples'],
    properties: {
      language: str('Grammar id, e.g. typescript, tsx, javascript, python, go, rust.'),
      query: str('A tree-sitter query with captures. The node replaced is the one captured as @match, else the smallest node holding all captures.'),
      rewrite: str('Replacement template: @name inserts a capture\'s text, @{name} when letters follow, @@ is a literal @.'),
      examples: {
        type: 'array',
        description: 'Small whole snippets: applying the transform to before must give exactly after.',
        items: {
          type: 'object', additionalProperties: false, required: ['before', 'after'],
          properties: { before: str('Source before.'), after: str('The same source after the transform.') },
        },
      },
    },
  },
};

export type SpecParse = { ok: true; spec: TransformSpec } | { ok: false; failure: 'invalid_json' | 'schema'; message: string };

export function parseSpec(output: string): SpecParse {
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch (err) {
    return { ok: false, failure: 'invalid_json', message: `the answer is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const parsed = transformSpecSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { ok: false, failure: 'schema', message: `the spec does not match the schema: ${issues.join('; ')}` };
  }
  return { ok: true, spec: parsed.data };
}
