import type { HclBody } from '../hcl/body';
import type { EvalContext } from '../eval/context';
import type { Diagnostic } from '../hcl/diagnostics';
import type { Range } from '../hcl/pos';
import type { ComponentKind, DecodedConfig } from '../schema/types';
import type { Value } from '../values/value';
import type { SourceFiles } from './source-files';
import type { InputVariables } from './variables';

/**
 * Packer's template model (hcl2template's PackerConfig), the same for HCL2 and legacy JSON
 * templates: what `validate` checks, `inspect` prints and `build` runs.
 */

/** `packer { required_version, required_plugins }`. */
export interface PackerBlock {
  /** Each `required_version` constraint string, with where it was written. */
  readonly requiredVersions: readonly { readonly constraint: string; readonly range: Range }[];
  readonly requiredPlugins: readonly RequiredPlugin[];
}

export interface RequiredPlugin {
  /** The local name (the attribute name in `required_plugins { docker = {...} }`). */
  readonly name: string;
  /** `github.com/hashicorp/docker`. */
  readonly source: string;
  /** The go-version constraint string (`>= 1.0.0, < 2`), "" when absent. */
  readonly version: string;
  readonly range: Range;
}

/** `data "type" "name" { ... }`. */
export interface DataSourceBlock {
  readonly type: string;
  readonly name: string;
  /** Undecoded: decoded with the data source's schema once its dependencies are evaluated. */
  readonly body: HclBody;
  readonly range: Range;
}

/** `source "type" "name" { ... }` (a legacy JSON builder is one too). */
export interface SourceBlock {
  readonly type: string;
  readonly name: string;
  /**
   * A legacy JSON builder's name as written, before interpolation (`vm-{{user \`suffix\`}}`): what
   * `inspect` shows, as Packer does.
   */
  readonly rawName?: string;
  readonly body: HclBody;
  readonly range: Range;
}

/** A `sources = [...]` entry or a nested `source "type.name" { ... }` block inside a build. */
export interface SourceUse {
  readonly type: string;
  readonly name: string;
  /** `name = "..."` in a nested source block: the build-local name used in build names and only/except. */
  readonly localName?: string;
  /** Extra attributes from a nested source block, merged over the top-level source's body. */
  readonly body?: HclBody;
  readonly range: Range;
}

/** Settings common to provisioners and post-processors. */
export interface ComponentBlockBase {
  readonly type: string;
  /** `name = "..."`: how the block is shown and matched by -only/-except. */
  readonly name?: string;
  readonly only: readonly string[];
  readonly except: readonly string[];
  /** The component's own configuration (meta-arguments removed). */
  readonly body: HclBody;
  readonly range: Range;
}

export interface ProvisionerBlock extends ComponentBlockBase {
  readonly kind: 'provisioner';
  /** Milliseconds. */
  readonly pauseBefore?: number;
  readonly maxRetries?: number;
  /** Milliseconds. */
  readonly timeout?: number;
  /** `continue_on_error`: a failure (after any retries) is reported and the build goes on. */
  readonly continueOnError?: boolean;
  /**
   * `override = { <name> = { option = value } }`, keyed as written: Packer applies the entry whose
   * key is the build's source name (its local name when the build gives one), not `type.name`.
   */
  readonly override?: ReadonlyMap<string, HclBody>;
  /** Kept as written: the runtime checks `override` keys against build names. */
  readonly overrideRange?: Range;
  /** See PostProcessorBlock.bodyForSource. */
  readonly bodyForSource?: ReadonlyMap<string, HclBody>;
}

export interface PostProcessorBlock extends ComponentBlockBase {
  readonly kind: 'post-processor';
  readonly keepInputArtifact?: boolean;
  /**
   * Legacy JSON only: the body rendered for each build (keyed by source name) when its options name
   * `{{build_name}}` or `{{build_type}}`, which Packer renders per build in the component's Prepare.
   */
  readonly bodyForSource?: ReadonlyMap<string, HclBody>;
}

/** The body a provisioner or post-processor block has in the build of `sourceName`. */
export function bodyFor(block: ProvisionerBlock | PostProcessorBlock, sourceName: string): HclBody {
  return block.bodyForSource?.get(sourceName) ?? block.body;
}

export interface BuildBlock {
  readonly name: string;
  readonly description: string;
  readonly sources: readonly SourceUse[];
  readonly provisioners: readonly ProvisionerBlock[];
  readonly errorCleanupProvisioner?: ProvisionerBlock;
  /** Each inner list is a chain: a single `post-processor` block is a chain of one. */
  readonly postProcessorChains: readonly (readonly PostProcessorBlock[])[];
  readonly range: Range;
}

export interface Template {
  /** Packer's path.root. */
  readonly root: string;
  readonly configFiles: readonly string[];
  /** Every text read, for renderDiagnostics. */
  readonly files: SourceFiles;
  /** 'hcl2' for .pkr.hcl/.pkr.json directories and files, 'json' for legacy JSON templates. */
  readonly syntax: 'hcl2' | 'json';
  /** Legacy JSON templates' top-level `description`. */
  readonly description?: string;
  readonly packer: PackerBlock;
  readonly variables: InputVariables;
  /** Evaluated locals (failed ones absent). */
  readonly locals: ReadonlyMap<string, Value>;
  /** Locals declared `sensitive = true`: masked in every output. */
  readonly sensitiveLocals: ReadonlySet<string>;
  readonly dataSources: readonly DataSourceBlock[];
  /** Evaluated data sources by `type.name` (unknown values when not executed). */
  readonly dataValues: ReadonlyMap<string, Value>;
  /** By `type.name`, in declaration order. */
  readonly sources: ReadonlyMap<string, SourceBlock>;
  readonly builds: readonly BuildBlock[];
  /** Problems found parsing and decoding: Packer stops before initialising when any is an error. */
  readonly diagnostics: Diagnostic[];
  /**
   * Problems found initialising (unset variables, validation rules, locals, data sources): fatal for
   * validate and build, ignored by console and inspect.
   */
  readonly initDiagnostics: Diagnostic[];
  /**
   * Problems only `build` reports (Packer finds them setting up the HCP Packer registry): the
   * deprecation of build-level hcp_packer_registry blocks and more than one block in all.
   */
  readonly buildDiagnostics?: readonly Diagnostic[];
}

/** One component block decoded for one build (Packer's CoreBuild members). */
export interface ComponentInstance {
  readonly kind: ComponentKind;
  readonly type: string;
  readonly name?: string;
  readonly config: DecodedConfig;
}

export interface ProvisionerInstance extends ComponentInstance {
  readonly kind: 'provisioner';
  readonly block: ProvisionerBlock;
}

export interface PostProcessorInstance extends ComponentInstance {
  readonly kind: 'post-processor';
  readonly block: PostProcessorBlock;
}

/**
 * One (build block × source) pair after -only/-except: what `build` runs. `name` is what Packer
 * prints and matches: `<build.name>.<type>.<name>` when the build block has a name, else `<type>.<name>`;
 * `<name>` is the nested source's local name when it has one.
 */
export interface ExpandedBuild {
  readonly name: string;
  readonly buildName: string;
  readonly source: SourceBlock;
  /** The source's name as used in this build (local name when given). */
  readonly sourceName: string;
  readonly builder: ComponentInstance;
  readonly provisioners: readonly ProvisionerInstance[];
  readonly errorCleanupProvisioner?: ProvisionerInstance;
  readonly postProcessorChains: readonly (readonly PostProcessorInstance[])[];
  readonly block: BuildBlock;
  /**
   * The template's context for builds (var, local, data, path, packer, functions): provisioner and
   * post-processor bodies are decoded again in it at run time, with the builder's real `build.*`
   * values (see componentContext in build-variables.ts).
   */
  readonly baseContext: EvalContext;
}
