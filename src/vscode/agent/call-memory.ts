// What VS Code's tool-call part has no room for: a call's Gemini thought signature
// (which must go back with the call on the next turn) and its tool's name (a later
// result names only the call id). Filled when a call is emitted, read when a later
// request is converted. Bounded: the oldest calls are forgotten first.

export interface RememberedCall {
  readonly name: string;
  readonly signature?: string;
}

export class CallMemory {
  readonly #calls = new Map<string, RememberedCall>();
  readonly #limit: number;

  /** An agent session rarely keeps more than a few hundred calls in its history. */
  constructor(limit = 2_000) {
    if (!(limit >= 1)) throw new Error('CallMemory needs room for one call at least');
    this.#limit = limit;
  }

  remember(id: string, call: RememberedCall): void {
    // Re-inserting moves the id to the newest end.
    this.#calls.delete(id);
    this.#calls.set(id, call);
    while (this.#calls.size > this.#limit) this.#calls.delete(this.#calls.keys().next().value!);
  }

  get(id: string): RememberedCall | undefined {
    return this.#calls.get(id);
  }

  get size(): number {
    return this.#calls.size;
  }
}
