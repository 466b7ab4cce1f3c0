import { type ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

import type { CommandIO } from '../../src/cli/io';
import { runCLI } from '../../src/cli/main';
import { tempTemplate } from '../template/helpers';
import { integrationRequired } from './services';

/** The null builder over SSH, against a real sshd on 127.0.0.1 started here. */

const SSHD = '/usr/sbin/sshd';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(p));
    });
  });
}

async function startSshd(): Promise<{ port: number; key: string; dir: string; stop: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiln-sshd-'));
  for (const [name, type] of [
    ['host', 'ed25519'],
    ['client', 'ed25519'],
  ]) {
    spawnSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', path.join(dir, name)]);
  }
  fs.copyFileSync(path.join(dir, 'client.pub'), path.join(dir, 'authorized_keys'));
  const port = await freePort();
  // A configuration of its own: nothing from the machine's /etc/ssh/sshd_config applies.
  const config = path.join(dir, 'sshd_config');
  fs.writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(dir, 'host')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      'PermitRootLogin prohibit-password',
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  fs.mkdirSync('/run/sshd', { recursive: true }); // privilege separation directory
  const child: ChildProcess = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
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
    key: path.join(dir, 'client'),
    dir,
    stop: () => {
      child.kill();
    },
  };
}

async function kiln(args: string[], cwd: string) {
  process.chdir(cwd);
  let out = '';
  let err = '';
  const io: CommandIO = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: () => Promise.resolve(''),
    stdinIsTTY: false,
    cwd,
    env: {},
  };
  return { code: await runCLI(args, io), out, err };
}

const haveSshd = fs.existsSync(SSHD) && process.getuid?.() === 0;
const describeSsh = haveSshd ? describe : integrationRequired() ? describe : describe.skip;

describeSsh('null builds over SSH', () => {
  jest.setTimeout(60_000);
  let sshd: Awaited<ReturnType<typeof startSshd>>;
  beforeAll(async () => {
    if (!haveSshd) throw new Error(`needs ${SSHD} (apt-get install openssh-server) and root`);
    sshd = await startSshd();
  });
  afterAll(() => sshd?.stop());

  const template = (provisioners: string): string => `
source "null" "box" {
  ssh_host             = "127.0.0.1"
  ssh_port             = ${sshd.port}
  ssh_username         = "${os.userInfo().username}"
  ssh_private_key_file = "${sshd.key}"
  ssh_timeout          = "20s"
}
build {
  sources = ["source.null.box"]
${provisioners}
}
`;

  it('runs shell provisioners with the connection values and moves trees both ways', async () => {
    const remote = path.join(sshd.dir, 'remote');
    const dir = tempTemplate({
      'tree/a.txt': 'a\n',
      'tree/sub/b.txt': 'b\n',
      'a.pkr.hcl': template(`
  provisioner "shell" {
    inline = ["echo \\"on $PACKER_BUILD_NAME via \${build.Host}:\${build.Port} as \${build.User}\\"", "mkdir -p ${remote}"]
  }
  provisioner "file" {
    source      = "tree"
    destination = "${remote}"
  }
  provisioner "shell" {
    inline = ["cat ${remote}/tree/sub/b.txt", "echo made > ${remote}/tree/made.txt"]
  }
  provisioner "file" {
    direction   = "download"
    source      = "${remote}/tree/"
    destination = "back"
  }`),
    });
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('==> null.box: Connected to SSH!');
    expect(r.out).toContain(`    null.box: on box via 127.0.0.1:${sshd.port} as ${os.userInfo().username}\n`);
    expect(r.out).toContain('    null.box: b\n');
    expect(fs.readFileSync(path.join(dir, 'back/made.txt'), 'utf8')).toBe('made\n');
    expect(fs.readFileSync(path.join(dir, 'back/sub/b.txt'), 'utf8')).toBe('b\n');
    expect(r.out).toContain('--> null.box: Did not export anything. This is the null builder');
  });

  it('treats a dropped connection as success only with expect_disconnect', async () => {
    const drop = 'inline = ["kill -9 $PPID"]';
    const ok = await kiln(
      ['build', '-color=false', '.'],
      tempTemplate({
        'a.pkr.hcl': template(`  provisioner "shell" {\n    ${drop}\n    expect_disconnect = true\n  }`),
      }),
    );
    expect(ok.code).toBe(0);
    const bad = await kiln(
      ['build', '-color=false', '.'],
      tempTemplate({ 'a.pkr.hcl': template(`  provisioner "shell" {\n    ${drop}\n  }`) }),
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Script disconnected unexpectedly.');
  });

  it('gives up after ssh_timeout when nothing answers', async () => {
    const port = await freePort();
    const dir = tempTemplate({
      'a.pkr.hcl': template('')
        .replace(`ssh_port             = ${sshd.port}`, `ssh_port             = ${port}`)
        .replace('"20s"', '"2s"'),
    });
    const t0 = Date.now();
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Timeout waiting for SSH');
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
