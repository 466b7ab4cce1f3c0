import * as fs from 'node:fs';
import * as path from 'node:path';

import { describePlugin, parseDescription } from '../../src/plugins/describe';
import { parseHandshake } from '../../src/plugins/handshake';
import { tempDir } from '../support/temp';

/** packer-plugin-docker v1.1.2's `describe`, as it printed it (its tag says 1.1.2-dev). */
const DOCKER_1_1_2 =
  '{"version":"1.1.2-dev","sdk_version":"0.6.2-dev","api_version":"x5.0","builders":["-packer-default-plugin-name-"],' +
  '"post_processors":["import","push","save","tag"],"provisioners":[],"datasources":[],"protocol_version":"v2"}\n';

describe('plugin describe', () => {
  it('reads what a v2 plugin says about itself', () => {
    expect(parseDescription(DOCKER_1_1_2, '/p/docker')).toEqual({
      version: '1.1.2-dev',
      sdkVersion: '0.6.2-dev',
      apiVersion: 'x5.0',
      builders: ['-packer-default-plugin-name-'],
      provisioners: [],
      postProcessors: ['import', 'push', 'save', 'tag'],
      datasources: [],
      protocolVersion: 'v2',
    });
  });

  it('refuses a plugin built before SDK v0.6.0, naming the release to move to when it is known', () => {
    const old = JSON.stringify({ ...JSON.parse(DOCKER_1_1_2), version: '1.0.10', sdk_version: '0.5.2' });
    const without = JSON.parse(old) as Record<string, unknown>;
    delete without.protocol_version;
    expect(() =>
      parseDescription(JSON.stringify(without), '/p/docker', 'github.com/hashicorp/docker'),
    ).toThrow(
      'plugin "/p/docker" version v1.0.10 (built with packer-plugin-sdk v0.5.2) reports no protocol_version; ' +
        'Kiln speaks only plugin protocol v2, which plugins built with packer-plugin-sdk v0.6.0 or later provide, ' +
        'and does not decode the older gob-encoded specs. Use github.com/hashicorp/docker v1.1.2 or later ' +
        '(version = ">= 1.1.2" in required_plugins).',
    );
    expect(() => parseDescription(old.replace('"v2"', '"v1"'), '/p/x')).toThrow(
      /reports protocol v1; .* Install a release of this plugin built with packer-plugin-sdk v0\.6\.0 or later/,
    );
  });

  it('refuses other API versions and malformed output, naming the executable', () => {
    expect(() => parseDescription(DOCKER_1_1_2.replace('x5.0', 'x6.0'), '/p/d')).toThrow(
      'binary /p/d requires protocol version x6.0 that is incompatible with this version of Kiln, which speaks x5.0.',
    );
    expect(() => parseDescription(DOCKER_1_1_2.replace('x5.0', 'x5.1'), '/p/d')).toThrow('x5.1');
    expect(() => parseDescription('Unknown command', '/p/d')).toThrow(
      /^failed to get plugin description from executable "\/p\/d": invalid JSON/,
    );
    expect(() => parseDescription('{"version":"1","builders":"docker"}', '/p/d')).toThrow(
      '"builders" is not a list of names',
    );
  });

  it('runs the binary, and reports one that fails with its stderr', async () => {
    const dir = tempDir('kiln-describe-');
    const good = path.join(dir, 'good');
    fs.writeFileSync(
      good,
      `#!/bin/sh\n[ "$1" = describe ] || exit 9\nprintf '%s' '${DOCKER_1_1_2.trim()}'\n`,
      {
        mode: 0o755,
      },
    );
    expect((await describePlugin(good)).postProcessors).toEqual(['import', 'push', 'save', 'tag']);
    const bad = path.join(dir, 'bad');
    fs.writeFileSync(bad, '#!/bin/sh\necho "Unknown command: describe" >&2\nexit 1\n', { mode: 0o755 });
    await expect(describePlugin(bad)).rejects.toThrow(
      new RegExp(
        `^failed to get plugin description from executable "${bad}": .*\\nUnknown command: describe$`,
      ),
    );
  });
});

describe('plugin handshake line', () => {
  it('reads unix and tcp addresses', () => {
    expect(parseHandshake('5|0|unix|/tmp/packer-plugin123\n')).toEqual({
      apiMajor: '5',
      apiMinor: '0',
      network: 'unix',
      address: '/tmp/packer-plugin123',
    });
    expect(parseHandshake('5|0|tcp|127.0.0.1:10000').address).toBe('127.0.0.1:10000');
  });

  it("refuses what Packer refuses, with Packer's words", () => {
    expect(() => parseHandshake('4|unix|/tmp/x')).toThrow('(protocol version 4 and lower) was deprecated');
    expect(() => parseHandshake('hello')).toThrow('Unrecognized remote plugin message: hello');
    expect(() => parseHandshake('6|0|unix|/x')).toThrow('Incompatible API MAJOR version with plugin');
    expect(() => parseHandshake('5|1|unix|/x')).toThrow(
      'Incompatible API MINOR version with plugin. plugin MINOR API version: 1, Ours: 0. Please upgrade Kiln.',
    );
    expect(() => parseHandshake('5|0|udp|/x')).toThrow('Unknown address type: udp');
  });
});
