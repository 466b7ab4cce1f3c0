import type { DecodedConfig } from '../schema/types';
import type { GeneratedData, ProvisionContext, ProvisionerRuntime, StepContext } from '../engine/types';
import type { RunningComponent } from './launch';
import { type BridgeTimeouts, pluginWaits } from './plugin-call';
import { RpcServer } from './rpc';
import { communicatorService } from './services/communicator';
import { registerUi } from './services/ui';

/**
 * A plugin's provisioner as one of the engine's ProvisionerRuntimes, as Packer core runs one
 * (hcl2template's HCL2Provisioner over the SDK's rpc.provisioner): each run starts the plugin,
 * Prepares it again with the configuration the engine decoded anew with the build's generated
 * data (HCL2Prepare), then calls Provision with Kiln serving the build's Ui and Communicator (SSH,
 * docker, or a plugin builder's) on a brokered stream. Ctrl-C becomes Provisioner.Cancel once the
 * plugin is inside Provision; the plugin is reaped however the run ends, and what it was doing
 * over the communicator is aborted with it.
 */

export interface BridgedProvisionerRuntimeOptions {
  /** The provisioner's type in templates. */
  readonly type: string;
  /** Starts the plugin's provisioner component (discovery's job: which binary, which name). */
  launch(ctx: StepContext): Promise<RunningComponent>;
  /**
   * Provisioner.Prepare's configs for this run: Packer core's variables and the configuration
   * (decoded again with the build's generated data), in the order Packer core passes them.
   */
  configs(config: DecodedConfig, ctx: ProvisionContext): readonly unknown[];
  readonly timeouts?: BridgeTimeouts;
}

/**
 * The generated data as Packer core's hook hands it over (commonsteps.PopulateProvisionHookData):
 * Kiln keeps every value as a string, the SDK has Port as an int and SSHAgentAuth as a bool.
 */
export function pluginGeneratedData(data: GeneratedData): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  if (data.Port !== undefined && /^\d+$/.test(data.Port)) out.Port = Number(data.Port);
  if (data.SSHAgentAuth === 'true' || data.SSHAgentAuth === 'false') {
    out.SSHAgentAuth = data.SSHAgentAuth === 'true';
  }
  return out;
}

export function bridgedProvisionerRuntime(options: BridgedProvisionerRuntimeOptions): ProvisionerRuntime {
  return {
    type: options.type,
    async provision(config, ctx) {
      const configs = options.configs(config, ctx);
      const component = await options.launch(ctx);
      // What the plugin does through Kiln's communicator ends with it, whatever ends it.
      const finished = new AbortController();
      const signal = AbortSignal.any([ctx.signal, finished.signal]);
      const waits = pluginWaits(component, ctx.signal, options.timeouts);
      try {
        await waits.guard(component.call('Provisioner.Prepare', { Configs: [...configs] }));
        const { broker } = component.connection;
        const server = new RpcServer();
        registerUi(server, ctx.ui, { signal });
        server.register(
          'Communicator',
          communicatorService(broker, ctx.communicator, { signal, onError: (m) => ctx.ui.error(m) }),
        );
        const id = broker.nextId();
        const accepted = broker.accept(id);
        accepted.then((stream) => server.serve(stream)).catch(() => undefined);
        await waits.longCall({
          call: component.call('Provisioner.Provision', {
            GeneratedData: pluginGeneratedData(ctx.generated),
            StreamID: id,
          }),
          entered: accepted,
          cancel: () => component.call('Provisioner.Cancel', null),
        });
      } finally {
        finished.abort();
        waits.stop();
        await component.close();
      }
    },
  };
}
