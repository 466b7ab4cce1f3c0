import { githubReleases } from './github-releases';
import { officialReleases, remoteReleases } from './release-site';
import type { ReleaseSource, SourceOptions } from './sources';

/**
 * The sources to ask, in order (KILN_PLUGIN_SOURCES picks and orders them). Each serves its own
 * sources only (github.com's two, the remote one every other host), so the order matters only
 * between `releases` and `github`.
 */
export function releaseSources(opts: SourceOptions): ReleaseSource[] {
  const wanted = (opts.env.KILN_PLUGIN_SOURCES || 'releases,github,remote').split(',').map((s) => s.trim());
  const known: Record<string, () => ReleaseSource> = {
    releases: () => officialReleases(opts),
    github: () => githubReleases(opts),
    remote: () => remoteReleases(opts),
  };
  return wanted.map((w) => {
    const make = known[w];
    if (!make) throw new Error(`KILN_PLUGIN_SOURCES: unknown source "${w}" (use releases, github, remote)`);
    return make();
  });
}
