import { BoolType, NumberType, StringType, listOf } from '../values/types';
import { goBool, goString, goStrings } from './go-fields';
import { privateKeyFileProblem } from './ssh-key-file';
import { parseTunnelArgument } from './ssh-tunnel';
import type { ComponentSchema, ConfigProblem, ConfigView, FieldList, FieldSpec } from './types';

/**
 * The communicator options every builder with a communicator accepts (packer-plugin-sdk
 * communicator.Config: `communicator`, `pause_before_connecting`, the SSH and WinRM structs), with
 * the checks its Prepare makes. Builders declare only `communicator: 'ssh' | 'docker'` and get these.
 * Runtime defaults that depend on other options (ssh_timeout vs ssh_handshake_attempts, the WinRM
 * port by TLS, the temporary key size by key type) are resolved by communicatorSettings.
 */

export type CommunicatorKind = NonNullable<ComponentSchema['communicator']>;

const DURATION = { kind: 'duration' } as const;
const STRINGS = listOf(StringType);

/** Communicator types the SDK's Prepare accepts, by what the builder can run. */
const ALLOWED_TYPES: Readonly<Record<CommunicatorKind, readonly string[]>> = {
  ssh: ['ssh', 'winrm', 'none'],
  docker: ['docker', 'dockerWindowsContainer', 'ssh', 'winrm', 'none'],
  none: [],
};

function communicatorTypeField(kind: 'ssh' | 'docker') {
  return {
    name: 'communicator',
    type: StringType,
    doc:
      kind === 'docker'
        ? 'How Kiln talks to the container: `docker` (`docker exec` and `docker cp`), `dockerWindowsContainer`, `ssh`, `winrm` or `none`.'
        : 'How Kiln talks to the machine: `ssh`, `winrm` or `none` (no provisioners can run then).',
    default: kind,
  } as const satisfies FieldSpec;
}

const COMMON_FIELDS = [
  {
    name: 'pause_before_connecting',
    type: DURATION,
    doc: 'Once a connection succeeds, disconnect and wait this long before connecting again for provisioning.',
    defaultDoc: 'no pause',
  },
] as const satisfies readonly FieldSpec[];

const SSH_FIELDS = [
  { name: 'ssh_host', type: StringType, doc: 'The address to connect to; usually set by the builder.' },
  { name: 'ssh_port', type: NumberType, doc: 'The SSH port.', default: 22 },
  {
    name: 'ssh_username',
    type: StringType,
    doc: 'The user to connect as. Required with the `ssh` communicator.',
  },
  { name: 'ssh_password', type: StringType, doc: 'A password to authenticate with.', sensitive: true },
  {
    name: 'ssh_keypair_name',
    type: StringType,
    doc: 'The name of an existing key pair known to the cloud provider, used instead of a temporary one.',
  },
  {
    name: 'temporary_key_pair_name',
    type: StringType,
    doc: 'The name given to the temporary key pair.',
    defaultDoc: '`packer_<UUID>`',
  },
  {
    name: 'temporary_key_pair_type',
    type: StringType,
    doc: 'The type of temporary key to create: `rsa`, `dsa`, `ecdsa` or `ed25519`.',
    defaultDoc: '`rsa`',
  },
  {
    name: 'temporary_key_pair_bits',
    type: NumberType,
    doc: 'Key size of the temporary key: RSA at least 1024, DSA 1024, 2048 or 3072, ECDSA 256, 384 or 521; ignored for Ed25519.',
    defaultDoc: '4096 for RSA (2048 for amazon-ebs, the size EC2 makes), 1024 for DSA, 521 for ECDSA',
  },
  { name: 'ssh_ciphers', type: STRINGS, doc: 'The ciphers to offer, overriding the built-in list.' },
  {
    name: 'ssh_clear_authorized_keys',
    type: BoolType,
    doc: "Remove the temporary key from the guest's `~/.ssh/authorized_keys` and `/root/.ssh/authorized_keys` at the end.",
  },
  {
    name: 'ssh_key_exchange_algorithms',
    type: STRINGS,
    doc: 'The key exchange algorithms to offer, overriding the built-in list.',
  },
  {
    name: 'ssh_private_key_file',
    type: StringType,
    doc: 'A PEM-encoded private key file to authenticate with (`~` expands to the home directory).',
  },
  {
    name: 'ssh_certificate_file',
    type: StringType,
    doc: 'A user certificate for the private key (`~` expands to the home directory).',
  },
  { name: 'ssh_pty', type: BoolType, doc: 'Request a PTY for the SSH session.' },
  {
    name: 'ssh_timeout',
    type: DURATION,
    doc: 'How long to wait for SSH to become available.',
    defaultDoc: '`5m`, unless `ssh_handshake_attempts` is set',
  },
  {
    name: 'ssh_wait_timeout',
    type: DURATION,
    doc: 'Older name of `ssh_timeout`; when set it takes precedence.',
  },
  {
    name: 'ssh_agent_auth',
    type: BoolType,
    doc: 'Authenticate with the local SSH agent (`SSH_AUTH_SOCK`) instead of a password, key file or temporary key.',
  },
  { name: 'ssh_disable_agent_forwarding', type: BoolType, doc: 'Do not forward the SSH agent to the guest.' },
  {
    name: 'ssh_handshake_attempts',
    type: NumberType,
    doc: 'How many SSH handshakes to attempt once the port answers.',
    defaultDoc: '10, unless `ssh_timeout` is set',
  },
  { name: 'ssh_bastion_host', type: StringType, doc: 'A bastion host to connect through.' },
  { name: 'ssh_bastion_port', type: NumberType, doc: 'The bastion host SSH port.', default: 22 },
  {
    name: 'ssh_bastion_agent_auth',
    type: BoolType,
    doc: 'Authenticate with the bastion host using the local SSH agent.',
  },
  { name: 'ssh_bastion_username', type: StringType, doc: 'The user to connect to the bastion host as.' },
  {
    name: 'ssh_bastion_password',
    type: StringType,
    doc: 'A password to authenticate with the bastion host.',
    sensitive: true,
  },
  {
    name: 'ssh_bastion_interactive',
    type: BoolType,
    doc: 'Use keyboard-interactive authentication with the bastion host.',
  },
  {
    name: 'ssh_bastion_private_key_file',
    type: StringType,
    doc: 'A PEM-encoded private key file for the bastion host.',
    defaultDoc: '`ssh_private_key_file`',
  },
  {
    name: 'ssh_bastion_certificate_file',
    type: StringType,
    doc: 'A user certificate for the bastion private key.',
    defaultDoc: '`ssh_certificate_file` when the bastion key is inherited',
  },
  {
    name: 'ssh_file_transfer_method',
    type: StringType,
    doc: 'How files are copied: `scp` or `sftp`.',
    default: 'scp',
  },
  { name: 'ssh_proxy_host', type: StringType, doc: 'A SOCKS proxy to connect through.' },
  { name: 'ssh_proxy_port', type: NumberType, doc: 'The SOCKS proxy port.', default: 1080 },
  { name: 'ssh_proxy_username', type: StringType, doc: 'The user to authenticate with the proxy as.' },
  {
    name: 'ssh_proxy_password',
    type: StringType,
    doc: 'The password to authenticate with the proxy.',
    sensitive: true,
  },
  {
    name: 'ssh_keep_alive_interval',
    type: DURATION,
    doc: 'How often to send keep-alive messages; a negative value (`-1s`) disables them.',
    default: '5s',
  },
  {
    name: 'ssh_read_write_timeout',
    type: DURATION,
    doc: 'How long to wait for a remote command to end before giving up on the connection.',
    defaultDoc: 'no limit',
  },
  {
    name: 'ssh_remote_tunnels',
    type: STRINGS,
    doc: 'Ports forwarded from the local machine to the guest, as `REMOTE_PORT:LOCAL_HOST:LOCAL_PORT`.',
  },
  {
    name: 'ssh_local_tunnels',
    type: STRINGS,
    doc: 'Ports forwarded from the guest to the local machine, as `LOCAL_PORT:REMOTE_HOST:REMOTE_PORT`.',
  },
] as const satisfies readonly FieldSpec[];

const WINRM_FIELDS = [
  {
    name: 'winrm_username',
    type: StringType,
    doc: 'The user to connect as. Required with the `winrm` communicator.',
  },
  { name: 'winrm_password', type: StringType, doc: 'The password to connect with.', sensitive: true },
  { name: 'winrm_host', type: StringType, doc: 'The address to connect to; usually set by the builder.' },
  {
    name: 'winrm_no_proxy',
    type: BoolType,
    doc: 'Add the guest `host:port` to `NO_PROXY`, bypassing configured proxies.',
  },
  {
    name: 'winrm_port',
    type: NumberType,
    doc: 'The WinRM port.',
    defaultDoc: '5985, or 5986 with `winrm_use_ssl`',
  },
  {
    name: 'winrm_timeout',
    type: DURATION,
    doc: 'How long to wait for WinRM to become available.',
    default: '30m',
  },
  {
    name: 'winrm_retry_interval',
    type: DURATION,
    doc: 'The longest wait between two attempts to connect to WinRM (Kiln starts at 0.5 s and doubles up to it).',
    default: '5s',
  },
  {
    name: 'winrm_connect_timeout',
    type: DURATION,
    doc: 'How long one attempt to connect may take before it is given up and retried; 0: until the server answers or `winrm_timeout` passes.',
    default: '0',
  },
  { name: 'winrm_use_ssl', type: BoolType, doc: 'Connect over HTTPS.' },
  {
    name: 'winrm_insecure',
    type: BoolType,
    doc: "Do not check the server's certificate chain and host name.",
  },
  {
    name: 'winrm_use_ntlm',
    type: BoolType,
    doc: 'Authenticate with NTLMv2 instead of basic authentication.',
  },
] as const satisfies readonly FieldSpec[];

const FIELDS_BY_KIND: Readonly<Record<CommunicatorKind, readonly FieldSpec[]>> = {
  ssh: [communicatorTypeField('ssh'), ...COMMON_FIELDS, ...SSH_FIELDS, ...WINRM_FIELDS],
  docker: [communicatorTypeField('docker'), ...COMMON_FIELDS, ...SSH_FIELDS, ...WINRM_FIELDS],
  none: [],
};

/** The communicator options of a builder whose kind is `ssh` or `docker`, as a type. */
export type CommunicatorFields = readonly [
  ReturnType<typeof communicatorTypeField>,
  ...typeof COMMON_FIELDS,
  ...typeof SSH_FIELDS,
  ...typeof WINRM_FIELDS,
];

/** What the checks and runtime of a builder with a communicator read: its own fields and these. */
export type WithCommunicator<F extends FieldList> = readonly [...F, ...CommunicatorFields];

type CommunicatorView = ConfigView<CommunicatorFields>;

/** The communicator options a builder of this kind accepts (none for `none`). */
export function communicatorFields(kind: CommunicatorKind): readonly FieldSpec[] {
  return FIELDS_BY_KIND[kind];
}

/** The communicator type in effect: an unset or empty `communicator` is the builder's default. */
function effectiveType(view: CommunicatorView, kind: CommunicatorKind): string | undefined {
  const written = goString(view, 'communicator');
  return written === '' ? kind : written;
}

/**
 * The SDK's communicator Prepare checks (Config.Prepare, prepareSSH, prepareWinRM), with its
 * messages. Checks needing a value that is not known yet are skipped.
 */
export function validateCommunicator(view: CommunicatorView, kind: CommunicatorKind): ConfigProblem[] {
  if (kind === 'none') return [];
  const type = effectiveType(view, kind);
  if (type === undefined) return [];
  if (!ALLOWED_TYPES[kind].includes(type)) {
    return [{ message: `Communicator type ${type} is invalid`, field: 'communicator' }];
  }
  if (type === 'ssh') return sshProblems(view);
  if (type === 'winrm') {
    return goString(view, 'winrm_username') === ''
      ? [{ message: 'winrm_username must be specified.', field: 'winrm_username' }]
      : [];
  }
  return [];
}

function sshProblems(view: CommunicatorView): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const keyFile = goString(view, 'ssh_private_key_file');
  const certFile = goString(view, 'ssh_certificate_file');
  const bastionHost = goString(view, 'ssh_bastion_host');
  const bastionCert = goString(view, 'ssh_bastion_certificate_file');
  let bastionKey = goString(view, 'ssh_bastion_private_key_file');

  if (keyFile === '' && certFile !== undefined && certFile !== '') {
    problems.push({
      message: 'ssh_private_key_file must be specified if ssh_certificate_file is specified',
      field: 'ssh_certificate_file',
    });
  }
  if (bastionKey === '' && bastionCert !== undefined && bastionCert !== '') {
    problems.push({
      message: 'ssh_bastion_private_key_file must be specified if ssh_bastion_certificate_file is specified',
      field: 'ssh_bastion_certificate_file',
    });
  }
  // The bastion inherits the main key (and its certificate) when it has none of its own.
  let bastionCertInEffect = bastionCert;
  if (bastionHost !== '' && bastionKey === '' && keyFile !== '') {
    bastionKey = keyFile;
    bastionCertInEffect = certFile;
  }

  if (goString(view, 'ssh_username') === '') {
    problems.push({
      message: 'An ssh_username must be specified',
      detail: 'Note: some builders used to default ssh_username to "root".',
      field: 'ssh_username',
    });
  }

  if (keyFile !== undefined && keyFile !== '' && certFile !== undefined) {
    const problem = privateKeyFileProblem(keyFile, certFile);
    if (problem !== undefined) {
      problems.push({
        message: `ssh_private_key_file is invalid: ${problem}`,
        field: 'ssh_private_key_file',
      });
    }
  }

  if (bastionHost !== undefined && bastionHost !== '') {
    const password = goString(view, 'ssh_bastion_password');
    const agent = goBool(view, 'ssh_bastion_agent_auth');
    if (password === '' && bastionKey === '' && agent === false) {
      problems.push({
        message:
          'ssh_bastion_password, ssh_bastion_private_key_file or ssh_bastion_agent_auth must be specified',
        field: 'ssh_bastion_host',
      });
    } else if (bastionKey !== undefined && bastionKey !== '' && bastionCertInEffect !== undefined) {
      const problem = privateKeyFileProblem(bastionKey, bastionCertInEffect);
      if (problem !== undefined) {
        problems.push({
          message: `ssh_bastion_private_key_file is invalid: ${problem}`,
          field: view.isSet('ssh_bastion_private_key_file')
            ? 'ssh_bastion_private_key_file'
            : 'ssh_private_key_file',
        });
      }
    }
  }

  const method = goString(view, 'ssh_file_transfer_method');
  if (method !== undefined && method !== '' && method !== 'scp' && method !== 'sftp') {
    problems.push({
      message: `ssh_file_transfer_method ('${method}') is invalid, valid methods: sftp, scp`,
      field: 'ssh_file_transfer_method',
    });
  }

  const proxyHost = goString(view, 'ssh_proxy_host');
  if (bastionHost && proxyHost) {
    problems.push({
      message: 'please specify either ssh_bastion_host or ssh_proxy_host, not both',
      field: 'ssh_proxy_host',
    });
  }

  for (const option of ['ssh_local_tunnels', 'ssh_remote_tunnels'] as const) {
    for (const tunnel of goStrings(view, option) ?? []) {
      const parsed = parseTunnelArgument(tunnel);
      if (!parsed.ok)
        problems.push({ message: `${option} ('${tunnel}') is invalid: ${parsed.message}`, field: option });
    }
  }
  return problems;
}
