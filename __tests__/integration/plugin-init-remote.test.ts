import * as fs from 'fs';
import * as path from 'path';

import { readLockFile } from '../../src/plugins/install/lock-file';
import { kiln } from '../support/kiln';
import {
  type ReleaseServer,
  type Tls,
  HOST_ARCH,
  HOST_OS,
  describeWithReleaseFixtures,
  filesBelow,
  fixtureBinary,
  makeTls,
  publishReleaseLayout,
  sha256,
  startReleaseServer,
  fixtureTemplate,
} from '../support/plugin-releases';
import { tempDir, writeFiles } from '../support/temp';

/**
 * `kiln init` for sources on hosts other than github.com (Packer 1.16.1's remote getter,
 * hashicorp/packer#13691): the host serves the official release site's layout under the source's
 * path. Here the host `plugins.example.com` is sent to an HTTPS server on loopback with
 * KILN_PLUGIN_HOST_URLS (a source address cannot carry a port), serving real kilnfixture archives.
 */

jest.setTimeout(120_000);

const HOST = 'plugins.example.com';
const SOURCE = `${HOST}/mirror/hashicorp/kilnfixture`;
const PREFIX = '/mirror/hashicorp';
const PLUGIN_DIR = `${PREFIX}/packer-plugin-kilnfixture`;

const template = fixtureTemplate;

describeWithReleaseFixtures('kiln init from an HTTPS source address other than github.com', () => {
  let tls: Tls;
  let server: ReleaseServer;

  beforeAll(async () => {
    tls = makeTls(tempDir('kiln-remote-tls-'));
    server = await startReleaseServer(tls);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.routes.clear();
    server.requests.length = 0;
  });

  const project = (
    source: string,
    constraint: string,
  ): { dir: string; plugins: string; env: Record<string, string> } => {
    const dir = tempDir('kiln-remote-');
    writeFiles(dir, { 'tpl/main.pkr.hcl': template(source, constraint) });
    const plugins = path.join(dir, 'plugins');
    return {
      dir,
      plugins,
      env: {
        PACKER_PLUGIN_PATH: plugins,
        KILN_PLUGIN_CA_FILE: tls.caFile,
        KILN_PLUGIN_HOST_URLS: `${HOST}=${server.url}`,
      },
    };
  };
  const binaryIn = (plugins: string, source: string, version: string): string =>
    path.join(
      plugins,
      ...source.split('/'),
      `packer-plugin-kilnfixture_v${version}_x5.0_${HOST_OS}_${HOST_ARCH}`,
    );

  it('installs a verbatim mirror of the official site: the highest release the constraint allows, the lock, validate and build, then no request', async () => {
    const published = await publishReleaseLayout(server, PREFIX, 'kilnfixture', ['1.0.0', '1.1.0']);
    const { dir, plugins, env } = project(SOURCE, '~> 1.0.0');

    const init = await kiln(['init', 'tpl'], dir, { env });
    expect(init.err).toBe('');
    expect(init.code).toBe(0);
    const binary = binaryIn(plugins, SOURCE, '1.0.0');
    expect(init.out).toContain(`Installed plugin ${SOURCE} v1.0.0 in "${binary}"`);
    // Packer's layout: every part of the source is a directory.
    expect(filesBelow(plugins)).toEqual([
      path.relative(plugins, binary),
      `${path.relative(plugins, binary)}_SHA256SUM`,
    ]);
    expect(sha256(fs.readFileSync(binary))).toBe(sha256(fs.readFileSync(fixtureBinary('1.0.0'))));
    // Under the source's path: the index, then 1.0.0's SHA256SUMS, manifest and zip (no v in the directory).
    expect(server.requests.map((r) => r.path)).toEqual([
      `${PLUGIN_DIR}/index.json`,
      `${PLUGIN_DIR}/1.0.0/packer-plugin-kilnfixture_1.0.0_SHA256SUMS`,
      `${PLUGIN_DIR}/1.0.0/packer-plugin-kilnfixture_1.0.0_manifest.json`,
      `${PLUGIN_DIR}/1.0.0/${published[0].zipName}`,
    ]);

    const lock = readLockFile(path.join(dir, 'tpl', '.kiln.lock.hcl'))?.get(SOURCE);
    expect([lock?.version, lock?.constraints]).toEqual(['1.0.0', '~> 1.0.0']);
    expect(lock?.hashes).toContain(`zh:${sha256(published[0].zip)}`);
    expect(lock?.hashes).toContain(
      `h1:${Buffer.from(sha256(fs.readFileSync(binary)), 'hex').toString('base64')}`,
    );
    expect(lock?.hashes.filter((h) => h.startsWith('zh:'))).toHaveLength(6);

    const validate = await kiln(['validate', 'tpl'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect([validate.code, validate.err]).toEqual([0, '']);
    const build = await kiln(['build', '-color=false', 'tpl'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect([build.code, build.err]).toEqual([0, '']);
    expect(build.out).toContain('my-builder: mock=');

    // A second init: installed and locked, not one request.
    server.requests.length = 0;
    const again = await kiln(['init', 'tpl'], dir, { env });
    expect([again.code, again.out, again.err]).toEqual([0, '', '']);
    expect(server.requests).toEqual([]);

    // -upgrade moves to 1.1.0 once the constraint allows it, and rewrites the lock.
    writeFiles(dir, { 'tpl/main.pkr.hcl': template(SOURCE, '>= 1.0.0') });
    const upgraded = await kiln(['init', '-upgrade', 'tpl'], dir, { env });
    expect(upgraded.err).toBe('');
    expect(upgraded.out).toContain(
      `Installed plugin ${SOURCE} v1.1.0 in "${binaryIn(plugins, SOURCE, '1.1.0')}"`,
    );
    expect(readLockFile(path.join(dir, 'tpl', '.kiln.lock.hcl'))?.get(SOURCE)?.version).toBe('1.1.0');
  });

  it('installs a GitHub release retrofitted into the layout (asset names with the API version, no manifest) from a three-part source', async () => {
    const source = `${HOST}/kiln-project/kilnfixture`;
    const published = await publishReleaseLayout(server, '/kiln-project', 'kilnfixture', ['1.0.0', '1.1.0'], {
      githubNames: true,
    });
    const { dir, plugins, env } = project(source, '>= 1.0.0');
    const init = await kiln(['init', 'tpl'], dir, { env });
    expect(init.err).toBe('');
    expect(init.out).toContain(
      `Installed plugin ${source} v1.1.0 in "${binaryIn(plugins, source, '1.1.0')}"`,
    );
    expect(server.requests.map((r) => r.path)).toEqual([
      '/kiln-project/packer-plugin-kilnfixture/index.json',
      '/kiln-project/packer-plugin-kilnfixture/1.1.0/packer-plugin-kilnfixture_1.1.0_SHA256SUMS',
      `/kiln-project/packer-plugin-kilnfixture/1.1.0/${published[1].zipName}`,
    ]);
    expect(published[1].zipName).toBe(`packer-plugin-kilnfixture_v1.1.0_x5.0_${HOST_OS}_${HOST_ARCH}.zip`);
    expect(filesBelow(plugins)).toHaveLength(2);

    // kiln plugins install takes the same source.
    fs.rmSync(plugins, { recursive: true });
    const install = await kiln(['plugins', 'install', source, '< 1.1.0'], dir, { env });
    expect([install.code, install.err]).toEqual([0, '']);
    expect(install.out).toBe(
      `Installed plugin ${source} v1.0.0 in "${binaryIn(plugins, source, '1.0.0')}"\n`,
    );
  });

  const failing: [string, (s: ReleaseServer) => Promise<void>, string | RegExp][] = [
    [
      'a tampered zip',
      async (s) => {
        const [r] = await publishReleaseLayout(s, PREFIX, 'kilnfixture', ['1.0.0']);
        const bad = Buffer.from(r.zip);
        bad[bad.length - 30] ^= 0xff;
        s.routes.set(`${PLUGIN_DIR}/1.0.0/${r.zipName}`, { body: bad });
      },
      /Checksums \(sha256\) did not match for packer-plugin-kilnfixture_1\.0\.0_\w+_\w+\.zip: expected [0-9a-f]{64} \(from the release's SHA256SUMS\), got [0-9a-f]{64}/,
    ],
    [
      'a wrong SHA256SUMS',
      async (s) => {
        const [r] = await publishReleaseLayout(s, PREFIX, 'kilnfixture', ['1.0.0']);
        s.routes.set(`${PLUGIN_DIR}/1.0.0/packer-plugin-kilnfixture_1.0.0_SHA256SUMS`, {
          body: r.sums.replace(sha256(r.zip), sha256(Buffer.from('something else'))),
        });
      },
      /Checksums \(sha256\) did not match/,
    ],
    [
      'no index.json (404)',
      () => Promise.resolve(),
      `* ${HOST}: https://127.0.0.1:PORT${PLUGIN_DIR}/index.json returned status 404`,
    ],
    [
      'a version with official names whose manifest.json was not mirrored',
      async (s) => {
        await publishReleaseLayout(s, PREFIX, 'kilnfixture', ['1.0.0']);
        s.routes.delete(`${PLUGIN_DIR}/1.0.0/packer-plugin-kilnfixture_1.0.0_manifest.json`);
      },
      'so the mirrored version must include its manifest.json, as published on releases.hashicorp.com',
    ],
  ];

  it.each(failing)(
    '%s: a clear error, nothing installed, no lock written',
    async (_name, publish, message) => {
      await publish(server);
      const { dir, plugins, env } = project(SOURCE, '~> 1.0.0');
      const init = await kiln(['init', 'tpl'], dir, { env });
      expect(init.code).toBe(1);
      expect(init.err).toContain(`Failed getting the "${SOURCE}" plugin:`);
      if (typeof message === 'string')
        expect(init.err).toContain(message.replace('PORT', String(server.port)));
      else expect(init.err).toMatch(message);
      expect(filesBelow(plugins)).toEqual([]);
      expect(fs.existsSync(path.join(dir, 'tpl', '.kiln.lock.hcl'))).toBe(false);
    },
  );

  it('plain HTTP is not an option: KILN_PLUGIN_HOST_URLS refuses an http:// address before any request', async () => {
    await publishReleaseLayout(server, PREFIX, 'kilnfixture', ['1.0.0']);
    const { dir, plugins, env } = project(SOURCE, '~> 1.0.0');
    const init = await kiln(['init', 'tpl'], dir, {
      env: { ...env, KILN_PLUGIN_HOST_URLS: `${HOST}=http://127.0.0.1:${server.port}` },
    });
    expect(init.code).toBe(1);
    expect(init.err).toBe(
      `Error: KILN_PLUGIN_HOST_URLS: "${HOST}=http://127.0.0.1:${server.port}" is not HOST=https://URL (plugins are fetched over HTTPS only)\n`,
    );
    expect(server.requests).toEqual([]);
    expect(filesBelow(plugins)).toEqual([]);
  });
});
