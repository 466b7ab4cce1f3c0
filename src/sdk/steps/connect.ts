import { sleep } from '../../engine/abort';
import { type Communicator, type Step, type StepContext, StateKey } from '../../engine/types';
import { formatGoDuration } from '../../text/go-duration';

/**
 * Packer's communicator.StepConnect: waits `pause_before_connecting`, then connects with whatever
 * the builder says reaches its machine, and leaves the communicator in the state for the provision
 * step. The contract knows no communicator implementation: the builder passes the function that
 * connects (see src/components/common/communicator.ts for the one chosen by `communicator`).
 */

export const COMMUNICATOR = new StateKey<Communicator>('communicator');

/** Opens the connection to the machine; waits for it as long as its settings allow. */
export type Connect = (ctx: StepContext) => Promise<Communicator>;

export interface ConnectStepOptions {
  readonly connect: Connect;
  /** `pause_before_connecting`, in milliseconds (0: none). */
  readonly pauseBeforeConnectingMs?: number;
}

export function connectStep(options: ConnectStepOptions): Step {
  return {
    name: 'connect',
    async run(ctx) {
      const pause = options.pauseBeforeConnectingMs ?? 0;
      if (pause > 0) {
        ctx.ui.say(`Pausing ${formatGoDuration(pause)} before connecting...`);
        await sleep(pause, ctx.signal);
      }
      ctx.state.set(COMMUNICATOR, await options.connect(ctx));
    },
    async cleanup(ctx) {
      await ctx.state.get(COMMUNICATOR)?.close();
    },
  };
}
