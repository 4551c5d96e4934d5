import type { Plugin } from 'esbuild';

export function lazyModulePlugin(root: string): { LAZY: Record<string, string>; OTEL: string; lazyModules: Plugin };
