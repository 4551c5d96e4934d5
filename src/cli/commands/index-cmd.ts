// switchyard index <dir>: index a directory in-process and report what was found.
import { indexInProcess } from '../../syntax/index.ts';
import { directoryArg, parseCommandArgs, positiveInt } from '../args.ts';
import { EXIT_OK } from '../command.ts';
import type { CliCommand } from '../command.ts';

export const indexCommand: CliCommand = {
  name: 'index',
  summary: 'Index a directory: files, symbols, parse errors, speed',
  usage: 'switchyard index <dir> [--json] [--exclude GLOB]... [--max-file-bytes N]',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: 'boolean' },
      exclude: { type: 'string', multiple: true },
      'max-file-bytes': { type: 'string' },
    });
    const root = directoryArg(positionals, ctx.io.cwd);
    const result = await indexInProcess(ctx.registry(), root, {
      exclude: values.exclude,
      maxFileBytes: positiveInt(values['max-file-bytes'], '--max-file-bytes', 1_000_000),
    });
    let definitions = 0;
    let references = 0;
    const withErrors: string[] = [];
    const byGrammar: Record<string, number> = {};
    for (const f of result.index.files()) {
      definitions += f.definitions.length;
      references += f.references.length;
      if (f.parseErrors > 0) withErrors.push(f.rel);
      byGrammar[f.grammarId] = (byGrammar[f.grammarId] ?? 0) + 1;
    }
    const skipped: Record<string, number> = {};
    for (const s of result.skipped) skipped[s.reason] = (skipped[s.reason] ?? 0) + 1;
    const seconds = result.ms / 1000;
    const summary = {
      root,
      files: result.index.fileCount,
      definitions,
      references,
      filesWithParseErrors: withErrors.length,
      skipped,
      languages: byGrammar,
      bytes: result.bytes,
      seconds: Number(seconds.toFixed(3)),
      mbPerSecond: Number((result.bytes / 1e6 / Math.max(seconds, 1e-9)).toFixed(2)),
      truncated: result.truncated,
    };
    if (values.json) {
      ctx.io.out(`${JSON.stringify({ ...summary, parseErrorFiles: withErrors }, null, 2)}\n`);
      return EXIT_OK;
    }
    const lines = [
      `indexed ${root}`,
      `  files        ${summary.files}  (${Object.entries(byGrammar).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`,
      `  symbols      ${definitions} definitions, ${references} references`,
      `  parse errors ${withErrors.length} file(s)${withErrors.length ? `: ${withErrors.slice(0, 5).join(', ')}${withErrors.length > 5 ? ', …' : ''}` : ''}`,
      `  skipped      ${Object.entries(skipped).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
      `  time         ${summary.seconds} s, ${summary.mbPerSecond} MB/s (${(result.bytes / 1e6).toFixed(2)} MB)`,
    ];
    if (result.truncated) lines.push('  note         file limit reached; the index is partial');
    ctx.io.out(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
