import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { accepts, freePort, waitUntil } from '../net';
import { useBeforeAll } from '../hooks';
import { integrationRequired } from '../services';

/**
 * Real OpenSSH servers on loopback for the SSH communicator's tests, each with its own config.
 * bench/ssh-transfer.js loads this module compiled, outside Jest: nothing here may call Jest's
 * globals when the module loads.
 */

export const SSHD = '/usr/sbin/sshd';
export const haveSshd = fs.existsSync(SSHD) && process.getuid?.() === 0;

/**
 * `describe` for tests that need a real sshd: they run where there is one (as root); under CI=true
 * or KILN_REQUIRE_INTEGRATION=1 they run anyway, so that useSshd's beforeAll fails them instead of
 * a silent skip; elsewhere they are skipped.
 */
export function describeSsh(title: string, body: () => void): void {
  (haveSshd || integrationRequired() ? describe : describe.skip)(title, body);
}

/** Makes an ed25519 key pair without a passphrase: `file` (private) and `file.pub`. */
export function makeKey(file: string): string {
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  return file;
}

/** The SHA256 fingerprint of a public key file, as ssh-keygen -l prints it. */
export function fingerprintOf(publicKeyFile: string): string {
  return spawnSync('ssh-keygen', ['-l', '-f', publicKeyFile]).stdout.toString().split(' ')[1];
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
  /** false: no sftp subsystem (a minimal image, dropbear): only exec channels, scp among them. */
  readonly sftp?: boolean;
}

export async function startSshd(opts: SshdOptions = {}): Promise<Sshd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-sshd-'));
  for (const name of ['host', 'client']) makeKey(path.join(dir, name));
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
      ...(opts.sftp === false ? [] : ['Subsystem sftp internal-sftp']),
      '',
    ].join('\n'),
  );
  fs.mkdirSync('/run/sshd', { recursive: true }); // privilege separation directory
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log += c.toString('utf8')));
  await waitUntil(() => accepts(port, address));
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

/**
 * An sshd for the enclosing describe block: started in beforeAll (failing the block when this machine
 * cannot run one), stopped in afterAll. Use the handle inside tests and hooks only.
 */
export function useSshd(opts: SshdOptions = {}): Sshd {
  return useBeforeAll(
    () => {
      if (!haveSshd) throw new Error(`needs ${SSHD} (apt-get install openssh-server) and root`);
      return startSshd(opts);
    },
    (sshd) => sshd.stop(),
  );
}
