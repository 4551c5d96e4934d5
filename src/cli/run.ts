// The CLI dispatcher: global flags, command lookup, help and exit codes.
// Commands live one per file in ./commands; add new ones to COMMANDS.
import { GrammarRegistry } from '../syntax/index.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './command.ts';
import type { CliCommand, CliIO } from './command.ts';
import { contextCommand } from './commands/context-cmd.ts';
import { indexCommand } from './commands/index-cmd.ts';
import { mapCommand } from './commands/map-cmd.ts';
import { refactorCommand } from './commands/refactor-cmd.ts';
import { routeCommand } from './commands/route-cmd.ts';
import { transformCommand } from './commands/transform-cmd.ts';
import { usageCommand } from './commands/usage-cmd.ts';
import { locateGrammars } from './grammars.ts';
import { cliLogLevel, createCliLogger } from './logger.ts';

export const COMMANDS: readonly CliCommand[] = [indexCommand, contextCommand, mapCommand, transformCommand, refactorCommand, usageCommand, routeCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: switchyard <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'global options:',
    '  --grammars DIR  grammars directory (default: SWITCHYARD_GRAMMARS, or grammars/ above the CLI)',
    '  --verbose       debug log on stderr: one line per model request (also SWITCHYARD_LOG=debug)',
    '  -h, --help      show help (also: switchyard <command> --help)',
    '',
  ].join('\n');
}

/** Runs the CLI; `ownDir` is the directory of the running entry file (for finding grammars). */
export async function runCli(argv: readonly string[], io: CliIO, ownDir: string): Promise<number> {
  const args = [...argv];
  let grammarsFlag: string | undefined;
  const g = args.findIndex((a) => a === '--grammars' || a.startsWith('--grammars='));
  if (g !== -1) {
    const [flag] = args.splice(g, 1);
    grammarsFlag = flag!.includes('=') ? flag!.slice(flag!.indexOf('=') + 1) : args.splice(g, 1)[0];
    if (!grammarsFlag) {
      io.err('switchyard: --grammars needs a directory\n');
      return EXIT_USAGE;
    }
  }
  const verbose = args.includes('--verbose');
  for (let v = args.indexOf('--verbose'); v !== -1; v = args.indexOf('--verbose')) args.splice(v, 1);
  let level: ReturnType<typeof cliLogLevel>;
  try {
    level = cliLogLevel(io.env, verbose);
  } catch (err) {
    io.err(`switchyard: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_USAGE;
  }
  io = { ...io, log: io.log ?? createCliLogger(io.err, level) };
  const name = args.shift();
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    io.out(help());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`switchyard: unknown command "${name}"\n\n${help()}`);
    return EXIT_USAGE;
  }
  if (args.includes('-h') || args.includes('--help')) {
    io.out(`usage: ${command.usage}\n`);
    return EXIT_OK;
  }
  let registry: GrammarRegistry | undefined;
  const ctx = {
    io,
    registry: () => (registry ??= new GrammarRegistry(locateGrammars(ownDir, grammarsFlag, io.env, io.cwd))),
  };
  try {
    return await command.run(args, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`switchyard ${command.name}: ${err.message}\nusage: ${command.usage}\n`);
      return EXIT_USAGE;
    }
    io.err(`switchyard ${command.name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_FAILURE;
  } finally {
    registry?.dispose();
  }
}
