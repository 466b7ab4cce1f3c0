import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { tempTemplate } from '../template/helpers';
import { integrationRequired } from './services';
import { type PasswordUser, SSHD, type Sshd, createPasswordUser, haveSshd, startSshd } from './sshd';
import { kiln } from '../cli/run-kiln';

/**
 * Session features of the SSH communicator against real OpenSSH servers: agent forwarding (and
 * ssh_disable_agent_forwarding), keyboard-interactive logins, and pause_before_connecting.
 */

const user = os.userInfo().username;
const describeSsh = haveSshd || integrationRequired() ? describe : describe.skip;

function template(sshd: Sshd, auth: string, extra: string, inline: string): string {
  return (
    `source "null" "box" {\n  ssh_host    = "${sshd.address}"\n  ssh_port    = ${sshd.port}\n` +
    `  ssh_timeout = "15s"\n${auth}\n${extra}\n}\n` +
    `build {\n  sources = ["source.null.box"]\n  provisioner "shell" {\n    inline = [${JSON.stringify(inline)}]\n  }\n}\n`
  );
}

describeSsh('SSH sessions', () => {
  jest.setTimeout(60_000);
  let sshd: Sshd;
  beforeAll(async () => {
    if (!haveSshd) throw new Error(`needs ${SSHD} (apt-get install openssh-server) and root`);
    sshd = await startSshd({ config: ['AllowAgentForwarding yes'] });
  });
  afterAll(() => sshd?.stop());

  describe('agent forwarding', () => {
    let agent: ChildProcess | undefined;
    let saved: string | undefined;
    let fingerprint = '';
    beforeAll(async () => {
      const sock = path.join(sshd.dir, 'fwd-agent.sock');
      agent = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
      for (let i = 0; i < 50 && !fs.existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
      const env = { ...process.env, SSH_AUTH_SOCK: sock };
      expect(spawnSync('ssh-add', [sshd.key], { env }).status).toBe(0);
      fingerprint = spawnSync('ssh-keygen', ['-l', '-f', `${sshd.key}.pub`])
        .stdout.toString()
        .split(' ')[1];
      expect(fingerprint).toMatch(/^SHA256:/);
      saved = process.env.SSH_AUTH_SOCK;
      process.env.SSH_AUTH_SOCK = sock;
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
      agent?.kill();
    });
    const probe = 'if [ -n "$SSH_AUTH_SOCK" ]; then ssh-add -l; else echo no-agent; fi';

    it("forwards the local agent to the guest by default (the guest lists the agent's key)", async () => {
      const dir = tempTemplate({
        'a.pkr.hcl': template(
          sshd,
          `  ssh_username = "${user}"\n  ssh_private_key_file = "${sshd.key}"`,
          '',
          probe,
        ),
      });
      const r = await kiln(['build', '-color=false', '.'], dir);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain(fingerprint);
    });

    it('does not forward it with ssh_disable_agent_forwarding', async () => {
      const dir = tempTemplate({
        'a.pkr.hcl': template(
          sshd,
          `  ssh_username = "${user}"\n  ssh_private_key_file = "${sshd.key}"`,
          '  ssh_disable_agent_forwarding = true',
          probe,
        ),
      });
      const r = await kiln(['build', '-color=false', '.'], dir);
      expect(r.err).toBe('');
      expect(r.out).toContain('null.box: no-agent');
      expect(r.out).not.toContain(fingerprint);
    });

    it('does not sign the login with the agent unless ssh_agent_auth is set', async () => {
      // The key file given is not authorized; only the agent's key is (ssh-auth.test.ts logs in
      // with ssh_agent_auth alone).
      const other = path.join(sshd.dir, 'unauthorized');
      spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
      const dir = tempTemplate({
        'a.pkr.hcl': template(
          sshd,
          `  ssh_username = "${user}"\n  ssh_private_key_file = "${other}"`,
          '  ssh_handshake_attempts = 1',
          'true',
        ),
      });
      const r = await kiln(['build', '-color=false', '.'], dir);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/Timeout waiting for SSH: All configured authentication methods failed/);
    });
  });

  it('pauses before connecting with pause_before_connecting', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': template(
        sshd,
        `  ssh_username = "${user}"\n  ssh_private_key_file = "${sshd.key}"`,
        '  pause_before_connecting = "2s"',
        'echo connected',
      ),
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
  let sshd: Sshd;
  let account: PasswordUser;
  beforeAll(async () => {
    if (!haveSshd) throw new Error(`needs ${SSHD} (apt-get install openssh-server) and root`);
    account = createPasswordUser();
    // Only keyboard-interactive (through PAM) is offered: a plain password login is refused.
    sshd = await startSshd({
      config: [
        'UsePAM yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication yes',
        'PubkeyAuthentication no',
      ],
    });
  });
  afterAll(async () => {
    sshd?.stop();
    await account?.remove();
  });

  it('answers the prompts with ssh_password', async () => {
    const dir = tempTemplate({
      'a.pkr.hcl': template(
        sshd,
        `  ssh_username = "${account.name}"\n  ssh_password = "${account.password}"`,
        '',
        'id -un',
      ),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`null.box: ${account.name}`);
    expect(sshd.log()).toMatch(/Accepted keyboard-interactive/);
  });
});
