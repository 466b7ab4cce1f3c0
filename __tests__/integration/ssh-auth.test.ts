import { spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import { Readable } from 'stream';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { connectSsh } from '../../src/communicators/ssh/connect';
import { generateKeyPair } from '../../src/communicators/ssh/keygen';
import type { BuildUI } from '../../src/engine/types';
import type { SSHSettings } from '../../src/schema/communicator-settings';
import { tempTemplate } from '../template/helpers';
import { integrationRequired } from './services';
import { type PasswordUser, SSHD, type Sshd, createPasswordUser, haveSshd, startSshd } from './sshd';
import { kiln } from '../cli/run-kiln';

/**
 * How the SSH communicator authenticates and runs commands, against real OpenSSH servers: password,
 * key file, agent, temporary key pairs, a pty, and a bastion host.
 */

const user = os.userInfo().username;
const describeSsh = haveSshd || integrationRequired() ? describe : describe.skip;

function nullSource(sshd: Sshd, auth: string, extra = ''): string {
  return `source "null" "box" {\n  ssh_host     = "${sshd.address}"\n  ssh_port     = ${sshd.port}\n  ssh_timeout  = "15s"\n${auth}\n${extra}\n}\n`;
}

function build(provisioner: string): string {
  return `build {\n  sources = ["source.null.box"]\n  provisioner "shell" {\n    inline = [${JSON.stringify(provisioner)}]\n  }\n}\n`;
}

const silentUI: BuildUI & { secrets: string[] } = {
  secrets: [],
  say: () => undefined,
  message: () => undefined,
  error: () => undefined,
  output: () => undefined,
  addSecret(s: string) {
    this.secrets.push(s);
  },
};

describeSsh('SSH authentication and sessions', () => {
  jest.setTimeout(60_000);
  let sshd: Sshd;
  let account: PasswordUser;
  beforeAll(async () => {
    if (!haveSshd) throw new Error(`needs ${SSHD} (apt-get install openssh-server) and root`);
    account = createPasswordUser();
    sshd = await startSshd({ config: ['PasswordAuthentication yes', 'KbdInteractiveAuthentication yes'] });
  });
  afterAll(async () => {
    sshd?.stop();
    await account?.remove();
  });

  it('logs in with a password (masked in the output)', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        nullSource(sshd, `  ssh_username = "${account.name}"\n  ssh_password = "${account.password}"`) +
        build(`echo "I am $(id -un), password ${account.password}"`),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`null.box: I am ${account.name}, password <sensitive>`);
    expect(r.out).not.toContain(account.password);
  });

  it('leaves no password login behind: the test account is gone after remove()', async () => {
    const probe = createPasswordUser();
    expect(spawnSync('id', [probe.name]).status).toBe(0);
    await probe.remove();
    expect(spawnSync('id', [probe.name]).status).not.toBe(0);
    expect(fs.readFileSync('/etc/shadow', 'utf8')).not.toContain(`${probe.name}:`);
  });

  it('fails clearly with a wrong password', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        nullSource(
          sshd,
          `  ssh_username = "${account.name}"\n  ssh_password = "wrong"`,
          '  ssh_handshake_attempts = 2',
        ) + build('true'),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Timeout waiting for SSH: All configured authentication methods failed/);
  });

  it('authenticates through ssh-agent (ssh_agent_auth) without a key file', async () => {
    const sock = path.join(sshd.dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
      expect(spawnSync('ssh-add', [sshd.key], { env: { ...process.env, SSH_AUTH_SOCK: sock } }).status).toBe(
        0,
      );
      const dir = tempTemplate({
        'a.pkr.hcl':
          nullSource(sshd, `  ssh_username   = "${user}"\n  ssh_agent_auth = true`) + build('echo via-agent'),
      });
      const saved = process.env.SSH_AUTH_SOCK;
      process.env.SSH_AUTH_SOCK = sock;
      try {
        const r = await kiln(['build', '-color=false', '.'], dir);
        expect(r.err).toBe('');
        expect(r.out).toContain('null.box: via-agent');
      } finally {
        if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
        else process.env.SSH_AUTH_SOCK = saved;
      }
    } finally {
      agent.kill();
    }
  });

  it('runs commands in a pseudo-terminal only with ssh_pty', async () => {
    const probe = 'if [ -t 1 ]; then echo tty=yes; else echo tty=no; fi';
    for (const [pty, expected] of [
      [true, 'tty=yes'],
      [false, 'tty=no'],
    ] as const) {
      const dir = tempTemplate({
        'a.pkr.hcl':
          nullSource(
            sshd,
            `  ssh_username         = "${user}"\n  ssh_private_key_file = "${sshd.key}"`,
            `  ssh_pty = ${pty}`,
          ) + build(probe),
      });
      const r = await kiln(['build', '-color=false', '.'], dir);
      expect(r.code).toBe(0);
      expect(r.out).toContain(`null.box: ${expected}`);
    }
  });

  it.each([
    ['ed25519', 0],
    ['ecdsa', 256],
    ['rsa', 2048],
  ])('connects with a temporary %s key pair', async (type, bits) => {
    const pair = await generateKeyPair(type, bits);
    // OpenSSH reads the private key and derives the same public key.
    const keyFile = path.join(sshd.dir, `temp-${type}`);
    fs.writeFileSync(keyFile, pair.privateKey, { mode: 0o600 });
    const derived = spawnSync('ssh-keygen', ['-y', '-f', keyFile], { encoding: 'utf8' });
    expect(derived.stdout.trim()).toBe(pair.publicKey.trim());
    fs.rmSync(keyFile);

    sshd.authorize(pair.publicKey);
    const settings: SSHSettings = {
      host: sshd.address,
      port: sshd.port,
      username: user,
      password: '',
      privateKeyFile: '',
      certificateFile: '',
      keyPairName: '',
      temporaryKeyPair: { name: '', type, bits },
      agentAuth: false,
      disableAgentForwarding: true,
      clearAuthorizedKeys: false,
      pty: false,
      ciphers: [],
      keyExchangeAlgorithms: [],
      timeoutMs: 10_000,
      handshakeAttempts: 3,
      keepAliveIntervalMs: 0,
    } as unknown as SSHSettings;
    const comm = await connectSsh(settings, silentUI, new AbortController().signal, {
      privateKey: pair.privateKey,
    });
    try {
      let out = '';
      const r = await comm.start(
        {
          command: 'echo temp-key-ok',
          onStdout: (c) => {
            out += c.toString('utf8');
          },
        },
        new AbortController().signal,
      );
      expect(r.exitStatus).toBe(0);
      expect(out).toBe('temp-key-ok\n');
    } finally {
      await comm.close();
    }
  });

  it('uploads a large file intact with many writes in flight, and stops when cancelled', async () => {
    const settings = {
      host: sshd.address,
      port: sshd.port,
      username: user,
      password: '',
      privateKeyFile: sshd.key,
      agentAuth: false,
      pty: false,
      timeoutMs: 10_000,
      handshakeAttempts: 3,
      keepAliveIntervalMs: 0,
    } as unknown as SSHSettings;
    const comm = await connectSsh(settings, silentUI, new AbortController().signal);
    try {
      const data = crypto.randomBytes(24 * 1024 * 1024 + 12345);
      const dest = path.join(sshd.dir, 'big.bin');
      await comm.upload(
        dest,
        Readable.from([data.subarray(0, 1000), data.subarray(1000)]),
        { mode: 0o640 },
        new AbortController().signal,
      );
      expect(crypto.createHash('sha256').update(fs.readFileSync(dest)).digest('hex')).toBe(
        crypto.createHash('sha256').update(data).digest('hex'),
      );
      expect(fs.statSync(dest).mode & 0o777).toBe(0o640);

      const cancel = new AbortController();
      const endless = new Readable({
        read() {
          this.push(Buffer.alloc(64 * 1024));
        },
      });
      setTimeout(() => cancel.abort(), 300);
      await expect(
        comm.upload(path.join(sshd.dir, 'endless.bin'), endless, {}, cancel.signal),
      ).rejects.toThrow('cancelled');
    } finally {
      await comm.close();
    }
  });

  it('rejects key types and sizes Packer rejects', async () => {
    await expect(generateKeyPair('rsa', 512)).rejects.toThrow('must be more than 1024');
    await expect(generateKeyPair('ecdsa', 300)).rejects.toThrow('must be one of 256, 384 or 521');
    await expect(generateKeyPair('rot13')).rejects.toThrow('possible algorithm types are');
  });

  it('reaches a host only through the bastion', async () => {
    // The target listens on 127.0.0.3; the bastion (logging its forwards) is the way there.
    const target = await startSshd({ address: '127.0.0.3' });
    const bastion = await startSshd({ config: ['LogLevel DEBUG1', 'AllowTcpForwarding yes'] });
    try {
      target.authorize(fs.readFileSync(`${bastion.key}.pub`, 'utf8'));
      const dir = tempTemplate({
        'a.pkr.hcl':
          nullSource(
            target,
            `  ssh_username         = "${user}"\n  ssh_private_key_file = "${bastion.key}"`,
            `  ssh_bastion_host     = "${bastion.address}"\n  ssh_bastion_port     = ${bastion.port}\n  ssh_bastion_username = "${user}"`,
          ) + build('echo behind-the-bastion'),
      });
      const r = await kiln(['build', '-color=false', '.'], dir);
      expect(r.err).toBe('');
      expect(r.out).toContain('null.box: behind-the-bastion');
      // The bastion opened the forwarded channel to the target.
      expect(bastion.log()).toMatch(
        new RegExp(
          `direct-tcpip.*127\\.0\\.0\\.3.*${target.port}|target 127\\.0\\.0\\.3 port ${target.port}`,
        ),
      );
    } finally {
      target.stop();
      bastion.stop();
    }
  });
});
