import { BlockBlobClient } from '@azure/storage-blob';
import * as fs from 'fs';
import * as path from 'path';
import { fakeActionCore } from '../support/action';

import { actionsCache } from '../../src/action/actions-cache';
import type { CacheBackend } from '../../src/action/plugin-cache';
import { runAction } from '../../src/action/run';
import {
  type ReleaseServer,
  type Tls,
  describeWithReleaseFixtures,
  filesBelow,
  makeTls,
  publishOfficial,
  releaseEnv,
  startReleaseServer,
} from '../support/plugin-releases';
import { startCacheServer } from '../support/actions-cache-server';
import { type CacheV2Server, startCacheV2Server } from '../support/actions-cache-v2-server';
import { tempDir, writeFiles } from '../support/temp';

/**
 * The action runs `kiln init` before validate/build when the template requires plugins, with the
 * plugin directory in the Actions cache (issue 17): without a cache service one warning and the
 * build goes on; with a cache, a second run restores the directory and makes no plugin request.
 * (The cache backend here is a directory copy standing in for @actions/cache; the real one is
 * exercised for its absence only.)
 */

jest.setTimeout(120_000);

const TEMPLATE = `packer {
  required_plugins {
    kilnfixture = {
      source  = "github.com/hashicorp/kilnfixture"
      version = "~> 1.0"
    }
    docker = {
      source  = "github.com/hashicorp/docker"
      version = ">= 1.0.0"
    }
  }
}

data "kilnfixture-my-datasource" "d" {
  mock = "dee"
}

source "null" "n" {
  communicator = "none"
}

build {
  sources = ["source.null.n"]
}
`;

interface Run {
  code: number;
  warnings: string[];
  failed: string[];
  summary: string;
}

async function runValidate(
  ws: string,
  env: Record<string, string>,
  pluginCache?: () => CacheBackend,
): Promise<Run> {
  const warnings: string[] = [];
  const failed: string[] = [];
  let summary = '';
  const inputs: Record<string, string> = {
    command: 'validate',
    template: 'tpl',
    'github-token': 'job-token',
  };
  const core = fakeActionCore({
    getInput: (n) => inputs[n] ?? '',
    setFailed: (m) => failed.push(m),
    warning: (m) => warnings.push(m),
    writeSummary: (md) => {
      summary += md;
      return Promise.resolve();
    },
  });
  const before = process.cwd();
  try {
    const code = await runAction(core, {
      env: { PATH: process.env.PATH ?? '', GITHUB_STEP_SUMMARY: path.join(ws, 'summary'), ...env },
      workspace: ws,
      chdir: (d) => process.chdir(d),
      ...(pluginCache ? { pluginCache } : {}),
    });
    return { code, warnings, failed, summary };
  } finally {
    process.chdir(before);
  }
}

/** A cache that keeps copies of directories under keys, and counts what it is asked. */
function directoryCache(store: string): CacheBackend & { saves: string[]; restores: string[] } {
  const saves: string[] = [];
  const restores: string[] = [];
  return {
    saves,
    restores,
    available: () => true,
    restore(paths, key) {
      restores.push(key);
      const from = path.join(store, key);
      if (!fs.existsSync(from)) return Promise.resolve(undefined);
      fs.cpSync(from, paths[0], { recursive: true });
      return Promise.resolve(key);
    },
    save(paths, key) {
      saves.push(key);
      fs.cpSync(paths[0], path.join(store, key), { recursive: true });
      return Promise.resolve();
    },
  };
}

/**
 * Runs `fn` with the runner's variables @actions/cache reads from the process environment, and
 * what reaches standard output meanwhile (the toolkit's workflow commands would be annotations).
 */
async function withRunnerEnv<T>(
  vars: Record<string, string | undefined>,
  fn: () => Promise<T>,
): Promise<{ value: T; stdout: string }> {
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(vars)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    // Kept, not printed: the toolkit's ::debug:: lines would flood the test log.
    stdout += typeof chunk === 'string' ? chunk : String(chunk);
    rest.find((r): r is () => void => typeof r === 'function')?.();
    return true;
  }) as typeof process.stdout.write;
  try {
    return { value: await fn(), stdout };
  } finally {
    process.stdout.write = write;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A runner on the cache service v2 (ACTIONS_CACHE_SERVICE_V2, ACTIONS_RESULTS_URL), as GitHub's are now. */
const v2Runner = (server: { url: string; token: string }): Record<string, string | undefined> => ({
  ACTIONS_CACHE_SERVICE_V2: 'true',
  ACTIONS_RESULTS_URL: server.url,
  ACTIONS_RUNTIME_TOKEN: server.token,
  ACTIONS_CACHE_URL: undefined,
  // github.com (unset): GHES falls back to v1.
  GITHUB_SERVER_URL: undefined,
  RUNNER_TEMP: tempDir('kiln-action-runner-temp-'),
});

describeWithReleaseFixtures('the action installs plugins before validate, with the plugin cache', () => {
  let tls: Tls;
  let server: ReleaseServer;
  beforeAll(async () => {
    tls = makeTls(tempDir('kiln-action-tls-'));
    server = await startReleaseServer(tls);
    await publishOfficial(server, 'kilnfixture', ['1.0.0']);
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('without a cache service: one warning, plugins downloaded, validate runs, the summary lists them', async () => {
    const ws = writeFiles(tempDir('kiln-action-plugins-'), { 'tpl/main.pkr.hcl': TEMPLATE });
    const plugins = path.join(ws, '.plugins');
    // The real @actions/cache, on a runner without ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL.
    const run = await runValidate(ws, releaseEnv(server, tls, plugins), () => actionsCache);
    expect(run.failed).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.warnings).toEqual([
      'The plugin cache is not available (no cache service on this runner): plugins are downloaded, the build goes on.',
    ]);
    expect(server.requests.length).toBe(4);
    expect(filesBelow(plugins)).toHaveLength(2);
    expect(run.summary).toContain('### Plugins');
    expect(run.summary).toContain('| github.com/hashicorp/kilnfixture | v1.0.0 | installed from 127.0.0.1:');
    expect(run.summary).toContain('| github.com/hashicorp/docker | built in | Kiln runs it natively |');
  });

  it('with a cache: the first run saves what it installed, a warm run restores it and makes zero plugin requests', async () => {
    const store = tempDir('kiln-action-cache-store-');
    const cache = directoryCache(store);
    const ws = writeFiles(tempDir('kiln-action-plugins-'), { 'tpl/main.pkr.hcl': TEMPLATE });
    const cold = await runValidate(ws, releaseEnv(server, tls, path.join(ws, 'plugins-1')), () => cache);
    expect([cold.code, cold.warnings, cold.failed]).toEqual([0, [], []]);
    expect(server.requests.length).toBe(4);
    expect(cache.saves).toHaveLength(1);
    expect(cache.saves[0]).toMatch(/^kiln-plugins-\w+-\w+-[0-9a-f]{32}$/);

    // A new job: a fresh checkout (the lock was not committed) and an empty plugin directory.
    fs.rmSync(path.join(ws, 'tpl', '.kiln.lock.hcl'));
    server.requests.length = 0;
    const warm = await runValidate(ws, releaseEnv(server, tls, path.join(ws, 'plugins-2')), () => cache);
    expect([warm.code, warm.warnings, warm.failed]).toEqual([0, [], []]);
    expect(server.requests).toEqual([]);
    expect(cache.restores).toEqual([cache.saves[0], cache.saves[0]]);
    expect(cache.saves).toHaveLength(1);
    expect(warm.summary).toContain('| github.com/hashicorp/kilnfixture | v1.0.0 | from the cache |');
  });

  it('with the real @actions/cache against a cache service on loopback: saved cold, restored warm, zero plugin requests', async () => {
    const cacheServer = await startCacheServer();
    const saved: Record<string, string | undefined> = {};
    const runnerEnv: Record<string, string | undefined> = {
      ACTIONS_CACHE_URL: cacheServer.url,
      ACTIONS_RUNTIME_TOKEN: 'runtime-token',
      ACTIONS_RESULTS_URL: undefined,
      ACTIONS_CACHE_SERVICE_V2: undefined,
      RUNNER_TEMP: tempDir('kiln-action-runner-temp-'),
    };
    // @actions/cache reads the runner's variables from the process environment.
    for (const [k, v] of Object.entries(runnerEnv)) {
      saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    try {
      const ws = writeFiles(tempDir('kiln-action-plugins-'), { 'tpl/main.pkr.hcl': TEMPLATE });
      // The same path in both jobs, as on runners (the cache's version covers the paths).
      const plugins = path.join(ws, 'plugins');
      const cold = await runValidate(ws, releaseEnv(server, tls, plugins), () => actionsCache);
      expect([cold.code, cold.warnings, cold.failed]).toEqual([0, [], []]);
      expect(server.requests.length).toBe(4);
      expect([...cacheServer.entries.keys()]).toEqual([
        expect.stringMatching(/^kiln-plugins-\w+-\w+-[0-9a-f]{32}$/),
      ]);

      // A new job: a fresh checkout without the lock, an empty plugin directory.
      fs.rmSync(path.join(ws, 'tpl', '.kiln.lock.hcl'));
      fs.rmSync(plugins, { recursive: true });
      server.requests.length = 0;
      cacheServer.requests.length = 0;
      const warm = await runValidate(ws, releaseEnv(server, tls, plugins), () => actionsCache);
      expect([warm.code, warm.warnings, warm.failed]).toEqual([0, [], []]);
      expect(server.requests).toEqual([]);
      expect(filesBelow(plugins)).toHaveLength(2);
      // Looked up and downloaded; nothing reserved or uploaded again.
      expect(cacheServer.requests).toEqual([
        'GET /_apis/artifactcache/cache',
        expect.stringMatching(/^GET \/archive\//),
      ]);
      expect(warm.summary).toContain('| github.com/hashicorp/kilnfixture | v1.0.0 | from the cache |');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await cacheServer.close();
    }
  });

  it('init failing fails the step before validate, naming the plugin', async () => {
    const ws = writeFiles(tempDir('kiln-action-plugins-'), {
      'tpl/main.pkr.hcl': TEMPLATE.replace('~> 1.0', '>= 9.0'),
    });
    const run = await runValidate(ws, releaseEnv(server, tls, path.join(ws, 'plugins')));
    expect(run.code).toBe(1);
    expect(run.failed).toEqual([
      "kiln init could not install the template's plugins: github.com/hashicorp/kilnfixture.",
    ]);
  });

  it('the init input turns it off', async () => {
    const ws = writeFiles(tempDir('kiln-action-plugins-'), { 'tpl/main.pkr.hcl': TEMPLATE });
    const errors: string[] = [];
    const core = fakeActionCore({
      getInput: (n) => ({ command: 'validate', template: 'tpl', init: 'false' })[n] ?? '',
      error: (m) => errors.push(m),
    });
    const before = process.cwd();
    try {
      const code = await runAction(core, {
        env: releaseEnv(server, tls, path.join(ws, 'plugins')),
        workspace: ws,
        chdir: (d) => process.chdir(d),
      });
      // validate alone: the plugin is missing, as `kiln validate` reports it.
      expect(code).toBe(1);
    } finally {
      process.chdir(before);
    }
    expect(server.requests).toEqual([]);
    expect(errors.join('\n')).toContain('Did you run kiln init for this project ?');
  });
});

describeWithReleaseFixtures(
  'the action with the real @actions/cache on the cache service v2 (twirp + blob storage) on loopback',
  () => {
    let tls: Tls;
    let server: ReleaseServer;
    let cacheServer: CacheV2Server;
    beforeAll(async () => {
      tls = makeTls(tempDir('kiln-action-tls-'));
      server = await startReleaseServer(tls);
      await publishOfficial(server, 'kilnfixture', ['1.0.0']);
    });
    afterAll(() => server.close());
    beforeEach(async () => {
      server.requests.length = 0;
      cacheServer = await startCacheV2Server();
    });
    afterEach(() => cacheServer.close());

    const lines = (): string[] => cacheServer.requests.map((r) => r.line);

    it('cold: installs and saves one entry, finalized with the archive size; warm: restores it, zero plugin requests', async () => {
      const ws = writeFiles(tempDir('kiln-action-plugins-'), { 'tpl/main.pkr.hcl': TEMPLATE });
      const plugins = path.join(ws, 'plugins');
      const { value: cold, stdout: coldOut } = await withRunnerEnv(v2Runner(cacheServer), () =>
        runValidate(ws, releaseEnv(server, tls, plugins), () => actionsCache),
      );
      expect([cold.code, cold.warnings, cold.failed]).toEqual([0, [], []]);
      expect(server.requests.length).toBe(4);
      // A miss, one entry created, the archive in one Put Blob (under the 128 MiB single shot), finalized.
      expect(lines()).toEqual([
        'POST GetCacheEntryDownloadURL',
        'POST CreateCacheEntry',
        'PUT blob',
        'POST FinalizeCacheEntryUpload',
      ]);
      const [lookup, create, , finalize] = cacheServer.requests;
      const key = String(lookup.body?.key);
      expect(key).toMatch(/^kiln-plugins-\w+-\w+-[0-9a-f]{32}$/);
      expect(lookup.body?.version).toMatch(/^[0-9a-f]{64}$/);
      expect(create.body).toEqual({ key, version: lookup.body?.version });
      expect([...cacheServer.entries.keys()]).toEqual([key]);
      const entry = cacheServer.entries.get(key);
      // int64 travels as a JSON string in proto3 JSON.
      expect(finalize.body).toEqual({
        key,
        version: lookup.body?.version,
        size_bytes: String(entry?.data.length),
      });
      expect(entry?.sizeBytes).toBe(entry?.data.length);
      expect(entry?.data.length).toBeGreaterThan(1000);
      expect(coldOut).not.toMatch(/^::(warning|error)/m);

      // A new job: a fresh checkout without the lock, an empty plugin directory.
      fs.rmSync(path.join(ws, 'tpl', '.kiln.lock.hcl'));
      fs.rmSync(plugins, { recursive: true });
      server.requests.length = 0;
      cacheServer.requests.length = 0;
      const { value: warm } = await withRunnerEnv(v2Runner(cacheServer), () =>
        runValidate(ws, releaseEnv(server, tls, plugins), () => actionsCache),
      );
      expect([warm.code, warm.warnings, warm.failed]).toEqual([0, [], []]);
      expect(server.requests).toEqual([]);
      expect(filesBelow(plugins)).toHaveLength(2);
      // Looked up and downloaded from the signed URL; nothing created or uploaded again.
      expect(lines()).toEqual(['POST GetCacheEntryDownloadURL', 'GET blob']);
      expect(warm.summary).toContain('| github.com/hashicorp/kilnfixture | v1.0.0 | from the cache |');
    });

    it('the blob side as @azure/storage-blob speaks it beyond the toolkit’s 128 MiB single shot: staged blocks and a block list up, ranged reads down', async () => {
      // Archives over 128 MiB are uploaded in 64 MiB blocks; a download from *.blob.core.windows.net
      // uses the SDK's ranged reads. Both with small sizes here, through the same signed URLs.
      const rpc = async (method: string, body: unknown): Promise<Record<string, unknown>> => {
        const res = await fetch(
          `${cacheServer.url}twirp/github.actions.results.api.v1.CacheService/${method}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${cacheServer.token}` },
            body: JSON.stringify(body),
          },
        );
        return (await res.json()) as Record<string, unknown>;
      };
      const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));
      const created = await rpc('CreateCacheEntry', { key: 'k', version: 'v' });
      const upload = new BlockBlobClient(String(created.signed_upload_url));
      await upload.uploadData(data, { blockSize: 1024, maxSingleShotSize: 1024, concurrency: 2 });
      expect(await rpc('FinalizeCacheEntryUpload', { key: 'k', version: 'v', size_bytes: '5000' })).toEqual({
        ok: true,
        entry_id: '1',
      });
      const found = await rpc('GetCacheEntryDownloadURL', { key: 'k', version: 'v' });
      const download = new BlockBlobClient(String(found.signed_download_url));
      const properties = await download.getProperties();
      expect(properties.contentLength).toBe(5000);
      const back = await download.downloadToBuffer(0, 5000, { blockSize: 1000, concurrency: 2 });
      expect(back.equals(data)).toBe(true);
      expect(lines().filter((l) => l === 'PUT blob comp=block')).toHaveLength(5);
      expect(lines()).toContain('PUT blob comp=blocklist');
      expect(lines().filter((l) => l === 'GET blob').length).toBeGreaterThanOrEqual(5);
    });

    const WARNING_TAIL = 'plugins are downloaded, the build goes on.';
    const cases: readonly {
      name: string;
      break: (s: CacheV2Server) => void;
      warning: RegExp;
      calls: string[];
    }[] = [
      {
        name: 'the lookup refused (403)',
        break: (s) =>
          s.faults.set('GetCacheEntryDownloadURL', {
            status: 403,
            code: 'permission_denied',
            msg: 'no cache for forks',
          }),
        warning: new RegExp(
          `^The plugin cache is not available \\(restoring failed: Failed to restore: Failed to GetCacheEntryDownloadURL: Received non-retryable error: Failed request: \\(403\\) Forbidden: no cache for forks\\): ${WARNING_TAIL}$`,
        ),
        // Nothing saved after a failed restore: the service is not usable.
        calls: ['POST GetCacheEntryDownloadURL'],
      },
      {
        name: 'the entry not created (over quota: the cause is only in the toolkit debug log)',
        break: (s) =>
          s.faults.set('CreateCacheEntry', {
            status: 403,
            code: 'permission_denied',
            msg: 'insufficient usage to create cache entry',
          }),
        warning:
          /^The plugin cache could not be saved \(Failed to save: Unable to reserve cache with key kiln-plugins-\w+-\w+-[0-9a-f]{32}, another job may be creating this cache\.\); the build goes on\.$/,
        calls: ['POST GetCacheEntryDownloadURL', 'POST CreateCacheEntry'],
      },
      {
        name: 'the entry created by another job meanwhile (409 already_exists)',
        break: (s) =>
          s.faults.set('CreateCacheEntry', {
            status: 409,
            code: 'already_exists',
            msg: 'cache entry already exists',
          }),
        warning:
          /^The plugin cache could not be saved \(Failed to save: Unable to reserve cache with key kiln-plugins-\w+-\w+-[0-9a-f]{32}, another job may be creating this cache\.\); the build goes on\.$/,
        calls: ['POST GetCacheEntryDownloadURL', 'POST CreateCacheEntry'],
      },
      {
        name: 'the blob upload refused',
        break: (s) => {
          s.blobUploadStatus = 403;
        },
        warning:
          /^The plugin cache could not be saved \(uploadCacheArchiveSDK: internal error uploading cache archive: .*\); the build goes on\.$/s,
        calls: ['POST GetCacheEntryDownloadURL', 'POST CreateCacheEntry', 'PUT blob'],
      },
      {
        name: 'the entry not finalized',
        break: (s) =>
          s.faults.set('FinalizeCacheEntryUpload', {
            status: 400,
            code: 'invalid_argument',
            msg: 'size mismatch',
          }),
        warning:
          /^The plugin cache could not be saved \(Failed to save: Failed to FinalizeCacheEntryUpload: Received non-retryable error: Failed request: \(400\) Bad Request: size mismatch\); the build goes on\.$/,
        calls: [
          'POST GetCacheEntryDownloadURL',
          'POST CreateCacheEntry',
          'PUT blob',
          'POST FinalizeCacheEntryUpload',
        ],
      },
    ];

    it.each(cases)(
      "$name: one warning, the toolkit's own kept off the log, plugins installed, validate runs",
      async (c) => {
        c.break(cacheServer);
        const ws = writeFiles(tempDir('kiln-action-plugins-'), { 'tpl/main.pkr.hcl': TEMPLATE });
        const plugins = path.join(ws, 'plugins');
        const { value: run, stdout } = await withRunnerEnv(v2Runner(cacheServer), () =>
          runValidate(ws, releaseEnv(server, tls, plugins), () => actionsCache),
        );
        expect([run.code, run.failed]).toEqual([0, []]);
        expect(run.warnings).toEqual([expect.stringMatching(c.warning)]);
        expect(stdout).not.toMatch(/^::(warning|error)/m);
        expect(lines()).toEqual(c.calls);
        expect(cacheServer.entries.size).toBe(0);
        expect(server.requests.length).toBe(4);
        expect(filesBelow(plugins)).toHaveLength(2);
      },
    );

    it('an unreachable results service: one warning at once (no retries), the build goes on', async () => {
      const address = cacheServer.url;
      await cacheServer.close();
      const ws = writeFiles(tempDir('kiln-action-plugins-'), { 'tpl/main.pkr.hcl': TEMPLATE });
      const started = Date.now();
      const { value: run } = await withRunnerEnv(
        { ...v2Runner(cacheServer), ACTIONS_RESULTS_URL: address },
        () => runValidate(ws, releaseEnv(server, tls, path.join(ws, 'plugins')), () => actionsCache),
      );
      expect([run.code, run.failed]).toEqual([0, []]);
      expect(run.warnings).toEqual([
        expect.stringMatching(
          /^The plugin cache is not available \(restoring failed: Failed to restore: Failed to GetCacheEntryDownloadURL: Unable to make request: ECONNREFUSED/,
        ),
      ]);
      expect(Date.now() - started).toBeLessThan(20_000);
    });
  },
);
