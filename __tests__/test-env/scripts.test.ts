import * as fs from 'fs';
import * as path from 'path';

/**
 * The test-environment scripts a contributor runs as root (README, .ci/run) must leave the machine as
 * safe as they found it: no account with a known password, no system sshd or registry started or
 * enabled. These read the scripts' commands (comments stripped): the install paths cannot run here
 * without uninstalling the machine's packages.
 */

import { PASSWORD_USER_PREFIX } from '../support/ssh/password-user';

const dir = path.join(__dirname, '..', '..', 'test-env');

function commands(script: string): string {
  return fs
    .readFileSync(path.join(dir, script), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n');
}

describe('test-env scripts', () => {
  it('start.sh makes no account and sets no password', () => {
    expect(commands('start.sh')).not.toMatch(/\b(useradd|adduser|chpasswd|passwd|usermod)\b/);
  });

  it('start.sh starts no sshd and no system service', () => {
    expect(commands('start.sh')).not.toMatch(/\b(sshd|systemctl|service|invoke-rc\.d)\b/);
  });

  it('install-deps.sh installs under a policy-rc.d that refuses service starts', () => {
    const s = commands('install-deps.sh');
    const policy = s.indexOf('exit 101');
    const install = s.indexOf('apt-get install');
    expect(policy).toBeGreaterThan(-1);
    expect(install).toBeGreaterThan(policy);
    expect(s).toMatch(/policy=\/usr\/sbin\/policy-rc\.d/);
  });

  it('install-deps.sh disables the sshd and registry services it installs', () => {
    const s = commands('install-deps.sh');
    expect(s).toMatch(/openssh-server\) services\+=\(ssh\)/);
    expect(s).toMatch(/docker-registry\) services\+=\(docker-registry\)/);
    expect(s).toMatch(/systemctl disable --now/);
    expect(s).toMatch(/update-rc\.d "\$svc" disable/);
  });

  it('stop.sh removes the throwaway SSH test accounts and the old kiln-ssh account', () => {
    const s = commands('stop.sh');
    expect(s).toMatch(/userdel/);
    expect(s).toContain(`^(${PASSWORD_USER_PREFIX}[0-9a-f]+|kiln-ssh)$`);
    expect(s).toContain('kiln-ssh');
  });
});
