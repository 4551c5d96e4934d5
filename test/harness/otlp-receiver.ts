// A local OTLP/HTTP traces receiver on 127.0.0.1 for tests: decodes what the official
// exporter sends (the OTLP JSON mapping: hex ids, typed attribute values) and keeps every
// request's raw bytes and headers. It can answer 503 or stop listening (connection refused)
// for a while, then come back on the same port.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IExportTraceServiceResponse } from '@opentelemetry/otlp-transformer';

type AnyValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean; arrayValue?: { values?: AnyValue[] } };
type KeyValue = { key: string; value: AnyValue };
interface JsonSpan {
  traceId: string; spanId: string; name: string; kind: number;
  startTimeUnixNano: string | number; endTimeUnixNano: string | number;
  attributes?: KeyValue[]; status?: { code?: number };
}
interface JsonRequest {
  resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { scope?: { name?: string }; spans?: JsonSpan[] }[] }[];
}

export type Attr = string | number | boolean | Attr[];

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  startMs: number;
  endMs: number;
  statusCode: number;
  attributes: Record<string, Attr>;
  resource: Record<string, Attr>;
}

export interface OtlpReceiver {
  /** Base URL, e.g. http://127.0.0.1:4318 (the exporter posts to /v1/traces). */
  readonly url: string;
  readonly spans: ReceivedSpan[];
  /** Every request body as sent, accepted or not. */
  readonly bodies: Buffer[];
  readonly headers: IncomingMessage['headers'][];
  /** 'up' accepts; 'unavailable' answers 503; 'down' closes the port (connection refused). */
  setMode(mode: 'up' | 'unavailable' | 'down'): Promise<void>;
  close(): Promise<void>;
}

function value(v: AnyValue): Attr {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(value);
  throw new Error(`undecodable attribute value ${JSON.stringify(v)}`);
}

const attrs = (kvs: KeyValue[] = []) => Object.fromEntries(kvs.map((kv) => [kv.key, value(kv.value)]));
const nanosToMs = (n: string | number) => Number(BigInt(n) / 1_000_000n);

/** Decodes one OTLP JSON export request into flat spans. */
export function decodeTraces(body: Buffer): ReceivedSpan[] {
  const req = JSON.parse(body.toString('utf8')) as JsonRequest;
  const out: ReceivedSpan[] = [];
  for (const rs of req.resourceSpans ?? []) {
    const resource = attrs(rs.resource?.attributes);
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        out.push({
          traceId: s.traceId, spanId: s.spanId, name: s.name, kind: s.kind,
          startMs: nanosToMs(s.startTimeUnixNano), endMs: nanosToMs(s.endTimeUnixNano),
          statusCode: s.status?.code ?? 0, attributes: attrs(s.attributes), resource,
        });
      }
    }
  }
  return out;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const bodies: Buffer[] = [];
  const headers: IncomingMessage['headers'][] = [];
  let mode: 'up' | 'unavailable' | 'down' = 'up';
  let server: Server;
  let port = 0;

  const listen = async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        bodies.push(body);
        headers.push(req.headers);
        if (mode === 'unavailable') { res.writeHead(503).end('collector unavailable'); return; }
        if (req.method !== 'POST' || req.url !== '/v1/traces') { res.writeHead(404).end(); return; }
        if (!String(req.headers['content-type']).startsWith('application/json')) { res.writeHead(415).end('JSON only'); return; }
        try {
          spans.push(...decodeTraces(body));
        } catch (err) {
          res.writeHead(400).end(String(err));
          return;
        }
        const reply: IExportTraceServiceResponse = {};
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  const stop = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await listen();

  return {
    url: `http://127.0.0.1:${port}`,
    spans, bodies, headers,
    async setMode(next) {
      if (next === mode) return;
      if (mode === 'down') await listen();
      if (next === 'down') await stop();
      mode = next;
    },
    close: () => (mode === 'down' ? Promise.resolve() : stop()),
  };
}
