// A refusing proxy on 127.0.0.1 for the real VS Code under test. The built-in chat (and
// anything else in the workbench) reaches the internet through VS Code's proxy support;
// pointed here, every such attempt is refused and recorded instead of leaving the machine.
// Loopback stays direct (no-proxy), so the emulated lanes still answer.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EgressGuard {
  readonly url: string;
  /** host:port of every request that tried to leave, in order. */
  readonly attempts: readonly string[];
  /** Environment and user settings that route VS Code's outbound traffic to the guard. */
  readonly env: Record<string, string>;
  readonly settings: Record<string, unknown>;
  close(): Promise<void>;
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

export async function startEgressGuard(): Promise<EgressGuard> {
  const attempts: string[] = [];
  const server: Server = createServer((req, res) => {
    attempts.push(req.headers.host ?? req.url ?? '?');
    res.writeHead(403, { 'content-type': 'text/plain' }).end('egress refused by the test harness');
  });
  server.on('connect', (req, socket) => {
    attempts.push(req.url ?? '?');
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const noProxy = LOOPBACK.join(',');
  return {
    url,
    attempts,
    env: { HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url, NO_PROXY: noProxy, no_proxy: noProxy },
    settings: { 'http.proxy': url, 'http.noProxy': LOOPBACK, 'http.proxyStrictSSL': false },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Whether a recorded attempt was to a loopback host (it should never be: loopback is not proxied). */
export function isLoopbackTarget(target: string): boolean {
  const host = target.startsWith('[') ? target.slice(1, target.indexOf(']')) : target.replace(/:\d+$/, '');
  return LOOPBACK.includes(host);
}
