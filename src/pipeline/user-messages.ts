// Sentences for the user when a provider call fails: which lane, what it did,
// how often, why nothing else was tried, and what to do.
import type { NextStep } from '../core/policy-attempts.ts';
import type { ProviderError } from '../core/provider-types.ts';
import type { LaneId } from '../core/task.ts';

const TIMES = ['', '', ' twice', ' three times'];
const times = (n: number) => TIMES[n] ?? ` ${n} times`;

function whatItDid(error: ProviderError): string {
  switch (error.kind) {
    case 'rate_limited': return `answered ${error.status ?? 429} (rate limited)`;
    case 'server': return error.status ? `answered ${error.status}` : 'had a server error';
    case 'timeout': return 'timed out';
    case 'network': return /ended before|truncat/i.test(error.message) ? 'cut its answer short' : 'could not be reached';
    case 'auth': return error.status ? `rejected the key (${error.status})` : 'has no key';
    case 'bad_request': return `refused the request: ${error.message}`;
    case 'invalid_output': return `returned output Switchyard could not use: ${error.message}`;
    case 'cancelled': return 'was cancelled';
  }
}

function advice(error: ProviderError, lane: LaneId): string {
  switch (error.kind) {
    case 'auth': return ` Set its key with "Switchyard: Set ${lane === 'fast' ? 'Fast' : 'Deep'} Lane Key…" (CLI: --${lane === 'deep' ? '' : 'fast-'}key).`;
    case 'rate_limited': return ' Try again shortly.';
    case 'timeout': return ' The timeouts are in Settings → Switchyard.';
    case 'network': return ' Check the base URL and your connection.';
    default: return '';
  }
}

/**
 * e.g. "The deep lane (gpt-5.5) answered 503 three times; no other lane is configured for refactors. Nothing was changed."
 * `attempts` is how many attempts on this lane ended this way.
 */
export function userMessageFor(error: ProviderError, lane: LaneId, model: string, attempts: number, step: NextStep): string {
  if (error.kind === 'cancelled') return 'Cancelled. Nothing was changed.';
  const why = step.action === 'fail' && step.why ? `; ${step.why}` : '';
  // A provider's own message may end its sentence already.
  const said = `The ${lane} lane (${model}) ${whatItDid(error)}${times(attempts)}${why}`.replace(/[\s.]+$/, '');
  return `${said}.${advice(error, lane)} Nothing was changed.`;
}
