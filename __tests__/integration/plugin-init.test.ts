import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';

import { readLockFile, writeLockFile } from '../../src/plugins/install/lock-file';
import { kiln } from '../support/kiln';
import { describeWithPlugin } from '../support/plugins';
import {
  type ReleaseServer,
  type Tls,
  HOST_ARCH,
  HOST_OS,
  describeWithReleaseFixtures,
  filesBelow,
  makeTls,
  publishGitHub,
  publishOfficial,
  releaseEnv,
  sha256,
  startReleaseServer,
  zip,
  zipWithEscapingEntry,
  fixtureBinary,
  fixtureTemplate,
} from '../support/plugin-releases';
import { tempDir, writeFiles } from '../support/temp';

/**
 * `kiln init` against release hosts on loopback (issue 17), with real plugin archives: the official
 * site's layout for the hashicorp namespace, GitHub's for others; the lock file; `-upgrade`; and
 * each way a download can be wrong, none of which may leave anything installed.
 */

jest.setTimeout(120_000);

const template = fixtureTemplate;

describeWithReleaseFixtures('kiln init against release hosts on loopback', () => {
  let tls: Tls;
  let server: ReleaseServer;

  beforeAll(async () => {
    tls = makeTls(tempDir('kiln-init-tls-'), ['releases.test']);
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
    const dir = tempDir('kiln-init-');
    writeFiles(dir, { 'tpl/main.pkr.hcl': template(source, constraint) });
    const plugins = path.join(dir, 'plugins');
    return { dir, plugins, env: releaseEnv(server, tls, plugins) };
  };

  it('installs from the official layout the highest release the constraint allows, writes the lock, and validate uses it', async () => {
    const published = await publishOfficial(server, 'kilnfixture', ['1.0.0', '1.1.0']);
    const { dir, plugins, env } = project('github.com/hashicorp/kilnfixture', '~> 1.0.0');

    const init = await kiln(['init', 'tpl'], dir, { env });
    expect(init.err).toBe('');
    const binary = path.join(
      plugins,
      'github.com',
      'hashicorp',
      'kilnfixture',
      `packer-plugin-kilnfixture_v1.0.0_x5.0_${HOST_OS}_${HOST_ARCH}`,
    );
    expect(init.out).toContain(`Installed plugin github.com/hashicorp/kilnfixture v1.0.0 in "${binary}"`);
    expect(init.code).toBe(0);
    expect(filesBelow(plugins)).toEqual([
      path.relative(plugins, binary),
      `${path.relative(plugins, binary)}_SHA256SUM`,
    ]);
    expect(sha256(fs.readFileSync(binary))).toBe(sha256(fs.readFileSync(fixtureBinary('1.0.0'))));
    expect(fs.readFileSync(`${binary}_SHA256SUM`, 'utf8')).toBe(sha256(fs.readFileSync(binary)));
    expect(fs.statSync(binary).mode & 0o111).not.toBe(0);
    // index.json, then SHA256SUMS, the manifest and the zip of 1.0.0 only.
    expect(server.requests.map((r) => r.path)).toEqual([
      '/releases/packer-plugin-kilnfixture/index.json',
      '/releases/packer-plugin-kilnfixture/1.0.0/packer-plugin-kilnfixture_1.0.0_SHA256SUMS',
      '/releases/packer-plugin-kilnfixture/1.0.0/packer-plugin-kilnfixture_1.0.0_manifest.json',
      `/releases/packer-plugin-kilnfixture/1.0.0/${published[0].zipName}`,
    ]);

    const lock = readLockFile(path.join(dir, 'tpl', '.kiln.lock.hcl'));
    const entry = lock?.get('github.com/hashicorp/kilnfixture');
    expect(entry?.version).toBe('1.0.0');
    expect(entry?.constraints).toBe('~> 1.0.0');
    // h1 of the binary; zh of the archives of linux, darwin and windows on amd64 and arm64 (not freebsd).
    expect(entry?.hashes).toContain(
      `h1:${Buffer.from(sha256(fs.readFileSync(binary)), 'hex').toString('base64')}`,
    );
    expect(entry?.hashes).toContain(`zh:${sha256(published[0].zip)}`);
    expect(entry?.hashes.filter((h) => h.startsWith('zh:'))).toHaveLength(6);

    const validate = await kiln(['validate', 'tpl'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect(validate.err).toBe('');
    expect(validate.out).toContain('The configuration is valid.');
    // The installed plugin's builder runs in a build.
    const build = await kiln(['build', '-color=false', 'tpl'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect(build.err).toBe('');
    expect(build.code).toBe(0);
    expect(build.out).toContain('my-builder: mock=');

    // A second init with the lock: nothing to do, not one request.
    server.requests.length = 0;
    const again = await kiln(['init', 'tpl'], dir, { env });
    expect([again.code, again.out, again.err]).toEqual([0, '', '']);
    expect(server.requests).toEqual([]);
  });

  it('keeps the locked version when the constraint widens; -upgrade moves to the newest allowed and rewrites the lock', async () => {
    await publishOfficial(server, 'kilnfixture', ['1.0.0', '1.1.0']);
    const { dir, plugins, env } = project('github.com/hashicorp/kilnfixture', '~> 1.0.0');
    expect((await kiln(['init', 'tpl'], dir, { env })).code).toBe(0);
    writeFiles(dir, {
      'tpl/main.pkr.hcl': template('github.com/hashicorp/kilnfixture', '>= 1.0.0, < 2.0.0'),
    });

    server.requests.length = 0;
    const kept = await kiln(['init', 'tpl'], dir, { env });
    expect(kept.code).toBe(0);
    expect(kept.out).not.toContain('Installed plugin');
    expect(server.requests).toEqual([]);
    expect(
      readLockFile(path.join(dir, 'tpl', '.kiln.lock.hcl'))?.get('github.com/hashicorp/kilnfixture')?.version,
    ).toBe('1.0.0');

    const upgraded = await kiln(['init', '-upgrade', 'tpl'], dir, { env });
    expect(upgraded.err).toBe('');
    expect(upgraded.out).toContain('Installed plugin github.com/hashicorp/kilnfixture v1.1.0 in');
    const lock = readLockFile(path.join(dir, 'tpl', '.kiln.lock.hcl'))?.get(
      'github.com/hashicorp/kilnfixture',
    );
    expect([lock?.version, lock?.constraints]).toEqual(['1.1.0', '>= 1.0.0, < 2.0.0']);
    expect(filesBelow(plugins).filter((f) => !f.endsWith('_SHA256SUM'))).toHaveLength(2);
    // validate now runs 1.1.0, the locked one, although 1.0.0 is installed too.
    const validate = await kiln(['validate', 'tpl'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect([validate.code, validate.err]).toEqual([0, '']);
    // With the lock back at 1.0.0's entry, validate still finds 1.0.0; with it removed, Missing plugins names the lock.
    fs.rmSync(
      path.join(
        plugins,
        'github.com/hashicorp/kilnfixture',
        `packer-plugin-kilnfixture_v1.1.0_x5.0_${HOST_OS}_${HOST_ARCH}`,
      ),
    );
    const missing = await kiln(['validate', 'tpl'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('Missing plugins');
    expect(missing.err).toContain(
      'github.com/hashicorp/kilnfixture 1.1.0 (the version .kiln.lock.hcl locks)',
    );
    expect(missing.err).toContain('Did you run kiln init for this project ?');
  });

  it('installs from GitHub releases for other namespaces: one tags call with the token, assets through redirects', async () => {
    await publishGitHub(server, 'kiln-project', 'kilnfixture', ['1.0.0', '1.1.0']);
    const { dir, plugins, env } = project('github.com/kiln-project/kilnfixture', '>= 1.0.0');
    const init = await kiln(['init', 'tpl'], dir, { env: { ...env, GITHUB_TOKEN: 'tok-123' } });
    expect(init.err).toBe('');
    expect(init.out).toContain('Installed plugin github.com/kiln-project/kilnfixture v1.1.0 in');
    expect(server.requests.map((r) => r.path)).toEqual([
      '/api/repos/kiln-project/packer-plugin-kilnfixture/git/matching-refs/tags',
      '/gh/kiln-project/packer-plugin-kilnfixture/releases/download/v1.1.0/packer-plugin-kilnfixture_v1.1.0_SHA256SUMS',
      '/assets/kiln-project/packer-plugin-kilnfixture/1.1.0/packer-plugin-kilnfixture_v1.1.0_SHA256SUMS',
      `/gh/kiln-project/packer-plugin-kilnfixture/releases/download/v1.1.0/packer-plugin-kilnfixture_v1.1.0_x5.0_${HOST_OS}_${HOST_ARCH}.zip`,
      `/assets/kiln-project/packer-plugin-kilnfixture/1.1.0/packer-plugin-kilnfixture_v1.1.0_x5.0_${HOST_OS}_${HOST_ARCH}.zip`,
    ]);
    // The token goes to the API only; PACKER_GITHUB_API_TOKEN would win over GITHUB_TOKEN.
    expect(server.requests.map((r) => r.authorization)).toEqual([
      'Bearer tok-123',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(filesBelow(plugins)).toHaveLength(2);
    const validate = await kiln(['validate', 'tpl'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect([validate.code, validate.err]).toEqual([0, '']);
  });

  it('falls back to GitHub when the official site does not know the plugin', async () => {
    await publishGitHub(server, 'hashicorp', 'kilnfixture', ['1.0.0']);
    const { dir, plugins, env } = project('github.com/hashicorp/kilnfixture', '>= 1.0.0');
    const init = await kiln(['init', 'tpl'], dir, { env });
    expect(init.err).toBe('');
    expect(init.out).toContain('Installed plugin github.com/hashicorp/kilnfixture v1.0.0 in');
    expect(server.requests[0].path).toBe('/releases/packer-plugin-kilnfixture/index.json');
    expect(server.requests[1].path).toBe(
      '/api/repos/hashicorp/packer-plugin-kilnfixture/git/matching-refs/tags',
    );
    expect(filesBelow(plugins)).toHaveLength(2);
  });

  const failing: [string, (s: ReleaseServer) => Promise<void>, RegExp][] = [
    [
      'a tampered zip',
      async (s) => {
        const [r] = await publishOfficial(s, 'kilnfixture', ['1.0.0']);
        const bad = Buffer.from(r.zip);
        bad[bad.length - 30] ^= 0xff;
        s.routes.set(`/releases/packer-plugin-kilnfixture/1.0.0/${r.zipName}`, { body: bad });
      },
      /Checksums \(sha256\) did not match for packer-plugin-kilnfixture_1\.0\.0_\w+_\w+\.zip: expected [0-9a-f]{64} \(from the release's SHA256SUMS\), got [0-9a-f]{64}/,
    ],
    [
      'a wrong SHA256SUMS',
      async (s) => {
        const [r] = await publishOfficial(s, 'kilnfixture', ['1.0.0']);
        s.routes.set('/releases/packer-plugin-kilnfixture/1.0.0/packer-plugin-kilnfixture_1.0.0_SHA256SUMS', {
          body: r.sums.replace(sha256(r.zip), sha256(Buffer.from('something else'))),
        });
      },
      /Checksums \(sha256\) did not match/,
    ],
    [
      'an archive with a ../ entry',
      async (s) => {
        const [r] = await publishOfficial(s, 'kilnfixture', ['1.0.0']);
        const name = `packer-plugin-kilnfixture_v1.0.0_x5.0_${HOST_OS}_${HOST_ARCH}`;
        const evil = await zipWithEscapingEntry(
          { [name]: fs.readFileSync(fixtureBinary('1.0.0')) },
          'evil.sh',
        );
        s.routes.set(`/releases/packer-plugin-kilnfixture/1.0.0/${r.zipName}`, { body: evil });
        s.routes.set('/releases/packer-plugin-kilnfixture/1.0.0/packer-plugin-kilnfixture_1.0.0_SHA256SUMS', {
          body: r.sums.replace(sha256(r.zip), sha256(evil)),
        });
      },
      /refusing the archive packer-plugin-kilnfixture_1\.0\.0_\w+_\w+\.zip: an entry escapes the target directory \(invalid relative path: \.\.\/evil\.sh\)/,
    ],
    [
      'a binary that is not the release it claims',
      async (s) => {
        const [r] = await publishOfficial(s, 'kilnfixture', ['1.0.0']);
        const name = `packer-plugin-kilnfixture_v1.0.0_x5.0_${HOST_OS}_${HOST_ARCH}`;
        // 1.1.0's binary in 1.0.0's archive, with honest checksums.
        const other = await zip({ [name]: fs.readFileSync(fixtureBinary('1.1.0')) });
        s.routes.set(`/releases/packer-plugin-kilnfixture/1.0.0/${r.zipName}`, { body: other });
        s.routes.set('/releases/packer-plugin-kilnfixture/1.0.0/packer-plugin-kilnfixture_1.0.0_SHA256SUMS', {
          body: r.sums.replace(sha256(r.zip), sha256(other)),
        });
      },
      /binary reported version \("1\.1\.0"\) is different from the expected "1\.0\.0", skipping/,
    ],
  ];

  it.each(failing)(
    '%s: a clear error, nothing installed, no lock written',
    async (_name, publish, message) => {
      await publish(server);
      const { dir, plugins, env } = project('github.com/hashicorp/kilnfixture', '~> 1.0.0');
      const init = await kiln(['init', 'tpl'], dir, { env });
      expect(init.code).toBe(1);
      expect(init.err).toContain('Failed getting the "github.com/hashicorp/kilnfixture" plugin:');
      expect(init.err).toMatch(message);
      expect(filesBelow(plugins)).toEqual([]);
      expect(fs.existsSync(path.join(dir, 'tpl', '.kiln.lock.hcl'))).toBe(false);
    },
  );

  it('a rate-limited GitHub API (403 with reset headers): says when to try again and how to get more requests', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    server.routes.set('/api/repos/kiln-project/packer-plugin-kilnfixture/git/matching-refs/tags', {
      status: 403,
      headers: {
        'content-type': 'application/json',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(reset),
      },
      body: JSON.stringify({ message: 'API rate limit exceeded for 127.0.0.1.' }),
    });
    const { dir, plugins, env } = project('github.com/kiln-project/kilnfixture', '>= 1.0.0');
    const init = await kiln(['init', 'tpl'], dir, { env });
    expect(init.code).toBe(1);
    expect(init.err).toContain('Plugin host rate limited the plugin getter. Try again in ');
    expect(init.err).toContain(`(at ${new Date(reset * 1000).toISOString()})`);
    expect(init.err).toContain('HINT: Set the PACKER_GITHUB_API_TOKEN env var');
    expect(init.err).toContain('API rate limit exceeded for 127.0.0.1.');
    expect(server.requests).toHaveLength(1);
    expect(filesBelow(plugins)).toEqual([]);
  });

  it('an unreachable server: the address and the reason, nothing installed', async () => {
    const closed = await startReleaseServer(tls);
    await closed.close();
    const { dir, plugins, env } = project('github.com/hashicorp/kilnfixture', '~> 1.0.0');
    const init = await kiln(['init', 'tpl'], dir, { env: { ...env, ...releaseEnv(closed, tls, plugins) } });
    expect(init.code).toBe(1);
    expect(init.err).toContain(
      `Get "${closed.url}/releases/packer-plugin-kilnfixture/index.json": connect ECONNREFUSED`,
    );
    expect(init.err).toContain(
      `Get "${closed.url}/api/repos/hashicorp/packer-plugin-kilnfixture/git/matching-refs/tags": connect ECONNREFUSED`,
    );
    expect(init.err).toContain(
      'could not install any compatible version of plugin "github.com/hashicorp/kilnfixture"',
    );
    expect(filesBelow(plugins)).toEqual([]);
  });

  it('refuses a download whose hash the lock does not list, and validate refuses an installed binary the lock does not vouch for', async () => {
    const [r] = await publishOfficial(server, 'kilnfixture', ['1.0.0']);
    const { dir, plugins, env } = project('github.com/hashicorp/kilnfixture', '~> 1.0.0');
    expect((await kiln(['init', 'tpl'], dir, { env })).code).toBe(0);
    const lockFile = path.join(dir, 'tpl', '.kiln.lock.hcl');
    const lockText = fs.readFileSync(lockFile, 'utf8');

    // The release is rebuilt under the same version (a botched re-release): SHA256SUMS agrees with the new zip, the lock does not.
    const name = `packer-plugin-kilnfixture_v1.0.0_x5.0_${HOST_OS}_${HOST_ARCH}`;
    // (A binary other than the locked one: an archive holding the same binary would pass on its h1.)
    const rebuilt = await zip({
      [name]: Buffer.concat([fs.readFileSync(fixtureBinary('1.0.0')), Buffer.from('\n')]),
    });
    server.routes.set(`/releases/packer-plugin-kilnfixture/1.0.0/${r.zipName}`, { body: rebuilt });
    server.routes.set(
      '/releases/packer-plugin-kilnfixture/1.0.0/packer-plugin-kilnfixture_1.0.0_SHA256SUMS',
      {
        body: r.sums.replace(sha256(r.zip), sha256(rebuilt)),
      },
    );
    // The installed binary is replaced by another build: validate refuses it without any network.
    const binary = path.join(plugins, 'github.com/hashicorp/kilnfixture', name);
    const other = fs.readFileSync(fixtureBinary('1.1.0'));
    fs.writeFileSync(binary, other);
    fs.writeFileSync(`${binary}_SHA256SUM`, sha256(other));
    const validate = await kiln(['validate', 'tpl'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect([validate.code, validate.err]).toEqual([1, expect.stringContaining('Missing plugins')]);
    // (1.1.0's binary describes itself as 1.1.0, so discovery skips it: Missing plugins.)
    expect(validate.err).toMatch(/Missing plugins|Plugin does not match the lock file/);

    // The same version's binary with other bytes: the lock's h1 does not match.
    fs.writeFileSync(binary, Buffer.concat([fs.readFileSync(fixtureBinary('1.0.0')), Buffer.from([0])]));
    fs.writeFileSync(`${binary}_SHA256SUM`, sha256(fs.readFileSync(binary)));
    const mismatch = await kiln(['validate', 'tpl'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect(mismatch.code).toBe(1);
    expect(mismatch.err).toContain('Plugin does not match the lock file');
    expect(mismatch.err.replace(/\s+/g, ' ')).toContain('Run kiln init for this project');

    const before = sha256(fs.readFileSync(binary));
    const init = await kiln(['init', 'tpl'], dir, { env });
    expect(init.code).toBe(1);
    expect(init.err).toMatch(
      /does not match any hash the lock file records for github\.com\/hashicorp\/kilnfixture 1\.0\.0/,
    );
    expect(sha256(fs.readFileSync(binary))).toBe(before);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(lockText);
  });

  it('goes through HTTPS_PROXY (CONNECT) to a named host, never for loopback', async () => {
    await publishOfficial(server, 'kilnfixture', ['1.0.0']);
    // A CONNECT proxy on loopback that resolves every name to the release server.
    const tunnels: string[] = [];
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      sockets.add(client);
      client.once('data', (head: Buffer) => {
        const target = /^CONNECT (\S+) HTTP/.exec(head.toString('latin1'))?.[1] ?? '?';
        tunnels.push(target);
        const upstream = net.connect(server.port, '127.0.0.1', () => {
          sockets.add(upstream);
          client.write('HTTP/1.1 200 Connection established\r\n\r\n');
          client.pipe(upstream).pipe(client);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
      const { dir, plugins, env } = project('github.com/hashicorp/kilnfixture', '~> 1.0.0');
      const viaName = {
        ...env,
        KILN_PLUGIN_RELEASES_URL: `https://releases.test:${server.port}/releases`,
        HTTPS_PROXY: proxyUrl,
      };
      const init = await kiln(['init', 'tpl'], dir, { env: viaName });
      expect([init.code, init.err]).toEqual([0, '']);
      expect(tunnels).toEqual(Array(4).fill(`releases.test:${server.port}`));
      expect(filesBelow(plugins)).toHaveLength(2);

      fs.rmSync(plugins, { recursive: true });
      fs.rmSync(path.join(dir, 'tpl', '.kiln.lock.hcl'));
      tunnels.length = 0;
      // Loopback addresses are never proxied (as Go's ProxyFromEnvironment); NO_PROXY's matching is unit-tested.
      const direct = await kiln(['init', 'tpl'], dir, { env: { ...env, HTTPS_PROXY: proxyUrl } });
      expect([direct.code, direct.err]).toEqual([0, '']);
      expect(tunnels).toEqual([]);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("kiln plugins install, installed, required and remove, in Packer's layout and words", async () => {
    await publishGitHub(server, 'kiln-project', 'kilnfixture', ['1.0.0', '1.1.0']);
    const { dir, plugins, env } = project('github.com/kiln-project/kilnfixture', '~> 1.0.0');
    const file = (v: string): string =>
      path.join(
        plugins,
        'github.com/kiln-project/kilnfixture',
        `packer-plugin-kilnfixture_v${v}_x5.0_${HOST_OS}_${HOST_ARCH}`,
      );

    const install = await kiln(
      ['plugins', 'install', 'github.com/kiln-project/kilnfixture', '< 1.1.0'],
      dir,
      { env },
    );
    expect([install.code, install.out, install.err]).toEqual([
      0,
      `Installed plugin github.com/kiln-project/kilnfixture v1.0.0 in "${file('1.0.0')}"\n`,
      '',
    ]);
    const fromPath = await kiln(
      ['plugins', 'install', '-path', fixtureBinary('1.1.0'), 'github.com/kiln-project/kilnfixture'],
      dir,
      { env },
    );
    expect(fromPath.out).toBe(
      `Successfully installed plugin github.com/kiln-project/kilnfixture from ${fixtureBinary('1.1.0')} to ${file('1.1.0')}\n`,
    );
    expect((await kiln(['plugins', 'installed'], dir, { env })).out).toBe(
      `${file('1.0.0')}\n${file('1.1.0')}\n`,
    );
    expect((await kiln(['plugins', 'required', 'tpl'], dir, { env })).out).toBe(
      `kilnfixture github.com/kiln-project/kilnfixture "~> 1.0.0" ${file('1.0.0')}\n`,
    );
    const remove = await kiln(['plugins', 'remove', 'github.com/kiln-project/kilnfixture', '>= 1.1.0'], dir, {
      env,
    });
    expect([remove.code, remove.out]).toEqual([0, `${file('1.1.0')}\n`]);
    expect(filesBelow(plugins)).toEqual([
      path.relative(plugins, file('1.0.0')),
      `${path.relative(plugins, file('1.0.0'))}_SHA256SUM`,
    ]);
    const none = await kiln(['plugins', 'remove', 'github.com/kiln-project/kilnfixture', '>= 1.1.0'], dir, {
      env,
    });
    expect([none.code, none.err]).toEqual([
      1,
      'No installed plugin found matching the plugin constraints github.com/kiln-project/kilnfixture >= 1.1.0\n',
    ]);
  });

  it('a plugin Kiln implements natively is built in: no request, nothing installed, no lock', async () => {
    const dir = tempDir('kiln-init-');
    writeFiles(dir, {
      'main.pkr.hcl':
        'packer {\n  required_plugins {\n    docker = {\n      source  = "github.com/hashicorp/docker"\n      version = "~> 1.1"\n    }\n  }\n}\n' +
        'source "docker" "x" {\n  image  = "debian"\n  commit = true\n}\nbuild {\n  sources = ["source.docker.x"]\n}\n',
    });
    const plugins = path.join(dir, 'plugins');
    const init = await kiln(['init', '.'], dir, { env: releaseEnv(server, tls, plugins) });
    expect([init.code, init.out, init.err]).toEqual([0, 'github.com/hashicorp/docker: built in\n', '']);
    expect(server.requests).toEqual([]);
    expect(filesBelow(dir)).toEqual(['main.pkr.hcl']);

    // KILN_PLUGINS=external asks for the installed plugin: then init fetches it like any other.
    const external = await kiln(['init', '.'], dir, {
      env: { ...releaseEnv(server, tls, plugins), KILN_PLUGINS: 'external' },
    });
    expect(external.code).toBe(1);
    expect(external.out).not.toContain('built in');
    expect(external.err).toContain('Failed getting the "github.com/hashicorp/docker" plugin:');
    expect(server.requests.map((r) => r.path)).toEqual([
      '/releases/packer-plugin-docker/index.json',
      '/api/repos/hashicorp/packer-plugin-docker/git/matching-refs/tags',
    ]);
  });

  it("keeps a built-in plugin's lock entry while it is required, and drops entries of plugins no longer required", async () => {
    await publishOfficial(server, 'kilnfixture', ['1.0.0']);
    const { dir, plugins, env } = project('github.com/hashicorp/kilnfixture', '~> 1.0');
    const main = path.join(dir, 'tpl', 'main.pkr.hcl');
    const withDocker = fs
      .readFileSync(main, 'utf8')
      .replace(
        '  required_plugins {\n',
        '  required_plugins {\n    docker = {\n      source  = "github.com/hashicorp/docker"\n      version = ">= 1.0.0"\n    }\n',
      );
    fs.writeFileSync(main, withDocker);
    // As a teammate's `KILN_PLUGINS=external kiln init` left it, with an entry for a plugin since removed.
    const dockerEntry = {
      source: 'github.com/hashicorp/docker',
      version: '1.1.2',
      constraints: '>= 1.0.0',
      hashes: [`h1:${Buffer.alloc(32, 1).toString('base64')}`, `zh:${'ab'.repeat(32)}`],
    };
    const lockFile = path.join(dir, 'tpl', '.kiln.lock.hcl');
    writeLockFile(
      lockFile,
      new Map([
        [dockerEntry.source, dockerEntry],
        [
          'github.com/hashicorp/amazon',
          { source: 'github.com/hashicorp/amazon', version: '1.8.0', constraints: '', hashes: ['zh:00'] },
        ],
      ]),
    );

    const init = await kiln(['init', 'tpl'], dir, { env });
    expect(init.err).toBe('');
    expect(init.code).toBe(0);
    expect(init.out).toContain('github.com/hashicorp/docker: built in\n');
    let lock = readLockFile(lockFile);
    expect([...(lock?.keys() ?? [])].sort()).toEqual([
      'github.com/hashicorp/docker',
      'github.com/hashicorp/kilnfixture',
    ]);
    expect(lock?.get('github.com/hashicorp/docker')).toEqual(dockerEntry);
    expect(lock?.get('github.com/hashicorp/kilnfixture')?.version).toBe('1.0.0');

    // Again: nothing to do, nothing written, no request; the entry is still there.
    const text = fs.readFileSync(lockFile, 'utf8');
    server.requests.length = 0;
    const again = await kiln(['init', 'tpl'], dir, { env });
    expect([again.code, again.err]).toEqual([0, '']);
    expect(again.out).not.toContain('Wrote the lock file');
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(text);
    expect(server.requests).toEqual([]);

    // docker leaves required_plugins: its entry goes, as Terraform drops an unused provider's.
    fs.writeFileSync(main, withDocker.replace(/ {4}docker = \{[^}]*\}\n/, ''));
    const removed = await kiln(['init', 'tpl'], dir, { env });
    expect([removed.code, removed.err]).toEqual([0, '']);
    expect(removed.out).toContain('Wrote the lock file');
    lock = readLockFile(lockFile);
    expect([...(lock?.keys() ?? [])]).toEqual(['github.com/hashicorp/kilnfixture']);
    expect(filesBelow(plugins)).toHaveLength(2);
  });
});

describeWithPlugin('kiln init and the real packer-plugin-docker', 'docker', 'v1.1.2', (docker) => {
  it('refuses the docker plugin built from source (it describes itself as 1.1.2-dev) served as release 1.1.2, as Packer refuses a pre-release', async () => {
    const tls = makeTls(tempDir('kiln-init-tls-'));
    const server = await startReleaseServer(tls);
    try {
      await publishOfficial(server, 'docker', ['1.1.2'], () => docker);
      const dir = tempDir('kiln-init-');
      writeFiles(dir, {
        'main.pkr.hcl':
          'packer {\n  required_plugins {\n    docker = {\n      source  = "github.com/hashicorp/docker"\n      version = "~> 1.1"\n    }\n  }\n}\n' +
          'source "docker" "x" {\n  image  = "debian"\n  commit = true\n}\nbuild {\n  sources = ["source.docker.x"]\n}\n',
      });
      const plugins = path.join(dir, 'plugins');
      const init = await kiln(['init', '.'], dir, {
        env: { ...releaseEnv(server, tls, plugins), KILN_PLUGINS: 'external' },
      });
      expect(init.code).toBe(1);
      expect(init.err).toContain('binary reported a pre-release version of 1.1.2-dev');
      expect(init.err).toContain('Remote installation of pre-release plugin versions is unsupported.');
      expect(init.err).toContain("kiln plugins install --path '<plugin_binary>' github.com/hashicorp/docker");
      // The whole archive was fetched and checked (a real 40 MB plugin), then nothing installed.
      expect(server.requests.map((r) => r.path).pop()).toBe(
        `/releases/packer-plugin-docker/1.1.2/packer-plugin-docker_1.1.2_${HOST_OS}_${HOST_ARCH}.zip`,
      );
      expect(filesBelow(plugins)).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
