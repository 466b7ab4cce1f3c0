import { randomInt } from 'node:crypto';

import {
  CreateImageCommand,
  type CreateImageCommandInput,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeImagesCommand,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';

import { sleep } from '../../../../engine/abort';
import type { Step, StepCleanupContext, StepContext } from '../../../../engine/types';
import { RUN_TAG_KEY, awsLedgerData } from '../../aws/ledger';
import type { AwsSession } from '../../aws/session';
import { snapshotsOf, waitImageAvailable } from '../../aws/waiters/image';
import { destroyImage } from '../../sweep/image';
import { AMIS, INSTANCE, INTERMEDIARY_IMAGE, SNAPSHOTS } from '../state-keys';
import { amiName, renderTags } from './build-info';
import type { EbsStepDeps } from './deps';
import { awsErrorCode, awsErrorMessage } from '../../aws/error-text';

/**
 * Packer's stepCreateAMI: register the AMI from the stopped instance and wait until it is
 * available. The AMI enters the ledger (and carries the run tag) the moment CreateImage answers,
 * its snapshots once it is available. Unlike Packer, which only cleans up after a successful wait,
 * a build that fails or is cancelled at any point after CreateImage deregisters it and deletes its
 * snapshots; a build that succeeds keeps them (they are the artifact): released from the ledger and
 * no longer tagged with the run, so that no sweep of this run ever finds them.
 */

/** One image the build made: where, and the snapshots known to be its. */
export interface MadeImage {
  readonly region: string;
  readonly imageId: string;
  snapshots: string[];
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Packer's random.AlphaNum: the name of a temporary (intermediary) AMI. */
export function randomAlphaNum(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
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
 * The cleanup of images the build made (here and in the region copy step): kept on success, without
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

/** CreateImage, retried while EC2 says the instance is not in a state to be imaged yet (15 minutes). */
async function createImage(
  ec2: EC2Client,
  input: CreateImageCommandInput,
  signal: AbortSignal,
): Promise<string> {
  const deadline = Date.now() + 15 * 60_000;
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await ec2.send(new CreateImageCommand(input), { abortSignal: signal });
      return r.ImageId ?? '';
    } catch (e) {
      const retry =
        awsErrorCode(e) === 'InvalidParameterValue' &&
        awsErrorMessage(e).includes('Instance is not in state');
      if (!retry || Date.now() > deadline) throw e;
      await sleep(Math.min(200 * attempt, 30_000), signal);
    }
  }
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

export function createAmiStep(deps: EbsStepDeps): Step {
  const { options, session } = deps;
  const ami = options.ami;
  let made: MadeImage | undefined;
  // Set while CreateImage is asked and has not answered: a cancelled request may still have made it.
  let requested: { readonly region: string; readonly name: string } | undefined;
  return {
    name: 'create-ami',
    async run(ctx) {
      made = undefined;
      requested = undefined;
      if (ami.skipCreateAmi) {
        ctx.ui.say('Skipping AMI creation...');
        return;
      }
      const region = session.region;
      const ec2 = session.ec2(region);
      const instanceId = ctx.state.require(INSTANCE).InstanceId ?? '';

      // encrypt_boot and skip_save_build_region need a temporary AMI: the region copy step makes
      // the real ones from it (an encrypted copy cannot be made unencrypted, nor the reverse here).
      const intermediary = ami.encryptBoot === true || ami.skipSaveBuildRegion;
      ctx.state.set(INTERMEDIARY_IMAGE, intermediary);
      const name = intermediary ? randomAlphaNum(7) : amiName(deps, ctx);

      ctx.ui.say(`Creating AMI ${name} from instance ${instanceId}`);
      let runTags: Tag[];
      try {
        runTags = renderTags(ami.run.runTags, ctx, region);
      } catch (e) {
        throw new Error(`Error tagging AMI: ${awsErrorMessage(e)}`);
      }
      if (!ami.skipAmiRunTags) ctx.ui.say('Attaching run tags to AMI...');
      else {
        ctx.ui.say('Skipping attaching run tags to AMI...');
        runTags = [];
      }

      requested = { region, name };
      const imageId = await createImage(
        ec2,
        {
          InstanceId: instanceId,
          Name: name,
          ...(ami.blockDeviceMappings.length > 0
            ? { BlockDeviceMappings: [...ami.blockDeviceMappings] }
            : {}),
          TagSpecifications: [{ ResourceType: 'image', Tags: [...runTags, runTag(ctx)] }],
        },
        ctx.signal,
      ).catch((e: unknown) => {
        throw new Error(`Error creating AMI: ${awsErrorMessage(e)}`);
      });
      ctx.ledger.record({ id: imageId, kind: 'aws-ami', data: awsLedgerData(session, region) });
      made = { region, imageId, snapshots: [] };
      requested = undefined;
      ctx.ui.message(`AMI: ${imageId}`);
      ctx.state.set(AMIS, { [region]: imageId });

      ctx.ui.say('Waiting for AMI to become ready...');
      const image = await waitImageAvailable(ec2, imageId, {
        region,
        polling: session.polling,
        signal: ctx.signal,
      }).catch((e: unknown) => {
        if (ctx.signal.aborted) throw e;
        throw new Error(`Error waiting for AMI: ${awsErrorMessage(e)}`);
      });
      const snapshots = snapshotsOf(image);
      recordSnapshots(ctx, session, made, snapshots);
      ctx.state.set(SNAPSHOTS, { [region]: snapshots });

      // Packer tags the snapshots with the run tags through CreateImage's TagSpecifications; here
      // once they are known (EC2 emulators refuse snapshot tag specifications on CreateImage).
      if (runTags.length > 0 && snapshots.length > 0) {
        await ec2
          .send(new CreateTagsCommand({ Resources: snapshots, Tags: runTags }), { abortSignal: ctx.signal })
          .catch((e: unknown) => {
            throw new Error(`Error tagging AMI: ${awsErrorMessage(e)}`);
          });
      }
    },
    async cleanup(ctx) {
      // With an intermediary AMI, the region copy step's cleanup has removed it already.
      if (ctx.outcome === 'success' && ctx.state.get(INTERMEDIARY_IMAGE) === true) made = undefined;
      const images = made === undefined ? [] : [made];
      if (requested !== undefined && ctx.outcome !== 'success') {
        images.push(...(await unansweredImages(ctx, session, requested)));
      }
      made = undefined;
      requested = undefined;
      await cleanUpImages(
        ctx,
        session,
        images,
        'Deregistering the AMI and deleting associated snapshots because of cancellation, or error...',
      );
    },
  };
}
