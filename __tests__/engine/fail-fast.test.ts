import { sleep } from '../../src/engine/abort';
import { runBuilds } from '../../src/engine/run';
import { builderStepsOptions, runSteps } from '../../src/engine/steps';
import type { BuildEvent, BuilderRuntime, RunOptions, Step } from '../../src/engine/types';
import { RuntimeRegistry } from '../../src/sdk/runtimes';
import { loadTemplate, prepareBuilds } from '../../src/template/load';
import type { ExpandedBuild } from '../../src/template/model';
import { templateRunTimeDecoder } from '../../src/template/run-time-decoding';
import { builtinComponents, tempDir, tempTemplate } from '../template/helpers';

/**
 * -fail-fast in the engine: the first build that fails cancels the running ones (whose steps clean
 * up as on an interrupt) and those not yet started; without it the others run to the end.
 */

const TEMPLATE = ['bad', 'slow1', 'slow2', 'slow3']
  .map((n) => `source "file" "${n}" {\n  content = "x"\n  target  = "${n}"\n}\n`)
  .join('')
  .concat('build {\n  sources = ["file.bad", "file.slow1", "file.slow2", "file.slow3"]\n}\n');

function runtimes(log: string[]): RuntimeRegistry {
  const builder: BuilderRuntime = {
    type: 'file',
    async run(_config, ctx) {
      const step: Step = {
        name: 'work',
        async run(c) {
          c.ledger.record({ id: `${c.build.name}/thing`, kind: 'test-thing', data: {} });
          if (c.build.name === 'file.bad') {
            await sleep(100, c.signal);
            throw new Error('broken on purpose');
          }
          await sleep(1500, c.signal);
        },
        async cleanup(c) {
          log.push(`cleanup ${c.build.name} (${c.outcome})`);
          c.ledger.release(`${c.build.name}/thing`);
        },
      };
      const r = await runSteps([step], ctx, builderStepsOptions(ctx));
      if (r.outcome !== 'success') throw r.error;
      return {
        builderId: 'test',
        id: ctx.build.name,
        files: [],
        description: '',
        state: {},
        destroy: async () => undefined,
      };
    },
  };
  return new RuntimeRegistry([{ builders: [builder], provisioners: [], postProcessors: [] }]);
}

async function builds(): Promise<ExpandedBuild[]> {
  const dir = tempTemplate({ 'a.pkr.hcl': TEMPLATE });
  const components = builtinComponents();
  const loaded = await loadTemplate({ path: '.', cwd: dir, env: {}, vars: [], varFiles: [], ...components });
  const prepared = prepareBuilds(loaded, { only: [], except: [], registry: components.registry });
  const errors = [...loaded.template.diagnostics, ...prepared.diagnostics].filter(
    (d) => d.severity === 'error',
  );
  if (errors.length > 0) throw new Error(errors.map((d) => d.summary).join('; '));
  return prepared.builds;
}

function options(events: BuildEvent[], over: Partial<RunOptions>): RunOptions {
  return {
    parallelBuilds: 0,
    onError: 'cleanup',
    force: false,
    debug: false,
    signal: new AbortController().signal,
    events: (e) => events.push(e),
    secrets: [],
    cwd: process.cwd(),
    templateDir: '.',
    tempRoot: tempDir('kiln-failfast-'),
    ...over,
  };
}

describe('-fail-fast in runBuilds', () => {
  it('cancels the running builds when one fails; they clean up and leave no ledger', async () => {
    const log: string[] = [];
    const events: BuildEvent[] = [];
    const t0 = Date.now();
    const run = await runBuilds(
      await builds(),
      runtimes(log),
      templateRunTimeDecoder,
      options(events, { failFast: true }),
    );
    expect(Date.now() - t0).toBeLessThan(1400);
    expect(run.cancelled).toBe(false);
    expect(run.failFast).toEqual({
      build: 'file.bad',
      error: 'broken on purpose',
      cancelled: ['file.slow1', 'file.slow2', 'file.slow3'],
    });
    expect(run.results.map((r) => [r.name, r.cancelled, r.error])).toEqual([
      ['file.bad', false, 'broken on purpose'],
      ['file.slow1', true, 'Build was cancelled.'],
      ['file.slow2', true, 'Build was cancelled.'],
      ['file.slow3', true, 'Build was cancelled.'],
    ]);
    expect(run.ledgers).toEqual([]);
    expect(log.sort()).toEqual([
      'cleanup file.bad (failed)',
      'cleanup file.slow1 (cancelled)',
      'cleanup file.slow2 (cancelled)',
      'cleanup file.slow3 (cancelled)',
    ]);
    const ff = events.filter((e) => e.type === 'fail-fast');
    expect(ff).toEqual([
      { type: 'fail-fast', build: 'file.bad', error: 'broken on purpose', time: expect.any(Number) },
    ]);
  });

  it('reports the builds not yet started as cancelled (parallel-builds=1)', async () => {
    const run = await runBuilds(
      await builds(),
      runtimes([]),
      templateRunTimeDecoder,
      options([], { failFast: true, parallelBuilds: 1 }),
    );
    expect(run.failFast?.cancelled).toEqual(['file.slow1', 'file.slow2', 'file.slow3']);
    expect(run.results.slice(1).every((r) => r.cancelled && r.durationMs === 0)).toBe(true);
  });

  it('lets the other builds finish without it', async () => {
    const run = await runBuilds(await builds(), runtimes([]), templateRunTimeDecoder, options([], {}));
    expect(run.failFast).toBeUndefined();
    expect(run.results.map((r) => r.error)).toEqual(['broken on purpose', undefined, undefined, undefined]);
  });
});
