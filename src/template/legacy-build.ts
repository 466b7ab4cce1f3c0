import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import { legacyJsonBody } from '../hcl/json/body';
import type { HclBody } from '../hcl/body';
import type { JsonObject, JsonValue } from '../hcl/json/ast';
import { jsonStartRange } from '../hcl/json/ast';
import type { Range } from '../hcl/pos';
import { renderGoTemplate } from '../gotemplate/index';
import type { GoTemplateFunction, InterpolationContext } from '../gotemplate/types';
import type { ComponentKind } from '../schema/types';
import type { LegacyBuilder, LegacyPostProcessor, LegacyProvisioner } from './legacy-components';
import { goKindName } from './legacy-decode';
import { renderLegacyConfig } from './legacy-render';
import type { BuildBlock, PostProcessorBlock, ProvisionerBlock, SourceBlock } from './model';

/**
 * The initialising half of a legacy JSON template (Packer's Core.initialize and the parts of
 * Core.Build that need no plugin): Template.Validate's checks of builder references, builder names
 * and `max_retries` rendered with user variables, every component configuration rendered the way
 * its plugin's Prepare would (user variables, timestamp, template_dir...; what only exists at run
 * time, like `{{ .Path }}`, kept for later), and the result as the shared template model: one
 * unnamed build using every builder.
 */

export interface LegacyComponents {
  readonly builders: readonly LegacyBuilder[];
  readonly provisioners: readonly LegacyProvisioner[];
  readonly cleanupProvisioner?: LegacyProvisioner;
  readonly postProcessors: readonly (readonly LegacyPostProcessor[])[];
  /** The `builders` value, or the root object's brace when there is none: where the build is. */
  readonly buildRange: Range;
}

export interface LegacyBuildResult {
  readonly sources: Map<string, SourceBlock>;
  readonly build: BuildBlock;
  /** Template.Validate's problems: what Packer reports first when it initialises a template. */
  readonly validation: Diagnostic[];
  /** Problems rendering builder names, `max_retries` and configurations. */
  readonly diagnostics: Diagnostic[];
}

/**
 * interpolate.Render: rendered again while the result still changes, so that a user variable whose
 * value holds a template is itself rendered. Bounded, where Go would loop for ever.
 */
function renderToFixpoint(text: string, ctx: InterpolationContext): ReturnType<typeof renderGoTemplate> {
  let current = text;
  for (let i = 0; i < 100; i++) {
    const r = renderGoTemplate(current, ctx);
    if (!r.ok || r.value === current) return r;
    current = r.value;
  }
  return { ok: true, value: current };
}

/** strconv.Atoi, with its error text. */
function goAtoi(s: string): { ok: true; value: number } | { ok: false; message: string } {
  const quoted = JSON.stringify(s);
  if (!/^[+-]?[0-9]+$/.test(s))
    return { ok: false, message: `strconv.Atoi: parsing ${quoted}: invalid syntax` };
  const n = BigInt(s);
  if (n > (1n << 63n) - 1n || n < -(1n << 63n)) {
    return { ok: false, message: `strconv.Atoi: parsing ${quoted}: value out of range` };
  }
  return { ok: true, value: Number(n) };
}

/** OnlyExcept.Validate: both given is an error; otherwise every name must be a builder's. */
function checkOnlyExcept(
  c: Pick<LegacyProvisioner, 'only' | 'except'>,
  prefix: string,
  builderNames: ReadonlySet<string>,
  at: Range,
  diagnostics: Diagnostic[],
): void {
  const only = c.only?.value ?? [];
  const except = c.except?.value ?? [];
  if (only.length > 0 && except.length > 0) {
    diagnostics.push(
      errorDiag(`${prefix}only one of 'only' or 'except' may be specified`, '', c.except?.range ?? at),
    );
    return;
  }
  for (const [key, list] of [
    ['only', c.only],
    ['except', c.except],
  ] as const) {
    for (const n of list?.value ?? []) {
      if (!builderNames.has(n)) {
        diagnostics.push(
          errorDiag(`${prefix}'${key}' specified builder '${n}' not found`, '', list?.range ?? at),
        );
      }
    }
  }
}

/** The Go-template functions a component type adds for its own options (ComponentSchema.templateFunctions). */
export type ComponentTemplateFunctions = (
  kind: ComponentKind,
  type: string,
) => ReadonlyMap<string, GoTemplateFunction> | undefined;

/**
 * Builds the model. `ctx` is the components' interpolation context (user variables, now, template
 * directory...; no `env`, which Packer refuses outside variable defaults); each component's
 * configuration is rendered with its own functions added, as its Prepare renders it with its
 * `ctx.Funcs` (amazon's `clean_resource_name`).
 */
export function buildLegacyModel(
  components: LegacyComponents,
  ctx: InterpolationContext,
  functionsOf: ComponentTemplateFunctions = () => undefined,
): LegacyBuildResult {
  const own = (kind: ComponentKind, type: string): InterpolationContext => {
    const functions = functionsOf(kind, type);
    return functions === undefined ? ctx : { ...ctx, functions };
  };
  const validation: Diagnostic[] = [];
  const diagnostics: Diagnostic[] = [];
  const { builders, provisioners, postProcessors } = components;
  const rawNames = new Set(builders.map((b) => b.name));

  // Template.Validate.
  if (builders.length === 0) {
    validation.push(errorDiag('at least one builder must be defined', '', components.buildRange));
  }
  provisioners.forEach((p, i) => {
    const prefix = `provisioner ${i + 1}: `;
    checkOnlyExcept(p, prefix, rawNames, p.range, validation);
    for (const o of p.override?.value ?? []) {
      if (!rawNames.has(o.name)) {
        validation.push(errorDiag(`${prefix}override '${o.name}' doesn't exist`, '', o.nameRange));
      }
    }
  });
  postProcessors.forEach((chain, i) =>
    chain.forEach((pp, j) =>
      checkOnlyExcept(pp, `post-processor ${i + 1}.${j + 1}: `, rawNames, pp.range, validation),
    ),
  );

  // Builds are known by their rendered names; only/except/override name builders as written.
  const renderedName = new Map<string, string>();
  const sources = new Map<string, SourceBlock>();
  for (const b of builders) {
    const core = { ...ctx, keepUnresolved: false };
    const r = renderToFixpoint(b.name, core);
    if (!r.ok) {
      diagnostics.push(
        errorDiag(`Error interpolating builder '${b.name}'`, r.message, b.nameRange ?? b.range),
      );
    }
    const name = r.ok ? r.value : b.name;
    renderedName.set(b.name, name);
    const config = renderLegacyConfig(
      b.config,
      { ...own('builder', b.type), buildName: name, buildType: b.type },
      diagnostics,
    );
    sources.set(`${b.type}.${name}`, {
      type: b.type,
      name,
      rawName: b.name,
      body: legacyJsonBody(config),
      range: b.range,
    });
  }
  const names = (list: readonly string[] | undefined): string[] =>
    (list ?? []).map((n) => renderedName.get(n) ?? n);

  // Packer renders a provisioner's or post-processor's options in its Prepare, once per build, with
  // that build's name and type: options naming them get a body of their own for each build (their
  // problems are already reported by the shared rendering, so these renderings' are dropped).
  const perBuild = (
    config: JsonObject,
    kind: ComponentKind,
    type: string,
  ): { bodyForSource: ReadonlyMap<string, HclBody> } | Record<string, never> => {
    if (!namesBuild(config)) return {};
    const bodies = new Map<string, HclBody>();
    for (const b of builders) {
      const name = renderedName.get(b.name) ?? b.name;
      const rendered = renderLegacyConfig(
        config,
        { ...own(kind, type), buildName: name, buildType: b.type },
        [],
      );
      bodies.set(name, legacyJsonBody(rendered));
    }
    return { bodyForSource: bodies };
  };

  const provisioner = (p: LegacyProvisioner): ProvisionerBlock => {
    let maxRetries: number | undefined;
    if (p.maxRetries) {
      const r = renderToFixpoint(p.maxRetries.value, { ...ctx, keepUnresolved: false });
      const n = r.ok ? goAtoi(r.value) : undefined;
      if (!r.ok) {
        diagnostics.push(errorDiag('failed to interpolate `max_retries`', r.message, p.maxRetries.range));
      } else if (n && !n.ok) {
        diagnostics.push(
          errorDiag(`\`max_retries\` must be a valid integer: ${n.message}`, '', p.maxRetries.range),
        );
      } else if (n?.ok) maxRetries = n.value;
    }
    let override: Map<string, HclBody> | undefined;
    if (p.override) {
      override = new Map();
      for (const o of p.override.value) {
        // An override belongs to one build: rendered with its name and type.
        const buildName = renderedName.get(o.name) ?? o.name;
        const buildType = builders.find((b) => b.name === o.name)?.type;
        const octx = { ...own('provisioner', p.type), buildName, ...(buildType ? { buildType } : {}) };
        const body = overrideBody(o.value, o.name, octx, diagnostics);
        if (body) override.set(renderedName.get(o.name) ?? o.name, body);
      }
    }
    return {
      kind: 'provisioner',
      type: p.type,
      only: names(p.only?.value),
      except: names(p.except?.value),
      body: legacyJsonBody(renderLegacyConfig(p.config, own('provisioner', p.type), diagnostics)),
      ...perBuild(p.config, 'provisioner', p.type),
      range: p.range,
      ...(p.pauseBefore !== 0 ? { pauseBefore: p.pauseBefore } : {}),
      ...(maxRetries !== undefined && maxRetries !== 0 ? { maxRetries } : {}),
      ...(p.timeout !== 0 ? { timeout: p.timeout } : {}),
      ...(override ? { override, overrideRange: p.override?.range } : {}),
    };
  };

  const postProcessor = (pp: LegacyPostProcessor): PostProcessorBlock => ({
    kind: 'post-processor',
    type: pp.type,
    ...(pp.name !== undefined ? { name: pp.name } : {}),
    only: names(pp.only?.value),
    except: names(pp.except?.value),
    body: legacyJsonBody(renderLegacyConfig(pp.config, own('post-processor', pp.type), diagnostics)),
    ...perBuild(pp.config, 'post-processor', pp.type),
    range: pp.range,
    ...(pp.keepInputArtifact !== undefined ? { keepInputArtifact: pp.keepInputArtifact } : {}),
  });

  const build: BuildBlock = {
    name: '',
    description: '',
    sources: builders.map((b) => ({
      type: b.type,
      name: renderedName.get(b.name) ?? b.name,
      range: b.range,
    })),
    provisioners: provisioners.map(provisioner),
    ...(components.cleanupProvisioner
      ? { errorCleanupProvisioner: provisioner(components.cleanupProvisioner) }
      : {}),
    // A chain left empty does nothing in Packer (Core.Build skips it).
    postProcessorChains: postProcessors.filter((c) => c.length > 0).map((c) => c.map(postProcessor)),
    range: components.buildRange,
  };
  return { sources, build, validation, diagnostics };
}

/** Whether any string in `value` mentions build_name or build_type (a template calling them). */
function namesBuild(value: JsonValue): boolean {
  switch (value.kind) {
    case 'string':
      return /build_(name|type)/.test(value.value);
    case 'object':
      return value.properties.some((p) => namesBuild(p.value));
    case 'array':
      return value.elements.some(namesBuild);
    default:
      return false;
  }
}

/** One builder's override options: rendered like the provisioner's own (they are merged over them). */
function overrideBody(
  value: JsonValue,
  builder: string,
  ctx: InterpolationContext,
  diagnostics: Diagnostic[],
): HclBody | undefined {
  if (value.kind === 'null') return undefined;
  if (value.kind !== 'object') {
    // The plugin's config.Decode gets this value as a configuration map and cannot read it.
    diagnostics.push(
      errorDiag(
        `override '${builder}': '' expected a map, got '${goKindName(value)}'`,
        '',
        jsonStartRange(value),
      ),
    );
    return undefined;
  }
  return legacyJsonBody(renderLegacyConfig(value as JsonObject, ctx, diagnostics));
}
