import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeError, errorDetail, levelAtLeast, parseLogLevel, silentLogger } from '../../../src/core/log.ts';
import { captureLog } from '../helpers/log-capture.ts';

function thrownFrom(name: string): Error {
  const holder = { [name]: () => new Error('the disk is full') };
  return holder[name]!();
}

describe('logger', () => {
  it('writes each level, and a child prefixes its area (nested areas join with /)', () => {
    const c = captureLog();
    c.log.info('activating');
    const pipeline = c.log.child('pipeline');
    pipeline.debug('one attempt');
    pipeline.child('completion').trace('cache hit');
    pipeline.warn('no price known');
    assert.deepEqual(c.lines, [
      { level: 'info', line: 'activating' },
      { level: 'debug', line: '[pipeline] one attempt' },
      { level: 'trace', line: '[pipeline/completion] cache hit' },
      { level: 'warn', line: '[pipeline] no price known' },
    ]);
  });

  it('keeps the stack of an error, and its cause, on the error line', () => {
    const c = captureLog();
    const err = new Error('could not start the index', { cause: thrownFrom('writeLedgerLine') });
    c.log.child('ledger').error('append failed', err);
    const [entry] = c.at('error');
    assert.match(entry!, /^\[ledger\] append failed: Error: could not start the index\n\s+at /);
    assert.match(entry!, /caused by Error: the disk is full\n\s+at \S*writeLedgerLine/);
    assert.match(entry!, /log\.test\.ts:\d+/, 'the frames say where it was thrown');
  });

  it('describes what is not an Error, and an Error without a message, plainly', () => {
    assert.equal(errorDetail('timed out'), 'timed out');
    assert.equal(describeError(new TypeError('')), 'TypeError');
    assert.equal(describeError(42), '42');
    const c = captureLog();
    c.log.warn('odd', { toString: () => 'a thing' });
    assert.deepEqual(c.at('warn'), ['odd: a thing']);
  });

  it('parses level names as users write them, and orders levels', () => {
    assert.equal(parseLogLevel('DEBUG'), 'debug');
    assert.equal(parseLogLevel(' warning '), 'warn');
    assert.equal(parseLogLevel('off'), 'off');
    assert.equal(parseLogLevel('loud'), undefined);
    assert.equal(parseLogLevel(undefined), undefined);
    assert.ok(levelAtLeast('error', 'warn'));
    assert.ok(levelAtLeast('debug', 'debug'));
    assert.ok(!levelAtLeast('debug', 'info'));
    assert.ok(!levelAtLeast('trace', 'debug'));
  });

  it('the silent logger takes every call and its children too', () => {
    silentLogger.child('x').error('nothing', new Error('ignored'));
    silentLogger.debug('nothing');
  });
});
