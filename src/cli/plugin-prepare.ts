import { type Diagnostic, errorDiag, hasErrors, warningDiag } from '../hcl/diagnostics';
import {
  type CoreVariables,
  type PrepareResult,
  bridgedComponentOf,
  encodeBridgedConfig,
  launchPluginComponent,
  prepareComponent,
  withGeneratedData,
} from '../plugins/bridge';
import type { PluginComponent } from '../plugins/discovery';
import type { RunningComponent } from '../plugins/launch';
import type { RunPlugins } from '../plugins/run-plugins';
import type { ComponentRegistry } from '../schema/registry';
import { GENERATED_DATA_FROM_PREPARE } from '../schema/types';
import { generatedBuildVariables } from '../template/build-variables';
import type { ComponentInstance, ExpandedBuild } from '../template/model';
import { claimedPackerVersion } from '../version';
import { goQuote } from '../text/go-quote';

/**
 * Packer's GetBuilds for bridged components: each one whose configuration decoded cleanly is
 * started and given to its plugin's Prepare (Configure for post-processors), whose error and
 * warnings become diagnostics on the block, in Packer's words. A bridged builder's Prepare also
 * names the `build.*` values it generates; provisioners and post-processors are decoded again
 * once those are known, as Packer decodes them only after starting the builder. Templates with no
 * bridged component are returned as they were prepared, with nothing started.
 */

export interface PreparedBuilds {
  readonly builds: ExpandedBuild[];
  readonly diagnostics: Diagnostic[];
}

export interface PluginPrepareOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `-debug`, `-force`, `-on-error` of `build` ("" and false for validate, as Packer's). */
  readonly debug?: boolean;
  readonly force?: boolean;
  readonly onError?: string;
  /** A legacy JSON template: Packer's core.go calls (configuration first, placeholders last). */
  readonly legacy?: boolean;
  readonly log?: (line: string) => void;
  /**
   * `kiln build`'s plugin processes: a builder prepares on the process that answered its
   * ConfigSpec when one is held, and a builder prepared without error is handed over to its build's
   * run (keyed by the build's name) instead of being closed — Packer core prepares a builder once
   * and runs it on the same process.
   */
  readonly run?: RunPlugins;
}

/** How many plugin processes Prepare may run at once. */
const CONCURRENCY = 4;

export async function prepareWithPlugins(
  prepare: (registry: ComponentRegistry) => PreparedBuilds,
  registry: ComponentRegistry,
  opts: PluginPrepareOptions,
): Promise<PreparedBuilds> {
  const first = prepare(registry);
  if (!first.builds.some((b) => instancesOf(b, true).some(isBridged))) return first;

  const core = (b: ExpandedBuild): CoreVariables => ({
    packer_build_name: b.sourceName,
    packer_builder_type: b.source.type,
    packer_core_version: claimedPackerVersion(opts.env).version,
    packer_debug: String(opts.debug ?? false),
    packer_force: String(opts.force ?? false),
    packer_on_error: opts.onError ?? '',
  });
  const diagnostics: Diagnostic[] = [];
  const generated = new Map<string, Set<string>>();
  const launchOpts = opts.log
    ? { onStderr: (c: PluginComponent, line: string) => opts.log?.(`${c.type}: ${line}`) }
    : {};
  const start = async (component: PluginComponent, kind: string): Promise<RunningComponent> => {
    const { run } = opts;
    if (!run) return launchPluginComponent(component, launchOpts);
    return (kind === 'builder' ? run.take(component) : undefined) ?? run.launch(component);
  };
  const prepareOne = async (
    instance: ComponentInstance,
    build: ExpandedBuild,
  ): Promise<PrepareResult | undefined> => {
    const bridge = bridgedComponentOf(instance.config.schema);
    if (!bridge) return undefined;
    let running: RunningComponent;
    try {
      running = await start(bridge.component, instance.kind);
    } catch (err) {
      const summary =
        instance.kind === 'builder' ? 'Failed to load source type' : `Failed loading ${instance.type}`;
      diagnostics.push(errorDiag(summary, (err as Error).message, instance.config.range));
      return undefined;
    }
    let handedOver = false;
    try {
      // What the builder's Prepare reported (a legacy template's builds keep their first schemas).
      const builderSchema = build.builder.config.schema;
      const names = [
        ...(generated.get(build.builder.type) ?? []),
        ...(builderSchema.generatedData === GENERATED_DATA_FROM_PREPARE
          ? []
          : (builderSchema.generatedData ?? [])),
      ];
      const result = await prepareComponent(running, instance.kind, {
        config: encodeBridgedConfig(instance.config),
        core: core(build),
        ...(opts.legacy ? { legacyPlaceholders: generatedPlaceholders(names) } : {}),
      });
      if (opts.run && instance.kind === 'builder' && result.error === undefined) {
        opts.run.handOver(build.name, { running, prepare: result });
        handedOver = true;
      }
      return result;
    } catch (err) {
      diagnostics.push(
        errorDiag(`Failed preparing ${blockName(instance)}`, (err as Error).message, instance.config.range),
      );
      return undefined;
    } finally {
      if (!handedOver) await running.close();
    }
  };

  // Builders first: their Prepare names what `build.*` holds for the rest.
  const builders = first.builds.filter(
    (b) => isBridged(b.builder) && !hasErrors(b.builder.config.diagnostics),
  );
  const builderResults = await limited(builders, (b) => prepareOne(b.builder, b));
  builders.forEach((b, i) => {
    const r = builderResults[i];
    if (!r) return;
    const subject = b.builder.config.range;
    for (const w of r.warnings) diagnostics.push(warningDiag(w, '', subject));
    if (r.error !== undefined) diagnostics.push(errorDiag(r.error, '', subject));
    const names = generated.get(b.builder.type) ?? new Set<string>();
    for (const n of r.generatedData) names.add(n);
    generated.set(b.builder.type, names);
  });
  for (const [type, names] of generated) {
    const schema = registry.get('builder', type);
    if (schema && names.size > 0) registry.replace(withGeneratedData(schema, [...names]));
  }
  const second = generated.size > 0 ? prepare(registry) : first;

  const others = second.builds.flatMap((b) =>
    instancesOf(b, false)
      .filter((i) => isBridged(i) && !hasErrors(i.config.diagnostics))
      .map((instance) => ({ instance, build: b })),
  );
  const results = await limited(others, ({ instance, build }) => prepareOne(instance, build));
  others.forEach(({ instance }, i) => {
    const error = results[i]?.error;
    if (error !== undefined) {
      diagnostics.push(errorDiag(`Failed preparing ${blockName(instance)}`, error, instance.config.range));
    }
  });
  return { builds: second.builds, diagnostics: [...second.diagnostics, ...diagnostics] };
}

/** packer/build.go placeholderDataFromGeneratedVars, over BasicPlaceholderData. */
export function generatedPlaceholders(generated: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of generatedBuildVariables(generated)) {
    out[key] =
      `Build_${key}. To set this dynamically in the Packer template, you must use the \`build\` function`;
  }
  out.WinRMPassword = '{{.WinRMPassword}}';
  return out;
}

const isBridged = (i: ComponentInstance): boolean => bridgedComponentOf(i.config.schema) !== undefined;

function instancesOf(b: ExpandedBuild, withBuilder: boolean): ComponentInstance[] {
  return [
    ...(withBuilder ? [b.builder] : []),
    ...b.provisioners,
    ...(b.errorCleanupProvisioner ? [b.errorCleanupProvisioner] : []),
    ...b.postProcessorChains.flat(),
  ];
}

/** hcl2template's ProvisionerBlock/PostProcessorBlock String(): `provisioner-block "type" "name"`. */
function blockName(i: ComponentInstance): string {
  return `${i.kind}-block ${goQuote(i.type)} ${goQuote(i.name ?? '')}`;
}

async function limited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}
