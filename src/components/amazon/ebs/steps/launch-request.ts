import * as fs from 'node:fs';

import {
  type BlockDeviceMapping,
  DescribeInstancesCommand,
  type Image,
  type Instance,
  type Tag,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';

import { errorMessage } from '../../../../engine/abort';
import type { StepCleanupContext, StepContext } from '../../../../engine/types';
import { RUN_TAG_KEY, awsLedgerData } from '../../aws/ledger';
import type { AwsSession } from '../../aws/session';
import { isInstanceNotFound, waitInstanceRunning, waitInstanceTerminated } from '../../aws/waiters/instance';
import type { RunOptions } from '../../options/run';
import { INSTANCE } from '../state-keys';
import { ec2Tags } from './launch-support';

/**
 * What the on-demand and the spot launch share (StepRunSourceInstance and StepRunSpotInstance):
 * the user data, block device mappings and tags they send, waiting for the instance to run, and
 * terminating it in cleanup.
 */

/** `user_data` or the contents of `user_data_file`, base64-encoded unless it already is. */
export function loadUserData(run: RunOptions): string {
  let userData = run.userData;
  if (run.userDataFile !== '') {
    try {
      userData = fs.readFileSync(run.userDataFile, 'utf8');
    } catch (e) {
      throw new Error(`Problem reading user data file: ${errorMessage(e)}`);
    }
  }
  return isBase64(userData) ? userData : Buffer.from(userData, 'utf8').toString('base64');
}

/** Whether Go's base64.StdEncoding would decode it (padded standard alphabet; '' decodes). */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

/** `launch_block_device_mappings` as EC2 mappings (BlockDevice.BuildEC2BlockDeviceMapping), plus
 * `no_ephemeral`'s empty xvdca-xvdcz. */
export function launchBlockDeviceMappings(run: RunOptions): BlockDeviceMapping[] {
  const mappings: BlockDeviceMapping[] = run.launchBlockDevices.map((d) => {
    if (d.noDevice) return { DeviceName: d.deviceName, NoDevice: '' };
    if (d.virtualName !== '') {
      return d.virtualName.startsWith('ephemeral')
        ? { DeviceName: d.deviceName, VirtualName: d.virtualName }
        : { DeviceName: d.deviceName };
    }
    const withIops = ['io1', 'io2', 'gp3'].includes(d.volumeType);
    return {
      DeviceName: d.deviceName,
      Ebs: {
        DeleteOnTermination: d.deleteOnTermination,
        ...(d.volumeType !== '' ? { VolumeType: d.volumeType as never } : {}),
        ...(d.volumeSize !== undefined ? { VolumeSize: d.volumeSize } : {}),
        ...(withIops && d.iops !== undefined ? { Iops: d.iops } : {}),
        ...(d.volumeType === 'gp3' && d.throughput !== undefined ? { Throughput: d.throughput } : {}),
        ...(d.snapshotId !== '' ? { SnapshotId: d.snapshotId } : {}),
        ...(d.encrypted !== undefined ? { Encrypted: d.encrypted } : {}),
        ...(d.kmsKeyId !== '' ? { KmsKeyId: d.kmsKeyId } : {}),
      },
    };
  });
  if (run.noEphemeral) {
    for (const letter of 'abcdefghijklmnopqrstuvwxyz')
      mappings.push({ DeviceName: `xvdc${letter}`, NoDevice: '' });
  }
  return mappings;
}

/** The instance's tags (run_tags + the run tag) and its volumes' (run_volume_tags + the run tag). */
export function launchTags(run: RunOptions, runId: string): { instance: Tag[]; volume: Tag[] } {
  return { instance: ec2Tags(run.runTags, runId), volume: ec2Tags(run.runVolumeTags, runId) };
}

/** The source image must be EBS-backed for amazon-ebs (ExpectedRootDevice). */
export function checkRootDevice(image: Image): void {
  if (image.RootDeviceType !== 'ebs') {
    throw new Error(
      `The provided source AMI has an invalid root device type.\nExpected 'ebs', got '${image.RootDeviceType ?? ''}'.`,
    );
  }
}

/** RunConfig.IsBurstableInstanceType (its pattern really allows "t:2." too). */
export function isBurstableInstanceType(type: string): boolean {
  return /^t(:?2|3a?|4g)\./.test(type);
}

/** The credit specification Packer asks for: standard for burstable types, unless unlimited. */
export function creditSpecification(run: RunOptions): { CpuCredits: string } | undefined {
  if (run.enableUnlimitedCredits) return { CpuCredits: 'unlimited' };
  if (isBurstableInstanceType(run.instanceType)) return { CpuCredits: 'standard' };
  return undefined;
}

/** Records the instance, waits for it to run and leaves it in INSTANCE (waitForInstanceReadiness). */
export async function awaitInstance(
  ctx: StepContext,
  session: AwsSession,
  instanceId: string,
): Promise<Instance> {
  ctx.ui.message(`Instance ID: ${instanceId}`);
  ctx.ui.say(`Waiting for instance (${instanceId}) to become ready...`);
  let instance: Instance;
  try {
    instance = await waitInstanceRunning(session, instanceId, ctx.signal);
  } catch (e) {
    if (ctx.signal.aborted) throw e;
    throw new Error(`Error waiting for instance (${instanceId}) to become ready: ${errorMessage(e)}`);
  }
  if (ctx.build.debug) {
    if (instance.PublicDnsName) ctx.ui.message(`Public DNS: ${instance.PublicDnsName}`);
    if (instance.PublicIpAddress) ctx.ui.message(`Public IP: ${instance.PublicIpAddress}`);
    if (instance.PrivateIpAddress) ctx.ui.message(`Private IP: ${instance.PrivateIpAddress}`);
  }
  ctx.state.set(INSTANCE, instance);
  return instance;
}

/** Puts a new instance in the ledger (as soon as its ID is known). */
export function recordInstance(ctx: StepContext, session: AwsSession, instanceId: string): void {
  ctx.ledger.record({ id: instanceId, kind: 'aws-instance', data: awsLedgerData(session) });
}

/**
 * The instances a RunInstances that never answered (cancelled in flight, its answer lost) may have
 * started anyway: those not terminated that carry the run tag and the request's client token, which
 * no other launch shares. None when EC2 cannot be asked.
 */
export async function unansweredLaunch(
  session: AwsSession,
  runId: string,
  clientToken: string,
): Promise<string[]> {
  const r = await session
    .ec2()
    .send(
      new DescribeInstancesCommand({
        Filters: [
          { Name: `tag:${RUN_TAG_KEY}`, Values: [runId] },
          { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
        ],
      }),
      { abortSignal: new AbortController().signal },
    )
    .catch(() => ({ Reservations: [] }));
  return (r.Reservations ?? []).flatMap((res) =>
    (res.Instances ?? []).flatMap((i) =>
      i.InstanceId !== undefined && i.ClientToken === clientToken ? [i.InstanceId] : [],
    ),
  );
}

/**
 * Cleanup of the instance: terminate, wait until terminated, strike it off the ledger. Not cut
 * short by the build's signal: a cancelled build must still not leave it running.
 */
export async function terminateInstance(
  ctx: StepCleanupContext,
  session: AwsSession,
  instanceId: string,
): Promise<boolean> {
  ctx.ui.say('Terminating the source AWS instance...');
  try {
    await session.ec2().send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
  } catch (e) {
    if (!isInstanceNotFound(e)) {
      ctx.ui.error(`Error terminating instance, may still be around: ${errorMessage(e)}`);
      return false;
    }
  }
  try {
    await waitInstanceTerminated(session, instanceId, new AbortController().signal);
  } catch (e) {
    ctx.ui.error(errorMessage(e));
    return false;
  }
  ctx.ledger.release(instanceId);
  return true;
}
