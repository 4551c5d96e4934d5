// Deep-lane work in flight, so the meter can spin while it runs. Features call
// trackDeepTask(promise); the meter listens. Pure (no vscode import).

let busy = 0;
const listeners = new Set<(busy: number) => void>();

function set(n: number): void {
  busy = n;
  for (const l of listeners) l(busy);
}

/** Counts `task` as running deep-lane work until it settles; returns it unchanged. */
export function trackDeepTask<T>(task: Promise<T>): Promise<T> {
  set(busy + 1);
  const done = () => set(Math.max(0, busy - 1));
  task.then(done, done);
  return task;
}

export function deepTasksRunning(): number {
  return busy;
}

export function onDeepActivity(listener: (busy: number) => void): { dispose(): void } {
  listeners.add(listener);
  return { dispose: () => listeners.delete(listener) };
}
