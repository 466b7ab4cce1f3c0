import * as fs from 'fs';
import * as path from 'path';
import {
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';
import { runPost, startMain, useActionWorkspace } from '../../../support/action';
import {
  type AwsProxy,
  describeWithAwsEmulator,
  ec2Client,
  startAwsProxy,
} from '../../../support/aws-emulator';

/**
 * The action bundle (dist/index.js, run as the GitHub runner runs it) building an AMI with
 * amazon-ebs against moto behind the reality proxy: the step outputs `ami-ids` and `artifacts`
 * carry the AMIs (region → AMI) moto really holds, the job summary lists them per region, the post
 * step finds nothing to clean up, and once the AMIs are deregistered nothing of the run is left in
 * either region.
 */

jest.setTimeout(300_000);

const BUILD_REGION = 'us-east-2';
const COPY_REGION = 'ca-central-1';
const RUN_TAG = 'kiln:run-id';

function template(name: string): string {
  return `variable "endpoint" {
  type = string
}

source "amazon-ebs" "web" {
  access_key                 = "test"
  secret_key                 = "test"
  region                     = "${BUILD_REGION}"
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
  ami_regions   = ["${COPY_REGION}"]
}

build {
  sources = ["source.amazon-ebs.web"]

  provisioner "shell" {
    inline = ["echo from-the-action > /root/kiln-action"]
  }
}
`;
}

const tagged = (tags: Tag[] | undefined, runId: string) =>
  (tags ?? []).some((t) => t.Key === RUN_TAG && t.Value === runId);

/** What of the run moto still holds in `ec2`'s region, by kind (empty lists when nothing). */
async function leftovers(ec2: EC2Client, runId: string, name: string, snapshots: string[]) {
  const reservations = (await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? [];
  const instances = reservations
    .flatMap((r) => r.Instances ?? [])
    .filter((i) => tagged(i.Tags, runId) && i.State?.Name !== 'terminated')
    .map((i) => i.InstanceId);
  const keys = ((await ec2.send(new DescribeKeyPairsCommand({}))).KeyPairs ?? [])
    .filter((k) => tagged(k.Tags, runId) || k.KeyName?.startsWith('packer_'))
    .map((k) => k.KeyName);
  const groups = ((await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [])
    .filter((g) => tagged(g.Tags, runId) || g.GroupName?.startsWith('packer_'))
    .map((g) => g.GroupId);
  const images = ((await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images ?? [])
    .filter((i) => tagged(i.Tags, runId) || i.Name === name)
    .map((i) => i.ImageId);
  const snaps = ((await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'] }))).Snapshots ?? [])
    .filter((s) => tagged(s.Tags, runId) || snapshots.includes(s.SnapshotId ?? ''))
    .map((s) => s.SnapshotId);
  return { instances, keys, groups, images, snapshots: snaps };
}

describeWithAwsEmulator('the action building amazon-ebs', () => {
  let proxy: AwsProxy;
  const ws = useActionWorkspace('kiln-action-ebs-', ['images']);

  beforeAll(async () => {
    proxy = await startAwsProxy();
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('outputs ami-ids and artifacts, lists the AMIs per region in the summary, and leaves nothing', async () => {
    const name = `kiln-action-ebs-${Date.now()}`;
    fs.writeFileSync(path.join(ws.workspace, 'images', 'web.pkr.hcl'), template(name));
    // Asynchronously: the proxy is this process's child, and its pipes must keep draining.
    const main = startMain(ws, {
      command: 'build',
      'working-directory': 'images',
      template: 'web.pkr.hcl',
      variables: `endpoint=${proxy.endpoint}`,
      color: 'false',
    });
    const r = await main.finished();
    if (r.code !== 0) process.stderr.write(r.stdout + r.stderr);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.outputs['exit-code']).toBe('0');
    expect(JSON.parse(r.outputs['failed-builds'])).toEqual([]);

    const amis = JSON.parse(r.outputs['ami-ids']) as Record<string, string>;
    expect(Object.keys(amis).sort()).toEqual([BUILD_REGION, COPY_REGION].sort());
    for (const ami of Object.values(amis)) expect(ami).toMatch(/^ami-[0-9a-f]+$/);
    const id = `${COPY_REGION}:${amis[COPY_REGION]},${BUILD_REGION}:${amis[BUILD_REGION]}`;
    expect(JSON.parse(r.outputs.artifacts)).toEqual([
      {
        build: 'amazon-ebs.web',
        type: 'amazon-ebs',
        name: 'web',
        builderId: 'mitchellh.amazonebs',
        id,
        files: [],
        amis,
      },
    ]);
    expect(JSON.parse(r.outputs['artifact-ids'])).toEqual({ 'amazon-ebs.web': id });
    expect(r.stdout).toContain('AMIs were created:');

    // The summary's AMI table: a row per region, each with the AMI the outputs name.
    expect(r.summary).toContain('## ✅ Kiln build succeeded');
    expect(r.summary).toContain(
      [
        '### AMIs',
        '',
        '| Build | Region | AMI |',
        '| --- | --- | --- |',
        `| \`amazon-ebs.web\` | ${COPY_REGION} | \`${amis[COPY_REGION]}\` |`,
        `|  | ${BUILD_REGION} | \`${amis[BUILD_REGION]}\` |`,
      ].join('\n'),
    );

    // The post step has nothing left to delete: the build cleaned up after itself.
    const post = runPost(ws, r.state);
    expect({ code: post.code, stderr: post.stderr }).toEqual({ code: 0, stderr: '' });
    expect(post.stdout).not.toMatch(/: deleted|could not delete/);

    const runId = r.state['run-id'];
    expect(runId).toBeTruthy();
    for (const region of [BUILD_REGION, COPY_REGION]) {
      const ec2 = ec2Client(proxy.endpoint, { region });
      try {
        // The AMI named in the outputs is real, in its region, with the template's name.
        const image = (await ec2.send(new DescribeImagesCommand({ ImageIds: [amis[region]] }))).Images?.[0];
        expect(image?.Name).toBe(name);
        expect(image?.State).toBe('available');
        const snapshots = (image?.BlockDeviceMappings ?? []).flatMap((b) =>
          b.Ebs?.SnapshotId ? [b.Ebs.SnapshotId] : [],
        );
        // The artifact is what the run keeps; removed, nothing of the run may be left.
        await ec2.send(new DeregisterImageCommand({ ImageId: amis[region] }));
        for (const s of snapshots) await ec2.send(new DeleteSnapshotCommand({ SnapshotId: s }));
        expect(await leftovers(ec2, runId, name, snapshots)).toEqual({
          instances: [],
          keys: [],
          groups: [],
          images: [],
          snapshots: [],
        });
      } finally {
        ec2.destroy();
      }
    }
    expect(await proxy.instances()).toEqual({});
  });
});
