// The replay benchmark's scenario generator, simulated tools and simulated lanes:
// the tasks are what the issue describes (10-40 turns, a plan turn first, a
// diagnose turn after every test run that fails by design, one valid tool call
// per turn), the same seed gives the same tasks, and the lanes behave as stated.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { laneAnswer, MALFORMED_RATE } from '../../../bench/agent/lanes.ts';
import { generateTasks, TURNS, type AgentTask } from '../../../bench/agent/scenarios.ts';
import { checkCall, runTool } from '../../../bench/agent/tools.ts';

const failingRun = (content: string): boolean => /Tests {2}\d+ failed/.test(content) && content.includes('exited with code 1');
/** The file text a numbered readFile result shows. */
const unnumbered = (content: string): string => content.split('\n').map((l) => l.slice(6)).join('\n');

function checkTask(task: AgentTask): void {
  const { steps } = task;
  assert.ok(steps.length >= TURNS.min && steps.length <= TURNS.max, `${task.id}: ${steps.length} steps`);
  assert.equal(steps[0]!.kind, 'think');
  assert.equal(steps[0]!.purpose, 'plan');
  assert.match(task.prompt, /plan/i);
  const last = steps.at(-1)!;
  assert.deepEqual(last.call, { name: 'runTests', input: {} });
  assert.ok(!failingRun(last.result.content) && !last.result.isError);
  const lastRead = new Map<string, string>();
  steps.forEach((s, i) => {
    const checked = checkCall(s.call.name, JSON.stringify(s.call.input));
    assert.ok(checked.ok, `${task.id} step ${i}: the expected call must match its schema`);
    // The step's call moves the task on; the fast lane's wrong call does not, and the tools fail it.
    assert.equal(runTool(task, i, s.call).advances, true);
    assert.equal(s.kind === 'think', s.wrong !== undefined, `${task.id} step ${i}: think steps, and only they, have a wrong answer`);
    if (s.wrong) {
      assert.ok(checkCall(s.wrong.call.name, JSON.stringify(s.wrong.call.input)).ok, 'the wrong answer is a valid call');
      const r = runTool(task, i, s.wrong.call);
      assert.equal(r.advances, false);
      assert.ok(r.answer.isError || failingRun(r.answer.content), `${task.id} step ${i}: the wrong call must fail`);
    }
    if (s.call.name === 'readFile') lastRead.set(String(s.call.input.path), unnumbered(s.result.content));
    if (s.call.name === 'editFile') {
      // An edit copies text the agent has read, and that text occurs once.
      const seen = lastRead.get(String(s.call.input.path));
      assert.ok(seen !== undefined, `${task.id} step ${i}: edits a file it never read`);
      assert.equal(seen.split(String(s.call.input.search)).length, 2, `${task.id} step ${i}: search text must occur exactly once`);
    }
    const failedBefore = i > 0 && failingRun(steps[i - 1]!.result.content);
    assert.equal(s.purpose === 'diagnose', failedBefore, `${task.id} step ${i}: a diagnose turn follows exactly the failing runs`);
    if (s.purpose === 'diagnose') {
      assert.equal(s.kind, 'think');
      assert.deepEqual(s.wrong!.call, steps[i - 1]!.call, 'the fast lane re-runs the failing tests');
    } else if (i > 0) assert.equal(s.kind, 'act');
  });
}

describe('agent replay scenarios', () => {
  it('the benchmark seed gives 30 tasks of 10-40 turns that fit the issue, with think turns and failing runs in them', () => {
    const tasks = generateTasks(16);
    assert.equal(tasks.length, 30);
    for (const t of tasks) checkTask(t);
    const lengths = tasks.map((t) => t.steps.length);
    assert.ok(Math.max(...lengths) - Math.min(...lengths) >= 20, 'lengths spread across the range');
    assert.ok(tasks.some((t) => t.steps.some((s) => s.purpose === 'diagnose')));
    assert.equal(new Set(tasks.map((t) => t.title)).size, 30, 'no two tasks alike');
  });

  it('is fixed by its seed: the same seed gives the same tasks, another seed others', () => {
    assert.deepEqual(generateTasks(16, 5), generateTasks(16, 5));
    assert.notDeepEqual(generateTasks(16, 5), generateTasks(17, 5));
  });

  it('holds for any seed (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
        for (const t of generateTasks(seed, 4)) checkTask(t);
      }),
      { seed: 16_2026, numRuns: 40, examples: [[0], [1], [16], [2 ** 31 - 1]] },
    );
  });
});

describe('agent replay lanes', () => {
  const tasks = generateTasks(16);
  const steps = tasks.flatMap((t) => t.steps.map((s, i) => ({ t, s, i })));

  it('the deep lane answers every step with its call, never malformed', () => {
    for (const { t, s, i } of steps) {
      const a = laneAnswer(16, 'deep', s, [t.id, i, 'deep', 0]);
      assert.equal(a.malformed, false);
      assert.deepEqual(a.toolCalls, [{ name: s.call.name, arguments: s.call.input }]);
    }
  });

  it('the fast lane answers act steps right and think steps wrong, and is malformed at about the set rate', () => {
    let malformed = 0;
    let total = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      for (const { t, s, i } of steps) {
        const a = laneAnswer(16, 'fast', s, [t.id, i, 'fast', attempt]);
        const [call] = a.toolCalls;
        const raw = typeof call!.arguments === 'string' ? call!.arguments : JSON.stringify(call!.arguments);
        const checked = checkCall(call!.name, raw);
        total++;
        if (a.malformed) {
          malformed++;
          assert.equal(checked.ok, false, `a malformed call must fail the schema check: ${raw}`);
          continue;
        }
        assert.ok(checked.ok);
        assert.deepEqual(checked.call, s.kind === 'think' ? s.wrong!.call : s.call);
      }
    }
    const rate = malformed / total;
    assert.ok(Math.abs(rate - MALFORMED_RATE) < 0.015, `malformed rate ${rate} over ${total} answers`);
  });

  it('a malformed draw is the same for the same request key and differs with the attempt', () => {
    const { t, s, i } = steps[5]!;
    assert.deepEqual(laneAnswer(16, 'fast', s, [t.id, i, 'fast', 0]), laneAnswer(16, 'fast', s, [t.id, i, 'fast', 0]));
    const draws = Array.from({ length: 200 }, (_, n) => laneAnswer(16, 'fast', s, [t.id, i, 'fast', n]).malformed);
    assert.ok(draws.includes(true) && draws.includes(false));
  });
});
