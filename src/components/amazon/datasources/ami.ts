import { DescribeImagesCommand, type DescribeImagesCommandInput, type Image } from '@aws-sdk/client-ec2';

import { createAwsSession } from '../aws/session';
import type { AmazonAmiRequest, AmazonAmiResult } from './ami-schema';
import { awsOperationError } from './aws-error';
import { firstCsvRecord } from './csv-record';

/**
 * Runs `amazon-ami` (AmiFilterOptions.GetFilteredImage): one DescribeImages call, then exactly one
 * image, or the newest with `most_recent`. Part of the aws-ec2 bundle, with the SDK.
 */
export async function executeAmazonAmi(req: AmazonAmiRequest, signal: AbortSignal): Promise<AmazonAmiResult> {
  const input = describeImagesInput(req);
  const session = createAwsSession(req.access, {});
  let images: Image[];
  try {
    const out = await session.ec2().send(new DescribeImagesCommand(input), { abortSignal: signal });
    images = out.Images ?? [];
  } catch (e) {
    signal.throwIfAborted();
    throw new Error(`Error querying AMI: ${awsOperationError('EC2', 'DescribeImages', e)}`);
  } finally {
    session.destroy();
  }
  if (images.length === 0) {
    throw new Error(`No AMI was found matching filters: ${JSON.stringify(input)}`);
  }
  if (images.length > 1 && !req.mostRecent) {
    throw new Error(
      'Your query returned more than one result. Please try a more specific search, or set most_recent to true.',
    );
  }
  const image = req.mostRecent ? mostRecent(images) : images[0];
  const tags: Record<string, string> = {};
  for (const tag of image.Tags ?? []) tags[tag.Key ?? ''] = tag.Value ?? '';
  return {
    id: image.ImageId ?? '',
    name: image.Name ?? '',
    creationDate: image.CreationDate ?? '',
    owner: image.OwnerId ?? '',
    ownerName: image.ImageOwnerAlias ?? '',
    tags,
  };
}

/** Each filter's value is a CSV record of values; owners as given; deprecated AMIs only when asked. */
export function describeImagesInput(req: AmazonAmiRequest): DescribeImagesCommandInput {
  const names = Object.keys(req.filters);
  const filters = names.map((name) => {
    try {
      return { Name: name, Values: firstCsvRecord(req.filters[name]) };
    } catch (e) {
      throw new Error(`Couldn't parse ami filters: ${(e as Error).message}`);
    }
  });
  return {
    ...(filters.length > 0 ? { Filters: filters } : {}),
    ...(req.owners.length > 0 ? { Owners: [...req.owners] } : {}),
    IncludeDeprecated: req.includeDeprecated,
  };
}

/**
 * The image created last. Packer compares creation dates parsed as RFC 3339 to the second; a date
 * that does not parse counts as the earliest. Among equals the later in the answer wins.
 */
export function mostRecent(images: readonly Image[]): Image {
  const seconds = (image: Image): number => {
    const ms = Date.parse(image.CreationDate ?? '');
    return Number.isNaN(ms) ? -Infinity : Math.floor(ms / 1000);
  };
  let best = images[0];
  for (const image of images.slice(1)) if (seconds(image) >= seconds(best)) best = image;
  return best;
}
