import { DescribeInstancesCommand, DescribeKeyPairsCommand } from '@aws-sdk/client-ec2';
import { GetRoleCommand } from '@aws-sdk/client-iam';

import type { AwsSession } from '../../../../../src/components/amazon/aws/session';
import { iamInstanceProfileStep } from '../../../../../src/components/amazon/ebs/steps/iam-instance-profile';
import { keyPairStep } from '../../../../../src/components/amazon/ebs/steps/key-pair';
import { networkStep } from '../../../../../src/components/amazon/ebs/steps/network';
import { runSpotInstanceStep } from '../../../../../src/components/amazon/ebs/steps/run-spot-instance';
import { securityGroupStep } from '../../../../../src/components/amazon/ebs/steps/security-group';
import { sourceAmiStep } from '../../../../../src/components/amazon/ebs/steps/source-ami';
import { LAUNCH_SWEEPERS, launchRunFinder } from '../../../../../src/components/amazon/sweep/launch';
import { type AwsProxy, describeWithAwsEmulator, startAwsProxy } from '../../../../support/aws-emulator';
import { fakeLedger, fakeStepContext } from '../../../../support/engine-fakes';
import { ebsOptions, emulatorSession } from './support';

/**
 * What a killed build leaves (every launch step run, no cleanup) is found by the run tag and swept
 * from the ledger entries alone, in another "process" (a session made from the entry): deleted
 * once, gone the second time.
 */

jest.setTimeout(180_000);

const ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_ENDPOINT_URL_IAM'] as const;

describeWithAwsEmulator('amazon-ebs launch sweepers (moto + proxy)', () => {
  let proxy: AwsProxy;
  let session: AwsSession;
  const saved: Partial<Record<(typeof ENV)[number], string>> = {};

  beforeAll(async () => {
    proxy = await startAwsProxy();
    session = emulatorSession(proxy.endpoint, 'us-west-1');
    // A sweep uses the default credential chain, and IAM has no endpoint option of its own.
    for (const name of ENV) saved[name] = process.env[name];
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    process.env.AWS_ENDPOINT_URL_IAM = proxy.endpoint;
  });
  afterAll(async () => {
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    session?.destroy();
    await proxy?.stop();
  });

  it('finds the leftovers by run tag and deletes each kind from its ledger entry', async () => {
    const runId = `sweep-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const options = ebsOptions(
      `
source_ami_filter {
  filters = { name = "amzn2-ami-hvm-*" }
  owners = ["137112412989"]
  most_recent = true
}
spot_price = "auto"
spot_instance_types = ["t3.micro"]
ssh_username = "root"
temporary_key_pair_bits = 2048
temporary_iam_instance_profile_policy_document {
  Version = "2012-10-17"
  Statement {
    Effect = "Allow"
    Action = ["ec2:DescribeTags"]
    Resource = ["*"]
  }
}`,
      'us-west-1',
    );
    const ledger = fakeLedger(runId);
    const ctx = fakeStepContext({ ledger, build: { runId } });
    const deps = { options, session };
    for (const step of [
      sourceAmiStep(deps),
      networkStep(deps),
      keyPairStep(deps),
      securityGroupStep(deps),
      iamInstanceProfileStep(deps),
      runSpotInstanceStep(deps),
    ]) {
      await step.run(ctx);
    }
    // Killed here: no cleanup ran.
    const left = ledger.outstanding();
    expect(left.map((r) => r.kind)).toEqual([
      'aws-key-pair',
      'aws-security-group',
      'aws-instance-profile',
      'aws-iam-role',
      'aws-launch-template',
      'aws-instance',
    ]);
    for (const r of left) expect(r.data).toEqual({ region: 'us-west-1', endpoint: proxy.endpoint });

    const found = await launchRunFinder(session)(runId, new AbortController().signal);
    const byKind = (kind: string) =>
      left
        .filter((r) => r.kind === kind)
        .map((r) => r.id)
        .sort();
    expect(found.map((r) => r.kind)).toEqual([
      'aws-instance',
      'aws-launch-template',
      'aws-key-pair',
      'aws-security-group',
    ]);
    for (const r of found) expect(r.id).toBe(byKind(r.kind)[0]);

    const signal = new AbortController().signal;
    const sweep = (r: (typeof left)[number]) => LAUNCH_SWEEPERS[r.kind](r, signal, {});
    const reversed = [...left].reverse();
    const outcomes: string[] = [];
    for (const r of reversed) outcomes.push(await sweep(r));
    expect(outcomes).toEqual(['deleted', 'deleted', 'deleted', 'deleted', 'deleted', 'deleted']);
    const again: string[] = [];
    for (const r of reversed) again.push(await sweep(r));
    expect(again).toEqual(['gone', 'gone', 'gone', 'gone', 'gone', 'gone']);

    const ec2 = session.ec2();
    const instanceId = byKind('aws-instance')[0];
    const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(described.Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('terminated');
    await expect(
      ec2.send(new DescribeKeyPairsCommand({ KeyNames: byKind('aws-key-pair') })),
    ).rejects.toMatchObject({ name: 'InvalidKeyPair.NotFound' });
    const role = byKind('aws-iam-role')[0].slice('iam-role/'.length);
    await expect(session.iam().send(new GetRoleCommand({ RoleName: role }))).rejects.toMatchObject({
      name: expect.stringMatching(/^NoSuchEntity/),
    });
    expect(await launchRunFinder(session)(runId, signal)).toEqual([]);
  });

  it('refuses entries that do not look like what the launch steps record', async () => {
    const signal = new AbortController().signal;
    const data = { region: 'us-west-1', endpoint: proxy.endpoint };
    await expect(
      LAUNCH_SWEEPERS['aws-instance']({ id: 'vol-123', kind: 'aws-instance', data }, signal, {}),
    ).rejects.toThrow(/refusing to sweep aws-instance "vol-123"/);
    await expect(
      LAUNCH_SWEEPERS['aws-iam-role']({ id: 'AdminRole', kind: 'aws-iam-role', data }, signal, {}),
    ).rejects.toThrow(/refusing to sweep/);
    await expect(
      LAUNCH_SWEEPERS['aws-launch-template'](
        { id: 'prod-template', kind: 'aws-launch-template', data },
        signal,
        {},
      ),
    ).rejects.toThrow(/refusing to sweep/);
  });
});
