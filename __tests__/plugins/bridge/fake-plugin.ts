import type { RunningComponent } from '../../../src/plugins/launch';
import type { PluginProcess } from '../../../src/plugins/process';
import {
  MuxBroker,
  RpcClient,
  RpcServer,
  type PluginConnection,
  type RpcService,
  connectPlugin,
} from '../../../src/plugins/rpc';
import { YamuxSession } from '../../../src/plugins/yamux';
import { socketPair } from '../support';

/**
 * A plugin made of Kiln's own pieces in the server role, wired as packer-plugin-sdk's PluginServer
 * (yamux server, broker, its component on stream 0), and Kiln's side connected to it as to a real
 * plugin: for the bridge's codec-level tests.
 */
export interface FakePlugin {
  /** Kiln's end. */
  readonly conn: PluginConnection;
  /** The plugin's broker: it dials what Kiln serves and accepts what Kiln dials. */
  readonly broker: MuxBroker;
  /** Kiln's end as a running component (no process: close ends the connection). */
  readonly component: RunningComponent;
  /** Serves `services` on a fresh id of the plugin's broker, as the SDK's newServerWithMux + Serve. */
  serve(services: Record<string, RpcService>): number;
  /** An RPC client to what Kiln serves under `id` (the SDK's newClientWithMux). */
  dial(id: number): Promise<RpcClient>;
  close(): void;
}

export async function fakePlugin(
  component: (broker: MuxBroker) => Record<string, RpcService>,
): Promise<FakePlugin> {
  const [kilnSide, pluginSide, closeSockets] = await socketPair();
  const session = new YamuxSession(pluginSide, { role: 'server' });
  const broker = new MuxBroker(session);
  broker.run();
  const serveOn = (id: number, services: Record<string, RpcService>): void => {
    const server = new RpcServer();
    for (const [name, service] of Object.entries(services)) server.register(name, service);
    void broker.accept(id).then(
      (stream) => server.serve(stream),
      () => undefined,
    );
  };
  serveOn(0, component(broker));
  const conn = await connectPlugin(kilnSide);
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    conn.close();
    session.close();
    closeSockets();
  };
  const running: RunningComponent = {
    label: 'fake',
    process: { pid: -1 } as PluginProcess,
    connection: conn,
    call: (method, args) => conn.client.call(method, args),
    close: () => Promise.resolve(close()),
  };
  return {
    conn,
    broker,
    component: running,
    serve(services) {
      const id = broker.nextId();
      serveOn(id, services);
      return id;
    },
    dial: async (id) => new RpcClient(await broker.dial(id)),
    close,
  };
}
