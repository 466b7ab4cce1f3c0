import { hasErrors } from '../../hcl/diagnostics';
import { diagnosticsToJSON, renderDiagnostics } from '../../hcl/render';
import { inspectLines, inspectText, templateToJSON } from '../../template/inspect';
import { loadTemplate } from '../../template/load';
import { templateSecrets } from '../../template/secrets';
import { type FlagSpec, flagUsage } from '../flags';
import type { CommandIO } from '../io';
import { maskedCommandIO } from '../masked-io';
import { pluginLog, templateComponents } from '../plugin-components';
import { machineLine } from '../ui/render';
import { outputFormat, parseTemplateCommand, templateFlags } from './template-flags';

/**
 * `kiln inspect`: Packer's inspect. Lists variables (sensitive ones masked), locals and builds with
 * their components. Problems initialising the template (unset variables...) are ignored, as in Packer,
 * so a template can be inspected before its variables are known.
 */

const FLAGS: readonly FlagSpec[] = [
  ...templateFlags,
  { kind: 'bool', name: 'machine-readable', usage: 'Produce machine-readable output.' },
  { kind: 'bool', name: 'use-sequential-evaluation', usage: 'Accepted for compatibility.' },
  { kind: 'string', name: 'format', usage: "Output format: 'text' (default) or 'json'." },
];

export const INSPECT_USAGE = `Usage: kiln inspect [options] TEMPLATE

  Inspects a template, parsing and outputting the components a template
  defines. This does not validate the contents of a template (other than
  basic syntax by necessity).

Options:

${flagUsage(FLAGS)}
`;

export async function runInspect(args: readonly string[], commandIO: CommandIO): Promise<number> {
  let io = commandIO;
  const cmd = parseTemplateCommand(args, FLAGS, INSPECT_USAGE, io, outputFormat);
  if ('exit' in cmd) return cmd.exit;
  const { parsed, checked: format } = cmd;
  // Data sources from plugins need their schemas to be decoded.
  const components = await templateComponents({
    path: cmd.template,
    cwd: io.cwd,
    env: io.env,
    log: pluginLog(io),
  });
  const { template } = await loadTemplate({
    path: cmd.template,
    cwd: io.cwd,
    env: io.env,
    vars: parsed.lists.get('var') ?? [],
    varFiles: parsed.lists.get('var-file') ?? [],
    warnOnUndeclaredVar: false,
    dataSources: 'unknown',
    registry: components.registry,
    dataSourceRuntimes: components.dataSourceRuntimes,
  });
  io = maskedCommandIO(io, templateSecrets(template)).io;
  const failed = hasErrors(template.diagnostics);
  if (format === 'json') {
    const out = {
      valid: !failed,
      diagnostics: diagnosticsToJSON(template.diagnostics),
      ...(failed ? {} : { template: templateToJSON(template) }),
    };
    io.stdout(JSON.stringify(out, null, 2) + '\n');
    return failed ? 1 : 0;
  }
  if (template.diagnostics.length > 0) {
    io.stderr(renderDiagnostics(template.diagnostics, template.files.asMap()));
  }
  if (failed) return 1;
  if (parsed.bools.get('machine-readable')) {
    // Packer's MachineReadableUi: texts as `ui,say` rows, the template-* rows as they are.
    const now = new Date();
    for (const line of inspectLines(template)) {
      io.stdout(
        line.kind === 'say'
          ? machineLine('', 'ui', ['say', line.text], now)
          : machineLine('', line.category, line.args, now),
      );
    }
    return 0;
  }
  io.stdout(inspectText(template));
  return 0;
}
