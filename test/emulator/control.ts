// The control API under /__emulator/, for tests that cannot reach the emulator
// object (e.g. tests running inside VS Code's extension host).
import type { ServerResponse } from 'node:http';
import type { Emulator } from './server.ts';
import { isPersona } from './gateway-persona.ts';
import { sendJson } from './respond.ts';
import type { ScriptedReply } from './types.ts';

export function handleControl(emu: Emulator, method: string, path: string, raw: string, res: ServerResponse): void {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  let body: unknown;
  try {
    body = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    return sendJson(res, 400, { error: 'body is not JSON' });
  }
  switch (route) {
    case 'GET /__emulator/health':
      return sendJson(res, 200, { ok: true, url: emu.url });
    case 'POST /__emulator/script': {
      const replies = (Array.isArray(body) ? body : [body]) as ScriptedReply[];
      emu.script(...replies);
      return sendJson(res, 200, { queued: replies.length, pending: emu.pending });
    }
    case 'GET /__emulator/requests':
      return sendJson(res, 200, { requests: emu.requests, disconnects: emu.disconnects, pending: emu.pending });
    case 'POST /__emulator/config': {
      const { instant, rateMultiplier, simulatedModel, persona } = body as { instant?: boolean; rateMultiplier?: number; simulatedModel?: boolean; persona?: unknown };
      // `persona: null` goes back to playing the providers themselves.
      if (persona !== undefined && persona !== null && !isPersona(persona)) return sendJson(res, 400, { error: `unknown persona ${String(persona)}` });
      emu.configure({
        ...(instant !== undefined ? { instant } : {}), ...(rateMultiplier !== undefined ? { rateMultiplier } : {}), ...(simulatedModel !== undefined ? { simulatedModel } : {}),
        ...(persona !== undefined ? { persona: persona ?? undefined } : {}),
      });
      return sendJson(res, 200, { ok: true });
    }
    case 'POST /__emulator/reset':
      emu.reset();
      return sendJson(res, 200, { ok: true });
    default:
      return sendJson(res, 404, { error: `unknown control route ${route}` });
  }
}
