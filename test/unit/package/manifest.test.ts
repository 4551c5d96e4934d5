// Checks of package.json that keep the extension installable and the README true.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS, INTERNAL_COMMANDS } from '../../../src/vscode/command-ids.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('package.json', () => {
  it('targets VS Code 1.139 or older, with @types/vscode pinned to match', () => {
    const engine = pkg.engines.vscode as string;
    const [, major, minor] = /^\^(\d+)\.(\d+)\./.exec(engine) ?? [];
    assert.equal(Number(major), 1);
    assert.ok(Number(minor) <= 139, `engines.vscode ${engine} would be refused by VS Code 1.139`);
    const types = pkg.devDependencies['@types/vscode'] as string;
    assert.equal(types.replace(/^[\^~]/, ''), engine.replace(/^\^/, ''), '@types/vscode must equal engines.vscode');
  });

  it('contributes exactly the commands src/vscode/command-ids.ts names, and no internal one', () => {
    const declared: string[] = (pkg.contributes.commands as { command: string }[]).map((c) => c.command).sort();
    assert.deepEqual(declared, Object.values(COMMANDS).sort());
    for (const id of Object.values(INTERNAL_COMMANDS)) assert.ok(!(pkg.contributes.commands as { command: string }[]).some((c) => c.command === id), id);
  });

  it('gives every command the Switchyard category', () => {
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'Switchyard', c.command);
  });

  it('activates no earlier than startup finished', () => {
    for (const e of pkg.activationEvents as string[]) assert.notEqual(e, '*');
  });

  it('declares untrusted workspace support with a reason', () => {
    assert.ok(pkg.capabilities.untrustedWorkspaces.description.length > 20);
  });

  it('lets only the packaged essentials into the .vsix', () => {
    const lines = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    assert.equal(lines[0], '**');
    for (const l of lines.slice(1)) assert.ok(l.startsWith('!'), `not an allowlist entry: ${l}`);
  });

  it('puts Accept and Reject in the quick-edit diff\'s title bar, with icons, only while an edit is pending', () => {
    const title = pkg.contributes.menus['editor/title'] as { command: string; when: string }[];
    for (const id of ['switchyard.quickEdit.accept', 'switchyard.quickEdit.reject']) {
      const item = title.find((m) => m.command === id);
      assert.ok(item, `${id} in editor/title`);
      assert.match(item.when, /switchyard\.quickEditPending/);
      assert.match(pkg.contributes.commands.find((c: { command: string }) => c.command === id).icon, /^\$\(\w+\)$/);
    }
  });

  it('has a walkthrough whose steps have their media, and links and events that name real commands', () => {
    const [walk] = pkg.contributes.walkthroughs;
    const ours = new Set((pkg.contributes.commands as { command: string }[]).map((c) => c.command));
    const builtIn = new Set(['workbench.action.quickOpen', 'workbench.action.openSettings', 'editor.action.inlineSuggest.commit', 'editor.action.inlineSuggest.acceptNextWord']);
    const known = (id: string) => ours.has(id) || builtIn.has(id);
    assert.deepEqual(walk.steps.map((s: { id: string }) => s.id), ['lanes', 'completion', 'quickEdit', 'refactor', 'transform', 'panel']);
    for (const step of walk.steps) {
      const media = readFileSync(join(root, step.media.markdown), 'utf8');
      assert.ok(media.startsWith('# '), `${step.id}: media has a heading`);
      const links = [...(step.description as string).matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]!);
      for (const id of links) assert.ok(known(id), `${step.id}: link to unknown command ${id}`);
      assert.ok(step.completionEvents.length > 0, `${step.id} can be completed`);
      for (const ev of step.completionEvents as string[]) {
        const cmd = /^onCommand:(.+)$/.exec(ev)?.[1];
        if (cmd) assert.ok(known(cmd), `${step.id}: event for unknown command ${cmd}`);
        else assert.match(ev, /^onContext:switchyard\./);
      }
    }
  });
});
