import { DescribeImagesCommand } from '@aws-sdk/client-ec2';

import type { AwsProxy } from '../../../../support/aws-emulator';
import { describeWithAwsEmulator, ec2Client } from '../../../../support/aws-emulator';
import { kiln } from '../../../../support/kiln';
import { tempDir, writeFiles } from '../../../../support/temp';
import { describeWithWinRM } from '../../../../support/winrm';
import {
  baseline,
  leftovers,
  motoEndpoint,
  removeImages,
  stackLines,
  startFaultProxy,
} from '../faults/support';

/**
 * amazon-ebs with `communicator = "winrm"` end to end, against a moto of the file's own behind the
 * reality proxy, where the source AMI is registered as a Windows one: its instance is a container
 * running the WinRM test server (test-env/winrm-test-server) on the instance's loopback address,
 * and GetPasswordData answers empty once, then the Administrator password encrypted with the
 * temporary key pair's public key, as EC2 does. The build waits for the password, decrypts it,
 * connects over WinRM with it, runs a windows-shell provisioner there (the server runs the uploaded
 * batch file's lines), makes the AMI and leaves nothing else; the password never shows. A password
 * that never comes ends the build after windows_password_timeout with Packer's message, cleaned up.
 */

jest.setTimeout(240_000);

const REGION = 'eu-west-1';
/** moto's Windows_Server-2016-English-Full-Base. */
const WINDOWS_AMI = 'ami-b7e93bce';
const PASSWORD = 'Kiln-Ec2-Generated-Pw-7d1f!';

function template(name: string, extra = ''): string {
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
  user_data                  = "<powershell>winrm quickconfig -q</powershell>"
  communicator               = "winrm"
  winrm_username             = "Administrator"
  winrm_timeout              = "60s"
  run_tags = {
    KilnFaultProof = "${name}"
  }
${extra}
}

build {
  sources = ["source.amazon-ebs.win"]

  provisioner "windows-shell" {
    inline = ["echo windows-shell ran in %PACKER_BUILD_NAME% (%PACKER_BUILDER_TYPE%)"]
  }

  provisioner "shell-local" {
    inline = ["echo \\"as \${build.User} on port \${build.Port} with \${build.Password} / \${build.WinRMPassword}\\""]
  }
}
`;
}

describeWithWinRM('amazon-ebs over WinRM (the WinRM test server)', () => {
  describeWithAwsEmulator('amazon-ebs over WinRM', () => {
    let proxy: AwsProxy;
    const saved = { ...process.env };

    beforeAll(async () => {
      proxy = await startFaultProxy();
      process.env.AWS_ENDPOINT_URL = proxy.endpoint;
    });

    afterAll(async () => {
      process.env = saved;
      await proxy?.stop();
    });

    async function windowsAmi(emptyPasswordCalls: number): Promise<void> {
      const r = await fetch(`${proxy.endpoint}/kiln-proxy/images`, {
        method: 'POST',
        body: JSON.stringify({ ami: WINDOWS_AMI, winrm: { password: PASSWORD, emptyPasswordCalls } }),
      });
      expect(r.status).toBe(200);
    }

    async function build(name: string, extra = '') {
      const dir = writeFiles(tempDir('kiln-ebs-winrm-'), { 'build.pkr.hcl': template(name, extra) });
      return kiln(['build', '-color=false', `-var=endpoint=${proxy.endpoint}`, '.'], dir);
    }

    it('waits for the generated password, provisions over WinRM with it, makes the AMI and leaves nothing', async () => {
      await windowsAmi(1);
      const before = await baseline(motoEndpoint(), [REGION]);
      await proxy.resetCalls();
      const name = `kiln-winrm-${Date.now()}`;
      const run = await build(name);
      if (run.code !== 0) process.stderr.write(run.out + run.err);
      expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });

      const ip = /Using WinRM communicator to connect: (127\.\d+\.\d+\.\d+)\n/.exec(run.out)?.[1];
      expect(ip).toBeDefined();
      expect(run.out).toContain(
        [
          '==> amazon-ebs.win: Waiting for auto-generated password for instance...',
          '    amazon-ebs.win: It is normal for this process to take up to 15 minutes,',
          '    amazon-ebs.win: but it usually takes around 5. Please wait.',
        ].join('\n'),
      );
      expect(run.out).toContain(
        '==> amazon-ebs.win: Authorizing access to port 5985 from [0.0.0.0/0] in the temporary security groups...',
      );
      expect(run.out).toContain('    amazon-ebs.win: Password retrieved!\n');
      expect(run.out).toContain(
        [
          `==> amazon-ebs.win: Using WinRM communicator to connect: ${ip}`,
          '==> amazon-ebs.win: Waiting for WinRM to become available...',
          '    amazon-ebs.win: WinRM connected.',
          '==> amazon-ebs.win: Connected to WinRM!',
        ].join('\n'),
      );
      expect(run.out).toContain('==> amazon-ebs.win: Provisioning with windows-shell...');
      expect(run.out).toContain('    amazon-ebs.win: windows-shell ran in win (amazon-ebs)\n');
      expect(run.out).toContain(
        '    amazon-ebs.win: as Administrator on port 5985 with <sensitive> / <sensitive>\n',
      );
      expect(run.out).not.toContain(PASSWORD);
      expect(run.out).toContain('AMIs were created:');

      // One empty answer, then the password: the step asked twice.
      expect((await proxy.calls()).calls.GetPasswordData).toBe(2);

      const ec2 = ec2Client(motoEndpoint(), { region: REGION });
      try {
        const images = await ec2.send(
          new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [name] }] }),
        );
        expect(images.Images?.map((i) => i.State)).toEqual(['available']);
      } finally {
        ec2.destroy();
      }
      // Only the AMI and its snapshot are new; no instance, key pair or group is left.
      const left = await leftovers(motoEndpoint(), [REGION], name, before);
      expect(left.filter((l) => !/ AMI | snapshot /.test(l))).toEqual([]);
      expect(await proxy.instances()).toEqual({});
      await removeImages([REGION], name);
      expect(await leftovers(motoEndpoint(), [REGION], name, before)).toEqual([]);
    });

    it("ends after windows_password_timeout when no password comes, with Packer's message, cleaned up", async () => {
      await windowsAmi(1_000_000);
      const before = await baseline(motoEndpoint(), [REGION]);
      const name = `kiln-winrm-timeout-${Date.now()}`;
      const run = await build(name, '  windows_password_timeout = "7s"');
      expect(run.code).toBe(1);
      expect(run.out).toContain('==> amazon-ebs.win: Waiting for auto-generated password for instance...');
      expect(run.err).toMatch(
        /^==> amazon-ebs\.win: Timeout waiting for password\.\n(.*\n)*Build 'amazon-ebs\.win' errored after [^:]+: Timeout waiting for password\.\n/m,
      );
      expect(run.out).not.toContain('Connected to WinRM');
      expect(run.out).toContain('==> amazon-ebs.win: Terminating the source AWS instance...');
      expect(run.out).toContain('==> amazon-ebs.win: Deleting temporary keypair...');
      expect(stackLines(run.out + run.err)).toEqual([]);
      expect(await leftovers(motoEndpoint(), [REGION], name, before)).toEqual([]);
      expect(await proxy.instances()).toEqual({});
    });
  });
});
