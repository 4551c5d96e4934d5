// Bounded retries around any client, following core's pure policy. An attempt
// is retried only before it has produced output: once deltas reached the
// caller, replaying would duplicate them.
import type { ProviderClient, ProviderEvent, ProviderRequest, Usage } from '../core/provider-types.ts';
import { simpleError } from './errors.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from '../core/retry-policy.ts';

export interface RetryOptions {
  readonly policy?: RetryPolicy;
  /** Injectable for tests. */
  readonly random?: () => number;
}

export function withRetry(inner: ProviderClient, options: RetryOptions = {}): ProviderClient {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const random = options.random ?? Math.random;
  return {
    protocol: inner.protocol,
    model: inner.model,
    async *stream(request: ProviderRequest, signal?: AbortSignal): AsyncGenerator<ProviderEvent> {
      for (let attempt = 1; ; attempt++) {
        let produced = false;
        let usage: Usage | undefined;
        for await (const ev of inner.stream(request, signal)) {
          if (ev.type === 'text' || ev.type === 'json') produced = true;
          if (ev.type === 'usage' && !produced) {
            // Held back until we know whether this attempt is the final one.
            usage = ev.usage;
            continue;
          }
          if (ev.type === 'error' && !produced && !signal?.aborted) {
            const delayMs = retryDelayMs(attempt, ev.error, policy, random);
            if (delayMs !== undefined) {
              yield { type: 'retry', attempt, delayMs, error: ev.error, ...(usage ? { usage } : {}), timing: ev.timing };
              if (await sleep(delayMs, signal)) break;
              const now = performance.now();
              yield { type: 'error', error: simpleError('cancelled', 'Request cancelled.'), timing: { start: ev.timing.start, end: now } };
              return;
            }
          }
          if (usage && (ev.type === 'error' || ev.type === 'end')) {
            yield { type: 'usage', usage };
            usage = undefined;
          }
          yield ev;
          if (ev.type === 'error' || ev.type === 'end') return;
        }
      }
    },
  };
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
