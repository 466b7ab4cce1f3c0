import { DescribeImagesCommand } from '@aws-sdk/client-ec2';

import type { Step } from '../../../../engine/types';
import { snapshotsOf } from '../../aws/waiters/image';
import { deleteSnapshot, deregisterImage } from '../../sweep/image';
import { amiName } from './build-info';
import type { EbsStepDeps } from './deps';
import { awsErrorMessage } from '../../aws/error-text';

/**
 * Packer's StepDeregisterAMI (force_deregister): AMIs of this account with the name about to be used
 * are deregistered, in `ami_regions` and the build region, with their snapshots when
 * force_delete_snapshot. They are not this build's, so they never enter its ledger.
 */
export function deregisterAmiStep(deps: EbsStepDeps): Step {
  const { options, session } = deps;
  return {
    name: 'deregister AMI',
    async run(ctx) {
      if (!options.ami.forceDeregister) return;
      const name = amiName(deps, ctx);
      const regions = [...options.ami.regions.filter((r) => r !== session.region), session.region];
      for (const region of regions) {
        const ec2 = session.ec2(region);
        const found = await ec2
          .send(
            new DescribeImagesCommand({ Owners: ['self'], Filters: [{ Name: 'name', Values: [name] }] }),
            {
              abortSignal: ctx.signal,
            },
          )
          .catch((e: unknown) => {
            throw new Error(`Error describing AMI: ${awsErrorMessage(e)}`);
          });
        for (const image of found.Images ?? []) {
          const imageId = image.ImageId ?? '';
          await deregisterImage(ec2, imageId, ctx.signal).catch((e: unknown) => {
            throw new Error(`Error deregistering existing AMI: ${awsErrorMessage(e)}`);
          });
          ctx.ui.say(`Deregistered AMI ${name}, id: ${imageId}`);
          if (!options.ami.forceDeleteSnapshot) continue;
          for (const snapshot of snapshotsOf(image)) {
            await deleteSnapshot(ec2, snapshot, ctx.signal).catch((e: unknown) => {
              throw new Error(`Error deleting existing snapshot: ${awsErrorMessage(e)}`);
            });
            ctx.ui.say(`Deleted snapshot: ${snapshot}`);
          }
        }
      }
    },
  };
}
