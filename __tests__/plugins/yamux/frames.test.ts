import type * as net from 'node:net';

import {
  FrameReader,
  FrameType,
  INITIAL_WINDOW,
  YamuxProtocolError,
  YamuxSession,
} from '../../../src/plugins/yamux';
import { encodeData, encodeHeader } from '../../../src/plugins/yamux/frame';
import { hdr, readBytes, socketPair } from '../support';

/**
 * Kiln's yamux client against a raw peer that writes the frames hashicorp/yamux (the plugin's
 * server side) would write, byte for byte, and checks the bytes Kiln answers with.
 */

const SYN = 1;
const ACK = 2;
const FIN = 4;
const RST = 8;
const { Data, WindowUpdate, Ping, GoAway } = FrameType;

describe('yamux frame codec', () => {
  it('encodes headers big-endian, 12 bytes', () => {
    expect(encodeHeader(WindowUpdate, SYN | FIN, 0x01020304, 0x0a0b0c0d).toString('hex')).toBe(
      '0001' + '0005' + '01020304' + '0a0b0c0d',
    );
    expect(encodeData(0, 3, Buffer.from('hi')).toString('hex')).toBe(hdr(Data, 0, 3, 2) + '6869');
  });

  it('cuts frames out of arbitrary chunks', () => {
    const wire = Buffer.concat([
      encodeData(ACK, 1, Buffer.from('hello')),
      encodeHeader(Ping, SYN, 0, 42),
      encodeData(0, 1, Buffer.alloc(0)),
    ]);
    const reader = new FrameReader();
    const frames = [];
    for (let i = 0; i < wire.length; i += 5) frames.push(...reader.push(wire.subarray(i, i + 5)));
    expect(frames.map((f) => [f.type, f.flags, f.streamId, f.length, f.payload?.toString()])).toEqual([
      [Data, ACK, 1, 5, 'hello'],
      [Ping, SYN, 0, 42, undefined],
      [Data, 0, 1, 0, ''],
    ]);
  });

  it('refuses an unknown version or type', () => {
    expect(() => new FrameReader().push(Buffer.from(hdr(0, 0, 1, 0).replace(/^00/, '01'), 'hex'))).toThrow(
      YamuxProtocolError,
    );
    expect(() => new FrameReader().push(Buffer.from(hdr(4, 0, 0, 0), 'hex'))).toThrow(
      'invalid message type 4',
    );
  });
});

jest.setTimeout(5000);

describe('yamux client session, frame by frame', () => {
  let kiln: net.Socket;
  let peer: net.Socket;
  let close: () => void;
  let session: YamuxSession;

  beforeEach(async () => {
    [kiln, peer, close] = await socketPair();
    session = new YamuxSession(kiln, { role: 'client' });
  });
  afterEach(() => {
    session.close();
    close();
  });

  const expectWire = async (hex: string): Promise<void> =>
    expect((await readBytes(peer, hex.length / 2)).toString('hex')).toBe(hex);
  const sendRaw = (hex: string): boolean => peer.write(Buffer.from(hex, 'hex'));

  it('opens odd stream ids with SYN on a window update, then sends data and FIN', async () => {
    const s1 = session.openStream();
    const s3 = session.openStream();
    expect([s1.id, s3.id]).toEqual([1, 3]);
    await expectWire(hdr(WindowUpdate, SYN, 1, 0) + hdr(WindowUpdate, SYN, 3, 0));
    s1.write('ping');
    await expectWire(hdr(Data, 0, 1, 4) + Buffer.from('ping').toString('hex'));
    sendRaw(hdr(WindowUpdate, ACK, 1, 0) + hdr(Data, 0, 1, 4) + Buffer.from('pong').toString('hex'));
    expect((await readBytes(s1, 4)).toString()).toBe('pong');
    s1.end();
    await expectWire(hdr(WindowUpdate, FIN, 1, 0));
    sendRaw(hdr(WindowUpdate, FIN, 1, 0));
    s1.resume();
    await new Promise((r) => s1.once('close', r));
    expect(session.streamCount).toBe(1);
  });

  it("accepts the peer's streams with ACK", async () => {
    sendRaw(hdr(WindowUpdate, SYN, 2, 0) + hdr(Data, 0, 2, 3) + Buffer.from('abc').toString('hex'));
    const s2 = await session.accept();
    expect(s2.id).toBe(2);
    await expectWire(hdr(WindowUpdate, ACK, 2, 0));
    expect((await readBytes(s2, 3)).toString()).toBe('abc');
  });

  it('answers pings with the same opaque value, and measures its own', async () => {
    sendRaw(hdr(Ping, SYN, 0, 0xdeadbeef));
    await expectWire(hdr(Ping, ACK, 0, 0xdeadbeef));
    const rtt = session.ping();
    await expectWire(hdr(Ping, SYN, 0, 0));
    sendRaw(hdr(Ping, ACK, 0, 0));
    expect(await rtt).toBeGreaterThanOrEqual(0);
  });

  it('never sends more than the window, and resumes on a window update', async () => {
    const s = session.openStream();
    await expectWire(hdr(WindowUpdate, SYN, 1, 0));
    const big = Buffer.alloc(INITIAL_WINDOW + 10, 7);
    let written = false;
    s.write(big, () => (written = true));
    await expectWire(hdr(Data, 0, 1, INITIAL_WINDOW) + big.subarray(0, INITIAL_WINDOW).toString('hex'));
    await new Promise((r) => setTimeout(r, 50));
    expect(written).toBe(false);
    sendRaw(hdr(WindowUpdate, ACK, 1, 4));
    await expectWire(hdr(Data, 0, 1, 4) + '07070707');
    sendRaw(hdr(WindowUpdate, 0, 1, 100));
    await expectWire(hdr(Data, 0, 1, 6) + '070707070707');
    await new Promise((r) => setImmediate(r));
    expect(written).toBe(true);
  });

  it('grants window back only once the reader has taken half of it', async () => {
    sendRaw(hdr(WindowUpdate, SYN, 2, 0));
    const s = await session.accept();
    await expectWire(hdr(WindowUpdate, ACK, 2, 0));
    s.pause();
    const half = INITIAL_WINDOW / 2;
    sendRaw(hdr(Data, 0, 2, half) + Buffer.alloc(half, 1).toString('hex'));
    await new Promise((r) => setTimeout(r, 50));
    // Nothing was consumed: no window update may go out.
    expect(peer.readableLength).toBe(0);
    await readBytes(s, half);
    await expectWire(hdr(WindowUpdate, 0, 2, half));
  });

  it('goes away with a protocol error when the peer overruns the window', async () => {
    sendRaw(hdr(WindowUpdate, SYN, 2, 0));
    const s = await session.accept();
    s.on('error', () => undefined);
    await expectWire(hdr(WindowUpdate, ACK, 2, 0));
    s.pause();
    const over = INITIAL_WINDOW + 1;
    sendRaw(hdr(Data, 0, 2, over) + Buffer.alloc(over).toString('hex'));
    await expectWire(hdr(GoAway, 0, 0, 1));
    const why = await new Promise<Error>((r) => session.onClose(r));
    expect(why.message).toContain('receive window exceeded');
  });

  it('resets a stream destroyed early, and fails a stream the peer resets', async () => {
    const s1 = session.openStream();
    const s3 = session.openStream();
    await expectWire(hdr(WindowUpdate, SYN, 1, 0) + hdr(WindowUpdate, SYN, 3, 0));
    s1.destroy();
    await expectWire(hdr(WindowUpdate, RST, 1, 0));
    const failed = new Promise<Error>((r) => s3.once('error', r));
    sendRaw(hdr(WindowUpdate, RST, 3, 0));
    expect((await failed).message).toBe('yamux: stream 3: connection reset');
    expect(session.streamCount).toBe(0);
  });

  it('refuses new streams after a normal go-away, and closes with one', async () => {
    sendRaw(hdr(GoAway, 0, 0, 0));
    await new Promise((r) => setTimeout(r, 20));
    expect(() => session.openStream()).toThrow('remote end is not accepting connections');
    session.close();
    await expectWire(hdr(GoAway, 0, 0, 0));
  });
});
