import {
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  type EC2Client,
  type Image,
} from '@aws-sdk/client-ec2';
import {
  type AwsProxy,
  describeWithAwsEmulator,
  ec2Client,
  startAwsProxy,
} from '../../../support/aws-emulator';
import { kiln } from '../../../support/kiln';
import { tempDir, writeFiles } from '../../../support/temp';

/**
 * Template-level features with amazon-ebs, against moto behind the reality proxy: `-only` runs one
 * of two amazon-ebs sources (one instance launched), `-var-file` and `PKR_VAR_` supply the region,
 * instance type and AMI name, `{{timestamp}}` and `${local.x}` shape the AMI name and tags, and the
 * build's generated data (`build.SourceAMI`, `build.BuildRegion`, `{{ .SourceAMI }}`) reaches the
 * provisioners and the tags with the values the build really used.
 */

jest.setTimeout(300_000);

const REGION = 'us-east-2';

const ACCESS = `
  access_key                 = "test"
  secret_key                 = "test"
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
  ssh_username = "root"
  ssh_timeout  = "90s"`;

/** The AMIs a build printed (`region: ami-…` after "AMIs were created:"). */
function printedAmis(out: string): [string, string][] {
  const after = out.slice(out.indexOf('AMIs were created:'));
  return [...after.matchAll(/^([a-z]{2}-[a-z]+-\d): (ami-[0-9a-f]+)$/gm)].map((m) => [m[1], m[2]]);
}

async function image(ec2: EC2Client, ami: string): Promise<Image> {
  const found = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ami] }))).Images?.[0];
  if (!found) throw new Error(`no AMI ${ami}`);
  return found;
}

const tagsOf = (i: { Tags?: { Key?: string; Value?: string }[] }) =>
  Object.fromEntries((i.Tags ?? []).map((t) => [t.Key, t.Value]));

describeWithAwsEmulator('amazon-ebs with -only, -var-file, PKR_VAR_ and interpolation', () => {
  let proxy: AwsProxy;
  let ec2: EC2Client;
  const made: string[] = [];

  beforeAll(async () => {
    proxy = await startAwsProxy();
    ec2 = ec2Client(proxy.endpoint, { region: REGION });
  });

  afterAll(async () => {
    // The AMIs the builds made, with their snapshots: moto is shared.
    for (const ami of made) {
      const found = (await ec2.send(new DescribeImagesCommand({ ImageIds: [ami] }))).Images?.[0];
      await ec2.send(new DeregisterImageCommand({ ImageId: ami }));
      for (const b of found?.BlockDeviceMappings ?? [])
        if (b.Ebs?.SnapshotId) await ec2.send(new DeleteSnapshotCommand({ SnapshotId: b.Ebs.SnapshotId }));
    }
    ec2?.destroy();
    await proxy?.stop();
  });

  it('-only runs one of two amazon-ebs sources; -var-file and PKR_VAR_ set its region, type and AMI name', async () => {
    const marker = `kiln-flags-only-${Date.now()}`;
    const dir = writeFiles(tempDir('kiln-ebs-flags-'), {
      'build.pkr.hcl': `
variable "endpoint" {
  type = string
}
variable "region" {
  type    = string
  default = "eu-west-1"
}
variable "instance_type" {
  type    = string
  default = "t3.micro"
}
variable "ami_name" {
  type = string
}

source "amazon-ebs" "skipped" {
${ACCESS}
  region        = var.region
  instance_type = "t3.large"
  ami_name      = "\${var.ami_name}-skipped"
  run_tags = {
    KilnTest = "${marker}"
  }
}

source "amazon-ebs" "chosen" {
${ACCESS}
  region        = var.region
  instance_type = var.instance_type
  ami_name      = var.ami_name
  run_tags = {
    KilnTest = "${marker}"
  }
}

build {
  sources = ["source.amazon-ebs.skipped", "source.amazon-ebs.chosen"]

  provisioner "shell" {
    inline = ["echo only > /root/only"]
  }
}
`,
      'values.pkrvars.hcl': `region   = "${REGION}"\nami_name = "${marker}"\n`,
    });
    await proxy.resetCalls();
    const run = await kiln(
      [
        'build',
        '-color=false',
        '-only=amazon-ebs.chosen',
        '-var-file=values.pkrvars.hcl',
        `-var=endpoint=${proxy.endpoint}`,
        '.',
      ],
      dir,
      { env: { PKR_VAR_instance_type: 't3.small' } },
    );
    const amis = printedAmis(run.out);
    made.push(...amis.map(([, ami]) => ami));
    if (run.code !== 0) process.stderr.write(run.out + run.err);
    expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });

    // Only the chosen source ran: one instance, one AMI, in the var file's region.
    const { calls } = await proxy.calls();
    expect(calls.RunInstances).toBe(1);
    expect(calls.CreateImage).toBe(1);
    expect(run.out).not.toContain('amazon-ebs.skipped');
    expect(amis.map(([region]) => region)).toEqual([REGION]);
    expect((await image(ec2, amis[0][1])).Name).toBe(marker);

    // The instance it launched had PKR_VAR_'s type (moto keeps terminated instances a while).
    const described = await ec2.send(
      new DescribeInstancesCommand({ Filters: [{ Name: 'tag:KilnTest', Values: [marker] }] }),
    );
    const instances = (described.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    expect(instances.map((i) => [i.InstanceType, i.State?.Name])).toEqual([['t3.small', 'terminated']]);
  });

  it('interpolates {{timestamp}}, locals and the generated data into the AMI name, tags and provisioners', async () => {
    const prefix = `kiln-flags-data-${Date.now()}`;
    const dir = writeFiles(tempDir('kiln-ebs-flags-'), {
      'build.pkr.hcl': `
variable "endpoint" {
  type = string
}

locals {
  prefix = "${prefix}"
}

source "amazon-ebs" "data" {
${ACCESS}
  region        = "${REGION}"
  instance_type = "t3.micro"
  ami_name      = "\${local.prefix}-{{timestamp}}"
  tags = {
    Name        = local.prefix
    Built       = "{{timestamp}}"
    Source      = "{{ .SourceAMI }}"
    SourceName  = "{{ .SourceAMIName }}"
    BuildRegion = "{{ .BuildRegion }}"
  }
}

build {
  sources = ["source.amazon-ebs.data"]

  provisioner "shell" {
    inline = [
      "echo \${build.SourceAMI} > /root/src",
      "echo generated source=$(cat /root/src) region=\${build.BuildRegion} name=\${build.SourceAMIName}",
    ]
  }
}
`,
    });
    const run = await kiln(['build', '-color=false', `-var=endpoint=${proxy.endpoint}`, '.'], dir);
    const amis = printedAmis(run.out);
    made.push(...amis.map(([, ami]) => ami));
    if (run.code !== 0) process.stderr.write(run.out + run.err);
    expect({ code: run.code, err: run.err }).toEqual({ code: 0, err: '' });

    // The source AMI the build found, and its name, as moto knows them.
    const source = /Found Image ID: (ami-[0-9a-f]+)/.exec(run.out)?.[1] ?? '';
    expect(source).toMatch(/^ami-/);
    const sourceName = (await image(ec2, source)).Name ?? '';
    expect(sourceName).toMatch(/^amzn2-ami-hvm-/);

    // The provisioner saw them (written to a file on the machine, read back by the shell).
    expect(run.out).toContain(
      `amazon-ebs.data: generated source=${source} region=${REGION} name=${sourceName}\n`,
    );

    // The AMI: name from the local and the build's timestamp, tags with the same values.
    const made1 = await image(ec2, amis[0][1]);
    const name = made1.Name ?? '';
    expect(name).toMatch(new RegExp(`^${prefix}-\\d{10}$`));
    const stamp = name.slice(prefix.length + 1);
    expect(Math.abs(Number(stamp) - Date.now() / 1000)).toBeLessThan(300);
    expect(tagsOf(made1)).toMatchObject({
      Name: prefix,
      Built: stamp,
      Source: source,
      SourceName: sourceName,
      BuildRegion: REGION,
    });
  });
});
