import { ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';

import type { Step } from '../../../../engine/types';
import { INSTANCE } from '../state-keys';
import type { EbsStepDeps } from './deps';
import { awsErrorMessage } from '../../aws/error-text';

/**
 * Packer's StepModifyEBSBackedInstance: the stopped instance gets the enhanced networking the AMI
 * should have (sriov_support: SriovNetSupport "simple"; ena_support: ENA on or, when false, off),
 * and CreateImage carries them over. Not with spot instances, which cannot be modified: the
 * configuration is refused before the build (ebs-schema.ts).
 */
export function modifyInstanceStep({ options, session }: EbsStepDeps): Step {
  return {
    name: 'modify instance',
    async run(ctx) {
      const instanceId = ctx.state.require(INSTANCE).InstanceId ?? '';
      const ec2 = session.ec2();

      if (options.ami.sriovSupport) {
        ctx.ui.say('Enabling Enhanced Networking (SR-IOV)...');
        await ec2
          .send(
            new ModifyInstanceAttributeCommand({
              InstanceId: instanceId,
              SriovNetSupport: { Value: 'simple' },
            }),
            { abortSignal: ctx.signal },
          )
          .catch((e: unknown) => {
            throw new Error(
              `Error enabling Enhanced Networking (SR-IOV) on ${instanceId}: ${awsErrorMessage(e)}`,
            );
          });
      }

      const ena = options.ami.enaSupport;
      if (ena !== undefined) {
        const prefix = ena ? 'En' : 'Dis';
        ctx.ui.say(`${prefix}abling Enhanced Networking (ENA)...`);
        await ec2
          .send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, EnaSupport: { Value: ena } }), {
            abortSignal: ctx.signal,
          })
          .catch((e: unknown) => {
            throw new Error(
              `Error ${prefix.toLowerCase()}abling Enhanced Networking (ENA) on ${instanceId}: ${awsErrorMessage(e)}`,
            );
          });
      }
    },
  };
}
