/**
 * `KILN_PLUGINS`: whether types Kiln implements natively run from an installed plugin instead.
 *   unset, "" or "native"        native types run natively (the default)
 *   "external"                   every type of a plugin (not Packer's built-ins such as shell or
 *                                file) runs from the installed plugin
 *   "external:docker,amazon"     only the types of these plugins (names or source addresses)
 *   "external:docker-tag"        only these types (a type named like its plugin, `docker`, is
 *                                the plugin's name: every type of it)
 * A forced plugin that is not installed is an error rather than a silent fallback.
 */
export interface ExternalSwitch {
  /**
   * Whether a native type of `pluginSource` (its schema's `plugin`) should run from the installed
   * plugin; with `type`, whether that one type should (the plugin is forced, or the type named).
   */
  forced(pluginSource: string, type?: string): boolean;
}

export const EXTERNAL_ENV = 'KILN_PLUGINS';

export function externalSwitch(env: Readonly<Record<string, string | undefined>>): ExternalSwitch {
  const raw = (env[EXTERNAL_ENV] ?? '').trim();
  if (raw === '' || raw === 'native') return { forced: () => false };
  if (raw === 'external') return { forced: (source) => source !== 'builtin' };
  const m = /^external:(.+)$/.exec(raw);
  if (!m) {
    throw new Error(
      `${EXTERNAL_ENV}=${raw} is not understood: use "native" (the default), "external", or ` +
        `"external:<plugin>[,<plugin>...]" (names such as docker, source addresses such as github.com/hashicorp/docker, or component types such as docker-tag).`,
    );
  }
  const wanted = new Set(
    m[1]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return {
    forced: (source, type) =>
      source !== 'builtin' &&
      (wanted.has(source) ||
        wanted.has(source.split('/').pop() ?? '') ||
        (type !== undefined && wanted.has(type))),
  };
}
