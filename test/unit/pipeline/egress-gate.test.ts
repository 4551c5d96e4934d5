// The egress gate on every path that builds a prompt: completion, quick edit,
// refactor context (with the repo map), transform, and the trust and file checks.
// A secret planted on each path never reaches the emulator; the ledger counts redactions.
import * as assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { redactSecrets } from '../../../src/core/egress-rules.ts';
import { loadTokenizer } from '../../../src/core/tokens.ts';
import { CompletionEngine } from '../../../src/pipeline/completion/engine.ts';
import { EgressGate } from '../../../src/pipeline/egress-gate.ts';
import { runQuickEdit } from '../../../src/pipeline/quick-edit/quick-edit.ts';
import { nodePlanWorkspace } from '../../../src/pipeline/refactor/plan-workspace.ts';
import { buildRefactorTask } from '../../../src/pipeline/refactor/refactor-task.ts';
import { collectScope } from '../../../src/pipeline/transform/scope.ts';
import { buildTransformTask } from '../../../src/pipeline/transform/transform-task.ts';
import { GrammarRegistry, indexInProcess } from '../../../src/syntax/index.ts';
import { runAgentTurn } from '../../../src/pipeline/agent/run-agent-turn.ts';
import { rig, type Rig } from './helpers.ts';
import { calls, request, results, user } from './agent/conversation.ts';
import { GRAMMARS, tempDir } from '../syntax/helpers.ts';
import { MONEY_TS, PLANTED, plantSecrets } from '../helpers/planted.ts';

const registry = new GrammarRegistry(GRAMMARS);
const secretlint = { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend', rule: recommended }] };
const lint = async (text: string) => (await lintSource({ source: { filePath: '/prompt.txt', content: text, ext: '.txt', contentType: 'text' }, options: { config: secretlint, noPhysicFilePath: true } })).messages;

describe('egress gate', () => {
  let r: Rig | undefined;
  let ws: { dir: string; cleanup: () => void };
  before(async () => {
    await loadTokenizer();
    await registry.load('typescript');
    ws = tempDir('switchyard-egress-');
    plantSecrets(ws.dir);
  });
  afterEach(async () => { await r?.close(); r = undefined; });
  after(() => { ws.cleanup(); registry.dispose(); });

  const gate = (trusted = true) => new EgressGate({ root: ws.dir, trusted: () => trusted });
  const sentBodies = () => r!.emu.requests.map((q) => JSON.stringify(q.body)).join('\n');
  const assertNoSecretSent = (path: string) => {
    const sent = sentBodies();
    assert.ok(sent.length > 0, `${path}: nothing was sent at all`);
    for (const secret of PLANTED.values) assert.ok(!sent.includes(secret), `${path}: a planted secret reached the emulator`);
  };
  const records = async () => (await r!.store.readMonth(r!.store.currentMonth())).records;

  it('redacts each well-known format; secretlint finds nothing left in what would be sent', async () => {
    assert.ok((await lint(MONEY_TS)).length > 0, 'secretlint sees the planted GitHub token before redaction');
    const red = redactSecrets(MONEY_TS);
    assert.equal(red.count, 4);
    assert.deepEqual(Object.keys(red.kinds).sort(), ['aws-key', 'github-token', 'google-key', 'openai-key']);
    assert.deepEqual(await lint(red.text), []);
    assert.match(red.text, /export function total/, 'code around the secrets is kept');
  });

  it('decides files: secret files, .gitignore, .switchyardignore, VS Code settings, untrusted workspaces', () => {
    const g = gate();
    assert.deepEqual(g.checkPath('.env'), { ok: false, reason: 'secret file' });
    assert.deepEqual(g.checkPath('deploy/id_rsa'), { ok: false, reason: 'secret file' });
    assert.deepEqual(g.checkPath('build/out.ts'), { ok: false, reason: 'ignored by .gitignore' });
    assert.deepEqual(g.checkPath('notes/private.ts'), { ok: false, reason: 'ignored by .switchyardignore' });
    assert.deepEqual(g.checkPath('src/money.ts'), { ok: true });
    assert.deepEqual(g.checkDocument({ scheme: 'vscode-userdata', path: '/home/u/.config/Code/User/settings.json' }), { ok: false, reason: 'VS Code settings' });
    assert.deepEqual(g.checkDocument({ scheme: 'file', path: '/home/u/.ssh/id_ed25519' }), { ok: false, reason: 'secret file' });
    assert.deepEqual(gate(false).checkPath('src/money.ts'), { ok: false, reason: 'the workspace is not trusted' });
  });

  it('decides documents by their first bytes too: a binary file opened anyway, or pasted into an untitled one, is never sent', () => {
    const g = gate();
    const png = `\x89PNG\r\n\x1a\n\0\0\0\rIHDR${'x'.repeat(100)}`;
    assert.deepEqual(g.checkDocument({ scheme: 'file', rel: 'src/logo.ts', head: png }), { ok: false, reason: 'binary file' });
    assert.deepEqual(g.checkDocument({ scheme: 'untitled', head: `const a = 1;\n\0` }), { ok: false, reason: 'binary file' });
    assert.deepEqual(g.checkDocument({ scheme: 'file', rel: 'src/money.ts', head: 'export const a = 1;\n' }), { ok: true });
    // A NUL past the sniffed start is not looked for (git's rule): the head is all the gate reads.
    assert.deepEqual(g.checkDocument({ scheme: 'file', rel: 'src/money.ts', head: `${'a'.repeat(8192)}\0` }), { ok: true });
    // The path's verdict still stands for a text document.
    assert.deepEqual(g.checkDocument({ scheme: 'file', rel: '.env', head: 'KEY=1\n' }), { ok: false, reason: 'secret file' });
  });

  it('completion: the planted secrets in the file are redacted, and the ledger counts them', async () => {
    r = await rig({ 'completions.debounceMs': 0 }, undefined, gate());
    r.emu.script({ match: { protocol: 'gemini' }, text: 'xs.length;' });
    const text = MONEY_TS.replace('  return xs.reduce((a, b) => a + b, 0);', '  return ');
    const offset = text.indexOf('  return ') + '  return '.length;
    const engine = new CompletionEngine({ pipeline: r.pipeline, ledger: r.store, registry, settings: () => r!.settings, simulated: true });
    try {
      await engine.complete({ uri: 'file:///ws/src/money.ts', text, languageId: 'typescript', grammarId: 'typescript', tree: registry.sharedParser('typescript')!.parse(text) ?? undefined, path: 'src/money.ts', file: 'src/money.ts' }, offset, new AbortController().signal);
    } finally {
      engine.dispose();
    }
    assertNoSecretSent('completion');
    assert.match(sentBodies(), /\[REDACTED:github-token\]/);
    const sent = (await records()).filter((x) => x.tokens.input > 0);
    assert.ok(sent.length === 1 && (sent[0]!.redactions ?? 0) >= 1, JSON.stringify(sent));
    assert.ok(!JSON.stringify(await records()).includes(PLANTED.ghToken), 'the ledger holds counts, never values');
  });

  it('quick edit: the rewrite request carries no planted secret', async () => {
    r = await rig({}, undefined, gate());
    r.emu.script({ match: { protocol: 'gemini' }, text: 'export function total(xs: number[]): number {\n  return xs.reduce((a, b) => a + b, 0) | 0;\n}' });
    const start = MONEY_TS.indexOf('export function total');
    const end = MONEY_TS.indexOf('}\n', start) + 1;
    await runQuickEdit(r.pipeline, registry, {
      doc: { path: 'src/money.ts', text: MONEY_TS, tree: registry.sharedParser('typescript')!.parse(MONEY_TS) ?? undefined, grammarId: 'typescript', languageId: 'typescript' },
      selStart: start, selEnd: end, instruction: 'truncate the total', file: 'src/money.ts',
    });
    assertNoSecretSent('quick edit');
  });

  it('quick edit and completion in a denied file send nothing, even if a face forgot to ask', async () => {
    r = await rig({}, undefined, gate());
    const env = await r.pipeline.run({ kind: 'quickEdit', inputTokens: 10, file: '.env', prompt: () => ({ prompt: 'OPENAI_API_KEY=…' }), validate: (o) => ({ ok: true, value: o }) });
    assert.equal(env.ok, false);
    assert.match(!env.ok ? env.message : '', /sends nothing here: secret file/);
    r.emu.script({ match: { protocol: 'gemini' }, text: 'x' });
    const untrusted = await rig({}, undefined, gate(false));
    try {
      const res = await untrusted.pipeline.run({ kind: 'completion', inputTokens: 10, file: 'src/money.ts', prompt: () => ({ prompt: 'code' }), validate: (o) => ({ ok: true, value: o }) });
      assert.match(!res.ok ? res.message : '', /the workspace is not trusted/);
      assert.equal(untrusted.emu.requests.length, 0);
    } finally {
      await untrusted.close();
    }
    assert.equal(r.emu.requests.length, 0);
  });

  it('refactor: context and repo map leave out secret and ignored files, and redact inline secrets', async () => {
    r = await rig({}, undefined, gate());
    r.emu.script({ match: { protocol: 'responses' }, json: { summary: 'Rename', operations: [{ kind: 'modify', path: 'src/money.ts', hunks: [{ search: 'function total(', replace: 'function sum(' }] }] } });
    const { index } = await indexInProcess(registry, ws.dir);
    assert.deepEqual(index.paths().filter((p) => /env|id_rsa|build|notes/.test(p)), [], 'the index never holds denied files');
    const { task, contextFiles } = await buildRefactorTask({ instruction: 'Rename total to sum everywhere', index, workspace: nodePlanWorkspace(ws.dir), registry, budget: 20_000, focusFiles: ['src/money.ts', '.env', 'build/out.ts'] });
    assert.deepEqual(contextFiles.filter((f) => !f.startsWith('src/')), []);
    await r.pipeline.run(task);
    assertNoSecretSent('refactor');
    assert.ok(((await records())[0]!.redactions ?? 0) >= 1);
  });

  it('transform: the scope and samples leave out denied files, and redact inline secrets', async () => {
    r = await rig({}, undefined, gate());
    r.emu.script({ match: { protocol: 'responses' }, text: '{}' , repeat: 2 });
    const scope = collectScope(ws.dir, '', { registry });
    assert.deepEqual(scope.map((f) => f.path).sort(), ['src/money.ts', 'src/report.ts']);
    assert.deepEqual(collectScope(ws.dir, 'build', { registry }), [], 'an ignored folder holds nothing to send');
    assert.throws(() => collectScope(ws.dir, '.env', { registry }), /is ignored/);
    const task = await buildTransformTask({ instruction: 'Replace total( with sum(', registry, scope, budget: 8000 });
    await r.pipeline.run(task);
    assertNoSecretSent('transform');
  });

  it('agent: secrets in the user text, a tool result and the arguments of a call are redacted on both lanes; untrusted sends nothing', async () => {
    r = await rig({}, undefined, gate());
    r.emu.script({ match: { protocol: 'gemini' }, text: 'Read it.' }, { match: { protocol: 'responses' }, text: 'Planned.' });
    const key = PLANTED.values[0]!;
    const history = [
      user(`Plan a refactor across every file; my key is ${key}`),
      calls(['c1', 'readFile', { path: 'src/money.ts', note: key }]),
      results(['c1', 'readFile', MONEY_TS]),
    ];
    const deep = await runAgentTurn(r.pipeline, request(history.slice(0, 1)), { text: () => undefined, toolCall: () => undefined });
    const fast = await runAgentTurn(r.pipeline, request(history), { text: () => undefined, toolCall: () => undefined });
    assert.deepEqual([deep.ok && deep.lane, fast.ok && fast.lane], ['deep', 'fast'], JSON.stringify([deep, fast]));
    assertNoSecretSent('agent');
    assert.ok((await records()).every((x) => (x.redactions ?? 0) > 0), 'each agent record counts its redactions');

    await r.close();
    r = await rig({}, undefined, gate(false));
    const refused = await runAgentTurn(r.pipeline, request([user('hello')]), { text: () => undefined, toolCall: () => undefined });
    assert.equal(refused.ok, false);
    assert.equal(r.emu.requests.length, 0, 'nothing sent from an untrusted workspace');
  });
});

