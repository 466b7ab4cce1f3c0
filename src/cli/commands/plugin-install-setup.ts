import { pluginDirectory } from '../../plugins/discovery';
import { type ReleaseSource, createHttpClient, releaseSources } from '../../plugins/install';
import { KILN_VERSION, PACKER_COMPAT_VERSION } from '../../version';

/**
 * What `kiln init` and `kiln plugins install` share: the plugin directory (Packer's) and the
 * release sources, in order, each on the one HTTP client (proxies, extra CAs from the environment).
 */
export interface InstallSetup {
  readonly directory: string;
  readonly sources: readonly ReleaseSource[];
  /** Closes the connections left open (call when done). */
  readonly close: () => void;
}

export function installSetup(env: Readonly<Record<string, string | undefined>>): InstallSetup {
  const directory = pluginDirectory(env);
  const http = createHttpClient({
    env,
    // Packer's getter names itself after its version; Kiln says what it is and which Packer it follows.
    userAgent: `kiln/${KILN_VERSION} (packer-getter-github-${PACKER_COMPAT_VERSION})`,
  });
  return { directory, sources: releaseSources({ http, env }), close: () => http.close() };
}
