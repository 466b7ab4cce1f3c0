import type { Command, CommandIO } from './io';

import { runVersion } from './commands/version';
import {
  runBuildCommand,
  runConsoleCommand,
  runInitCommand,
  runInspectCommand,
  runPlanCommand,
  runPluginsCommand,
  runValidateCommand,
} from './template-commands-loader';

interface CommandEntry {
  readonly run: Command;
  readonly synopsis: string;
}

// Commands are loaded when run, so that `kiln fmt` does not pay at startup for loading the
// evaluator, function library and component schemas that console, validate and inspect need.
const commands: ReadonlyMap<string, CommandEntry> = new Map([
  ['build', { run: runBuildCommand, synopsis: 'build image(s) from template' }],
  [
    'console',
    {
      run: runConsoleCommand,
      synopsis: 'creates a console for testing variable interpolation',
    },
  ],
  [
    'fmt',
    {
      run: async (args, io) => (await import('./commands/fmt')).runFmt(args, io),
      synopsis: 'Formats HCL2 templates and variable files canonically',
    },
  ],
  ['init', { run: runInitCommand, synopsis: 'Install missing plugins or upgrade plugins' }],
  [
    'inspect',
    {
      run: runInspectCommand,
      synopsis: 'see components of a template',
    },
  ],
  [
    'merge',
    {
      run: async (args, io) => (await import('./commands/merge')).runMerge(args, io),
      synopsis: 'merge the result files of builds run in separate jobs',
    },
  ],
  [
    'plan',
    {
      run: runPlanCommand,
      synopsis: 'list the builds a template would run, as a job matrix',
    },
  ],
  [
    'plugins',
    {
      run: runPluginsCommand,
      synopsis: 'Interact with Packer plugins and catalog',
    },
  ],
  [
    'sweep',
    {
      run: async (args, io) => (await import('./commands/sweep')).runSweep(args, io),
      synopsis: 'delete what killed or abandoned builds left behind',
    },
  ],
  [
    'validate',
    {
      run: runValidateCommand,
      synopsis: 'check that a template is valid',
    },
  ],
  ['version', { run: runVersion, synopsis: 'Prints the Kiln version' }],
]);

export function usage(): string {
  const names = [...commands.keys()].sort();
  return (
    'Usage: kiln [--version] [--help] <command> [<args>]\n\n' +
    'Available commands are:\n' +
    names.map((n) => `    ${n.padEnd(16)}${commands.get(n)?.synopsis ?? ''}`).join('\n') +
    '\n'
  );
}

/** Runs the kiln command line; returns the exit code (Packer's: 127 for a missing or unknown command; a command's bad flag is 1). */
export async function runCLI(argv: readonly string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '-help' || name === '--help') {
    io.stderr(usage());
    return name === undefined ? 127 : 0;
  }
  if (name === '-v' || name === '-version' || name === '--version') return runVersion([], io);
  const command = commands.get(name);
  if (!command) {
    io.stderr(`kiln: unknown command "${name}"\n\n${usage()}`);
    return 127;
  }
  return command.run(rest, io);
}
