import { decodeComponentConfig } from '../schema/decode';
import type { ComponentRegistry } from '../schema/registry';
import type { RuntimeRegistry } from '../sdk/runtimes';
import { formatGoDuration } from '../text/go-duration';
import { componentContext } from '../template/build-variables';
import type { HclBody } from '../hcl/body';
import type { DecodedConfig } from '../schema/types';
import type { ExpandedBuild, PostProcessorInstance, ProvisionerInstance } from '../template/model';
import { overlayBody } from '../template/override-body';
import { Value } from '../values/value';
import { CancelledError, errorMessage, sleep } from './abort';
import { goQuote } from '../text/go-quote';
import type { Communicator, GeneratedData, ProvisionContext, ProvisionerRuntime, StepContext } from './types';

/**
 * Packer's provisioning hook: each provisioner of the build, decoded again with the values the
 * builder generated (`build.Host`, `build.ID`...), run with its pause_before, timeout and
 * max_retries wrappers.
 */

export function decodeAtRunTime(
  build: ExpandedBuild,
  p: ProvisionerInstance,
  registry: ComponentRegistry,
  generated: GeneratedData,
): ProvisionerInstance {
  const over = p.block.override?.get(build.sourceName);
  const body = over ? overlayBody(p.block.body, over) : p.block.body;
  return { ...p, config: decodeWithGenerated(build, p, body, generated) };
}

/**
 * Packer's HCL2PostProcessor.PostProcess: the block is decoded again with the `generated_data` the
 * artifact carries (none for the null builder's, whose post-processors keep the validate-time
 * "<unknown>" values).
 */
export function decodePostProcessorAtRunTime(
  build: ExpandedBuild,
  pp: PostProcessorInstance,
  artifactState: Readonly<Record<string, unknown>>,
): PostProcessorInstance {
  const raw = artifactState.generated_data;
  const generated: Record<string, string> = {};
  if (raw !== null && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') generated[k] = v;
  }
  return { ...pp, config: decodeWithGenerated(build, pp, pp.block.body, generated) };
}

function decodeWithGenerated(
  build: ExpandedBuild,
  component: ProvisionerInstance | PostProcessorInstance,
  body: HclBody,
  generated: GeneratedData,
): DecodedConfig {
  const values: Record<string, Value> = {};
  for (const [k, v] of Object.entries(generated)) values[k] = Value.string(v);
  const ctx = componentContext(
    build.baseContext,
    {
      type: build.source.type,
      name: build.sourceName,
      generatedData: build.builder.config.schema.generatedData,
    },
    build.buildName,
    values,
  );
  const config = decodeComponentConfig(component.config.schema, body, ctx, { range: component.block.range });
  const errors = config.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new Error(errors.map((d) => (d.detail ? `${d.summary}: ${d.detail}` : d.summary)).join('\n'));
  }
  return config;
}

async function runWithTimeout(
  ms: number | undefined,
  ctx: StepContext,
  run: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  if (ms === undefined || ms <= 0) return run(ctx.signal);
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(), ms);
  try {
    await run(AbortSignal.any([ctx.signal, timer.signal]));
  } catch (e) {
    if (timer.signal.aborted && !ctx.signal.aborted) {
      ctx.ui.error('Cancelling provisioner after a timeout...');
      throw new Error(`provisioner timed out after ${formatGoDuration(ms)}`);
    }
    throw e;
  } finally {
    clearTimeout(handle);
  }
}

export async function runProvisioner(
  build: ExpandedBuild,
  p: ProvisionerInstance,
  registries: { components: ComponentRegistry; runtimes: RuntimeRegistry },
  communicator: Communicator,
  generated: GeneratedData,
  ctx: StepContext,
): Promise<void> {
  const runtime = registries.runtimes.provisioner(p.type);
  if (!runtime) throw new Error(`The ${p.type} provisioner is not supported by Kiln yet.`);
  const block = p.block;
  if (block.pauseBefore !== undefined && block.pauseBefore > 0) {
    ctx.ui.say(`Pausing ${formatGoDuration(block.pauseBefore)} before the next provisioner...`);
    await sleep(block.pauseBefore, ctx.signal);
  }
  try {
    await runWithRetries(build, p, registries, runtime, communicator, generated, ctx);
  } catch (e) {
    // Packer wraps continue_on_error outside the retries: once they are spent, the failure is
    // reported and the build goes on; a cancellation still stops it.
    if (!block.continueOnError || ctx.signal.aborted || e instanceof CancelledError) throw e;
    ctx.ui.say(
      `Warning: Provisioner failed with ${goQuote(errorMessage(e))}, but continue_on_error is set; continuing the build.`,
    );
  }
}

async function runWithRetries(
  build: ExpandedBuild,
  p: ProvisionerInstance,
  registries: { components: ComponentRegistry },
  runtime: ProvisionerRuntime,
  communicator: Communicator,
  generated: GeneratedData,
  ctx: StepContext,
): Promise<void> {
  const block = p.block;
  const once = async (): Promise<void> => {
    const instance = decodeAtRunTime(build, p, registries.components, generated);
    await runWithTimeout(block.timeout, ctx, (signal) => {
      const pctx: ProvisionContext = { ...ctx, signal, communicator, generated };
      return runtime.provision(instance.config, pctx);
    });
  };
  let first: unknown;
  try {
    return await once();
  } catch (e) {
    if (ctx.signal.aborted || e instanceof CancelledError || !block.maxRetries) throw e;
    first = e;
  }
  // Packer's RetriedProvisioner: retries at once, and names (and finally returns) the first failure.
  for (let left = block.maxRetries; left > 0; left--) {
    if (ctx.signal.aborted) throw new CancelledError();
    ctx.ui.say(`Provisioner failed with ${goQuote(errorMessage(first))}, retrying with ${left} trie(s) left`);
    try {
      return await once();
    } catch (e) {
      if (ctx.signal.aborted || e instanceof CancelledError) throw e;
    }
  }
  ctx.ui.say('retry limit reached.');
  throw first;
}
