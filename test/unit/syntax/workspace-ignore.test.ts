// files.exclude globs through the `ignore` package (anchoring and brace sets),
// and ignore files applied per workspace folder: each folder's .gitignore,
// .switchyardignore and files.exclude decide for that folder only.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { IgnoreMatcher, walkWorkspace } from '../../../src/syntax/index.ts';
import { compileExcludes, expandBraces } from '../../../src/syntax/workspace/glob.ts';
import { tempDir, write } from './helpers.ts';

describe('files.exclude globs', () => {
  it('expands brace sets, nested and repeated, and leaves escaped braces alone', () => {
    assert.deepEqual(expandBraces('*.{ts,js}'), ['*.ts', '*.js']);
    assert.deepEqual(expandBraces('{src,lib}/*.{ts,js}'), ['src/*.ts', 'src/*.js', 'lib/*.ts', 'lib/*.js']);
    assert.deepEqual(expandBraces('a{b,c{d,e}}f'), ['abf', 'acdf', 'acef']);
    assert.deepEqual(expandBraces('\\{a,b}'), ['\\{a,b}']);
    assert.deepEqual(expandBraces('{solo}'), ['{solo}']);
    assert.equal(expandBraces('{a,b}'.repeat(12)).length, 256, 'a runaway set is cut off');
  });

  it('matches like VS Code: anchored at the folder unless the glob starts with **/', () => {
    const ex = compileExcludes(['**/.git', '**/node_modules', '*.log', 'vendor/**', 'src/{gen,tmp}/**', '**/*.{snap,orig}', 'docs/?.md', '[!a]b.ts']);
    const yes = (rel: string, dir = false) => assert.ok(ex(rel, dir), `${rel} should be excluded`);
    const no = (rel: string, dir = false) => assert.ok(!ex(rel, dir), `${rel} should not be excluded`);
    yes('.git', true); yes('pkg/.git', true); yes('.git/config');
    yes('node_modules', true); yes('a/b/node_modules', true); yes('a/node_modules/x.js');
    yes('debug.log'); no('logs/debug.log');
    no('vendor', true); yes('vendor/lib.ts'); yes('vendor/deep/lib.ts');
    yes('src/gen/a.ts'); yes('src/tmp/b/c.ts'); no('src/main.ts'); no('lib/gen/a.ts');
    yes('a.snap'); yes('x/y/a.orig'); no('a.snapshot');
    yes('docs/a.md'); no('docs/ab.md');
    yes('cb.ts'); no('ab.ts');
    assert.equal(compileExcludes([])('anything', false), false);
  });

  it('a brace set matches exactly what its expansions match (property, seeded)', () => {
    const seg = fc.constantFrom('a', 'b', 'src', 'x.ts', 'y.js', 'lib');
    fc.assert(fc.property(fc.array(seg, { minLength: 1, maxLength: 3 }), fc.array(seg, { minLength: 2, maxLength: 3 }), fc.array(seg, { minLength: 1, maxLength: 3 }), (head, alts, path) => {
      const glob = `${head.join('/')}/{${alts.join(',')}}`;
      const rel = path.join('/');
      const braced = compileExcludes([glob])(rel, false);
      const union = alts.some((a) => compileExcludes([`${head.join('/')}/${a}`])(rel, false));
      assert.equal(braced, union, `${glob} vs ${rel}`);
    }), { seed: 1826, numRuns: 300 });
  });
});

describe('ignore files per workspace folder', () => {
  let api: { dir: string; cleanup: () => void };
  let web: { dir: string; cleanup: () => void };
  before(() => {
    api = tempDir('switchyard-api-');
    web = tempDir('switchyard-web-');
    write(api.dir, '.gitignore', 'dist/\n');
    write(api.dir, '.switchyardignore', 'fixtures/\n');
    write(api.dir, 'src/server.ts', 'export const port = 1;\n');
    write(api.dir, 'dist/server.js', 'compiled\n');
    write(api.dir, 'fixtures/big.ts', 'export const big = 1;\n');
    write(api.dir, 'generated/api.ts', 'export const gen = 1;\n');
    write(web.dir, '.gitignore', 'generated/\n');
    write(web.dir, 'src/app.ts', 'export const app = 1;\n');
    write(web.dir, 'dist/app.ts', 'export const shipped = 1;\n');
    write(web.dir, 'fixtures/page.ts', 'export const page = 1;\n');
    write(web.dir, 'generated/api.ts', 'export const gen = 1;\n');
    write(web.dir, 'tmp/scratch.ts', 'export const s = 1;\n');
  });
  after(() => { api.cleanup(); web.cleanup(); });

  it("one folder's .gitignore, .switchyardignore and files.exclude never decide for the other", () => {
    const a = new IgnoreMatcher(api.dir);
    const w = new IgnoreMatcher(web.dir, ['**/.git', 'tmp/**']);
    assert.equal(a.reasonFor('dist/server.js'), 'ignored by .gitignore');
    assert.equal(w.reasonFor('dist/app.ts'), undefined, "api's dist/ rule does not reach web");
    assert.equal(a.reasonFor('fixtures/big.ts'), 'ignored by .switchyardignore');
    assert.equal(w.reasonFor('fixtures/page.ts'), undefined);
    assert.equal(w.reasonFor('generated/api.ts'), 'ignored by .gitignore');
    assert.equal(a.reasonFor('generated/api.ts'), undefined, "web's generated/ rule does not reach api");
    assert.equal(w.reasonFor('tmp/scratch.ts'), 'excluded (files.exclude)');
    const walked = (root: string, m: IgnoreMatcher) => walkWorkspace({ root, matcher: m, maxFileBytes: 10_000 }).files.map((f) => f.rel).filter((r) => r.endsWith('.ts'));
    assert.deepEqual(walked(api.dir, a), ['generated/api.ts', 'src/server.ts']);
    assert.deepEqual(walked(web.dir, w), ['dist/app.ts', 'fixtures/page.ts', 'src/app.ts']);
  });
});
