import { type Diagnostic, errorDiag, hasErrors } from '../../hcl/diagnostics';
import { diagnosticsToJSON, renderDiagnostics } from '../../hcl/render';
import { type LoadedTemplate, loadTemplate, prepareBuilds } from '../../template/load';
import type { ExpandedBuild } from '../../template/model';
import { templateSecrets } from '../../template/secrets';
import { FlagError, type FlagSpec, flagUsage } from '../flags';
import type { CommandIO } from '../io';
import { maskedCommandIO } from '../masked-io';
import { pluginLog, templateComponents } from '../plugin-components';
import {
  PLAN_GROUPS,
  type PlanGroup,
  type PlannedBuild,
  planDocument,
  planProblems,
  planText,
} from '../plan-matrix';
import { outputFormat, parseTemplateCommand, splitList, templateFlags } from './template-flags';

/**
 * `kiln plan`: the builds `kiln build` would run with the same flags, and the job matrix that runs
 * them one job per build (or per source type / build block) in GitHub Actions. It loads and checks
 * the template as `validate` does, without running data sources or anything else.
 */

const FLAGS: readonly FlagSpec[] = [
  { kind: 'string', name: 'except', usage: 'Plan all builds other than these.' },
  { kind: 'string', name: 'only', usage: 'Plan only the specified builds.' },
  ...templateFlags,
  { kind: 'string', name: 'format', usage: "Output format: 'text' (default) or 'json' (with the matrix)." },
  {
    kind: 'string',
    name: 'group',
    usage: `One job per: ${PLAN_GROUPS.map((g) => `'${g}'`).join(', ')} (default 'build').`,
  },
];

export const PLAN_USAGE = `Usage: kiln plan [options] TEMPLATE

  Lists the builds the template would run (their full names, as -only
  accepts them, builder types, sources and post-processors) and, with
  -format=json, a GitHub Actions job matrix ({"include": [...]}) with one
  job per build or per group. Runs nothing: data sources are not read.

Options:

${flagUsage(FLAGS)}
`;

export async function runPlan(args: readonly string[], commandIO: CommandIO): Promise<number> {
  let io = commandIO;
  const cmd = parseTemplateCommand(args, FLAGS, PLAN_USAGE, io, (parsed) => {
    const group = parsed.strings.get('group') ?? 'build';
    if (!PLAN_GROUPS.includes(group as PlanGroup))
      throw new FlagError(
        `invalid value "${group}" for flag -group: must be one of ${PLAN_GROUPS.map((g) => `"${g}"`).join(', ')}`,
      );
    return { format: outputFormat(parsed), group: group as PlanGroup };
  });
  if ('exit' in cmd) return cmd.exit;
  const { parsed } = cmd;
  const { format, group } = cmd.checked;
  // Plugin components' schemas only: plan lists builds and starts no plugin's Prepare.
  const components = await templateComponents({
    path: cmd.template,
    cwd: io.cwd,
    env: io.env,
    log: pluginLog(io),
  });
  const { registry } = components;
  const loaded = await loadTemplate({
    path: cmd.template,
    cwd: io.cwd,
    env: io.env,
    vars: parsed.lists.get('var') ?? [],
    varFiles: parsed.lists.get('var-file') ?? [],
    warnOnUndeclaredVar: false,
    dataSources: 'unknown',
    registry,
    dataSourceRuntimes: components.dataSourceRuntimes,
  });
  const { template } = loaded;
  io = maskedCommandIO(io, templateSecrets(template)).io;
  const diagnostics: Diagnostic[] = [];
  let builds: ExpandedBuild[] = [];
  const stages: (() => readonly Diagnostic[])[] = [
    () => template.diagnostics,
    () => [...components.diagnostics, ...template.initDiagnostics],
    () => template.buildDiagnostics ?? [],
    () => {
      const prepared = prepareBuilds(loaded, {
        only: splitList(parsed.strings.get('only')),
        except: splitList(parsed.strings.get('except')),
        registry,
      });
      builds = prepared.builds;
      return prepared.diagnostics;
    },
  ];
  for (const stage of stages) {
    diagnostics.push(...stage());
    if (hasErrors(diagnostics)) break;
  }
  const plan = planDocument(cmd.template, hasErrors(diagnostics) ? [] : plannedBuilds(loaded, builds), group);
  if (!hasErrors(diagnostics)) {
    if (plan.builds.length === 0)
      diagnostics.push(
        errorDiag(
          'No builds to run',
          'The template has no build to plan with these -only/-except flags: the matrix would be empty.',
        ),
      );
    for (const problem of planProblems(plan))
      diagnostics.push(errorDiag('Cannot make the job matrix', problem));
  }
  io.observer?.diagnostics?.(diagnostics, template.files.asMap());
  const ok = !hasErrors(diagnostics);
  if (ok) io.observer?.plan?.(plan);
  if (format === 'json') {
    const out = ok ? { valid: true, ...plan } : { valid: false, diagnostics: diagnosticsToJSON(diagnostics) };
    io.stdout(JSON.stringify(out, null, 2) + '\n');
    return ok ? 0 : 1;
  }
  if (diagnostics.length > 0) {
    const text = renderDiagnostics(diagnostics, template.files.asMap());
    if (ok) io.stdout(text + '\n');
    else io.stderr(text);
  }
  if (!ok) return 1;
  io.stdout(planText(plan));
  return 0;
}

/** What the plan says of each build; unnamed build blocks are told apart by their place. */
function plannedBuilds(loaded: LoadedTemplate, builds: readonly ExpandedBuild[]): PlannedBuild[] {
  const blocks = loaded.template.builds;
  return builds.map((b) => {
    const index = blocks.indexOf(b.block);
    return {
      name: b.name,
      type: b.builder.type,
      source: b.sourceName,
      buildBlock: b.buildName || (index >= 0 ? `build #${index + 1}` : 'build'),
      postProcessors: b.postProcessorChains.map((chain) => chain.map((pp) => pp.type)),
    };
  });
}
