import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionCache } from '../../../../src/pipeline/completion/cache.ts';
import { AdaptiveDebounce } from '../../../../src/pipeline/completion/debounce.ts';

const doc = (text: string, offset = text.indexOf('|')) => ({ uri: 'file:///a.ts', text: text.replace('|', ''), offset });

describe('completion cache', () => {
  it('serves the same position again, and the rest while the user types through it', () => {
    const cache = new CompletionCache(10);
    cache.set(doc('const total = |;\nfoo();'), 'items.length', 't1', 'req-t1');
    assert.equal(cache.lookup(doc('const total = |;\nfoo();'))?.remaining, 'items.length');
    const hit = cache.lookup(doc('const total = ite|;\nfoo();'));
    assert.equal(hit?.remaining, 'ms.length');
    assert.equal(hit?.typed, 3);
    assert.deepEqual([hit?.entry.taskId, hit?.entry.requestId], ['t1', 'req-t1']);
  });

  it('misses when the typed text diverges, the suffix changed, another file, or everything was typed', () => {
    const cache = new CompletionCache(10);
    cache.set(doc('const total = |;\nfoo();'), 'items.length', 't1', 'req-t1');
    assert.equal(cache.lookup(doc('const total = itx|;\nfoo();')), undefined);
    assert.equal(cache.lookup(doc('const total = ite|;\nbar();')), undefined);
    assert.equal(cache.lookup({ ...doc('const total = ite|;\nfoo();'), uri: 'file:///b.ts' }), undefined);
    assert.equal(cache.lookup(doc('const total = items.length|;\nfoo();')), undefined);
    // Text before the anchor changed: not the same place any more.
    assert.equal(cache.lookup(doc('let total = ite|;\nfoo();')), undefined);
  });

  it('finds its anchor deep in a long file (only a bounded tail is compared)', () => {
    const long = 'x'.repeat(5000) + '\nconst y = |\n' + 'z'.repeat(3000);
    const cache = new CompletionCache(10);
    cache.set(doc(long), 'compute(1);', 't', 'req-t');
    assert.equal(cache.lookup(doc(long.replace('|', 'comp|')))?.remaining, 'ute(1);');
  });

  it('evicts the least recently used entry', () => {
    const cache = new CompletionCache(2);
    cache.set(doc('a = |'), 'one', '1', 'req-1');
    cache.set(doc('b = |'), 'two', '2', 'req-2');
    cache.lookup(doc('a = |')); // a is now the most recent
    cache.set(doc('c = |'), 'three', '3', 'req-3');
    assert.equal(cache.size, 2);
    assert.equal(cache.lookup(doc('b = |')), undefined);
    assert.equal(cache.lookup(doc('a = |'))?.remaining, 'one');
    assert.equal(cache.lookup(doc('c = |'))?.remaining, 'three');
  });

  it('prefers the entry made closest to the cursor', () => {
    const cache = new CompletionCache(10);
    cache.set(doc('f(|)'), 'alpha, beta', 'old', 'req-old');
    cache.set(doc('f(alpha|)'), ', gamma', 'new', 'req-new');
    assert.equal(cache.lookup(doc('f(alpha|)'))?.remaining, ', gamma');
  });
});

describe('adaptive debounce', () => {
  it('starts at the setting, grows after a rejection, shrinks after an acceptance, and decays back', () => {
    let now = 0;
    let base = 150;
    const d = new AdaptiveDebounce(() => base, () => now);
    assert.equal(d.delayMs(), 150);
    d.rejected();
    assert.equal(d.delayMs(), 225);
    d.accepted();
    assert.equal(d.delayMs(), 180);
    now += 5 * 60 * 1000;
    assert.equal(d.delayMs(), 165);
    now += 5 * 60 * 1000;
    assert.equal(d.delayMs(), 150);
    base = 300;
    assert.equal(d.delayMs(), 300, 'follows the setting');
  });

  it('stays within bounds', () => {
    const d = new AdaptiveDebounce(() => 100, () => 0);
    for (let i = 0; i < 20; i++) d.rejected();
    assert.equal(d.delayMs(), 300);
    for (let i = 0; i < 20; i++) d.accepted();
    assert.equal(d.delayMs(), 50);
  });
});
