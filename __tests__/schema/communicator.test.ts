import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { communicatorFields, validateCommunicator } from '../../src/schema/communicator';
import { componentFields } from '../../src/schema/decode';
import { expandUser } from '../../src/schema/ssh-key-file';
import type { ComponentSchema } from '../../src/schema/types';
import { StringType } from '../../src/values/types';
import { decode } from '../support/component-decode';
import { summarizeWithSeverity } from '../support/diagnostics';
import { tempDir } from '../support/temp';

const SSH_BUILDER: ComponentSchema = {
  kind: 'builder',
  type: 'test-ssh',
  plugin: 'builtin',
  doc: 'A builder for tests.',
  fields: [{ name: 'ssh_keypair_name', type: StringType, doc: "The builder's own declaration." }],
  communicator: 'ssh',
};
const DOCKER_BUILDER: ComponentSchema = {
  ...SSH_BUILDER,
  type: 'test-docker',
  fields: [],
  communicator: 'docker',
};
const FILE_BUILDER: ComponentSchema = { ...SSH_BUILDER, type: 'test-none', fields: [], communicator: 'none' };

const dir = tempDir('kiln-communicator-');

function write(name: string, text: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

function wireString(s: string | Buffer): Buffer {
  const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

function uint64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b;
}

/** An OpenSSH-format private key file with the given cipher (only the header matters to the check). */
function openSSHKey(cipher: string): string {
  const blob = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    wireString(cipher),
    wireString(cipher === 'none' ? 'none' : 'bcrypt'),
    wireString(''),
  ]);
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${blob.toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

/** An ed25519 user certificate line valid between the given Unix times. */
function certificate(validAfter: bigint, validBefore: bigint): string {
  const type = 'ssh-ed25519-cert-v01@openssh.com';
  const blob = Buffer.concat([
    wireString(type),
    wireString(crypto.randomBytes(32)), // nonce
    wireString(Buffer.alloc(32)), // public key
    uint64(1n), // serial
    Buffer.from([0, 0, 0, 1]), // user certificate
    wireString('id'),
    wireString(''),
    uint64(validAfter),
    uint64(validBefore),
  ]);
  return `${type} ${blob.toString('base64')} test\n`;
}

const pemKey = crypto
  .generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
const goodKey = write('good.pem', pemKey);

function sshErrors(body: string, schema: ComponentSchema = SSH_BUILDER): [string, string, string, string][] {
  return summarizeWithSeverity(decode(schema, body).diagnostics);
}

describe('communicator options', () => {
  test('builders accept them by kind; a builder keeps its own declaration of one of them', () => {
    const names = componentFields(SSH_BUILDER).map((f) => f.name);
    expect(names).toContain('ssh_bastion_host');
    expect(names).toContain('winrm_use_ntlm');
    expect(names.filter((n) => n === 'ssh_keypair_name')).toHaveLength(1);
    expect(componentFields(SSH_BUILDER).find((f) => f.name === 'ssh_keypair_name')?.doc).toBe(
      "The builder's own declaration.",
    );
    expect(communicatorFields('none')).toEqual([]);
    expect(componentFields(FILE_BUILDER)).toEqual([]);
    const r = decode(FILE_BUILDER, 'ssh_host = "x"\n');
    expect(r.diagnostics.map((d) => d.summary)).toEqual(['Unsupported argument']);
  });

  test('defaults: the communicator type by builder, ports, keep-alive, transfer method', () => {
    const ssh = decode(SSH_BUILDER, 'ssh_username = "u"\n').view;
    expect(ssh.string('communicator')).toBe('ssh');
    expect(ssh.number('ssh_port')).toBe(22);
    expect(ssh.duration('ssh_keep_alive_interval')).toBe(5000);
    expect(ssh.string('ssh_file_transfer_method')).toBe('scp');
    expect(ssh.duration('winrm_timeout')).toBe(30 * 60_000);
    expect(ssh.duration('ssh_timeout')).toBeUndefined();
    expect(decode(DOCKER_BUILDER, '').view.string('communicator')).toBe('docker');
  });

  test('ssh needs a username, with the note Packer adds', () => {
    expect(sshErrors('communicator = "ssh"\n')).toEqual([
      [
        'error',
        'An ssh_username must be specified',
        'Note: some builders used to default ssh_username to "root".',
        '100:1-100:20',
      ],
    ]);
    expect(sshErrors('ssh_username = var.later\n')).toEqual([]);
  });

  test('the communicator type must be one the builder can use', () => {
    expect(sshErrors('communicator = "telnet"\n')).toEqual([
      ['error', 'Communicator type telnet is invalid', '', '1:1-1:24'],
    ]);
    expect(sshErrors('communicator = "docker"\n')).toEqual([
      ['error', 'Communicator type docker is invalid', '', '1:1-1:24'],
    ]);
    expect(sshErrors('communicator = "none"\n')).toEqual([]);
    expect(sshErrors('', DOCKER_BUILDER)).toEqual([]);
    expect(sshErrors('communicator = "dockerWindowsContainer"\n', DOCKER_BUILDER)).toEqual([]);
    expect(sshErrors('communicator = "ssh"\n', DOCKER_BUILDER).map((d) => d[1])).toEqual([
      'An ssh_username must be specified',
    ]);
    // An empty type is the builder's default, as the SDK's Prepare makes it.
    expect(sshErrors('communicator = ""\n', DOCKER_BUILDER)).toEqual([]);
  });

  test('winrm needs a username', () => {
    expect(sshErrors('communicator = "winrm"\n')).toEqual([
      ['error', 'winrm_username must be specified.', '', '100:1-100:20'],
    ]);
    expect(sshErrors('communicator = "winrm"\nwinrm_username = "Administrator"\n')).toEqual([]);
  });

  test('the private key file must exist and hold a usable key', () => {
    expect(sshErrors(`ssh_username = "u"\nssh_private_key_file = "${goodKey}"\n`)).toEqual([]);
    const missing = path.join(dir, 'missing.pem');
    expect(sshErrors(`ssh_username = "u"\nssh_private_key_file = "${missing}"\n`)).toEqual([
      [
        'error',
        `ssh_private_key_file is invalid: stat ${missing}: no such file or directory`,
        '',
        expect.any(String),
      ],
    ]);
    const notKey = write('not-a-key', 'hello\n');
    expect(sshErrors(`ssh_username = "u"\nssh_private_key_file = "${notKey}"\n`)[0][1]).toBe(
      `ssh_private_key_file is invalid: Error setting up SSH config: Failed to read key '${notKey}': no key found`,
    );
    const encrypted = write(
      'encrypted.pem',
      '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n',
    );
    expect(sshErrors(`ssh_username = "u"\nssh_private_key_file = "${encrypted}"\n`)[0][1]).toBe(
      `ssh_private_key_file is invalid: Error setting up SSH config: Failed to read key '${encrypted}': password protected keys are\nnot supported. Please decrypt the key prior to use.`,
    );
    const corrupt = write('corrupt.pem', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    expect(sshErrors(`ssh_username = "u"\nssh_private_key_file = "${corrupt}"\n`)[0][1]).toBe(
      'ssh_private_key_file is invalid: Error setting up SSH config: x509: failed to parse private key',
    );
    const other = write('cert.pem', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    expect(sshErrors(`ssh_username = "u"\nssh_private_key_file = "${other}"\n`)[0][1]).toBe(
      'ssh_private_key_file is invalid: Error setting up SSH config: ssh: unsupported key type "CERTIFICATE"',
    );
  });

  test('OpenSSH-format keys: usable unless passphrase protected', () => {
    const plain = write('id_plain', openSSHKey('none'));
    const locked = write('id_locked', openSSHKey('aes256-ctr'));
    expect(sshErrors(`ssh_username = "u"\nssh_private_key_file = "${plain}"\n`)).toEqual([]);
    expect(sshErrors(`ssh_username = "u"\nssh_private_key_file = "${locked}"\n`)[0][1]).toBe(
      'ssh_private_key_file is invalid: Error setting up SSH config: ssh: this private key is passphrase protected',
    );
  });

  test('a certificate needs a key file, and must be a certificate that is valid now', () => {
    const now = BigInt(Math.floor(Date.now() / 1000));
    const valid = write('valid-cert.pub', certificate(now - 60n, 2n ** 64n - 1n));
    const expired = write('expired-cert.pub', certificate(now - 120n, now - 60n));
    const future = write('future-cert.pub', certificate(now + 3600n, now + 7200n));
    const plainKey = write('key.pub', `ssh-ed25519 ${wireString('ssh-ed25519').toString('base64')} x\n`);
    const withCert = (cert: string) =>
      sshErrors(
        `ssh_username = "u"\nssh_private_key_file = "${goodKey}"\nssh_certificate_file = "${cert}"\n`,
      );

    expect(sshErrors(`ssh_username = "u"\nssh_certificate_file = "${valid}"\n`)).toEqual([
      [
        'error',
        'ssh_private_key_file must be specified if ssh_certificate_file is specified',
        '',
        `2:1-2:${26 + valid.length}`,
      ],
    ]);
    expect(withCert(valid)).toEqual([]);
    expect(withCert(expired)[0][1]).toBe(
      `ssh_private_key_file is invalid: ${expired} not a valid cert: ssh: cert has expired`,
    );
    expect(withCert(future)[0][1]).toBe(
      `ssh_private_key_file is invalid: ${future} not a valid cert: ssh: cert is not yet valid`,
    );
    expect(withCert(plainKey)[0][1]).toBe('ssh_private_key_file is invalid: Error loading certificate');
    expect(withCert(path.join(dir, 'nope.pub'))[0][1]).toBe(
      `ssh_private_key_file is invalid: unable to read certificate file: open ${path.join(dir, 'nope.pub')}: no such file or directory`,
    );
  });

  test('~ expands to the home directory, as pathing.ExpandUser', () => {
    const me = os.userInfo();
    expect(expandUser('~/.ssh/id_ed25519')).toEqual({ ok: true, path: `${me.homedir}/.ssh/id_ed25519` });
    expect(expandUser(`~${me.username}/k`)).toEqual({ ok: true, path: `${me.homedir}/k` });
    expect(expandUser('~')).toEqual({ ok: true, path: me.homedir });
    expect(expandUser('/abs/~/k')).toEqual({ ok: true, path: '/abs/~/k' });
    expect(expandUser('~nobody-kiln-test/k')).toEqual({
      ok: false,
      message: 'user: unknown user nobody-kiln-test',
    });
    expect(sshErrors('ssh_username = "u"\nssh_private_key_file = "~nobody-kiln-test/k"\n')[0][1]).toBe(
      'ssh_private_key_file is invalid: user: unknown user nobody-kiln-test',
    );
  });

  test('a bastion needs a way to authenticate, inheriting the main key', () => {
    expect(sshErrors('ssh_username = "u"\nssh_bastion_host = "b"\n')).toEqual([
      [
        'error',
        'ssh_bastion_password, ssh_bastion_private_key_file or ssh_bastion_agent_auth must be specified',
        '',
        '2:1-2:23',
      ],
    ]);
    expect(sshErrors('ssh_username = "u"\nssh_bastion_host = "b"\nssh_bastion_agent_auth = true\n')).toEqual(
      [],
    );
    expect(
      sshErrors(`ssh_username = "u"\nssh_bastion_host = "b"\nssh_private_key_file = "${goodKey}"\n`),
    ).toEqual([]);
    const missing = path.join(dir, 'bastion.pem');
    expect(
      sshErrors(
        `ssh_username = "u"\nssh_bastion_host = "b"\nssh_bastion_private_key_file = "${missing}"\n`,
      )[0][1],
    ).toBe(`ssh_bastion_private_key_file is invalid: stat ${missing}: no such file or directory`);
  });

  test('transfer method, bastion with proxy, tunnels', () => {
    expect(sshErrors('ssh_username = "u"\nssh_file_transfer_method = "ftp"\n')).toEqual([
      ['error', "ssh_file_transfer_method ('ftp') is invalid, valid methods: sftp, scp", '', '2:1-2:33'],
    ]);
    expect(
      sshErrors(
        'ssh_username = "u"\nssh_bastion_host = "b"\nssh_bastion_password = "p"\nssh_proxy_host = "p"\n',
      ),
    ).toEqual([
      ['error', 'please specify either ssh_bastion_host or ssh_proxy_host, not both', '', '4:1-4:21'],
    ]);
    expect(
      sshErrors(
        'ssh_username = "u"\nssh_local_tunnels = ["8080:localhost:3000", "8080", "x:localhost:80"]\nssh_remote_tunnels = ["9090:localhost"]\n',
      ).map((d) => d[1]),
    ).toEqual([
      "ssh_local_tunnels ('8080') is invalid: Error parsing tunnel '8080': [8080]",
      'ssh_local_tunnels (\'x:localhost:80\') is invalid: Error parsing listening port, must be a valid port: strconv.Atoi: parsing "x": invalid syntax',
      "ssh_remote_tunnels ('9090:localhost') is invalid: Error parsing forwarding, must be a tcp address: address localhost: missing port in address",
    ]);
  });

  test('validateCommunicator stays silent for builders without a communicator', () => {
    const view = decode(FILE_BUILDER, '').view;
    expect(validateCommunicator(view, 'none')).toEqual([]);
  });
});
