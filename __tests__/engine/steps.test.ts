import { type FailureDecision, builderStepsOptions, runSteps } from '../../src/engine/steps';
import type { BuildInfo, Step } from '../../src/engine/types';
import { fakeStepContext, fakeUI } from '../support/engine-fakes';

/** Packer's multistep runner: cleanup in reverse, and on-error=ask's three answers. */

function context(onError: BuildInfo['onError'], answers: string[] = []) {
  const ui = fakeUI(answers);
  return { ctx: fakeStepContext({ build: { onError }, ui }), said: ui.lines, asked: ui.asked };
}

function recorder(failTimes: number) {
  const log: string[] = [];
  let failures = 0;
  const steps: Step[] = [
    {
      name: 'one',
      run: async () => void log.push('run one'),
      cleanup: async () => void log.push('clean one'),
    },
    {
      name: 'two',
      run: async () => {
        log.push('run two');
        if (failures++ < failTimes) throw new Error('two broke');
      },
      cleanup: async () => void log.push('clean two'),
    },
    {
      name: 'three',
      run: async () => void log.push('run three'),
      cleanup: async () => void log.push('clean three'),
    },
  ];
  return { steps, log };
}

describe('runSteps', () => {
  it('cleans up every step that ran, last first, when one fails', async () => {
    const { steps, log } = recorder(1);
    const r = await runSteps(steps, context('cleanup').ctx);
    expect(r.outcome).toBe('failed');
    expect(log).toEqual(['run one', 'run two', 'clean two', 'clean one']);
  });

  it.each<[string, FailureDecision, string[]]>([
    ['r', 'retry', ['run one', 'run two', 'run two', 'run three', 'clean three', 'clean two', 'clean one']],
    ['a', 'abort', ['run one', 'run two']],
    ['', 'cleanup', ['run one', 'run two', 'clean two', 'clean one']],
  ])('on-error=ask answered %j: %s', async (answer, _decision, expected) => {
    const { steps, log } = recorder(1);
    const { ctx, said, asked } = context('ask', ['what?', answer]);
    const r = await runSteps(steps, ctx, builderStepsOptions(ctx));
    expect(log).toEqual(expected);
    expect(r.outcome).toBe(answer === 'r' ? 'success' : 'failed');
    expect(said.slice(0, 3)).toEqual([
      'error two broke',
      'say Step "two" failed',
      'say Incorrect input: "what?"',
    ]);
    expect(asked).toHaveLength(2);
    expect(asked[0]).toContain('[c] Clean up and exit, [a] abort without cleanup, or [r] retry step');
  });

  it('on-error=ask without a terminal behaves as cleanup', async () => {
    const { steps, log } = recorder(1);
    const { ctx } = context('ask');
    (ctx.ui as { ask?: unknown }).ask = undefined;
    await runSteps(steps, ctx, builderStepsOptions(ctx));
    expect(log).toEqual(['run one', 'run two', 'clean two', 'clean one']);
  });

  it("on-error=abort leaves everything as it is, with Packer's messages", async () => {
    const { steps, log } = recorder(1);
    const { ctx, said } = context('abort');
    await runSteps(steps, ctx, builderStepsOptions(ctx));
    expect(log).toEqual(['run one', 'run two']);
    expect(said).toEqual([
      'error two broke',
      'error Step "two" failed, aborting...',
      'error aborted: skipping cleanup of step "one"',
    ]);
  });

  it('on-error=abort still cleans up after a build that succeeded', async () => {
    const { steps, log } = recorder(0);
    const { ctx, said } = context('abort');
    await runSteps(steps, ctx, builderStepsOptions(ctx));
    expect(log).toEqual(['run one', 'run two', 'run three', 'clean three', 'clean two', 'clean one']);
    expect(said).toEqual([]);
  });

  it('on-error=abort leaves a cancelled build as it is too', async () => {
    const { steps, log } = recorder(0);
    const { ctx, said } = context('abort');
    const controller = new AbortController();
    steps[1].run = async () => {
      log.push('run two');
      controller.abort();
    };
    await runSteps(steps, { ...ctx, signal: controller.signal }, builderStepsOptions(ctx));
    expect(log).toEqual(['run one', 'run two']);
    expect(said).toEqual(['error Interrupted, aborting...', 'error aborted: skipping cleanup of step "one"']);
  });
});
