import type { Image, Instance } from '@aws-sdk/client-ec2';

import { type StateBag, StateKey } from '../../../engine/types';

/** What amazon-ebs's steps leave for each other (the plugin's state bag keys, typed). */

// --- the source and the build instance (launch steps) ---------------------------------------

/** The source AMI, as DescribeImages answered (`source_image`). */
export const SOURCE_IMAGE = new StateKey<Image>('source_image');
/** The build instance, as DescribeInstances answered once it runs (`instance`). */
export const INSTANCE = new StateKey<Instance>('instance');
/** The VPC the instance runs in ('' when EC2 chooses: no subnet given) (`vpc_id`). */
export const VPC_ID = new StateKey<string>('vpc_id');
/** The subnet it is launched in ('' when EC2 chooses) (`subnet_id`). */
export const SUBNET_ID = new StateKey<string>('subnet_id');
/** Its availability zone ('' when EC2 chooses) (`availability_zone`). */
export const AVAILABILITY_ZONE = new StateKey<string>('availability_zone');
/** The security groups it is launched with (given, found or the temporary one) (`securityGroupIds`). */
export const SECURITY_GROUP_IDS = new StateKey<readonly string[]>('securityGroupIds');
/** Its instance profile ('' for none) (`iamInstanceProfile`). */
export const IAM_INSTANCE_PROFILE = new StateKey<string>('iamInstanceProfile');
/**
 * How the instance is reached over SSH: the EC2 key pair it is launched with ('' for none) and the
 * private key the communicator uses (undefined: `ssh_agent_auth` or a password).
 */
export interface Ec2SshKey {
  readonly keyPairName: string;
  readonly privateKey?: string;
}
export const EC2_SSH_KEY = new StateKey<Ec2SshKey>('ec2_ssh_key');
/**
 * The Windows password StepGetPassword retrieved and decrypted (`winrm_password`), which the WinRM
 * connection and `build.Password` / `build.WinRMPassword` use instead of the empty option.
 */
export const WINRM_PASSWORD = new StateKey<string>('winrm_password');
/** The address the communicator connected to (Packer's SSHHost answer), for `build.Host`. */
export const CONNECTED_HOST = new StateKey<string>('connected_host');

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
