import type { EC2Client } from '@aws-sdk/client-ec2';

import { RUN_TAG_KEY } from '../../../../../src/components/amazon/aws/ledger';
import type { AwsSession } from '../../../../../src/components/amazon/aws/session';
import { AMIS, SNAPSHOTS } from '../../../../../src/components/amazon/ebs/state-keys';
import { AWS_IMAGE_SWEEPERS } from '../../../../../src/components/amazon/sweep/image';
import { runSteps } from '../../../../../src/engine/steps';
import type { LedgerResource } from '../../../../../src/engine/types';
import { runBuilderSteps } from '../../../../../src/sdk/steps/run-builder-steps';
import { describeWithAwsEmulator } from '../../../../support/aws-emulator';
import { fakeLedger, fakeStepContext, fakeUI } from '../../../../support/engine-fakes';
import {
  BUILD_REGION,
  COPY_REGIONS,
  ebsDeps,
  imageNow,
  imageSteps,
  imagesNamed,
  launchedState,
  motoEndpoint,
  snapshotsNow,
  terminate,
  testSession,
  uniqueName,
} from './image-support';

/**
 * A build that fails after the AMIs exist removes them all (the build region's, the copies, their
 * snapshots), unlike Packer; -on-error=abort keeps them in the ledger, and the sweepers remove them.
 * moto answers EnableImageDeprecation and EnableImageDeregistrationProtection with HTTP 500: the
 * steps' errors say so.
 */

jest.setTimeout(120_000);

const REGIONS = [BUILD_REGION, ...COPY_REGIONS];

/** A sweep uses the default credential chain: moto takes any. */
function withSweepCredentials(): void {
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  restore.push(() => {
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    else process.env.AWS_ACCESS_KEY_ID = saved.id;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  });
}

const restore: (() => void)[] = [];
afterEach(() => {
  for (const fn of restore.splice(0)) fn();
});

describeWithAwsEmulator('amazon-ebs image steps: failures (moto)', () => {
  let session: AwsSession;
  let ec2: EC2Client;
  const instances: string[] = [];

  beforeAll(() => {
    session = testSession(motoEndpoint());
    ec2 = session.ec2(BUILD_REGION);
  });
  afterAll(async () => {
    for (const id of instances) await terminate(ec2, id).catch(() => undefined);
    session?.destroy();
  });

  async function setUp(name: string, extra: string) {
    const deps = ebsDeps(
      session,
      [`ami_name = "${name}"`, `ami_regions = ${JSON.stringify(COPY_REGIONS)}`, extra].join('\n'),
    );
    const { state, instanceId } = await launchedState(ec2);
    instances.push(instanceId);
    return { deps, state };
  }

  /** Every AMI of that name is gone from every region, and these snapshots too. */
  async function expectNothingLeft(name: string, snapshots: Readonly<Record<string, readonly string[]>>) {
    for (const region of REGIONS) {
      expect(await imagesNamed(session.ec2(region), name)).toEqual([]);
      expect(await snapshotsNow(session.ec2(region), snapshots[region] ?? [])).toEqual([]);
    }
  }

  it('deprecate_at: moto refuses (HTTP 500), the error says so, and every AMI, copy and snapshot is removed', async () => {
    const name = uniqueName('kiln-ebsimage-deprecate');
    const { deps, state } = await setUp(name, 'deprecate_at = "2030-01-01T00:00:00Z"');
    const ui = fakeUI();
    const ledger = fakeLedger('run-deprecate');
    const result = await runSteps(imageSteps(deps), fakeStepContext({ state, ui, ledger }));

    expect(result.outcome).toBe('failed');
    expect(String(result.error)).toBe(
      'Error: Error enable AMI deprecation: the EC2 endpoint answered HTTP 500 with no AWS error in the body',
    );
    expect(ui.said).toContain(
      `Enabling deprecation on AMI (${state.require(AMIS)[BUILD_REGION]}) in region "${BUILD_REGION}" ...`,
    );
    const amis = state.require(AMIS);
    expect(Object.keys(amis).sort()).toEqual([...REGIONS].sort());
    expect(ui.said).toEqual(
      expect.arrayContaining([
        'Deregistering the AMI copies and deleting their snapshots because of cancellation, or error...',
        'Deregistering the AMI and deleting associated snapshots because of cancellation, or error...',
        ...Object.values(amis).map((id) => `Deregistered AMI id: ${id}`),
      ]),
    );
    await expectNothingLeft(name, state.require(SNAPSHOTS));
    expect(ledger.outstanding()).toEqual([]);
  });

  it('deregistration_protection: moto refuses, the error surfaces, the AMIs are removed', async () => {
    const name = uniqueName('kiln-ebsimage-protect');
    const { deps, state } = await setUp(name, 'deregistration_protection {\n  enabled = true\n}');
    const ledger = fakeLedger('run-protect');
    const result = await runSteps(imageSteps(deps), fakeStepContext({ state, ledger }));
    expect(result.outcome).toBe('failed');
    expect(String(result.error)).toMatch(
      /^Error: failed to enable AMI deregistration protection: .*HTTP 500/,
    );
    await expectNothingLeft(name, state.require(SNAPSHOTS));
    expect(ledger.outstanding()).toEqual([]);
  });

  it('-on-error=abort keeps the AMIs, listed in the ledger; the sweepers remove them', async () => {
    const name = uniqueName('kiln-ebsimage-abort');
    const { deps, state } = await setUp(name, 'deprecate_at = "2030-01-01T00:00:00Z"');
    const ledger = fakeLedger('run-abort');
    const ctx = fakeStepContext({ state, ledger, build: { onError: 'abort', runId: 'run-abort' } });
    await expect(runBuilderSteps(imageSteps(deps), ctx)).rejects.toThrow(/Error enable AMI deprecation/);

    const amis = state.require(AMIS);
    const snapshots = state.require(SNAPSHOTS);
    for (const [region, imageId] of Object.entries(amis)) {
      const image = await imageNow(session.ec2(region), imageId);
      expect(image?.State).toBe('available');
    }
    // Kept AMIs still say which run made them (moto drops the tags of copies).
    expect((await imageNow(ec2, amis[BUILD_REGION]))?.Tags).toContainEqual({
      Key: RUN_TAG_KEY,
      Value: 'run-abort',
    });
    const listed = ledger.outstanding();
    expect(
      listed
        .filter((r) => r.kind === 'aws-ami')
        .map((r) => r.id)
        .sort(),
    ).toEqual(Object.values(amis).sort());
    expect(
      listed
        .filter((r) => r.kind === 'aws-snapshot')
        .map((r) => r.id)
        .sort(),
    ).toEqual(Object.values(snapshots).flat().sort());
    for (const entry of listed) {
      expect(entry.data).toMatchObject({ region: expect.any(String), endpoint: motoEndpoint() });
    }

    // As `kiln sweep` does, in another process with its own credentials: last entry first (the
    // snapshots before the AMIs that use them).
    withSweepCredentials();
    const outcomes: [LedgerResource, string][] = [];
    for (const entry of [...listed].reverse()) {
      const sweeper = AWS_IMAGE_SWEEPERS[entry.kind as 'aws-ami' | 'aws-snapshot'];
      outcomes.push([entry, await sweeper(entry, new AbortController().signal, {})]);
    }
    // Each snapshot's sweeper deregistered the AMI using it (named in its entry), then deleted it.
    expect(outcomes.filter(([e]) => e.kind === 'aws-snapshot').map(([, o]) => o)).toEqual(
      Object.values(snapshots)
        .flat()
        .map(() => 'deleted'),
    );
    await expectNothingLeft(name, snapshots);
    // Sweeping again finds them gone.
    for (const entry of listed) {
      const sweeper = AWS_IMAGE_SWEEPERS[entry.kind as 'aws-ami' | 'aws-snapshot'];
      expect(await sweeper(entry, new AbortController().signal, {})).toBe('gone');
    }
  });
});
