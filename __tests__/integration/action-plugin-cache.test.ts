import * as fs from 'fs';
import * as path from 'path';

import { actionsCache } from '../../src/action/actions-cache';
import type { CacheBackend } from '../../src/action/plugin-cache';
import { type ActionCore, runAction } from '../../src/action/run';
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
  const core: ActionCore = {
    getInput: (n) => inputs[n] ?? '',
    setOutput: () => undefined,
    setFailed: (m) => failed.push(m),
    info: () => undefined,
    warning: (m) => warnings.push(m),
    error: () => undefined,
    startGroup: () => undefined,
    endGroup: () => undefined,
    setSecret: () => undefined,
    saveState: () => undefined,
    writeSummary: (md) => {
      summary += md;
      return Promise.resolve();
    },
  };
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
    const core: ActionCore = {
      getInput: (n) => ({ command: 'validate', template: 'tpl', init: 'false' })[n] ?? '',
      setOutput: () => undefined,
      setFailed: () => undefined,
      info: () => undefined,
      warning: () => undefined,
      error: (m) => errors.push(m),
      startGroup: () => undefined,
      endGroup: () => undefined,
      setSecret: () => undefined,
      saveState: () => undefined,
      writeSummary: () => Promise.resolve(),
    };
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
