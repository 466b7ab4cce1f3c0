import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import type { CommandIO } from '../../src/cli/io';
import { runCLI } from '../../src/cli/main';
import { tempTemplate } from '../template/helpers';
import { integrationRequired } from './services';
import { SSHD, freePort, haveSshd, startSshd } from './sshd';

/** The null builder over SSH, against a real sshd on 127.0.0.1 started here. */

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
