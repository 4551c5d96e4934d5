// Talks to the wire-protocol emulator's control API from inside the extension host.
export const emulatorUrl = (): string => {
  const url = process.env.SWITCHYARD_EMULATOR_URL;
  if (!url) throw new Error('SWITCHYARD_EMULATOR_URL is not set: run these suites through test/exthost/run.ts');
  return url;
};

export interface EmulatedRequest {
  id: number;
  protocol: string;
  model?: string;
  disconnectedEarly?: boolean;
  completed?: boolean;
  jsonSchema: boolean;
}

export async function script(...replies: unknown[]): Promise<void> {
  const res = await fetch(`${emulatorUrl()}/__emulator/script`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(replies) });
  if (!res.ok) throw new Error(`emulator script failed: ${res.status}`);
}

export async function requests(): Promise<{ requests: EmulatedRequest[]; disconnects: number; pending: number }> {
  const res = await fetch(`${emulatorUrl()}/__emulator/requests`);
  return await res.json() as { requests: EmulatedRequest[]; disconnects: number; pending: number };
}

export async function reset(): Promise<void> {
  await fetch(`${emulatorUrl()}/__emulator/reset`, { method: 'POST' });
}

export async function configure(opts: { instant?: boolean; rateMultiplier?: number }): Promise<void> {
  await fetch(`${emulatorUrl()}/__emulator/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(opts) });
}
