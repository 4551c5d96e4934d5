// Which folder's ignore files apply to `switchyard context <file>` when no --root is given.
import * as assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { findWorkspaceRoot } from '../../../src/cli/workspace-root.ts';

const base = resolve('project-under-test');
const file = join(base, 'secret', 's.ts');

test('the nearest folder with .git, .switchyardignore or package.json is the root', () => {
  const exists = (p: string) => p === join(base, '.git');
  assert.equal(findWorkspaceRoot(file, join(base, 'secret'), exists), base);
});

test('with no marker, the folder the command runs in is the root when it holds the file (its .gitignore applies)', () => {
  assert.equal(findWorkspaceRoot(file, base, () => false), base);
});

test('with no marker and the file outside the working folder, the file\'s own folder is the root', () => {
  assert.equal(findWorkspaceRoot(file, join(base, 'elsewhere'), () => false), join(base, 'secret'));
  assert.equal(findWorkspaceRoot(file, undefined, () => false), join(base, 'secret'));
});
