// switchyard map <dir>: the ranked repo map the deep lane would get.
import { relative, resolve, sep } from 'node:path';
import { buildRepoMap, indexInProcess } from '../../syntax/index.ts';
import { directoryArg, parseCommandArgs, positiveInt } from '../args.ts';
import { EXIT_OK } from '../command.ts';
import type { CliCommand } from '../command.ts';

export const mapCommand: CliCommand = {
  name: 'map',
  summary: 'Print the ranked repo map (PageRank over references)',
  usage: 'switchyard map <dir> [--focus FILE]... [--mention IDENT]... [--tokens N] [--json]',
  async run(argv, ctx) {
    const { values, positionals } = parseCommandArgs(argv, {
      focus: { type: 'string', multiple: true },
      mention: { type: 'string', multiple: true },
      tokens: { type: 'string' },
      json: { type: 'boolean' },
    });
    const root = directoryArg(positionals, ctx.io.cwd);
    const budget = positiveInt(values.tokens, '--tokens', 1024);
    const focusFiles = (values.focus ?? []).map((f) => relative(root, resolve(ctx.io.cwd, f)).split(sep).join('/'));
    const { index } = await indexInProcess(ctx.registry(), root);
    for (const f of focusFiles) if (!index.has(f)) ctx.io.err(`warning: focus file ${f} is not in the index (ignored, binary, too large or no grammar)\n`);
    const map = buildRepoMap(index, { focusFiles, mentionedIdentifiers: values.mention ?? [], budget });
    if (values.json) {
      ctx.io.out(`${JSON.stringify({ root, tokens: map.tokens, budget, shown: map.shown.length, text: map.text }, null, 2)}\n`);
    } else {
      ctx.io.out(`${map.text}\n`);
      ctx.io.err(`(${map.shown.length} definitions, ${map.tokens}/${budget} tokens)\n`);
    }
    return EXIT_OK;
  },
};
