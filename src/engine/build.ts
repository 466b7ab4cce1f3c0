import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { CancelledError, errorMessage } from './abort';
import type { BuildPlan, PostProcessorOf, RunnableKind, RuntimeLookup } from './build-plan';
import { FileLedger, LEDGER_FILE } from './ledger';
import { BUILD_DIR_PREFIX } from './ledger-trust';
import {
  type ProvisionerServices,
  artifactGeneratedData,
  runProvisioner,
  usableConfig,
} from './provisioning';
import { MapStateBag } from './state';
import { EngineUI, type Masker, timed } from './ui';
import type {
  Artifact,
  ArtifactInfo,
  BuildInfo,
  BuildResult,
  Communicator,
  EventSink,
  GeneratedData,
  ProvisionHook,
  RunOptions,
  StepContext,
} from './types';

/**
 * Packer's CoreBuild.Run for one (build × source): the builder runs its steps and calls back to
 * provision; then every post-processor chain runs on the builder's artifact.
 */

export interface BuildRunInputs<B extends BuildPlan> extends ProvisionerServices<B> {
  readonly opts: RunOptions;
  readonly runId: string;
  readonly masker: Masker;
  readonly emit: EventSink;
}

export function artifactInfo(a: ArtifactInfo): ArtifactInfo {
  return {
    builderId: a.builderId,
    id: a.id,
    files: [...a.files],
    description: a.description,
    state: a.state,
  };
}

/**
 * Why Kiln cannot run this build, one sentence per component it needs and cannot run, before
 * anything starts: the component's cannotRun mark, or a generic sentence for a type without a
 * runtime. Empty when every component can run.
 */
export function missingRuntimes(build: BuildPlan, runtimes: RuntimeLookup): string[] {
  const missing: string[] = [];
  const need = (kind: RunnableKind, type: string, runtime: unknown): void => {
    if (runtime === undefined)
      missing.push(runtimes.cannotRun(kind, type) ?? `Kiln cannot run the ${type} ${kind} yet.`);
  };
  need('builder', build.builder.type, runtimes.builder(build.builder.type));
  const provisioners = [
    ...build.provisioners,
    ...(build.errorCleanupProvisioner ? [build.errorCleanupProvisioner] : []),
  ];
  for (const p of provisioners) need('provisioner', p.type, runtimes.provisioner(p.type));
  for (const chain of build.postProcessorChains)
    for (const pp of chain) need('post-processor', pp.type, runtimes.postProcessor(pp.type));
  return [...new Set(missing)];
}

export async function runBuild<B extends BuildPlan>(inputs: BuildRunInputs<B>): Promise<BuildResult> {
  const { build, runtimes, opts, runId, emit } = inputs;
  const started = Date.now();
  // mkdtemp makes the directory 0700: private, as a sweep requires of a ledger's directory.
  const tempDir = fs.mkdtempSync(path.join(opts.tempRoot ?? os.tmpdir(), BUILD_DIR_PREFIX));
  const ledger = new FileLedger(path.join(tempDir, LEDGER_FILE), runId);
  emit({
    type: 'build-start',
    build: build.name,
    builderType: build.builder.type,
    ledger: ledger.path,
    time: started,
  });
  const ui = new EngineUI(build.name, emit, inputs.masker, opts.ask, opts.outputBacklog);
  const info: BuildInfo = {
    name: build.name,
    buildName: build.sourceName,
    builderType: build.builder.type,
    runId,
    tempDir,
    force: opts.force,
    onError: opts.onError,
    debug: opts.debug,
    templateDir: opts.templateDir,
    cwd: opts.cwd,
  };
  const ctx: StepContext = { signal: opts.signal, ui, state: new MapStateBag(), ledger, build: info };
  const artifacts: ArtifactInfo[] = [];
  let provisioned: { communicator: Communicator; data: GeneratedData } | undefined;
  let cleanupProvisionerError: string | undefined;
  const provisionHook: ProvisionHook = {
    async run(communicator, generated, stepCtx) {
      // The builder assembled what its provisioners see (see provision-hook-data.ts); the file
      // builder, like Packer's, passes nothing, and its provisioners keep the validate-time values.
      provisioned = { communicator, data: generated };
      for (const p of build.provisioners) {
        // -debug: Packer's DebuggedProvisioner asks first (its message has that stray space).
        if (info.debug && stepCtx.ui.ask) {
          await stepCtx.ui.ask(
            'Pausing before the next provisioner . Press enter to continue.',
            stepCtx.signal,
          );
          if (stepCtx.signal.aborted) throw new CancelledError();
        }
        await timed(stepCtx.ui, `provisioner ${p.name ?? p.type}`, () =>
          runProvisioner(p, inputs, communicator, generated, stepCtx),
        );
      }
    },
    async cleanup(stepCtx) {
      // Packer's StepProvision.Cleanup: after any failed step, not after a cancelled build.
      if (stepCtx.outcome !== 'failed' || provisioned === undefined) return;
      stepCtx.ui.say('Provisioning step had errors: Running the cleanup provisioner, if present...');
      const cleanup = build.errorCleanupProvisioner;
      if (!cleanup) return;
      try {
        await runProvisioner(cleanup, inputs, provisioned.communicator, provisioned.data, stepCtx);
      } catch (e) {
        cleanupProvisionerError = errorMessage(e);
      }
    },
  };
  let error: string | undefined;
  let leftBehind = false;
  try {
    const missing = missingRuntimes(build, runtimes);
    if (missing.length > 0) throw new Error(missing.join(' '));
    const builder = runtimes.builder(build.builder.type)!;
    const builderArtifact = await builder.run(build.builder.config, ctx, provisionHook);
    if (builderArtifact) {
      for (const a of await postProcess(builderArtifact, inputs, ctx)) {
        // What the run reports (the UI, the action's outputs and summary) is masked as the UI is.
        const shown = {
          ...artifactInfo(a),
          id: inputs.masker.mask(a.id),
          description: inputs.masker.mask(a.description),
        };
        artifacts.push(shown);
        emit({ type: 'artifact', build: build.name, artifact: shown, time: Date.now() });
      }
    }
  } catch (e) {
    // A failing error-cleanup-provisioner changes the build's error as in Packer.
    const message =
      cleanupProvisionerError === undefined
        ? errorMessage(e)
        : `Cleanup failed: ${cleanupProvisionerError}. Original Provisioning error: ${errorMessage(e)}`;
    error = opts.signal.aborted ? 'Build was cancelled.' : inputs.masker.mask(message);
  } finally {
    // The directory (and its ledger) stays when resources are still listed, so they can be swept.
    leftBehind = ledger.outstanding().length > 0;
    if (!leftBehind) fs.rmSync(tempDir, { recursive: true, force: true });
  }
  ui.flushOutput();
  const durationMs = Date.now() - started;
  const cancelled = opts.signal.aborted;
  emit({
    type: 'build-end',
    build: build.name,
    time: Date.now(),
    durationMs,
    ...(error !== undefined ? { error } : {}),
    cancelled,
  });
  return {
    name: build.name,
    builderType: build.builder.type,
    sourceName: build.sourceName,
    artifacts,
    ...(error !== undefined ? { error } : {}),
    cancelled,
    durationMs,
    ...(leftBehind ? { ledger: ledger.path } : {}),
  };
}

/**
 * Packer's post-processing (CoreBuild.Run): each chain starts from the builder's artifact; a
 * post-processor that fails ends its chain with an error, one that returns no artifact ends it
 * quietly. An intermediate artifact is kept (and reported) or destroyed as its successor says
 * (keep_input_artifact, or the component's own wish when it insists); the builder's artifact is
 * kept when there are no post-processors or the first of any chain keeps it. A failed Destroy is
 * one more error, and the other chains still run.
 */
async function postProcess<B extends BuildPlan>(
  builderArtifact: Artifact,
  inputs: BuildRunInputs<B>,
  ctx: StepContext,
): Promise<Artifact[]> {
  const { build } = inputs;
  const results: Artifact[] = [];
  let keepOriginal = build.postProcessorChains.length === 0;
  const errors: string[] = [];
  const destroy = async (artifact: Artifact, failure: (message: string) => string): Promise<void> => {
    try {
      await artifact.destroy();
    } catch (e) {
      errors.push(failure(errorMessage(e)));
    }
  };
  for (const chain of build.postProcessorChains) {
    let prior: Artifact | undefined = builderArtifact;
    for (const [i, pp] of chain.entries()) {
      const input: Artifact = prior;
      let next;
      try {
        next = await runPostProcessor(pp, input, inputs, ctx);
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        errors.push(`Post-processor failed: ${errorMessage(e)}`);
        prior = undefined;
        break;
      }
      if (!next.artifact) {
        prior = undefined;
        break;
      }
      let keep = next.keepInput;
      const wanted = pp.block.keepInputArtifact;
      if (wanted !== undefined && !(next.keepInput && !wanted && next.forceOverride)) keep = wanted;
      if (i === 0) keepOriginal = keepOriginal || keep;
      else if (keep) results.push(input);
      else {
        await destroy(input, (m) => `Failed cleaning up prior artifact: ${m}; pp is ${pp.type}`);
      }
      prior = next.artifact;
    }
    if (prior) results.push(prior);
    if (ctx.signal.aborted) throw new CancelledError();
  }
  if (!keepOriginal) {
    await destroy(builderArtifact, (m) => `Error destroying builder artifact: ${m}`);
  }
  // Packer's MultiError, as CoreBuild.Run returns it.
  if (errors.length > 0) {
    throw new Error(`${errors.length} error(s) occurred:\n\n${errors.map((e) => `* ${e}`).join('\n')}`);
  }
  return keepOriginal ? [builderArtifact, ...results] : results;
}

async function runPostProcessor<B extends BuildPlan>(
  pp: PostProcessorOf<B>,
  input: Artifact,
  inputs: BuildRunInputs<B>,
  ctx: StepContext,
) {
  const runtime = inputs.runtimes.postProcessor(pp.type)!;
  ctx.ui.say(`Running post-processor: ${pp.name ?? pp.type}${pp.name ? ` (type ${pp.type})` : ''}`);
  // Packer gives each post-processor a TargetedUI of its own: `==> <build> (<type>): …`.
  const targeted =
    ctx.ui instanceof EngineUI ? ctx.ui.targeted(`${inputs.build.name} (${pp.type})`) : undefined;
  const ui = targeted ?? ctx.ui;
  return timed(ctx.ui, `post-processor ${pp.name ?? pp.type}`, async () => {
    const generated = artifactGeneratedData(input.state);
    const config = usableConfig(inputs.decoder.postProcessor(inputs.build, pp, generated));
    try {
      return await runtime.postProcess(config, input, { ...ctx, ui });
    } finally {
      targeted?.flushOutput();
    }
  });
}
