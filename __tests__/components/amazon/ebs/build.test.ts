import * as fs from 'fs';
import * as path from 'path';
import {
  CreateKeyPairCommand,
  DeleteKeyPairCommand,
  DescribeImagesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeInstancesCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import {
  type AwsProxy,
  describeWithAwsEmulator,
  ec2Client,
  sshRun,
  startAwsProxy,
} from '../../../support/aws-emulator';
import { kiln } from '../../../support/kiln';
import { tempDir, writeFiles } from '../../../support/temp';

/**
 * amazon-ebs end to end against moto behind the reality proxy: a real instance (a container with
 * sshd) is launched from a filtered source AMI, provisioned over SSH with a temporary key pair and
 * security group, stopped and captured; the AMI is copied to two more regions and tagged with
 * interpolated values; the manifest records the artifact. Then an instance launched from each
 * produced AMI shows what the provisioners wrote, and nothing of the build is left behind.
 */

jest.setTimeout(300_000);

const BUILD_REGION = 'eu-central-1';
const COPY_REGIONS = ['eu-north-1', 'eu-west-3'];

function template(name: string): string {
  return `
variable "endpoint" {
  type = string
}

source "amazon-ebs" "web" {
  access_key                  = "test"
  secret_key                  = "test"
  region                      = "${BUILD_REGION}"
  custom_endpoint_ec2         = var.endpoint
  skip_credential_validation  = true
  skip_metadata_api_check     = true
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
  ami_regions   = ${JSON.stringify(COPY_REGIONS)}
  tags = {
    Name   = "${name}"
    Source = "{{ .SourceAMI }}"
    Region = "{{ .BuildRegion }}"
  }
}

build {
  sources = ["source.amazon-ebs.web"]

  provisioner "shell" {
    inline = ["echo provisioned-by-shell > /root/kiln-shell"]
  }

  provisioner "file" {
    content     = "provisioned-by-file\\n"
    destination = "/root/kiln-file"
  }

  post-processor "manifest" {
    output = "manifest.json"
  }
}
`;
}

async function launchFrom(ec2: EC2Client, ami: string, key: string): Promise<{ id: string; ip: string }> {
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: ami,
      KeyName: key,
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.micro',
    }),
  );
  const id = run.Instances?.[0]?.InstanceId ?? '';
  const d = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return { id, ip: d.Reservations?.[0]?.Instances?.[0]?.PublicIpAddress ?? '' };
}

describeWithAwsEmulator('amazon-ebs builds', () => {
  let proxy: AwsProxy;
  const saved = { ...process.env };

  beforeAll(async () => {
    proxy = await startAwsProxy();
    // STS, IAM and the other services reach the emulator through the SDK's own variable.
    process.env.AWS_ENDPOINT_URL = proxy.endpoint;
  });

  afterAll(async () => {
    process.env = saved;
    await proxy?.stop();
  });

  it('builds, copies and tags an AMI whose instances hold what was provisioned, and leaves nothing', async () => {
    const name = `kiln-e2e-${Date.now()}`;
    const dir = writeFiles(tempDir('kiln-ebs-e2e-'), { 'build.pkr.hcl': template(name) });
    const run = await kiln(['build', '-color=false', `-var=endpoint=${proxy.endpoint}`, '.'], dir);
    if (run.code !== 0) process.stderr.write(run.out + run.err);
    expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });
    expect(run.out).toContain('AMIs were created:');

    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
      builds: { builder_type: string; artifact_id: string }[];
    };
    expect(manifest.builds).toHaveLength(1);
    expect(manifest.builds[0].builder_type).toBe('amazon-ebs');
    const amis = Object.fromEntries(
      manifest.builds[0].artifact_id.split(',').map((pair) => pair.split(':') as [string, string]),
    );
    expect(Object.keys(amis).sort()).toEqual([BUILD_REGION, ...COPY_REGIONS].sort());

    for (const [region, ami] of Object.entries(amis)) {
      const ec2 = ec2Client(proxy.endpoint, { region });
      try {
        const image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ami] }))).Images?.[0];
        expect(image?.Name).toBe(name);
        const tags = Object.fromEntries((image?.Tags ?? []).map((t) => [t.Key, t.Value]));
        expect(tags).toMatchObject({ Name: name, Region: BUILD_REGION });
        expect(tags.Source).toMatch(/^ami-/);

        const keyName = `${name}-check-${region}`;
        const key = await ec2.send(new CreateKeyPairCommand({ KeyName: keyName }));
        const check = await launchFrom(ec2, ami, keyName);
        try {
          const files = await sshRun(check.ip, key.KeyMaterial ?? '', 'cat /root/kiln-shell /root/kiln-file');
          expect(files).toBe('provisioned-by-shell\nprovisioned-by-file\n');
        } finally {
          await ec2.send(new TerminateInstancesCommand({ InstanceIds: [check.id] }));
          await ec2.send(new DeleteKeyPairCommand({ KeyName: keyName }));
        }
      } finally {
        ec2.destroy();
      }
    }

    // Nothing of the build is left: no instance runs, no temporary key pair or security group.
    const ec2 = ec2Client(proxy.endpoint, { region: BUILD_REGION });
    try {
      const keys = await ec2.send(new DescribeKeyPairsCommand({}));
      expect((keys.KeyPairs ?? []).map((k) => k.KeyName).filter((k) => k?.startsWith('packer_'))).toEqual([]);
      const groups = await ec2.send(new DescribeSecurityGroupsCommand({}));
      expect(
        (groups.SecurityGroups ?? []).map((g) => g.GroupName).filter((g) => g?.startsWith('packer_')),
      ).toEqual([]);
    } finally {
      ec2.destroy();
    }
  });
});
