/**
 * The line a plugin prints on stdout once it listens (packer-plugin-sdk plugin/server.go):
 * `<API major>|<API minor>|<network>|<address>`, e.g. `5|0|unix|/tmp/packer-plugin123`, or
 * `5|0|tcp|127.0.0.1:10000` where there are no unix sockets (Windows). Checked as Packer core's
 * PluginClient.Start checks it, with its messages.
 */

/** The plugin API Kiln speaks, as Packer core 1.7+ does (the SDK's APIVersionMajor/Minor). */
export const API_VERSION_MAJOR = '5';
export const API_VERSION_MINOR = '0';

export interface Handshake {
  readonly apiMajor: string;
  readonly apiMinor: string;
  readonly network: 'unix' | 'tcp';
  /** A socket path for unix, `host:port` for tcp. */
  readonly address: string;
}

export function parseHandshake(line: string): Handshake {
  const text = line.trim();
  const parts = splitN(text, '|', 4);
  if (parts.length === 3) {
    throw new Error(
      'The protocol of this plugin (protocol version 4 and lower) was deprecated, please use a newer ' +
        'version of this plugin.',
    );
  }
  if (parts.length < 4) throw new Error(`Unrecognized remote plugin message: ${text}`);
  const [apiMajor, apiMinor, network, address] = parts;
  if (apiMajor !== API_VERSION_MAJOR) {
    throw new Error(
      `Incompatible API MAJOR version with plugin. plugin MAJOR API version: ${apiMajor}, Ours: ${API_VERSION_MAJOR}`,
    );
  }
  // Packer compares the minor versions as strings; numbers say what it means.
  if (!/^\d+$/.test(apiMinor) || Number(apiMinor) > Number(API_VERSION_MINOR)) {
    throw new Error(
      `Incompatible API MINOR version with plugin. plugin MINOR API version: ${apiMinor}, ` +
        `Ours: ${API_VERSION_MINOR}. Please upgrade Kiln.`,
    );
  }
  if (network !== 'unix' && network !== 'tcp') throw new Error(`Unknown address type: ${network}`);
  if (network === 'tcp' && !/^[^:]+:\d+$/.test(address)) throw new Error(`Invalid TCP address: ${address}`);
  return { apiMajor, apiMinor, network, address };
}

/** Go's strings.SplitN: at most n parts, the last one keeping any further separators. */
function splitN(text: string, sep: string, n: number): string[] {
  const parts = text.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}
