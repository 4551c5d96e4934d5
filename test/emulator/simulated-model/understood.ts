// What the simulated lanes understand, in the words the sample README uses,
// and the answer for everything else: a refusal the extension shows as an error.

export const UNDERSTOOD = {
  quickEdit: ['add a doc comment', 'rename X to Y', 'add a parameter NAME', 'wrap in try/catch'],
  refactor: ['rename X to Y', 'move function X to FILE'],
  transform: ['replace A(x) with B(x)', 'add argument Z to every call of F'],
} as const;

export type UnderstoodKind = keyof typeof UNDERSTOOD;

const WHAT: Record<UnderstoodKind, string> = { quickEdit: 'quick edits', refactor: 'refactors', transform: 'AST transforms' };

/** A request the simulated lane will not answer; sent as an HTTP 400 whose text the user sees. */
export class Refusal {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

export function notUnderstood(kind: UnderstoodKind): Refusal {
  // No double quotes: Gemini's SDK shows the error body as JSON, where they would be escaped.
  const list = UNDERSTOOD[kind].join('; ');
  return new Refusal(`The simulated lane understands only these ${WHAT[kind]}: ${list}. Set a key for real answers.`);
}

export function cannot(kind: UnderstoodKind, why: string): Refusal {
  return new Refusal(`The simulated lane cannot do that: ${why}. Set a key for real answers.`);
}
