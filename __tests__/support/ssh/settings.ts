import * as os from 'os';

import type { SSHSettings } from '../../../src/schema/communicator-settings';
import type { SshTarget } from './templates';

/** Settings as a template that sets only host, port and user would decode them, with `over` on top. */
export function sshSettings(target: SshTarget, over: Partial<SSHSettings> = {}): SSHSettings {
  return {
    host: target.address,
    port: target.port,
    username: os.userInfo().username,
    password: '',
    privateKeyFile: '',
    certificateFile: '',
    keyPairName: '',
    temporaryKeyPair: { name: '', type: 'rsa', bits: 0 },
    agentAuth: false,
    disableAgentForwarding: false,
    clearAuthorizedKeys: false,
    pty: false,
    ciphers: [],
    keyExchangeAlgorithms: [],
    timeoutMs: 10_000,
    handshakeAttempts: 3,
    keepAliveIntervalMs: 0,
    readWriteTimeoutMs: 0,
    fileTransferMethod: 'scp',
    localTunnels: [],
    remoteTunnels: [],
    ...over,
  };
}
