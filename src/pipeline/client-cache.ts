// The pipeline's provider clients: at most one per lane, replaced when that
// lane's config changes (a new key, URL, header or model). Keyed by lane id
// only, so no cache key ever holds a key or a header value.
import { isDeepStrictEqual } from 'node:util';
import type { LaneConfig, ProviderClient } from '../core/provider-types.ts';
import type { LaneId } from '../core/task.ts';
import { createProviderClient } from '../providers/create-client.ts';

interface Entry {
  readonly config: LaneConfig;
  readonly client: ProviderClient;
}

export class ClientCache {
  readonly #entries = new Map<LaneId, Entry>();

  /** The lane's client for this config, reusing the last one while the config is unchanged. */
  get(lane: LaneId, config: LaneConfig): ProviderClient {
    const entry = this.#entries.get(lane);
    if (entry && isDeepStrictEqual(entry.config, config)) return entry.client;
    const client = createProviderClient(config);
    this.#entries.set(lane, { config, client });
    return client;
  }

  get size(): number {
    return this.#entries.size;
  }

  keys(): LaneId[] {
    return [...this.#entries.keys()];
  }
}
