import { randomInt } from 'node:crypto';

import {
  CreateImageCommand,
  type CreateImageCommandInput,
  CreateTagsCommand,
  type EC2Client,
  type Tag,
} from '@aws-sdk/client-ec2';

import { sleep } from '../../../../engine/abort';
import type { Step } from '../../../../engine/types';
import { awsErrorCode, awsErrorMessage } from '../../aws/error-text';
import { awsLedgerData } from '../../aws/ledger';
import { snapshotsOf, waitImageAvailable } from '../../aws/waiters/image';
import { AMIS, INSTANCE, INTERMEDIARY_IMAGE, SNAPSHOTS } from '../state-keys';
import { amiName, renderTags } from './build-info';
import type { EbsStepDeps } from './deps';
import {
  type ImageRequest,
  type MadeImage,
  cleanUpImages,
  recordImageRequest,
  recordSnapshots,
  releaseImageRequest,
  runTag,
  unansweredImages,
} from './made-images';

/**
 * Packer's stepCreateAMI: register the AMI from the stopped instance and wait until it is
 * available. The AMI enters the ledger (and carries the run tag) the moment CreateImage answers,
 * its snapshots once it is available. Unlike Packer, which only cleans up after a successful wait,
 * a build that fails or is cancelled at any point after CreateImage deregisters it and deletes its
 * snapshots; a build that succeeds keeps them (they are the artifact): released from the ledger and
 * no longer tagged with the run, so that no sweep of this run ever finds them.
 */

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Packer's random.AlphaNum: the name of a temporary (intermediary) AMI. */
export function randomAlphaNum(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
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

export function createAmiStep(deps: EbsStepDeps): Step {
  const { options, session } = deps;
  const ami = options.ami;
  let made: MadeImage | undefined;
  // Set while CreateImage is asked and has not answered: a cancelled request may still have made it.
  let requested: ImageRequest | undefined;
  return {
    name: 'create AMI',
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
      recordImageRequest(ctx, session, requested);
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
      releaseImageRequest(ctx, requested);
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
      const request = requested;
      if (request !== undefined && ctx.outcome !== 'success') {
        images.push(...(await unansweredImages(ctx, session, request)));
      }
      made = undefined;
      requested = undefined;
      await cleanUpImages(
        ctx,
        session,
        images,
        'Deregistering the AMI and deleting associated snapshots because of cancellation, or error...',
      );
      // Whatever the request made is gone now (else cleanUpImages threw, and a sweep retries it).
      if (request !== undefined) releaseImageRequest(ctx, request);
    },
  };
}
