// Checks of package.json that keep the extension installable and the README true.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

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
});
