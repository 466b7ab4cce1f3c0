import { builtinDataSources, builtinRegistry } from '../components/catalog';
import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import { bridgedDataSource, loadBridgedSchemas } from '../plugins/bridge';
import {
  type ExternalSwitch,
  type PluginComponent,
  externalSwitch,
  pluginDirectory,
  resolvePluginComponents,
  useKey,
} from '../plugins/discovery';
import { lockFilePath } from '../plugins/install/lock-file';
import type { RunPlugins } from '../plugins/run-plugins';
import type { DataSource } from '../schema/datasource';
import { ComponentRegistry } from '../schema/registry';
import type { ComponentSchema } from '../schema/types';
import { type ComponentUse, templateComponentUses } from '../template/component-uses';
import type { CommandIO } from './io';

/**
 * The composition root's component tables for one template: Kiln's native components, and for
 * each type the template uses that Kiln does not implement (or that KILN_PLUGINS sends to its
 * plugin), the installed plugin's component, its schema fetched from the plugin (ConfigSpec) and
 * registered like a native one. A template whose types are all native starts no plugin and
 * describes none: only its files are read once more for the types they name.
 */

export interface TemplateComponents {
  readonly registry: ComponentRegistry;
  readonly dataSourceRuntimes: readonly DataSource[];
  /** The schemas that came from plugins (bridgedComponentOf gives each one's plugin and spec). */
  readonly bridged: readonly ComponentSchema[];
  /** Missing required plugins, a forced plugin not installed, a plugin that failed to start. */
  readonly diagnostics: readonly Diagnostic[];
}

export interface TemplateComponentsOptions {
  readonly path?: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Use Kiln's native components only, whatever the template names (`validate -syntax-only`). */
  readonly nativeOnly?: boolean;
  /** `-ignore-prerelease-plugins`. */
  readonly releasesOnly?: boolean;
  /** The plugins' own log lines (their stderr) and why installed binaries were skipped. */
  readonly log?: (line: string) => void;
  /**
   * `kiln build`'s plugin processes: plugins start with the run's environment, and each builder's
   * process is held after its ConfigSpec for the first build of its type to prepare on.
   */
  readonly run?: RunPlugins;
}

export async function templateComponents(opts: TemplateComponentsOptions): Promise<TemplateComponents> {
  const native = builtinRegistry();
  const nativeDataSources = builtinDataSources();
  const nativeOnly = (diagnostics: Diagnostic[] = []): TemplateComponents => ({
    registry: native,
    dataSourceRuntimes: nativeDataSources,
    bridged: [],
    diagnostics,
  });

  if (opts.nativeOnly) return nativeOnly();
  let external: ExternalSwitch;
  try {
    external = externalSwitch(opts.env);
  } catch (err) {
    return nativeOnly([errorDiag('Invalid KILN_PLUGINS', (err as Error).message)]);
  }
  const scan = templateComponentUses(opts.path, opts.cwd);
  const nativeSources = new Set(native.all().map((s) => s.plugin));
  const wanted: ComponentUse[] = [];
  const forced = new Map<string, ComponentSchema>();
  for (const use of scan.uses) {
    const schema = native.get(use.kind, use.type);
    if (!schema) wanted.push(use);
    else if (external.forced(schema.plugin, schema.type)) {
      wanted.push(use);
      forced.set(useKey(use.kind, use.type), schema);
    }
  }
  const comesFrom = (accessor: string): boolean =>
    wanted.some((u) => u.type === accessor || u.type.startsWith(`${accessor}-`));
  const requirements = scan.requiredPlugins
    .map((p) => ({ accessor: p.name, source: p.source, constraint: p.version }))
    // Native first: a plugin Kiln implements needs no installation unless one of its types is wanted.
    .filter((r) => !(nativeSources.has(r.source) && !external.forced(r.source) && !comesFrom(r.accessor)));
  if (wanted.length === 0 && requirements.length === 0) return nativeOnly();

  // As Packer's Discover, a plugin directory that cannot be determined is one with nothing in it.
  let directory: string | undefined;
  let noDirectory = '';
  try {
    directory = pluginDirectory(opts.env);
  } catch (err) {
    noDirectory = (err as Error).message;
  }
  const where = directory !== undefined ? `in ${directory}` : `(no plugin directory: ${noDirectory})`;
  const resolution = await resolvePluginComponents({
    directory,
    uses: wanted,
    requirements,
    releasesOnly: opts.releasesOnly,
    log: opts.log,
    lockFile: opts.path ? lockFilePath(opts.path, opts.cwd) : undefined, // issue 17: .kiln.lock.hcl
  });
  const diagnostics: Diagnostic[] = [...resolution.diagnostics];

  for (const [key, schema] of forced) {
    if (resolution.components.has(key)) continue;
    diagnostics.push(
      errorDiag(
        `Missing plugin for ${schema.kind} ${schema.type}`,
        `KILN_PLUGINS=${opts.env.KILN_PLUGINS ?? ''} runs ${schema.type} from its installed plugin ` +
          `(${schema.plugin}), but no plugin installed ${where} provides it. Install it ` +
          `(packer plugins install ${schema.plugin}) or unset KILN_PLUGINS to run Kiln's native ${schema.type}.`,
      ),
    );
  }

  const components = [...resolution.components.values()];
  const { run } = opts;
  const launchOpts = opts.log
    ? { onStderr: (c: PluginComponent, line: string) => opts.log?.(`${c.type}: ${line}`) }
    : {};
  const loaded = await loadBridgedSchemas(
    components,
    run
      ? {
          launch: (c) => run.launch(c),
          hold: (c, running) => {
            if (c.kind !== 'builder') return false;
            run.hold(c, running);
            return true;
          },
        }
      : launchOpts,
  );
  for (const { component, message } of loaded.errors) {
    // At the first block using the type, as Packer reports it at the block it was starting for.
    const use = scan.uses.find((u) => u.kind === component.kind && u.type === component.type);
    diagnostics.push(
      errorDiag(
        // Packer's words: startBuilder's, and the other kinds' "Failed loading <type>".
        component.kind === 'builder' ? 'Failed to load source type' : `Failed loading ${component.type}`,
        `${component.source} ${component.version} (${component.binary}): ${message}`,
        use?.range,
      ),
    );
  }

  const registry = new ComponentRegistry({
    missingPlugin: () => `no plugin installed ${where} provides it.`,
  });
  const replaced = new Set(components.map((c) => useKey(c.kind, c.type)));
  for (const schema of native.all()) {
    if (!replaced.has(useKey(schema.kind, schema.type))) registry.register(schema);
  }
  for (const schema of loaded.schemas) registry.register(schema);
  return {
    registry,
    dataSourceRuntimes: [
      ...nativeDataSources.filter((d) => !replaced.has(useKey('datasource', d.schema.type))),
      ...loaded.schemas
        .filter((s) => s.kind === 'datasource')
        .map((s) => bridgedDataSource(s, run ? { ...launchOpts, env: run.environment() } : launchOpts)),
    ],
    bridged: loaded.schemas,
    diagnostics,
  };
}

/** Plugins' log lines on standard error when PACKER_LOG is set (as Packer shows them), else nowhere. */
export function pluginLog(io: Pick<CommandIO, 'env' | 'stderr'>): ((line: string) => void) | undefined {
  const level = io.env.PACKER_LOG;
  if (level === undefined || level === '' || level === '0') return undefined;
  return (line) => io.stderr(`${line}\n`);
}
