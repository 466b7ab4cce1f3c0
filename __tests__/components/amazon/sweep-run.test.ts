import {
  CreateImageCommand,
  CreateKeyPairCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  RunInstancesCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';

import { findAwsRun } from '../../../src/components/amazon';
import { RUN_TAG_KEY } from '../../../src/components/amazon/aws/ledger';
import { builtinLedgerKinds } from '../../../src/components/catalog';
import { sweepRun } from '../../../src/engine/sweep';
import { type AwsProxy, describeWithAwsEmulator, ec2Client, startAwsProxy } from '../../support/aws-emulator';

/**
 * The safety net for a lost ledger: `kiln sweep -run-id` (sweepRun with the catalog's run finders)
 * finds what a run left in AWS by its run tag, in the region the environment names, and deletes it;
 * without a region and credentials in the environment, it does not look (and loads no SDK).
 */

jest.setTimeout(120_000);

const REGION = 'us-east-1';

describeWithAwsEmulator('AWS run finder', () => {
  let proxy: AwsProxy;
  let ec2: EC2Client;
  const saved = { ...process.env };

  beforeAll(async () => {
    proxy = await startAwsProxy();
    ec2 = ec2Client(proxy.endpoint, { region: REGION });
  });
  afterAll(async () => {
    process.env = saved;
    ec2?.destroy();
    await proxy?.stop();
  });

  it('does not look when the environment names no region or no credentials', async () => {
    process.env = { ...saved, AWS_REGION: '', AWS_DEFAULT_REGION: '' };
    expect(await findAwsRun('any', new AbortController().signal)).toEqual([]);
    process.env = { ...saved, AWS_REGION: REGION, AWS_ACCESS_KEY_ID: '', AWS_PROFILE: '' };
    delete process.env.AWS_WEB_IDENTITY_TOKEN_FILE;
    delete process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    delete process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
    expect(await findAwsRun('any', new AbortController().signal)).toEqual([]);
  });

  it("finds a killed run's instance, key pair, group, AMI and snapshot by the run tag and deletes them", async () => {
    const runId = `kiln-finder-${Date.now()}`;
    const tags = [{ Key: RUN_TAG_KEY, Value: runId }];
    const spec = (ResourceType: 'instance' | 'key-pair' | 'security-group' | 'image') => [
      { ResourceType, Tags: tags },
    ];
    await ec2.send(new CreateKeyPairCommand({ KeyName: runId, TagSpecifications: spec('key-pair') }));
    const group = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: runId,
        Description: 'a killed run',
        TagSpecifications: spec('security-group'),
      }),
    );
    const base = await ec2.send(
      new DescribeImagesCommand({
        Owners: ['137112412989'],
        Filters: [{ Name: 'name', Values: ['amzn2-ami-hvm-*'] }],
      }),
    );
    const run = await ec2.send(
      new RunInstancesCommand({
        ImageId: base.Images?.[0]?.ImageId,
        MinCount: 1,
        MaxCount: 1,
        InstanceType: 't3.micro',
        KeyName: runId,
        SecurityGroupIds: [group.GroupId ?? ''],
        TagSpecifications: spec('instance'),
      }),
    );
    const instanceId = run.Instances?.[0]?.InstanceId ?? '';
    const image = await ec2.send(
      new CreateImageCommand({ InstanceId: instanceId, Name: runId, TagSpecifications: spec('image') }),
    );
    const imageId = image.ImageId ?? '';
    const described = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
    const snapshotId = described.Images?.[0]?.BlockDeviceMappings?.[0]?.Ebs?.SnapshotId ?? '';
    expect(snapshotId).toMatch(/^snap-/);
    await ec2.send(new CreateTagsCommand({ Resources: [snapshotId], Tags: tags }));

    process.env = {
      ...saved,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_EC2: proxy.endpoint,
    };
    const kinds = builtinLedgerKinds();
    const report = await sweepRun(runId, kinds.runFinders, {
      sweepers: kinds.sweepers,
      signal: new AbortController().signal,
    });
    expect(report.failed).toEqual([]);
    // The AMI's sweeper deletes its snapshot too: the snapshot's own sweeper then finds it gone.
    expect([...report.deleted, ...report.gone].map((r) => r.kind).sort()).toEqual([
      'aws-ami',
      'aws-instance',
      'aws-key-pair',
      'aws-security-group',
      'aws-snapshot',
    ]);

    const instance = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(instance.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('terminated');
    const keys = await ec2.send(
      new DescribeKeyPairsCommand({ Filters: [{ Name: 'key-name', Values: [runId] }] }),
    );
    expect(keys.KeyPairs ?? []).toEqual([]);
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: [runId] }] }),
    );
    expect(groups.SecurityGroups ?? []).toEqual([]);
    const images = await ec2.send(
      new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [runId] }] }),
    );
    expect(images.Images ?? []).toEqual([]);
    const snapshots = await ec2.send(
      new DescribeSnapshotsCommand({
        OwnerIds: ['self'],
        Filters: [{ Name: `tag:${RUN_TAG_KEY}`, Values: [runId] }],
      }),
    );
    expect(snapshots.Snapshots ?? []).toEqual([]);

    // A second sweep finds nothing more.
    const again = await sweepRun(runId, kinds.runFinders, {
      sweepers: kinds.sweepers,
      signal: new AbortController().signal,
    });
    expect(again.deleted).toEqual([]);
  });
});
