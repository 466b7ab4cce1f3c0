import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import { freePort } from './registry';

/** Real OpenSSH servers on loopback for the SSH communicator's tests, each with its own config. */

export const SSHD = '/usr/sbin/sshd';
export const haveSshd = fs.existsSync(SSHD) && process.getuid?.() === 0;
export { freePort };

/** The prefix of the throwaway accounts below; test-env/stop.sh removes any a killed run left. */
export const PASSWORD_USER_PREFIX = 'kiln-pw-';

export interface PasswordUser {
  readonly name: string;
  readonly password: string;
  /**
   * Deletes the account and its home directory (idempotent). Waits for the sessions of a just stopped
   * sshd to end (userdel refuses a user with processes), then forces it; throws if the account stays.
   */
  remove(): Promise<void>;
}

/**
 * A local account with a random password for the password and keyboard-interactive tests (sshd checks
 * real accounts). It lives only as long as the test that made it: call remove() in afterAll, so no
 * login with a known password stays on the machine, even when the test fails.
 */
export function createPasswordUser(): PasswordUser {
  const name = `${PASSWORD_USER_PREFIX}${crypto.randomBytes(4).toString('hex')}`;
  const password = crypto.randomBytes(18).toString('hex');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `${name}-`));
  const exists = (): boolean => spawnSync('id', [name]).status === 0;
  const removeNow = (force: boolean): void => {
    if (exists()) spawnSync('userdel', force ? ['--force', name] : [name], { encoding: 'utf8' });
  };
  let removed = false;
  const remove = async (): Promise<void> => {
    if (removed) return;
    removed = true;
    try {
      for (let i = 0; i < 50 && exists(); i++) {
        removeNow(false);
        if (exists()) await new Promise((r) => setTimeout(r, 100));
      }
      removeNow(true);
      if (exists())
        throw new Error(`could not delete the test account ${name}: run test-env/stop.sh as root`);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  };
  const run = (cmd: string, args: string[], input?: string): void => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', input });
    if (r.status !== 0) {
      removeNow(true);
      fs.rmSync(home, { recursive: true, force: true });
      throw new Error(`${cmd} ${args.join(' ')}: ${r.error?.message ?? r.stderr.trim()}`);
    }
  };
  run('useradd', ['--no-create-home', '--home-dir', home, '--shell', '/bin/sh', name]);
  run('chown', [name, home]);
  run('chpasswd', [], `${name}:${password}\n`);
  return { name, password, remove };
}

export interface Sshd {
  readonly port: number;
  readonly address: string;
  /** A client private key whose public half is authorized. */
  readonly key: string;
  readonly dir: string;
  /** What sshd logged (to stderr). */
  log(): string;
  authorize(publicKeyLine: string): void;
  stop(): void;
}

export interface SshdOptions {
  /** 127.x.y.z to listen on (default 127.0.0.1). */
  readonly address?: string;
  /** Extra sshd_config lines. */
  readonly config?: readonly string[];
}

export async function startSshd(opts: SshdOptions = {}): Promise<Sshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-sshd-'));
  for (const name of ['host', 'client'])
    spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, name)]);
  const authorized = path.join(dir, 'authorized_keys');
  fs.copyFileSync(path.join(dir, 'client.pub'), authorized);
  const port = await freePort();
  const address = opts.address ?? '127.0.0.1';
  // A configuration of its own: nothing from the machine's /etc/ssh/sshd_config applies.
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      // sshd keeps the first value it reads for a keyword: the test's own lines come first.
      ...(opts.config ?? []),
      `Port ${port}`,
      `ListenAddress ${address}`,
      `HostKey ${path.join(dir, 'host')}`,
      `AuthorizedKeysFile ${authorized}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  fs.mkdirSync('/run/sshd', { recursive: true }); // privilege separation directory
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log += c.toString('utf8')));
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, address, () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    address,
    key: path.join(dir, 'client'),
    dir,
    log: () => log,
    authorize: (line) => fs.appendFileSync(authorized, line.endsWith('\n') ? line : `${line}\n`),
    stop: () => {
      child.kill();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
