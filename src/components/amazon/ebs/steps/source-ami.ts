import { DescribeImagesCommand, type DescribeImagesCommandInput, type Image } from '@aws-sdk/client-ec2';

import { errorMessage } from '../../../../engine/abort';
import type { Step } from '../../../../engine/types';
import type { AmiFilter } from '../../options/run';
import { SOURCE_IMAGE, updateAmazonGenerated } from '../state-keys';
import type { EbsStepDeps } from './deps';
import { ec2Filters } from './launch-support';

/**
 * Packer's StepSourceAMIInfo: the source AMI, by `source_ami` or found by `source_ami_filter`
 * (exactly one match, or the newest with `most_recent`). It also sets the build's generated data
 * about it (Packer's extractBuildInfo): SourceAMI, SourceAMIName, SourceAMICreationDate,
 * SourceAMIOwner, SourceAMIOwnerName and BuildRegion.
 */

/** The newest image by CreationDate (RFC 3339; unparsable dates count as the oldest). */
export function mostRecentImage(images: readonly Image[]): Image {
  const time = (i: Image): number => {
    const t = Date.parse(i.CreationDate ?? '');
    return Number.isNaN(t) ? -Infinity : Math.floor(t / 1000);
  };
  // Sorted stably, the last of equal times wins, as in Packer's sort.
  return [...images].sort((a, b) => time(a) - time(b))[images.length - 1];
}

/** DescribeImages input for the options (AmiFilterOptions.GetFilteredImage). */
export function describeImagesInput(
  sourceAmi: string,
  filter: AmiFilter | undefined,
): DescribeImagesCommandInput {
  const input: DescribeImagesCommandInput = { IncludeDeprecated: filter?.includeDeprecated ?? false };
  if (sourceAmi !== '') input.ImageIds = [sourceAmi];
  if (filter !== undefined && Object.keys(filter.filters).length > 0)
    input.Filters = ec2Filters(filter.filters);
  if (filter !== undefined && filter.owners.length > 0) input.Owners = [...filter.owners];
  return input;
}

/** The one image of the answer, or Packer's errors. */
export function pickImage(
  images: readonly Image[],
  input: DescribeImagesCommandInput,
  mostRecent: boolean,
): Image {
  if (images.length === 0) {
    throw new Error(`No AMI was found matching filters: ${JSON.stringify(input)}`);
  }
  if (images.length > 1 && !mostRecent) {
    throw new Error(
      'Your query returned more than one result. Please try a more specific search, or set most_recent to true.',
    );
  }
  return mostRecent ? mostRecentImage(images) : images[0];
}

export function sourceAmiStep({ options, session }: EbsStepDeps): Step {
  const run = options.run;
  return {
    name: 'source AMI',
    async run(ctx) {
      const input = describeImagesInput(run.sourceAmi, run.sourceAmiFilter);
      let images: Image[];
      try {
        const r = await session.ec2().send(new DescribeImagesCommand(input), { abortSignal: ctx.signal });
        images = r.Images ?? [];
      } catch (e) {
        throw new Error(`Error querying AMI: ${errorMessage(e)}`);
      }
      const image = pickImage(images, input, run.sourceAmiFilter?.mostRecent ?? false);
      ctx.ui.message(`Found Image ID: ${image.ImageId ?? ''}`);
      ctx.state.set(SOURCE_IMAGE, image);
      updateAmazonGenerated(ctx.state, {
        BuildRegion: session.region,
        SourceAMI: image.ImageId ?? '',
        SourceAMICreationDate: image.CreationDate ?? '',
        SourceAMIName: image.Name ?? '',
        SourceAMIOwner: image.OwnerId ?? '',
        SourceAMIOwnerName: image.ImageOwnerAlias ?? '',
      });
    },
  };
}
