// switchyard usage --otlp URL: backfill a ledger to an OpenTelemetry collector (CI, or a
// developer catching up), resuming from the same per-collector cursor the extension keeps.
import { LANE_ENV } from '../../core/settings.ts';
import { OtlpExporter, tracesUrl } from '../../ledger/otlp-export.ts';
import { hostOf } from '../../ledger/otlp-span.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliContext } from '../command.ts';

/** YYYY-MM-DD (UTC midnight) or a full ISO 8601 instant. */
export function parseSince(text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new UsageError(`--since takes a date (YYYY-MM-DD) or an ISO 8601 time; got ${JSON.stringify(text)}`);
  return ms;
}

export async function backfillOtlp(dir: string, opts: { url: string; since?: string; includeFile?: boolean }, ctx: CliContext): Promise<number> {
  let url: string;
  try {
    url = tracesUrl(opts.url);
  } catch (err) {
    throw new UsageError(`--otlp: ${err instanceof Error ? err.message : String(err)}`);
  }
  const sinceMs = opts.since === undefined ? undefined : parseSince(opts.since);
  const headerText = ctx.io.env.OTEL_EXPORTER_OTLP_HEADERS;
  const headers = headerText ? (await import('../../ledger/otlp-sdk.ts')).parseHeaders(headerText) : {};
  const gateway = { fast: hostOf(ctx.io.env[LANE_ENV.fast.baseUrl] ?? ''), deep: hostOf(ctx.io.env[LANE_ENV.deep.baseUrl] ?? '') };
  const exporter = new OtlpExporter({
    dir, url, headers, sinceMs,
    startMonth: sinceMs === undefined ? undefined : new Date(sinceMs).toISOString().slice(0, 7),
    span: { includeFile: opts.includeFile, gatewayName: (lane) => gateway[lane] },
    backoff: { baseMs: 500, maxMs: 8_000 },
    onError: (err) => ctx.io.log?.warn('OTLP export failed; retrying', err),
  });
  try {
    const n = await exporter.drain();
    ctx.io.out(`sent ${n} span(s) from ${dir} to ${url}; up to date\n`);
    return EXIT_OK;
  } catch (err) {
    ctx.io.err(`switchyard usage: OTLP export to ${url} failed after ${exporter.sent} span(s): ${err instanceof Error ? err.message : String(err)}. `
      + 'Nothing was skipped: run it again to resume.\n');
    return EXIT_FAILURE;
  } finally {
    await exporter.stop();
  }
}
