import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { kiln } from '../support/kiln';
import { describeWithPlugin, installPlugin, pluginChildren } from '../support/plugins';
import { describeSsh, useSshd } from '../support/ssh/sshd';
import { keyAuth, nullBuild, nullSshSource } from '../support/ssh/templates';
import { tempDir, tempTemplate } from '../support/temp';

/**
 * kilnfixture's components with the null builder (issue 16): its post-processors failing a chain
 * (Packer's MultiError) or ending one with no artifact; its provisioner over Kiln's SSH
 * communicator, connected to a real sshd on 127.0.0.1 — the plugin's command, upload (with its
 * mode) and download going through Kiln's SSH session — and its post-processor reading the null
 * builder's artifact.
 */

jest.setTimeout(60_000);

describeWithPlugin('plugin post-processors in a chain', 'kilnfixture', 'v0.2.0', (fixture) => {
  it("fail a chain in Packer's words, and end one quietly when they return no artifact", async () => {
    const plugins = tempDir('kiln-plugin-path-');
    await installPlugin(plugins, 'github.com/kiln-project/kilnfixture', fixture);
    const dir = tempTemplate({
      'a.pkr.hcl': `
source "null" "n" {
  communicator = "none"
}
build {
  sources = ["source.null.n"]
  post-processor "kilnfixture-my-post-processor" {
    mock = "a"
    fail = "the fixture says no"
  }
  post-processors {
    post-processor "kilnfixture-my-post-processor" {
      mock        = "b"
      no_artifact = true
      keep_input  = true
    }
    post-processor "kilnfixture-my-post-processor" {
      mock = "never"
    }
  }
}
`,
    });
    const r = await kiln(['build', '-color=false', '.'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      '==> null.n (kilnfixture-my-post-processor): my-post-processor: mock=a artifact=Null\n',
    );
    expect(r.out).toContain(
      '==> null.n (kilnfixture-my-post-processor): my-post-processor: mock=b artifact=Null\n',
    );
    expect(r.out).not.toContain('mock=never');
    expect(r.err).toMatch(
      /Build 'null\.n' errored after [^:]+: 1 error\(s\) occurred:\n\n\* Post-processor failed: the fixture says no\n/,
    );
    expect(pluginChildren()).toEqual([]);
  });
});

describeWithPlugin('a plugin provisioner over SSH', 'kilnfixture', 'v0.2.0', (fixture) => {
  describeSsh('with a real sshd', () => {
    const sshd = useSshd();
    let plugins: string;
    beforeAll(async () => {
      plugins = tempDir('kiln-plugin-path-');
      await installPlugin(plugins, 'github.com/kiln-project/kilnfixture', fixture);
    });

    it("runs its command, upload and download through Kiln's SSH communicator", async () => {
      const remote = path.join(sshd.dir, `plugin-${process.pid}`);
      const dir = tempTemplate({
        'a.pkr.hcl':
          nullSshSource(sshd, keyAuth(os.userInfo().username, sshd.key), '', '20s') +
          nullBuild(`
  provisioner "shell" {
    inline = ["mkdir -p ${remote}"]
  }
  provisioner "kilnfixture-my-provisioner" {
    greeting       = "over ssh to \${build.Host}:\${build.Port}"
    upload_content = "by ssh\\n"
    upload_path    = "${remote}/up.txt"
    upload_mode    = 384
    command        = "stat -c %a ${remote}/up.txt; tr a-z A-Z"
    stdin          = "shout\\n"
    expect_stdout  = "600\\nSHOUT\\n"
    download_path  = "${remote}/up.txt"
    download_to    = "down.txt"
  }
  post-processor "kilnfixture-my-post-processor" {
    mock = "ssh"
  }`),
      });
      const r = await kiln(['build', '-color=false', '.'], dir, { env: { PACKER_PLUGIN_PATH: plugins } });
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain(
        `==> null.box: my-provisioner: over ssh to 127.0.0.1:${sshd.port} (MockData=<nil>, ConnType=ssh)\n`,
      );
      expect(r.out).toContain('    null.box: 600\n    null.box: SHOUT\n');
      expect(r.out).toContain('==> null.box: my-provisioner: command exited with status 0 as expected\n');
      expect(fs.readFileSync(path.join(remote, 'up.txt'), 'utf8')).toBe('by ssh\n');
      expect(fs.readFileSync(path.join(dir, 'down.txt'), 'utf8')).toBe('by ssh\n');
      expect(r.out).toContain(
        '==> null.box (kilnfixture-my-post-processor): my-post-processor: mock=ssh artifact=Null\n',
      );
      expect(r.out).toContain(
        '--> null.box: kilnfixture post-processor artifact pp-ssh-Null from fnoeding.null\n',
      );
      expect(pluginChildren()).toEqual([]);
    });
  });
});
