import { pluginDirectory } from '../../plugins/discovery';
import { type ReleaseSource, createHttpClient, releaseSources } from '../../plugins/install';
import { KILN_VERSION, PACKER_COMPAT_VERSION } from '../../version';
import type { CommandIO } from '../io';

/**
 * Listens for Ctrl-C (SIGINT/SIGTERM) while plugins are installed: Packer's line, then the
 * returned signal aborts, which stops the downloads at once. Packer's init only prints the line and
 * carries on with the download; Kiln stops, installs nothing more, and the command exits 1, as an
 * interrupted Packer command does.
 */
export function interruptible(io: CommandIO): { signal: AbortSignal; stop: () => void } {
  const cancel = new AbortController();
  const unsubscribe = io.onInterrupt?.((signal) => {
    if (cancel.signal.aborted) return;
    // Packer's handleTermInterrupt, shared by its commands, words it so (Go's names for the signals).
    const name = signal === 'SIGTERM' ? 'terminated' : signal === 'SIGPIPE' ? 'broken pipe' : 'interrupt';
    io.stderr(`Cancelling build after receiving ${name}\n`);
    cancel.abort();
  });
  return { signal: cancel.signal, stop: () => unsubscribe?.() };
}

/** What an interrupted install says: the download under way was dropped, nothing of it kept. */
export const INTERRUPTED_MESSAGE =
  'Interrupted: the download under way was abandoned and nothing of it was installed.\n';

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

/** `signal`: Ctrl-C, which abandons every request of the setup's client. */
export function installSetup(
  env: Readonly<Record<string, string | undefined>>,
  signal?: AbortSignal,
): InstallSetup {
  const directory = pluginDirectory(env);
  const http = createHttpClient({
    env,
    ...(signal ? { signal } : {}),
    // Packer's getter names itself after its version; Kiln says what it is and which Packer it follows.
    userAgent: `kiln/${KILN_VERSION} (packer-getter-github-${PACKER_COMPAT_VERSION})`,
  });
  let sources: ReleaseSource[];
  try {
    sources = releaseSources({ http, env });
  } catch (err) {
    http.close();
    throw err;
  }
  return { directory, sources, close: () => http.close() };
}
