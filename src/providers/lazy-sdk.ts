// The SDKs cost ~100-130 ms of CPU to load, so they are imported on first use,
// never when this module (or anything importing it) loads.
type OpenAIModule = typeof import('openai');
type GenAIModule = typeof import('@google/genai');

let openai: Promise<OpenAIModule> | undefined;
let genai: Promise<GenAIModule> | undefined;

export function loadOpenAI(): Promise<OpenAIModule> {
  openai ??= import('openai');
  return openai;
}

export function loadGenAI(): Promise<GenAIModule> {
  genai ??= import('@google/genai');
  return genai;
}
