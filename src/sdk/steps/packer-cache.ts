import * as path from 'node:path';

/**
 * Packer's cache directory (packer-plugin-sdk's packer.CachePath), shared with Packer so that an
 * image either tool downloaded is found by the other: PACKER_CACHE_DIR when set (relative to the
 * working directory), else on Windows `packer_cache` in the working directory, else
 * `$XDG_CACHE_HOME/packer`, else `$HOME/.cache/packer`. (Packer before 1.7 used `./packer_cache`
 * everywhere; set PACKER_CACHE_DIR=packer_cache for that.)
 */
export function packerCacheDir(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const configured = env.PACKER_CACHE_DIR;
  if (configured) return path.resolve(cwd, configured);
  if (platform === 'win32') return path.resolve(cwd, 'packer_cache');
  if (env.XDG_CACHE_HOME) return path.resolve(cwd, env.XDG_CACHE_HOME, 'packer');
  return path.resolve(cwd, env.HOME ?? '', '.cache', 'packer');
}
