import type { DecodedConfig } from '../schema/types';
import type { Artifact, BuildInfo, BuildUI, BuilderRuntime, StepContext } from '../engine/types';
import { uiWith } from '../engine/ui';
import { runBridgedBuilder, type BridgeTimeouts } from './bridged-builder';
import type { CoreVariables, PrepareResult } from './bridge/prepare';
import type { RunningComponent } from './launch';
import { type LeftoverRule, PluginLeftovers } from './leftovers';

/**
 * A plugin's builder as one of the engine's BuilderRuntimes: each build starts the plugin, runs it
 * (bridged-builder.ts) with the engine's ProvisionHook behind the plugin's Hook, and hands back its
 * artifact. The plugin runs its own steps — on-error, debug and force reach it as Packer's core
 * variables in the configs — so the engine sees one opaque run, as Packer core does.
 */

/** What the runtime itself needs of the plugin process it asks `launch` for. */
export interface LaunchHooks {
  /** Each line of the plugin's stderr (its log), besides wherever else the launcher sends it. */
  readonly onStderr?: (line: string) => void;
}

/** A builder process for one build; `prepared` when its Prepare has been called already. */
export interface LaunchedBuilder {
  readonly component: RunningComponent;
  readonly prepared?: PrepareResult;
}

export interface BridgedBuilderRuntimeOptions {
  /** The builder's type in templates (`docker`, `vsphere-iso`…). */
  readonly type: string;
  /**
   * Starts the plugin's builder component for one build (discovery's job: which binary, which
   * name) — or hands over the process already prepared for it, with Prepare's answer.
   */
  launch(ctx: StepContext, hooks: LaunchHooks): Promise<LaunchedBuilder>;
  /**
   * Builder.Prepare's configs for the build: what Packer core sends for a source decoded against
   * the plugin's spec (its core variables, then the user's configuration as cty JSON bytes).
   */
  configs(config: DecodedConfig, ctx: StepContext): readonly unknown[] | Promise<readonly unknown[]>;
  /**
   * Takes over the plugin once the build has its artifact: the artifact's Destroy (a post-processor
   * not keeping its input) needs the plugin alive, so whoever owns the run closes it at its end.
   * Without it the plugin is closed at once and the artifact cannot be destroyed.
   */
  retain?(close: () => Promise<void>): void;
  /**
   * What the plugin names on its Ui that it creates (leftovers.ts): recorded in the build's ledger,
   * struck off once its Run has returned, kept for a sweep when it died or hung.
   */
  leftovers?(config: DecodedConfig, ctx: StepContext): readonly LeftoverRule[];
  readonly timeouts?: BridgeTimeouts;
}

/**
 * The first of Builder.Prepare's configs, as Packer's HCL2 path builds it for a source
 * (hcl2template's startBuilder): the source's name and type, the core version Kiln claims, and
 * the run's -debug, -force and -on-error, all strings. The plugin's SDK reads them into its
 * PackerConfig (PackerBuildName, PackerOnError…).
 */
export function builderVariables(build: BuildInfo, coreVersion: string): CoreVariables {
  return {
    packer_build_name: build.buildName,
    packer_builder_type: build.builderType,
    packer_core_version: coreVersion,
    packer_debug: String(build.debug),
    packer_force: String(build.force),
    packer_on_error: build.onError,
  };
}

/** The line the plugin's StepProvision.Cleanup says itself before the engine would say it again. */
const CLEANUP_NOTICE = 'Provisioning step had errors: Running the cleanup provisioner, if present...';

export function bridgedBuilderRuntime(options: BridgedBuilderRuntimeOptions): BuilderRuntime {
  return {
    type: options.type,
    async run(config, ctx, provision): Promise<Artifact | undefined> {
      const configs = await options.configs(config, ctx);
      const rules = options.leftovers?.(config, ctx) ?? [];
      const leftovers = rules.length > 0 ? new PluginLeftovers(ctx.ledger, rules) : undefined;
      const { component, prepared } = await options.launch(
        ctx,
        leftovers ? { onStderr: (line) => leftovers.log(line) } : {},
      );
      const build = await runBridgedBuilder({
        component,
        configs,
        ...(prepared
          ? {
              prepared: {
                generatedVars: prepared.generatedData,
                warnings: prepared.warnings,
                ...(prepared.error !== undefined ? { error: prepared.error } : {}),
              },
            }
          : {}),
        // Only the plugin's own lines are read for what it creates, not the provisioners'.
        ui: leftovers ? leftovers.watch(ctx.ui) : ctx.ui,
        signal: ctx.signal,
        ...(options.timeouts ? { timeouts: options.timeouts } : {}),
        onPrepared: (prepared) => {
          for (const warning of prepared.warnings) ctx.ui.error(`Warning: ${warning}`);
        },
        provision: (communicator, data, signal) => provision.run(communicator, data, { ...ctx, signal }),
        // The engine's cleanup runs the error-cleanup-provisioner over the communicator provisioning
        // had (the hook keeps its stream open for that), once a step failed — which is why the
        // plugin called it.
        cleanupProvision: (_communicator, _data, signal) =>
          provision.cleanup({ ...ctx, signal, ui: withoutCleanupNotice(ctx.ui), outcome: 'failed' }),
      }).catch((err: unknown) => {
        leftovers?.settle(err, ctx.build.onError);
        throw err;
      });
      leftovers?.settle(undefined, ctx.build.onError);
      if (options.retain) options.retain(build.close);
      else {
        const { artifact } = build;
        await build.close();
        if (!artifact) return undefined;
        // The values are read; Destroy would need the plugin, which is gone.
        return {
          builderId: artifact.builderId,
          id: artifact.id,
          files: artifact.files,
          description: artifact.description,
          state: artifact.state,
          destroy: () =>
            Promise.reject(
              new Error(
                `${component.label} plugin is closed: its artifact ${artifact.id} cannot be destroyed`,
              ),
            ),
        };
      }
      return build.artifact;
    },
  };
}

/** The build's UI without the one line the plugin has already said. */
function withoutCleanupNotice(ui: BuildUI): BuildUI {
  let skipped = false;
  return uiWith(ui, {
    say(text) {
      if (!skipped && text === CLEANUP_NOTICE) {
        skipped = true;
        return;
      }
      ui.say(text);
    },
  });
}
