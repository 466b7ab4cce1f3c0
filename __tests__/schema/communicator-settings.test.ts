import { communicatorSettings, temporaryKeyPairProblem } from '../../src/schema/communicator-settings';
import type { ComponentSchema } from '../../src/schema/types';
import { decode } from '../support/component-decode';

const BUILDER: ComponentSchema = {
  kind: 'builder',
  type: 'test-ssh',
  plugin: 'builtin',
  doc: '',
  fields: [],
  communicator: 'ssh',
};

function settings(src: string) {
  const r = decode(BUILDER, `ssh_username = "u"\n${src}`);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return communicatorSettings(r.view, 'ssh');
}

describe('communicatorSettings: the SDK Prepare defaults', () => {
  test('timeout and handshake attempts default together, only when neither is set', () => {
    expect(settings('')).toMatchObject({ type: 'ssh', ssh: { timeoutMs: 300_000, handshakeAttempts: 10 } });
    expect(settings('ssh_timeout = "1m"\n').ssh).toMatchObject({ timeoutMs: 60_000, handshakeAttempts: 0 });
    expect(settings('ssh_handshake_attempts = 3\n').ssh).toMatchObject({
      timeoutMs: 0,
      handshakeAttempts: 3,
    });
    // The older name wins when set.
    expect(settings('ssh_timeout = "1m"\nssh_wait_timeout = "2m"\n').ssh.timeoutMs).toBe(120_000);
    expect(settings('ssh_wait_timeout = "2m"\n').ssh).toMatchObject({
      timeoutMs: 120_000,
      handshakeAttempts: 10,
    });
  });

  test('zero values take the defaults; a negative keep-alive disables it', () => {
    const s = settings('ssh_port = 0\nssh_keep_alive_interval = "0s"\nssh_file_transfer_method = ""\n').ssh;
    expect([s.port, s.keepAliveIntervalMs, s.fileTransferMethod]).toEqual([22, 5000, 'scp']);
    expect(settings('ssh_keep_alive_interval = "-1s"\n').ssh.keepAliveIntervalMs).toBe(-1000);
    expect(settings('').ssh.temporaryKeyPair).toEqual({ name: '', type: 'rsa', bits: 0 });
  });

  test('bastion inherits the main key and certificate; proxy port', () => {
    const s = settings(
      'ssh_bastion_host = "b"\nssh_bastion_agent_auth = true\nssh_proxy_host = ""\nssh_agent_auth = true\n',
    ).ssh;
    expect(s.bastion).toMatchObject({ host: 'b', port: 22, privateKeyFile: '', agentAuth: true });
    expect(s.proxy).toBeUndefined();
    const p = settings('ssh_proxy_host = "p"\n').ssh;
    expect(p.proxy).toEqual({ host: 'p', port: 1080, username: '', password: '' });
    expect(p.bastion).toBeUndefined();
  });

  test('winrm port by TLS, timeout 30m, retries every 5 s at most, no per-attempt limit', () => {
    const plain = decode(BUILDER, 'communicator = "winrm"\nwinrm_username = "a"\n').view;
    expect(communicatorSettings(plain, 'ssh')).toMatchObject({
      type: 'winrm',
      winrm: { port: 5985, timeoutMs: 1_800_000, retryIntervalMs: 5_000, connectTimeoutMs: 0, useSSL: false },
    });
    const tuned = decode(
      BUILDER,
      'communicator = "winrm"\nwinrm_username = "a"\nwinrm_retry_interval = "2s"\nwinrm_connect_timeout = "1m30s"\n',
    ).view;
    expect(communicatorSettings(tuned, 'ssh').winrm).toMatchObject({
      retryIntervalMs: 2_000,
      connectTimeoutMs: 90_000,
    });
    const tls = decode(BUILDER, 'communicator = "winrm"\nwinrm_username = "a"\nwinrm_use_ssl = true\n').view;
    expect(communicatorSettings(tls, 'ssh').winrm.port).toBe(5986);
  });

  test('a value not known when decoded reads as Packer\'s "<unknown>" placeholder', () => {
    const r = decode(BUILDER, 'ssh_username = "u"\nssh_host = var.later\n');
    expect(communicatorSettings(r.view, 'ssh').ssh.host).toBe('<unknown>');
  });
});

describe('temporaryKeyPairProblem', () => {
  test.each([
    ['rsa', 0, undefined],
    ['RSA', 2048, undefined],
    ['ed25519', 123, undefined],
    ['ecdsa', 384, undefined],
    ['dsa', 0, undefined],
    [
      'rsa',
      512,
      'Error creating temporary SSH key: sshkey: invalid private key rsa size: must be more than 1024',
    ],
    [
      'ecdsa',
      512,
      'Error creating temporary SSH key: sshkey: invalid private key ecdsa size, must be one of 256, 384 or 521',
    ],
    [
      'dsa',
      4096,
      'Error creating temporary SSH key: sshkey: invalid private key dsa size, must be one of 1024, 2048 or 3072',
    ],
    [
      'x448',
      0,
      'x448 does not belong to Algorithm values: possible algorithm types are `dsa` | `ecdsa` | `ed25519` | `rsa` ( the default )',
    ],
  ])('%s %d', (type, bits, expected) => {
    expect(temporaryKeyPairProblem({ name: '', type, bits })).toBe(expected);
  });
});
