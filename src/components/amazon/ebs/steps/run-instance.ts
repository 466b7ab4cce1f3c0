import { randomUUID } from 'node:crypto';

import { RunInstancesCommand, type RunInstancesCommandInput } from '@aws-sdk/client-ec2';

import { errorMessage, sleep } from '../../../../engine/abort';
import type { BuildUI, Step, StateBag } from '../../../../engine/types';
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
  unansweredLaunch,
} from './launch-request';
import { awsErrorCode } from '../../aws/errors';
import { instanceType, reportTags, tagSpecifications } from './launch-support';

/**
 * Packer's StepRunSourceInstance: launches the on-demand build instance from the source AMI into
 * the network, groups and profile the earlier steps chose, tagged with run_tags (instance and
 * network interface) and run_volume_tags, and waits until it runs. RunInstances carries a client
 * token, so a retried call cannot start a second instance; the instance is in the ledger as soon
 * as its ID is known. Cleanup terminates it and waits until it is gone.
 */

/** The RunInstances request (exported for tests: it is what Packer would send). */
export function runInstancesInput(
  run: RunOptions,
  state: StateBag,
  runId: string,
  clientToken: string,
  ui?: BuildUI,
): RunInstancesCommandInput {
  const image = state.require(SOURCE_IMAGE);
  const tags = launchTags(run, runId);
  const securityGroupIds = [...(state.get(SECURITY_GROUP_IDS) ?? [])];
  const subnetId = state.get(SUBNET_ID) ?? '';
  const az = state.get(AVAILABILITY_ZONE) ?? '';
  const profile = state.get(IAM_INSTANCE_PROFILE) ?? '';
  const keyPairName = state.get(EC2_SSH_KEY)?.keyPairName ?? '';

  const input: RunInstancesCommandInput = {
    ImageId: image.ImageId,
    InstanceType: instanceType(run.instanceType),
    UserData: loadUserData(run),
    MinCount: 1,
    MaxCount: 1,
    ClientToken: clientToken,
    ...(profile !== '' ? { IamInstanceProfile: { Name: profile } } : {}),
    BlockDeviceMappings: launchBlockDeviceMappings(run),
    Placement: {
      ...(az !== '' ? { AvailabilityZone: az } : {}),
      ...(run.hostResourceGroupArn !== '' ? { HostResourceGroupArn: run.hostResourceGroupArn } : {}),
      ...(run.hostId !== '' ? { HostId: run.hostId } : {}),
      ...(run.tenancy !== '' ? { Tenancy: run.tenancy as never } : {}),
    },
    EbsOptimized: run.ebsOptimized,
    EnclaveOptions: { Enabled: run.enableNitroEnclave },
    InstanceInitiatedShutdownBehavior: run.shutdownBehavior as never,
    TagSpecifications: tagSpecifications([
      ['instance', tags.instance],
      ['network-interface', tags.instance],
      ['volume', tags.volume],
    ]),
  };
  const credits = creditSpecification(run);
  if (credits !== undefined) input.CreditSpecification = credits;
  if (run.metadata.httpEndpoint === 'enabled') {
    input.MetadataOptions = {
      HttpEndpoint: 'enabled',
      HttpTokens: run.metadata.httpTokens as never,
      HttpPutResponseHopLimit: run.metadata.httpPutResponseHopLimit,
      ...(run.metadata.instanceMetadataTags === 'enabled' ? { InstanceMetadataTags: 'enabled' } : {}),
    };
  }
  if (keyPairName !== '') input.KeyName = keyPairName;
  if (subnetId !== '' && run.associatePublicIpAddress !== undefined) {
    ui?.say(
      `changing public IP address config to ${String(run.associatePublicIpAddress)} for instance on subnet "${subnetId}"`,
    );
    input.NetworkInterfaces = [
      {
        DeviceIndex: 0,
        AssociatePublicIpAddress: run.associatePublicIpAddress,
        SubnetId: subnetId,
        Groups: securityGroupIds,
        DeleteOnTermination: true,
      },
    ];
  } else {
    if (subnetId !== '') input.SubnetId = subnetId;
    input.SecurityGroupIds = securityGroupIds;
  }
  if (run.licenseConfigurationArns.length > 0) {
    input.LicenseSpecifications = run.licenseConfigurationArns.map((arn) => ({
      LicenseConfigurationArn: arn,
    }));
  }
  if (
    run.capacityReservationPreference !== '' ||
    run.capacityReservationId !== '' ||
    run.capacityReservationGroupArn !== ''
  ) {
    input.CapacityReservationSpecification = {
      ...(run.capacityReservationPreference !== ''
        ? { CapacityReservationPreference: run.capacityReservationPreference as never }
        : {}),
      ...(run.capacityReservationId !== '' || run.capacityReservationGroupArn !== ''
        ? {
            CapacityReservationTarget: {
              ...(run.capacityReservationId !== ''
                ? { CapacityReservationId: run.capacityReservationId }
                : {}),
              ...(run.capacityReservationGroupArn !== ''
                ? { CapacityReservationResourceGroupArn: run.capacityReservationGroupArn }
                : {}),
            },
          }
        : {}),
    };
  }
  return input;
}

/** A new instance profile may not be usable yet: RunInstances is retried while EC2 says so. */
function profileNotReady(e: unknown): boolean {
  return awsErrorCode(e) === 'InvalidParameterValue' && /iamInstanceProfile/i.test(errorMessage(e));
}

export function runInstanceStep({ options, session }: EbsStepDeps): Step {
  const run = options.run;
  let instanceId: string | undefined;
  // The client token of a RunInstances sent and not answered: a cut-short call may have launched.
  let unanswered: string | undefined;
  return {
    name: 'run source instance',
    async run(ctx) {
      ctx.ui.say('Launching a source AWS instance...');
      checkRootDevice(ctx.state.require(SOURCE_IMAGE));
      const clientToken = randomUUID();
      const input = runInstancesInput(run, ctx.state, ctx.build.runId, clientToken, ctx.ui);
      const tags = launchTags(run, ctx.build.runId);
      reportTags(ctx.ui, tags.instance);
      reportTags(ctx.ui, tags.volume);

      let id: string | undefined;
      unanswered = clientToken;
      for (let attempt = 1; ; attempt++) {
        try {
          const r = await session.ec2().send(new RunInstancesCommand(input), { abortSignal: ctx.signal });
          id = r.Instances?.[0]?.InstanceId;
          break;
        } catch (e) {
          if (ctx.signal.aborted || !profileNotReady(e) || attempt >= 11) {
            if (awsErrorCode(e) === 'VPCIdNotSpecified' && (ctx.state.get(SUBNET_ID) ?? '') === '') {
              throw new Error('Error launching source instance: a valid Subnet Id was not specified');
            }
            throw new Error(`Error launching source instance: ${errorMessage(e)}`);
          }
          await sleep(Math.min(30_000, 200 * attempt), ctx.signal);
        }
      }
      if (id === undefined)
        throw new Error('Error launching source instance: RunInstances returned no instance');
      instanceId = id;
      unanswered = undefined;
      recordInstance(ctx, session, id);
      await awaitInstance(ctx, session, id);
    },
    async cleanup(ctx) {
      if (instanceId === undefined && unanswered !== undefined) {
        const ids = await unansweredLaunch(session, ctx.build.runId, unanswered);
        unanswered = undefined;
        for (const id of ids) {
          recordInstance(ctx, session, id);
          await terminateInstance(ctx, session, id);
        }
      }
      if (instanceId === undefined) return;
      if (await terminateInstance(ctx, session, instanceId)) instanceId = undefined;
    },
  };
}
