import { builderStepsOptions, runSteps } from '../../engine/steps';
import { type Artifact, type Step, type StepContext, StateKey } from '../../engine/types';

/**
 * How every builder ends: its steps run under the build's on-error policy (builderStepsOptions),
 * a failure or cancellation is thrown for the engine to report, and the artifact a step left under
 * ARTIFACT is the builder's result.
 */

export const ARTIFACT = new StateKey<Artifact>('artifact');

export async function runBuilderSteps(
  steps: readonly Step[],
  ctx: StepContext,
): Promise<Artifact | undefined> {
  const result = await runSteps(steps, ctx, builderStepsOptions(ctx));
  if (result.outcome !== 'success') throw result.error;
  return ctx.state.get(ARTIFACT);
}
