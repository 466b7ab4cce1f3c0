import { randomBytes } from 'node:crypto';

import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  type EC2Client,
  type Image,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';

import { type AwsSession, createAwsSession } from '../../../../../src/components/amazon/aws/session';
import { AMAZON_EBS_SCHEMA } from '../../../../../src/components/amazon/ebs-schema';
import { readAmazonEbsOptions } from '../../../../../src/components/amazon/ebs/options';
import { INSTANCE, SOURCE_IMAGE } from '../../../../../src/components/amazon/ebs/state-keys';
import type { EbsStepDeps } from '../../../../../src/components/amazon/ebs/steps/deps';
import type { PollingOptions } from '../../../../../src/components/amazon/aws/polling';
import { amiRegionCopyStep } from '../../../../../src/components/amazon/ebs/steps/ami-region-copy';
import { createAmiStep } from '../../../../../src/components/amazon/ebs/steps/create-ami';
import { createTagsStep } from '../../../../../src/components/amazon/ebs/steps/create-tags';
import { deregisterAmiStep } from '../../../../../src/components/amazon/ebs/steps/deregister-ami';
import { deregistrationProtectionStep } from '../../../../../src/components/amazon/ebs/steps/deregistration-protection';
import { enableDeprecationStep } from '../../../../../src/components/amazon/ebs/steps/enable-deprecation';
import { modifyAmiAttributesStep } from '../../../../../src/components/amazon/ebs/steps/modify-ami-attributes';
import { modifyInstanceStep } from '../../../../../src/components/amazon/ebs/steps/modify-instance';
import { preValidateStep } from '../../../../../src/components/amazon/ebs/steps/pre-validate';
import { stopInstanceStep } from '../../../../../src/components/amazon/ebs/steps/stop-instance';
import { MapStateBag } from '../../../../../src/engine/state';
import type { StateBag, Step } from '../../../../../src/engine/types';
import { decode } from '../../../../support/component-decode';

/**
 * What the image steps' tests share: the regions this work may use (moto is shared with other
 * helpers), a session on moto or the proxy, options decoded from HCL as a template gives them, and
 * an instance to image (launched on moto: the API is what these steps exercise).
 */

export const BUILD_REGION = 'ap-southeast-1';
export const COPY_REGIONS = ['ap-southeast-2', 'ap-northeast-2'] as const;

/** A name no other test (nor another helper's) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}`;
}

export function motoEndpoint(): string {
  const endpoint = process.env.KILN_MOTO_ENDPOINT;
  if (!endpoint) throw new Error('KILN_MOTO_ENDPOINT is not set');
  return endpoint;
}

/** A session on `endpoint` polling fast (moto's images are available at once). */
export function testSession(
  endpoint: string,
  polling: PollingOptions = { delayMs: 50, maxAttempts: 40 },
  maxRetries = 1,
): AwsSession {
  return createAwsSession(
    {
      region: BUILD_REGION,
      accessKey: 'test',
      secretKey: 'test',
      token: '',
      profile: '',
      customEndpointEc2: endpoint,
      maxRetries,
    },
    polling,
  );
}

/** amazon-ebs options from the body of a source block; the AMI name and the region are given. */
export function ebsDeps(session: AwsSession, body: string): EbsStepDeps {
  const hcl = [
    `region = "${BUILD_REGION}"`,
    'source_ami = "ami-12345678"',
    'instance_type = "t3.micro"',
    'ssh_username = "root"',
    body,
  ].join('\n');
  const decoded = decode(AMAZON_EBS_SCHEMA, hcl);
  return { options: readAmazonEbsOptions(decoded.view, {}), session };
}

/** The newest of moto's built-in Amazon Linux 2 AMIs in a region. */
export async function baseImage(ec2: EC2Client): Promise<Image> {
  const r = await ec2.send(
    new DescribeImagesCommand({
      Owners: ['137112412989'],
      Filters: [{ Name: 'name', Values: ['amzn2-ami-hvm-*'] }],
    }),
  );
  const image = r.Images?.[0];
  if (image === undefined) throw new Error('moto has no amzn2 AMI');
  return image;
}

/** Runs an instance as the launch steps would have, and leaves INSTANCE and SOURCE_IMAGE in a state bag. */
export async function launchedState(ec2: EC2Client): Promise<{ state: StateBag; instanceId: string }> {
  const source = await baseImage(ec2);
  const run = await ec2.send(
    new RunInstancesCommand({ ImageId: source.ImageId, MinCount: 1, MaxCount: 1, InstanceType: 't3.micro' }),
  );
  const instanceId = run.Instances?.[0]?.InstanceId ?? '';
  const described = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const state = new MapStateBag();
  state.set(INSTANCE, described.Reservations?.[0]?.Instances?.[0] ?? {});
  state.set(SOURCE_IMAGE, source);
  return { state, instanceId };
}

export async function terminate(ec2: EC2Client, instanceId: string): Promise<void> {
  await ec2.send(new TerminateInstancesCommand({ InstanceIds: [instanceId] }));
}

/** The image, or undefined once it is deregistered. */
export async function imageNow(ec2: EC2Client, imageId: string): Promise<Image | undefined> {
  const r = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }));
  return r.Images?.[0];
}

/** The snapshots of these IDs that still exist. */
export async function snapshotsNow(ec2: EC2Client, ids: readonly string[]): Promise<string[]> {
  const left: string[] = [];
  for (const id of ids) {
    const r = await ec2
      .send(new DescribeSnapshotsCommand({ SnapshotIds: [id] }))
      .catch(() => ({ Snapshots: [] }));
    if ((r.Snapshots ?? []).length > 0) left.push(id);
  }
  return left;
}

/** Our images by name in a region (owner self). */
export async function imagesNamed(ec2: EC2Client, name: string): Promise<Image[]> {
  const r = await ec2.send(
    new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [name] }] }),
  );
  return r.Images ?? [];
}

/** Every image step, as the integrator assembles them. */
export function imageSteps(deps: EbsStepDeps): Step[] {
  return [
    preValidateStep(deps),
    stopInstanceStep(deps),
    modifyInstanceStep(deps),
    deregisterAmiStep(deps),
    createAmiStep(deps),
    amiRegionCopyStep(deps),
    enableDeprecationStep(deps),
    deregistrationProtectionStep(deps),
    modifyAmiAttributesStep(deps),
    createTagsStep(deps),
  ];
}
