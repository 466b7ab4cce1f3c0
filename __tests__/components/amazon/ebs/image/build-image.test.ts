import { DescribeImageAttributeCommand, DescribeSnapshotsCommand, type EC2Client } from '@aws-sdk/client-ec2';

import { RUN_TAG_KEY } from '../../../../../src/components/amazon/aws/ledger';
import type { AwsSession } from '../../../../../src/components/amazon/aws/session';
import { amazonEbsArtifact } from '../../../../../src/components/amazon/ebs/artifact';
import { AMIS, SNAPSHOTS, SOURCE_IMAGE } from '../../../../../src/components/amazon/ebs/state-keys';
import { runSteps } from '../../../../../src/engine/steps';
import { describeWithAwsEmulator } from '../../../../support/aws-emulator';
import { fakeLedger, fakeStepContext, fakeUI } from '../../../../support/engine-fakes';
import {
  BUILD_REGION,
  COPY_REGIONS,
  ebsDeps,
  imageNow,
  imageSteps,
  launchedState,
  motoEndpoint,
  snapshotsNow,
  terminate,
  testSession,
  uniqueName,
} from './image-support';

/**
 * The image half of amazon-ebs against moto, in Packer's order (stop → ENA/SR-IOV → deregister →
 * create → copy → deprecate → protect → attributes → tags): an AMI from a running instance, copied
 * to two regions, with rendered tags and launch permissions; kept (and released from the ledger)
 * on success, removed with its copies and snapshots on failure; the artifact that lists it.
 */

jest.setTimeout(120_000);

describeWithAwsEmulator('amazon-ebs image steps (moto)', () => {
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

  it('creates the AMI, copies it to two regions, tags it and shares it; the artifact lists and destroys them', async () => {
    const name = uniqueName('kiln-ebsimage-build');
    const deps = ebsDeps(
      session,
      [
        `ami_name = "${name}"`,
        `ami_regions = ["${COPY_REGIONS[0]}", "${COPY_REGIONS[1]}", "${COPY_REGIONS[0]}"]`,
        'ami_users = ["111122223333"]',
        'ami_groups = ["all"]',
        'snapshot_users = ["444455556666"]',
        'ena_support = true',
        'sriov_support = true',
        'tags = { Name = "{{ .SourceAMIName }}-built", Base = "{{ .SourceAMI }}", Region = "{{ .BuildRegion }}" }',
        'tag {\n  key = "Cleaned"\n  value = "{{ clean_resource_name `a:b` }}"\n}',
        'snapshot_tags = { Kind = "snapshot of {{ .SourceAMI }}" }',
        'run_tags = { Run = "yes" }',
      ].join('\n'),
    );
    const { state, instanceId } = await launchedState(ec2);
    instances.push(instanceId);
    const ui = fakeUI();
    const ledger = fakeLedger('run-build');
    const ctx = fakeStepContext({ state, ui, ledger, build: { runId: 'run-build' } });

    const result = await runSteps(imageSteps(deps), ctx);
    expect(result).toEqual({ outcome: 'success' });

    const amis = state.require(AMIS);
    expect(Object.keys(amis).sort()).toEqual([BUILD_REGION, ...COPY_REGIONS].sort());
    expect((await imageNow(ec2, amis[BUILD_REGION]))?.SourceInstanceId).toBe(instanceId);
    // Packer's messages, in its order.
    expect(ui.said).toEqual(
      expect.arrayContaining([
        'Prevalidating any provided VPC information',
        `Prevalidating AMI Name: ${name}`,
        'Stopping the source instance...',
        'Waiting for the instance to stop...',
        'Enabling Enhanced Networking (SR-IOV)...',
        'Enabling Enhanced Networking (ENA)...',
        `Creating AMI ${name} from instance ${instanceId}`,
        'Attaching run tags to AMI...',
        'Waiting for AMI to become ready...',
        `Copying/Encrypting AMI (${amis[BUILD_REGION]}) to other regions...`,
        'Skipping Enable AMI deprecation...',
        'Skipping Enable AMI deregistration protection...',
      ]),
    );
    expect(ui.lines).toContain(`message Copying to: ${COPY_REGIONS[0]}`);
    expect(ui.lines.filter((l) => l === `message Copying to: ${COPY_REGIONS[0]}`)).toHaveLength(1);

    const sourceAmi = state.require(SOURCE_IMAGE);
    expect((await imageNow(ec2, amis[BUILD_REGION]))?.State).toBe('available');
    for (const [region, imageId] of Object.entries(amis)) {
      const regional = session.ec2(region);
      const image = await imageNow(regional, imageId);
      expect(image?.Name).toBe(name);
      const tags = Object.fromEntries((image?.Tags ?? []).map((t) => [t.Key, t.Value]));
      expect(tags).toMatchObject({
        Name: `${sourceAmi.Name}-built`,
        Base: sourceAmi.ImageId,
        Region: BUILD_REGION,
        Cleaned: 'a-b',
      });
      // The run tag marks an unfinished run's resources only.
      expect(tags[RUN_TAG_KEY]).toBeUndefined();

      const launch = await regional.send(
        new DescribeImageAttributeCommand({ ImageId: imageId, Attribute: 'launchPermission' }),
      );
      expect(launch.LaunchPermissions).toEqual(
        expect.arrayContaining([{ UserId: '111122223333' }, { Group: 'all' }]),
      );

      const snapshots = state.require(SNAPSHOTS)[region];
      expect(snapshots.length).toBeGreaterThan(0);
      const described = await regional.send(new DescribeSnapshotsCommand({ SnapshotIds: [...snapshots] }));
      for (const snapshot of described.Snapshots ?? []) {
        const snapshotTags = Object.fromEntries((snapshot.Tags ?? []).map((t) => [t.Key, t.Value]));
        expect(snapshotTags).toMatchObject({
          Kind: `snapshot of ${sourceAmi.ImageId}`,
          Base: sourceAmi.ImageId,
        });
      }
    }
    // The run tags reach the build region's AMI (and its snapshots).
    const built = await imageNow(ec2, amis[BUILD_REGION]);
    expect(built?.Tags).toEqual(expect.arrayContaining([{ Key: 'Run', Value: 'yes' }]));
    const buildSnapshots = await ec2.send(
      new DescribeSnapshotsCommand({ SnapshotIds: [...state.require(SNAPSHOTS)[BUILD_REGION]] }),
    );
    expect(buildSnapshots.Snapshots?.[0]?.Tags).toEqual(
      expect.arrayContaining([{ Key: 'Run', Value: 'yes' }]),
    );

    // Success: the AMIs are the artifact, no longer the ledger's.
    expect(ledger.outstanding()).toEqual([]);

    const artifact = amazonEbsArtifact(state, () => testSession(motoEndpoint()));
    expect(artifact?.builderId).toBe('mitchellh.amazonebs');
    expect(artifact?.id).toBe(
      Object.entries(amis)
        .map(([r, a]) => `${r}:${a}`)
        .sort()
        .join(','),
    );
    expect(artifact?.id.split(',')[0]).toBe(`${COPY_REGIONS[1]}:${amis[COPY_REGIONS[1]]}`);
    expect(artifact?.description).toBe(
      `AMIs were created:\n${COPY_REGIONS[1]}: ${amis[COPY_REGIONS[1]]}\n${BUILD_REGION}: ${amis[BUILD_REGION]}\n${COPY_REGIONS[0]}: ${amis[COPY_REGIONS[0]]}\n`,
    );
    expect(artifact?.state['atlas.artifact.metadata']).toEqual({
      [`region.${BUILD_REGION}`]: amis[BUILD_REGION],
      [`region.${COPY_REGIONS[0]}`]: amis[COPY_REGIONS[0]],
      [`region.${COPY_REGIONS[1]}`]: amis[COPY_REGIONS[1]],
    });

    await artifact?.destroy();
    for (const [region, imageId] of Object.entries(amis)) {
      const regional = session.ec2(region);
      expect(await imageNow(regional, imageId)).toBeUndefined();
      expect(await snapshotsNow(regional, state.require(SNAPSHOTS)[region])).toEqual([]);
    }
    // A second destroy finds nothing: Packer's error for an AMI that is gone.
    await expect(artifact?.destroy()).rejects.toThrow(/no images found/);
  });
});
