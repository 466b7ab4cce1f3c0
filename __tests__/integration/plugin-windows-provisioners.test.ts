import { kiln } from '../support/kiln';
import { describeWithPlugin, installPlugin } from '../support/plugins';
import { describeWithDocker } from '../support/services';
import { tempDir, tempTemplate } from '../support/temp';

/**
 * Packer runs powershell, windows-shell and windows-restart itself whatever the builder, so Kiln
 * must run them over a bridged plugin's communicator too: here the real packer-plugin-docker
 * v1.1.2 (forced with KILN_PLUGINS=external) builds from the test environment's busybox image, and
 * the three Windows provisioners run through the plugin's communicator (Kiln serving the plugin's
 * Communicator over its RPC). The container is Linux: a shell provisioner first installs stub
 * `shutdown` and `powershell.exe` programs, and execute_command overrides run the uploaded files
 * with sh or show their bytes. It proves the provisioners use only the Communicator contract, not
 * what Windows would do.
 */

jest.setTimeout(120_000);

const IMAGE = 'kiln-test/busybox:latest';

describeWithDocker('Windows provisioners over a bridged plugin communicator', IMAGE, () => {
  describeWithPlugin('with packer-plugin-docker', 'docker', 'v1.1.2', (binary) => {
    let plugins: string;
    beforeAll(async () => {
      plugins = tempDir('kiln-plugin-path-');
      await installPlugin(plugins, 'github.com/hashicorp/docker', binary);
    });

    it('uploads byte for byte, runs the commands and waits out a restart', async () => {
      const dir = tempTemplate({
        's.ps1': 'Write-Host "crlf"\r\n',
        'a.pkr.hcl': `
source "docker" "b" {
  image   = "${IMAGE}"
  pull    = false
  discard = true
}
build {
  sources = ["source.docker.b"]
  provisioner "shell" {
    inline = [
      "printf '#!/bin/sh\\\\necho stub shutdown $*\\\\n' > /bin/shutdown",
      "printf '#!/bin/sh\\\\necho \\"$(hostname) restarted.\\"\\\\n' > /bin/powershell.exe",
      "chmod +x /bin/shutdown /bin/powershell.exe"
    ]
  }
  provisioner "windows-shell" {
    inline          = ["echo from windows-shell"]
    remote_path     = "/tmp/ws.bat"
    execute_command = "echo '{{.Vars}}'; sh {{.Path}}"
  }
  provisioner "powershell" {
    script              = "s.ps1"
    remote_path         = "/tmp/s.ps1"
    remote_env_var_path = "/tmp/env.ps1"
    execute_command     = "od -An -c {{.Path}}; cat {{.Vars}}; echo"
    skip_clean          = true
  }
  provisioner "windows-restart" {
    restart_command = "echo restart requested"
    restart_timeout = "1m"
  }
}
`,
      });
      const r = await kiln(['build', '-color=false', '.'], dir, {
        env: { PACKER_PLUGIN_PATH: plugins, KILN_PLUGINS: 'external' },
      });
      // The plugin's StepSetGeneratedData says this of an image that was never pushed (as under Packer).
      expect(r.err).toBe(
        '==> docker.b: Error determining source Docker image digest; this image may not have been pushed ' +
          'yet, which means no distribution digest has been created. If you plan to call docker push later, ' +
          'the digest value will be stored then.\n',
      );
      expect(r.code).toBe(0);
      const lines = r.out.split('\n').map((l) => l.trim());
      expect(lines).toContain('docker.b: set "PACKER_BUILDER_TYPE=docker" && set "PACKER_BUILD_NAME=b" &&');
      expect(lines).toContain('docker.b: from windows-shell');
      // od's view of the uploaded script: the CRLF arrived as it was.
      expect(r.out).toMatch(
        /docker\.b:\s+W\s+r\s+i\s+t\s+e\s+-\s+H\s+o\s+s\s+t\s+"\s+c\s+r\s+l\s+f\n.*docker\.b:\s+"\s+\\r\s+\\n\n/,
      );
      expect(lines).toContain('docker.b: $env:PACKER_BUILDER_TYPE="docker"; $env:PACKER_BUILD_NAME="b";');
      expect(lines).toContain('docker.b: restart requested');
      expect(lines).toContain('docker.b: stub shutdown /r /f /t 60 /c packer restart test');
      expect(lines).toContain('docker.b: stub shutdown /a');
      expect(lines.some((l) => /^docker\.b: \w+ restarted\.$/.test(l))).toBe(true);
      expect(lines).toContain('==> docker.b: Machine successfully restarted, moving on');
    });
  });
});
