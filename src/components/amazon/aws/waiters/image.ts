import { DescribeImagesCommand, type EC2Client, type Image } from '@aws-sdk/client-ec2';

import { awsErrorCode } from '../error-text';
import type { PollingOptions, WaiterDefaults } from '../polling';
import { type Observation, waitFor } from '../wait';

/**
 * Waiting for an AMI (a new image or a region copy) to become available. aws-sdk-go's ImageAvailable
 * waiter polls every 15 s; Packer raises its attempts to 120 (30 minutes) for long copies.
 */
export const IMAGE_AVAILABLE_DEFAULTS: WaiterDefaults = { delayMs: 15_000, maxAttempts: 120 };

/** States an image never leaves for `available`. */
const FAILED_STATES = new Set(['failed', 'error', 'invalid', 'deregistered', 'disabled']);

/** One look at an image: not found yet (EC2 is eventually consistent) counts as still pending. */
export async function observeImage(
  ec2: EC2Client,
  imageId: string,
  signal: AbortSignal,
): Promise<Observation<Image>> {
  let image: Image | undefined;
  try {
    const r = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: signal });
    image = r.Images?.[0];
  } catch (e) {
    if (awsErrorCode(e) !== 'InvalidAMIID.NotFound') throw e;
  }
  if (image === undefined) return { state: 'not found' };
  const reason = image.StateReason;
  return {
    value: image,
    state: image.State ?? 'unknown',
    ...(reason?.Message || reason?.Code
      ? { reason: [reason.Code, reason.Message].filter((s) => s).join(': ') }
      : {}),
  };
}

export interface ImageWaitOptions {
  /** For messages: `AMI ami-0123 in ap-southeast-2`. */
  readonly region: string;
  readonly polling: PollingOptions;
  readonly signal: AbortSignal;
}

/**
 * Resolves with the image once it is available; throws WaitError at once when it failed (with its
 * StateReason), or when the attempts run out, and CancelledError (or the SDK's abort) on cancel.
 */
export async function waitImageAvailable(
  ec2: EC2Client,
  imageId: string,
  opts: ImageWaitOptions,
): Promise<Image> {
  const image = await waitFor<Image>({
    resource: `AMI ${imageId} in ${opts.region}`,
    target: 'available',
    observe: () => observeImage(ec2, imageId, opts.signal),
    done: (o) => o.state === 'available',
    failed: (o) => FAILED_STATES.has(o.state),
    polling: opts.polling,
    defaults: IMAGE_AVAILABLE_DEFAULTS,
    signal: opts.signal,
  });
  if (image === undefined) throw new Error(`internal error: AMI ${imageId} was available but not described`);
  return image;
}

/** The EBS snapshots an image is made of, in the order of its block device mappings. */
export function snapshotsOf(image: Image): string[] {
  return (image.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []));
}
