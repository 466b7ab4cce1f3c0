import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';

import type { AccessOptions } from '../options/access';
import { VAULT_NOT_SUPPORTED } from './credentials';
import { describeAwsError, isNoCredentialsError, noValidCredentialSourcesMessage } from './errors';
import type { AwsSession } from './session';

/**
 * The checks Packer makes before a build touches anything: the credentials, through STS
 * GetCallerIdentity (aws-sdk-go-base, unless skip_credential_validation), and the regions, through
 * EC2 DescribeRegions (StepPreValidate's ValidateRegion, unless the AMI configuration's
 * skip_region_validation).
 */

export interface RegionCheck {
  /** `skip_region_validation` (an AMI configuration option). */
  readonly skip?: boolean;
  /** The other regions the build uses (`ami_regions`), checked with the build region. */
  readonly regions?: readonly string[];
}

/** Who the credentials belong to, when they were checked. */
export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

export class AccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessError';
  }
}

async function checkCredentials(session: AwsSession, signal: AbortSignal): Promise<CallerIdentity> {
  try {
    const me = await session.sts().send(new GetCallerIdentityCommand({}), { abortSignal: signal });
    return { account: me.Account ?? '', arn: me.Arn ?? '' };
  } catch (e) {
    if (signal.aborted) throw e;
    if (isNoCredentialsError(e)) throw new AccessError(noValidCredentialSourcesMessage((e as Error).message));
    throw new AccessError(
      `validating provider credentials: retrieving caller identity from STS: ${describeAwsError(e)}`,
    );
  }
}

async function checkRegions(
  session: AwsSession,
  wanted: readonly string[],
  signal: AbortSignal,
): Promise<void> {
  let available: string[];
  try {
    const r = await session.ec2().send(new DescribeRegionsCommand({}), { abortSignal: signal });
    available = (r.Regions ?? []).map((region) => region.RegionName ?? '').filter((n) => n !== '');
  } catch (e) {
    if (signal.aborted) throw e;
    throw new AccessError(`error validating regions: ${describeAwsError(e)}`);
  }
  const invalid = wanted.filter((r) => r !== '' && !available.includes(r));
  if (invalid.length > 0) {
    // Packer prints Go slices: [a b].
    throw new AccessError(
      `error validating regions: Invalid region(s): [${invalid.join(' ')}], available regions: [${available.join(' ')}]`,
    );
  }
}

/**
 * Checks the access configuration against AWS; the builder's first step calls it. Returns the
 * caller's identity when the credentials were checked.
 */
export async function validateAccess(
  session: AwsSession,
  access: AccessOptions,
  signal: AbortSignal,
  regions: RegionCheck = {},
): Promise<CallerIdentity | undefined> {
  if (access.vaultAwsEngine) throw new AccessError(VAULT_NOT_SUPPORTED);
  if (session.region === '') {
    throw new AccessError(
      'No region was found: set `region`, or AWS_REGION or AWS_DEFAULT_REGION, or a region in the AWS profile.',
    );
  }
  const identity = access.skipCredentialValidation ? undefined : await checkCredentials(session, signal);
  // Packer checks `ami_regions` and then the build region.
  if (!regions.skip) await checkRegions(session, [...(regions.regions ?? []), session.region], signal);
  return identity;
}
