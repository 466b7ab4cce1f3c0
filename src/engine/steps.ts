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

export interface RunStepsOptions {
  /** Skip cleanups (on-error=abort): resources stay, and stay listed in the ledger. */
  readonly skipCleanup?: (outcome: StepsOutcome) => boolean | Promise<boolean>;
  /** Consulted when a step fails (not when it is cancelled). */
  readonly onFailure?: (step: string, error: unknown) => Promise<FailureDecision>;
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
  if (aborted) return { outcome, error };
  if (outcome !== 'success' && opts.skipCleanup && (await opts.skipCleanup(outcome)))
    return { outcome, error };
  const cleanups = [...started].reverse().filter((step) => step.cleanup);
  // The cleanup as a whole is one span of the build's timeline (terminating an instance can be slow).
  const t0 = Date.now();
  if (cleanups.length > 0) opts.onStep?.('cleanup', 'start');
  const failures: string[] = [];
  for (const step of cleanups) {
    try {
      await step.cleanup?.({ ...ctx, outcome });
    } catch (e) {
      failures.push(step.name);
      ctx.ui.error(`Error cleaning up ${step.name}: ${errorMessage(e)}`);
    }
  }
  if (cleanups.length > 0)
    opts.onStep?.(
      'cleanup',
      'end',
      Date.now() - t0,
      failures.length > 0 ? `cleanup failed: ${failures.join(', ')}` : undefined,
    );
  return outcome === 'success' ? { outcome } : { outcome, error };
}

/**
 * How a builder runs its steps under the build's on-error policy: `abort` leaves everything as it is
 * (still listed in the ledger), `ask` asks on a terminal ("cleanup" or "abort") and otherwise cleans
 * up, like the default `cleanup` and `run-cleanup-provisioner`. Step timings become events.
 */
export function builderStepsOptions(ctx: StepContext): RunStepsOptions {
  const ui = ctx.ui;
  const ask = ui.ask?.bind(ui);
  return {
    onStep: ui instanceof EngineUI ? (step, phase, ms, error) => ui.step(step, phase, ms, error) : undefined,
    skipCleanup: (outcome) => {
      if (outcome !== 'failed' || ctx.build.onError !== 'abort') return false;
      ui.error('Step failed: leaving everything as it is (-on-error=abort).');
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
