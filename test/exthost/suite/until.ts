// Waiting in the extension host for something VS Code does on its own schedule.
export const sleep = (ms: number): Promise<void> => new Promise((res) => setTimeout(res, ms));

/** Polls `probe` every 50 ms until it returns something truthy, or fails after `ms`. */
export async function until<T>(what: string, probe: () => T | PromiseLike<T>, ms = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
