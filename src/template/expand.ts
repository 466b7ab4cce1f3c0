import { type HclBody, mergeBodies } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors, warningDiag } from '../hcl/diagnostics';
import type { EvalContext } from '../eval/context';
import type { ComponentRegistry } from '../schema/registry';
import { decodeComponentConfig } from '../schema/decode';
import type { ComponentSchema, DecodedConfig } from '../schema/types';
import type { Range } from '../hcl/pos';
import { type BuildGlob, compileBuildGlob } from './build-filter';
import { checkBuildReferences } from './build-references';
import { componentContext, sourceContext } from './build-variables';
import { sourceUseName } from './builds';
import type {
  BuildBlock,
  ComponentBlockBase,
  ComponentInstance,
  ExpandedBuild,
  PostProcessorInstance,
  ProvisionerBlock,
  ProvisionerInstance,
  SourceBlock,
  SourceUse,
} from './model';
import { bodyFor } from './model';
import { overlayBody } from './override-body';
import { sourceKey } from './sources';
import { goTemplateSyntaxProblems } from './template-strings';

/**
 * Packer's GetBuilds for HCL2 templates: every (build block × source) pair, selected by -only and
 * -except, with its builder, provisioners and post-processors decoded by their schemas in the
 * context Packer gives each (see build-variables.ts).
 */

export interface ExpandInputs {
  readonly sources: ReadonlyMap<string, SourceBlock>;
  readonly builds: readonly BuildBlock[];
  /** The template's context for builds: var, local, data, path, packer and the functions. */
  readonly context: EvalContext;
}

export interface ExpandOptions {
  /** -only patterns, already split at commas as Packer's flag does. */
  readonly only: readonly string[];
  /** -except patterns, likewise. */
  readonly except: readonly string[];
  /** The loader already reported checkBuildReferences' problems (as Packer does while initialising). */
  readonly referencesChecked?: boolean;
  /**
   * A legacy JSON template (Packer's Core.BuildNames): builds are named by their builder's name
   * alone, -only/-except and component only/except match names exactly, and builds run in name order.
   */
  readonly legacy?: boolean;
}

/** CoreBuild.Name(): `<build name>.<type>.<name>`, or `<type>.<name>` for an unnamed build. */
export function expandedBuildName(build: BuildBlock, use: SourceUse): string {
  const source = sourceUseName(use);
  return build.name !== '' ? `${build.name}.${source}` : source;
}

function compileFilter(
  patterns: readonly string[],
  option: 'only' | 'except',
  diagnostics: Diagnostic[],
): BuildGlob[] {
  const globs: BuildGlob[] = [];
  for (const pattern of patterns) {
    const r = compileBuildGlob(pattern);
    if (r.ok) globs.push(r.glob);
    else diagnostics.push(errorDiag(`Invalid -${option} pattern ${pattern}: ${r.message}`, ''));
  }
  return globs;
}

/** OnlyExcept.Skip: provisioner and post-processor `only`/`except` against the source's name. */
function skips(block: ComponentBlockBase, sourceName: string): boolean {
  if (block.only.length > 0) return !block.only.includes(sourceName);
  return block.except.includes(sourceName);
}

/**
 * Expands and decodes the builds. The diagnostics start with checkBuildReferences' (Packer reports
 * those while parsing, so a loader that already reported them stops before calling this). Both
 * -only and -except may be given, as in Packer: -only selects, then -except removes.
 */
export function expandBuilds(
  inputs: ExpandInputs,
  registry: ComponentRegistry,
  opts: ExpandOptions,
): { builds: ExpandedBuild[]; diagnostics: Diagnostic[] } {
  const diagnostics = opts.referencesChecked
    ? []
    : checkBuildReferences(inputs.builds, inputs.sources, registry);
  if (inputs.builds.length === 0) {
    diagnostics.push(
      errorDiag(
        'Missing build block',
        'A build block with one or more sources is required for executing a build.',
      ),
    );
    return { builds: [], diagnostics };
  }
  const patternErrors: Diagnostic[] = [];
  const legacy = opts.legacy === true;
  const exact = (patterns: readonly string[]): BuildGlob[] =>
    patterns.map((p) => ({ match: (name: string) => name === p }) as BuildGlob);
  const only = legacy ? exact(opts.only) : compileFilter(opts.only, 'only', patternErrors);
  const except = legacy ? exact(opts.except) : compileFilter(opts.except, 'except', patternErrors);
  if (patternErrors.length > 0) return { builds: [], diagnostics: [...diagnostics, ...patternErrors] };

  const builds: ExpandedBuild[] = [];
  const possibleBuildNames: string[] = [];
  const counts = { onlyMatches: 0, exceptMatches: 0 };
  for (const block of inputs.builds) {
    for (const use of block.sources) {
      const source = inputs.sources.get(sourceKey(use.type, use.name));
      const builderSchema = registry.get('builder', use.type);
      if (!source || !builderSchema) continue; // reported by checkBuildReferences

      const name = legacy ? use.name : expandedBuildName(block, use);
      possibleBuildNames.push(name);
      if (only.length > 0) {
        if (!only.some((g) => g.match(name))) continue;
        counts.onlyMatches++;
      }
      if (except.some((g) => g.match(name))) {
        counts.exceptMatches++;
        continue;
      }
      const expanded = expandOne(
        inputs.context,
        registry,
        block,
        use,
        source,
        name,
        except,
        counts,
        diagnostics,
        legacy,
      );
      if (expanded) builds.push(expanded);
    }
  }
  if (legacy) {
    builds.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { builds, diagnostics };
  }

  const possible = `Possible build names: [${possibleBuildNames.join(' ')}].\nThese could also be matched with a glob pattern like: 'happycloud.*'`;
  // Packer counts selected builds, not matching patterns: one pattern matching two builds hides
  // another that matches none.
  if (opts.only.length > counts.onlyMatches) {
    diagnostics.push(
      warningDiag(
        "an 'only' option was passed, but not all matches were found for the given build.",
        possible,
      ),
    );
  }
  if (opts.except.length > counts.exceptMatches) {
    diagnostics.push(warningDiag("an 'except' option was passed, but did not match any build.", possible));
  }
  return { builds, diagnostics };
}

function expandOne(
  base: EvalContext,
  registry: ComponentRegistry,
  block: BuildBlock,
  use: SourceUse,
  source: SourceBlock,
  name: string,
  except: readonly BuildGlob[],
  counts: { exceptMatches: number },
  diagnostics: Diagnostic[],
  legacy: boolean,
): ExpandedBuild | undefined {
  const sourceName = use.localName ?? use.name;
  const builderSchema = registry.get('builder', use.type)!;
  // The nested source block's extra arguments join the source's own; setting one in both is hcl's
  // "Duplicate argument".
  const body = use.body ? mergeBodies([source.body, use.body]) : source.body;
  const builderConfig = decodeComponentConfig(
    builderSchema,
    body,
    sourceContext(base, use.type, sourceName),
    {
      range: source.range,
    },
  );
  const builderProblems = [...builderConfig.diagnostics, ...goTemplateSyntaxProblems(builderConfig)];
  diagnostics.push(...builderProblems);
  if (hasErrors(builderProblems)) return undefined;
  const builder: ComponentInstance = {
    kind: 'builder',
    type: use.type,
    name: sourceName,
    config: builderConfig,
  };

  const ctx = componentContext(
    base,
    { type: use.type, name: sourceName, generatedData: builderSchema.generatedData },
    block.name,
  );
  const useName = legacy ? use.name : sourceUseName(use);

  const provisionerDiagnostics: Diagnostic[] = [];
  const provisioners: ProvisionerInstance[] = [];
  for (const pb of block.provisioners) {
    if (skips(pb, useName)) continue;
    const instance = decodeProvisioner(registry, pb, sourceName, ctx, provisionerDiagnostics);
    if (instance) provisioners.push(instance);
  }
  diagnostics.push(...provisionerDiagnostics);
  if (hasErrors(provisionerDiagnostics)) return undefined;

  const ppDiagnostics: Diagnostic[] = [];
  const postProcessorChains: PostProcessorInstance[][] = [];
  for (const chain of block.postProcessorChains) {
    const instances: PostProcessorInstance[] = [];
    for (const pp of chain) {
      if (skips(pp, useName)) continue;
      // -except also names post-processors (by name, else type); the rest of the chain goes too.
      const ppName = pp.name ?? pp.type;
      if (except.some((g) => g.match(ppName))) {
        counts.exceptMatches++;
        break;
      }
      const schema = registry.get('post-processor', pp.type);
      if (!schema) continue;
      const config = decode(schema, bodyFor(pp, sourceName), ctx, pp.range, ppDiagnostics);
      if (config) instances.push({ kind: 'post-processor', type: pp.type, name: pp.name, config, block: pp });
    }
    if (instances.length > 0) postProcessorChains.push(instances);
  }
  diagnostics.push(...ppDiagnostics);
  if (hasErrors(ppDiagnostics)) return undefined;

  let errorCleanupProvisioner: ProvisionerInstance | undefined;
  const cleanup = block.errorCleanupProvisioner;
  if (cleanup && !skips(cleanup, useName)) {
    const cleanupDiagnostics: Diagnostic[] = [];
    errorCleanupProvisioner = decodeProvisioner(registry, cleanup, sourceName, ctx, cleanupDiagnostics);
    diagnostics.push(...cleanupDiagnostics);
    if (hasErrors(cleanupDiagnostics)) return undefined;
  }

  return {
    name,
    buildName: block.name,
    source,
    sourceName,
    builder,
    provisioners,
    ...(errorCleanupProvisioner ? { errorCleanupProvisioner } : {}),
    postProcessorChains,
    block,
    baseContext: base,
  };
}

/** A provisioner for one build: its `override` entry for the build's source name laid over it. */
function decodeProvisioner(
  registry: ComponentRegistry,
  pb: ProvisionerBlock,
  sourceName: string,
  ctx: EvalContext,
  diagnostics: Diagnostic[],
): ProvisionerInstance | undefined {
  const schema = registry.get('provisioner', pb.type);
  if (!schema) return undefined;
  const over = pb.override?.get(sourceName);
  const body = over ? overlayBody(bodyFor(pb, sourceName), over) : bodyFor(pb, sourceName);
  const config = decode(schema, body, ctx, pb.range, diagnostics);
  if (!config) return undefined;
  return { kind: 'provisioner', type: pb.type, name: pb.name, config, block: pb };
}

function decode(
  schema: ComponentSchema,
  body: HclBody,
  ctx: EvalContext,
  range: Range,
  diagnostics: Diagnostic[],
): DecodedConfig | undefined {
  const config = decodeComponentConfig(schema, body, ctx, { range });
  const problems = [...config.diagnostics, ...goTemplateSyntaxProblems(config)];
  diagnostics.push(...problems);
  return hasErrors(problems) ? undefined : config;
}
