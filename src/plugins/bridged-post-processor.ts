import type { DecodedConfig } from '../schema/types';
import type { Artifact, PostProcessorResult, PostProcessorRuntime, StepContext } from '../engine/types';
import { readArtifact } from './clients/artifact';
import { goError, isRecord } from './clients/values';
import type { RunningComponent } from './launch';
import { type BridgeTimeouts, pluginWaits } from './plugin-call';
import { RpcClient, RpcServer, RpcServerError } from './rpc';
import { artifactService } from './services/artifact';
import { registerUi } from './services/ui';

/**
 * A plugin's post-processor as one of the engine's PostProcessorRuntimes, as Packer core runs one
 * (hcl2template's HCL2PostProcessor over the SDK's rpc.postProcessor): each run starts the plugin,
 * Configures it with the configuration decoded again with the input artifact's generated data,
 * then calls PostProcess with Kiln serving the Ui and the input artifact (native, or another
 * plugin's) on a brokered stream. The plugin answers its own error, its keep and force-override
 * wishes, and the broker id of the artifact it returns (0 for none: the engine halts the chain).
 *
 * The artifact lives in the plugin (its Destroy runs there), so the plugin stays running after
 * PostProcess: it is handed to `retain`, whose owner closes it once the run is over. Ctrl-C
 * becomes PostProcessor.Cancel once the plugin is inside PostProcess.
 */

export interface BridgedPostProcessorRuntimeOptions {
  /** The post-processor's type in templates. */
  readonly type: string;
  launch(ctx: StepContext): Promise<RunningComponent>;
  /** PostProcessor.Configure's configs, in the order Packer core passes them. */
  configs(config: DecodedConfig, ctx: StepContext): readonly unknown[];
  /** Takes over a plugin whose artifact is still in use; its owner closes it at the end of the run. */
  retain(close: () => Promise<void>): void;
  readonly timeouts?: BridgeTimeouts;
}

export function bridgedPostProcessorRuntime(
  options: BridgedPostProcessorRuntimeOptions,
): PostProcessorRuntime {
  return {
    type: options.type,
    async postProcess(config, input, ctx): Promise<PostProcessorResult> {
      const configs = options.configs(config, ctx);
      const component = await options.launch(ctx);
      const waits = pluginWaits(component, ctx.signal, options.timeouts);
      let retained = false;
      try {
        await waits.guard(component.call('PostProcessor.Configure', { Configs: [...configs] }));
        const { broker } = component.connection;
        const server = new RpcServer();
        registerUi(server, ctx.ui, { signal: ctx.signal });
        server.register('Artifact', artifactService(input));
        const id = broker.nextId();
        const accepted = broker.accept(id);
        accepted.then((stream) => server.serve(stream)).catch(() => undefined);
        const reply = await waits.longCall({
          call: component.call('PostProcessor.PostProcess', id),
          entered: accepted,
          cancel: () => component.call('PostProcessor.Cancel', null),
        });
        const r = isRecord(reply) ? reply : {};
        const error = goError(r.Err);
        if (error !== undefined) throw new RpcServerError('PostProcessor.PostProcess', error);
        const keepInput = r.Keep === true;
        const forceOverride = r.ForceOverride === true;
        const streamId = Number(r.StreamId ?? 0);
        if (!streamId) return { keepInput, forceOverride };
        const artifact: Artifact = await waits.guard(
          broker.dial(streamId).then((stream) => readArtifact(new RpcClient(stream))),
        );
        options.retain(() => component.close());
        retained = true;
        return { artifact, keepInput, forceOverride };
      } finally {
        waits.stop();
        if (!retained) await component.close();
      }
    },
  };
}
