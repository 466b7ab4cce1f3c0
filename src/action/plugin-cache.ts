import { createHash } from 'node:crypto';

import type { InitResult } from '../plugins/install/init';

/**
 * The action's plugin cache (issue 17): the plugin directory restored before `kiln init` and saved
 * after it, with @actions/cache, keyed by the runner's OS and architecture and the hash of the
 * template's lock file (or of its required_plugins constraints when it has no lock). It is saved
 * only when init installed something, and it never fails a build: when the cache service is not
 * there (forks, GHES without cache, outside GitHub) or fails, one warning says so and init
 * downloads what it needs.
 */

export interface CacheBackend {
  /** Whether the runner offers the cache service (ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL). */
  available(): boolean;
  /** The key restored, or undefined on a miss. */
  restore(paths: readonly string[], key: string): Promise<string | undefined>;
  save(paths: readonly string[], key: string): Promise<void>;
}

export interface PluginCacheRun {
  /** init's exit code. */
  readonly code: number;
  readonly results: readonly InitResult[];
  /** The cache held this key and the directory was restored from it. */
  readonly restored: boolean;
  readonly saved: boolean;
}

export interface PluginCacheOptions {
  /** undefined: the cache is not used (the `plugin-cache` input is false). */
  readonly backend: (() => CacheBackend) | undefined;
  readonly directory: string;
  readonly key: string;
  readonly warning: (message: string) => void;
  readonly info: (message: string) => void;
  readonly runInit: () => Promise<{ code: number; results: readonly InitResult[] }>;
}

export function pluginCacheKey(os: string, arch: string, material: string): string {
  return `kiln-plugins-${os}-${arch}-${createHash('sha256').update(material).digest('hex').slice(0, 32)}`;
}

export async function withPluginCache(opts: PluginCacheOptions): Promise<PluginCacheRun> {
  let backend: CacheBackend | undefined;
  const unavailable = (why: string): void => {
    opts.warning(`The plugin cache is not available (${why}): plugins are downloaded, the build goes on.`);
    backend = undefined;
  };
  let restored = false;
  if (opts.backend) {
    try {
      backend = opts.backend();
      if (!backend.available()) unavailable('no cache service on this runner');
    } catch (err) {
      unavailable((err as Error).message);
    }
  }
  if (backend) {
    try {
      restored = (await backend.restore([opts.directory], opts.key)) === opts.key;
      opts.info(
        restored ? `Plugins restored from the cache (${opts.key}).` : `No plugin cache for ${opts.key} yet.`,
      );
    } catch (err) {
      unavailable(`restoring failed: ${(err as Error).message}`);
    }
  }
  const { code, results } = await opts.runInit();
  let saved = false;
  if (backend && code === 0 && results.some((r) => r.status === 'installed')) {
    try {
      await backend.save([opts.directory], opts.key);
      saved = true;
      opts.info(`Plugins saved to the cache (${opts.key}).`);
    } catch (err) {
      // Another job of the run may have saved the same key first: still only a warning.
      opts.warning(`The plugin cache could not be saved (${(err as Error).message}); the build goes on.`);
    }
  }
  return { code, results, restored, saved };
}

/** The summary's plugins section: each required plugin installed, from the cache, present or built in. */
export function pluginSummary(run: PluginCacheRun): string {
  if (run.results.length === 0) return '';
  const rows = run.results.map((r) => {
    const source = r.requirement.source;
    switch (r.status) {
      case 'builtin':
        return `| ${source} | built in | Kiln runs it natively |`;
      case 'installed':
        return `| ${source} | v${r.outcome.version} | installed${r.outcome.from ? ` from ${r.outcome.from}` : ''} |`;
      case 'present':
        return `| ${source} | v${r.outcome.version} | ${run.restored ? 'from the cache' : 'already installed'} |`;
      case 'failed':
        return `| ${source} | | failed: ${r.error.message.split('\n')[0].replace(/\|/g, '\\|')} |`;
    }
  });
  return `\n### Plugins\n\n| Plugin | Version | |\n| --- | --- | --- |\n${rows.join('\n')}\n`;
}
