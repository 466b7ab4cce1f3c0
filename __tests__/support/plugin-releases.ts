import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';

import * as yazl from 'yazl';

import { integrationRequired } from './services';

/**
 * Plugin release hosts for `kiln init`'s tests (issue 17): one HTTPS server on 127.0.0.1, with a
 * certificate from a CA made for the test (given to Kiln as KILN_PLUGIN_CA_FILE), serving both
 * layouts Kiln reads: the official release site's (`/releases/packer-plugin-<name>/index.json`,
 * `<version>/…_SHA256SUMS`, `…_manifest.json`, the zips) and GitHub's (`/api/repos/…/git/matching-refs/tags`
 * and `/gh/<owner>/<repo>/releases/download/v<version>/…`, redirected to `/assets/…` as GitHub
 * redirects to its storage host). The archives hold real plugin binaries: kilnfixture at 1.0.0 and
 * 1.1.0, built by test-env/build-release-fixtures.sh. Every request is counted.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const GOARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64' };
export const HOST_OS = process.platform === 'win32' ? 'windows' : process.platform;
export const HOST_ARCH = GOARCH[process.arch] ?? process.arch;
export const FIXTURE_VERSIONS = ['1.0.0', '1.1.0'] as const;

export const RELEASE_FIXTURES =
  process.env.KILN_RELEASE_FIXTURES ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'kiln', 'release-fixtures');

export const fixtureBinary = (version: string): string =>
  path.join(RELEASE_FIXTURES, `kilnfixture_${version}_${HOST_OS}_${HOST_ARCH}`);

/** Runs `body` when the fixture binaries are built (building them under CI), as describeWithPlugin. */
export function describeWithReleaseFixtures(title: string, body: () => void): void {
  const missing = (): string[] => FIXTURE_VERSIONS.map(fixtureBinary).filter((b) => !fs.existsSync(b));
  let why = '';
  if (missing().length > 0 && integrationRequired()) {
    const r = spawnSync('bash', [path.join(ROOT, 'test-env', 'build-release-fixtures.sh')], {
      encoding: 'utf8',
      timeout: 20 * 60_000,
    });
    if (r.status !== 0) why = `: test-env/build-release-fixtures.sh failed: ${r.stderr.trim().slice(-2000)}`;
  }
  if (missing().length === 0) {
    describe(title, body);
    return;
  }
  const message = `${title}: needs ${missing().join(', ')}${why}. Build them with: bash test-env/build-release-fixtures.sh`;
  if (integrationRequired()) {
    describe(title, () => {
      it('has its plugin release fixtures', () => {
        throw new Error(message);
      });
    });
  } else {
    process.stderr.write(`skipped: ${message}\n`);
    describe.skip(title, body);
  }
}

/** A zip of `entries` (name → bytes), as a release pipeline makes one. */
export function zip(entries: Readonly<Record<string, Buffer>>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) z.addBuffer(data, name, { mode: 0o100755 });
  z.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.outputStream.on('error', reject);
  });
}

/** A zip with an entry named `../<name>` (yazl refuses to write one: the name is patched in). */
export async function zipWithEscapingEntry(
  entries: Readonly<Record<string, Buffer>>,
  name: string,
): Promise<Buffer> {
  const placeholder = `zz/${name}`;
  const z = await zip({ [placeholder]: Buffer.from('#!/bin/sh\necho pwned\n'), ...entries });
  const from = Buffer.from(placeholder);
  const to = Buffer.from(`../${name}`);
  let at = z.indexOf(from);
  while (at >= 0) {
    to.copy(z, at);
    at = z.indexOf(from, at + 1);
  }
  return z;
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

export interface Tls {
  readonly caFile: string;
  readonly key: Buffer;
  readonly cert: Buffer;
}

/** A CA and a certificate it signs for 127.0.0.1 (and `extraHosts`), made with openssl. */
export function makeTls(dir: string, extraHosts: readonly string[] = []): Tls {
  const f = (n: string): string => path.join(dir, n);
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'pipe' });
  };
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=kiln test CA',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
  );
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
  );
  const san = ['IP:127.0.0.1', ...extraHosts.map((h) => `DNS:${h}`)].join(',');
  fs.writeFileSync(f('ext.cnf'), `subjectAltName=${san}\n`);
  run(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    f('ext.cnf'),
    '-out',
    f('server.pem'),
  );
  return {
    caFile: f('ca.pem'),
    key: fs.readFileSync(f('server.key')),
    cert: fs.readFileSync(f('server.pem')),
  };
}

export interface Route {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  /** Sends this many bytes of the body (its full length announced), then nothing more: a stalled download. */
  readonly stallAfter?: number;
}

export interface ReleaseServer {
  readonly url: string;
  readonly port: number;
  /** Path → answer; anything else is a 404. Tests change it freely. */
  readonly routes: Map<string, Route>;
  /** Every request, in order: method, path, authorization header. */
  readonly requests: { path: string; authorization?: string }[];
  close(): Promise<void>;
}

export async function startReleaseServer(tls: Tls): Promise<ReleaseServer> {
  const routes = new Map<string, Route>();
  const requests: { path: string; authorization?: string }[] = [];
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const p = (req.url ?? '/').split('?')[0];
    requests.push({
      path: p,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    const route = routes.get(p);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (route.stallAfter !== undefined) {
      const body = Buffer.from(route.body ?? '');
      res.writeHead(route.status ?? 200, { 'content-length': String(body.length), ...(route.headers ?? {}) });
      res.write(body.subarray(0, route.stallAfter));
      return;
    }
    res.writeHead(route.status ?? 200, { ...(route.headers ?? {}) }).end(route.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    routes,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface PublishedRelease {
  readonly version: string;
  readonly zip: Buffer;
  readonly zipName: string;
  /** The SHA256SUMS text served (tests may replace it). */
  readonly sums: string;
}

/** Other platforms' archive names in a SHA256SUMS (their hashes are of stand-in bytes, never downloaded). */
const OTHER_PLATFORMS = [
  'linux_amd64',
  'linux_arm64',
  'darwin_amd64',
  'darwin_arm64',
  'windows_amd64',
  'windows_arm64',
  'freebsd_amd64',
].filter((p) => p !== `${HOST_OS}_${HOST_ARCH}`);

/**
 * Publishes kilnfixture's fixture binaries as `name` in the official layout under /releases (for
 * the `hashicorp` namespace) and the GitHub layout under /api + /gh (for `owner`).
 */
export function publishOfficial(
  server: ReleaseServer,
  name: string,
  versions: readonly string[],
  binaryOf: (version: string) => string = fixtureBinary,
): Promise<PublishedRelease[]> {
  return publishReleaseLayout(server, '/releases', name, versions, { binaryOf });
}

/**
 * The official site's layout under `prefix` (`<prefix>/packer-plugin-<name>/index.json`, …), as a
 * mirror serves it for Packer's remote getter: a verbatim copy of the official site's tree
 * (archives named `packer-plugin-<name>_<version>_<os>_<arch>.zip`, a manifest per version), or,
 * with `githubNames`, a GitHub release retrofitted into it (the assets' own names, which carry the
 * API version, and no manifest).
 */
export async function publishReleaseLayout(
  server: ReleaseServer,
  prefix: string,
  name: string,
  versions: readonly string[],
  opts: { binaryOf?: (version: string) => string; githubNames?: boolean } = {},
): Promise<PublishedRelease[]> {
  const binaryOf = opts.binaryOf ?? fixtureBinary;
  const out: PublishedRelease[] = [];
  const base = `${prefix}/packer-plugin-${name}`;
  const index: Record<string, unknown> = {};
  const archiveName = (version: string, platform: string): string =>
    opts.githubNames
      ? `packer-plugin-${name}_v${version}_x5.0_${platform}.zip`
      : `packer-plugin-${name}_${version}_${platform}.zip`;
  for (const version of versions) {
    const binaryName = `packer-plugin-${name}_v${version}_x5.0_${HOST_OS}_${HOST_ARCH}`;
    const z = await zip({ [binaryName]: fs.readFileSync(binaryOf(version)) });
    const zipName = archiveName(version, `${HOST_OS}_${HOST_ARCH}`);
    const sums =
      [
        `${sha256(z)}  ${zipName}`,
        ...OTHER_PLATFORMS.map((p) => `${sha256(Buffer.from(p + version))}  ${archiveName(version, p)}`),
      ].join('\n') + '\n';
    index[version] = { name: `packer-plugin-${name}`, version };
    server.routes.set(`${base}/${version}/${zipName}`, { body: z });
    server.routes.set(`${base}/${version}/packer-plugin-${name}_${version}_SHA256SUMS`, { body: sums });
    if (!opts.githubNames) {
      server.routes.set(`${base}/${version}/packer-plugin-${name}_${version}_manifest.json`, {
        body: JSON.stringify({ version: 1, metadata: { protocol_version: '5.0' } }),
      });
    }
    out.push({ version, zip: z, zipName, sums });
  }
  server.routes.set(`${base}/index.json`, {
    body: JSON.stringify({ name: `packer-plugin-${name}`, versions: index }),
  });
  return out;
}

export async function publishGitHub(
  server: ReleaseServer,
  owner: string,
  name: string,
  versions: readonly string[],
): Promise<PublishedRelease[]> {
  const out: PublishedRelease[] = [];
  const repo = `${owner}/packer-plugin-${name}`;
  for (const version of versions) {
    const binaryName = `packer-plugin-${name}_v${version}_x5.0_${HOST_OS}_${HOST_ARCH}`;
    const z = await zip({ [binaryName]: fs.readFileSync(fixtureBinary(version)) });
    const zipName = `${binaryName}.zip`;
    const sums =
      [
        `${sha256(z)}  ${zipName}`,
        ...OTHER_PLATFORMS.map(
          (p) => `${sha256(Buffer.from(p + version))}  packer-plugin-${name}_v${version}_x5.0_${p}.zip`,
        ),
      ].join('\n') + '\n';
    const download = `/gh/${repo}/releases/download/v${version}`;
    // GitHub answers release downloads with a redirect to its storage host.
    for (const [file, body] of [
      [zipName, z],
      [`packer-plugin-${name}_v${version}_SHA256SUMS`, Buffer.from(sums)],
    ] as const) {
      server.routes.set(`${download}/${file}`, {
        status: 302,
        headers: { location: `/assets/${repo}/${version}/${file}` },
      });
      server.routes.set(`/assets/${repo}/${version}/${file}`, { body });
    }
    out.push({ version, zip: z, zipName, sums });
  }
  server.routes.set(`/api/repos/${repo}/git/matching-refs/tags`, {
    headers: { 'content-type': 'application/json', 'x-ratelimit-remaining': '59' },
    body: JSON.stringify(versions.map((v) => ({ ref: `refs/tags/v${v}` }))),
  });
  return out;
}

/** The environment pointing Kiln's release sources at the server. */
export function releaseEnv(server: { url: string }, tls: Tls, pluginDir: string): Record<string, string> {
  return {
    PACKER_PLUGIN_PATH: pluginDir,
    KILN_PLUGIN_CA_FILE: tls.caFile,
    KILN_PLUGIN_RELEASES_URL: `${server.url}/releases`,
    KILN_PLUGIN_GITHUB_API_URL: `${server.url}/api`,
    KILN_PLUGIN_GITHUB_URL: `${server.url}/gh`,
  };
}

/** Every file below `dir` (relative), sorted: what a failed install must have left unchanged. */
export function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * A template requiring kilnfixture from `source` and using its data source and builder (under the
 * plugin's local name `accessor`): what `kiln init` installs and `validate`/`build` then run.
 */
export const fixtureTemplate = (
  source: string,
  constraint: string,
  accessor = 'kilnfixture',
): string => `packer {
  required_plugins {
    ${accessor} = {
      source  = "${source}"
      version = "${constraint}"
    }
  }
}

data "${accessor}-my-datasource" "d" {
  mock = "dee"
}

source "${accessor}-my-builder" "b" {
  mock = "from-init"
}

build {
  sources = ["source.${accessor}-my-builder.b"]
}
`;
