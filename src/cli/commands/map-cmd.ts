// switchyard map <dir>: the ranked repo map the deep lane would get.
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { buildRepoMap, indexInProcess } from '../../syntax/index.ts';
import { loadTokenizer } from '../../core/tokens.ts';
import { parseCommandArgs, positiveInt } from '../args.ts';
import { EXIT_OK, UsageError } from '../command.ts';
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
    if (positionals.length !== 1) throw new UsageError('expected exactly one directory');
    const root = resolve(ctx.io.cwd, positionals[0]!);
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`not a directory: ${root}`);
    const budget = positiveInt(values.tokens, '--tokens', 1024);
    const focusFiles = (values.focus ?? []).map((f) => relative(root, resolve(ctx.io.cwd, f)).split(sep).join('/'));
    const [{ index }] = await Promise.all([indexInProcess(ctx.registry(), root), loadTokenizer()]);
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
