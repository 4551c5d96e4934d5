// Decides what the two lanes talk to when `npm start` runs: the real providers
// when both keys are in the environment; otherwise the local wire-protocol
// emulator, and then the meter and the panel say "simulated".
import { startEmulator } from '../test/emulator/server.ts';

export interface LocalLanes {
  env: Record<string, string>;
  settings: Record<string, unknown>;
  description: string;
  stop(): Promise<void>;
}

export async function startLocalLanes(): Promise<LocalLanes> {
  const openai = process.env.OPENAI_API_KEY;
  const gemini = process.env.GEMINI_API_KEY;
  if (openai && gemini) {
    return {
      env: { OPENAI_API_KEY: openai, GEMINI_API_KEY: gemini },
      settings: {},
      description: 'Lanes: the real providers, with OPENAI_API_KEY and GEMINI_API_KEY from your environment.',
      stop: async () => undefined,
    };
  }
  const emulator = await startEmulator();
  return {
    env: {
      SWITCHYARD_SIMULATED: '1',
      SWITCHYARD_FAST_BASE_URL: emulator.url,
      SWITCHYARD_DEEP_BASE_URL: emulator.openaiBaseUrl,
      // The emulator is a custom base URL, so each lane gets its own key, never a provider's.
      SWITCHYARD_FAST_API_KEY: 'simulated-fast-lane-key',
      SWITCHYARD_DEEP_API_KEY: 'simulated-deep-lane-key',
    },
    settings: {},
    description: `Lanes: SIMULATED. No OPENAI_API_KEY and GEMINI_API_KEY in the environment, so both lanes talk to the local emulator at ${emulator.url} (published token rates, realistic usage, no real spend).`,
    stop: () => emulator.close(),
  };
}
