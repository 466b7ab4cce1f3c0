import * as readline from 'node:readline';

import { type Diagnostic, hasErrors } from '../../hcl/diagnostics';
import { renderDiagnostics } from '../../hcl/render';
import { parseExpression } from '../../hcl/syntax/parser';
import { evaluate } from '../../eval/evaluate';
import { renderConsole } from '../../values/render';
import { type TemplateScope, loadTemplateScope } from '../../template/scope';
import { templateSecrets } from '../../template/secrets';
import { variablesListing } from '../../template/inspect';
import { FlagError, type FlagSpec, parseFlags } from '../flags';
import type { CommandIO } from '../io';
import { maskedCommandIO } from '../masked-io';
import { pluginLog, templateComponents } from '../plugin-components';

/**
 * `kiln console`: Packer's console in HCL2 mode. Loads the template (if any) with its variables and
 * locals, then evaluates one expression per line. Unlike Packer, which prints only the last result
 * when input is piped, every result is printed, so a file of expressions can be checked at once.
 */

const FLAGS: readonly FlagSpec[] = [
  { kind: 'list', name: 'var', usage: 'Variable for templates, can be used multiple times.' },
  { kind: 'list', name: 'var-file', usage: 'JSON or HCL2 file containing user variables.' },
  { kind: 'string', name: 'config-type', usage: "Set to 'hcl2' to run in HCL2 mode when no file is passed." },
  {
    kind: 'bool',
    name: 'use-sequential-evaluation',
    usage: 'Accepted for compatibility; locals are always evaluated in dependency order.',
  },
];

export const CONSOLE_USAGE = `Usage: kiln console [options] [TEMPLATE]

  Creates a console for testing variable interpolation.
  If a template is provided, this command will load the template and any
  variables defined therein into its context to be referenced during
  interpolation.

Options:
  -var 'key=value'              Variable for templates, can be used multiple times.
  -var-file=path                JSON or HCL2 file containing user variables.
  -config-type                  Accepted for compatibility ('hcl2' or 'json'); Kiln always uses HCL2.
  -use-sequential-evaluation    Accepted for compatibility.
`;

/** What `help` prints inside the console (Packer's text, reworded). */
export const CONSOLE_HELP = `Packer console HCL2 Mode.
The console lets you try out expressions: the variables, locals and functions
of the template the console was started with are all available.

Type an expression and press <enter> to see its value.

For example, "upper(var.foo.id)" evaluates to the upper-cased ID of "foo", if
your configuration defines such a variable.

"variables" lists every variable with its value.

Type "exit" and press <enter>, or press Control-C, to leave the console.

/!\\ Go template interpolation such as "{{timestamp}}" cannot be used in HCL2
mode.`;

const CONSOLE_INPUT = '<console-input>';

export async function runConsole(args: readonly string[], commandIO: CommandIO): Promise<number> {
  let io = commandIO;
  if (args.some((a) => a === '-h' || a === '-help' || a === '--help')) {
    io.stdout(CONSOLE_USAGE);
    return 0;
  }
  let parsed;
  try {
    parsed = parseFlags(args, FLAGS);
    const configType = parsed.strings.get('config-type');
    if (configType !== undefined && configType !== 'hcl2' && configType !== 'json') {
      throw new FlagError(
        `invalid value "${configType}" for flag -config-type: ${configType} does not belong to configType values`,
      );
    }
    for (const v of parsed.lists.get('var') ?? []) {
      if (!v.includes('='))
        throw new FlagError(`invalid value "${v}" for flag -var: No '=' value in arg: ${v}`);
    }
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    io.stderr(`${e.message}\n`);
    io.stdout(CONSOLE_USAGE);
    return 1;
  }
  // Packer takes the template only when exactly one argument remains.
  const templatePath = parsed.args.length === 1 ? parsed.args[0] : undefined;
  // Packer's console runs data sources, so locals built from them have their real values.
  // Data sources from plugins run through them (their schemas fetched first).
  const components = await templateComponents({
    path: templatePath,
    cwd: io.cwd,
    env: io.env,
    log: pluginLog(io),
  });
  const scope = await loadTemplateScope({
    path: templatePath,
    cwd: io.cwd,
    env: io.env,
    vars: parsed.lists.get('var') ?? [],
    varFiles: parsed.lists.get('var-file') ?? [],
    warnOnUndeclaredVar: false,
    dataSources: 'execute',
    registry: components.registry,
    dataSourceRuntimes: components.dataSourceRuntimes,
  });
  // Sensitive values never reach the output, whatever an expression or its errors show.
  io = maskedCommandIO(io, templateSecrets(scope)).io;
  if (scope.diagnostics.length > 0) io.stderr(renderDiagnostics(scope.diagnostics, scope.files.asMap()));
  // As in Packer, problems found while initialising (unset variables, failed validations or
  // locals) do not stop the console: they show up when the affected names are used.
  if (hasErrors(scope.diagnostics)) return 1;

  if (!io.stdinIsTTY) return runPiped(scope, await io.readStdin(), io);
  return runInteractive(scope, io, process.stdin, process.stdout);
}

/** The outcome of one console line. */
export interface LineResult {
  readonly output?: string;
  readonly diagnostics: Diagnostic[];
  readonly exit: boolean;
}

/** Packer's EvaluateExpression: the console's commands, or an expression to evaluate. */
export function evaluateConsoleLine(scope: TemplateScope, line: string): LineResult {
  switch (line) {
    case '':
      return { diagnostics: [], exit: false };
    case 'exit':
      return { diagnostics: [], exit: true };
    case 'help':
      return { output: CONSOLE_HELP, diagnostics: [], exit: false };
    case 'variables':
      return { output: variablesListing(scope), diagnostics: [], exit: false };
  }
  scope.files.addText(CONSOLE_INPUT, line);
  const parsed = parseExpression(line, CONSOLE_INPUT);
  if (hasErrors(parsed.diagnostics)) return { diagnostics: parsed.diagnostics, exit: false };
  const r = evaluate(parsed.expr, scope.context);
  const diagnostics = [...parsed.diagnostics, ...r.diagnostics];
  if (hasErrors(r.diagnostics)) return { diagnostics, exit: false };
  return { output: renderConsole(r.value), diagnostics, exit: false };
}

function runPiped(scope: TemplateScope, input: string, io: CommandIO): number {
  let code = 0;
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const raw of lines) {
    const result = evaluateConsoleLine(scope, raw.trim());
    if (result.diagnostics.length > 0) {
      io.stderr(renderDiagnostics(result.diagnostics, scope.files.asMap()));
      if (hasErrors(result.diagnostics)) code = 1;
    }
    if (result.exit) break;
    if (result.output !== undefined) io.stdout(`${result.output}\n`);
  }
  return code;
}

/** The interactive `> ` prompt. Exposed with injectable streams so it can be driven in tests. */
export function runInteractive(
  scope: TemplateScope,
  io: CommandIO,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<number> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input, output, prompt: '> ', terminal: true });
    let code = 0;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      rl.close();
      resolve(code);
    };
    rl.on('line', (line) => {
      const result = evaluateConsoleLine(scope, line.trim());
      code = 0;
      if (result.diagnostics.length > 0) {
        io.stderr(renderDiagnostics(result.diagnostics, scope.files.asMap()));
        if (hasErrors(result.diagnostics)) code = 1;
      }
      if (result.exit) return finish();
      if (result.output !== undefined) io.stdout(`${result.output}\n`);
      rl.prompt();
    });
    // Control-C on an empty line leaves, as in Packer; on a partial line it clears the line.
    rl.on('SIGINT', () => {
      if (rl.line.length === 0) finish();
      else {
        output.write('^C\n');
        rl.write(null, { ctrl: true, name: 'u' });
        rl.prompt();
      }
    });
    rl.on('close', () => {
      if (!finished) {
        finished = true;
        resolve(0);
      }
    });
    rl.prompt();
  });
}
