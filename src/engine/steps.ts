import { CancelledError, errorMessage } from './abort';
import { EngineUI } from './ui';
import type { Step, StepContext, StepsOutcome } from './types';

export interface StepsResult {
  readonly outcome: StepsOutcome;
  /** The error that halted the steps (absent on success). */
  readonly error?: unknown;
}

export interface RunStepsOptions {
  /** Skip cleanups (on-error=abort): resources stay, and stay listed in the ledger. */
  readonly skipCleanup?: (outcome: StepsOutcome) => boolean | Promise<boolean>;
  /** Emits step-start/step-end events. */
  readonly onStep?: (step: string, phase: 'start' | 'end', durationMs?: number, error?: string) => void;
}

/**
 * Packer's multistep BasicRunner: runs steps in order until one throws or the build is cancelled,
 * then cleans up every step whose run started, last first, whatever the outcome. A cleanup that
 * fails is reported and the remaining cleanups still run.
 */
export async function runSteps(
  steps: readonly Step[],
  ctx: StepContext,
  opts: RunStepsOptions = {},
): Promise<StepsResult> {
  const started: Step[] = [];
  let outcome: StepsOutcome = 'success';
  let error: unknown;
  for (const step of steps) {
    if (ctx.signal.aborted) {
      outcome = 'cancelled';
      error = new CancelledError();
      break;
    }
    started.push(step);
    const t0 = Date.now();
    opts.onStep?.(step.name, 'start');
    try {
      await step.run(ctx);
      opts.onStep?.(step.name, 'end', Date.now() - t0);
    } catch (e) {
      opts.onStep?.(step.name, 'end', Date.now() - t0, errorMessage(e));
      outcome = ctx.signal.aborted || e instanceof CancelledError ? 'cancelled' : 'failed';
      error = e;
      break;
    }
  }
  if (outcome !== 'success' && opts.skipCleanup && (await opts.skipCleanup(outcome)))
    return { outcome, error };
  for (const step of [...started].reverse()) {
    if (!step.cleanup) continue;
    try {
      await step.cleanup({ ...ctx, outcome });
    } catch (e) {
      ctx.ui.error(`Error cleaning up ${step.name}: ${errorMessage(e)}`);
    }
  }
  return outcome === 'success' ? { outcome } : { outcome, error };
}

/**
 * How a builder runs its steps under the build's on-error policy: `abort` leaves everything as it is
 * (still listed in the ledger), `ask` asks on a terminal ("cleanup" or "abort") and otherwise cleans
 * up, like the default `cleanup` and `run-cleanup-provisioner`. Step timings become events.
 */
export function builderStepsOptions(ctx: StepContext): RunStepsOptions {
  const ui = ctx.ui;
  return {
    onStep: ui instanceof EngineUI ? (step, phase, ms, error) => ui.step(step, phase, ms, error) : undefined,
    skipCleanup: async (outcome) => {
      if (outcome !== 'failed') return false;
      if (ctx.build.onError === 'abort') {
        ui.error('Step failed: leaving everything as it is (-on-error=abort).');
        return true;
      }
      if (ctx.build.onError === 'ask' && ui.ask) {
        const answer = await ui.ask(
          '[c] Clean up and exit, [a] abort without cleanup:',
          new AbortController().signal,
        );
        return answer?.trim().toLowerCase().startsWith('a') ?? false;
      }
      return false;
    },
  };
}
