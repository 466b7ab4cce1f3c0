import type * as net from 'node:net';

import { decodeMulti } from '@msgpack/msgpack';

import {
  MuxBroker,
  RpcClient,
  RpcServer,
  RpcServerError,
  RpcShutdownError,
  connectPlugin,
  encodeMessage,
  type PluginConnection,
  type RpcService,
} from '../../../src/plugins/rpc';
import { YamuxSession } from '../../../src/plugins/yamux';
import { socketPair } from '../support';

jest.setTimeout(10_000);

describe('net/rpc msgpack messages', () => {
  it('writes a request as ugorji GoRpc does: header map, then the body', () => {
    const bytes = encodeMessage({ ServiceMethod: 'Builder.ConfigSpec', Seq: 0 }, null);
    expect(bytes.toString('hex')).toBe(
      '82' + // map of 2, rpc.Request's exported fields in order
        'ad' +
        Buffer.from('ServiceMethod').toString('hex') +
        'b2' +
        Buffer.from('Builder.ConfigSpec').toString('hex') +
        'a3' +
        Buffer.from('Seq').toString('hex') +
        '00' +
        'c0', // new(interface{}) → nil
    );
  });

  it('keeps str and bin apart, as the handle with WriteExt does', () => {
    const bytes = encodeMessage({ ServiceMethod: 'X.Y', Seq: 200 }, { S: 'ab', B: Buffer.from('ab') });
    const [header, body] = [...decodeMulti(bytes)] as [unknown, Record<string, unknown>];
    expect(header).toEqual({ ServiceMethod: 'X.Y', Seq: 200 });
    expect(bytes.includes(Buffer.from('a3' + '536571' + 'ccc8', 'hex'))).toBe(true); // Seq: uint8 200
    expect(bytes.includes(Buffer.from('a2' + '6162', 'hex'))).toBe(true); // str
    expect(bytes.includes(Buffer.from('c402' + '6162', 'hex'))).toBe(true); // bin8
    expect(typeof body.S).toBe('string');
    expect(body.B).toBeInstanceOf(Uint8Array);
  });
});

/**
 * A plugin made of Kiln's own pieces in the server role, wired as packer-plugin-sdk's
 * PluginServer is: yamux server, broker, the component served on stream 0.
 */
async function fakePlugin(
  socket: net.Socket,
  services: (broker: MuxBroker) => Record<string, RpcService>,
): Promise<{ session: YamuxSession; broker: MuxBroker }> {
  const session = new YamuxSession(socket, { role: 'server' });
  const broker = new MuxBroker(session);
  broker.run();
  const server = new RpcServer();
  for (const [name, service] of Object.entries(services(broker))) server.register(name, service);
  void broker.accept(0).then((stream) => server.serve(stream));
  return { session, broker };
}

describe('RPC over yamux and the mux broker', () => {
  let close: () => void;
  let conn: PluginConnection;
  let plugin: { session: YamuxSession; broker: MuxBroker };
  const said: string[] = [];

  beforeEach(async () => {
    said.length = 0;
    const [kilnSide, pluginSide, c] = await socketPair();
    close = c;
    plugin = await fakePlugin(pluginSide, (broker) => ({
      Builder: {
        ConfigSpec: () => ({ ConfigSpec: Buffer.from([0x0a, 0x00]) }),
        Prepare: (args) => {
          const configs = (args as { Configs: unknown[] }).Configs;
          return {
            GeneratedVars: ['Generated'],
            Warnings: [],
            Error: configs.length ? null : { Err: 'no config' },
          };
        },
        Slow: () => new Promise((r) => setTimeout(() => r('slow'), 100)),
        Fast: () => 'fast',
        Fail: () => {
          throw new Error('Build was cancelled.');
        },
        // As the SDK's BuilderServer.Run: dial Kiln's Ui on the id it was given, talk, return.
        Run: async (streamId) => {
          const ui = new RpcClient(await broker.dial(streamId as number));
          await ui.call('Ui.Say', 'Creating a temporary directory for sharing data...');
          await ui.call('Ui.Message', 'Using docker');
          ui.close();
          return 0;
        },
      },
    }));
    conn = await connectPlugin(kilnSide);
  });
  afterEach(() => {
    conn.close();
    plugin.session.close();
    close();
  });

  it('calls the component on stream 0 and gets bytes back as bytes', async () => {
    const reply = (await conn.client.call('Builder.ConfigSpec', null)) as { ConfigSpec: Uint8Array };
    expect(reply.ConfigSpec).toBeInstanceOf(Uint8Array);
    expect([...reply.ConfigSpec]).toEqual([0x0a, 0x00]);
    expect(await conn.client.call('Builder.Prepare', { Configs: [{}] })).toEqual({
      GeneratedVars: ['Generated'],
      Warnings: [],
      Error: null,
    });
  });

  it('multiplexes calls by Seq: a fast reply overtakes a slow one', async () => {
    const order: string[] = [];
    await Promise.all([
      conn.client.call('Builder.Slow', null).then((r) => order.push(r as string)),
      conn.client.call('Builder.Fast', null).then((r) => order.push(r as string)),
    ]);
    expect(order).toEqual(['fast', 'slow']);
  });

  it("reports the plugin's errors and net/rpc's own, with their text", async () => {
    await expect(conn.client.call('Builder.Fail', null)).rejects.toEqual(
      new RpcServerError('Builder.Fail', 'Build was cancelled.'),
    );
    await expect(conn.client.call('Builder.Nope', null)).rejects.toThrow(
      "rpc: can't find method Builder.Nope",
    );
    await expect(conn.client.call('Provisioner.Prepare', null)).rejects.toThrow(
      "rpc: can't find service Provisioner.Prepare",
    );
    await expect(conn.client.call('NoDot', null)).rejects.toThrow(
      'rpc: service/method request ill-formed: NoDot',
    );
    // The stream is still in step after errors.
    expect(await conn.client.call('Builder.Fast', null)).toBe('fast');
  });

  it("serves Kiln's Ui on a brokered stream the plugin dials during Run", async () => {
    const ui = new RpcServer();
    ui.register('Ui', {
      Say: (m) => void said.push(`say: ${String(m)}`),
      Message: (m) => void said.push(`message: ${String(m)}`),
    });
    const served = conn.serve(ui);
    expect(served.id).toBe(1);
    expect(await conn.client.call('Builder.Run', served.id)).toBe(0);
    await served.done;
    expect(said).toEqual([
      'say: Creating a temporary directory for sharing data...',
      'message: Using docker',
    ]);
  });

  it('fails calls in flight when the connection drops', async () => {
    const slow = conn.client.call('Builder.Slow', null);
    close();
    await expect(slow).rejects.toBeInstanceOf(RpcShutdownError);
    await expect(conn.client.call('Builder.Fast', null)).rejects.toThrow(/connection is shut down/);
  });
});

describe('mux broker', () => {
  it('refuses a wrong ack, and gives up an accept after its timeout', async () => {
    const [a, b, close] = await socketPair();
    const kiln = new YamuxSession(a, { role: 'client' });
    const peer = new YamuxSession(b, { role: 'server' });
    try {
      void peer.accept().then((s) => {
        s.once('data', () => s.write(Buffer.from([9, 0, 0, 0])));
      });
      await expect(new MuxBroker(kiln).dial(7)).rejects.toThrow('bad ack: 9 (expected 7)');
      await expect(new MuxBroker(kiln, 50).accept(3)).rejects.toThrow('timeout waiting for accept');
    } finally {
      kiln.close();
      peer.close();
      close();
    }
  });

  it('hands a stream dialled before its accept to the later accept, with the ack', async () => {
    const [a, b, close] = await socketPair();
    const kiln = new MuxBroker(new YamuxSession(a, { role: 'client' }));
    const peerSession = new YamuxSession(b, { role: 'server' });
    const peer = new MuxBroker(peerSession);
    peer.run();
    try {
      const dialled = kiln.dial(5);
      await new Promise((r) => setTimeout(r, 30));
      const accepted = await peer.accept(5);
      const stream = await dialled;
      stream.end('after the ack');
      const chunks: Buffer[] = [];
      for await (const c of accepted) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).toString()).toBe('after the ack');
    } finally {
      peerSession.close();
      close();
    }
  });
});
