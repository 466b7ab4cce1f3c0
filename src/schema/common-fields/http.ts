import { NumberType, StringType, mapOf } from '../../values/types';
import { goNumber, goString, goStringMap } from '../go-fields';
import type { ConfigProblem, ConfigView, FieldSpec } from '../types';

/**
 * The options of packer-plugin-sdk's commonsteps.HTTPConfig: a small HTTP server the machine being
 * built fetches files from (kickstart, preseed, cloud-init). A builder spreads HTTP_FIELDS into its
 * fields and calls validateHttpConfig from its validate.
 */

/** Packer's accepted http_network_protocol values, in its order (its error lists them so). */
export const HTTP_NETWORK_PROTOCOLS = ['tcp', 'tcp4', 'tcp6', 'unix', 'unixpacket'] as const;

export const HTTP_DEFAULT_PORT_MIN = 8000;
export const HTTP_DEFAULT_PORT_MAX = 9000;

export const HTTP_FIELDS: readonly FieldSpec[] = [
  {
    name: 'http_directory',
    type: StringType,
    doc: 'A directory to serve over HTTP to the machine being built (kickstart files and the like). No server runs when neither this nor `http_content` is set.',
  },
  {
    name: 'http_content',
    type: mapOf(StringType),
    doc: 'Files to serve over HTTP, by path (each starting with `/`) to content. Cannot be combined with `http_directory`.',
  },
  {
    name: 'http_port_min',
    type: NumberType,
    doc: 'The lowest port the HTTP server may use; a free port is chosen at random from the range. Make both ends equal to force one port.',
    default: HTTP_DEFAULT_PORT_MIN,
  },
  {
    name: 'http_port_max',
    type: NumberType,
    doc: 'The end of the port range (the range stops before it unless both ends are equal).',
    default: HTTP_DEFAULT_PORT_MAX,
  },
  {
    name: 'http_bind_address',
    type: StringType,
    doc: 'The address the HTTP server listens on.',
    defaultDoc: '`0.0.0.0`',
  },
  {
    name: 'http_interface',
    type: StringType,
    doc: 'The network interface whose address builders give the machine for the HTTP server. Cannot be combined with `http_bind_address`.',
  },
  {
    name: 'http_network_protocol',
    type: StringType,
    doc: 'The network protocol of the HTTP server: `tcp`, `tcp4` or `tcp6` (Packer also accepts `unix` and `unixpacket`).',
    defaultDoc: '`tcp`',
  },
];

/** The server's settings once Packer's Prepare has applied its defaults. */
export interface HttpConfig {
  /** Empty: no directory. */
  readonly directory: string;
  /** Null: no content. */
  readonly content: Readonly<Record<string, string>> | null;
  readonly portMin: number;
  readonly portMax: number;
  readonly bindAddress: string;
  /** For a builder's IP discovery (the server itself listens on bindAddress); empty: none. */
  readonly interface: string;
  readonly networkProtocol: string;
}

/** HTTPConfig.Prepare: its checks with its messages (zero ports stand for the defaults, as there). */
export function validateHttpConfig(view: ConfigView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const iface = goString(view, 'http_interface');
  const bind = goString(view, 'http_bind_address');
  if (iface && bind)
    problems.push({
      message: 'either http_interface or http_bind_address can be specified',
      field: 'http_bind_address',
    });
  const min = goNumber(view, 'http_port_min');
  const max = goNumber(view, 'http_port_max');
  if (
    min !== undefined &&
    max !== undefined &&
    (min || HTTP_DEFAULT_PORT_MIN) > (max || HTTP_DEFAULT_PORT_MAX)
  )
    problems.push({ message: 'http_port_min must be less than http_port_max', field: 'http_port_min' });
  const content = goStringMap(view, 'http_content');
  const dir = goString(view, 'http_directory');
  if (content && Object.keys(content).length > 0 && dir)
    problems.push({
      message:
        'http_content cannot be used in conjunction with http_dir. Consider using the file function to load file in memory and serve them with http_content: https://www.packer.io/docs/templates/hcl_templates/functions/file/file',
      field: 'http_content',
    });
  const protocol = goString(view, 'http_network_protocol');
  if (protocol && !(HTTP_NETWORK_PROTOCOLS as readonly string[]).includes(protocol))
    problems.push({
      message: `http_network_protocol is invalid. Must be one of: [${HTTP_NETWORK_PROTOCOLS.join(' ')}]`,
      field: 'http_network_protocol',
    });
  return problems;
}

export function readHttpConfig(view: ConfigView): HttpConfig {
  return {
    directory: view.string('http_directory') ?? '',
    content: view.stringMap('http_content') ?? null,
    portMin: view.number('http_port_min') || HTTP_DEFAULT_PORT_MIN,
    portMax: view.number('http_port_max') || HTTP_DEFAULT_PORT_MAX,
    bindAddress: view.string('http_bind_address') || '0.0.0.0',
    interface: view.string('http_interface') ?? '',
    networkProtocol: view.string('http_network_protocol') || 'tcp',
  };
}
