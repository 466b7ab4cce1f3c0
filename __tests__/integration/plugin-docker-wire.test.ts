import * as fs from 'fs';
import * as path from 'path';

import { describePlugin } from '../../src/plugins/describe';
import { startPlugin } from '../../src/plugins/process';
import { connectPlugin } from '../../src/plugins/rpc';
import {
  FAKE_DOCKER,
  FAKE_DOCKER_SCRIPT,
  dockerBuilderSession,
  expectDockerBuilderAnswers,
} from '../plugins/docker-builder-session';
import { DOCKER_WIRE_FIXTURE, type WireFixture } from '../plugins/wire-fixture';
import { type WireChunk, describeWithPlugin, tap } from '../support/plugins';
import { tempDir } from '../support/temp';

/**
 * The plugin bridge's wire layers against the real packer-plugin-docker v1.1.2 (packer-plugin-sdk
 * 0.6.2), built from its Go module by test-env/build-plugins.sh: describe, the start handshake,
 * yamux, the mux broker, net/rpc with msgpack, the protobuf spec and cty JSON configs. With
 * KILN_RECORD_PLUGIN_FIXTURES=1 it also records the exchange as the fixture the replay test
 * (__tests__/plugins/wire-replay.test.ts) checks Kiln's bytes against.
 */

jest.setTimeout(60_000);

const DEFAULT_NAME = '-packer-default-plugin-name-';

describeWithPlugin('the real docker plugin v1.1.2 through the bridge', 'docker', 'v1.1.2', (binary) => {
  let describeOutput = '';

  it('describes itself: protocol v2, SDK 0.6.2, its builder and post-processors', async () => {
    const d = await describePlugin(binary);
    expect(d).toEqual({
      version: '1.1.2-dev',
      sdkVersion: '0.6.2-dev',
      apiVersion: 'x5.0',
      builders: [DEFAULT_NAME],
      provisioners: [],
      postProcessors: ['import', 'push', 'save', 'tag'],
      datasources: [],
      protocolVersion: 'v2',
    });
    const { execFileSync } = await import('child_process');
    describeOutput = execFileSync(binary, ['describe'], { encoding: 'utf8' });
  });

  it('starts its builder; ConfigSpec, Prepare and Run (calling Ui back) over yamux and net/rpc', async () => {
    const bin = tempDir('kiln-fake-docker-');
    fs.writeFileSync(path.join(bin, FAKE_DOCKER), FAKE_DOCKER_SCRIPT, { mode: 0o755 });
    const stderr: string[] = [];
    const proc = await startPlugin({
      binary,
      kind: 'builder',
      name: DEFAULT_NAME,
      label: 'docker',
      onStderr: (line) => stderr.push(line),
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` },
    });
    expect(proc.handshake).toMatchObject({ apiMajor: '5', apiMinor: '0', network: 'unix' });
    const wire: WireChunk[] = [];
    const conn = await connectPlugin(tap(proc.socket, wire));
    let recorded: WireChunk[];
    try {
      expectDockerBuilderAnswers(await dockerBuilderSession(conn));
      expect(await conn.session.ping()).toBeLessThan(1000);
      recorded = wire.slice();
    } finally {
      conn.close();
      await proc.close();
    }
    // The plugin ends by itself once its connection is gone (no kill needed), and has logged.
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(stderr.join('\n')).toMatch(/Serving a plugin connection/);

    if (process.env.KILN_RECORD_PLUGIN_FIXTURES === '1') {
      // The ping is timing, not protocol: the replay stops before it.
      const fixture: WireFixture = {
        plugin: 'github.com/hashicorp/packer-plugin-docker v1.1.2 (packer-plugin-sdk v0.6.2)',
        describe: describeOutput,
        handshake: `${proc.handshake.apiMajor}|${proc.handshake.apiMinor}|unix|${proc.handshake.address}\n`,
        wire: withoutPing(recorded),
      };
      fs.writeFileSync(DOCKER_WIRE_FIXTURE, JSON.stringify(fixture, null, 1) + '\n');
    }
  });
});

/** The chunks before Kiln's ping frame (type 2 with SYN), which the replay does not re-enact. */
function withoutPing(chunks: WireChunk[]): WireChunk[] {
  const ping = chunks.findIndex((c) => c.dir === 'out' && c.hex.startsWith('00020001'));
  return ping < 0 ? chunks : chunks.slice(0, ping);
}
