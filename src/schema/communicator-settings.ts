import type { CommunicatorKind } from './communicator';
import type { CommunicatorFields } from './communicator';
import type {
  ConfigView,
  DurationFieldName,
  FieldName,
  NumberFieldName,
  StringFieldName,
  StringsFieldName,
  BoolFieldName,
} from './types';

/**
 * The communicator configuration a build connects with, after the defaulting the SDK's Prepare
 * does in place (communicator/config.go): a timeout of 5m and 10 handshake attempts only when
 * neither is set, `ssh_wait_timeout` overriding `ssh_timeout`, a zero keep-alive meaning 5s, the
 * bastion inheriting the main key, the WinRM port by TLS. Read at build time, when every value is
 * known; a value still unknown then is a bug and throws.
 */

export interface TemporaryKeyPair {
  readonly name: string;
  /** rsa, dsa, ecdsa or ed25519 (case-insensitive), as written; checked by temporaryKeyPairProblem. */
  readonly type: string;
  /** 0: the type's default size. */
  readonly bits: number;
}

export interface SSHSettings {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly privateKeyFile: string;
  readonly certificateFile: string;
  readonly keyPairName: string;
  readonly temporaryKeyPair: TemporaryKeyPair;
  readonly agentAuth: boolean;
  readonly disableAgentForwarding: boolean;
  readonly clearAuthorizedKeys: boolean;
  readonly pty: boolean;
  readonly ciphers: readonly string[];
  readonly keyExchangeAlgorithms: readonly string[];
  /** 0: no overall limit (only handshakeAttempts). */
  readonly timeoutMs: number;
  /** 0: no limit on attempts (only timeoutMs). */
  readonly handshakeAttempts: number;
  /** Negative: keep-alives disabled. */
  readonly keepAliveIntervalMs: number;
  /** 0: none. */
  readonly readWriteTimeoutMs: number;
  readonly fileTransferMethod: string;
  readonly bastion?: {
    readonly host: string;
    readonly port: number;
    readonly username: string;
    readonly password: string;
    readonly privateKeyFile: string;
    readonly certificateFile: string;
    readonly agentAuth: boolean;
    readonly interactive: boolean;
  };
  readonly proxy?: {
    readonly host: string;
    readonly port: number;
    readonly username: string;
    readonly password: string;
  };
  readonly localTunnels: readonly string[];
  readonly remoteTunnels: readonly string[];
}

export interface WinRMSettings {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly timeoutMs: number;
  /** winrm_retry_interval: the longest pause between two attempts. */
  readonly retryIntervalMs: number;
  /** winrm_connect_timeout: how long one attempt may take; 0: no limit of its own. */
  readonly connectTimeoutMs: number;
  readonly useSSL: boolean;
  readonly insecure: boolean;
  readonly useNTLM: boolean;
  readonly noProxy: boolean;
}

export interface CommunicatorSettings {
  /** ssh, winrm, none, docker or dockerWindowsContainer. */
  readonly type: string;
  readonly pauseBeforeConnectingMs: number;
  readonly ssh: SSHSettings;
  readonly winrm: WinRMSettings;
}

/** Reads a value that must be known by now: unset reads as Go's zero value. */
class KnownReader {
  constructor(private readonly view: ConfigView<CommunicatorFields>) {}
  private check(name: FieldName<CommunicatorFields>): void {
    if (this.view.isSet(name) && !this.view.isKnown(name)) {
      throw new Error(`communicator option ${name} is not known yet`);
    }
  }
  string(name: StringFieldName<CommunicatorFields>): string {
    this.check(name);
    return this.view.string(name) ?? '';
  }
  number(name: NumberFieldName<CommunicatorFields>): number {
    this.check(name);
    return this.view.number(name) ?? 0;
  }
  bool(name: BoolFieldName<CommunicatorFields>): boolean {
    this.check(name);
    return this.view.bool(name) ?? false;
  }
  duration(name: DurationFieldName<CommunicatorFields>): number {
    this.check(name);
    return this.view.duration(name) ?? 0;
  }
  strings(name: StringsFieldName<CommunicatorFields>): readonly string[] {
    this.check(name);
    return this.view.strings(name) ?? [];
  }
}

const FIVE_MINUTES = 5 * 60_000;
const THIRTY_MINUTES = 30 * 60_000;

export function communicatorSettings(
  view: ConfigView<CommunicatorFields>,
  kind: Exclude<CommunicatorKind, 'none'>,
): CommunicatorSettings {
  const r = new KnownReader(view);
  return {
    type: r.string('communicator') || kind,
    pauseBeforeConnectingMs: r.duration('pause_before_connecting'),
    ssh: sshSettings(r),
    winrm: winrmSettings(r),
  };
}

function sshSettings(r: KnownReader): SSHSettings {
  let timeoutMs = r.duration('ssh_timeout');
  let handshakeAttempts = r.number('ssh_handshake_attempts');
  if (timeoutMs === 0 && handshakeAttempts === 0) {
    timeoutMs = FIVE_MINUTES;
    handshakeAttempts = 10;
  }
  const waitTimeout = r.duration('ssh_wait_timeout');
  if (waitTimeout !== 0) timeoutMs = waitTimeout;

  const privateKeyFile = r.string('ssh_private_key_file');
  const certificateFile = r.string('ssh_certificate_file');
  const bastionHost = r.string('ssh_bastion_host');
  const proxyHost = r.string('ssh_proxy_host');
  let bastionKey = r.string('ssh_bastion_private_key_file');
  let bastionCert = r.string('ssh_bastion_certificate_file');
  if (bastionKey === '' && privateKeyFile !== '') {
    bastionKey = privateKeyFile;
    bastionCert = certificateFile;
  }

  return {
    host: r.string('ssh_host'),
    port: r.number('ssh_port') || 22,
    username: r.string('ssh_username'),
    password: r.string('ssh_password'),
    privateKeyFile,
    certificateFile,
    keyPairName: r.string('ssh_keypair_name'),
    temporaryKeyPair: {
      name: r.string('temporary_key_pair_name'),
      type: r.string('temporary_key_pair_type') || 'rsa',
      bits: r.number('temporary_key_pair_bits'),
    },
    agentAuth: r.bool('ssh_agent_auth'),
    disableAgentForwarding: r.bool('ssh_disable_agent_forwarding'),
    clearAuthorizedKeys: r.bool('ssh_clear_authorized_keys'),
    pty: r.bool('ssh_pty'),
    ciphers: r.strings('ssh_ciphers'),
    keyExchangeAlgorithms: r.strings('ssh_key_exchange_algorithms'),
    timeoutMs,
    handshakeAttempts,
    keepAliveIntervalMs: r.duration('ssh_keep_alive_interval') || 5000,
    readWriteTimeoutMs: r.duration('ssh_read_write_timeout'),
    fileTransferMethod: r.string('ssh_file_transfer_method') || 'scp',
    bastion:
      bastionHost === ''
        ? undefined
        : {
            host: bastionHost,
            port: r.number('ssh_bastion_port') || 22,
            username: r.string('ssh_bastion_username'),
            password: r.string('ssh_bastion_password'),
            privateKeyFile: bastionKey,
            certificateFile: bastionCert,
            agentAuth: r.bool('ssh_bastion_agent_auth'),
            interactive: r.bool('ssh_bastion_interactive'),
          },
    proxy:
      proxyHost === ''
        ? undefined
        : {
            host: proxyHost,
            port: r.number('ssh_proxy_port') || 1080,
            username: r.string('ssh_proxy_username'),
            password: r.string('ssh_proxy_password'),
          },
    localTunnels: r.strings('ssh_local_tunnels'),
    remoteTunnels: r.strings('ssh_remote_tunnels'),
  };
}

function winrmSettings(r: KnownReader): WinRMSettings {
  const useSSL = r.bool('winrm_use_ssl');
  return {
    host: r.string('winrm_host'),
    port: r.number('winrm_port') || (useSSL ? 5986 : 5985),
    username: r.string('winrm_username'),
    password: r.string('winrm_password'),
    timeoutMs: r.duration('winrm_timeout') || THIRTY_MINUTES,
    // The SDK's defaults (packer-plugin-sdk#354): 5 s between attempts, no per-attempt limit.
    retryIntervalMs: r.duration('winrm_retry_interval') || 5_000,
    connectTimeoutMs: r.duration('winrm_connect_timeout'),
    useSSL,
    insecure: r.bool('winrm_insecure'),
    useNTLM: r.bool('winrm_use_ntlm'),
    noProxy: r.bool('winrm_no_proxy'),
  };
}

/**
 * Why a temporary key pair cannot be generated, in the SDK's words (StepSSHKeyGen and
 * sshkey.GeneratePair); undefined when it can. Packer finds these at build time, not in Prepare,
 * so Kiln does too: a template Packer validates is not rejected early.
 */
export function temporaryKeyPairProblem(pair: TemporaryKeyPair): string | undefined {
  const type = pair.type.toLowerCase();
  if (!['rsa', 'dsa', 'ecdsa', 'ed25519'].includes(type)) {
    return `${pair.type} does not belong to Algorithm values: possible algorithm types are \`dsa\` | \`ecdsa\` | \`ed25519\` | \`rsa\` ( the default )`;
  }
  const bits = pair.bits;
  const fail = (reason: string) => `Error creating temporary SSH key: sshkey: ${reason}`;
  if (type === 'rsa' && bits !== 0 && bits < 1024)
    return fail('invalid private key rsa size: must be more than 1024');
  if (type === 'dsa' && ![0, 1024, 2048, 3072].includes(bits)) {
    return fail('invalid private key dsa size, must be one of 1024, 2048 or 3072');
  }
  if (type === 'ecdsa' && ![0, 256, 384, 521].includes(bits)) {
    return fail('invalid private key ecdsa size, must be one of 256, 384 or 521');
  }
  return undefined;
}
