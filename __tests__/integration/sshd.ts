import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import { freePort } from './registry';

/** Real OpenSSH servers on loopback for the SSH communicator's tests, each with its own config. */

export const SSHD = '/usr/sbin/sshd';
export const haveSshd = fs.existsSync(SSHD) && process.getuid?.() === 0;
export { freePort };

/** The user test-env/start.sh creates for password logins (sshd checks real accounts). */
export const PASSWORD_USER = 'kiln-ssh';
export const PASSWORD = 'kiln-ssh-test-password';

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
