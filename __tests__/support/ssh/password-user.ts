import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { useBeforeAll } from '../hooks';

/** Throwaway local accounts with a password, for the password and keyboard-interactive SSH tests. */

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

/** A password account for the enclosing describe block: made in beforeAll, removed in afterAll. */
export function usePasswordUser(): PasswordUser {
  return useBeforeAll(createPasswordUser, (account) => account.remove());
}
