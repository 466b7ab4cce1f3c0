import { type CacheBackend, pluginCacheKey, withPluginCache } from '../../src/action/plugin-cache';
import type { InitResult } from '../../src/plugins/install/init';

/** withPluginCache's decisions, with a fake cache: the cache never fails a build. */

const installed: InitResult = {
  requirement: { accessor: 'a', source: 'github.com/a/a', constraints: '', builtin: false },
  status: 'installed',
  outcome: { status: 'installed', version: '1.0.0', binary: '/x', hashes: [] },
};
const present: InitResult = { ...installed, status: 'present' } as InitResult;

function fake(over: Partial<CacheBackend> = {}): CacheBackend & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    available: () => true,
    restore: (_p, key) => {
      calls.push(`restore ${key}`);
      return Promise.resolve(undefined);
    },
    save: (_p, key) => {
      calls.push(`save ${key}`);
      return Promise.resolve();
    },
    ...over,
  };
}

async function run(backend: (() => CacheBackend) | undefined, results: InitResult[], code = 0) {
  const warnings: string[] = [];
  let inits = 0;
  const r = await withPluginCache({
    backend,
    directory: '/plugins',
    key: 'k',
    warning: (m) => warnings.push(m),
    info: () => undefined,
    runInit: () => {
      inits++;
      return Promise.resolve({ code, results });
    },
  });
  return { ...r, warnings, inits };
}

describe('the plugin cache around kiln init', () => {
  it('a miss: init runs, what it installed is saved under the key', async () => {
    const b = fake();
    const r = await run(() => b, [installed]);
    expect(b.calls).toEqual(['restore k', 'save k']);
    expect([r.restored, r.saved, r.warnings, r.inits]).toEqual([false, true, [], 1]);
  });

  it('a hit: nothing installed, nothing saved', async () => {
    const b = fake({ restore: () => Promise.resolve('k') });
    const r = await run(() => b, [present]);
    expect([r.restored, r.saved, b.calls]).toEqual([true, false, []]);
  });

  it('no save when init failed or installed nothing', async () => {
    const b = fake();
    await run(() => b, [installed], 1);
    await run(() => b, [present]);
    expect(b.calls).toEqual(['restore k', 'restore k']);
  });

  it('no cache service, a failing restore, a failing save, a broken bundle: one warning each, init still runs', async () => {
    const unavailable = await run(() => fake({ available: () => false }), [installed]);
    expect([unavailable.warnings.length, unavailable.inits, unavailable.saved]).toEqual([1, 1, false]);
    const restoreFails = await run(
      () => fake({ restore: () => Promise.reject(new Error('503')) }),
      [installed],
    );
    expect(restoreFails.warnings).toEqual([
      'The plugin cache is not available (restoring failed: 503): plugins are downloaded, the build goes on.',
    ]);
    expect([restoreFails.inits, restoreFails.saved]).toEqual([1, false]);
    const saveFails = await run(
      () => fake({ save: () => Promise.reject(new Error('already exists')) }),
      [installed],
    );
    expect(saveFails.warnings).toEqual([
      'The plugin cache could not be saved (already exists); the build goes on.',
    ]);
    expect(saveFails.code).toBe(0);
    const broken = await run(() => {
      throw new Error('cannot load');
    }, [installed]);
    expect([broken.warnings.length, broken.inits]).toEqual([1, 1]);
  });

  it('no backend (the plugin-cache input off): init alone, no warning', async () => {
    const r = await run(undefined, [installed]);
    expect([r.warnings, r.inits, r.saved]).toEqual([[], 1, false]);
  });

  it('keys by OS, architecture and a hash of the lock file or constraints', () => {
    expect(pluginCacheKey('linux', 'amd64', 'lock text')).toMatch(/^kiln-plugins-linux-amd64-[0-9a-f]{32}$/);
    expect(pluginCacheKey('linux', 'amd64', 'a')).not.toBe(pluginCacheKey('linux', 'amd64', 'b'));
    expect(pluginCacheKey('darwin', 'arm64', 'a')).not.toBe(pluginCacheKey('linux', 'amd64', 'a'));
  });
});
