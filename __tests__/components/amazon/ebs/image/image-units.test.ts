import type { EC2Client } from '@aws-sdk/client-ec2';

import { awsErrorMessage } from '../../../../../src/components/amazon/aws/error-text';
import { waitImageAvailable } from '../../../../../src/components/amazon/aws/waiters/image';
import { AMAZON_EBS_SCHEMA } from '../../../../../src/components/amazon/ebs-schema';
import { AmazonEbsArtifact } from '../../../../../src/components/amazon/ebs/artifact';
import { readAmazonEbsOptions } from '../../../../../src/components/amazon/ebs/options';
import { SOURCE_IMAGE } from '../../../../../src/components/amazon/ebs/state-keys';
import { copyKeys, copyRegions } from '../../../../../src/components/amazon/ebs/steps/ami-region-copy';
import { amiName, renderTags } from '../../../../../src/components/amazon/ebs/steps/build-info';
import { randomAlphaNum } from '../../../../../src/components/amazon/ebs/steps/create-ami';
import type { EbsStepDeps } from '../../../../../src/components/amazon/ebs/steps/deps';
import {
  imageChanges,
  snapshotChanges,
} from '../../../../../src/components/amazon/ebs/steps/modify-ami-attributes';
import type { AmiOptions } from '../../../../../src/components/amazon/options/ami';
import type { AwsSession } from '../../../../../src/components/amazon/aws/session';
import { fakeStepContext } from '../../../../support/engine-fakes';
import { decode } from '../../../../support/component-decode';

/** The image half's pure logic: options, copy plan, attribute changes, rendering, artifact, waiter. */

function amiOptions(body: string): AmiOptions {
  const hcl = `region = "ap-southeast-1"\nsource_ami = "ami-12345678"\ninstance_type = "t3.micro"\nssh_username = "root"\nami_name = "n"\n${body}`;
  return readAmazonEbsOptions(decode(AMAZON_EBS_SCHEMA, hcl).view, {}).ami;
}

const NO_SESSION = {} as AwsSession;

describe('readAmiOptions', () => {
  it('reads the AMI, snapshot and image options, with the block forms of the maps', () => {
    const ami = amiOptions(
      [
        'ami_regions = ["ap-southeast-2", "ap-northeast-2", "ap-southeast-2"]',
        'tags = { A = "1", B = "2" }',
        'tag {\n  key = "B"\n  value = "block"\n}',
        'snapshot_tag {\n  key = "S"\n  value = "s"\n}',
        'run_tag {\n  key = "R"\n  value = "r"\n}',
        'ena_support = false',
        'encrypt_boot = true',
        'kms_key_id = "alias/k"',
        'deregistration_protection {\n  with_cooldown = true\n}',
        'spot_price = "auto"',
        'disable_stop_instance = true',
        'subnet_filter {\n  filters = { "tag:Name" = "x" }\n}',
        'ami_block_device_mappings {\n  device_name = "/dev/sdb"\n  volume_type = "gp3"\n  volume_size = 20\n  iops = 4000\n  throughput = 300\n  encrypted = true\n}',
        'ami_block_device_mappings {\n  device_name = "/dev/sdc"\n  virtual_name = "ephemeral0"\n}',
        'ami_block_device_mappings {\n  device_name = "/dev/sdd"\n  no_device = true\n}',
        'ami_block_device_mappings {\n  device_name = "/dev/sde"\n  volume_type = "gp2"\n  iops = 300\n}',
      ].join('\n'),
    );
    expect(ami.regions).toEqual(['ap-southeast-2', 'ap-northeast-2']);
    expect(ami.tags).toEqual({ A: '1', B: 'block' });
    expect(ami.snapshotTags).toEqual({ S: 's' });
    expect(ami.run).toEqual({
      runTags: { R: 'r' },
      vpcId: '',
      subnetId: '',
      hasSubnetFilter: true,
      disableStopInstance: true,
      spot: true,
    });
    expect(ami.enaSupport).toBe(false);
    expect(ami.encryptBoot).toBe(true);
    expect(ami.kmsKeyId).toBe('alias/k');
    expect(ami.deregistrationProtection).toEqual({ enabled: true, withCooldown: true });
    expect(ami.blockDeviceMappings).toEqual([
      {
        DeviceName: '/dev/sdb',
        Ebs: {
          DeleteOnTermination: false,
          VolumeType: 'gp3',
          VolumeSize: 20,
          Iops: 4000,
          Throughput: 300,
          Encrypted: true,
        },
      },
      { DeviceName: '/dev/sdc', VirtualName: 'ephemeral0' },
      { DeviceName: '/dev/sdd', NoDevice: '' },
      // IOPS only for io1/io2/gp3, as Packer builds the mapping.
      { DeviceName: '/dev/sde', Ebs: { DeleteOnTermination: false, VolumeType: 'gp2' } },
    ]);
  });

  it('leaves the tri-state options unset when not written', () => {
    const ami = amiOptions('');
    expect([ami.enaSupport, ami.encryptBoot]).toEqual([undefined, undefined]);
    expect(ami.deregistrationProtection).toEqual({ enabled: false, withCooldown: false });
    expect(ami.run.spot).toBe(false);
    expect(ami.blockDeviceMappings).toEqual([]);
  });
});

describe('the region copy plan', () => {
  it('copies into the build region only to replace an intermediary AMI that is kept', () => {
    expect(copyRegions(['b', 'c', 'b'], 'a', false, false)).toEqual(['b', 'c']);
    expect(copyRegions(['b', 'a'], 'a', false, false)).toEqual(['b']);
    expect(copyRegions(['b'], 'a', true, false)).toEqual(['a', 'b']);
    expect(copyRegions(['b'], 'a', true, true)).toEqual(['b']);
    expect(copyRegions([], 'a', false, false)).toEqual([]);
  });

  it('gives each copy its region key with encrypt_boot, kms_key_id being the build region’s', () => {
    expect(copyKeys(['a', 'b'], 'a', true, 'alias/build', { b: 'alias/b' })).toEqual({
      a: 'alias/build',
      b: 'alias/b',
    });
    expect(copyKeys(['a', 'b'], 'a', true, 'alias/build', { a: 'alias/a', b: '' })).toEqual({
      a: 'alias/a',
      b: '',
    });
    expect(copyKeys(['a', 'b'], 'a', false, 'alias/build', { b: 'alias/b' })).toEqual({});
    expect(copyKeys(['a'], 'a', undefined, '', {})).toEqual({});
  });
});

describe('attribute changes', () => {
  it('one call per attribute, named as Packer prints them', () => {
    const ami = amiOptions(
      'ami_users = ["1"]\nami_groups = ["all"]\nami_org_arns = ["o"]\nami_ou_arns = ["u"]\nami_product_codes = ["p"]\nimds_support = "v2.0"\nsnapshot_users = ["2"]\nsnapshot_groups = ["all"]',
    );
    expect(imageChanges(ami, 'd')).toEqual([
      ['description', { Description: { Value: 'd' } }],
      ['groups', { LaunchPermission: { Add: [{ Group: 'all' }] } }],
      ['users', { LaunchPermission: { Add: [{ UserId: '1' }] } }],
      ['ami org arns', { LaunchPermission: { Add: [{ OrganizationArn: 'o' }] } }],
      ['ami ou arns', { LaunchPermission: { Add: [{ OrganizationalUnitArn: 'u' }] } }],
      ['product codes', { ProductCodes: ['p'] }],
      ['imds_support', { ImdsSupport: { Value: 'v2.0' } }],
    ]);
    expect(snapshotChanges(ami)).toEqual([
      ['groups', { CreateVolumePermission: { Add: [{ Group: 'all' }] } }],
      ['users', { CreateVolumePermission: { Add: [{ UserId: '2' }] } }],
    ]);
    expect(imageChanges(amiOptions(''), '')).toEqual([]);
  });
});

describe('rendering with the build data', () => {
  it('renders tags with the source AMI and the build region, and says which tag failed', () => {
    const ctx = fakeStepContext();
    ctx.state.set(SOURCE_IMAGE, { ImageId: 'ami-src', Name: 'base', OwnerId: '1', CreationDate: 'then' });
    expect(
      renderTags(
        { '{{ .BuildRegion }}-key': '{{ .SourceAMI }} {{ .SourceAMIName }} {{ clean_resource_name "a:b" }}' },
        ctx,
        'r-1',
      ),
    ).toEqual([{ Key: 'r-1-key', Value: 'ami-src base a-b' }]);
    expect(() => renderTags({ k: '{{ .Nope }}' }, ctx, 'r-1')).toThrow(
      /^Error processing tag: k:\{\{ \.Nope \}\} - .*Nope/,
    );
  });

  it("offers the source AMI's tags as a map: {{ .SourceAMITags.Name }}", () => {
    const ctx = fakeStepContext();
    ctx.state.set(SOURCE_IMAGE, {
      ImageId: 'ami-src',
      Tags: [
        { Key: 'Name', Value: 'golden' },
        { Key: 'os_version', Value: '2023.4' },
      ],
    });
    expect(
      renderTags({ base: '{{ .SourceAMITags.Name }}/{{ .SourceAMITags.os_version }}' }, ctx, 'r-1'),
    ).toEqual([{ Key: 'base', Value: 'golden/2023.4' }]);
    // A tag the source does not have: Go's missing map key.
    expect(renderTags({ k: '{{ .SourceAMITags.Missing }}' }, ctx, 'r-1')).toEqual([
      { Key: 'k', Value: '<no value>' },
    ]);
  });

  it('renders ami_name once per build', () => {
    const deps = {
      options: { ami: { name: 'img-{{ uuid }}-{{ clean_resource_name "x:y" }}' } },
    } as unknown as EbsStepDeps;
    const ctx = fakeStepContext();
    const first = amiName(deps, ctx);
    expect(first).toMatch(/^img-[0-9a-f-]{36}-x-y$/);
    expect(amiName(deps, ctx)).toBe(first);
    expect(amiName(deps, fakeStepContext())).not.toBe(first);
  });

  it('names temporary AMIs like Packer: seven letters and digits', () => {
    expect(randomAlphaNum(7)).toMatch(/^[A-Za-z0-9]{7}$/);
  });
});

describe('AmazonEbsArtifact', () => {
  it('lists the AMIs sorted by region, as Packer does', () => {
    const artifact = new AmazonEbsArtifact(
      { 'us-west-2': 'ami-2', 'eu-west-1': 'ami-3', 'us-east-1': 'ami-1' },
      { SourceAMI: 'ami-src' },
      () => NO_SESSION,
    );
    expect(artifact.builderId).toBe('mitchellh.amazonebs');
    expect(artifact.id).toBe('eu-west-1:ami-3,us-east-1:ami-1,us-west-2:ami-2');
    expect(artifact.description).toBe(
      'AMIs were created:\neu-west-1: ami-3\nus-east-1: ami-1\nus-west-2: ami-2\n',
    );
    expect(artifact.files).toEqual([]);
    expect(artifact.state).toEqual({
      generated_data: { SourceAMI: 'ami-src' },
      'atlas.artifact.metadata': {
        'region.us-west-2': 'ami-2',
        'region.eu-west-1': 'ami-3',
        'region.us-east-1': 'ami-1',
      },
    });
  });
});

describe('waitImageAvailable', () => {
  /** An EC2 client that answers DescribeImages from a script (one entry per call). */
  function scripted(answers: (() => unknown)[]): { ec2: EC2Client; calls: () => number } {
    let n = 0;
    const ec2 = {
      send: () => {
        const answer = answers[Math.min(n, answers.length - 1)];
        n++;
        return Promise.resolve().then(answer);
      },
    } as unknown as EC2Client;
    return { ec2, calls: () => n };
  }
  const opts = {
    region: 'r-1',
    polling: { delayMs: 1, maxAttempts: 5 },
    signal: new AbortController().signal,
  };

  it('fails at once when the image failed, with its StateReason', async () => {
    const { ec2, calls } = scripted([
      () => ({
        Images: [
          { ImageId: 'ami-1', State: 'failed', StateReason: { Code: 'Client.Error', Message: 'disk broke' } },
        ],
      }),
    ]);
    await expect(waitImageAvailable(ec2, 'ami-1', opts)).rejects.toThrow(
      'AMI ami-1 in r-1 did not become available: it is failed (Client.Error: disk broke)',
    );
    expect(calls()).toBe(1);
  });

  it('waits through "not found yet" and pending', async () => {
    const notFound = Object.assign(new Error('no such image'), { name: 'InvalidAMIID.NotFound' });
    const { ec2, calls } = scripted([
      () => Promise.reject(notFound),
      () => ({ Images: [{ ImageId: 'ami-1', State: 'pending' }] }),
      () => ({ Images: [{ ImageId: 'ami-1', State: 'available' }] }),
    ]);
    expect(await waitImageAvailable(ec2, 'ami-1', opts)).toEqual({ ImageId: 'ami-1', State: 'available' });
    expect(calls()).toBe(3);
  });

  it('gives up after the attempts, naming the state it was stuck in', async () => {
    const { ec2 } = scripted([() => ({ Images: [{ ImageId: 'ami-1', State: 'pending' }] })]);
    await expect(waitImageAvailable(ec2, 'ami-1', opts)).rejects.toThrow(
      'AMI ami-1 in r-1 did not become available: still pending after 5 attempts',
    );
  });
});

describe('awsErrorMessage', () => {
  it('names the code, and an answer that is no AWS error by its HTTP status', () => {
    const coded = Object.assign(new Error('The image is gone'), {
      name: 'InvalidAMIID.NotFound',
      $metadata: { httpStatusCode: 400 },
    });
    expect(awsErrorMessage(coded)).toBe('InvalidAMIID.NotFound: The image is gone');
    const html = Object.assign(new Error('Deserialization error: to see the raw response...'), {
      $metadata: { httpStatusCode: 500 },
    });
    expect(awsErrorMessage(html)).toBe('the EC2 endpoint answered HTTP 500 with no AWS error in the body');
    expect(awsErrorMessage(new Error('plain'))).toBe('plain');
  });
});
