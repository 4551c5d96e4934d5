// Property: over random answers (well-formed calls, broken JSON, non-objects, unknown
// tools, wrong or missing fields), an answer passes only when every call names an
// offered tool with arguments that parse and fit its schema; so a malformed call
// can never reach the caller. The oracle below checks the three tools by hand.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ToolCall } from '../../../../src/core/provider-types.ts';
import { checkAnswer } from '../../../../src/pipeline/agent/tool-check.ts';
import { TOOLS } from './conversation.ts';

const str = fc.string({ maxLength: 12 });
const value = fc.oneof(str, fc.integer(), fc.boolean(), fc.constant(null));
const args = fc.oneof(
  fc.record({ path: str }).map((a) => JSON.stringify(a)),
  fc.record({ path: str, find: str, replace: str }).map((a) => JSON.stringify(a)),
  fc.dictionary(fc.constantFrom('path', 'find', 'replace', 'file', 'x'), value).map((a) => JSON.stringify(a)),
  fc.constantFrom('', '{}', '{', '[]', 'null', '"a.ts"', '{"path": "a.ts",}', '{"path":"a.ts"}'),
  fc.string({ maxLength: 20 }),
);
const call = fc.record({ id: fc.uuid(), name: fc.constantFrom('readFile', 'editFile', 'runTests', 'deleteRepo', ''), arguments: args });

/** The schemas of conversation.ts's tools, by hand. */
function wellFormed(c: ToolCall): boolean {
  let input: unknown;
  try { input = JSON.parse(c.arguments.trim() === '' ? '{}' : c.arguments); } catch { return false; }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return false;
  const o = input as Record<string, unknown>;
  const isStr = (k: string) => typeof o[k] === 'string';
  switch (c.name) {
    case 'readFile': return isStr('path') && Object.keys(o).every((k) => k === 'path');
    case 'editFile': return isStr('path') && isStr('find') && isStr('replace');
    case 'runTests': return true;
    default: return false;
  }
}

describe('tool-call checks (property)', () => {
  it('an answer passes exactly when every call is well formed, and passes its calls unchanged', () => {
    let passed = 0;
    let rejected = 0;
    fc.assert(fc.property(fc.array(call, { maxLength: 4 }), fc.constantFrom('auto' as const, 'required' as const), (calls, mode) => {
      const r = checkAnswer('text', calls, TOOLS, mode);
      const good = calls.every(wellFormed) && (mode === 'auto' || calls.length > 0);
      assert.equal(r.ok, good, JSON.stringify(calls));
      if (r.ok) {
        passed++;
        assert.deepEqual(r.value.calls.map(({ input: _input, ...c }) => c), calls.map((c) => ({ ...c })));
      } else {
        rejected++;
        assert.equal(r.malformedToolCalls ?? 0, calls.filter((c) => !wellFormed(c)).length);
      }
    }), { numRuns: 1500, seed: 16, examples: [[[{ id: 'a', name: 'readFile', arguments: '{"path":"a.ts"}' }], 'auto'], [[{ id: 'a', name: 'readFile', arguments: '{"path":"a.ts",}' }], 'auto'], [[], 'required']] });
    assert.ok(passed > 100 && rejected > 100, `both sides generated: ${passed} passed, ${rejected} rejected`);
  });
});
