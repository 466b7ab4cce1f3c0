import { DeleteTagsCommand, DescribeImagesCommand, type Tag } from '@aws-sdk/client-ec2';

import type { StepCleanupContext, StepContext } from '../../../../engine/types';
import { awsErrorMessage } from '../../aws/error-text';
import { RUN_TAG_KEY, awsLedgerData } from '../../aws/ledger';
import type { AwsSession } from '../../aws/session';
import { amiRequestLedgerId, destroyImage } from '../../sweep/image';

/**
 * The AMIs the build makes (its own in create-ami, the copies in ami-region-copy), from the ledger's
 * side: recorded as they appear, kept on success (released, the run tag removed: they are the
 * artifact, no sweep of this run may find them), removed with their snapshots otherwise.
 */

/** One image the build made: where, and the snapshots known to be its. */
export interface MadeImage {
  readonly region: string;
  readonly imageId: string;
  snapshots: string[];
}

/** The tag that marks a resource as this run's until the run has succeeded. */
export function runTag(ctx: StepContext): Tag {
  return { Key: RUN_TAG_KEY, Value: ctx.build.runId };
}

/** Records an AMI's snapshots in the ledger, each naming its AMI (a sweep meets them first). */
export function recordSnapshots(
  ctx: StepContext,
  session: AwsSession,
  made: MadeImage,
  snapshots: string[],
): void {
  for (const snapshot of snapshots) {
    ctx.ledger.record({
      id: snapshot,
      kind: 'aws-snapshot',
      data: { ...awsLedgerData(session, made.region), image: made.imageId },
    });
  }
  made.snapshots = snapshots;
}

/**
 * The cleanup of images the build made (by create-ami and ami-region-copy): kept on success, without
 * the run tag; otherwise deregistered with their snapshots. Runs with a signal of its own, since the
 * build's may be the one that was cancelled.
 */
export async function cleanUpImages(
  ctx: StepCleanupContext,
  session: AwsSession,
  images: readonly MadeImage[],
  failureMessage: string,
): Promise<void> {
  if (images.length === 0) return;
  const signal = new AbortController().signal;
  if (ctx.outcome === 'success') {
    for (const made of images) {
      await session
        .ec2(made.region)
        .send(new DeleteTagsCommand({ Resources: [made.imageId], Tags: [{ Key: RUN_TAG_KEY }] }), {
          abortSignal: signal,
        })
        .catch((e: unknown) =>
          ctx.ui.error(`Error removing the run tag from ${made.imageId}: ${awsErrorMessage(e)}`),
        );
      release(ctx, made);
    }
    return;
  }
  ctx.ui.say(failureMessage);
  const failures: string[] = [];
  for (const made of images) {
    try {
      await destroyImage(session.ec2(made.region), made.imageId, made.snapshots, signal, {
        deregistered: (id) => ctx.ui.say(`Deregistered AMI id: ${id}`),
        deletedSnapshot: (id) => ctx.ui.say(`Deleted snapshot: ${id}`),
      });
      release(ctx, made);
    } catch (e) {
      // Left in the ledger for a sweep.
      failures.push(`${made.imageId} (${made.region}): ${awsErrorMessage(e)}`);
    }
  }
  if (failures.length > 0) throw new Error(`Error deregistering AMIs: ${failures.join('; ')}`);
}

function release(ctx: StepContext, made: MadeImage): void {
  for (const snapshot of made.snapshots) ctx.ledger.release(snapshot);
  ctx.ledger.release(made.imageId);
}

/** An AMI asked for (CreateImage, CopyImage) and not answered yet. */
export interface ImageRequest {
  readonly region: string;
  readonly name: string;
}

/**
 * Puts an image request in the ledger before it is sent: a build killed before the answer leaves an
 * AMI no ledger entry names by ID; a sweep finds it by its name and the run's tag.
 */
export function recordImageRequest(ctx: StepContext, session: AwsSession, request: ImageRequest): void {
  ctx.ledger.record({
    id: amiRequestLedgerId(request.region, request.name),
    kind: 'aws-ami-request',
    data: { ...awsLedgerData(session, request.region), name: request.name, runId: ctx.build.runId },
  });
}

/** The request is settled: answered (its AMI is in the ledger by ID), or its image removed. */
export function releaseImageRequest(ctx: StepContext, request: ImageRequest): void {
  ctx.ledger.release(amiRequestLedgerId(request.region, request.name));
}

/**
 * The image a CreateImage (or CopyImage) that never answered (cancelled, or a lost response) may
 * have made: found by its name, unique in the region, and this run's tag.
 */
export async function unansweredImages(
  ctx: StepContext,
  session: AwsSession,
  requested: { readonly region: string; readonly name: string },
): Promise<MadeImage[]> {
  const r = await session
    .ec2(requested.region)
    .send(
      new DescribeImagesCommand({
        Owners: ['self'],
        Filters: [
          { Name: 'name', Values: [requested.name] },
          { Name: `tag:${RUN_TAG_KEY}`, Values: [ctx.build.runId] },
        ],
      }),
      { abortSignal: new AbortController().signal },
    )
    .catch(() => ({ Images: [] }));
  return (r.Images ?? []).flatMap((i) =>
    i.ImageId ? [{ region: requested.region, imageId: i.ImageId, snapshots: [] }] : [],
  );
}
