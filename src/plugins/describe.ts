import { execFile } from 'node:child_process';

import { FIRST_V2_RELEASES } from './first-v2-releases';
import { API_VERSION_MAJOR, API_VERSION_MINOR } from './handshake';

/**
 * `<plugin binary> describe`: the JSON a packer-plugin-sdk plugin set prints about itself
 * (plugin/set.go's SetDescription), read and checked before Kiln starts any of its components.
 */
export interface PluginDescription {
  /** The plugin's own version, e.g. `1.1.4`. */
  readonly version: string;
  /** The packer-plugin-sdk it was built with, e.g. `0.6.10`. */
  readonly sdkVersion: string;
  /** The plugin API, `x5.0` (the `_x5.0_` in installed file names). */
  readonly apiVersion: string;
  readonly builders: readonly string[];
  readonly provisioners: readonly string[];
  readonly postProcessors: readonly string[];
  readonly datasources: readonly string[];
  /** `v2`: specs as protobuf, values as msgpack. The only protocol Kiln speaks. */
  readonly protocolVersion: string;
}

/** The protocol of packer-plugin-sdk v0.6.0 and later (the SDK's ProtocolVersion2). */
export const PROTOCOL_VERSION = 'v2';

/** The SDK release that introduced it, which a refused plugin has to be rebuilt with. */
export const FIRST_V2_SDK = 'v0.6.0';

export interface DescribeOptions {
  /** How long `describe` may take (a plugin binary only prints and exits). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** The plugin's source address (`github.com/hashicorp/docker`), when known: names the release to move to. */
  readonly source?: string;
}

/** Runs `describe` and returns the checked description; errors name the binary, as Packer's. */
export async function describePlugin(
  binary: string,
  options: DescribeOptions = {},
): Promise<PluginDescription> {
  return parseDescription(await describeOutput(binary, options), binary, options.source);
}

/** What `<binary> describe` prints, unchecked. */
export function describeOutput(binary: string, options: DescribeOptions = {}): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    execFile(
      binary,
      ['describe'],
      {
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: 1024 * 1024,
        signal: options.signal,
        encoding: 'utf8',
      },
      (err, out, stderr) => {
        if (!err) return resolve(out);
        const detail = stderr.trim().split('\n').slice(-3).join('\n');
        reject(
          new Error(
            `failed to get plugin description from executable "${binary}": ${err.message.split('\n')[0]}` +
              (detail ? `\n${detail}` : ''),
          ),
        );
      },
    );
  });
}

/** Parses and checks `describe`'s output; `binary` and `source` are for messages only. */
export function parseDescription(text: string, binary: string, source?: string): PluginDescription {
  const fail = (why: string): Error =>
    new Error(`failed to get plugin description from executable "${binary}": ${why}`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw fail(`invalid JSON: ${(err as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fail('not a JSON object');
  const obj = raw as Record<string, unknown>;
  const str = (key: string): string => {
    const v = obj[key];
    if (v === undefined || v === null) return '';
    if (typeof v !== 'string') throw fail(`"${key}" is not a string`);
    return v;
  };
  // Go writes a nil slice as null; the SDK's are never nil, older ones might be.
  const names = (key: string): string[] => {
    const v = obj[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.some((n) => typeof n !== 'string'))
      throw fail(`"${key}" is not a list of names`);
    return v as string[];
  };
  const description: PluginDescription = {
    version: str('version'),
    sdkVersion: str('sdk_version'),
    apiVersion: str('api_version'),
    builders: names('builders'),
    provisioners: names('provisioners'),
    postProcessors: names('post_processors'),
    datasources: names('datasources'),
    protocolVersion: str('protocol_version'),
  };
  if (description.version === '') throw fail('no "version"');
  checkApiVersion(description, binary);
  checkProtocol(description, binary, source);
  return description;
}

function checkApiVersion(d: PluginDescription, binary: string): void {
  const m = /^x(\d+)\.(\d+)$/.exec(d.apiVersion);
  if (!m) {
    throw new Error(
      `plugin "${binary}" reported API version "${d.apiVersion}", which is not of the form x5.0`,
    );
  }
  if (m[1] !== API_VERSION_MAJOR || Number(m[2]) > Number(API_VERSION_MINOR)) {
    throw new Error(
      `binary ${binary} requires protocol version ${d.apiVersion} that is incompatible with this version ` +
        `of Kiln, which speaks x${API_VERSION_MAJOR}.${API_VERSION_MINOR}.`,
    );
  }
}

/** A plugin built with an SDK before v0.6.0: described, but refused (the message says what to do). */
export class UnsupportedProtocolError extends Error {
  override readonly name = 'UnsupportedProtocolError';
  constructor(
    message: string,
    readonly description: PluginDescription,
  ) {
    super(message);
  }
}

/**
 * Packer falls back to gob-encoded specs for plugins before SDK v0.6.0; Kiln does not decode gob,
 * so such a plugin is refused with what to do about it.
 */
function checkProtocol(d: PluginDescription, binary: string, source: string | undefined): void {
  if (d.protocolVersion === PROTOCOL_VERSION) return;
  const built = d.sdkVersion ? ` (built with packer-plugin-sdk ${withV(d.sdkVersion)})` : '';
  const reported = d.protocolVersion ? `protocol ${d.protocolVersion}` : 'no protocol_version';
  const release = source !== undefined ? FIRST_V2_RELEASES[source] : undefined;
  const moveTo = release
    ? `Use ${source} ${release} or later (version = ">= ${release.slice(1)}" in required_plugins).`
    : `Install a release of this plugin built with packer-plugin-sdk ${FIRST_V2_SDK} or later (raise ` +
      'its version constraint in required_plugins), or ask its maintainers to upgrade its SDK.';
  throw new UnsupportedProtocolError(
    `plugin "${binary}" version ${withV(d.version)}${built} reports ${reported}; Kiln speaks only ` +
      `plugin protocol ${PROTOCOL_VERSION}, which plugins built with packer-plugin-sdk ${FIRST_V2_SDK} or ` +
      `later provide, and does not decode the older gob-encoded specs. ${moveTo}`,
    d,
  );
}

const withV = (version: string): string => (version.startsWith('v') ? version : `v${version}`);
