import type { LedgerResource } from '../../../engine/types';
import { type AwsSession, createAwsSession } from './session';

/**
 * How AWS resources are recorded in the ledger and found again by a sweep in another process: the
 * entry carries the region and the EC2 endpoint (never credentials: a sweep uses the default
 * credential chain of its own environment), and every resource is tagged with the run ID.
 */

/** The tag every resource a build creates carries: its value is the run ID (PACKER_RUN_UUID). */
export const RUN_TAG_KEY = 'kiln:run-id';

/** The ledger kinds of AWS resources. */
export type AwsLedgerKind =
  | 'aws-instance'
  | 'aws-key-pair'
  | 'aws-security-group'
  | 'aws-instance-profile'
  | 'aws-iam-role'
  | 'aws-launch-template'
  | 'aws-volume'
  | 'aws-ami'
  | 'aws-ami-request'
  | 'aws-snapshot';

/** A ledger entry's data for a resource in `region` reached through `session`. */
export function awsLedgerData(session: AwsSession, region: string = session.region): Record<string, string> {
  return { region, endpoint: session.customEndpointEc2 };
}

/** The session a sweeper uses for a ledger entry (checked: a region it can name, an http(s) endpoint). */
export function sessionForLedgerEntry(resource: LedgerResource): AwsSession {
  const region = resource.data.region ?? '';
  const endpoint = resource.data.endpoint ?? '';
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) {
    throw new Error(`ledger entry ${resource.kind} ${resource.id} names no valid region: "${region}"`);
  }
  if (endpoint !== '' && !/^https?:\/\//.test(endpoint)) {
    throw new Error(`ledger entry ${resource.kind} ${resource.id} names an invalid endpoint: "${endpoint}"`);
  }
  return createAwsSession(
    {
      region,
      accessKey: '',
      secretKey: '',
      token: '',
      profile: '',
      customEndpointEc2: endpoint,
      maxRetries: 10,
    },
    {},
  );
}
