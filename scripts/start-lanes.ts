// Decides what the two lanes talk to when `npm start` runs: the real providers
// when keys are in the environment; otherwise says plainly that nothing can be sent.
export interface LocalLanes {
  settings: Record<string, unknown>;
  env: Record<string, string>;
  description: string;
  stop(): Promise<void>;
}

export async function startLocalLanes(): Promise<LocalLanes> {
  const env: Record<string, string> = {};
  for (const key of ['OPENAI_API_KEY', 'GEMINI_API_KEY']) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  const missing = ['OPENAI_API_KEY', 'GEMINI_API_KEY'].filter((k) => !env[k]);
  return {
    settings: {},
    env,
    description: missing.length
      ? `No ${missing.join(' or ')} in the environment: set keys with "Switchyard: Set ... API Key" in VS Code.`
      : 'Lanes: the real providers, with the keys from your environment.',
    stop: async () => undefined,
  };
}
