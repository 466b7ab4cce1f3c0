import type {
  BuildPlan,
  PlannedPostProcessor,
  PlannedProvisioner,
  RunTimeDecoder,
} from '../../src/engine/build-plan';
import { runBuilds } from '../../src/engine/run';
import type {
  BuilderRuntime,
  Communicator,
  GeneratedData,
  PostProcessorRuntime,
  ProvisionerRuntime,
  RunOptions,
} from '../../src/engine/types';
import type { DecodedConfig } from '../../src/schema/types';
import { RuntimeRegistry } from '../../src/sdk/runtimes';
import { tempDir } from '../template/helpers';

/**
 * The engine runs any BuildPlan, not only the template's ExpandedBuild: what it needs of a build is
 * declared in engine/build-plan.ts, and it decodes components again at run time only through the
 * RunTimeDecoder it is handed, which receives the plan's own entries back.
 */

/** A decoded configuration standing for `text`; only what the engine reads of it is real. */
function config(text: string, error?: string): DecodedConfig {
  const diagnostics = error ? [{ severity: 'error', summary: error }] : [];
  return { diagnostics, text } as unknown as DecodedConfig;
}
const textOf = (c: DecodedConfig): string => (c as unknown as { text: string }).text;

interface Step extends PlannedProvisioner {
  readonly command: string;
}
interface Publish extends PlannedPostProcessor {
  readonly target: string;
}
interface Plan extends BuildPlan<Step, Publish> {
  readonly greeting: string;
}

const plan: Plan = {
  name: 'plain.one',
  sourceName: 'one',
  greeting: 'hello',
  builder: { type: 'plain', config: config('builder') },
  provisioners: [{ type: 'say', config: config('say before the run'), block: {}, command: 'say' }],
  postProcessorChains: [
    [{ type: 'publish', config: config('publish before the run'), block: {}, target: 'shelf' }],
  ],
};

function runtimes(seen: string[]): RuntimeRegistry {
  const builder: BuilderRuntime = {
    type: 'plain',
    async run(_config, ctx, provision) {
      await provision.run({} as Communicator, { ID: 'id-1' }, ctx);
      return {
        builderId: 'plain',
        id: 'id-1',
        files: [],
        description: 'plain',
        state: { generated_data: { ID: 'id-1', Size: 3 } },
        destroy: async () => undefined,
      };
    },
  };
  const say: ProvisionerRuntime = {
    type: 'say',
    async provision(c) {
      seen.push(`provision: ${textOf(c)}`);
    },
  };
  const publish: PostProcessorRuntime = {
    type: 'publish',
    async postProcess(c, input) {
      seen.push(`post-process: ${textOf(c)}`);
      return { artifact: input, keepInput: true, forceOverride: false };
    },
  };
  return new RuntimeRegistry([{ builders: [builder], provisioners: [say], postProcessors: [publish] }]);
}

function options(): RunOptions {
  return {
    parallelBuilds: 0,
    onError: 'cleanup',
    force: false,
    debug: false,
    signal: new AbortController().signal,
    events: () => undefined,
    secrets: [],
    cwd: process.cwd(),
    templateDir: '.',
    tempRoot: tempDir('kiln-build-plan-'),
  };
}

const show = (generated: GeneratedData): string =>
  Object.entries(generated)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

describe('runBuilds with a plan of its own', () => {
  it('hands the decoder its own build and entries, with the generated values', async () => {
    const seen: string[] = [];
    const decoder: RunTimeDecoder<Plan> = {
      provisioner: (build, p, generated) => config(`${build.greeting} ${p.command} ${show(generated)}`),
      postProcessor: (build, pp, generated) => config(`${build.greeting} ${pp.target} ${show(generated)}`),
    };
    const run = await runBuilds([plan], runtimes(seen), decoder, options());
    expect(run.results[0].error).toBeUndefined();
    // The artifact's generated_data keeps its string entries only.
    expect(seen).toEqual(['provision: hello say ID=id-1', 'post-process: hello shelf ID=id-1']);
  });

  it('fails a component whose decoding at run time has errors', async () => {
    const seen: string[] = [];
    const decoder: RunTimeDecoder<Plan> = {
      provisioner: () => config('never run', 'Unsupported argument'),
      postProcessor: () => config('never run'),
    };
    const run = await runBuilds([plan], runtimes(seen), decoder, options());
    expect(run.results[0].error).toBe('Unsupported argument');
    expect(seen).toEqual([]);
  });
});
