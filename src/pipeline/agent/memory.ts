// What this window remembers of each agent conversation between requests: the
// tools the fast lane called malformed (a required call to one of them goes to
// the deep lane), how many records the conversation has (so they number on), and
// the token counts of what it already sent (an agent resends its whole history).
// Bounded: the least recently used conversation is forgotten first.

export interface ConversationMemory {
  readonly fastFailedTools: Set<string>;
  /** Token counts of the pieces already seen, by digest (see features.ts contextTokensOf). */
  readonly tokenCounts: Map<string, number>;
  /** Ledger records written for this conversation so far (attempts and blocks). */
  records: number;
}

/** Conversations kept; an agent session rarely runs more than a few at once. */
export const MAX_CONVERSATIONS = 256;

export class AgentMemory {
  private readonly conversations = new Map<string, ConversationMemory>();
  private readonly max: number;

  constructor(max = MAX_CONVERSATIONS) {
    this.max = max;
  }

  /** The conversation's memory, created empty on first use, and marked most recently used. */
  get(conversationId: string): ConversationMemory {
    const found = this.conversations.get(conversationId);
    if (found) this.conversations.delete(conversationId);
    const memory = found ?? { fastFailedTools: new Set<string>(), tokenCounts: new Map<string, number>(), records: 0 };
    this.conversations.set(conversationId, memory);
    while (this.conversations.size > this.max) this.conversations.delete(this.conversations.keys().next().value!);
    return memory;
  }

  get size(): number {
    return this.conversations.size;
  }
}
