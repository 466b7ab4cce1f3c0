import type { AwsProxy } from '../../../../support/aws-emulator';
import { describeWithAwsEmulator } from '../../../../support/aws-emulator';
import { kiln } from '../../../../support/kiln';
import { describeWithPlugin, installPlugin, pluginChildren } from '../../../../support/plugins';
import { tempDir, writeFiles } from '../../../../support/temp';
import { describeWithWinRM } from '../../../../support/winrm';
import { baseline, leftovers, motoEndpoint, startFaultProxy } from '../faults/support';

/**
 * The same Windows build by Kiln's native amazon-ebs and by the real packer-plugin-amazon v1.8.0
 * (forced over it with KILN_PLUGINS=external), against one proxy whose Windows AMI runs the WinRM
 * test server: the plugin's own StepGetPassword (Go's rsa.DecryptPKCS1v15, on the key EC2 — moto —
 * generated for its CreateKeyPair) reads the proxy's password data, so the proxy answers as EC2
 * does, and both builds say the same while waiting for the password; neither shows it, and neither
 * leaves anything. The plugin then cannot connect: Debian's winrmtest, under the test server, answers
 * the newer masterzen/winrm of the plugin's SDK "unsupported action" (Packer 1.6.6's older client
 * connects to it), so the plugin's build ends with "Timeout waiting for WinRM." after the password.
 */

jest.setTimeout(400_000);

const REGION = 'eu-west-3';
const WINDOWS_AMI = 'ami-b7e93bce';
const PASSWORD = 'Parity-Generated-Pw-5c2e!';

function template(name: string): string {
  return `
variable "endpoint" {
  type = string
}

source "amazon-ebs" "win" {
  access_key                 = "test"
  secret_key                 = "test"
  region                     = "${REGION}"
  custom_endpoint_ec2        = var.endpoint
  skip_credential_validation = true
  skip_metadata_api_check    = true
  source_ami                 = "${WINDOWS_AMI}"
  instance_type              = "t3.micro"
  ami_name                   = "${name}"
  communicator               = "winrm"
  winrm_username             = "Administrator"
  winrm_timeout              = "15s"
}

build {
  sources = ["source.amazon-ebs.win"]

  provisioner "shell-local" {
    inline = ["echo \\"connected as \${build.User} with \${build.Password}\\""]
  }
}
`;
}

/**
 * The lines from "Waiting for auto-generated password" to "Waiting for WinRM to become available",
 * the address made neutral and without the prefixes (the bridge shows the plugin's messages as
 * "==>" lines, where Packer indents them).
 */
function passwordLines(out: string): string {
  const lines = out.split('\n').map((l) => l.replace(/^(==>| {3}) amazon-ebs\.win: /, ''));
  const from = lines.indexOf('Waiting for auto-generated password for instance...');
  const to = lines.indexOf('Waiting for WinRM to become available...');
  if (from < 0 || to < 0) return `(not found in)\n${out}`;
  return lines
    .slice(from, to + 1)
    .join('\n')
    .replace(/127\.\d+\.\d+\.\d+/g, '<ip>');
}

describeWithWinRM('amazon-ebs over WinRM, native and plugin', () => {
  describeWithPlugin('the real amazon plugin v1.8.0', 'amazon', 'v1.8.0', (binary) => {
    describeWithAwsEmulator('against moto', () => {
      let proxy: AwsProxy;
      let plugins: string;
      const saved = { ...process.env };

      beforeAll(async () => {
        proxy = await startFaultProxy();
        plugins = tempDir('kiln-plugin-path-');
        await installPlugin(plugins, 'github.com/hashicorp/amazon', binary);
        process.env.AWS_ENDPOINT_URL = proxy.endpoint;
        process.env.AWS_ACCESS_KEY_ID = 'test';
        process.env.AWS_SECRET_ACCESS_KEY = 'test';
        process.env.AWS_EC2_METADATA_DISABLED = 'true';
        const r = await fetch(`${proxy.endpoint}/kiln-proxy/images`, {
          method: 'POST',
          body: JSON.stringify({ ami: WINDOWS_AMI, winrm: { password: PASSWORD, emptyPasswordCalls: 1 } }),
        });
        expect(r.status).toBe(200);
      });
      afterAll(async () => {
        process.env = saved;
        for (const p of pluginChildren()) process.kill(p.pid, 'SIGKILL');
        await proxy?.stop();
      });

      async function build(name: string, external: boolean) {
        const env: Record<string, string> = { ...(process.env as Record<string, string>) };
        delete env.KILN_PLUGINS;
        if (!process.env.KEEP_LOG) delete env.PACKER_LOG;
        if (external) Object.assign(env, { PACKER_PLUGIN_PATH: plugins, KILN_PLUGINS: 'external' });
        const dir = writeFiles(tempDir('kiln-winrm-parity-'), { 'build.pkr.hcl': template(name) });
        const run = await kiln(['build', '-color=false', `-var=endpoint=${proxy.endpoint}`, '.'], dir, {
          env,
        });
        return run;
      }

      it('retrieves and decrypts the password as the plugin does, saying the same', async () => {
        const before = await baseline(motoEndpoint(), [REGION]);
        const stamp = Date.now();
        const native = process.env.KEEP_LOG
          ? { code: 0, err: '', out: '' }
          : await build(`kiln-winrm-native-${stamp}`, false);
        expect({ code: native.code, err: native.err }).toEqual({ code: 0, err: '' });
        expect(native.out).toContain('    amazon-ebs.win: connected as Administrator with <sensitive>\n');
        expect(native.out).toContain('AMIs were created:');
        const bridged = await build(`kiln-winrm-plugin-${stamp}`, true);
        expect(bridged.code).toBe(1);
        expect(bridged.err).toContain("Build 'amazon-ebs.win' errored after ");
        expect(bridged.err).toContain(': Timeout waiting for WinRM.\n');

        expect(passwordLines(bridged.out)).toBe(
          [
            'Waiting for auto-generated password for instance...',
            'It is normal for this process to take up to 15 minutes,',
            'but it usually takes around 5. Please wait.',
            ' ',
            'Password retrieved!',
            'Using WinRM communicator to connect: <ip>',
            'Waiting for WinRM to become available...',
          ].join('\n'),
        );
        expect(passwordLines(native.out)).toBe(passwordLines(bridged.out));
        for (const run of [native, bridged]) expect(run.out + run.err).not.toContain(PASSWORD);
        const left = await leftovers(motoEndpoint(), [REGION], '<none>', before);
        expect(left.filter((l) => !/ AMI | snapshot /.test(l))).toEqual([]);
        expect(pluginChildren()).toEqual([]);
      });
    });
  });
});
