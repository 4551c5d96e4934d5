// Typed settings in one module. The defaults here must equal package.json's
// (a unit test checks), and reading never throws: a bad value falls back.
import type { Protocol, ThinkingLevel } from './provider-types.ts';
import { ROUTING_PREFERENCES, type RoutingPreference } from './routing-types.ts';
import { TASK_KINDS, type TaskKind } from './task.ts';

export interface LaneSettings {
  protocol: Protocol;
  model: string;
  baseUrl: string;
  headers: Record<string, string>;
  firstTokenTimeoutMs: number;
  totalTimeoutMs: number;
  thinking: ThinkingLevel;
}

/** How completions reach the fast lane: its chat protocol, or fill-in-the-middle on its `/completions`. */
export type CompletionProtocol = (typeof SETTING_CHOICES.completionProtocol)[number];

/** What a kind does between the warn level and the cap (see SETTING_CHOICES.aboveWarn). */
export type AboveWarn = (typeof SETTING_CHOICES.aboveWarn)[number];

export interface PriceOverride { input: number; output: number; cachedInput?: number }

export interface Settings {
  fastLane: LaneSettings;
  deepLane: LaneSettings;
  maxOutputTokens: Record<TaskKind, number>;
  promptTokens: Record<TaskKind, number>;
  prices: Record<string, PriceOverride>;
  budget: {
    dailyUsd: number; monthlyUsd: number; warnAt: number; completionsAtCap: 'stop' | 'fastLane';
    aboveWarn: Record<TaskKind, AboveWarn>; hardCeilingPercent: number;
  };
  routing: { allowFallback: boolean; quickEditMaxLines: number; learning: boolean; preference: RoutingPreference; exploration: number };
  completions: { enabled: boolean; debounceMs: number; protocol: CompletionProtocol; model: string; showFirstLine: boolean };
  index: { maxFileSizeKb: number };
  refactor: { confirmAboveUsd: number };
  ledger: { recordPrompts: boolean };
  /** OTLP export of the ledger (src/ledger/otlp-export.ts): off while the endpoint is empty. */
  otlp: { endpoint: string; includeFilePath: boolean };
}

/** Flat `switchyard.*` keys and their defaults, exactly as package.json declares them. */
export const SETTING_DEFAULTS = {
  'fastLane.protocol': 'gemini',
  'fastLane.model': 'gemini-3.5-flash',
  'fastLane.baseUrl': '',
  'fastLane.headers': {},
  'fastLane.firstTokenTimeoutMs': 4000,
  'fastLane.totalTimeoutMs': 30000,
  'fastLane.thinking': 'minimal',
  'deepLane.protocol': 'openai-responses',
  'deepLane.model': 'gpt-5.5',
  'deepLane.baseUrl': '',
  'deepLane.headers': {},
  'deepLane.firstTokenTimeoutMs': 60000,
  'deepLane.totalTimeoutMs': 600000,
  'deepLane.reasoningEffort': 'medium',
  'maxOutputTokens': { completion: 128, quickEdit: 4000, refactor: 32000, astTransform: 4000, agent: 8000 } satisfies Record<TaskKind, number>,
  // Continue's 1,024-token prompt for completions.
  'promptTokens': { completion: 1024, quickEdit: 8000, refactor: 100000, astTransform: 16000, agent: 200000 } satisfies Record<TaskKind, number>,
  'prices': {},
  'budget.dailyUsd': 5,
  'budget.monthlyUsd': 50,
  'budget.warnAt': 0.8,
  // 'stop' so a cap is a hard cap; 'fastLane' keeps cheap completions going past it.
  'budget.completionsAtCap': 'stop',
  // Above the warn level: cheap kinds keep going on the fast lane, deep-lane work asks first.
  'budget.aboveWarn': { completion: 'fastLane', quickEdit: 'fastLane', refactor: 'ask', astTransform: 'ask', agent: 'fastLane' } satisfies Record<TaskKind, AboveWarn>,
  // Past cap x this, nothing is sent, confirmed or not.
  'budget.hardCeilingPercent': 120,
  'routing.allowFallback': true,
  'routing.quickEditMaxLines': 80,
  'routing.learning': true,
  'routing.preference': 'balanced',
  'routing.exploration': 0.05,
  'completions.enabled': true,
  'completions.debounceMs': 150,
  'completions.protocol': 'chat',
  // Empty: the fast lane's model.
  'completions.model': '',
  // Off until the extension in a real VS Code is fixed: VS Code kept showing only the first line.
  'completions.showFirstLine': true,
  'index.maxFileSizeKb': 1024,
  'refactor.confirmAboveUsd': 0.05,
  'ledger.recordPrompts': false,
  'otlp.endpoint': '',
  'otlp.includeFilePath': false,
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;
export type SettingReader = (key: SettingKey) => unknown;

/** The values a choice setting accepts (package.json's `enum`s must equal these; a test checks). */
export const SETTING_CHOICES = {
  protocol: ['gemini', 'openai-responses', 'openai-chat'],
  thinking: ['minimal', 'low', 'medium', 'high'],
  completionsAtCap: ['stop', 'fastLane'],
  aboveWarn: ['continue', 'fastLane', 'ask', 'stop'],
  preference: ROUTING_PREFERENCES,
  completionProtocol: ['chat', 'openai-fim'],
} as const satisfies Record<string, readonly string[]>;
const PROTOCOLS: readonly string[] = SETTING_CHOICES.protocol;
const LEVELS: readonly string[] = SETTING_CHOICES.thinking;

function pick<T>(read: SettingReader, key: SettingKey, ok: (v: unknown) => boolean): T {
  const value = read(key);
  return (value !== undefined && ok(value) ? value : SETTING_DEFAULTS[key]) as T;
}
const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isStr = (v: unknown) => typeof v === 'string';
const isBool = (v: unknown) => typeof v === 'boolean';
const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf = (list: readonly string[]) => (v: unknown) => typeof v === 'string' && list.includes(v);

function stringMap(v: unknown): Record<string, string> {
  if (!isObj(v)) return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => typeof x === 'string')) as Record<string, string>;
}

function kindNumbers(read: SettingReader, key: 'maxOutputTokens' | 'promptTokens'): Record<TaskKind, number> {
  const defaults = SETTING_DEFAULTS[key];
  const value = read(key);
  const given = isObj(value) ? value as Record<string, unknown> : {};
  const out: Record<TaskKind, number> = { ...defaults };
  for (const k of TASK_KINDS) if (isNum(given[k]) && (given[k] as number) > 0) out[k] = given[k] as number;
  return out;
}

function aboveWarn(read: SettingReader): Record<TaskKind, AboveWarn> {
  const value = read('budget.aboveWarn');
  const given = isObj(value) ? value as Record<string, unknown> : {};
  const out: Record<TaskKind, AboveWarn> = { ...SETTING_DEFAULTS['budget.aboveWarn'] };
  // A completion cannot ask: nothing waits for an answer while the user types.
  for (const k of TASK_KINDS) if (oneOf(SETTING_CHOICES.aboveWarn)(given[k]) && !(k === 'completion' && given[k] === 'ask')) out[k] = given[k] as AboveWarn;
  return out;
}

function lane(read: SettingReader, prefix: 'fastLane' | 'deepLane', thinkingKey: SettingKey): LaneSettings {
  const k = (s: string) => `${prefix}.${s}` as SettingKey;
  return {
    protocol: pick(read, k('protocol'), oneOf(PROTOCOLS)),
    model: pick<string>(read, k('model'), (v) => isStr(v) && (v as string).trim() !== ''),
    baseUrl: pick<string>(read, k('baseUrl'), isStr).trim(),
    headers: stringMap(read(k('headers'))),
    firstTokenTimeoutMs: pick(read, k('firstTokenTimeoutMs'), isNum),
    totalTimeoutMs: pick(read, k('totalTimeoutMs'), isNum),
    thinking: pick(read, thinkingKey, oneOf(LEVELS)),
  };
}

export function readSettings(read: SettingReader): Settings {
  const prices: Record<string, PriceOverride> = {};
  const rawPrices = read('prices');
  if (isObj(rawPrices)) {
    for (const [model, p] of Object.entries(rawPrices as Record<string, unknown>)) {
      const price = p as Partial<PriceOverride>;
      if (isObj(p) && isNum(price.input) && isNum(price.output)) prices[model] = { input: price.input!, output: price.output!, ...(isNum(price.cachedInput) ? { cachedInput: price.cachedInput } : {}) };
    }
  }
  return {
    fastLane: lane(read, 'fastLane', 'fastLane.thinking'),
    deepLane: lane(read, 'deepLane', 'deepLane.reasoningEffort'),
    maxOutputTokens: kindNumbers(read, 'maxOutputTokens'),
    promptTokens: kindNumbers(read, 'promptTokens'),
    prices,
    budget: {
      dailyUsd: pick(read, 'budget.dailyUsd', isNum),
      monthlyUsd: pick(read, 'budget.monthlyUsd', isNum),
      warnAt: pick(read, 'budget.warnAt', (v) => isNum(v) && (v as number) <= 1),
      completionsAtCap: pick(read, 'budget.completionsAtCap', oneOf(SETTING_CHOICES.completionsAtCap)),
      aboveWarn: aboveWarn(read),
      hardCeilingPercent: pick(read, 'budget.hardCeilingPercent', (v) => isNum(v) && (v as number) >= 100),
    },
    routing: {
      allowFallback: pick(read, 'routing.allowFallback', isBool),
      quickEditMaxLines: pick(read, 'routing.quickEditMaxLines', isNum),
      learning: pick(read, 'routing.learning', isBool),
      preference: pick(read, 'routing.preference', oneOf(SETTING_CHOICES.preference)),
      exploration: pick(read, 'routing.exploration', (v) => isNum(v) && (v as number) <= 0.5),
    },
    completions: {
      enabled: pick(read, 'completions.enabled', isBool),
      debounceMs: pick(read, 'completions.debounceMs', isNum),
      protocol: pick(read, 'completions.protocol', oneOf(SETTING_CHOICES.completionProtocol)),
      model: pick<string>(read, 'completions.model', isStr).trim(),
      showFirstLine: pick(read, 'completions.showFirstLine', isBool),
    },
    index: { maxFileSizeKb: pick(read, 'index.maxFileSizeKb', isNum) },
    refactor: { confirmAboveUsd: pick(read, 'refactor.confirmAboveUsd', isNum) },
    ledger: { recordPrompts: pick(read, 'ledger.recordPrompts', isBool) },
    otlp: { endpoint: pick<string>(read, 'otlp.endpoint', isStr).trim(), includeFilePath: pick(read, 'otlp.includeFilePath', isBool) },
  };
}

/** Every setting at its default: what the policy's defaults are built from. */
export const DEFAULT_SETTINGS: Settings = readSettings(() => undefined);

/** The environment variables that configure each lane (the CLI, `npm start` and the tests use them). */
export const LANE_ENV = {
  fast: { baseUrl: 'SWITCHYARD_FAST_BASE_URL', protocol: 'SWITCHYARD_FAST_PROTOCOL', model: 'SWITCHYARD_FAST_MODEL', apiKey: 'SWITCHYARD_FAST_API_KEY' },
  deep: { baseUrl: 'SWITCHYARD_DEEP_BASE_URL', protocol: 'SWITCHYARD_DEEP_PROTOCOL', model: 'SWITCHYARD_DEEP_MODEL', apiKey: 'SWITCHYARD_DEEP_API_KEY' },
} as const;

/** Lane settings named in the environment, as flat setting keys (unset variables are left out). */
export function envSettings(env: Readonly<Record<string, string | undefined>>): Partial<Record<SettingKey, string>> {
  const out: Partial<Record<SettingKey, string>> = {};
  for (const lane of ['fast', 'deep'] as const) {
    const names = LANE_ENV[lane];
    for (const field of ['baseUrl', 'protocol', 'model'] as const) {
      const value = env[names[field]]?.trim();
      if (value) out[`${lane}Lane.${field}` as SettingKey] = value;
    }
  }
  return out;
}

/** Reads each key from the first source that has it: flags over environment over a config file, say. */
export function layeredReader(...sources: readonly SettingReader[]): SettingReader {
  return (key) => {
    for (const read of sources) {
      const value = read(key);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

/** Why a value given for a setting is invalid (bad flags and config files get a clear message), or undefined. */
export function invalidSetting(key: SettingKey, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const choices = key === 'completions.protocol' ? SETTING_CHOICES.completionProtocol : key.endsWith('.protocol') ? PROTOCOLS : undefined;
  if (choices && !oneOf(choices)(value)) return `${key} must be ${choices.join(', ')}; got ${JSON.stringify(value)}`;
  const def = SETTING_DEFAULTS[key];
  if (typeof def !== typeof value || Array.isArray(value)) return `${key} must be a ${typeof def}; got ${JSON.stringify(value)}`;
  return undefined;
}
