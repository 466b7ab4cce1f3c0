import { PROVISION_STEP } from '../../engine/steps';
import {
  type Communicator,
  type GeneratedData,
  type ProvisionHook,
  type Step,
  type StepContext,
  StateKey,
} from '../../engine/types';
import { COMMUNICATOR } from './connect';

/**
 * Packer's StepProvision, the same in every builder: runs the build's provisioners over the
 * connected communicator with the builder's `build.*` values, and in cleanup (after a failure)
 * the error-cleanup-provisioner. Named PROVISION_STEP, which -on-error=run-cleanup-provisioner
 * recognises. The values handed to the provisioners stay in the state (a builder's artifact
 * carries them on to post-processors).
 */

export const PROVISION_HOOK_DATA = new StateKey<GeneratedData>('provision_hook_data');

export interface ProvisionStepOptions {
  /** The `build.*` values for the provisioners (see provisionHookData); default none. */
  readonly hookData?: (ctx: StepContext) => GeneratedData;
  /** What the provisioners talk through; default the connect step's communicator. */
  readonly communicator?: (ctx: StepContext) => Communicator;
}

export function provisionStep(provision: ProvisionHook, options: ProvisionStepOptions = {}): Step {
  return {
    name: PROVISION_STEP,
    async run(ctx) {
      const communicator = options.communicator?.(ctx) ?? ctx.state.require(COMMUNICATOR);
      const data = options.hookData?.(ctx) ?? {};
      ctx.state.set(PROVISION_HOOK_DATA, data);
      await provision.run(communicator, data, ctx);
    },
    cleanup: (ctx) => provision.cleanup(ctx),
  };
}
