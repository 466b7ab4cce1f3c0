import { CreateTagsCommand, DescribeImagesCommand, type Tag } from '@aws-sdk/client-ec2';

import { sleep } from '../../../../engine/abort';
import type { Step, StepContext } from '../../../../engine/types';
import type { AwsSession } from '../../aws/session';
import { snapshotsOf } from '../../aws/waiters/image';
import { AMIS } from '../state-keys';
import { renderTags, reportTags } from './build-info';
import type { EbsStepDeps } from './deps';
import { awsErrorCode, awsErrorMessage } from '../../aws/error-text';

/**
 * Packer's StepCreateTags: `tags` on every AMI and its snapshots, then `snapshot_tags` on the
 * snapshots (overriding), rendered with the build data (`{{ .SourceAMI }}`, `{{ timestamp }}`...).
 */
export function createTagsStep({ options, session }: EbsStepDeps): Step {
  const ami = options.ami;
  return {
    name: 'create tags',
    async run(ctx) {
      if (ami.skipCreateAmi) {
        ctx.ui.say('Skipping AMI create tags...');
        return;
      }
      const amis = ctx.state.get(AMIS) ?? {};
      if (Object.keys(ami.tags).length === 0 && Object.keys(ami.snapshotTags).length === 0) return;
      for (const [region, imageId] of Object.entries(amis)) {
        await tagImage(ctx, session, region, imageId, ami.tags, ami.snapshotTags);
      }
    },
  };
}

async function tagImage(
  ctx: StepContext,
  session: AwsSession,
  region: string,
  imageId: string,
  tags: Readonly<Record<string, string>>,
  snapshotTagMap: Readonly<Record<string, string>>,
): Promise<void> {
  ctx.ui.say(`Adding tags to AMI (${imageId})...`);
  const ec2 = session.ec2(region);
  const described = await ec2
    .send(new DescribeImagesCommand({ ImageIds: [imageId] }), { abortSignal: ctx.signal })
    .catch((e: unknown) => {
      throw new Error(`Error retrieving details for AMI (${imageId}): ${awsErrorMessage(e)}`);
    });
  const image = described.Images?.[0];
  if (image === undefined) throw new Error(`Error retrieving details for AMI (${imageId}), no images found`);
  const snapshots = snapshotsOf(image);
  for (const snapshot of snapshots) ctx.ui.say(`Tagging snapshot: ${snapshot}`);
  const resources = [imageId, ...snapshots];

  // Every region's tags are rendered with the build region, as Packer does.
  ctx.ui.say('Creating AMI tags');
  const amiTags = renderTags(tags, ctx, session.region);
  reportTags(amiTags, ctx);
  ctx.ui.say('Creating snapshot tags');
  const snapshotTags = renderTags(snapshotTagMap, ctx, session.region);
  reportTags(snapshotTags, ctx);

  const tagAll = async (): Promise<void> => {
    if (amiTags.length > 0) await createTags(ec2, resources, amiTags, ctx.signal);
    if (snapshotTags.length > 0 && snapshots.length > 0)
      await createTags(ec2, snapshots, snapshotTags, ctx.signal);
  };
  // A new AMI or snapshot may not be known everywhere yet: about two and a half minutes of tries.
  for (let attempt = 1; ; attempt++) {
    try {
      await tagAll();
      return;
    } catch (e) {
      const code = awsErrorCode(e);
      if (attempt < 11 && (code === 'InvalidAMIID.NotFound' || code === 'InvalidSnapshot.NotFound')) {
        await sleep(Math.min(200 * 2 ** (attempt - 1), 30_000), ctx.signal);
        continue;
      }
      throw new Error(`Error adding tags to Resources (${JSON.stringify(resources)}): ${awsErrorMessage(e)}`);
    }
  }
}

function createTags(
  ec2: ReturnType<AwsSession['ec2']>,
  resources: string[],
  tags: Tag[],
  signal: AbortSignal,
) {
  return ec2.send(new CreateTagsCommand({ Resources: resources, Tags: tags }), { abortSignal: signal });
}
