// The edit plan the deep lane returns: the JSON schema sent with the request
// (OpenAI strict mode: every object closed, every property required) and the
// same shape in zod, which checks the answer before anything else looks at it.
import { z } from 'zod';
import type { JsonSchemaSpec } from '../../core/provider-types.ts';
import { closed, matchSchema, parseJsonAnswer, str } from '../json-answer.ts';

export const hunkSchema = z.object({
  search: z.string().min(1, 'a hunk needs search text'),
  replace: z.string(),
}).strict();

export const modifySchema = z.object({ kind: z.literal('modify'), path: z.string().min(1), hunks: z.array(hunkSchema).min(1) }).strict();
export const createSchema = z.object({ kind: z.literal('create'), path: z.string().min(1), content: z.string() }).strict();
export const renameSchema = z.object({ kind: z.literal('rename'), path: z.string().min(1), newPath: z.string().min(1) }).strict();
export const deleteSchema = z.object({ kind: z.literal('delete'), path: z.string().min(1) }).strict();

export const operationSchema = z.discriminatedUnion('kind', [modifySchema, createSchema, renameSchema, deleteSchema]);

export const editPlanSchema = z.object({
  summary: z.string(),
  operations: z.array(operationSchema),
}).strict();

export type Hunk = z.infer<typeof hunkSchema>;
export type PlanOperation = z.infer<typeof operationSchema>;
export type EditPlan = z.infer<typeof editPlanSchema>;

/** The wire schema. Kept by hand (not generated) so strict mode's rules are visible; a test checks it matches zod. */
export const EDIT_PLAN_JSON_SCHEMA: JsonSchemaSpec = {
  name: 'edit_plan',
  strict: true,
  schema: closed({
    summary: str('One or two sentences: what the plan changes and why.'),
    operations: {
      type: 'array',
      description: 'Applied in order. Paths are workspace-relative with forward slashes.',
      items: {
        anyOf: [
          closed({
            kind: { type: 'string', enum: ['modify'] },
            path: str('File to edit.'),
            hunks: {
              type: 'array',
              description: 'Search/replace pairs. Each search must be copied exactly from the file and occur exactly once.',
              items: closed({ search: str('Exact existing text, with enough lines to be unique.'), replace: str('Text that replaces it.') }),
            },
          }),
          closed({ kind: { type: 'string', enum: ['create'] }, path: str('New file.'), content: str('Its whole text.') }),
          closed({ kind: { type: 'string', enum: ['rename'] }, path: str('Existing file.'), newPath: str('Where it moves.') }),
          closed({ kind: { type: 'string', enum: ['delete'] }, path: str('File to delete.') }),
        ],
      },
    },
  }),
};

export type PlanParse = { ok: true; plan: EditPlan } | { ok: false; failure: 'invalid_json' | 'schema'; message: string };

/** JSON text -> a plan that matches the schema, or why not (in words the model can act on). */
export function parsePlan(output: string): PlanParse {
  const json = parseJsonAnswer(output);
  const checked = json.ok ? matchSchema(editPlanSchema, json.value, 'the plan') : json;
  return checked.ok ? { ok: true, plan: checked.value } : checked;
}
