import type { DecodedConfig } from '../schema/types';
import type { BuilderRuntime, GeneratedData, PostProcessorRuntime, ProvisionerRuntime } from './types';

/**
 * What the engine is given to run, declared here so that the engine needs nothing from the
 * template layer: the template's expanded builds (template/model.ts ExpandedBuild) have this
 * shape, and whatever else they carry travels through the engine untouched to the callbacks below.
 */

/** Packer's provisioner wrappers: what the engine does around a provisioner's own run. */
export interface ProvisionerSettings {
  /** Milliseconds. */
  readonly pauseBefore?: number;
  readonly maxRetries?: number;
  /** Milliseconds. */
  readonly timeout?: number;
  /** `continue_on_error`: a failure (after any retries) is reported and the build goes on. */
  readonly continueOnError?: boolean;
}

export interface PostProcessorSettings {
  /** `keep_input_artifact` as written; absent: the post-processor decides. */
  readonly keepInputArtifact?: boolean;
}

/** A provisioner of a build, decoded with the values known before the build runs. */
export interface PlannedProvisioner {
  readonly type: string;
  readonly name?: string;
  readonly config: DecodedConfig;
  readonly block: ProvisionerSettings;
}

export interface PlannedPostProcessor {
  readonly type: string;
  readonly name?: string;
  readonly config: DecodedConfig;
  readonly block: PostProcessorSettings;
}

/**
 * One build to run: a builder, then its provisioners (through the builder), then post-processor
 * chains. P and Q are the entries' own types, which the decoder below receives back.
 */
export interface BuildPlan<
  P extends PlannedProvisioner = PlannedProvisioner,
  Q extends PlannedPostProcessor = PlannedPostProcessor,
> {
  /** What Packer prints and matches (`<build>.<type>.<name>`). */
  readonly name: string;
  /** The source's name as used in this build (the manifest's `name`). */
  readonly sourceName: string;
  readonly builder: { readonly type: string; readonly config: DecodedConfig };
  readonly provisioners: readonly P[];
  readonly errorCleanupProvisioner?: P;
  /** Each inner list is a chain, fed the builder's artifact. */
  readonly postProcessorChains: readonly (readonly Q[])[];
}

/** A provisioner of plan B, as B declares them (so callbacks get back what they were given). */
export type ProvisionerOf<B extends BuildPlan> =
  B['provisioners'][number] | NonNullable<B['errorCleanupProvisioner']>;

export type PostProcessorOf<B extends BuildPlan> = B['postProcessorChains'][number][number];

/**
 * Decoding a provisioner or post-processor again at run time, with the values the builder
 * generated (`build.Host`, `build.ID`...): Packer decodes HCL2 components twice, and only the
 * layer that knows the template can. A returned config with error diagnostics fails the component.
 */
export interface RunTimeDecoder<B extends BuildPlan> {
  provisioner(build: B, provisioner: ProvisionerOf<B>, generated: GeneratedData): DecodedConfig;
  postProcessor(build: B, postProcessor: PostProcessorOf<B>, generated: GeneratedData): DecodedConfig;
}

/** Where the engine finds the runtime of each component type (the sdk's RuntimeRegistry is one). */
export interface RuntimeLookup {
  builder(type: string): BuilderRuntime | undefined;
  provisioner(type: string): ProvisionerRuntime | undefined;
  postProcessor(type: string): PostProcessorRuntime | undefined;
  /** Why a declared component cannot run (its cannotRun mark), when it is marked so. */
  cannotRun(kind: RunnableKind, type: string): string | undefined;
}

/** The kinds of component the engine runs (data sources run while the template is evaluated). */
export type RunnableKind = 'builder' | 'provisioner' | 'post-processor';
