import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { isEvent, parseRecordLine, type LedgerRecord } from '../../../src/core/ledger-record.ts';
import { startEmulator, type Emulator } from '../../emulator/server.ts';
import { CLI, TRIPWIRE_NODE_OPTIONS, tempDir, write } from '../syntax/helpers.ts';
import { consoleFiles, consoleSpec } from '../helpers/deep-lane-fixtures.ts';

const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, NODE_OPTIONS: TRIPWIRE_NODE_OPTIONS, ...env }, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function ledgerEntries(dir: string) {
  const now = new Date();
  const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`; // the store's local month
  const path = join(dir, `ledger-${month}.jsonl`);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((l) => {
    const p = parseRecordLine(l);
    assert.ok(p.ok, l);
    return p.record;
  });
}
const ledgerRecords = (dir: string) => ledgerEntries(dir).filter((e): e is LedgerRecord => !isEvent(e));
const ledgerEvents = (dir: string) => ledgerEntries(dir).filter(isEvent);

describe('headless deep lane (CLI against the emulator)', () => {
  let emu: Emulator;
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;
  const A = 'export function oldName(x: number) {\n  return x + 1;\n}\n';
  const B = "import { oldName } from '../deep-lane/a';\nexport const y = oldName(2);\n";

  beforeEach(async () => {
    emu = await startEmulator({ instant: true });
    ({ dir, cleanup } = tempDir('switchyard-cli-deep-'));
    write(dir, 'proj/src/a.ts', A);
    write(dir, 'proj/src/b.ts', B);
    env = { SWITCHYARD_DEEP_BASE_URL: emu.openaiBaseUrl, SWITCHYARD_DEEP_API_KEY: 'sk-test', SWITCHYARD_LEDGER_DIR: join(dir, 'ledger'), SWITCHYARD_SIMULATED: '1' };
  });
  afterEach(async () => { await emu.close(); cleanup(); });

  const plan = { summary: 'Rename oldName to newName', operations: [
    { kind: 'modify', path: 'src/a.ts', hunks: [{ search: 'function oldName(', replace: 'function newName(' }] },
    { kind: 'modify', path: 'src/b.ts', hunks: [{ search: "import { oldName } from '../deep-lane/a';\nexport const y = oldName(2);", replace: "import { newName } from '../deep-lane/a';\nexport const y = newName(2);" }] },
    { kind: 'create', path: 'src/c.ts', content: "export { newName } from '../deep-lane/a';\n" },
  ] };

  it('refactor: a dry run prints the plan and diff and writes nothing; --write applies; the ledger records both', async () => {
    emu.script({ match: { protocol: 'responses' }, json: plan, repeat: 2 });
    const dry = await cli(['refactor', 'Rename oldName to newName', '--dir', 'proj', '--yes'], env, dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^# Rename oldName to newName/);
    assert.match(dry.stdout, /-export function oldName\(x: number\) \{\n\+export function newName\(x: number\) \{/);
    assert.match(dry.stdout, /--- \/dev\/null\n\+\+\+ b\/src\/c\.ts/);
    assert.match(dry.stderr, /estimate: .* tokens in, .*\$.* on gpt-5\.5 \(deep lane\)/);
    assert.match(dry.stderr, /dry run, nothing written/);
    assert.equal(readFileSync(join(dir, 'proj/src/a.ts'), 'utf8'), A);
    assert.equal(readFileSync(join(dir, 'proj/src/b.ts'), 'utf8'), B);

    const wrote = await cli(['refactor', 'Rename oldName to newName', '--dir', 'proj', '--yes', '--write', '--json'], env, dir);
    assert.equal(wrote.code, 0, wrote.stderr);
    const out = JSON.parse(wrote.stdout) as { written: boolean; files: { path: string; status: string }[] };
    assert.equal(out.written, true);
    assert.deepEqual(out.files.map((f) => f.status), ['modified', 'modified', 'created']);
    assert.match(readFileSync(join(dir, 'proj/src/a.ts'), 'utf8'), /function newName\(/);
    assert.equal(readFileSync(join(dir, 'proj/src/b.ts'), 'utf8'), "import { newName } from '../deep-lane/a';\nexport const y = newName(2);\n");
    assert.equal(readFileSync(join(dir, 'proj/src/c.ts'), 'utf8'), "export { newName } from '../deep-lane/a';\n");
    const records = ledgerRecords(join(dir, 'ledger'));
    assert.deepEqual(records.map((r) => [r.kind, r.outcome, r.filesTouched, r.simulated]), [['refactor', 'ok', 3, true], ['refactor', 'ok', 3, true]]);
    assert.equal(emu.requests.length, 2);
    // The ok records say the model answered; the events say what became of each answer: shown (dry run), written.
    const events = ledgerEvents(join(dir, 'ledger'));
    assert.deepEqual(events.map((e) => [e.event, e.kind, e.requestId, e.taskId, e.files, e.simulated]), [
      ['shown', 'refactor', records[0]!.id, records[0]!.taskId, ['src/a.ts', 'src/b.ts', 'src/c.ts'], true],
      ['applied', 'refactor', records[1]!.id, records[1]!.taskId, ['src/a.ts', 'src/b.ts', 'src/c.ts'], true],
    ]);
  });

  it('refactor: an invalid plan after one repair exits 1 with the reason and changes nothing', async () => {
    emu.script({ match: { protocol: 'responses' }, json: { summary: 'x', operations: [{ kind: 'modify', path: 'src/a.ts', hunks: [{ search: 'nope', replace: 'x' }] }] }, repeat: 2 });
    const r = await cli(['refactor', 'Rename oldName', '--dir', 'proj', '--yes', '--write'], env, dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /changed nothing: the plan is invalid: .*search text was not found/);
    assert.equal(readFileSync(join(dir, 'proj/src/a.ts'), 'utf8'), A);
    assert.deepEqual(ledgerRecords(join(dir, 'ledger')).map((r) => r.outcome), ['rejected', 'rejected']);
    assert.deepEqual(ledgerEvents(join(dir, 'ledger')), [], 'no answer was shown or written');
  });

  it('refactor over the confirmation threshold: without --yes nothing is sent and the message names the flag', async () => {
    emu.script({ match: { protocol: 'responses' }, json: plan });
    // Two small files are about a cent (sized from the task), under the default $0.05: a lower threshold asks.
    write(dir, 'ask.json', JSON.stringify({ 'switchyard.refactor.confirmAboveUsd': 0.001 }));
    const r = await cli(['refactor', 'Rename oldName to newName', '--dir', 'proj', '--write', '--config', 'ask.json'], env, dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /estimate: .* on gpt-5\.5 \(deep lane\)/);
    assert.match(r.stderr, /did not send this request: its estimate, \$0\.\d+, is over your \$0\.001 confirmation threshold\. Re-run with --yes to send it anyway\./);
    assert.equal(emu.requests.length, 0);
    assert.equal(readFileSync(join(dir, 'proj/src/a.ts'), 'utf8'), A);
    assert.deepEqual(ledgerEvents(join(dir, 'ledger')), [], 'the refused --write records no event');
  });

  it('refactor at the daily budget: the block is recorded and the message names the flag; --confirm-over-budget sends once', async () => {
    write(dir, 'budget.json', JSON.stringify({ 'switchyard.budget.dailyUsd': 0.000001, 'switchyard.budget.hardCeilingPercent': 1e12 }));
    emu.script({ match: { protocol: 'responses' }, json: plan });
    const blocked = await cli(['refactor', 'Rename oldName to newName', '--dir', 'proj', '--config', 'budget.json'], env, dir);
    assert.equal(blocked.code, 1);
    assert.match(blocked.stderr, /did not send this request: daily budget .* reached .*Re-run with --confirm-over-budget to send it anyway\./);
    assert.deepEqual(ledgerRecords(join(dir, 'ledger')).map((x) => x.outcome), ['blocked_confirmation']);
    assert.deepEqual(ledgerEvents(join(dir, 'ledger')), [], 'a blocked request has nothing to show or write');
    assert.equal(emu.requests.length, 0);
    // At the cap the budget's question is the only one (as in VS Code), so its flag is enough.
    const sent = await cli(['refactor', 'Rename oldName to newName', '--dir', 'proj', '--config', 'budget.json', '--confirm-over-budget'], env, dir);
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(emu.requests.length, 1);
    assert.match(sent.stderr, /; 1 model call\(s\) on /, 'the block before the confirmation sent nothing: it is not a model call');
    assert.deepEqual(ledgerRecords(join(dir, 'ledger')).map((x) => x.outcome), ['blocked_confirmation', 'blocked_confirmation', 'ok']);
  });

  it('refactor past the hard ceiling: --confirm-over-budget sends nothing, and the message names the ceiling', async () => {
    write(dir, 'ceiling.json', JSON.stringify({ 'switchyard.budget.dailyUsd': 0.000001 }));
    const r = await cli(['refactor', 'Rename oldName to newName', '--dir', 'proj', '--config', 'ceiling.json', '--confirm-over-budget', '--yes'], env, dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /did not send this request: the daily hard ceiling \$0\.0000012 \(120% of the \$0\.000001 budget\) would be passed .*nothing is sent past it, confirmed or not/);
    assert.deepEqual(ledgerRecords(join(dir, 'ledger')).map((x) => x.outcome), ['blocked_budget']);
    assert.equal(emu.requests.length, 0);
  });

  it('refactor: no key for OpenAI\'s own endpoint means nothing is sent, with a message naming the variables', async () => {
    const r = await cli(['refactor', 'x', '--dir', 'proj'], { ...env, SWITCHYARD_DEEP_BASE_URL: '', SWITCHYARD_DEEP_API_KEY: '' }, dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the deep lane has no key: pass --key, or set SWITCHYARD_DEEP_API_KEY or OPENAI_API_KEY; nothing was sent/);
    assert.equal(emu.requests.length, 0);
  });

  it('transform --ask: one model call for 52 files; dry run then --write; every file reparses', async () => {
    for (const f of consoleFiles(52)) write(dir, `proj/${f.path}`, f.text);
    emu.script({ match: { protocol: 'responses' }, json: consoleSpec(), repeat: 2 });
    const dry = await cli(['transform', '--ask', 'Replace console.log(x) with logger.debug(x)', 'proj/src/gen', '--dir', 'proj'], env, dir);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /# rewrite: logger\.debug\(@args\)/);
    // A standard unified diff (the `diff` package, like git): a block of changed lines shows its removals, then its additions.
    assert.match(dry.stdout, /- {2}console\.log\('f7', x, 0\);\n- {2}console\.log\('f7', x, 1\);\n\+ {2}logger\.debug\('f7', x, 0\);\n\+ {2}logger\.debug\('f7', x, 1\);/);
    assert.match(dry.stderr, /104 match\(es\) in 52 of 52 typescript file\(s\); every file reparses; dry run/);
    assert.match(readFileSync(join(dir, 'proj/src/gen/file007.ts'), 'utf8'), /console\.log/);
    assert.equal(emu.requests.length, 1);

    const wrote = await cli(['transform', '--ask', 'Replace console.log(x) with logger.debug(x)', 'proj/src/gen', '--dir', 'proj', '--write', '--json'], env, dir);
    assert.equal(wrote.code, 0, wrote.stderr);
    const out = JSON.parse(wrote.stdout) as { written: number; modelCalls: number };
    assert.equal(out.written, 52);
    assert.equal(out.modelCalls, 1);
    assert.equal(emu.requests.length, 2, 'one call per run, whatever the number of files');
    const text = readFileSync(join(dir, 'proj/src/gen/file051.ts'), 'utf8');
    assert.ok(!text.includes('console.log') && text.includes("logger.debug('f51', x, 1);"));
    const records = ledgerRecords(join(dir, 'ledger'));
    assert.deepEqual(records.map((r) => [r.kind, r.outcome, r.filesTouched]), [['astTransform', 'ok', 52], ['astTransform', 'ok', 52]]);
    const events = ledgerEvents(join(dir, 'ledger'));
    assert.deepEqual(events.map((e) => [e.event, e.kind, e.requestId, e.files?.length]), [['shown', 'astTransform', records[0]!.id, 52], ['applied', 'astTransform', records[1]!.id, 52]]);
    assert.equal(events[1]!.files![51], 'src/gen/file051.ts');
  });

  it('--help documents the lane flags, the environment and the ledger location', async () => {
    const r = await cli(['refactor', '--help'], env, dir);
    assert.equal(r.code, 0);
    for (const s of ['--yes', '--confirm-over-budget', '--base-url', 'SWITCHYARD_DEEP_BASE_URL', 'SWITCHYARD_DEEP_PROTOCOL', 'SWITCHYARD_DEEP_MODEL', 'OPENAI_API_KEY', 'SWITCHYARD_LEDGER_DIR', 'XDG_DATA_HOME', '--write']) assert.ok(r.stdout.includes(s), s);
    const t = await cli(['transform', '--help'], env, dir);
    assert.match(t.stdout, /--ask "<instruction>"/);
  });
});
