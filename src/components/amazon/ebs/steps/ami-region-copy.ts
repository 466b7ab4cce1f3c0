import { CopyImageCommand } from '@aws-sdk/client-ec2';

import { CancelledError } from '../../../../engine/abort';
import type { Step, StepContext } from '../../../../engine/types';
import { awsLedgerData } from '../../aws/ledger';
import { snapshotsOf, waitImageAvailable } from '../../aws/waiters/image';
import { destroyImage } from '../../sweep/image';
import { AMIS, INTERMEDIARY_IMAGE, SNAPSHOTS } from '../state-keys';
import { amiName } from './build-info';
import {
  type MadeImage,
  cleanUpImages,
  recordImageRequest,
  recordSnapshots,
  releaseImageRequest,
  runTag,
  unansweredImages,
} from './made-images';
import type { EbsStepDeps } from './deps';
import { awsErrorMessage } from '../../aws/error-text';

/**
 * Packer's StepAMIRegionCopy: the AMI is copied to every region of `ami_regions` at once (each with
 * its region_kms_key_ids key when encrypt_boot), and waited for. With an intermediary AMI
 * (encrypt_boot, skip_save_build_region) the build region gets a copy too (unless skipped) and the
 * intermediary is deleted at the end, as Packer does. Each copy enters the ledger as soon as
 * CopyImage answers; unlike Packer, copies (finished or in flight) are deregistered with their
 * snapshots when the build fails or is cancelled.
 */

/** DeduplicateRegions: where copies go. The build region only to replace an intermediary AMI. */
export function copyRegions(
  regions: readonly string[],
  buildRegion: string,
  intermediary: boolean,
  skipSaveBuildRegion: boolean,
): string[] {
  const out = new Set([buildRegion, ...regions]);
  if (!intermediary || skipSaveBuildRegion) out.delete(buildRegion);
  return [...out];
}

/** The KMS key of each region's copy (only with encrypt_boot: otherwise EC2 picks none). */
export function copyKeys(
  regions: readonly string[],
  buildRegion: string,
  encryptBoot: boolean | undefined,
  kmsKeyId: string,
  regionKmsKeyIds: Readonly<Record<string, string>>,
): Record<string, string> {
  const keys: Record<string, string> = {};
  if (encryptBoot !== true) return keys;
  const byRegion = { ...regionKmsKeyIds };
  // kms_key_id is the build region's key, unless region_kms_key_ids names one for it.
  if (kmsKeyId !== '' && !(buildRegion in byRegion)) byRegion[buildRegion] = kmsKeyId;
  for (const region of regions) keys[region] = byRegion[region] ?? '';
  return keys;
}

/** packersdk.MultiError's text. */
function multiError(errors: readonly string[]): string {
  return `${errors.length} error(s) occurred:\n\n${errors.map((e) => `* ${e}`).join('\n')}`;
}

export function amiRegionCopyStep(deps: EbsStepDeps): Step {
  const { options, session } = deps;
  const ami = options.ami;
  let copies: MadeImage[] = [];
  let inFlight = new Set<string>();
  let intermediary: MadeImage | undefined;
  let copyName = '';

  async function copyTo(
    ctx: StepContext,
    sourceId: string,
    region: string,
    keyId: string,
  ): Promise<MadeImage> {
    const ec2 = session.ec2(region);
    inFlight.add(region);
    recordImageRequest(ctx, session, { region, name: copyName });
    const r = await ec2
      .send(
        new CopyImageCommand({
          SourceRegion: session.region,
          SourceImageId: sourceId,
          Name: copyName,
          CopyImageTags: true,
          ...(ami.encryptBoot !== undefined ? { Encrypted: ami.encryptBoot } : {}),
          ...(keyId !== '' ? { KmsKeyId: keyId } : {}),
          ...(ami.snapshotCopyDurationMinutes > 0
            ? { SnapshotCopyCompletionDurationMinutes: ami.snapshotCopyDurationMinutes }
            : {}),
          TagSpecifications: [{ ResourceType: 'image', Tags: [runTag(ctx)] }],
        }),
        // Not cut short by a cancel: a CopyImage abandoned client-side may still be carried out after
        // the cleanup looked for it by name (seen against moto: a copy appeared after the cleanup),
        // so its answer is awaited and the copy recorded, then the cancel is honoured.
        { abortSignal: new AbortController().signal },
      )
      .catch((e: unknown) => {
        throw new Error(`Error Copying AMI (${sourceId}) to region (${region}): ${awsErrorMessage(e)}`);
      });
    const imageId = r.ImageId ?? '';
    ctx.ledger.record({ id: imageId, kind: 'aws-ami', data: awsLedgerData(session, region) });
    const made: MadeImage = { region, imageId, snapshots: [] };
    copies.push(made);
    releaseImageRequest(ctx, { region, name: copyName });
    inFlight.delete(region);
    if (ctx.signal.aborted) throw new CancelledError();

    const image = await waitImageAvailable(ec2, imageId, {
      region,
      polling: session.polling,
      signal: ctx.signal,
    }).catch((e: unknown) => {
      throw new Error(`Error waiting for AMI (${sourceId}) in region (${region}): ${awsErrorMessage(e)}`);
    });
    recordSnapshots(ctx, session, made, snapshotsOf(image));
    return made;
  }

  return {
    name: 'AMI region copy',
    async run(ctx) {
      copies = [];
      inFlight = new Set();
      intermediary = undefined;
      copyName = '';
      if (ami.skipCreateAmi) {
        ctx.ui.say('Skipping AMI region copy...');
        return;
      }
      const buildRegion = session.region;
      const amis = { ...ctx.state.require(AMIS) };
      const snapshots = { ...(ctx.state.get(SNAPSHOTS) ?? {}) };
      const isIntermediary = ctx.state.get(INTERMEDIARY_IMAGE) === true;
      const sourceId = amis[buildRegion] ?? '';
      if (isIntermediary) {
        intermediary = {
          region: buildRegion,
          imageId: sourceId,
          snapshots: [...(snapshots[buildRegion] ?? [])],
        };
      }
      const regions = copyRegions(ami.regions, buildRegion, isIntermediary, ami.skipSaveBuildRegion);
      if (regions.length === 0) return;
      const keys = copyKeys(regions, buildRegion, ami.encryptBoot, ami.kmsKeyId, ami.regionKmsKeyIds);
      copyName = amiName(deps, ctx);

      ctx.ui.say(`Copying/Encrypting AMI (${sourceId}) to other regions...`);
      const pending = regions.map((region) => {
        ctx.ui.message(`Copying to: ${region}`);
        return copyTo(ctx, sourceId, region, keys[region] ?? '');
      });
      ctx.ui.message('Waiting for all copies to complete...');
      const results = await Promise.allSettled(pending);
      const errors = results.flatMap((r) => (r.status === 'rejected' ? [awsErrorMessage(r.reason)] : []));
      if (errors.length > 0) {
        if (ctx.signal.aborted)
          throw (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason;
        throw new Error(multiError(errors));
      }
      for (const r of results) {
        if (r.status !== 'fulfilled') continue;
        amis[r.value.region] = r.value.imageId;
        snapshots[r.value.region] = r.value.snapshots;
      }
      // Packer leaves the deleted intermediary in the artifact; it is no AMI of the build's.
      if (isIntermediary && ami.skipSaveBuildRegion) {
        delete amis[buildRegion];
        delete snapshots[buildRegion];
      }
      ctx.state.set(AMIS, amis);
      ctx.state.set(SNAPSHOTS, snapshots);
    },
    async cleanup(ctx) {
      const failures: string[] = [];
      if (intermediary !== undefined) {
        const temporary = intermediary;
        intermediary = undefined;
        ctx.ui.say('Deregistering the AMI and deleting unencrypted temporary AMIs and snapshots');
        try {
          await destroyImage(
            session.ec2(temporary.region),
            temporary.imageId,
            temporary.snapshots,
            new AbortController().signal,
          );
          for (const snapshot of temporary.snapshots) ctx.ledger.release(snapshot);
          ctx.ledger.release(temporary.imageId);
        } catch (e) {
          failures.push(awsErrorMessage(e));
        }
      }
      const made = copies;
      copies = [];
      const requests = [...inFlight].map((region) => ({ region, name: copyName }));
      if (ctx.outcome !== 'success' && copyName !== '') {
        for (const request of requests) made.push(...(await unansweredImages(ctx, session, request)));
      }
      inFlight = new Set();
      try {
        await cleanUpImages(
          ctx,
          session,
          made,
          'Deregistering the AMI copies and deleting their snapshots because of cancellation, or error...',
        );
        for (const request of requests) releaseImageRequest(ctx, request);
      } catch (e) {
        failures.push(awsErrorMessage(e));
      }
      if (failures.length > 0) throw new Error(failures.join('\n'));
    },
  };
}
