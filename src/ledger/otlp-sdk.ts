// The one module that loads the OpenTelemetry packages: span specs become the SDK's
// ReadableSpans and go out through the official OTLP/HTTP exporter. Imported dynamically
// (bundled to dist/lazy/otel.mjs), so activation never parses it.
import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { ExportResultCode, millisToHrTime, parseKeyPairsIntoRecord } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { SpanSpec } from './otlp-span.ts';

export interface SenderOptions {
  /** The full traces URL (…/v1/traces). */
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  serviceVersion: string;
}

export interface Sender {
  /** Resolves once the collector accepted every span; rejects otherwise. */
  send(specs: readonly SpanSpec[]): Promise<void>;
  shutdown(): Promise<void>;
}

/** `k=v,k2=v2` (OTEL_EXPORTER_OTLP_HEADERS' format; values URL-encoded). */
export const parseHeaders = (text: string): Record<string, string> => parseKeyPairsIntoRecord(text);

export function createSender(opts: SenderOptions): Sender {
  const exporter = new OTLPTraceExporter({ url: opts.url, headers: opts.headers, timeoutMillis: opts.timeoutMs });
  const resource = resourceFromAttributes({ 'service.name': 'switchyard', 'service.version': opts.serviceVersion });
  const scope = { name: 'switchyard.ledger', version: opts.serviceVersion };
  const toSpan = (s: SpanSpec): ReadableSpan => {
    const start = millisToHrTime(s.startMs);
    const end = millisToHrTime(s.endMs);
    return {
      name: s.name,
      kind: SpanKind.CLIENT,
      spanContext: () => ({ traceId: s.traceId, spanId: s.spanId, traceFlags: TraceFlags.SAMPLED }),
      startTime: start,
      endTime: end,
      duration: millisToHrTime(s.endMs - s.startMs),
      status: { code: s.error ? SpanStatusCode.ERROR : SpanStatusCode.UNSET },
      attributes: s.attributes,
      links: [],
      events: [],
      ended: true,
      resource,
      instrumentationScope: scope,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  };
  return {
    send: (specs) => new Promise((resolve, reject) => {
      exporter.export(specs.map(toSpan), (result) => {
        if (result.code === ExportResultCode.SUCCESS) resolve();
        else reject(result.error ?? new Error('the collector did not accept the spans'));
      });
    }),
    shutdown: () => exporter.shutdown(),
  };
}
