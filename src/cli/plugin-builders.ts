import * as fs from 'node:fs';
import * as path from 'node:path';

import type { RuntimeLookup } from '../engine/build-plan';
import type { BuilderRuntime, StepContext } from '../engine/types';
import {
  type LaunchOptions,
  bridgedComponentOf,
  encodeBridgedConfig,
  launchPluginComponent,
  prepareArguments,
} from '../plugins/bridge';
import { builderVariables, bridgedBuilderRuntime } from '../plugins/bridged-builder-runtime';
import type { BridgeTimeouts } from '../plugins/bridged-builder';
import type { PluginComponent } from '../plugins/discovery';
import type { RunningComponent } from '../plugins/launch';
import type { LeftoverRule } from '../plugins/leftovers';
import type { RunPlugins } from '../plugins/run-plugins';
import type { ComponentSchema, DecodedConfig } from '../schema/types';
import type { RuntimeRegistry, RuntimeSet } from '../sdk/runtimes';
import { claimedPackerVersion } from '../version';
import { pluginLeftoverRules } from './plugin-leftovers';

/**
 * The runtimes of the bridged builders a run needs (issue 16): for each builder type of the
 * prepared builds whose schema came from a plugin, a BuilderRuntime that starts the plugin for
 * each build and runs it (plugins/bridged-builder-runtime.ts). The plugin processes are the run's
 * to reap: each build's plugin stays up while its artifact may still be destroyed, and close()
 * ends them all once the run is over (in the build command's finally).
 *
 * Each plugin process is started as Packer core starts one, with what core adds to its
 * environment: PACKER_RUN_UUID (core sets it in its own environment, which plugins inherit), and
 * PACKER_TMP_DIR — which core leaves to the user; Kiln points it into the build's own temporary
 * directory, so whatever the plugin puts there goes when the build's directory does (at its end,
 * or by `kiln sweep` when a killed plugin left resources listed in the ledger beside it). The
 * plugin's stderr is its log: the build log's, shown with PACKER_LOG as Packer shows it.
 */

export interface PluginRuntimes {
  readonly runtimes: RuntimeSet;
  /** Closes every plugin process the runtimes started that is still up; resolves once all are reaped. */
  close(): Promise<void>;
}

/** What pluginBuilders needs of a prepared build (the template's ExpandedBuild is one). */
export interface BuildWithBuilder {
  readonly builder: { readonly type: string; readonly config: { readonly schema: ComponentSchema } };
}

export interface PluginBuildersOptions {
  /** The command's environment (PACKER_TMP_DIR, DOCKER_HOST, the Packer version Kiln claims). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A legacy JSON template: Builder.Prepare gets the configuration before the core variables. */
  readonly legacy?: boolean;
  /** Each line a plugin writes on stderr (pluginLog). */
  readonly log?: (line: string) => void;
  readonly timeouts?: BridgeTimeouts;
  /** How a component is started (the bridge's launchPluginComponent; tests pass fakes). */
  readonly launch?: (component: PluginComponent, opts: LaunchOptions) => Promise<RunningComponent>;
  /** What each plugin's Ui names that it creates (default: plugin-leftovers.ts's table). */
  readonly leftovers?: (
    component: PluginComponent,
    config: DecodedConfig,
    env: PluginBuildersOptions['env'],
  ) => readonly LeftoverRule[];
  /**
   * The run's plugin processes (`kiln build`): a build runs on the process prepared for it when
   * the template was read, without a second Prepare, and plugins start with the run's
   * environment (RunPlugins) — `launch` and the per-build PACKER_TMP_DIR are then not used.
   */
  readonly run?: RunPlugins;
}

/** The plugin's own temporary directory inside the build's (see above). */
export const PLUGIN_TMP_DIR = 'packer-tmp';

export function pluginBuilders(
  builds: readonly BuildWithBuilder[],
  opts: PluginBuildersOptions,
): PluginRuntimes {
  const launch = opts.launch ?? launchPluginComponent;
  const leftovers = opts.leftovers ?? pluginLeftoverRules;
  const open = new Set<() => Promise<void>>();
  const keep = (close: () => Promise<void>): (() => Promise<void>) => {
    // Closing twice is harmless: a component's close is idempotent, and it leaves the set once done.
    const once = async (): Promise<void> => {
      try {
        await close();
      } finally {
        open.delete(once);
      }
    };
    open.add(once);
    return once;
  };
  const coreVersion = claimedPackerVersion(opts.env).version;

  const byType = new Map<string, PluginComponent>();
  for (const b of builds) {
    const bridge = bridgedComponentOf(b.builder.config.schema);
    if (bridge && !byType.has(b.builder.type)) byType.set(b.builder.type, bridge.component);
  }
  const builders: BuilderRuntime[] = [...byType].map(([type, component]) => {
    return bridgedBuilderRuntime({
      type,
      async launch(ctx: StepContext, hooks) {
        const { log, run } = opts;
        const { onStderr } = hooks;
        if (run) {
          // The process prepared for this build when the template was read, else a new one.
          const claimed = run.claim(ctx.build.name);
          const running = claimed?.running ?? (await run.launch(component));
          if (onStderr) run.listen(running, onStderr);
          keep(() => running.close());
          return { component: running, ...(claimed ? { prepared: claimed.prepare } : {}) };
        }
        const running = await launch(component, {
          env: pluginEnvironment(ctx, opts.env),
          ...(log || onStderr
            ? {
                onStderr: (c, line) => {
                  onStderr?.(line);
                  log?.(`${c.type}: ${line}`);
                },
              }
            : {}),
        });
        // In flight, it is the run's to kill if the run stops waiting (a second interrupt).
        keep(() => running.close());
        return { component: running };
      },
      configs: (config, ctx) =>
        prepareArguments('builder', {
          config: encodeBridgedConfig(config),
          core: builderVariables(ctx.build, coreVersion),
          // A builder gets no placeholders; the argument only puts the configuration first.
          ...(opts.legacy ? { legacyPlaceholders: {} } : {}),
        }),
      retain: (close) => void keep(close),
      leftovers: (config) => leftovers(component, config, opts.env),
      ...(opts.timeouts ? { timeouts: opts.timeouts } : {}),
    });
  });

  return {
    runtimes: { builders },
    async close() {
      await Promise.allSettled([...open].map((close) => close()));
    },
  };
}

/**
 * Adds to the plugin's environment what Packer core adds (it inherits the rest of Kiln's). A
 * PACKER_TMP_DIR the user set is theirs, as under Packer.
 */
function pluginEnvironment(
  ctx: StepContext,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = { PACKER_RUN_UUID: ctx.build.runId };
  if (env.PACKER_TMP_DIR === undefined || env.PACKER_TMP_DIR === '') {
    const dir = path.join(ctx.build.tempDir, PLUGIN_TMP_DIR);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    out.PACKER_TMP_DIR = dir;
  }
  return out;
}

/**
 * The runtimes a run uses: the native ones, and the sets of bridged components (builders here,
 * provisioners and post-processors alike), which win over a native runtime of the same type — a
 * type the template's registry took from a plugin (KILN_PLUGINS=external) must run from it.
 * Two sets claiming one type is a bug, as in RuntimeRegistry.
 */
export function runtimesWithPlugins(native: RuntimeRegistry, ...sets: readonly RuntimeSet[]): RuntimeLookup {
  const pick = <R extends { readonly type: string }>(
    kind: string,
    lists: readonly (readonly R[] | undefined)[],
  ): Map<string, R> => {
    const map = new Map<string, R>();
    for (const r of lists.flatMap((l) => l ?? [])) {
      if (map.has(r.type)) throw new Error(`${kind} ${r.type} is registered twice`);
      map.set(r.type, r);
    }
    return map;
  };
  const builders = pick(
    'builder',
    sets.map((s) => s.builders),
  );
  const provisioners = pick(
    'provisioner',
    sets.map((s) => s.provisioners),
  );
  const postProcessors = pick(
    'post-processor',
    sets.map((s) => s.postProcessors),
  );
  return {
    builder: (type) => builders.get(type) ?? native.builder(type),
    provisioner: (type) => provisioners.get(type) ?? native.provisioner(type),
    postProcessor: (type) => postProcessors.get(type) ?? native.postProcessor(type),
    cannotRun(kind, type) {
      const bridged = kind === 'builder' ? builders : kind === 'provisioner' ? provisioners : postProcessors;
      return bridged.has(type) ? undefined : native.cannotRun(kind, type);
    },
  };
}
