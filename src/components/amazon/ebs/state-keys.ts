import type { Image, Instance } from '@aws-sdk/client-ec2';

import { type StateBag, StateKey } from '../../../engine/types';

/** What amazon-ebs's steps leave for each other (the plugin's state bag keys, typed). */

// --- the source and the build instance (launch steps) ---------------------------------------

/** The source AMI, as DescribeImages answered (`source_image`). */
export const SOURCE_IMAGE = new StateKey<Image>('source_image');
/** The build instance, as DescribeInstances answered once it runs (`instance`). */
export const INSTANCE = new StateKey<Instance>('instance');

// --- the images (image steps) ---------------------------------------------------------------

/** Region → AMI ID of every AMI made so far, the build region's first (`amis`). */
export const AMIS = new StateKey<Readonly<Record<string, string>>>('amis');
/** Region → snapshot IDs of those AMIs (`snapshots`). */
export const SNAPSHOTS = new StateKey<Readonly<Record<string, readonly string[]>>>('snapshots');
/**
 * The build region's AMI is a temporary one (`intermediary_image`): encrypt_boot or
 * skip_save_build_region, so the region copy step makes the real ones from it and deletes it.
 */
export const INTERMEDIARY_IMAGE = new StateKey<boolean>('intermediary_image');
/** `ami_name` rendered once (a `{{ uuid }}` in it must name one AMI, not one per step). */
export const AMI_NAME = new StateKey<string>('ami_name');

// --- generated data -------------------------------------------------------------------------

/** The builder's `build.*` values (the plugin's GetGeneratedDataList, plus the SDK's). */
export type AmazonGenerated = Readonly<Record<string, string>>;

export const AMAZON_GENERATED = new StateKey<AmazonGenerated>('generated_data');

export function amazonGenerated(state: StateBag): AmazonGenerated {
  return state.get(AMAZON_GENERATED) ?? {};
}

export function updateAmazonGenerated(state: StateBag, values: AmazonGenerated): void {
  state.set(AMAZON_GENERATED, { ...amazonGenerated(state), ...values });
}
