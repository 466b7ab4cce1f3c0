import { randomUUID } from 'node:crypto';
import { type Diagnostic, hasErrors } from '../../hcl/diagnostics';
import { diagnosticsToJSON, renderDiagnostics } from '../../hcl/render';
import { loadTemplate, prepareBuilds } from '../../template/load';
import { templateSecrets } from '../../template/secrets';
import { type FlagSpec, type ParsedFlags, flagUsage } from '../flags';
import type { CommandIO } from '../io';
import { maskedCommandIO } from '../masked-io';
import { pluginLog, templateComponents } from '../plugin-components';
import { prepareWithPlugins } from '../plugin-prepare';
import { RunPlugins } from '../../plugins/run-plugins';
import { outputFormat, parseTemplateCommand, splitList, templateFlags } from './template-flags';

/**
 * `kiln validate`: Packer's validate. Loads the template, initialises it (variables, locals, data
 * sources as unknown values unless -evaluate-datasources), decodes every selected build's components
 * with their schemas and prints every problem, or "The configuration is valid.".
 */

const FLAGS: readonly FlagSpec[] = [
  { kind: 'bool', name: 'syntax-only', usage: 'Only check syntax. Do not verify config of the template.' },
  { kind: 'string', name: 'except', usage: 'Validate all builds other than these (comma-separated globs).' },
  { kind: 'string', name: 'only', usage: 'Validate only these builds (comma-separated globs).' },
  ...templateFlags,
  {
    kind: 'bool',
    name: 'no-warn-undeclared-var',
    usage: 'Disable warnings for user variable files containing undeclared variables.',
  },
  {
    kind: 'bool',
    name: 'evaluate-datasources',
    usage: 'Evaluate data sources during validation (may incur costs); defaults to false.',
  },
  { kind: 'bool', name: 'machine-readable', usage: 'Accepted for compatibility; see -format=json.' },
  {
    kind: 'bool',
    name: 'ignore-prerelease-plugins',
    usage: 'Disable the loading of prerelease plugin binaries (x.y.z-dev).',
  },
  { kind: 'bool', name: 'use-sequential-evaluation', usage: 'Accepted for compatibility.' },
  { kind: 'string', name: 'format', usage: "Output format: 'text' (default) or 'json'." },
];

export const VALIDATE_USAGE = `Usage: kiln validate [options] TEMPLATE

  Checks the template is valid by parsing the template and also
  checking the configuration of every builder, provisioner, post-processor
  and data source it uses.

  If it is not valid, the problems are shown and the command exits with a
  non-zero status. If it is valid, it exits with a zero status.

Options:

${flagUsage(FLAGS)}
`;

export interface ValidateJSON {
  readonly valid: boolean;
  readonly error_count: number;
  readonly warning_count: number;
  readonly diagnostics: ReturnType<typeof diagnosticsToJSON>;
  /** The builds that were validated (after -only/-except). */
  readonly builds: readonly string[];
}

export async function runValidate(args: readonly string[], commandIO: CommandIO): Promise<number> {
  const cmd = parseTemplateCommand(args, FLAGS, VALIDATE_USAGE, commandIO, outputFormat);
  if ('exit' in cmd) return cmd.exit;
  // As under Packer, a builder's plugin answers its ConfigSpec and its Prepare on one process.
  const pluginRun = new RunPlugins({ runId: randomUUID(), env: commandIO.env, log: pluginLog(commandIO) });
  try {
    return await validate(cmd, commandIO, pluginRun);
  } finally {
    await pluginRun.close();
  }
}

async function validate(
  cmd: {
    readonly parsed: ParsedFlags;
    readonly checked: ReturnType<typeof outputFormat>;
    readonly template: string;
  },
  commandIO: CommandIO,
  pluginRun: RunPlugins,
): Promise<number> {
  let io = commandIO;
  const { parsed, checked: format } = cmd;

  const diagnostics: Diagnostic[] = [];
  let builds: readonly string[] = [];
  // The composition root: the components are known from here down. Types Kiln does not implement
  // come from installed plugins, whose schemas are fetched now (none are started for -syntax-only).
  const syntaxOnly = parsed.bools.get('syntax-only') ?? false;
  const components = await templateComponents({
    path: cmd.template,
    cwd: io.cwd,
    env: io.env,
    nativeOnly: syntaxOnly,
    releasesOnly: parsed.bools.get('ignore-prerelease-plugins') ?? false,
    log: pluginLog(io),
    run: pluginRun,
  });
  const { registry } = components;
  const loaded = await loadTemplate({
    path: cmd.template,
    cwd: io.cwd,
    env: io.env,
    vars: parsed.lists.get('var') ?? [],
    varFiles: parsed.lists.get('var-file') ?? [],
    warnOnUndeclaredVar: !(parsed.bools.get('no-warn-undeclared-var') ?? false),
    dataSources: parsed.bools.get('evaluate-datasources') ? 'execute' : 'unknown',
    registry,
    dataSourceRuntimes: components.dataSourceRuntimes,
  });
  const { template } = loaded;
  // From here on, every text and diagnostic is masked: a sensitive value never reaches the output.
  io = maskedCommandIO(io, templateSecrets(template)).io;
  // Packer's order: stop after the first stage that has errors, showing what that stage found.
  const stages: (() => readonly Diagnostic[] | Promise<readonly Diagnostic[]>)[] = [
    () => template.diagnostics,
    // Packer finds its plugins while initialising (DetectPluginBinaries), before anything uses them.
    () => (syntaxOnly ? [] : [...components.diagnostics, ...template.initDiagnostics]),
    async () => {
      if (syntaxOnly) return [];
      // Bridged components are also checked by their plugins' Prepare, as Packer's validate does.
      const prepared = await prepareWithPlugins(
        (reg) =>
          prepareBuilds(loaded, {
            only: splitList(parsed.strings.get('only')),
            except: splitList(parsed.strings.get('except')),
            registry: reg,
          }),
        registry,
        { env: io.env, legacy: template.syntax === 'json', log: pluginLog(io), run: pluginRun },
      );
      builds = prepared.builds.map((b) => b.name);
      return prepared.diagnostics;
    },
  ];
  for (const stage of stages) {
    diagnostics.push(...(await stage()));
    if (hasErrors(diagnostics)) break;
  }
  const valid = !hasErrors(diagnostics);
  io.observer?.diagnostics?.(diagnostics, template.files.asMap());

  if (format === 'json') {
    const out: ValidateJSON = {
      valid,
      error_count: diagnostics.filter((d) => d.severity === 'error').length,
      warning_count: diagnostics.filter((d) => d.severity === 'warning').length,
      diagnostics: diagnosticsToJSON(diagnostics),
      builds,
    };
    io.stdout(JSON.stringify(out, null, 2) + '\n');
    return valid ? 0 : 1;
  }
  if (diagnostics.length > 0) {
    const text = renderDiagnostics(diagnostics, template.files.asMap());
    // Packer's writeDiags: ui.Say(text) adds its own newline after the diagnostics' blank line.
    if (valid) io.stdout(text + '\n');
    else io.stderr(text);
  }
  if (!valid) return 1;
  io.stdout(
    parsed.bools.get('syntax-only')
      ? 'Syntax-only check passed. Everything looks okay.\n'
      : 'The configuration is valid.\n',
  );
  return 0;
}
