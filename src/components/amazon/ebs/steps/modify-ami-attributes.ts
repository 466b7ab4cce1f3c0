import {
  type ModifyImageAttributeCommandInput,
  ModifyImageAttributeCommand,
  type ModifySnapshotAttributeCommandInput,
  ModifySnapshotAttributeCommand,
} from '@aws-sdk/client-ec2';

import type { Step } from '../../../../engine/types';
import type { AmiOptions } from '../../options/ami';
import { AMIS, SNAPSHOTS } from '../state-keys';
import { renderBuildTemplate } from './build-info';
import type { EbsStepDeps } from './deps';
import { awsErrorMessage } from '../../aws/error-text';

/**
 * Packer's StepModifyAMIAttributes: the description (rendered with the build data), who may launch
 * the AMIs (ami_users, ami_groups, ami_org_arns, ami_ou_arns), product codes and imds_support, then
 * who may create volumes from their snapshots (snapshot_users, snapshot_groups). EC2 changes one
 * attribute per call.
 */

type ImageChange = Omit<ModifyImageAttributeCommandInput, 'ImageId'>;
type SnapshotChange = Omit<ModifySnapshotAttributeCommandInput, 'SnapshotId'>;

/** The image attribute changes, by the name Packer prints for each. */
export function imageChanges(ami: AmiOptions, description: string): [string, ImageChange][] {
  const changes: [string, ImageChange][] = [];
  if (description !== '') changes.push(['description', { Description: { Value: description } }]);
  if (ami.groups.length > 0) {
    changes.push(['groups', { LaunchPermission: { Add: ami.groups.map((g) => ({ Group: g as 'all' })) } }]);
  }
  if (ami.users.length > 0) {
    changes.push(['users', { LaunchPermission: { Add: ami.users.map((u) => ({ UserId: u })) } }]);
  }
  if (ami.orgArns.length > 0) {
    changes.push([
      'ami org arns',
      { LaunchPermission: { Add: ami.orgArns.map((a) => ({ OrganizationArn: a })) } },
    ]);
  }
  if (ami.ouArns.length > 0) {
    changes.push([
      'ami ou arns',
      { LaunchPermission: { Add: ami.ouArns.map((a) => ({ OrganizationalUnitArn: a })) } },
    ]);
  }
  if (ami.productCodes.length > 0) changes.push(['product codes', { ProductCodes: [...ami.productCodes] }]);
  if (ami.imdsSupport !== '') changes.push(['imds_support', { ImdsSupport: { Value: ami.imdsSupport } }]);
  return changes;
}

/** The snapshot attribute changes, by the name Packer prints for each. */
export function snapshotChanges(ami: AmiOptions): [string, SnapshotChange][] {
  const changes: [string, SnapshotChange][] = [];
  if (ami.snapshotGroups.length > 0) {
    changes.push([
      'groups',
      { CreateVolumePermission: { Add: ami.snapshotGroups.map((g) => ({ Group: g as 'all' })) } },
    ]);
  }
  if (ami.snapshotUsers.length > 0) {
    changes.push([
      'users',
      { CreateVolumePermission: { Add: ami.snapshotUsers.map((u) => ({ UserId: u })) } },
    ]);
  }
  return changes;
}

export function modifyAmiAttributesStep({ options, session }: EbsStepDeps): Step {
  const ami = options.ami;
  return {
    name: 'modify AMI attributes',
    async run(ctx) {
      if (ami.skipCreateAmi) {
        ctx.ui.say('Skipping AMI modify attributes...');
        return;
      }
      const amis = ctx.state.get(AMIS) ?? {};
      const snapshots = ctx.state.get(SNAPSHOTS) ?? {};
      let description: string;
      try {
        description = renderBuildTemplate(ami.description, ctx, session.region);
      } catch (e) {
        throw new Error(`Error interpolating AMI description: ${awsErrorMessage(e)}`);
      }
      const forImages = imageChanges(ami, description);
      const forSnapshots = snapshotChanges(ami);
      if (forImages.length === 0 && forSnapshots.length === 0) return;

      for (const [region, imageId] of Object.entries(amis)) {
        ctx.ui.say(`Modifying attributes on AMI (${imageId})...`);
        for (const [name, change] of forImages) {
          ctx.ui.message(`Modifying: ${name}`);
          await session
            .ec2(region)
            .send(new ModifyImageAttributeCommand({ ...change, ImageId: imageId }), {
              abortSignal: ctx.signal,
            })
            .catch((e: unknown) => {
              throw new Error(`Error modify AMI attributes: ${awsErrorMessage(e)}`);
            });
        }
      }
      if (forSnapshots.length === 0) return;
      for (const [region, ids] of Object.entries(snapshots)) {
        for (const snapshotId of ids) {
          ctx.ui.say(`Modifying attributes on snapshot (${snapshotId})...`);
          for (const [name, change] of forSnapshots) {
            ctx.ui.message(`Modifying: ${name}`);
            await session
              .ec2(region)
              .send(new ModifySnapshotAttributeCommand({ ...change, SnapshotId: snapshotId }), {
                abortSignal: ctx.signal,
              })
              .catch((e: unknown) => {
                throw new Error(`Error modify snapshot attributes: ${awsErrorMessage(e)}`);
              });
          }
        }
      }
    },
  };
}
