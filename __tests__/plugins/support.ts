import * as net from 'node:net';
import type { Readable } from 'node:stream';

/** Two connected loopback sockets: the wire between Kiln and a (fake) plugin. */
export async function socketPair(): Promise<[net.Socket, net.Socket, () => void]> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', resolve));
  const peer = await accepted;
  const close = (): void => {
    client.destroy();
    peer.destroy();
    server.close();
  };
  return [client, peer, close];
}

/** Exactly `n` bytes from a readable (fails if it ends first). */
export function readBytes(stream: Readable, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let have = 0;
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      have += chunk.length;
      if (have < n) return;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.pause();
      const all = Buffer.concat(chunks);
      if (all.length > n) stream.unshift(all.subarray(n));
      resolve(all.subarray(0, n));
    };
    const onEnd = (): void => reject(new Error(`ended after ${have} of ${n} bytes`));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.resume();
  });
}

/** Everything a readable gives until it ends. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A frame header as hex, for byte-exact expectations: version type flags id length. */
export const hdr = (type: number, flags: number, id: number, length: number): string =>
  Buffer.from([
    0,
    type,
    flags >> 8,
    flags & 0xff,
    (id >>> 24) & 0xff,
    (id >>> 16) & 0xff,
    (id >>> 8) & 0xff,
    id & 0xff,
    (length >>> 24) & 0xff,
    (length >>> 16) & 0xff,
    (length >>> 8) & 0xff,
    length & 0xff,
  ]).toString('hex');
