import {
  DescribeInstancesCommand,
  type EC2Client,
  type Instance,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';

import { sleep } from '../../../../engine/abort';
import type { Step } from '../../../../engine/types';
import type { PollingOptions } from '../../aws/polling';
import { waitFor } from '../../aws/wait';
import { INSTANCE } from '../state-keys';
import type { EbsStepDeps } from './deps';
import { awsErrorCode, awsErrorMessage } from '../../aws/error-text';

/**
 * Packer's StepStopEBSBackedInstance: stop the instance so its volumes can be imaged consistently
 * (spot instances are neither stopped nor waited for; with disable_stop_instance the guest is
 * expected to shut itself down, and the step only waits).
 */
export function stopInstanceStep({ options, session }: EbsStepDeps): Step {
  return {
    name: 'stop instance',
    async run(ctx) {
      if (options.ami.run.spot) return;
      const instanceId = ctx.state.require(INSTANCE).InstanceId ?? '';
      const ec2 = session.ec2();

      if (!options.ami.run.disableStopInstance) {
        ctx.ui.say('Stopping the source instance...');
        // A new instance may not be known everywhere yet (eventual consistency): a few tries.
        for (let attempt = 1; ; attempt++) {
          try {
            ctx.ui.message('Stopping instance');
            await ec2.send(new StopInstancesCommand({ InstanceIds: [instanceId] }), {
              abortSignal: ctx.signal,
            });
            break;
          } catch (e) {
            if (awsErrorCode(e) !== 'InvalidInstanceID.NotFound' || attempt >= 6) {
              throw new Error(`Error stopping instance: ${awsErrorMessage(e)}`);
            }
            await sleep(Math.min(10_000 * attempt, 60_000), ctx.signal);
          }
        }
      } else {
        ctx.ui.say('Automatic instance stop disabled. Please stop instance manually.');
      }

      ctx.ui.say('Waiting for the instance to stop...');
      await waitStopped(ec2, instanceId, session.polling, ctx.signal).catch((e: unknown) => {
        throw new Error(`Error waiting for instance to stop: ${awsErrorMessage(e)}`);
      });
    },
  };
}

/** aws-sdk-go's InstanceStopped waiter: every 15 s, 40 times; pending or terminated ends it at once. */
async function waitStopped(
  ec2: EC2Client,
  instanceId: string,
  polling: PollingOptions,
  signal: AbortSignal,
): Promise<void> {
  await waitFor<Instance>({
    resource: `instance ${instanceId}`,
    target: 'stopped',
    observe: async () => {
      const r = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }), {
        abortSignal: signal,
      });
      const instance = r.Reservations?.[0]?.Instances?.[0];
      const reason = instance?.StateReason?.Message;
      return {
        ...(instance ? { value: instance } : {}),
        state: instance?.State?.Name ?? 'not found',
        ...(reason ? { reason } : {}),
      };
    },
    done: (o) => o.state === 'stopped',
    failed: (o) => o.state === 'pending' || o.state === 'terminated',
    polling,
    defaults: { delayMs: 15_000, maxAttempts: 40 },
    signal,
  });
}
