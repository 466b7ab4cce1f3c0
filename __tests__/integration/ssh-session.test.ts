import * as os from 'os';
import * as path from 'path';

import { kiln } from '../support/kiln';
import { type Agent, setAuthSock, startAgent } from '../support/ssh/agent';
import { usePasswordUser } from '../support/ssh/password-user';
import { describeSsh, fingerprintOf, makeKey, useSshd } from '../support/ssh/sshd';
import { keyAuth, nullSshSource, passwordAuth, shellBuild } from '../support/ssh/templates';
import { tempTemplate } from '../support/temp';

/**
 * Session features of the SSH communicator against real OpenSSH servers: agent forwarding (and
 * ssh_disable_agent_forwarding), keyboard-interactive logins, and pause_before_connecting.
 */

const user = os.userInfo().username;

describeSsh('SSH sessions', () => {
  jest.setTimeout(60_000);
  const sshd = useSshd({ config: ['AllowAgentForwarding yes'] });

  describe('agent forwarding', () => {
    let agent: Agent | undefined;
    let restore: (() => void) | undefined;
    let fingerprint = '';
    beforeAll(async () => {
      agent = await startAgent(path.join(sshd.dir, 'fwd-agent.sock'), [sshd.key]);
      fingerprint = fingerprintOf(`${sshd.key}.pub`);
      expect(fingerprint).toMatch(/^SHA256:/);
      restore = setAuthSock(agent.sock);
    });
    afterAll(() => {
      restore?.();
      agent?.stop();
    });
    const probe = 'if [ -n "$SSH_AUTH_SOCK" ]; then ssh-add -l; else echo no-agent; fi';

    it("forwards the local agent to the guest by default (the guest lists the agent's key)", async () => {
      const dir = tempTemplate({
        'a.pkr.hcl': nullSshSource(sshd, keyAuth(user, sshd.key)) + shellBuild(probe),
      });
      const r = await kiln(['build', '-color=false', '.'], dir);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain(fingerprint);
    });

    it('does not forward it with ssh_disable_agent_forwarding', async () => {
      const dir = tempTemplate({
        'a.pkr.hcl':
          nullSshSource(sshd, keyAuth(user, sshd.key), '  ssh_disable_agent_forwarding = true') +
          shellBuild(probe),
      });
      const r = await kiln(['build', '-color=false', '.'], dir);
      expect(r.err).toBe('');
      expect(r.out).toContain('null.box: no-agent');
      expect(r.out).not.toContain(fingerprint);
    });

    it('does not sign the login with the agent unless ssh_agent_auth is set', async () => {
      // The key file given is not authorized; only the agent's key is (ssh-auth.test.ts logs in
      // with ssh_agent_auth alone).
      const other = makeKey(path.join(sshd.dir, 'unauthorized'));
      const dir = tempTemplate({
        'a.pkr.hcl':
          nullSshSource(sshd, keyAuth(user, other), '  ssh_handshake_attempts = 1') + shellBuild('true'),
      });
      const r = await kiln(['build', '-color=false', '.'], dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/Timeout waiting for SSH: All configured authentication methods failed/);
    });
  });

  it('pauses before connecting with pause_before_connecting', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl':
        nullSshSource(sshd, keyAuth(user, sshd.key), '  pause_before_connecting = "2s"') +
        shellBuild('echo connected'),
    });
    const started = Date.now();
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(r.out).toContain('null.box: Pausing 2s before connecting...');
    expect(r.out.indexOf('Pausing 2s')).toBeLessThan(r.out.indexOf('Connected to SSH!'));
    expect(r.out).toContain('null.box: connected');
  });
});

describeSsh('SSH keyboard-interactive logins', () => {
  jest.setTimeout(60_000);
  // Only keyboard-interactive (through PAM) is offered: a plain password login is refused.
  const sshd = useSshd({
    config: [
      'UsePAM yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication yes',
      'PubkeyAuthentication no',
    ],
  });
  const account = usePasswordUser();

  it('answers the prompts with ssh_password', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': nullSshSource(sshd, passwordAuth(account.name, account.password)) + shellBuild('id -un'),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`null.box: ${account.name}`);
    expect(sshd.log()).toMatch(/Accepted keyboard-interactive/);
  });
});
