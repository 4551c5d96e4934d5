// Providers benchmark: time to first delta through our client layer vs the raw
// SDK call vs raw fetch, against the emulator in instant mode, in one process
// (ratios, not absolutes: these machines are noisy). Plus the SDKs' lazy-load
// cost in fresh child processes, and proof that our modules load no SDK.
// Run: node bench/providers.ts [--runs N]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator } from '../test/emulator/server.ts';
import { createProviderClient } from '../src/providers/create-client.ts';
import type { LaneConfig } from '../src/core/provider-types.ts';
import { resultPath } from './_results.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '60' } } });
const RUNS = Math.max(50, Number(values.runs));
const KEY = 'bench-key';
const PROMPT = 'write a haiku about lanes';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const emu = await startEmulator({ instant: true });
const { OpenAI } = await import('openai');
const { GoogleGenAI } = await import('@google/genai');
const openai = new OpenAI({ apiKey: KEY, baseURL: emu.openaiBaseUrl, maxRetries: 0 });
const genai = new GoogleGenAI({ apiKey: KEY, vertexai: false, apiVersion: 'v1beta', httpOptions: { baseUrl: emu.url } });
const lane = (protocol: LaneConfig['protocol']): LaneConfig => ({
  protocol,
  model: protocol === 'gemini' ? 'gemini-3.5-flash' : 'gpt-5.5',
  baseUrl: protocol === 'gemini' ? emu.url : emu.openaiBaseUrl,
  apiKey: KEY,
  firstTokenTimeoutMs: 10_000,
  totalTimeoutMs: 20_000,
});
const ours = { responses: createProviderClient(lane('openai-responses')), gemini: createProviderClient(lane('gemini')) };

type Variant = () => Promise<void>;
const responsesBody = { model: 'gpt-5.5', input: PROMPT, max_output_tokens: 200, stream: true, store: false, reasoning: { effort: 'minimal' } } as const;
const geminiBody = { contents: [{ role: 'user', parts: [{ text: PROMPT }] }], generationConfig: { maxOutputTokens: 200, thinkingConfig: { thinkingLevel: 'MINIMAL' } } };

async function rawFetch(url: string, body: unknown, headers: Record<string, string>, marker: string): Promise<void> {
  const ac = new AbortController();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body), signal: ac.signal });
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let seen = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error('no delta');
    seen += dec.decode(value, { stream: true });
    if (seen.includes(marker)) break;
  }
  ac.abort();
}

const variants: Record<string, Record<'fetch' | 'sdk' | 'ours', Variant>> = {
  responses: {
    fetch: () => rawFetch(`${emu.openaiBaseUrl}/responses`, responsesBody, { authorization: `Bearer ${KEY}` }, 'response.output_text.delta'),
    sdk: async () => {
      const stream = await openai.responses.create(responsesBody);
      for await (const ev of stream) if (ev.type === 'response.output_text.delta') break;
    },
    ours: async () => {
      for await (const ev of ours.responses.stream({ prompt: PROMPT, maxOutputTokens: 200, thinking: 'minimal' })) if (ev.type === 'text') break;
    },
  },
  gemini: {
    fetch: () => rawFetch(`${emu.url}/v1beta/models/gemini-3.5-flash:streamGenerateContent?alt=sse`, geminiBody, { 'x-goog-api-key': KEY }, '"text"'),
    sdk: async () => {
      const ac = new AbortController();
      const stream = await genai.models.generateContentStream({
        model: 'gemini-3.5-flash',
        contents: PROMPT,
        config: { maxOutputTokens: 200, thinkingConfig: { thinkingLevel: 'MINIMAL' as never }, abortSignal: ac.signal },
      });
      for await (const chunk of stream) if (chunk.text) break;
      ac.abort();
    },
    ours: async () => {
      for await (const ev of ours.gemini.stream({ prompt: PROMPT, maxOutputTokens: 200 })) if (ev.type === 'text') break;
    },
  },
};

const ttfd: Record<string, Record<string, number>> = {};
for (const [proto, vs] of Object.entries(variants)) {
  const samples: Record<string, number[]> = { fetch: [], sdk: [], ours: [] };
  const order = Object.keys(samples) as (keyof typeof vs)[];
  for (let i = 0; i < RUNS + 10; i++) {
    // Rotate the order each round so no variant always runs on a warmer socket.
    for (let k = 0; k < order.length; k++) {
      const name = order[(i + k) % order.length];
      const t0 = performance.now();
      await vs[name]();
      if (i >= 10) samples[name].push(performance.now() - t0);
    }
  }
  ttfd[proto] = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
}
await emu.close();

function childMs(code: string): number {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
  return Number(out.trim());
}
const LOAD_RUNS = 7;
const loadCost: Record<string, number> = {};
for (const mod of ['openai', '@google/genai']) {
  const xs = Array.from({ length: LOAD_RUNS }, () => childMs(`const t=performance.now(); await import('${mod}'); console.log(performance.now()-t)`));
  loadCost[mod] = median(xs);
}

// Record every module URL resolved while importing our provider layer (and building a client).
const probe = `
import { registerHooks } from 'node:module';
const seen = [];
registerHooks({ resolve(spec, ctx, next) { const r = next(spec, ctx); seen.push(r.url); return r; } });
const { createProviderClient } = await import('./src/providers/create-client.ts');
createProviderClient({ protocol: 'gemini', model: 'm', apiKey: 'k', firstTokenTimeoutMs: 1, totalTimeoutMs: 1 });
createProviderClient({ protocol: 'openai-responses', model: 'm', apiKey: 'k', firstTokenTimeoutMs: 1, totalTimeoutMs: 1 });
console.log(JSON.stringify(seen.filter((u) => /node_modules\\/(openai|@google\\/genai)\\//.test(u))));`;
const sdkModulesLoadedByImport = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: root, encoding: 'utf8' }).trim()) as string[];

const results = {
  command: 'node bench/providers.ts',
  date: new Date().toISOString(),
  node: process.version,
  runs: RUNS,
  timeToFirstDeltaMedianMs: ttfd,
  overheadOverSdkMs: Object.fromEntries(Object.entries(ttfd).map(([p, v]) => [p, v.ours - v.sdk])),
  ratioOursToSdk: Object.fromEntries(Object.entries(ttfd).map(([p, v]) => [p, v.ours / v.sdk])),
  ratioSdkToFetch: Object.fromEntries(Object.entries(ttfd).map(([p, v]) => [p, v.sdk / v.fetch])),
  sdkImportMedianMs: loadCost,
  sdkModulesLoadedByImportingProviders: sdkModulesLoadedByImport.length,
  goal: { maxOverheadOverSdkMs: 1, sdkLoadedAtImport: false },
};
const pass = Object.values(results.overheadOverSdkMs).every((d) => d <= 1) && sdkModulesLoadedByImport.length === 0;
writeFileSync(resultPath('providers'), `${JSON.stringify({ ...results, goalMet: pass }, null, 2)}\n`);

const f = (n: number): string => n.toFixed(2).padStart(8);
console.log(`providers benchmark, median of ${RUNS} runs (emulator instant mode), ms to first delta`);
console.log('protocol    raw fetch   raw SDK   ours   ours-SDK  ours/SDK');
for (const [p, v] of Object.entries(ttfd)) {
  console.log(`${p.padEnd(10)}${f(v.fetch)}${f(v.sdk)}${f(v.ours)}${f(v.ours - v.sdk)}${f(v.ours / v.sdk)}`);
}
for (const [m, ms] of Object.entries(loadCost)) console.log(`import('${m}') in a fresh process: ${ms.toFixed(1)} ms median of ${LOAD_RUNS}`);
console.log(`SDK modules loaded by importing src/providers: ${sdkModulesLoadedByImport.length}`);
console.log(`goal (<= 1 ms over the raw SDK, no SDK at import): ${pass ? 'met' : 'NOT met'}`);
