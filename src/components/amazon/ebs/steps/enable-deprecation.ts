import { EnableImageDeprecationCommand } from '@aws-sdk/client-ec2';

import type { Step } from '../../../../engine/types';
import { AMIS } from '../state-keys';
import type { EbsStepDeps } from './deps';
import { awsErrorMessage } from '../../aws/error-text';

/** Packer's StepEnableDeprecation: every AMI of the build (each region's) is deprecated at `deprecate_at`. */
export function enableDeprecationStep({ options, session }: EbsStepDeps): Step {
  return {
    name: 'enable deprecation',
    async run(ctx) {
      if (options.ami.skipCreateAmi || options.ami.deprecateAt === '') {
        ctx.ui.say('Skipping Enable AMI deprecation...');
        return;
      }
      const amis = ctx.state.get(AMIS);
      if (amis === undefined) throw new Error('no AMIs found in state to deprecate');
      // Validated as RFC 3339 (ami-config.ts), which Date parses.
      const deprecateAt = new Date(options.ami.deprecateAt);
      for (const [region, imageId] of Object.entries(amis)) {
        ctx.ui.say(`Enabling deprecation on AMI (${imageId}) in region ${JSON.stringify(region)} ...`);
        await session
          .ec2(region)
          .send(new EnableImageDeprecationCommand({ ImageId: imageId, DeprecateAt: deprecateAt }), {
            abortSignal: ctx.signal,
          })
          .catch((e: unknown) => {
            throw new Error(`Error enable AMI deprecation: ${awsErrorMessage(e)}`);
          });
      }
    },
  };
}
