import * as fs from 'fs';
import * as path from 'path';
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';

import { RUN_TAG_KEY } from '../../src/components/amazon/aws/ledger';
import { type AwsProxy, describeWithAwsEmulator, ec2Client } from '../support/aws-emulator';
import { readLedger } from '../../src/engine/ledger';
import { kiln } from '../support/kiln';
import { installPlugin, liveKiln, pluginChildren } from '../support/plugin-install';
import { describeWithPlugin } from '../support/plugins';
import { tempDir, writeFiles } from '../support/temp';
import {
  type Baseline,
  baseline,
  leftovers,
  motoEndpoint,
  startFaultProxy,
} from '../components/amazon/ebs/faults/support';

/**
 * One amazon-ebs template built twice against a moto of this file's own (behind the reality proxy,
 * whose instances are sshd containers): by Kiln's native amazon-ebs, and by the real
 * packer-plugin-amazon v1.8.0 forced over it with KILN_PLUGINS=external, which reaches moto through
 * custom_endpoint_ec2 (and the AWS_* variables it inherits). Kiln's shell provisioner runs over each
 * builder's SSH communicator; both produce an AMI with the same tags, and neither leaves anything.
 */

jest.setTimeout(600_000);

const REGION = 'ap-south-1';

function template(name: string, inline = ['echo provisioned > /root/kiln-pair']): string {
  return `
variable "endpoint" {
  type = string
}

source "amazon-ebs" "pair" {
  access_key                 = "test"
  secret_key                 = "test"
  region                     = "${REGION}"
  custom_endpoint_ec2        = var.endpoint
  skip_credential_validation = true
  skip_metadata_api_check    = true
  source_ami_filter {
    filters = {
      name = "amzn2-ami-hvm-*"
    }
    owners      = ["137112412989"]
    most_recent = true
  }
  instance_type = "t3.micro"
  ssh_username  = "root"
  ssh_timeout   = "90s"
  ami_name      = "${name}"
  tags = {
    Name   = "${name}"
    Source = "{{ .SourceAMI }}"
    Region = "{{ .BuildRegion }}"
    Team   = "platform"
  }
}

build {
  sources = ["source.amazon-ebs.pair"]

  provisioner "shell" {
    inline = ${JSON.stringify(inline)}
  }

  post-processor "manifest" {
    output = "manifest.json"
  }
}
`;
}

describeWithPlugin('kiln build with the real amazon plugin v1.8.0', 'amazon', 'v1.8.0', (binary) => {
  describeWithAwsEmulator('against moto', () => {
    let proxy: AwsProxy;
    let plugins: string;
    let before: Baseline;
    const saved = { ...process.env };

    beforeAll(async () => {
      proxy = await startFaultProxy();
      plugins = tempDir('kiln-plugin-path-');
      await installPlugin(plugins, 'github.com/hashicorp/amazon', binary);
      before = await baseline(motoEndpoint(), [REGION]);
      // What the SDKs read besides the template (the plugin inherits Kiln's environment).
      process.env.AWS_ENDPOINT_URL = proxy.endpoint;
      process.env.AWS_ACCESS_KEY_ID = 'test';
      process.env.AWS_SECRET_ACCESS_KEY = 'test';
      process.env.AWS_EC2_METADATA_DISABLED = 'true';
    });
    afterAll(async () => {
      process.env = saved;
      for (const p of pluginChildren()) process.kill(p.pid, 'SIGKILL');
      await proxy?.stop();
    });

    function envFor(external: boolean): Record<string, string> {
      const env: Record<string, string> = { ...(process.env as Record<string, string>) };
      delete env.KILN_PLUGINS;
      delete env.PACKER_LOG;
      if (external) Object.assign(env, { PACKER_PLUGIN_PATH: plugins, KILN_PLUGINS: 'external' });
      return env;
    }

    /** Builds the template; the AMI's ID and tags (without Kiln's run tag, which only Kiln adds). */
    async function build(name: string, external: boolean) {
      const dir = writeFiles(tempDir('kiln-plugin-amazon-'), { 'build.pkr.hcl': template(name) });
      const run = await kiln(['build', '-color=false', `-var=endpoint=${proxy.endpoint}`, '.'], dir, {
        env: envFor(external),
      });
      if (run.code !== 0) process.stderr.write(run.out + run.err);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
        builds: { builder_type: string; artifact_id: string }[];
      };
      const [region, ami] = manifest.builds[0].artifact_id.split(':');
      const ec2 = ec2Client(proxy.endpoint, { region });
      try {
        const image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ami] }))).Images?.[0];
        const tags = Object.fromEntries(
          (image?.Tags ?? []).filter((t) => t.Key !== RUN_TAG_KEY).map((t) => [t.Key, t.Value]),
        );
        return { run, region, ami, name: image?.Name, tags, builderType: manifest.builds[0].builder_type };
      } finally {
        ec2.destroy();
      }
    }

    it('builds the same AMI natively and through the plugin: same tags, nothing left', async () => {
      const stamp = Date.now();
      const native = await build(`kiln-pair-native-${stamp}`, false);
      expect({ code: native.run.code, err: native.run.err }).toEqual({ code: 0, err: '' });
      const bridged = await build(`kiln-pair-plugin-${stamp}`, true);
      expect({ code: bridged.run.code, err: bridged.run.err }).toEqual({ code: 0, err: '' });

      // The plugin ran the build: its own lines, and Kiln's provisioner over its SSH communicator.
      const out = bridged.run.out;
      expect(out).toMatch(/amazon-ebs\.pair: Instance ID: i-[0-9a-z]+\n/);
      // Said by the plugin's StepConnect only (Kiln's native builder does not say it).
      expect(out).toMatch(/==> amazon-ebs\.pair: Using SSH communicator to connect: 127\.[\d.]+\n/);
      expect(native.run.out).not.toContain('Using SSH communicator to connect');
      expect(out).toContain('==> amazon-ebs.pair: Provisioning with shell script: ');
      expect(out).toContain('==> amazon-ebs.pair: Terminating the source AWS instance...');
      expect(out).toContain('AMIs were created:');

      for (const b of [native, bridged]) {
        expect(b.region).toBe(REGION);
        expect(b.ami).toMatch(/^ami-/);
        expect(b.builderType).toBe('amazon-ebs');
      }
      expect(bridged.ami).not.toBe(native.ami);
      expect(native.name).toBe(`kiln-pair-native-${stamp}`);
      expect(bridged.name).toBe(`kiln-pair-plugin-${stamp}`);
      const sameTags = (t: Record<string, string | undefined>) => ({ ...t, Name: '<name>' });
      expect(sameTags(bridged.tags)).toEqual(sameTags(native.tags));
      expect(native.tags).toEqual({
        Name: native.name,
        Source: expect.stringMatching(/^ami-/),
        Region: REGION,
        Team: 'platform',
      });

      // No instance, key pair, security group… of either build is left (the AMIs are the results).
      const left = await leftovers(motoEndpoint(), [REGION], '<none>', before);
      expect(left.filter((l) => !/ AMI | snapshot /.test(l))).toEqual([]);
      expect(pluginChildren()).toEqual([]);
    });

    it("leaves a killed plugin's instance, key pair and security group in the ledger, which kiln sweep deletes", async () => {
      const name = `kiln-pair-killed-${Date.now()}`;
      const dir = writeFiles(tempDir('kiln-plugin-amazon-'), {
        'build.pkr.hcl': template(name, ['echo started', 'sleep 120']),
      });
      // What the other test built (its AMIs and their snapshots) is not this build's.
      const now = await baseline(motoEndpoint(), [REGION]);
      const run = liveKiln(
        ['build', '-color=false', `-var=endpoint=${proxy.endpoint}`, '.'],
        dir,
        envFor(true),
      );
      let ledger: string | undefined;
      try {
        await run.waitFor('amazon-ebs.pair: started', 180_000);
        const instance = /Instance ID: (i-[0-9a-f]+)/.exec(run.out())?.[1];
        const keyPair = /Creating temporary keypair: (\S+)/.exec(run.out())?.[1];
        const group = /Creating temporary security group for this instance: (\S+)/.exec(run.out())?.[1];
        const plugin = pluginChildren().filter((p) => p.args.includes(' start builder '));
        expect(plugin).toHaveLength(1);
        process.kill(plugin[0].pid, 'SIGKILL');
        expect(await run.done).toBe(1);
        expect(run.err()).toContain(
          '--> amazon-ebs.pair: amazon-ebs plugin exited unexpectedly (killed by SIGKILL)',
        );
        expect(pluginChildren()).toEqual([]);
        ledger = /Delete them with: kiln sweep (\S+)/.exec(run.err())?.[1];
        expect(ledger).toBeDefined();
        const data = { region: REGION, endpoint: proxy.endpoint };
        const listed = readLedger(ledger as string).outstanding;
        expect(listed).toEqual([
          { id: keyPair, kind: 'aws-key-pair', data },
          // Named by ID in the plugin's log only (its Ui says the group's name).
          { id: expect.stringMatching(/^sg-[0-9a-f]+$/), kind: 'aws-security-group', data },
          { id: instance, kind: 'aws-instance', data },
        ]);
        expect(await leftovers(motoEndpoint(), [REGION], name, now)).toEqual(
          expect.arrayContaining([
            expect.stringMatching(new RegExp(`^${REGION} instance ${instance} `)),
            `${REGION} key pair ${keyPair}`,
            `${REGION} security group ${listed[1].id} ${group}`,
          ]),
        );

        const swept = await kiln(['sweep', ledger as string], dir, { env: envFor(false) });
        expect(swept.err).toBe('');
        expect(swept.code).toBe(0);
        for (const r of listed) expect(swept.out).toContain(`${r.kind} ${r.id}: deleted`);
        expect(await leftovers(motoEndpoint(), [REGION], name, now)).toEqual([]);
      } finally {
        run.interrupt();
        await run.done.catch(() => undefined);
        if (ledger) fs.rmSync(path.dirname(ledger), { recursive: true, force: true });
      }
    });
  });
});
