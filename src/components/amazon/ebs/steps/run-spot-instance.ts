import { randomBytes, randomUUID } from 'node:crypto';

import {
  CreateFleetCommand,
  type CreateFleetCommandInput,
  CreateLaunchTemplateCommand,
  type CreateLaunchTemplateCommandInput,
  CreateTagsCommand,
  DeleteLaunchTemplateCommand,
  type RequestLaunchTemplateData,
} from '@aws-sdk/client-ec2';

import { errorMessage, sleep } from '../../../../engine/abort';
import type { BuildUI, Step, StateBag } from '../../../../engine/types';
import { awsLedgerData } from '../../aws/ledger';
import type { RunOptions } from '../../options/run';
import {
  AVAILABILITY_ZONE,
  EC2_SSH_KEY,
  IAM_INSTANCE_PROFILE,
  SECURITY_GROUP_IDS,
  SOURCE_IMAGE,
  SUBNET_ID,
} from '../state-keys';
import type { EbsStepDeps } from './deps';
import {
  awaitInstance,
  checkRootDevice,
  creditSpecification,
  launchBlockDeviceMappings,
  launchTags,
  loadUserData,
  recordInstance,
  terminateInstance,
} from './launch-request';
import { awsErrorCode } from '../../aws/errors';
import { ec2Tags, instanceType, reportTags, tagSpecifications } from './launch-support';

/**
 * Packer's StepRunSpotInstance: a spot build instance, asked for as an instant EC2 fleet of one
 * from a launch template `packer-fleet-launch-template-<random>` (in the ledger before it exists,
 * deleted in cleanup) with the spot market options, `spot_instance_types` as overrides and
 * `spot_allocation_strategy`. spot_tags go on the template and the spot request, fleet_tags on
 * the fleet, run_tags and run_volume_tags on the instance and volumes.
 */

/** `packer-fleet-launch-template-` and 7 random alphanumerics. */
export function launchTemplateName(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const suffix = [...randomBytes(7)].map((b) => alphabet[b % alphabet.length]).join('');
  return `packer-fleet-launch-template-${suffix}`;
}

/** The launch template data (CreateTemplateData). */
export function spotTemplateData(
  run: RunOptions,
  state: StateBag,
  runId: string,
  ui?: BuildUI,
): RequestLaunchTemplateData {
  const image = state.require(SOURCE_IMAGE);
  const tags = launchTags(run, runId);
  const subnetId = state.get(SUBNET_ID) ?? '';
  const securityGroupIds = [...(state.get(SECURITY_GROUP_IDS) ?? [])];
  const profile = state.get(IAM_INSTANCE_PROFILE) ?? '';
  const keyPairName = state.get(EC2_SSH_KEY)?.keyPairName ?? '';
  const az = state.get(AVAILABILITY_ZONE) ?? '';
  const data: RequestLaunchTemplateData = {
    BlockDeviceMappings: launchBlockDeviceMappings(run).map((m) => ({
      DeviceName: m.DeviceName,
      ...(m.NoDevice !== undefined ? { NoDevice: m.NoDevice } : {}),
      ...(m.VirtualName !== undefined ? { VirtualName: m.VirtualName } : {}),
      ...(m.Ebs !== undefined ? { Ebs: m.Ebs } : {}),
    })),
    DisableApiTermination: false,
    EbsOptimized: run.ebsOptimized,
    ...(profile !== '' ? { IamInstanceProfile: { Name: profile } } : {}),
    ImageId: image.ImageId,
    InstanceMarketOptions: {
      MarketType: 'spot',
      SpotOptions: {
        ...(run.spotPrice !== 'auto' ? { MaxPrice: run.spotPrice } : {}),
        ...(run.blockDurationMinutes !== 0 ? { BlockDurationMinutes: run.blockDurationMinutes } : {}),
      },
    },
    ...(az !== '' ? { Placement: { AvailabilityZone: az } } : {}),
    UserData: loadUserData(run),
  };
  if (subnetId !== '') {
    if (run.associatePublicIpAddress !== undefined) {
      ui?.say(
        `changing public IP address config to ${String(run.associatePublicIpAddress)} for instance on subnet "${subnetId}"`,
      );
    }
    data.NetworkInterfaces = [
      {
        Groups: securityGroupIds,
        DeleteOnTermination: true,
        DeviceIndex: 0,
        SubnetId: subnetId,
        ...(run.associatePublicIpAddress !== undefined
          ? { AssociatePublicIpAddress: run.associatePublicIpAddress }
          : {}),
      },
    ];
  } else {
    data.SecurityGroupIds = securityGroupIds;
  }
  const credits = creditSpecification(run);
  if (credits !== undefined) data.CreditSpecification = credits;
  if (run.metadata.httpEndpoint === 'enabled') {
    data.MetadataOptions = {
      HttpEndpoint: 'enabled',
      HttpTokens: run.metadata.httpTokens as never,
      HttpPutResponseHopLimit: run.metadata.httpPutResponseHopLimit,
      ...(run.metadata.instanceMetadataTags === 'enabled' ? { InstanceMetadataTags: 'enabled' } : {}),
    };
  }
  if (run.instanceType !== '') data.InstanceType = instanceType(run.instanceType);
  if (keyPairName !== '') data.KeyName = keyPairName;
  const specs = tagSpecifications([
    ['instance', tags.instance],
    ['network-interface', tags.instance],
    ['volume', tags.volume],
  ]);
  if (specs !== undefined) data.TagSpecifications = specs;
  return data;
}

/** CreateFleet of one spot instance from the template (instant: answers with the instance). */
export function fleetInput(
  run: RunOptions,
  templateName: string,
  runId: string,
  clientToken: string,
): CreateFleetCommandInput {
  const overrides = run.spotInstanceTypes.map((t) => ({ InstanceType: instanceType(t) }));
  return {
    ClientToken: clientToken,
    LaunchTemplateConfigs: [
      {
        LaunchTemplateSpecification: { LaunchTemplateName: templateName, Version: '1' },
        ...(overrides.length > 0 ? { Overrides: overrides } : {}),
      },
    ],
    ReplaceUnhealthyInstances: false,
    TargetCapacitySpecification: { TotalTargetCapacity: 1, DefaultTargetCapacityType: 'spot' },
    Type: 'instant',
    ...(run.spotAllocationStrategy !== ''
      ? { SpotOptions: { AllocationStrategy: run.spotAllocationStrategy as never } }
      : {}),
    TagSpecifications: tagSpecifications([['fleet', ec2Tags(run.fleetTags, runId)]]),
  };
}

export function runSpotInstanceStep({ options, session }: EbsStepDeps): Step {
  const run = options.run;
  let instanceId: string | undefined;
  let templateName: string | undefined;
  return {
    name: 'run spot instance',
    async run(ctx) {
      const ec2 = session.ec2();
      const call = { abortSignal: ctx.signal };
      ctx.ui.say('Launching a spot AWS instance...');
      checkRootDevice(ctx.state.require(SOURCE_IMAGE));

      ctx.ui.say('Interpolating tags for spot instance...');
      const tags = launchTags(run, ctx.build.runId);
      reportTags(ctx.ui, tags.instance);
      reportTags(ctx.ui, tags.volume);
      const spotTags = ec2Tags(run.spotTags, ctx.build.runId);

      ctx.ui.message('Loading User Data File...');
      const name = launchTemplateName();
      const template: CreateLaunchTemplateCommandInput = {
        LaunchTemplateName: name,
        VersionDescription: 'template generated by packer for launching spot instances',
        LaunchTemplateData: spotTemplateData(run, ctx.state, ctx.build.runId, ctx.ui),
        TagSpecifications: tagSpecifications([['launch-template', spotTags]]),
      };
      ctx.ui.message('Creating Spot Fleet launch template...');
      ctx.ledger.record({ id: name, kind: 'aws-launch-template', data: awsLedgerData(session) });
      templateName = name;
      let templateId: string;
      try {
        const r = await ec2.send(new CreateLaunchTemplateCommand(template), call);
        templateId = r.LaunchTemplate?.LaunchTemplateId ?? '';
      } catch (e) {
        throw new Error(`Error creating launch template for spot instance: ${errorMessage(e)}`);
      }
      ctx.ui.message(`Created Spot Fleet launch template: ${templateId}`);

      const fleetTags = ec2Tags(run.fleetTags, ctx.build.runId);
      reportTags(ctx.ui, fleetTags);
      const input = fleetInput(run, name, ctx.build.runId, randomUUID());
      let id: string | undefined;
      for (let attempt = 1; ; attempt++) {
        let problem: string;
        let retry = false;
        try {
          const r = await ec2.send(new CreateFleetCommand(input), call);
          id = r.Instances?.[0]?.InstanceIds?.[0];
          if (id !== undefined) break;
          const errors = r.Errors ?? [];
          retry = errors.some((x) => x.ErrorCode === 'InsufficientInstanceCapacity');
          problem =
            errors.length > 0
              ? `Error waiting for fleet request (${r.FleetId ?? ''}) to become ready:${errors.map((x) => x.ErrorMessage ?? '').join('')}`
              : `Error waiting for fleet request (${r.FleetId ?? ''}): no instance was launched`;
        } catch (e) {
          if (ctx.signal.aborted) throw e;
          retry = /Invalid IAM Instance Profile name/.test(errorMessage(e));
          problem = errorMessage(e);
        }
        if (!retry || attempt >= 11) throw new Error(problem);
        await sleep(Math.min(30_000, 500 * attempt), ctx.signal);
      }
      instanceId = id;
      recordInstance(ctx, session, id);
      const instance = await awaitInstance(ctx, session, id);

      // Tags EC2 does not carry over from the template: the spot request's, and the instance's
      // again (as Packer does, for clouds that ignore template tag specifications).
      if (Object.keys(run.spotTags).length > 0 && instance.SpotInstanceRequestId) {
        reportTags(ctx.ui, spotTags);
        try {
          await ec2.send(
            new CreateTagsCommand({ Resources: [instance.SpotInstanceRequestId], Tags: spotTags }),
            call,
          );
        } catch (e) {
          throw new Error(`Error tagging spot request: ${errorMessage(e)}`);
        }
      }
      try {
        await ec2.send(new CreateTagsCommand({ Resources: [id], Tags: tags.instance }), call);
      } catch (e) {
        throw new Error(`Error tagging source instance: ${errorMessage(e)}`);
      }
      const volumeIds = (instance.BlockDeviceMappings ?? []).flatMap((m) =>
        m.Ebs?.VolumeId ? [m.Ebs.VolumeId] : [],
      );
      if (volumeIds.length > 0 && Object.keys(run.runVolumeTags).length > 0) {
        ctx.ui.say('Adding tags to source EBS Volumes');
        try {
          await ec2.send(new CreateTagsCommand({ Resources: volumeIds, Tags: tags.volume }), call);
        } catch (e) {
          throw new Error(`Error tagging source EBS Volumes on ${id}: ${errorMessage(e)}`);
        }
      }
    },
    async cleanup(ctx) {
      if (instanceId !== undefined) {
        if (!(await terminateInstance(ctx, session, instanceId))) return;
        instanceId = undefined;
      }
      if (templateName === undefined) return;
      try {
        await session.ec2().send(new DeleteLaunchTemplateCommand({ LaunchTemplateName: templateName }));
      } catch (e) {
        const code = awsErrorCode(e);
        if (
          code !== 'InvalidLaunchTemplateName.NotFoundException' &&
          code !== 'InvalidLaunchTemplateId.NotFound'
        ) {
          ctx.ui.error(errorMessage(e));
          return;
        }
      }
      ctx.ledger.release(templateName);
      templateName = undefined;
    },
  };
}
