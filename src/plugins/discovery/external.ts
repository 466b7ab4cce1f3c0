/**
 * `KILN_PLUGINS`: whether types Kiln implements natively run from an installed plugin instead.
 *   unset, "" or "native"        native types run natively (the default)
 *   "external"                   every type of a plugin (not Packer's built-ins such as shell or
 *                                file) runs from the installed plugin
 *   "external:docker,amazon"     only the types of these plugins (names or source addresses)
 * A forced plugin that is not installed is an error rather than a silent fallback.
 */
export interface ExternalSwitch {
  /** Whether a native type of `pluginSource` (its schema's `plugin`) should run from the installed plugin. */
  forced(pluginSource: string): boolean;
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
        `"external:<plugin>[,<plugin>...]" (names such as docker, or source addresses such as github.com/hashicorp/docker).`,
    );
  }
  const wanted = new Set(
    m[1]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  return {
    forced: (source) =>
      source !== 'builtin' && (wanted.has(source) || wanted.has(source.split('/').pop() ?? '')),
  };
}
