import type { HttpClient, HttpResponse } from '../../../src/plugins/install/http';
import { UnreachableError } from '../../../src/plugins/install/http';
import { githubReleases } from '../../../src/plugins/install/github-releases';
import { releaseSources } from '../../../src/plugins/install/release-sources';
import { hostUrls, officialReleases, remoteReleases } from '../../../src/plugins/install/release-site';
import { pluginAddress } from '../../../src/plugins/install/sources';

/**
 * Packer 1.16.1's remote getter (hashicorp/packer#13691), as Kiln's remote source: which sources
 * serve which addresses, and the URLs a source address maps to, on a fake HTTP client.
 */

/** A client answering from `files` (URL → body), 404 otherwise; every URL asked is recorded. */
function fakeHttp(files: Record<string, string>, fail?: (url: string) => Error | undefined) {
  const asked: string[] = [];
  const http: HttpClient = {
    get(url) {
      asked.push(url);
      const err = fail?.(url);
      if (err) return Promise.reject(err);
      const body = files[url];
      const res: HttpResponse = {
        status: body === undefined ? 404 : 200,
        headers: {},
        body: Buffer.from(body ?? 'not found'),
        url,
      };
      return Promise.resolve(res);
    },
    close: () => undefined,
  };
  return { http, asked };
}

const HAPPY = 'plugins.example.com/mirror/hashicorp/happycloud';
const BASE = 'https://plugins.example.com/mirror/hashicorp/packer-plugin-happycloud';

describe('plugin addresses', () => {
  it('keeps every part of a source on any host, and the github.com shape on github.com', () => {
    expect(pluginAddress(HAPPY)).toEqual({
      source: HAPPY,
      host: 'plugins.example.com',
      parts: ['plugins.example.com', 'mirror', 'hashicorp', 'happycloud'],
      namespace: 'hashicorp',
      name: 'happycloud',
    });
    expect(pluginAddress('github.com/hashicorp/docker').parts).toEqual(['github.com', 'hashicorp', 'docker']);
    expect(() => pluginAddress('github.com/a/hashicorp/docker')).toThrow(
      'Invalid github.com URI "github.com/a/hashicorp/docker": a Github-compatible source must be in the github.com/<namespace>/<name> format.',
    );
  });
});

describe('which source serves which address (Packer: release + github for github.com, remote for any other host)', () => {
  const { http } = fakeHttp({});
  const sources = releaseSources({ http, env: {} });
  const serving = (source: string): string[] =>
    sources.filter((s) => s.serves(pluginAddress(source))).map((s) => s.name);

  it.each([
    ['github.com/hashicorp/docker', ['releases.hashicorp.com', 'github.com']],
    ['github.com/kiln-project/kilnfixture', ['github.com']],
    // The hashicorp namespace on another host is that host's: never the official site.
    [HAPPY, ['remote']],
    ['ghes.example.com/ethanmdavidson/comment', ['remote']],
    ['artifactory.example.com/artifactory/hashi-tools/hashicorp/comment', ['remote']],
  ])('%s: %j', (source, names) => {
    expect(serving(source)).toEqual(names);
  });

  it('names the remote source after the host in messages', () => {
    const remote = sources.find((s) => s.name === 'remote');
    expect(remote?.nameFor?.(pluginAddress(HAPPY))).toBe('plugins.example.com');
  });

  it('KILN_PLUGIN_SOURCES picks them; an unknown name is refused', () => {
    expect(releaseSources({ http, env: { KILN_PLUGIN_SOURCES: 'remote' } }).map((s) => s.name)).toEqual([
      'remote',
    ]);
    expect(() => releaseSources({ http, env: { KILN_PLUGIN_SOURCES: 'gitlab' } })).toThrow(
      'KILN_PLUGIN_SOURCES: unknown source "gitlab" (use releases, github, remote)',
    );
  });
});

describe('the remote source: URLs', () => {
  const index = JSON.stringify({ versions: { '1.0.0': {}, '1.1.0': {}, 'not-a-version': {} } });

  it.each([
    [HAPPY, `${BASE}/index.json`],
    // Three parts: the namespace only, below the host's root.
    [
      'ghes.example.com/ethanmdavidson/comment',
      'https://ghes.example.com/ethanmdavidson/packer-plugin-comment/index.json',
    ],
    [
      'artifactory.example.com/artifactory/hashi-tools/hashicorp/comment',
      'https://artifactory.example.com/artifactory/hashi-tools/hashicorp/packer-plugin-comment/index.json',
    ],
  ])('%s is listed from %s over HTTPS', async (source, url) => {
    const { http, asked } = fakeHttp({ [url]: index });
    const versions = await remoteReleases({ http, env: {} }).versions(pluginAddress(source));
    expect(asked).toEqual([url]);
    // A version that does not parse is skipped, as Packer's parseIndex skips it.
    expect(versions.sort()).toEqual(['1.0.0', '1.1.0']);
  });

  it('reads the SHA256SUMS, the manifest and the zip of a version directory without a v', async () => {
    const sums =
      `${'a'.repeat(64)}  packer-plugin-happycloud_1.1.0_linux_amd64.zip\n` +
      `${'b'.repeat(64)}  packer-plugin-happycloud_1.1.0_darwin_arm64.zip\n` +
      `${'c'.repeat(64)}  packer-plugin-happycloud_1.1.0_manifest.json\n`;
    const { http, asked } = fakeHttp({
      [`${BASE}/1.1.0/packer-plugin-happycloud_1.1.0_SHA256SUMS`]: sums,
      [`${BASE}/1.1.0/packer-plugin-happycloud_1.1.0_manifest.json`]: JSON.stringify({
        version: 1,
        metadata: { protocol_version: '5.0' },
      }),
      [`${BASE}/1.1.0/packer-plugin-happycloud_1.1.0_linux_amd64.zip`]: 'zip bytes',
    });
    const remote = remoteReleases({ http, env: {} });
    const a = pluginAddress(HAPPY);
    const archives = await remote.archives(a, '1.1.0');
    expect(archives.map((x) => [x.filename, x.os, x.arch, x.api])).toEqual([
      ['packer-plugin-happycloud_1.1.0_linux_amd64.zip', 'linux', 'amd64', undefined],
      ['packer-plugin-happycloud_1.1.0_darwin_arm64.zip', 'darwin', 'arm64', undefined],
    ]);
    expect(await remote.apiVersion(a, '1.1.0', archives[0])).toBe('x5.0');
    expect((await remote.download(a, '1.1.0', archives[0])).toString()).toBe('zip bytes');
    expect(remote.binaryName(a, '1.1.0', archives[0], 'x5.0')).toBe(
      'packer-plugin-happycloud_v1.1.0_x5.0_linux_amd64',
    );
    expect(asked).toEqual([
      `${BASE}/1.1.0/packer-plugin-happycloud_1.1.0_SHA256SUMS`,
      `${BASE}/1.1.0/packer-plugin-happycloud_1.1.0_manifest.json`,
      `${BASE}/1.1.0/packer-plugin-happycloud_1.1.0_linux_amd64.zip`,
    ]);
  });

  it('takes GitHub release asset names too: their API version is in the name, so no manifest is asked for', async () => {
    const sums =
      `${'a'.repeat(64)}  packer-plugin-happycloud_v1.1.0_x5.0_linux_amd64.zip\n` +
      // Neither shape (a v without a protocol version): skipped, as Packer's Init refuses it.
      `${'b'.repeat(64)}  packer-plugin-happycloud_v1.1.0_linux_arm64.zip\n`;
    const { http, asked } = fakeHttp({ [`${BASE}/1.1.0/packer-plugin-happycloud_1.1.0_SHA256SUMS`]: sums });
    const remote = remoteReleases({ http, env: {} });
    const a = pluginAddress(HAPPY);
    const archives = await remote.archives(a, '1.1.0');
    expect(archives.map((x) => [x.os, x.arch, x.api])).toEqual([['linux', 'amd64', 'x5.0']]);
    expect(await remote.apiVersion(a, '1.1.0', archives[0])).toBe('x5.0');
    expect(asked).toHaveLength(1);
  });

  it('KILN_PLUGIN_HOST_URLS sends a host elsewhere, path prefix included; other hosts are untouched', async () => {
    const env = {
      KILN_PLUGIN_HOST_URLS:
        'Plugins.Example.com=https://127.0.0.1:8443/prefix/, other.test=https://127.0.0.2',
    };
    const { http, asked } = fakeHttp({}, () => new UnreachableError('x', new Error('refused')));
    const remote = remoteReleases({ http, env });
    await expect(remote.versions(pluginAddress(HAPPY))).rejects.toThrow(
      'failed to fetch https://127.0.0.1:8443/prefix/mirror/hashicorp/packer-plugin-happycloud/index.json: Get "x": refused',
    );
    await expect(remote.versions(pluginAddress('third.test/a/b'))).rejects.toThrow(
      'https://third.test/a/packer-plugin-b/index.json',
    );
    expect(asked).toEqual([
      'https://127.0.0.1:8443/prefix/mirror/hashicorp/packer-plugin-happycloud/index.json',
      'https://third.test/a/packer-plugin-b/index.json',
    ]);
  });

  it.each(['plugins.example.com=http://127.0.0.1:8080', 'plugins.example.com', '=https://x', 'h=not a url'])(
    'KILN_PLUGIN_HOST_URLS refuses %j: HTTPS only',
    (value) => {
      expect(() => hostUrls(value)).toThrow(
        /^KILN_PLUGIN_HOST_URLS: ".*" is not HOST=https:\/\/URL \(plugins are fetched over HTTPS only\)$/,
      );
    },
  );
});

describe('the remote source: errors in Packer words', () => {
  const a = pluginAddress(HAPPY);

  it.each([
    [undefined, `${BASE}/index.json returned status 404`],
    ['{"versions": ', `${BASE}/index.json: malformed index.json: `],
    ['{"versions": {}}', `${BASE}/index.json: index.json contains no versions`],
    ['{"versions": {"latest": {}}}', `${BASE}/index.json: index.json contains no usable versions`],
  ])('index %j', async (body, message) => {
    const { http } = fakeHttp(body === undefined ? {} : { [`${BASE}/index.json`]: body });
    await expect(remoteReleases({ http, env: {} }).versions(a)).rejects.toThrow(message);
  });

  it('a version with official names and no manifest says the mirror must include it', async () => {
    const { http } = fakeHttp({
      [`${BASE}/1.1.0/packer-plugin-happycloud_1.1.0_SHA256SUMS`]: `${'a'.repeat(64)}  packer-plugin-happycloud_1.1.0_linux_amd64.zip\n`,
    });
    const remote = remoteReleases({ http, env: {} });
    const [archive] = await remote.archives(a, '1.1.0');
    await expect(remote.apiVersion(a, '1.1.0', archive)).rejects.toThrow(
      `${BASE}/1.1.0/packer-plugin-happycloud_1.1.0_manifest.json returned status 404\n` +
        'The checksum entries of this version carry no plugin protocol version in their names, so the mirrored version must include its manifest.json, as published on releases.hashicorp.com',
    );
  });

  it('a manifest without a protocol version', async () => {
    const { http } = fakeHttp({
      [`${BASE}/1.1.0/packer-plugin-happycloud_1.1.0_manifest.json`]: '{"version": 1, "metadata": {}}',
    });
    const remote = remoteReleases({ http, env: {} });
    await expect(
      remote.apiVersion(a, '1.1.0', {
        filename: 'f.zip',
        sha256: 'a'.repeat(64),
        os: 'linux',
        arch: 'amd64',
      }),
    ).rejects.toThrow('manifest.json for version 1.1.0 declares no protocol_version');
  });
});

describe('the official site and GitHub keep their names', () => {
  it('the official site reads only its own archive names; GitHub only its own', async () => {
    const sums =
      `${'a'.repeat(64)}  packer-plugin-docker_1.1.0_linux_amd64.zip\n` +
      `${'b'.repeat(64)}  packer-plugin-docker_v1.1.0_x5.0_linux_arm64.zip\n`;
    const { http } = fakeHttp({
      'https://releases.hashicorp.com/packer-plugin-docker/1.1.0/packer-plugin-docker_1.1.0_SHA256SUMS': sums,
      'https://github.com/hashicorp/packer-plugin-docker/releases/download/v1.1.0/packer-plugin-docker_v1.1.0_SHA256SUMS':
        sums,
    });
    const a = pluginAddress('github.com/hashicorp/docker');
    expect((await officialReleases({ http, env: {} }).archives(a, '1.1.0')).map((x) => x.arch)).toEqual([
      'amd64',
    ]);
    expect((await githubReleases({ http, env: {} }).archives(a, '1.1.0')).map((x) => x.arch)).toEqual([
      'arm64',
    ]);
  });
});
