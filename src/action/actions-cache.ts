import * as cache from '@actions/cache';

import type { CacheBackend } from './plugin-cache';

/**
 * The entry of the `actions-cache` lazy bundle (src/lazy-bundles.ts): @actions/cache and the Azure
 * storage client it carries are read only when the action restores or saves the plugin directory.
 */
export const actionsCache: CacheBackend = {
  available: () => cache.isFeatureAvailable(),
  restore: (paths, key) => cache.restoreCache([...paths], key),
  save: async (paths, key) => {
    await cache.saveCache([...paths], key);
  },
};
