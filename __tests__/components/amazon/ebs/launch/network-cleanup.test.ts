import * as path from 'node:path';

import {
  CreateVolumeCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  DeleteVolumeCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';

import { RUN_TAG_KEY } from '../../../../../src/components/amazon/aws/ledger';
import type { AwsSession } from '../../../../../src/components/amazon/aws/session';
import {
  AVAILABILITY_ZONE,
  EC2_SSH_KEY,
  INSTANCE,
  SECURITY_GROUP_IDS,
  SUBNET_ID,
  VPC_ID,
} from '../../../../../src/components/amazon/ebs/state-keys';
import { cleanupVolumesStep } from '../../../../../src/components/amazon/ebs/steps/cleanup-volumes';
import { keyPairStep } from '../../../../../src/components/amazon/ebs/steps/key-pair';
import { networkStep } from '../../../../../src/components/amazon/ebs/steps/network';
import { securityGroupStep } from '../../../../../src/components/amazon/ebs/steps/security-group';
import { type AwsProxy, describeWithAwsEmulator, startAwsProxy } from '../../../../support/aws-emulator';
import { fakeLedger, fakeStepContext, fakeUI } from '../../../../support/engine-fakes';
import { tempDir, writeFiles } from '../../../../support/temp';
import { cleanupContext, ebsOptions, emulatorSession } from './support';

/**
 * The launch steps' other paths against moto (us-west-1): finding the network by filters and from
 * the default VPC, a security group cleanup that waits out DependencyViolation, the extra volumes
 * cleanup, and key pairs the template brings itself.
 */

jest.setTimeout(120_000);

const BASE = 'ssh_username = "root"\ninstance_type = "t3.micro"\nsource_ami = "ami-00000000"\n';

describeWithAwsEmulator('amazon-ebs launch: network, groups, volumes, keys (moto + proxy)', () => {
  let proxy: AwsProxy;
  let session: AwsSession;
  let ec2: EC2Client;

  beforeAll(async () => {
    proxy = await startAwsProxy();
    session = emulatorSession(proxy.endpoint, 'us-west-1');
    ec2 = session.ec2();
  });
  afterAll(async () => {
    session?.destroy();
    await proxy?.stop();
  });
  afterEach(async () => {
    await proxy.setFaults({});
  });

  function run(hcl: string) {
    const ui = fakeUI();
    const ledger = fakeLedger('network-test');
    const ctx = fakeStepContext({ ui, ledger, build: { runId: 'network-test' } });
    return { ui, ledger, ctx, deps: { options: ebsOptions(`${BASE}${hcl}`, 'us-west-1'), session } };
  }

  it('finds the VPC and subnet by filters, with most_free among several', async () => {
    const h = run(`
vpc_filter {
  filters = { "is-default" = "true" }
}
subnet_filter {
  filters = { "default-for-az" = "true" }
  most_free = true
}`);
    await networkStep(h.deps).run(h.ctx);
    const vpc = h.ctx.state.require(VPC_ID);
    const subnet = h.ctx.state.require(SUBNET_ID);
    expect(vpc).toMatch(/^vpc-/);
    expect(subnet).toMatch(/^subnet-/);
    expect(h.ctx.state.require(AVAILABILITY_ZONE)).toMatch(/^us-west-1[a-z]$/);
    expect(h.ui.lines).toEqual([`message Found VPC ID: ${vpc}`, `message Found Subnet ID: ${subnet}`]);

    const several = run('subnet_filter {\n filters = { "default-for-az" = "true" }\n}');
    await expect(networkStep(several.deps).run(several.ctx)).rejects.toThrow(
      /^Your filter matched \d+ Subnets\. Please try a more specific search, or set random or most_free to true\.$/,
    );
  });

  it('infers a subnet of the default VPC for associate_public_ip_address, and leaves EC2 to choose otherwise', async () => {
    const h = run('associate_public_ip_address = true');
    await networkStep(h.deps).run(h.ctx);
    expect(h.ctx.state.require(SUBNET_ID)).toMatch(/^subnet-/);
    expect(h.ctx.state.require(VPC_ID)).toMatch(/^vpc-/);
    expect(h.ui.said[0]).toBe('Setting public IP address to true on instance without a subnet ID');
    expect(h.ui.said).toContain('No VPC ID provided, Packer will use the default VPC');
    expect(h.ui.said.at(-1)).toBe(`Set subnet as "${h.ctx.state.require(SUBNET_ID)}"`);

    const plain = run('');
    await networkStep(plain.deps).run(plain.ctx);
    expect([
      plain.ctx.state.get(VPC_ID),
      plain.ctx.state.get(SUBNET_ID),
      plain.ctx.state.get(AVAILABILITY_ZONE),
    ]).toEqual(['', '', '']);
  });

  it('deletes the temporary group after DependencyViolation once the instance lets go', async () => {
    const h = run('communicator = "ssh"\nssh_port = 2222');
    const step = securityGroupStep(h.deps);
    await step.run(h.ctx);
    const [groupId] = h.ctx.state.require(SECURITY_GROUP_IDS);
    const described = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    const group = described.SecurityGroups?.[0];
    expect(group?.Tags).toEqual(expect.arrayContaining([{ Key: RUN_TAG_KEY, Value: 'network-test' }]));
    expect(group?.IpPermissions).toEqual([
      expect.objectContaining({
        FromPort: 2222,
        ToPort: 2222,
        IpRanges: [expect.objectContaining({ CidrIp: '0.0.0.0/0' })],
      }),
    ]);
    expect(h.ledger.recorded.has(groupId)).toBe(true);

    await proxy.setFaults({
      failOn: {
        operation: 'DeleteSecurityGroup',
        nth: 1,
        status: 400,
        code: 'DependencyViolation',
        message: 'in use',
      },
    });
    await step.cleanup?.(cleanupContext(h.ctx));
    expect((await proxy.calls()).calls.DeleteSecurityGroup).toBe(2);
    await expect(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }))).rejects.toMatchObject({
      name: expect.stringMatching(/NotFound/),
    });
    expect(h.ledger.recorded.size).toBe(0);
    expect(h.ui.lines.filter((l) => l.startsWith('error '))).toEqual([]);
  });

  it('deletes the volumes the terminated instance left, except the launch mappings', async () => {
    const h = run(`
launch_block_device_mappings {
  device_name = "/dev/sdg"
  volume_size = 1
}`);
    const make = async () =>
      (
        await ec2.send(
          new CreateVolumeCommand({
            AvailabilityZone: 'us-west-1a',
            Size: 1,
            TagSpecifications: [
              { ResourceType: 'volume', Tags: [{ Key: RUN_TAG_KEY, Value: 'network-test' }] },
            ],
          }),
        )
      ).VolumeId ?? '';
    const extra = await make();
    const asked = await make();
    try {
      h.ctx.state.set(INSTANCE, {
        InstanceId: 'i-00000000000000000',
        BlockDeviceMappings: [
          { DeviceName: '/dev/sdf', Ebs: { VolumeId: extra } },
          { DeviceName: '/dev/sdg', Ebs: { VolumeId: asked } },
        ],
      });
      const step = cleanupVolumesStep(h.deps);
      await step.run(h.ctx);
      await step.cleanup?.(cleanupContext(h.ctx));
      expect(h.ui.said).toEqual(['Cleaning up any extra volumes...', `Destroying volume (${extra})...`]);
      const left = await ec2.send(
        new DescribeVolumesCommand({ Filters: [{ Name: 'volume-id', Values: [extra, asked] }] }),
      );
      expect(left.Volumes?.map((v) => v.VolumeId)).toEqual([asked]);
    } finally {
      await ec2.send(new DeleteVolumeCommand({ VolumeId: asked })).catch(() => undefined);
      await ec2.send(new DeleteVolumeCommand({ VolumeId: extra })).catch(() => undefined);
    }
  });

  it('uses the key file or the agent the template gives, and no temporary key pair', async () => {
    const dir = writeFiles(tempDir('kiln-ebs-key-'), { id_test: 'PRIVATE KEY TEXT\n' });
    const withFile = run(`ssh_keypair_name = "mine"\nssh_private_key_file = "${path.join(dir, 'id_test')}"`);
    const step = keyPairStep(withFile.deps);
    await step.run(withFile.ctx);
    expect(withFile.ctx.state.require(EC2_SSH_KEY)).toEqual({
      keyPairName: 'mine',
      privateKey: 'PRIVATE KEY TEXT\n',
    });
    expect(withFile.ui.said).toEqual(['Using existing SSH private key']);
    await step.cleanup?.(cleanupContext(withFile.ctx));
    expect(withFile.ledger.recorded.size).toBe(0);

    const agent = run('ssh_agent_auth = true\nssh_keypair_name = "mine"');
    await keyPairStep(agent.deps).run(agent.ctx);
    expect(agent.ctx.state.require(EC2_SSH_KEY)).toEqual({ keyPairName: 'mine' });
    expect(agent.ui.said).toEqual(['Using SSH Agent for existing key pair mine']);
  });
});
