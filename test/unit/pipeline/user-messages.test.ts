// The sentence a failed call ends with: one full stop however the provider's own message ends.
import * as assert from 'node:assert/strict';
import { it } from 'node:test';
import { userMessageFor } from '../../../src/pipeline/user-messages.ts';

const fail = { action: 'fail', reason: 'no other lane' } as const;

it('a provider message that ends in a full stop is not given a second one', () => {
  const msg = userMessageFor({ kind: 'bad_request', status: 400, message: 'Gemini rejected the request (HTTP 400): it cannot do that. Set a key for real answers.' }, 'fast', 'gemini-3.5-flash', 1, fail);
  assert.equal(msg, 'The fast lane (gemini-3.5-flash) refused the request: Gemini rejected the request (HTTP 400): it cannot do that. Set a key for real answers. Nothing was changed.');
});

it('a message with no full stop gets one, before the advice', () => {
  const msg = userMessageFor({ kind: 'auth', status: 401, message: 'bad key' }, 'deep', 'gpt-5.5', 1, fail);
  assert.equal(msg, 'The deep lane (gpt-5.5) rejected the key (401). Set its key with "Switchyard: Set Deep Lane Key…" (CLI: --key). Nothing was changed.');
});
