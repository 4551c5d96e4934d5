import assert from 'node:assert/strict';
import { test } from 'node:test';
import { httpError, providerSentence, redact, retryAfterFromGoogleBody, retryAfterFromHeaders } from '../../../src/providers/errors.ts';

test('redact removes our key, key-shaped strings and key= parameters', () => {
  const out = redact('bad key sk-abcdefghijkl and AIzaSyA0123456789abcdefghijk at https://x/?key=zzz&y=1 mine=MYSECRET', ['MYSECRET']);
  assert.doesNotMatch(out, /sk-abc|AIzaSy|zzz|MYSECRET/);
  assert.match(out, /key=\[redacted\]&y=1/);
});

test('Retry-After forms: retry-after-ms, seconds, HTTP date, Google RetryInfo', () => {
  const h = (m: Record<string, string>) => (n: string) => m[n];
  assert.equal(retryAfterFromHeaders(h({ 'retry-after-ms': '1500' })), 1500);
  assert.equal(retryAfterFromHeaders(h({ 'retry-after': '2' })), 2000);
  assert.equal(retryAfterFromHeaders(h({ 'retry-after': new Date(10_000).toUTCString() }), 4_000), 6_000);
  assert.equal(retryAfterFromHeaders(h({})), undefined);
  assert.equal(retryAfterFromGoogleBody('{"retryDelay": "0.25s"}'), 250);
});

test('statuses map to the closed set and messages never carry the key', () => {
  const ctx = { provider: 'OpenAI', secrets: ['sk-live-TOPSECRET'] };
  assert.equal(httpError(401, 'Incorrect API key provided: sk-live-TOPSECRET', ctx).kind, 'auth');
  assert.equal(httpError(403, '', ctx).kind, 'auth');
  assert.equal(httpError(429, '', ctx, 1000).retryAfterMs, 1000);
  assert.equal(httpError(503, '', ctx).kind, 'server');
  const bad = httpError(400, 'context too long for sk-live-TOPSECRET', ctx);
  assert.equal(bad.kind, 'bad_request');
  assert.doesNotMatch(JSON.stringify(bad), /TOPSECRET/);
  assert.match(bad.message, /context too long/);
});

test("a provider's JSON error body is shown as its sentence, not as JSON", () => {
  const ctx = { provider: 'Gemini', secrets: ['AIzaTOPSECRET'] };
  const raw = 'got status: 400 Bad Request. {"error":{"code":400,"message":"Request contains an invalid argument (key AIzaTOPSECRET).","status":"INVALID_ARGUMENT"}}';
  const err = httpError(400, raw, ctx);
  assert.equal(err.message.includes('{'), false, err.message);
  assert.match(err.message, /^Gemini rejected the request \(HTTP 400\): Request contains an invalid argument/);
  assert.equal(err.message.includes('AIzaTOPSECRET'), false);
  // Text that is not a JSON body, or JSON without a message, is kept as it was.
  assert.equal(providerSentence('400 context too long'), '400 context too long');
  assert.equal(providerSentence('oops {not json'), 'oops {not json');
  assert.equal(providerSentence('x {"error":{"code":1}}'), 'x {"error":{"code":1}}');
});
