import { CancelledError, errorMessage } from './abort';
import { EngineUI } from './ui';
import type { Step, StepContext, StepsOutcome } from './types';

export interface StepsResult {
  readonly outcome: StepsOutcome;
  /** The error that halted the steps (absent on success). */
  readonly error?: unknown;
}

/** What to do when a step fails (on-error=ask): clean up and stop, stop without cleanup, run it again. */
export type FailureDecision = 'cleanup' | 'abort' | 'retry';

/** The name builders give the step that runs the provisioners (Packer's StepProvision). */
export const PROVISION_STEP = 'provision';

export interface RunStepsOptions {
  /**
   * Asked for each step that ran, last first, once the steps have ended: true skips its cleanup
   * (on-error=abort), so what it made stays, still listed in the ledger. `abandoned`: the
   * onFailure answer was `abort`.
   */
  readonly skipCleanup?: (step: Step, outcome: StepsOutcome, error: unknown, abandoned: boolean) => boolean;
  /** Consulted when a step fails (not when it is cancelled). */
  readonly onFailure?: (step: string, error: unknown) => Promise<FailureDecision>;
  /** Emits step-start/step-end events. */
  readonly onStep?: (step: string, phase: 'start' | 'end', durationMs?: number, error?: string) => void;
  /**
   * -debug (Packer's DebugRunner): waits after each step that ran to its end, and again before that
   * step's cleanup.
   */
  readonly pause?: (where: 'after run of' | 'before cleanup of', step: string) => Promise<void>;
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
  const paused = new Set<Step>();
  let outcome: StepsOutcome = 'success';
  let error: unknown;
  let aborted = false;
  steps: for (const step of steps) {
    if (ctx.signal.aborted) {
      outcome = 'cancelled';
      error = new CancelledError();
      break;
    }
    started.push(step);
    for (;;) {
      const t0 = Date.now();
      opts.onStep?.(step.name, 'start');
      try {
        await step.run(ctx);
        opts.onStep?.(step.name, 'end', Date.now() - t0);
        if (opts.pause) {
          paused.add(step);
          await opts.pause('after run of', step.name);
        }
        continue steps;
      } catch (e) {
        opts.onStep?.(step.name, 'end', Date.now() - t0, errorMessage(e));
        const cancelled = ctx.signal.aborted || e instanceof CancelledError;
        const decision = !cancelled && opts.onFailure ? await opts.onFailure(step.name, e) : 'cleanup';
        if (decision === 'retry' && !ctx.signal.aborted) continue;
        aborted = decision === 'abort';
        outcome = cancelled || ctx.signal.aborted ? 'cancelled' : 'failed';
        error = e;
        break steps;
      }
    }
  }
  // The cleanup as a whole is one span of the build's timeline (terminating an instance can be slow).
  let t0: number | undefined;
  const failures: string[] = [];
  for (const step of [...started].reverse()) {
    // Without a policy to ask, an abandoned run cleans up nothing.
    const skip = opts.skipCleanup ? opts.skipCleanup(step, outcome, error, aborted) : aborted;
    if (skip) continue;
    if (paused.has(step)) await opts.pause?.('before cleanup of', step.name);
    if (!step.cleanup) continue;
    if (t0 === undefined) {
      t0 = Date.now();
      opts.onStep?.('cleanup', 'start');
    }
    try {
      await step.cleanup({ ...ctx, outcome });
    } catch (e) {
      failures.push(step.name);
      ctx.ui.error(`Error cleaning up ${step.name}: ${errorMessage(e)}`);
    }
  }
  if (t0 !== undefined)
    opts.onStep?.(
      'cleanup',
      'end',
      Date.now() - t0,
      failures.length > 0 ? `cleanup failed: ${failures.join(', ')}` : undefined,
    );
  return outcome === 'success' ? { outcome } : { outcome, error };
}

/**
 * How a builder runs its steps under the build's on-error policy, as Packer's multistep runner
 * wraps them: `abort` leaves everything a failed or cancelled build made as it is (still listed in
 * the ledger), `run-cleanup-provisioner` too except that the provision step's cleanup (the
 * error-cleanup-provisioner) runs, `ask` asks on a terminal ("cleanup", "abort" or "retry") and
 * otherwise cleans up, like the default `cleanup`. Step timings become events.
 */
export function builderStepsOptions(ctx: StepContext): RunStepsOptions {
  const ui = ctx.ui;
  const ask = ui.ask?.bind(ui);
  const policy = ctx.build.onError;
  let abortLogged = false;
  return {
    onStep: ui instanceof EngineUI ? (step, phase, ms, error) => ui.step(step, phase, ms, error) : undefined,
    // Packer's MultistepDebugFn; only on a terminal (without one, -debug does not pause). An
    // interrupt ends the wait.
    pause:
      ctx.build.debug && ask
        ? async (where, step) => {
            await ask(`Pausing ${where} step '${step}'. Press enter to continue.`, ctx.signal);
          }
        : undefined,
    // Packer's abortStep.Cleanup and handleAbortsAndInterupts, with the same messages.
    skipCleanup: (step, outcome, error, abandoned) => {
      const aborting =
        abandoned || ((policy === 'abort' || policy === 'run-cleanup-provisioner') && outcome !== 'success');
      if (!aborting) return false;
      if (policy === 'run-cleanup-provisioner' && !abandoned && step.name === PROVISION_STEP) return false;
      const alreadyLogged = abortLogged;
      if (outcome === 'failed' && !alreadyLogged) {
        ui.error(errorMessage(error));
        abortLogged = true;
      }
      if (alreadyLogged) ui.error(`aborted: skipping cleanup of step "${step.name}"`);
      else {
        ui.error(
          outcome === 'cancelled' ? 'Interrupted, aborting...' : `Step "${step.name}" failed, aborting...`,
        );
        abortLogged = true;
      }
      return true;
    },
    // Packer's askStep: on a terminal, say what failed and ask until the answer is understood; an
    // empty answer cleans up. Without a terminal (ui.ask absent) `ask` behaves as `cleanup`.
    onFailure:
      ctx.build.onError === 'ask' && ask
        ? async (step, error) => {
            ui.error(errorMessage(error));
            ui.say(`Step "${step}" failed`);
            for (;;) {
              const line = await ask(ASK_PROMPT, ctx.signal);
              if (line === undefined || ctx.signal.aborted) return 'cleanup';
              const c = `${line.trim().toLowerCase()}c`[0];
              if (c === 'c') return 'cleanup';
              if (c === 'a') return 'abort';
              if (c === 'r') return 'retry';
              ui.say(`Incorrect input: ${JSON.stringify(line.trim())}`);
            }
          }
        : undefined,
  };
}

const ASK_PROMPT =
  '[c] Clean up and exit, [a] abort without cleanup, or [r] retry step (build may fail even if retry succeeds)?';
