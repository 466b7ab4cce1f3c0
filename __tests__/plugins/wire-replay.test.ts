import * as fs from 'node:fs';

import { parseDescription } from '../../src/plugins/describe';
import { parseHandshake } from '../../src/plugins/handshake';
import { connectPlugin } from '../../src/plugins/rpc';
import { FrameReader, FrameType } from '../../src/plugins/yamux';
import { dockerBuilderSession, expectDockerBuilderAnswers } from './docker-builder-session';
import { socketPair } from './support';
import { DOCKER_WIRE_FIXTURE, type WireFixture, replayPlugin, sentBy } from './wire-fixture';

/**
 * Kiln against a recording of the real packer-plugin-docker v1.1.2 (made by
 * __tests__/integration/plugin-docker-wire.test.ts with KILN_RECORD_PLUGIN_FIXTURES=1): without
 * building any plugin, Kiln must send the very bytes the real plugin accepted, and read its
 * recorded answers the same way. A change in framing, ids, window accounting, the msgpack codec or
 * the broker's ack shows here as a byte difference.
 */

jest.setTimeout(10_000);

const fixture = JSON.parse(fs.readFileSync(DOCKER_WIRE_FIXTURE, 'utf8')) as WireFixture;

describe('wire replay of the real docker plugin', () => {
  it('reads its recorded describe output and handshake line', () => {
    expect(parseDescription(fixture.describe, 'packer-plugin-docker')).toMatchObject({
      version: '1.1.2-dev',
      protocolVersion: 'v2',
    });
    expect(parseHandshake(fixture.handshake)).toMatchObject({
      apiMajor: '5',
      apiMinor: '0',
      network: 'unix',
    });
  });

  it('sends, byte for byte, what the real plugin accepted, and reads its answers', async () => {
    const [kiln, peer, close] = await socketPair();
    try {
      const replaying = replayPlugin(peer, fixture.wire);
      const conn = await connectPlugin(kiln);
      const running = dockerBuilderSession(conn);
      running.catch(() => undefined); // a replay that stopped short fails below, on the bytes
      // The replay ends (at its deadline, if Kiln said something else): compare before waiting on calls.
      const sent = await replaying;
      expect(sent.toString('hex')).toBe(sentBy(fixture.wire, 'out').toString('hex'));
      expectDockerBuilderAnswers(await running);
      conn.close();
    } finally {
      close();
    }
  });

  it('shows the protocol as Go wrote it: stream 1 acknowledged, the broker ack, then RPC replies', () => {
    const frames = new FrameReader().push(sentBy(fixture.wire, 'in'));
    expect(frames[0]).toMatchObject({ type: FrameType.WindowUpdate, flags: 2, streamId: 1, length: 0 });
    expect(frames[1]).toMatchObject({ type: FrameType.Data, streamId: 1, length: 4 });
    expect(frames[1].payload?.toString('hex')).toBe('00000000');
    const out = new FrameReader().push(sentBy(fixture.wire, 'out'));
    expect(out[0]).toMatchObject({ type: FrameType.WindowUpdate, flags: 1, streamId: 1, length: 0 });
    expect(out[1].payload?.toString('hex')).toBe('00000000');
  });
});
