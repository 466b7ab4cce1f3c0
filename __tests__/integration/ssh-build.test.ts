import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';

import { kiln } from '../support/kiln';
import { freePort } from '../support/net';
import { describeSsh, useSshd } from '../support/ssh/sshd';
import { type SshTarget, keyAuth, nullBuild, nullSshSource } from '../support/ssh/templates';
import { tempTemplate } from '../support/temp';

/** The null builder over SSH, against a real sshd on 127.0.0.1 started here. */

describeSsh('null builds over SSH', () => {
  jest.setTimeout(60_000);
  const sshd = useSshd();

  const template = (provisioners: string, target: SshTarget = sshd, timeout = '20s'): string =>
    nullSshSource(target, keyAuth(os.userInfo().username, sshd.key), '', timeout) + nullBuild(provisioners);

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
    // As Packer: the inline commands go through a local temporary file, named as the script.
    const local = /==> null\.box: Provisioning with shell script: (\S+\/packer-shell\d+)\n/.exec(r.out)?.[1];
    expect(local).toBeDefined();
    expect(fs.existsSync(local as string)).toBe(false);
    expect(r.out).toContain(`    null.box: on box via 127.0.0.1:${sshd.port} as ${os.userInfo().username}\n`);
    expect(r.out).toContain('    null.box: b\n');
    expect(fs.readFileSync(path.join(dir, 'back/made.txt'), 'utf8')).toBe('made\n');
    expect(fs.readFileSync(path.join(dir, 'back/sub/b.txt'), 'utf8')).toBe('b\n');
    expect(r.out).toContain('--> null.box: Did not export anything. This is the null builder');
  });

  it("follows Packer's trailing-slash rules and keeps file modes both ways", async () => {
    const remote = path.join(sshd.dir, 'slash');
    const dir = tempTemplate({
      'tree/run.sh': '#!/bin/sh\n',
      'tree/sub/secret.txt': 's\n',
      'a.pkr.hcl': template(`
  provisioner "shell" {
    inline = ["mkdir -p ${remote}/into ${remote}/contents"]
  }
  provisioner "file" {
    source      = "tree"
    destination = "${remote}/into"
  }
  provisioner "file" {
    source      = "tree/"
    destination = "${remote}/contents"
  }
  provisioner "file" {
    direction   = "download"
    source      = "${remote}/contents/"
    destination = "back-contents"
  }`),
    });
    fs.chmodSync(path.join(dir, 'tree/run.sh'), 0o755);
    fs.chmodSync(path.join(dir, 'tree/sub/secret.txt'), 0o600);
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.err).toBe('');
    const mode = (p: string): number => fs.statSync(p).mode & 0o777;
    // Upload: `tree` lands as into/tree, `tree/` spills its contents.
    expect(mode(path.join(remote, 'into/tree/run.sh'))).toBe(0o755);
    expect(mode(path.join(remote, 'into/tree/sub/secret.txt'))).toBe(0o600);
    expect(mode(path.join(remote, 'contents/run.sh'))).toBe(0o755);
    expect(fs.existsSync(path.join(remote, 'contents/tree'))).toBe(false);
    // Download: as in Packer, only a source ending in / is a directory download; its contents land
    // in the destination.
    expect(mode(path.join(dir, 'back-contents/sub/secret.txt'))).toBe(0o600);
    expect(mode(path.join(dir, 'back-contents/run.sh'))).toBe(0o755);
    expect(fs.readFileSync(path.join(dir, 'back-contents/sub/secret.txt'), 'utf8')).toBe('s\n');
    expect(fs.existsSync(path.join(dir, 'back-contents/contents'))).toBe(false);
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

  it('connects from the committed bundle, which reads ssh2 from dist/ssh2', () => {
    const dir = tempTemplate({
      'a.pkr.hcl': template(`  provisioner "shell" {\n    inline = ["echo bundled over ssh"]\n  }`),
    });
    const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli', 'index.js');
    const r = spawnSync(process.execPath, [cli, 'build', '-color=false', '.'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('==> null.box: Connected to SSH!');
    expect(r.stdout).toContain('    null.box: bundled over ssh\n');
  });

  it('gives up after ssh_timeout when nothing answers', async () => {
    const port = await freePort();
    const dir = tempTemplate({
      'a.pkr.hcl': template('', { address: '127.0.0.1', port }, '2s'),
    });
    const t0 = Date.now();
    const r = await kiln(['build', '-color=false', '.'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Timeout waiting for SSH');
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
