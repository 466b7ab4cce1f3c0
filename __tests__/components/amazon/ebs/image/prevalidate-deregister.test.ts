import {
  CopyImageCommand,
  CreateImageCommand,
  CreateVpcCommand,
  DeleteSnapshotCommand,
  DeleteVpcCommand,
  DeregisterImageCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';

import type { AwsSession } from '../../../../../src/components/amazon/aws/session';
import { snapshotsOf } from '../../../../../src/components/amazon/aws/waiters/image';
import { amazonEbsArtifact } from '../../../../../src/components/amazon/ebs/artifact';
import { AMIS, INTERMEDIARY_IMAGE, SNAPSHOTS } from '../../../../../src/components/amazon/ebs/state-keys';
import { deregisterAmiStep } from '../../../../../src/components/amazon/ebs/steps/deregister-ami';
import { preValidateStep } from '../../../../../src/components/amazon/ebs/steps/pre-validate';
import { runSteps } from '../../../../../src/engine/steps';
import type { StateBag } from '../../../../../src/engine/types';
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
 * Pre-validation (regions, VPC, a name already taken in any target region), force_deregister (with
 * and without force_delete_snapshot), and the builds that make a temporary AMI first (encrypt_boot,
 * skip_save_build_region) or none (skip_create_ami).
 */

jest.setTimeout(120_000);

describeWithAwsEmulator('amazon-ebs image steps: pre-validation and existing AMIs (moto)', () => {
  let session: AwsSession;
  let ec2: EC2Client;
  const instances: string[] = [];
  /** AMIs a test made outside the steps: [region, id]. */
  const leftovers: [string, string][] = [];

  beforeAll(() => {
    session = testSession(motoEndpoint());
    ec2 = session.ec2(BUILD_REGION);
  });
  afterAll(async () => {
    for (const [region, id] of leftovers) {
      const regional = session.ec2(region);
      const image = await imageNow(regional, id).catch(() => undefined);
      if (image === undefined) continue;
      await regional.send(new DeregisterImageCommand({ ImageId: id })).catch(() => undefined);
      for (const s of snapshotsOf(image)) {
        await regional.send(new DeleteSnapshotCommand({ SnapshotId: s })).catch(() => undefined);
      }
    }
    for (const id of instances) await terminate(ec2, id).catch(() => undefined);
    session?.destroy();
  });

  /** An AMI of this name made by someone else, in the build region and (copied) in `copyTo`. */
  async function existingAmi(name: string, copyTo?: string): Promise<Record<string, string>> {
    const { instanceId } = await launchedState(ec2);
    instances.push(instanceId);
    const made = await ec2.send(new CreateImageCommand({ InstanceId: instanceId, Name: name }));
    const ids: Record<string, string> = { [BUILD_REGION]: made.ImageId ?? '' };
    leftovers.push([BUILD_REGION, ids[BUILD_REGION]]);
    if (copyTo !== undefined) {
      const copy = await session
        .ec2(copyTo)
        .send(new CopyImageCommand({ SourceRegion: BUILD_REGION, SourceImageId: made.ImageId, Name: name }));
      ids[copyTo] = copy.ImageId ?? '';
      leftovers.push([copyTo, ids[copyTo]]);
    }
    return ids;
  }

  async function preValidate(body: string, state?: StateBag) {
    const ui = fakeUI();
    const ctx = fakeStepContext({ ui, ...(state ? { state } : {}) });
    const run = preValidateStep(ebsDeps(session, body)).run(ctx);
    return { ui, run };
  }

  it('refuses a name already used in the build region, with Packer’s message', async () => {
    const name = uniqueName('kiln-ebsimage-taken');
    const ids = await existingAmi(name);
    const { ui, run } = await preValidate(`ami_name = "${name}"`);
    await expect(run).rejects.toThrow(
      `Error: AMI Name: '${name}' is used by an existing AMI: ${ids[BUILD_REGION]}`,
    );
    expect(ui.said).toEqual([
      'Prevalidating any provided VPC information',
      `Prevalidating AMI Name: ${name}`,
    ]);
  });

  it('refuses a name already used in one of ami_regions only', async () => {
    const name = uniqueName('kiln-ebsimage-taken-copy');
    const ids = await existingAmi(name, COPY_REGIONS[1]);
    await session.ec2(BUILD_REGION).send(new DeregisterImageCommand({ ImageId: ids[BUILD_REGION] }));
    const { run } = await preValidate(`ami_name = "${name}"\nami_regions = ${JSON.stringify(COPY_REGIONS)}`);
    await expect(run).rejects.toThrow(
      `Error: AMI Name: '${name}' is used by an existing AMI: ${ids[COPY_REGIONS[1]]} in region ${COPY_REGIONS[1]}`,
    );
  });

  it('checks the regions unless skip_region_validation; skips the name with skip_create_ami or force_deregister', async () => {
    const bad = await preValidate('ami_name = "kiln-ebsimage-any"\nami_regions = ["xx-nowhere-9"]');
    await expect(bad.run).rejects.toThrow(
      /^error validating regions: Invalid region\(s\): \[xx-nowhere-9\], available regions: \[.*ap-southeast-1.*\]$/,
    );

    const skipped = await preValidate(
      'ami_name = "kiln-ebsimage-any"\nami_regions = ["xx-nowhere-9"]\nskip_region_validation = true\nskip_create_ami = true',
    );
    await skipped.run;
    expect(skipped.ui.said).toEqual(['skip_create_ami was set; not prevalidating AMI name']);

    const name = uniqueName('kiln-ebsimage-forced');
    await existingAmi(name);
    const forced = await preValidate(`ami_name = "${name}"\nforce_deregister = true`);
    await forced.run;
    expect(forced.ui.said).toEqual(['Force Deregister flag found, skipping prevalidating AMI Name']);
  });

  it('refuses a vpc_id without a subnet when the VPC is not the default one', async () => {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.97.0.0/16' }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    try {
      const { run } = await preValidate(
        `ami_name = "${uniqueName('kiln-ebsimage-vpc')}"\nvpc_id = "${vpcId}"`,
      );
      await expect(run).rejects.toThrow(
        `Error: subnet_id or subnet_filter must be provided for non-default VPCs (${vpcId})`,
      );
      const withSubnet = await preValidate(
        `ami_name = "${uniqueName('kiln-ebsimage-vpc')}"\nvpc_id = "${vpcId}"\nsubnet_id = "subnet-12345678"`,
      );
      await withSubnet.run;
    } finally {
      await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));
    }
  });

  it('force_deregister removes the old AMIs in every target region, and force_delete_snapshot their snapshots', async () => {
    const name = uniqueName('kiln-ebsimage-old');
    const ids = await existingAmi(name, COPY_REGIONS[0]);
    const snapshots: Record<string, string[]> = {};
    for (const [region, id] of Object.entries(ids)) {
      snapshots[region] = snapshotsOf((await imageNow(session.ec2(region), id)) ?? {});
      expect(snapshots[region].length).toBeGreaterThan(0);
    }
    const ui = fakeUI();
    const deps = ebsDeps(
      session,
      `ami_name = "${name}"\nami_regions = ["${COPY_REGIONS[0]}"]\nforce_deregister = true\nforce_delete_snapshot = true`,
    );
    await deregisterAmiStep(deps).run(fakeStepContext({ ui }));
    for (const [region, id] of Object.entries(ids)) {
      expect(await imageNow(session.ec2(region), id)).toBeUndefined();
      expect(await snapshotsNow(session.ec2(region), snapshots[region])).toEqual([]);
      expect(ui.said).toContain(`Deregistered AMI ${name}, id: ${id}`);
      expect(ui.said).toContain(`Deleted snapshot: ${snapshots[region][0]}`);
    }
  });

  it('force_deregister without force_delete_snapshot keeps the snapshots', async () => {
    const name = uniqueName('kiln-ebsimage-oldsnap');
    const ids = await existingAmi(name);
    const snapshots = snapshotsOf((await imageNow(ec2, ids[BUILD_REGION])) ?? {});
    await deregisterAmiStep(ebsDeps(session, `ami_name = "${name}"\nforce_deregister = true`)).run(
      fakeStepContext(),
    );
    expect(await imageNow(ec2, ids[BUILD_REGION])).toBeUndefined();
    expect(await snapshotsNow(ec2, snapshots)).toEqual(snapshots);
    for (const s of snapshots) await ec2.send(new DeleteSnapshotCommand({ SnapshotId: s }));
  });

  it('encrypt_boot: a temporary AMI is copied into the build region and the copy regions, then deleted', async () => {
    const name = uniqueName('kiln-ebsimage-encrypt');
    const deps = ebsDeps(
      session,
      `ami_name = "${name}"\nami_regions = ["${COPY_REGIONS[0]}"]\nencrypt_boot = true`,
    );
    const { state, instanceId } = await launchedState(ec2);
    instances.push(instanceId);
    const ui = fakeUI();
    const ledger = fakeLedger();
    expect((await runSteps(imageSteps(deps), fakeStepContext({ state, ui, ledger }))).outcome).toBe(
      'success',
    );

    expect(state.require(INTERMEDIARY_IMAGE)).toBe(true);
    const temporary = ui.said
      .map((line) => /^Creating AMI ([A-Za-z0-9]{7}) from instance /.exec(line)?.[1])
      .find((n) => n !== undefined);
    expect(temporary).toBeDefined();
    const amis = state.require(AMIS);
    expect(Object.keys(amis).sort()).toEqual([BUILD_REGION, COPY_REGIONS[0]].sort());
    for (const [region, id] of Object.entries(amis)) {
      expect((await imageNow(session.ec2(region), id))?.Name).toBe(name);
      leftovers.push([region, id]);
    }
    expect(await imagesNamed(ec2, temporary ?? '')).toEqual([]);
    expect(ui.said).toContain('Deregistering the AMI and deleting unencrypted temporary AMIs and snapshots');
    expect(ledger.outstanding()).toEqual([]);
  });

  it('skip_save_build_region: only the copies remain, and the artifact lists only them', async () => {
    const name = uniqueName('kiln-ebsimage-skipbuild');
    const deps = ebsDeps(
      session,
      `ami_name = "${name}"\nami_regions = ${JSON.stringify(COPY_REGIONS)}\nskip_save_build_region = true`,
    );
    const { state, instanceId } = await launchedState(ec2);
    instances.push(instanceId);
    const ledger = fakeLedger();
    const ui = fakeUI();
    expect((await runSteps(imageSteps(deps), fakeStepContext({ state, ledger, ui }))).outcome).toBe(
      'success',
    );
    const amis = state.require(AMIS);
    expect(Object.keys(amis).sort()).toEqual([...COPY_REGIONS].sort());
    const temporary = ui.said
      .map((line) => /^Creating AMI ([A-Za-z0-9]{7}) from instance /.exec(line)?.[1])
      .find((n) => n !== undefined);
    expect(temporary).toBeDefined();
    expect(await imagesNamed(ec2, temporary ?? '')).toEqual([]);
    expect(Object.keys(state.require(SNAPSHOTS)).sort()).toEqual([...COPY_REGIONS].sort());
    for (const [region, id] of Object.entries(amis)) leftovers.push([region, id]);
    expect(await imagesNamed(ec2, name)).toEqual([]);
    expect(amazonEbsArtifact(state, () => session)?.id).toBe(
      COPY_REGIONS.map((r) => `${r}:${amis[r]}`)
        .sort()
        .join(','),
    );
    expect(ledger.outstanding()).toEqual([]);
  });

  it('skip_create_ami: no AMI, no artifact, Packer’s skip messages', async () => {
    const deps = ebsDeps(
      session,
      `ami_name = "${uniqueName('kiln-ebsimage-noami')}"\nskip_create_ami = true`,
    );
    const { state, instanceId } = await launchedState(ec2);
    instances.push(instanceId);
    const ui = fakeUI();
    expect((await runSteps(imageSteps(deps), fakeStepContext({ state, ui }))).outcome).toBe('success');
    expect(state.get(AMIS)).toBeUndefined();
    expect(amazonEbsArtifact(state, () => session)).toBeUndefined();
    expect(ui.said).toEqual(
      expect.arrayContaining([
        'skip_create_ami was set; not prevalidating AMI name',
        'Skipping AMI creation...',
        'Skipping AMI region copy...',
        'Skipping Enable AMI deprecation...',
        'Skipping AMI modify attributes...',
        'Skipping AMI create tags...',
      ]),
    );
  });
});
