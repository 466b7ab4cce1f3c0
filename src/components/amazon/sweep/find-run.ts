import { DescribeImagesCommand, DescribeSnapshotsCommand } from '@aws-sdk/client-ec2';

import type { LedgerResource } from '../../../engine/types';
import { RUN_TAG_KEY, awsLedgerData } from '../aws/ledger';
import { type AwsSession, createAwsSession } from '../aws/session';
import { launchRunFinder } from './launch';

/**
 * The safety net for a lost ledger: the run's resources found by the run tag in `region` (the
 * environment's; region copies elsewhere are only found through their ledger). Instances first, so
 * that their groups can go; then the AMIs that still carry the tag (a finished build's AMIs lose it,
 * so an artifact is never found here) and their snapshots.
 */
export async function findAwsRunResources(
  runId: string,
  region: string,
  signal: AbortSignal,
): Promise<LedgerResource[]> {
  const session = createAwsSession(
    { region, accessKey: '', secretKey: '', token: '', profile: '', customEndpointEc2: '', maxRetries: 10 },
    {},
  );
  try {
    return [
      ...(await launchRunFinder(session)(runId, signal)),
      ...(await findRunImages(session, runId, signal)),
    ];
  } finally {
    session.destroy();
  }
}

async function findRunImages(
  session: AwsSession,
  runId: string,
  signal: AbortSignal,
): Promise<LedgerResource[]> {
  const ec2 = session.ec2();
  const filters = [{ Name: `tag:${RUN_TAG_KEY}`, Values: [runId] }];
  const data = awsLedgerData(session);
  const images = await ec2.send(new DescribeImagesCommand({ Owners: ['self'], Filters: filters }), {
    abortSignal: signal,
  });
  const snapshots = await ec2.send(new DescribeSnapshotsCommand({ OwnerIds: ['self'], Filters: filters }), {
    abortSignal: signal,
  });
  return [
    ...(images.Images ?? []).flatMap((i) => (i.ImageId ? [{ id: i.ImageId, kind: 'aws-ami', data }] : [])),
    ...(snapshots.Snapshots ?? []).flatMap((s) =>
      s.SnapshotId ? [{ id: s.SnapshotId, kind: 'aws-snapshot', data }] : [],
    ),
  ];
}
