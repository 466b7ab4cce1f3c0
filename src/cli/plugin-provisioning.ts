import type { StepContext } from '../engine/types';
import { builderVariables } from '../plugins/bridged-builder-runtime';
import { bridgedPostProcessorRuntime } from '../plugins/bridged-post-processor';
import { bridgedProvisionerRuntime } from '../plugins/bridged-provisioner';
import {
  type BridgedComponent,
  bridgedComponentOf,
  encodeBridgedConfig,
  launchPluginComponent,
} from '../plugins/bridge';
import type { RunningComponent } from '../plugins/launch';
import type { RunPlugins } from '../plugins/run-plugins';
import type { DecodedConfig } from '../schema/types';
import type { RuntimeSet } from '../sdk/runtimes';
import type { ExpandedBuild } from '../template/model';
import { claimedPackerVersion } from '../version';
import { generatedPlaceholders } from './plugin-prepare';

/**
 * The composition root's runtimes for the bridged provisioners and post-processors of the
 * prepared builds: each type the builds use from a plugin runs through its plugin binary (started
 * for each run, as Packer core re-prepares a provisioner before each Provision). Post-processor
 * plugins whose artifacts are still in use stay running until `close`, which `kiln build` calls
 * once the run is over, however it ended.
 */

export interface PluginProvisioning {
  readonly runtimes: RuntimeSet;
  /** Closes the plugins still running (those whose artifacts a build returned); idempotent. */
  close(): Promise<void>;
}

export interface PluginProvisioningOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A legacy JSON template: Packer core's Prepare order (configuration first, placeholders last). */
  readonly legacy?: boolean;
  /** The plugins' own log lines (PACKER_LOG). */
  readonly log?: (line: string) => void;
  /** The run's plugin processes: each plugin starts with the run's environment (RunPlugins). */
  readonly run?: RunPlugins;
}

export function pluginProvisioning(
  builds: readonly ExpandedBuild[],
  opts: PluginProvisioningOptions,
): PluginProvisioning {
  const provisioners = new Map<string, BridgedComponent>();
  const postProcessors = new Map<string, BridgedComponent>();
  for (const b of builds) {
    for (const p of [...b.provisioners, ...(b.errorCleanupProvisioner ? [b.errorCleanupProvisioner] : [])]) {
      const bridge = bridgedComponentOf(p.config.schema);
      if (bridge) provisioners.set(p.type, bridge);
    }
    for (const pp of b.postProcessorChains.flat()) {
      const bridge = bridgedComponentOf(pp.config.schema);
      if (bridge) postProcessors.set(pp.type, bridge);
    }
  }
  const coreVersion = claimedPackerVersion(opts.env).version;
  // What a legacy template's provisioners get last: the builder's generated names as placeholders.
  const generatedNames = new Map(
    builds.map((b) => {
      const names = b.builder.config.schema.generatedData;
      return [b.name, Array.isArray(names) ? (names as readonly string[]) : []];
    }),
  );
  const configs = (config: DecodedConfig, ctx: StepContext): unknown[] => {
    const core = builderVariables(ctx.build, coreVersion);
    const encoded = encodeBridgedConfig(config);
    if (!opts.legacy) return [core, encoded];
    return [encoded, core, generatedPlaceholders(generatedNames.get(ctx.build.name))];
  };
  // Each line named by the plugin's component, as the composition root logs them.
  const launchOpts = opts.log
    ? { onStderr: (c: { type: string }, line: string) => opts.log?.(`${c.type}: ${line}`) }
    : {};
  const { run } = opts;
  const start = (bridge: BridgedComponent): Promise<RunningComponent> =>
    run ? run.launch(bridge.component) : launchPluginComponent(bridge.component, launchOpts);
  const retained: (() => Promise<void>)[] = [];
  return {
    runtimes: {
      provisioners: [...provisioners].map(([type, bridge]) =>
        bridgedProvisionerRuntime({
          type,
          launch: () => start(bridge),
          configs,
        }),
      ),
      postProcessors: [...postProcessors].map(([type, bridge]) =>
        bridgedPostProcessorRuntime({
          type,
          launch: () => start(bridge),
          configs,
          retain: (close) => void retained.push(close),
        }),
      ),
    },
    async close() {
      await Promise.all(retained.splice(0).map((close) => close().catch(() => undefined)));
    },
  };
}
