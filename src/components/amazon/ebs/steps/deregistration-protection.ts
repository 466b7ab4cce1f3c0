import { EnableImageDeregistrationProtectionCommand } from '@aws-sdk/client-ec2';

import type { Step } from '../../../../engine/types';
import { AMIS } from '../state-keys';
import type { EbsStepDeps } from './deps';
import { awsErrorMessage } from '../../aws/error-text';

/**
 * Packer's StepEnableDeregistrationProtection (`deregistration_protection { enabled, with_cooldown }`).
 * Should a later step fail, the image steps' cleanup turns the protection off again to deregister
 * the AMIs (possible at once without a cooldown; with one, AWS refuses for 24 hours and says so).
 */
export function deregistrationProtectionStep({ options, session }: EbsStepDeps): Step {
  return {
    name: 'deregistration protection',
    async run(ctx) {
      const protection = options.ami.deregistrationProtection;
      if (!protection.enabled) {
        ctx.ui.say('Skipping Enable AMI deregistration protection...');
        return;
      }
      if (options.ami.skipCreateAmi) {
        ctx.ui.say('skip_create_ami was set. Skipping AMI deregistration protection...');
        return;
      }
      const amis = ctx.state.get(AMIS);
      if (amis === undefined) throw new Error('no AMIs found in state to enable deregistration protection');
      for (const [region, imageId] of Object.entries(amis)) {
        await session
          .ec2(region)
          .send(
            new EnableImageDeregistrationProtectionCommand({
              ImageId: imageId,
              WithCooldown: protection.withCooldown,
            }),
            { abortSignal: ctx.signal },
          )
          .catch((e: unknown) => {
            throw new Error(`failed to enable AMI deregistration protection: ${awsErrorMessage(e)}`);
          });
      }
    },
  };
}
