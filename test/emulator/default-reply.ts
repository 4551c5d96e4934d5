// Deterministic replies for requests nothing was scripted for: the same
// request always gets the same answer, and JSON is valid for plain schemas.

const SENTENCES = [
  'The function returns early when the input is empty.',
  'Each call site now passes the options object explicitly.',
  'The loop keeps a running total and resets it per file.',
  'Errors are wrapped with the path that caused them.',
  'The cache is keyed by the normalised prefix.',
  'Tests cover the empty, single and many-item cases.',
];

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** About `tokens` tokens of plausible prose, chosen by the prompt's hash. */
export function defaultText(model: string, prompt: string, tokens: number): string {
  let out = `Simulated reply from ${model}.`;
  let i = hash(prompt);
  // Sentences average ~10 tokens; stop once we are near the target.
  while (out.length / 4.2 < tokens) out += ` ${SENTENCES[i++ % SENTENCES.length]}`;
  return out;
}

type Schema = Readonly<Record<string, unknown>>;

/** A minimal instance of a JSON schema (objects, arrays, scalars, enum/const, anyOf/oneOf). */
export function exampleFor(schema: unknown, depth = 0): unknown {
  if (!schema || typeof schema !== 'object' || depth > 8) return null;
  const s = schema as Schema;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(union) && union.length > 0) return exampleFor(union[0], depth + 1);
  const type = Array.isArray(s.type) ? (s.type as unknown[])[0] : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(props)) out[k] = exampleFor(v, depth + 1);
      return out;
    }
    case 'array': {
      const n = typeof s.minItems === 'number' ? s.minItems : 1;
      return Array.from({ length: n }, () => exampleFor(s.items, depth + 1));
    }
    case 'string':
      return typeof s.minLength === 'number' && s.minLength > 7 ? 'x'.repeat(s.minLength) : 'example';
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return s.properties ? exampleFor({ ...s, type: 'object' }, depth) : null;
  }
}
