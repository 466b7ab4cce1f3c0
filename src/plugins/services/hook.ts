import type { GeneratedData } from '../../engine/types';
import { PluginCommunicator } from '../clients/communicator';
import { isRecord, text } from '../clients/values';
import { type MuxBroker, RpcClient, type RpcService } from '../rpc';

/**
 * Kiln's Hook served to a plugin builder: packer-plugin-sdk's rpc.HookServer, Kiln's side. The
 * builder's StepProvision calls Hook.Run("packer_provision", data, …) once its machine is
 * reachable, having served its communicator (and a Ui) on a broker id it passes along; Kiln dials
 * it and runs the build's own provisioners through a PluginCommunicator. After a failure the step's
 * cleanup calls Hook.Run("packer_cleanup_provision", …) in the same way. Hook.Cancel — what the
 * plugin sends when its Run is cancelled — aborts what the handlers were given.
 */

/** packersdk.HookProvision and HookCleanupProvision. */
export const HOOK_PROVISION = 'packer_provision';
export const HOOK_CLEANUP_PROVISION = 'packer_cleanup_provision';

/** What a hook runs: the plugin's communicator, the builder's `build.*` values, a cancel signal. */
export type HookHandler = (
  communicator: PluginCommunicator,
  data: GeneratedData,
  signal: AbortSignal,
) => Promise<void>;

export interface HookService {
  readonly service: RpcService;
  /** Aborted by Hook.Cancel (or dispose). */
  readonly signal: AbortSignal;
  /**
   * Closes the streams to the plugin's communicators. They stay open after their Hook.Run so that a
   * cleanup provisioner can still use the communicator provisioning had (the engine keeps it);
   * the plugin serves them until Kiln closes them.
   */
  dispose(): void;
}

/**
 * Handlers by hook name; a name without one succeeds doing nothing, as Packer's DispatchHook.
 * `signal` (the build's) aborts the handlers too.
 */
export function hookService(
  broker: MuxBroker,
  handlers: Readonly<Partial<Record<string, HookHandler>>>,
  signal?: AbortSignal,
): HookService {
  const cancelled = new AbortController();
  const handlerSignal = signal ? AbortSignal.any([signal, cancelled.signal]) : cancelled.signal;
  const clients: RpcClient[] = [];
  const service: RpcService = {
    async Run(arg) {
      const a = isRecord(arg) ? arg : {};
      const name = text(a.Name);
      const client = new RpcClient(await broker.dial(Number(a.StreamId ?? 0)));
      clients.push(client);
      const handler = handlers[name];
      if (!handler) return null;
      const data = hookData(a.Data);
      await handler(new PluginCommunicator(client, broker, data.ConnType || 'plugin'), data, handlerSignal);
      return null;
    },
    Cancel() {
      cancelled.abort();
      return null;
    },
  };
  return {
    service,
    signal: handlerSignal,
    dispose() {
      cancelled.abort();
      for (const c of clients.splice(0)) c.close();
    },
  };
}

/**
 * The hook data (commonsteps.PopulateProvisionHookData's map) as Kiln's GeneratedData: strings as
 * they are, numbers and booleans as Go's %v prints them (Port, SSHAgentAuth), nil as empty.
 */
export function hookData(data: unknown): GeneratedData {
  if (!isRecord(data)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) {
    out[key] =
      typeof value === 'string' || value instanceof Uint8Array || value === null || value === undefined
        ? text(value)
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  }
  return out;
}
