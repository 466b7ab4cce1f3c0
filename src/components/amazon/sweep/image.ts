import {
  DeleteSnapshotCommand,
  DeregisterImageCommand,
  DescribeImagesCommand,
  DisableImageDeregistrationProtectionCommand,
  type EC2Client,
  type Image,
} from '@aws-sdk/client-ec2';

import type { LedgerResource } from '../../../engine/types';
import type { Sweeper, SweepOutcome } from '../../../engine/sweep';
import { RUN_TAG_KEY, sessionForLedgerEntry } from '../aws/ledger';
import { snapshotsOf } from '../aws/waiters/image';
import { awsErrorCode } from '../aws/error-text';

/**
 * Removing AMIs and their snapshots: from the image steps' cleanup (a failed or cancelled build),
 * from the artifact's destroy(), from force_deregister, and from a sweep in another process
 * (ledger kinds 'aws-ami', 'aws-ami-request' and 'aws-snapshot'). Everything here treats "already
 * gone" as done.
 */

/** What the caller shows as it happens (Packer's "Deregistered AMI id: …", "Deleted snapshot: …"). */
export interface ImageRemovalReport {
  deregistered?(imageId: string): void;
  deletedSnapshot?(snapshotId: string): void;
}

/** The image as EC2 describes it, or undefined when it no longer exists. */
async function describeImage(
  ec2: EC2Client,
  imageId: string,
  signal: AbortSignal,
): Promise<Image | undefined> {
  try {
    const r = await ec2.send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: signal });
    return r.Images?.find((i) => i.ImageId === imageId);
  } catch (e) {
    if (isGoneImage(e)) return undefined;
    throw e;
  }
}

function isGoneImage(e: unknown): boolean {
  return ['InvalidAMIID.NotFound', 'InvalidAMIID.Unavailable'].includes(awsErrorCode(e));
}

function isProtected(e: unknown): boolean {
  return /deregistration protection|protected/i.test(e instanceof Error ? e.message : '');
}

/**
 * Deregisters one image. `unprotect` (the build's own images: one that failed after enabling
 * deregistration_protection) turns the protection off when EC2 refuses; with a cooldown, AWS keeps
 * refusing for 24 hours, an error for the caller to report. Resolves with the image as it was, or
 * undefined when it was gone.
 */
export async function deregisterImage(
  ec2: EC2Client,
  imageId: string,
  signal: AbortSignal,
  opts: { readonly unprotect?: boolean } = {},
): Promise<Image | undefined> {
  const image = await describeImage(ec2, imageId, signal);
  if (image === undefined) return undefined;
  const deregister = () =>
    ec2.send(new DeregisterImageCommand({ ImageId: imageId }), { abortSignal: signal });
  try {
    await deregister();
  } catch (e) {
    if (isGoneImage(e)) return undefined;
    if (opts.unprotect !== true || !isProtected(e)) throw e;
    await ec2.send(new DisableImageDeregistrationProtectionCommand({ ImageId: imageId }), {
      abortSignal: signal,
    });
    await deregister();
  }
  return image;
}

/** Deletes one snapshot: 'gone' when there was no such snapshot. */
export async function deleteSnapshot(
  ec2: EC2Client,
  snapshotId: string,
  signal: AbortSignal,
): Promise<SweepOutcome> {
  try {
    await ec2.send(new DeleteSnapshotCommand({ SnapshotId: snapshotId }), { abortSignal: signal });
    return 'deleted';
  } catch (e) {
    if (awsErrorCode(e) === 'InvalidSnapshot.NotFound') return 'gone';
    throw e;
  }
}

/**
 * Deregisters one of the build's images (unprotecting it if need be) and deletes its snapshots: those
 * it lists, and `known` ones (recorded when it became available; a deregistered image lists none).
 * 'gone' when the image no longer existed.
 */
export async function destroyImage(
  ec2: EC2Client,
  imageId: string,
  known: readonly string[],
  signal: AbortSignal,
  report: ImageRemovalReport = {},
): Promise<SweepOutcome> {
  const image = await deregisterImage(ec2, imageId, signal, { unprotect: true });
  if (image !== undefined) report.deregistered?.(imageId);
  for (const snapshot of new Set([...(image ? snapshotsOf(image) : []), ...known])) {
    if ((await deleteSnapshot(ec2, snapshot, signal)) === 'deleted') report.deletedSnapshot?.(snapshot);
  }
  return image === undefined ? 'gone' : 'deleted';
}

/** Runs `fn` with an EC2 client for a ledger entry's region and endpoint. */
async function withEntryClient<T>(resource: LedgerResource, fn: (ec2: EC2Client) => Promise<T>): Promise<T> {
  const session = sessionForLedgerEntry(resource);
  try {
    return await fn(session.ec2());
  } finally {
    session.destroy();
  }
}

function checkId(resource: LedgerResource, prefix: string): void {
  if (!new RegExp(`^${prefix}-[0-9a-f]+$`).test(resource.id))
    throw new Error(`the ledger entry's id ${JSON.stringify(resource.id)} is not a ${prefix} ID`);
}

/** 'aws-ami': an AMI (a build's, or a region copy) with the snapshots it lists. */
export const sweepAwsAmi: Sweeper = async (resource, signal) => {
  checkId(resource, 'ami');
  return withEntryClient(resource, (ec2) => destroyImage(ec2, resource.id, [], signal));
};

/**
 * 'aws-snapshot': a snapshot of an AMI the build made. A sweep goes through a ledger last entry
 * first, so the snapshot comes before its AMI, which still uses it: the entry names that AMI
 * (data.image), and only that one is deregistered first.
 */
export const sweepAwsSnapshot: Sweeper = async (resource, signal) => {
  checkId(resource, 'snap');
  return withEntryClient(resource, async (ec2) => {
    try {
      return await deleteSnapshot(ec2, resource.id, signal);
    } catch (e) {
      const owner = resource.data.image;
      if (awsErrorCode(e) !== 'InvalidSnapshot.InUse' || owner === undefined || owner === '') throw e;
      if (!(e instanceof Error && e.message.includes(owner))) throw e;
      await deregisterImage(ec2, owner, signal, { unprotect: true });
      return deleteSnapshot(ec2, resource.id, signal);
    }
  });
};

/** The ledger ID of an AMI asked for (CreateImage, CopyImage) whose ID is not known yet. */
export function amiRequestLedgerId(region: string, name: string): string {
  return `ami-request/${region}/${name}`;
}

/**
 * 'aws-ami-request': a CreateImage or CopyImage sent and not answered when the build was killed.
 * The image it may have made is found by its name (unique in the region) and the run's tag, which
 * the request gave it, and removed with its snapshots.
 */
export const sweepAwsAmiRequest: Sweeper = async (resource, signal) => {
  const { region = '', name = '', runId = '' } = resource.data;
  if (name === '' || runId === '' || resource.id !== amiRequestLedgerId(region, name)) {
    throw new Error(`refusing to sweep ${resource.kind} "${resource.id}": not an entry Kiln records`);
  }
  return withEntryClient(resource, async (ec2) => {
    const r = await ec2.send(
      new DescribeImagesCommand({
        Owners: ['self'],
        Filters: [
          { Name: 'name', Values: [name] },
          { Name: `tag:${RUN_TAG_KEY}`, Values: [runId] },
        ],
      }),
      { abortSignal: signal },
    );
    let outcome: SweepOutcome = 'gone';
    for (const image of r.Images ?? []) {
      if (image.ImageId === undefined) continue;
      if ((await destroyImage(ec2, image.ImageId, [], signal)) === 'deleted') outcome = 'deleted';
    }
    return outcome;
  });
};

/** The sweepers of the image resources, by ledger kind. */
export const AWS_IMAGE_SWEEPERS: Readonly<Record<'aws-ami' | 'aws-ami-request' | 'aws-snapshot', Sweeper>> = {
  'aws-ami': sweepAwsAmi,
  'aws-ami-request': sweepAwsAmiRequest,
  'aws-snapshot': sweepAwsSnapshot,
};
