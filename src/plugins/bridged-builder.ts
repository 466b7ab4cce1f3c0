import { CancelledError } from '../engine/abort';
import type { BuildUI } from '../engine/types';
import type { PluginArtifact } from './clients/artifact';
import { BuilderClient, type PrepareResult } from './clients/builder';
import type { RunningComponent } from './launch';
import { type BridgeTimeouts, type PluginWaits, pluginWaits } from './plugin-call';
import { RpcServer } from './rpc';
import { HOOK_CLEANUP_PROVISION, HOOK_PROVISION, type HookHandler, hookService } from './services/hook';
import { type UiServiceOptions, registerUi } from './services/ui';

/**
 * One build of a plugin's builder, as Packer core runs it (packer/build.go, rpc.builder): Prepare
 * with the configs, then Run with Kiln serving Ui and Hook on a brokered stream; the plugin calls
 * Hook.Run("packer_provision") once its machine is up, Kiln's provisioners run through the
 * plugin's communicator, and the plugin returns its artifact's broker id.
 *
 * What Packer core leaves to chance is made explicit here:
 * - the build's AbortSignal becomes Builder.Cancel, sent only once the plugin is inside Run (the
 *   SDK's BuilderServer.Cancel calls a cancel function Run creates: a Cancel that overtakes Run
 *   crashes the plugin), then the plugin's Run returns after its own cleanup and is reaped;
 * - a plugin that dies fails the call with its exit status and last log lines (launch.ts);
 * - a plugin that hangs — stops answering yamux pings while running, or does not return from a
 *   cancelled Run in time — is killed, and the error names it.
 */

export { type BridgeTimeouts, PluginHangError } from './plugin-call';

export class PluginPrepareError extends Error {
  override readonly name = 'PluginPrepareError';
}

export interface BridgedBuilderOptions {
  readonly component: RunningComponent;
  /** Builder.Prepare's configs (the core variables and the user's cty value, in Packer's order). */
  readonly configs: readonly unknown[];
  readonly ui: BuildUI;
  readonly signal: AbortSignal;
  /** Runs the build's provisioners over the plugin's communicator (the builder's packer_provision). */
  readonly provision: HookHandler;
  /** The error-cleanup-provisioner, when provisioning or a later step failed. */
  readonly cleanupProvision?: HookHandler;
  readonly uiOptions?: Omit<UiServiceOptions, 'signal'>;
  readonly timeouts?: BridgeTimeouts;
  /** Hears Prepare's answer (its warnings) before Run starts. */
  readonly onPrepared?: (result: PrepareResult) => void;
  /**
   * The answer of the Prepare this process already gave (Packer's HCL2 builds are prepared once,
   * when the template is read): Run follows without a second Prepare, and onPrepared is not called.
   */
  readonly prepared?: PrepareResult;
}

export interface BridgedBuild {
  readonly prepare: PrepareResult;
  /** The plugin's artifact, read; absent when the builder produced none. */
  readonly artifact?: PluginArtifact;
  /** Closes the plugin (the artifact's Destroy needs it until then); resolves once it is reaped. */
  close(): Promise<void>;
}

/**
 * Prepares and runs the builder. Resolves with its artifact, the plugin still running (the caller
 * closes it once the artifact is no longer needed); on any failure or cancellation the plugin is
 * closed and reaped before the error is thrown — CancelledError when the build was cancelled.
 */
export async function runBridgedBuilder(options: BridgedBuilderOptions): Promise<BridgedBuild> {
  const { component, signal } = options;
  const builder = new BuilderClient(component);
  const close = (): Promise<void> => component.close();
  const waits = pluginWaits(component, signal, options.timeouts);
  try {
    if (signal.aborted) throw new CancelledError();
    let prepare = options.prepared;
    if (!prepare) {
      prepare = await waits.guard(builder.prepare(options.configs));
      if (prepare.error !== undefined) throw new PluginPrepareError(prepare.error);
      options.onPrepared?.(prepare);
    } else if (prepare.error !== undefined) throw new PluginPrepareError(prepare.error);
    const artifactId = await run(options, builder, waits);
    const artifact = artifactId === 0 ? undefined : await waits.guard(builder.artifact(artifactId));
    return { prepare, ...(artifact ? { artifact } : {}), close };
  } catch (err) {
    await close();
    throw err;
  } finally {
    waits.stop();
  }
}

async function run(
  options: BridgedBuilderOptions,
  builder: BuilderClient,
  waits: PluginWaits,
): Promise<number> {
  const { component, signal } = options;
  const { broker } = component.connection;
  const server = new RpcServer();
  registerUi(server, options.ui, { ...options.uiOptions, signal });
  const hooks = hookService(
    broker,
    {
      [HOOK_PROVISION]: options.provision,
      ...(options.cleanupProvision ? { [HOOK_CLEANUP_PROVISION]: options.cleanupProvision } : {}),
    },
    signal,
  );
  server.register('Hook', hooks.service);
  const id = broker.nextId();
  const accepted = broker.accept(id);
  accepted.then((stream) => server.serve(stream)).catch(() => undefined);
  try {
    // The plugin dials Kiln's Ui first thing in Run: once it has, Run can be cancelled.
    return await waits.longCall({ call: builder.run(id), entered: accepted, cancel: () => builder.cancel() });
  } finally {
    hooks.dispose();
  }
}
