import * as fs from 'node:fs';
import * as path from 'node:path';

import { builtinRegistry } from '../../components/catalog';
import { hasErrors } from '../../hcl/diagnostics';
import { renderDiagnostics } from '../../hcl/render';
import { externalSwitch } from '../../plugins/discovery';
import {
  type InitRequirement,
  type InitResult,
  InterruptedError,
  initPlugins,
  lockFilePath,
} from '../../plugins/install';
import { templateComponentUses } from '../../template/component-uses';
import { isLegacyJsonTemplate } from '../../template/legacy-json';
import { loadTemplateScope } from '../../template/scope';
import { templateSecrets } from '../../template/secrets';
import { FlagError, type FlagSpec, flagUsage, parseFlags } from '../flags';
import type { CommandIO } from '../io';
import { maskedCommandIO } from '../masked-io';
import { INTERRUPTED_MESSAGE, installSetup, interruptible } from './plugin-install-setup';

/**
 * `kiln init [-upgrade] [-force] TEMPLATE`: Packer's init. Installs every `required_plugins` entry
 * that Kiln does not implement natively (or that KILN_PLUGINS sends to its plugin) and is missing
 * from the plugin directory, and records versions and hashes in `.kiln.lock.hcl` beside the template.
 */

const FLAGS: readonly FlagSpec[] = [
  {
    kind: 'bool',
    name: 'upgrade',
    usage:
      'On top of installing missing plugins, update installed plugins to the latest available version within the constraints, and update the lock file.',
  },
  { kind: 'bool', name: 'force', usage: 'Forces reinstallation of plugins, even if already installed.' },
];

export const INIT_USAGE = `Usage: kiln init [options] TEMPLATE

  Install all the missing plugins required in a Packer config, and record
  their versions and checksums in .kiln.lock.hcl beside it. Plugins Kiln
  implements natively are built in: nothing is downloaded for them.

  This is the first command that should be executed when working with a new
  or existing template. Later runs install exactly the versions in the lock
  file, and refuse a download whose checksum differs from it.

  This command is always safe to run multiple times. Though subsequent runs may
  give errors, this command will never delete anything.

Options:

${flagUsage(FLAGS)}
`;

const NO_REQUIREMENTS = `
No plugins requirement found, make sure you reference a Packer config
containing a packer.required_plugins block. See
https://www.packer.io/docs/templates/hcl_templates/blocks/packer
for more info.
`;

export async function runInit(args: readonly string[], io: CommandIO): Promise<number> {
  if (args.some((a) => a === '-h' || a === '-help' || a === '--help')) {
    io.stdout(INIT_USAGE);
    return 0;
  }
  let upgrade = false;
  let force = false;
  let template: string;
  try {
    const parsed = parseFlags(args, FLAGS);
    upgrade = parsed.bools.get('upgrade') === true;
    force = parsed.bools.get('force') === true;
    if (parsed.args.length !== 1) throw new FlagError('init takes exactly one TEMPLATE');
    template = parsed.args[0];
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    io.stderr(`${e.message}\n\n${INIT_USAGE}`);
    return 1;
  }
  if (!fs.existsSync(path.resolve(io.cwd, template))) {
    io.stderr(`Error: Failed to read the template ${template}: no such file or directory\n`);
    return 1;
  }

  // Packer's init reads the template as every command does (GetConfig, the Parse stage) and stops
  // on its errors, required_plugins' included, before asking for any plugin.
  if (!(await templateParses(template, io))) return 1;

  let requirements: InitRequirement[];
  try {
    requirements = initRequirements(template, io);
  } catch (err) {
    io.stderr(`Error: ${(err as Error).message}\n`);
    return 1;
  }
  if (requirements.length === 0) {
    io.stdout(NO_REQUIREMENTS);
    return 0;
  }

  const interrupt = interruptible(io);
  let setup: ReturnType<typeof installSetup>;
  try {
    setup = installSetup(io.env, interrupt.signal);
  } catch (err) {
    interrupt.stop();
    io.stderr(`Error: ${(err as Error).message}\n`);
    return 1;
  }
  const lockFile = lockFilePath(template, io.cwd);
  const log = io.env.PACKER_LOG && io.env.PACKER_LOG !== '0' ? (l: string) => io.stderr(`${l}\n`) : undefined;
  let failed = false;
  const print = (r: InitResult): void => {
    const source = r.requirement.source;
    if (r.status === 'builtin') io.stdout(`${source}: built in\n`);
    else if (r.status === 'installed') {
      io.stdout(`Installed plugin ${source} v${r.outcome.version} in "${r.outcome.binary}"\n`);
    } else if (r.status === 'failed') {
      failed = true;
      io.stderr(`Failed getting the "${source}" plugin:\n${r.error.message}\n`);
    } else if (log) log(`${source} v${r.outcome.version} is installed: ${r.outcome.binary}`);
  };
  let report;
  try {
    report = await initPlugins({
      requirements,
      directory: setup.directory,
      lockFile,
      sources: setup.sources,
      upgrade,
      force,
      ...(log ? { log } : {}),
      onResult: print,
      signal: interrupt.signal,
    });
  } catch (err) {
    if (err instanceof InterruptedError) {
      io.stderr(`${INTERRUPTED_MESSAGE}The lock file was not changed.\n`);
      return 1;
    }
    io.stderr(`Error: ${(err as Error).message}\n`);
    return 1;
  } finally {
    setup.close();
    interrupt.stop();
  }
  io.observer?.pluginsInitialized?.(report.results);
  if (report.lockWritten) io.stdout(`Wrote the lock file ${path.relative(io.cwd, lockFile) || lockFile}\n`);
  return failed ? 1 : 0;
}

/**
 * Reads an HCL2 template as far as Packer's Parse goes and prints what it finds as `validate` does
 * (file, line and column, the source underlined), masked, and for the action as diagnostics; false
 * when there are errors. A legacy JSON template has no packer block: nothing to read here.
 */
async function templateParses(template: string, commandIO: CommandIO): Promise<boolean> {
  try {
    if (fs.statSync(path.resolve(commandIO.cwd, template)).isFile() && isLegacyJsonTemplate(template))
      return true;
  } catch {
    return true;
  }
  const scope = await loadTemplateScope({
    path: template,
    cwd: commandIO.cwd,
    env: commandIO.env,
    vars: [],
    varFiles: [],
    parseOnly: true,
    registry: builtinRegistry(),
    // Nothing is initialised, so no data source runs.
    dataSourceRuntimes: [],
  });
  const { diagnostics } = scope;
  if (diagnostics.length === 0) return true;
  const io = maskedCommandIO(commandIO, templateSecrets(scope)).io;
  io.observer?.diagnostics?.(diagnostics, scope.files.asMap());
  const text = renderDiagnostics(diagnostics, scope.files.asMap());
  if (!hasErrors(diagnostics)) {
    io.stdout(`${text}\n`);
    return true;
  }
  io.stderr(text);
  return false;
}

/**
 * The template's required plugins, each marked built in when Kiln implements it natively and no
 * type the template uses from it is missing natively or sent out by KILN_PLUGINS (the same rule as
 * the composition root's, cli/plugin-components.ts).
 */
export function initRequirements(template: string, io: Pick<CommandIO, 'cwd' | 'env'>): InitRequirement[] {
  const scan = templateComponentUses(template, io.cwd);
  if (scan.requiredPlugins.length === 0) return [];
  const external = externalSwitch(io.env);
  const native = builtinRegistry();
  const nativeSources = new Set(native.all().map((s) => s.plugin));
  const outside = scan.uses.filter((u) => {
    const schema = native.get(u.kind, u.type);
    return !schema || external.forced(schema.plugin, schema.type);
  });
  const comesFrom = (accessor: string): boolean =>
    outside.some((u) => u.type === accessor || u.type.startsWith(`${accessor}-`));
  return scan.requiredPlugins.map((p) => ({
    accessor: p.name,
    source: p.source,
    constraints: p.version,
    builtin: nativeSources.has(p.source) && !external.forced(p.source) && !comesFrom(p.name),
  }));
}

/**
 * What the action's plugin cache needs to know (action/plugin-cache.ts): how many plugins the
 * template requires, and what its cache key hashes: the lock file when there is one, else the
 * required plugins and constraints; no material when every required plugin is built in.
 */
export function pluginCacheMaterial(
  template: string,
  io: Pick<CommandIO, 'cwd' | 'env'>,
): { requirements: number; material: string | undefined } {
  const all = initRequirements(template, io);
  const wanted = all.filter((r) => !r.builtin);
  if (wanted.length === 0) return { requirements: all.length, material: undefined };
  try {
    return { requirements: all.length, material: fs.readFileSync(lockFilePath(template, io.cwd), 'utf8') };
  } catch {
    return {
      requirements: all.length,
      material: JSON.stringify(wanted.map((r) => [r.source, r.constraints]).sort()),
    };
  }
}
