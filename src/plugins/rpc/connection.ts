import type { Duplex } from 'node:stream';

import { YamuxSession } from '../yamux';
import { MuxBroker } from './broker';
import { RpcClient } from './client';
import type { RpcServer } from './server';

/**
 * Kiln's end of one plugin connection, as Packer core's rpc.NewClient: a yamux client session on
 * the plugin's socket, the broker running, and the RPC client on stream 0, where the plugin serves
 * the component it was started for (Builder, Provisioner, PostProcessor or Datasource).
 */
export interface PluginConnection {
  readonly session: YamuxSession;
  readonly broker: MuxBroker;
  /** Calls to the component: `Builder.ConfigSpec`, `Builder.Prepare`, … */
  readonly client: RpcClient;
  /**
   * Serves `server` on a fresh broker id and returns the id to pass to the plugin (Builder.Run's
   * argument, for the Ui and Hook it calls back); serving ends when the plugin closes the stream.
   */
  serve(server: RpcServer): { readonly id: number; readonly done: Promise<void> };
  /** Go-away and close the socket; calls in flight fail with a shutdown error. */
  close(): void;
}

export async function connectPlugin(socket: Duplex): Promise<PluginConnection> {
  const session = new YamuxSession(socket, { role: 'client' });
  const broker = new MuxBroker(session);
  broker.run();
  let client: RpcClient;
  try {
    client = new RpcClient(await broker.dial(0));
  } catch (err) {
    session.close();
    throw err;
  }
  return {
    session,
    broker,
    client,
    serve(server) {
      const id = broker.nextId();
      const done = broker.accept(id).then((stream) => server.serve(stream));
      return { id, done };
    },
    close() {
      client.close();
      session.close();
    },
  };
}
