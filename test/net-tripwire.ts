// A network tripwire for the unit, CLI and pipeline tests (loaded with --import):
// any lookup of, or connection to, a host that is not loopback throws, is printed,
// and fails the process (so the test file fails). Only the local emulator is allowed.
import dns from 'node:dns';
import { writeSync } from 'node:fs';
import net from 'node:net';

const tripped: string[] = [];

export function isLoopback(host: string | undefined): boolean {
  if (host === undefined || host === '' || host === 'localhost') return true;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h) || h.endsWith('.localhost');
}

function trip(what: string, host: string): never {
  const message = `network tripwire: ${what} ${host} (tests may reach only 127.0.0.1)`;
  tripped.push(message);
  writeSync(2, `${message}\n${new Error().stack?.split('\n').slice(2, 8).join('\n') ?? ''}\n`);
  process.exitCode = 1;
  throw new Error(message);
}

/** What the tripwire caught in this process (tests may assert it is empty). */
export function trippedSoFar(): readonly string[] {
  return tripped;
}

// DNS: nothing but loopback names is ever resolved.
const lookup = dns.lookup.bind(dns);
(dns as { lookup: unknown }).lookup = (host: string, ...rest: unknown[]) => {
  if (!isLoopback(host)) trip('DNS lookup of', host);
  return (lookup as (...a: unknown[]) => unknown)(host, ...rest);
};
const promisesLookup = dns.promises.lookup.bind(dns.promises);
(dns.promises as { lookup: unknown }).lookup = (host: string, ...rest: unknown[]) => {
  if (!isLoopback(host)) trip('DNS lookup of', host);
  return (promisesLookup as (...a: unknown[]) => unknown)(host, ...rest);
};

// Sockets: every TCP connection (net, tls, http, undici's fetch) goes through Socket#connect.
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const o = first as { path?: string; host?: string };
    if (o.path === undefined && !isLoopback(o.host)) trip('connection to', String(o.host));
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const host = typeof args[1] === 'string' ? args[1] : undefined;
    if (!isLoopback(host)) trip('connection to', String(host));
  }
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof connect;

// fetch: refused before undici even starts, with a message that names the host.
const realFetch = globalThis.fetch;
globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  if (!isLoopback(url.hostname)) {
    try { trip('fetch of', url.href); } catch (err) { return Promise.reject(err); }
  }
  return realFetch(input, init);
}) as typeof fetch;

process.on('exit', () => {
  if (tripped.length) process.exitCode = 1;
});
