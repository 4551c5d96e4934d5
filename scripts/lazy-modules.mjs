// Packages (and the OTLP module) that the bundles import lazily: each goes to dist/lazy/,
// and a dynamic import() of it stays a real import at run time. Shared by build.mjs and the
// test that checks the extension bundle holds none of them.
import { join } from 'node:path';

export function lazyModulePlugin(root) {
  const LAZY = { openai: 'openai', '@google/genai': 'genai', typescript: 'typescript' };
  // OTLP export (src/ledger/otlp-sdk.ts, the one importer of @opentelemetry/*) runs only when
  // an endpoint is set: its module and the OTel packages go to dist/lazy/otel.mjs.
  const OTEL = join(root, 'src/ledger/otlp-sdk.ts');
  const lazyModules = {
    name: 'lazy-modules',
    setup(build) {
      build.onResolve({ filter: /^(openai|@google\/genai|typescript)$/ }, (args) =>
        args.kind === 'dynamic-import' ? { path: `./lazy/${LAZY[args.path]}.mjs`, external: true } : undefined);
      build.onResolve({ filter: /\/otlp-sdk\.ts$/ }, (args) =>
        args.kind === 'dynamic-import' ? { path: './lazy/otel.mjs', external: true } : undefined);
    },
  };
  return { LAZY, OTEL, lazyModules };
}
