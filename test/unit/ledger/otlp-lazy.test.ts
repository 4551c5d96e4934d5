// Activation never parses the OpenTelemetry packages: the extension bundle, built with the
// build's own lazy-module plugin, imports OTLP export only through dist/lazy/otel.mjs.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { lazyModulePlugin } from '../../../scripts/lazy-modules.mjs';

const root = join(import.meta.dirname, '../../..');

test('the extension bundle holds no OpenTelemetry code, only a dynamic import of the lazy OTLP module', async () => {
  const { lazyModules } = lazyModulePlugin(root);
  const out = await esbuild.build({
    entryPoints: [join(root, 'src/extension.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20',
    external: ['vscode'], write: false, logLevel: 'silent', plugins: [lazyModules],
    define: { 'import.meta.url': '__importMetaUrl', __switchyardRanks: '"./lazy/o200k_base.cjs"' },
  });
  const text = out.outputFiles[0]!.text;
  assert.ok(text.includes('"./lazy/otel.mjs"'), 'OTLP export is reached through the lazy module');
  for (const otel of ['OTLPTraceExporter', 'resourceFromAttributes', 'ExportResultCode', '@opentelemetry/']) {
    assert.ok(!text.includes(otel), `the extension bundle contains ${otel}`);
  }
  assert.ok(text.includes('switchyard.otlpHeaders'), 'the wiring itself is in the bundle');
});
