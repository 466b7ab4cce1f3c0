import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import { Readable } from 'stream';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { generateKeyPair } from '../../src/communicators/ssh/keygen';
import { kiln } from '../support/kiln';
import { setAuthSock, startAgent } from '../support/ssh/agent';
import { createPasswordUser, usePasswordUser } from '../support/ssh/password-user';
import { connectSession, runCommand } from '../support/ssh/session';
import { sshSettings } from '../support/ssh/settings';
import { describeSsh, startSshd, useSshd } from '../support/ssh/sshd';
import { keyAuth, nullSshSource, passwordAuth, shellBuild } from '../support/ssh/templates';
import { tempTemplate } from '../support/temp';

/**
 * How the SSH communicator authenticates and runs commands, against real OpenSSH servers: password,
 * key file, agent, temporary key pairs, a pty, and a bastion host.
 */

const user = os.userInfo().username;

describeSsh('SSH authentication and sessions', () => {
  jest.setTimeout(60_000);
  const sshd = useSshd({ config: ['PasswordAuthentication yes', 'KbdInteractiveAuthentication yes'] });
  const account = usePasswordUser();

  it('logs in with a password (masked in the output)', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        nullSshSource(sshd, passwordAuth(account.name, account.password)) +
        shellBuild(`echo "I am $(id -un), password ${account.password}"`),
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
        nullSshSource(sshd, passwordAuth(account.name, 'wrong'), '  ssh_handshake_attempts = 2') +
        shellBuild('true'),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Timeout waiting for SSH: All configured authentication methods failed/);
  });

  it('authenticates through ssh-agent (ssh_agent_auth) without a key file', async () => {
    const agent = await startAgent(path.join(sshd.dir, 'agent.sock'), [sshd.key]);
    try {
      const dir = tempTemplate({
        'a.pkr.hcl':
          nullSshSource(sshd, `  ssh_username   = "${user}"\n  ssh_agent_auth = true`) +
          shellBuild('echo via-agent'),
      });
      const restore = setAuthSock(agent.sock);
      try {
        const r = await kiln(['build', '-color=false', '.'], dir);
        expect(r.err).toBe('');
        expect(r.out).toContain('null.box: via-agent');
      } finally {
        restore();
      }
    } finally {
      agent.stop();
    }
  });

  it('runs commands in a pseudo-terminal only with ssh_pty', async () => {
    const probe = 'if [ -t 1 ]; then echo tty=yes; else echo tty=no; fi';
    for (const [pty, expected] of [
      [true, 'tty=yes'],
      [false, 'tty=no'],
    ] as const) {
      const dir = tempTemplate({
        'a.pkr.hcl': nullSshSource(sshd, keyAuth(user, sshd.key), `  ssh_pty = ${pty}`) + shellBuild(probe),
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
    const comm = await connectSession(
      sshSettings(sshd, { temporaryKeyPair: { name: '', type, bits }, disableAgentForwarding: true }),
      { privateKey: pair.privateKey },
    );
    try {
      const r = await runCommand(comm, 'echo temp-key-ok');
      expect(r.exitStatus).toBe(0);
      expect(r.out).toBe('temp-key-ok\n');
    } finally {
      await comm.close();
    }
  });

  it('uploads a large file intact with many writes in flight, and stops when cancelled', async () => {
    const comm = await connectSession(sshSettings(sshd, { privateKeyFile: sshd.key }));
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
          nullSshSource(
            target,
            keyAuth(user, bastion.key),
            `  ssh_bastion_host     = "${bastion.address}"\n  ssh_bastion_port     = ${bastion.port}\n  ssh_bastion_username = "${user}"`,
          ) + shellBuild('echo behind-the-bastion'),
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
