// Sentences for the user when a provider call fails: what happened and what to do.
import type { ProviderError } from '../core/provider-types.ts';
import type { LaneId } from '../core/task.ts';

const WHO: Record<LaneId, string> = { fast: 'The fast lane (Gemini)', deep: 'The deep lane (OpenAI)' };

export function userMessageFor(error: ProviderError, lane: LaneId, policyReason: string): string {
  const who = WHO[lane];
  const tail = ' Nothing was changed.';
  switch (error.kind) {
    case 'auth':
      return `${who} rejected the API key, or none is set. Run "Switchyard: Set ${lane === 'fast' ? 'Gemini' : 'OpenAI'} API Key".${tail}`;
    case 'rate_limited':
      return `${who} is rate limited (${policyReason}). Try again shortly.${tail}`;
    case 'server':
      return `${who} had a server error (${policyReason}).${tail}`;
    case 'timeout':
      return `${who} timed out (${policyReason}). The timeouts are in Settings → Switchyard.${tail}`;
    case 'network':
      return `${who} could not be reached (${policyReason}). Check the base URL and your connection.${tail}`;
    case 'bad_request':
      return `${who} refused the request: ${error.message}${tail}`;
    case 'invalid_output':
      return `${who} returned output Switchyard could not use: ${error.message}${tail}`;
    case 'cancelled':
      return `Cancelled.${tail}`;
  }
}
