import {
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeSecurityGroupsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, GetRoleCommand } from '@aws-sdk/client-iam';

import { RUN_TAG_KEY } from '../../../../../src/components/amazon/aws/ledger';
import type { AwsSession } from '../../../../../src/components/amazon/aws/session';
import type { AmazonEbsOptions } from '../../../../../src/components/amazon/ebs/options';
import {
  AMAZON_GENERATED,
  EC2_SSH_KEY,
  IAM_INSTANCE_PROFILE,
  INSTANCE,
  SECURITY_GROUP_IDS,
  SOURCE_IMAGE,
  SUBNET_ID,
  VPC_ID,
} from '../../../../../src/components/amazon/ebs/state-keys';
import { cleanupVolumesStep } from '../../../../../src/components/amazon/ebs/steps/cleanup-volumes';
import { amazonConnect } from '../../../../../src/components/amazon/ebs/steps/connect';
import type { EbsStepDeps } from '../../../../../src/components/amazon/ebs/steps/deps';
import { iamInstanceProfileStep } from '../../../../../src/components/amazon/ebs/steps/iam-instance-profile';
import { keyPairStep } from '../../../../../src/components/amazon/ebs/steps/key-pair';
import { networkStep } from '../../../../../src/components/amazon/ebs/steps/network';
import { runInstanceStep } from '../../../../../src/components/amazon/ebs/steps/run-instance';
import { runSpotInstanceStep } from '../../../../../src/components/amazon/ebs/steps/run-spot-instance';
import { securityGroupStep } from '../../../../../src/components/amazon/ebs/steps/security-group';
import { sourceAmiStep } from '../../../../../src/components/amazon/ebs/steps/source-ami';
import type { Step, StepContext } from '../../../../../src/engine/types';
import { COMMUNICATOR, connectStep } from '../../../../../src/sdk/steps/connect';
import {
  type AwsProxy,
  describeWithAwsEmulator,
  sshRun,
  startAwsProxy,
} from '../../../../support/aws-emulator';
import {
  type FakeLedger,
  type FakeUI,
  fakeLedger,
  fakeStepContext,
  fakeUI,
} from '../../../../support/engine-fakes';
import { cleanupContext, ebsOptions, emulatorSession } from './support';

/**
 * The launch half of amazon-ebs against moto behind the test proxy: each step with a real session,
 * in Packer's order, up to an SSH connection to the instance (a container), and the cleanup that
 * leaves nothing behind. Regions us-west-1 and us-west-2 only; names unique; moto never reset.
 */

jest.setTimeout(180_000);

const AMZN2_OWNER = '137112412989';

function sourceFilter(): string {
  return `
source_ami_filter {
  filters = { name = "amzn2-ami-hvm-*" }
  owners = ["${AMZN2_OWNER}"]
  most_recent = true
}`;
}

interface Harness {
  ctx: StepContext;
  ui: FakeUI;
  ledger: FakeLedger;
  deps: EbsStepDeps;
  ran: Step[];
}

function harness(options: AmazonEbsOptions, session: AwsSession, runId: string): Harness {
  const ui = fakeUI();
  const ledger = fakeLedger(runId);
  const ctx = fakeStepContext({ ui, ledger, build: { runId, buildName: 'launch-test' } });
  return { ctx, ui, ledger, deps: { options, session }, ran: [] };
}

async function runSteps(h: Harness, steps: Step[]): Promise<void> {
  for (const step of steps) {
    h.ran.push(step);
    await step.run(h.ctx);
  }
}

async function cleanupSteps(h: Harness): Promise<void> {
  for (const step of [...h.ran].reverse()) await step.cleanup?.(cleanupContext(h.ctx));
  h.ran = [];
}

async function instanceState(ec2: EC2Client, id: string): Promise<string | undefined> {
  const r = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }));
  return r.Reservations?.[0]?.Instances?.[0]?.State?.Name;
}

async function keyPairExists(ec2: EC2Client, name: string): Promise<boolean> {
  try {
    await ec2.send(new DescribeKeyPairsCommand({ KeyNames: [name] }));
    return true;
  } catch (e) {
    if ((e as Error).name === 'InvalidKeyPair.NotFound') return false;
    throw e;
  }
}

async function groupExists(ec2: EC2Client, id: string): Promise<boolean> {
  try {
    const r = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }));
    return (r.SecurityGroups ?? []).length > 0;
  } catch (e) {
    if (/NotFound/.test((e as Error).name)) return false;
    throw e;
  }
}

function uniqueRunId(): string {
  return `launch-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

describeWithAwsEmulator('amazon-ebs launch steps (moto + proxy)', () => {
  let proxy: AwsProxy;
  const sessions: AwsSession[] = [];
  const open = (region: string): AwsSession => {
    const s = emulatorSession(proxy.endpoint, region);
    sessions.push(s);
    return s;
  };

  beforeAll(async () => {
    proxy = await startAwsProxy();
  });
  afterAll(async () => {
    for (const s of sessions) s.destroy();
    await proxy?.stop();
  });

  it("finds moto's newest amzn2 image by filter and sets the generated data", async () => {
    const session = open('us-west-2');
    const h = harness(ebsOptions(`${sourceFilter()}\nssh_username = "root"`), session, uniqueRunId());
    await runSteps(h, [sourceAmiStep(h.deps)]);
    const image = h.ctx.state.require(SOURCE_IMAGE);
    expect(image.ImageId).toMatch(/^ami-/);
    expect(image.Name).toMatch(/^amzn2-ami-hvm-/);
    expect(h.ui.lines).toContain(`message Found Image ID: ${image.ImageId}`);
    expect(h.ctx.state.get(AMAZON_GENERATED)).toMatchObject({
      BuildRegion: 'us-west-2',
      SourceAMI: image.ImageId,
      SourceAMIName: image.Name,
      SourceAMIOwner: AMZN2_OWNER,
    });

    const none = harness(
      ebsOptions(
        `source_ami_filter {\n filters = { name = "kiln-no-such-image-*" }\n owners = ["${AMZN2_OWNER}"]\n}\nssh_username = "root"`,
      ),
      session,
      uniqueRunId(),
    );
    await expect(sourceAmiStep(none.deps).run(none.ctx)).rejects.toThrow(
      /^No AMI was found matching filters: /,
    );
    const several = harness(
      ebsOptions(
        `source_ami_filter {\n filters = { name = "amzn2-ami-hvm-*" }\n owners = ["${AMZN2_OWNER}"]\n}\nssh_username = "root"`,
      ),
      session,
      uniqueRunId(),
    );
    await expect(sourceAmiStep(several.deps).run(several.ctx)).rejects.toThrow(
      'Your query returned more than one result.',
    );
  });

  it('launches an instance with a temporary key pair, group and profile, connects over SSH, and cleans up', async () => {
    const session = open('us-west-2');
    const ec2 = session.ec2();
    const runId = uniqueRunId();
    const options = ebsOptions(`
${sourceFilter()}
instance_type = "t3.micro"
ssh_username = "root"
ssh_timeout = "2m"
temporary_key_pair_type = "ed25519"
run_tags = { Name = "kiln-launch-test" }
temporary_iam_instance_profile_policy_document {
  Version = "2012-10-17"
  Statement {
    Effect = "Allow"
    Action = ["s3:GetObject"]
    Resource = ["*"]
  }
}`);
    const h = harness(options, session, runId);
    const keyName = options.run.communicator.ssh.temporaryKeyPair.name;
    let instanceId = '';
    let groupId = '';
    let profile = '';
    try {
      await runSteps(h, [
        sourceAmiStep(h.deps),
        networkStep(h.deps),
        keyPairStep(h.deps),
        securityGroupStep(h.deps),
        iamInstanceProfileStep(h.deps),
        cleanupVolumesStep(h.deps),
        runInstanceStep(h.deps),
      ]);
      const key = h.ctx.state.require(EC2_SSH_KEY);
      expect(key.keyPairName).toBe(keyName);
      expect(h.ui.secrets).toContain(key.privateKey);
      groupId = h.ctx.state.require(SECURITY_GROUP_IDS)[0];
      profile = h.ctx.state.require(IAM_INSTANCE_PROFILE);
      expect(profile).toMatch(/^packer-/);
      const instance = h.ctx.state.require(INSTANCE);
      instanceId = instance.InstanceId ?? '';
      expect(instance.State?.Name).toBe('running');
      expect(instance.KeyName).toBe(keyName);
      expect(instance.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'Name', Value: 'kiln-launch-test' },
          { Key: RUN_TAG_KEY, Value: runId },
        ]),
      );
      expect(instance.SecurityGroups?.map((g) => g.GroupId)).toEqual([groupId]);
      expect(h.ctx.state.get(VPC_ID)).toBe('');
      expect(h.ctx.state.get(SUBNET_ID)).toBe('');
      expect([...h.ledger.recorded].sort()).toEqual(
        [keyName, groupId, `instance-profile/${profile}`, `iam-role/${profile}`, instanceId].sort(),
      );
      expect(h.ui.said).toEqual(
        expect.arrayContaining([
          `Creating temporary keypair: ${keyName}`,
          expect.stringMatching(/^Creating temporary security group for this instance: packer_/),
          'Authorizing access to port 22 from [0.0.0.0/0] in the temporary security groups...',
          `Creating temporary instance profile for this instance: ${profile}`,
          'Launching a source AWS instance...',
          `Waiting for instance (${instanceId}) to become ready...`,
        ]),
      );

      // The machine accepts the temporary key at the address the connect step picks.
      const host = instance.PublicIpAddress ?? '';
      expect(host).toMatch(/^127\./);
      // (The proxy installs the key without its comment; AWS's metadata adds the key pair name.)
      expect(await sshRun(host, key.privateKey ?? '', 'tail -n 1 /root/.ssh/authorized_keys')).toMatch(
        /^ssh-ed25519 \S+/,
      );
      const connect = connectStep({ connect: amazonConnect(h.deps) });
      await runSteps(h, [connect]);
      const communicator = h.ctx.state.require(COMMUNICATOR);
      let out = '';
      const result = await communicator.start(
        { command: 'echo connected-$(id -u)', onStdout: (c) => void (out += c.toString('utf8')) },
        h.ctx.signal,
      );
      expect(result.exitStatus).toBe(0);
      expect(out).toBe('connected-0\n');
      expect(h.ui.said).toContain('Connected to SSH!');
    } finally {
      await cleanupSteps(h);
    }

    expect(await instanceState(ec2, instanceId)).toBe('terminated');
    expect(await keyPairExists(ec2, keyName)).toBe(false);
    expect(await groupExists(ec2, groupId)).toBe(false);
    await expect(session.iam().send(new GetRoleCommand({ RoleName: profile }))).rejects.toMatchObject({
      name: expect.stringMatching(/^NoSuchEntity/),
    });
    await expect(
      session.iam().send(new GetInstanceProfileCommand({ InstanceProfileName: profile })),
    ).rejects.toMatchObject({ name: expect.stringMatching(/^NoSuchEntity/) });
    expect([...h.ledger.recorded]).toEqual([]);
    expect(h.ui.said).toEqual(
      expect.arrayContaining([
        'Terminating the source AWS instance...',
        'Cleaning up any extra volumes...',
        'Deleting temporary security group...',
        'Deleting temporary keypair...',
        'Deleting temporary instance profile...',
      ]),
    );
    expect(h.ui.lines.filter((l) => l.startsWith('error '))).toEqual([]);
  });

  it('launches a spot instance through a launch template and an instant fleet, and deletes both', async () => {
    const session = open('us-west-1');
    const ec2 = session.ec2();
    const runId = uniqueRunId();
    const options = ebsOptions(
      `
${sourceFilter()}
spot_price = "0.05"
spot_instance_types = ["t3.micro"]
spot_tags = { Purpose = "kiln-spot-test" }
ssh_username = "root"
ssh_password = "unused"
`,
      'us-west-1',
    );
    const h = harness(options, session, runId);
    let instanceId = '';
    let templateName = '';
    try {
      await runSteps(h, [
        sourceAmiStep(h.deps),
        networkStep(h.deps),
        keyPairStep(h.deps),
        securityGroupStep(h.deps),
        iamInstanceProfileStep(h.deps),
        runSpotInstanceStep(h.deps),
      ]);
      expect(h.ui.said).toContain('Not using temporary keypair');
      instanceId = h.ctx.state.require(INSTANCE).InstanceId ?? '';
      expect(instanceId).toMatch(/^i-/);
      templateName =
        [...h.ledger.recorded].find((id) => id.startsWith('packer-fleet-launch-template-')) ?? '';
      expect(templateName).toMatch(/^packer-fleet-launch-template-[A-Za-z0-9]{7}$/);
      const templates = await ec2.send(
        new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [templateName] }),
      );
      expect(templates.LaunchTemplates?.[0]?.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'Purpose', Value: 'kiln-spot-test' },
          { Key: RUN_TAG_KEY, Value: runId },
        ]),
      );
      expect(h.ledger.recorded.has(instanceId)).toBe(true);
      expect(await instanceState(ec2, instanceId)).toBe('running');
    } finally {
      await cleanupSteps(h);
    }
    expect(await instanceState(ec2, instanceId)).toBe('terminated');
    await expect(
      ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: [templateName] })),
    ).rejects.toMatchObject({ name: expect.stringMatching(/NotFound/) });
    expect([...h.ledger.recorded]).toEqual([]);
    expect(h.ui.lines.filter((l) => l.startsWith('error '))).toEqual([]);
  });
});
