// Shared test plumbing: a lane config aimed at the emulator, and event collection.
import type { LaneConfig, ProviderEvent, Protocol } from '../../../src/core/provider-types.ts';
import type { Emulator } from '../../emulator/server.ts';

export const TEST_KEY = 'sk-test-SECRETKEY-0123456789abcdef';
export const PROTOCOLS: readonly Protocol[] = ['openai-responses', 'openai-chat', 'gemini'];

export function laneFor(emu: Emulator, protocol: Protocol, over: Partial<LaneConfig> = {}): LaneConfig {
  const gemini = protocol === 'gemini';
  return {
    protocol,
    model: gemini ? 'gemini-3.5-flash' : 'gpt-5.5',
    baseUrl: gemini ? emu.url : emu.openaiBaseUrl,
    apiKey: TEST_KEY,
    firstTokenTimeoutMs: 5_000,
    totalTimeoutMs: 10_000,
    ...over,
  };
}

export async function collect(stream: AsyncIterable<ProviderEvent>): Promise<ProviderEvent[]> {
  const out: ProviderEvent[] = [];
  for await (const ev of stream) out.push(ev);
  return out;
}

export function terminal(events: readonly ProviderEvent[]): ProviderEvent {
  const ends = events.filter((e) => e.type === 'end' || e.type === 'error');
  if (ends.length !== 1 || events.at(-1) !== ends[0]) throw new Error(`expected exactly one terminal event last, got ${JSON.stringify(events.map((e) => e.type))}`);
  return ends[0];
}

export function errorKind(events: readonly ProviderEvent[]): string {
  const t = terminal(events);
  return t.type === 'error' ? t.error.kind : 'end';
}

export function textOf(events: readonly ProviderEvent[], type: 'text' | 'json' = 'text'): string {
  return events.map((e) => (e.type === type ? e.delta : '')).join('');
}
