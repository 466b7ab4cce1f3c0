import { type PluginProcess, type StartOptions, startPlugin } from './process';
import { type PluginConnection, RpcServerError, connectPlugin } from './rpc';

/**
 * One component of a plugin binary, running: its process and the RPC connection to it, as Packer
 * core gets one from PluginClient.Client(). A call that dies with the connection is reported as
 * the plugin's death when the process is gone, naming it with its exit status and last output —
 * "connection is shut down" alone would not tell the user which plugin failed, or how.
 */
export interface RunningComponent {
  readonly label: string;
  readonly process: PluginProcess;
  readonly connection: PluginConnection;
  /** `Builder.ConfigSpec`, `Builder.Prepare`, …: the reply body as msgpack decoded it. */
  call(serviceMethod: string, args: unknown): Promise<unknown>;
  /** Ends the connection, then the process (killed if it lingers); resolves once it is reaped. */
  close(): Promise<void>;
}

export class PluginCrashError extends Error {
  override readonly name = 'PluginCrashError';
}

/** How long a broken connection waits for the process's exit before it is reported as it is. */
const EXIT_GRACE_MS = 1000;

export async function launchComponent(options: StartOptions): Promise<RunningComponent> {
  const proc = await startPlugin(options);
  let connection: PluginConnection;
  try {
    connection = await connectPlugin(proc.socket);
  } catch (err) {
    await proc.close(0);
    throw await explain(options.label, proc, err, false);
  }
  let closing = false;
  return {
    label: options.label,
    process: proc,
    connection,
    async call(serviceMethod, args) {
      try {
        return await connection.client.call(serviceMethod, args);
      } catch (err) {
        throw await explain(options.label, proc, err, closing);
      }
    },
    async close() {
      closing = true;
      connection.close();
      await proc.close();
    },
  };
}

/** A failure of the connection while the process died is the process's death. */
async function explain(label: string, proc: PluginProcess, err: unknown, closing: boolean): Promise<unknown> {
  // The plugin answered: whatever it said, it is alive.
  if (closing || err instanceof RpcServerError) return err;
  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([
    proc.exited,
    new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), EXIT_GRACE_MS))),
  ]);
  clearTimeout(timer);
  if (!exit) return err;
  const status = exit.signal ? `killed by ${exit.signal}` : `exit status ${String(exit.code)}`;
  const tail = proc.stderrTail();
  return new PluginCrashError(
    `${label} plugin exited unexpectedly (${status})` + (tail ? `\nPlugin output:\n${tail}` : ''),
    { cause: err },
  );
}
