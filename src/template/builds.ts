import { type BodySchema, type HclAttribute, type HclBlock, expressionRange } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors, warningDiag } from '../hcl/diagnostics';
import type { Range } from '../hcl/pos';
import { exprList } from '../hcl/static-expr';
import type { EvalContext } from '../eval/context';
import { Value } from '../values/value';
import { decodeString, validIdentifier } from './decode';
import {
  checkHcpPackerRegistries,
  decodeHcpPackerRegistry,
  hcpRegistryBuildDiagnostics,
} from './hcp-registry';
import { decodeStringArg, decodeStringListArg } from './meta-arguments';
import type { BuildBlock, PostProcessorBlock, ProvisionerBlock, SourceUse } from './model';
import { decodePostProcessorBlock, decodeProvisionerBlock } from './provisioner-blocks';

/**
 * `build { ... }` blocks (hcl2template's decodeBuildConfig): the build's name, description and the
 * sources it uses, and its provisioner and post-processor blocks with Packer's meta-arguments
 * decoded. Component bodies stay undecoded until the build is expanded per source (expand.ts);
 * whether the sources and component types exist is checked by checkBuildReferences.
 */

const BUILD_ATTRIBUTES: BodySchema = {
  attributes: [{ name: 'name' }, { name: 'description' }, { name: 'sources' }],
  blocks: [],
};

const BUILD_BLOCKS: BodySchema = {
  attributes: [],
  blocks: [
    { type: 'from', labelNames: ['type'] },
    { type: 'source', labelNames: ['reference'] },
    { type: 'provisioner', labelNames: ['type'] },
    { type: 'error-cleanup-provisioner', labelNames: ['type'] },
    { type: 'post-processor', labelNames: ['type'] },
    { type: 'post-processors', labelNames: [] },
    { type: 'hcp_packer_registry', labelNames: [] },
  ],
};

const POST_PROCESSORS_SCHEMA: BodySchema = {
  attributes: [],
  blocks: [{ type: 'post-processor', labelNames: ['type'] }],
};

const NESTED_SOURCE_SCHEMA: BodySchema = { attributes: [{ name: 'name' }], blocks: [] };

export const INVALID_SOURCE_REFERENCE_DETAIL =
  'A source type is made of three parts that are split by a dot `.`; each part must start with a letter and may contain only letters, digits, underscores, and dashes. A valid source reference looks like: `source.type.name`';

/**
 * A source reference as Packer reads it (sourceRefFromString): `type.name`, or three parts of which
 * the first (normally `source`) is ignored. Packer also ignores anything after a third dot; Kiln
 * refuses such references rather than silently build another source.
 */
export function parseSourceReference(ref: string): { type: string; name: string } | undefined {
  let parts = ref.split('.');
  if (parts.length === 3) parts = parts.slice(1);
  if (parts.length !== 2) return undefined;
  const [type, name] = parts;
  if (!validIdentifier(type) || !validIdentifier(name)) return undefined;
  return { type, name };
}

/** `type.name` as a build's provisioners and post-processors match it in `only`/`except`. */
export function sourceUseName(use: SourceUse): string {
  return `${use.type}.${use.localName ?? use.name}`;
}

/**
 * Decodes every `build` block among a template's top-level blocks (plus the top-level
 * `hcp_packer_registry`, which is checked together with the build-level ones). ctx is the
 * template's context for builds (var, local, data, path, packer, functions). A build with any error
 * is left out, as Packer leaves it out.
 */
export function decodeBuilds(
  blocks: readonly HclBlock[],
  ctx: EvalContext,
): { builds: BuildBlock[]; diagnostics: Diagnostic[]; buildOnlyDiagnostics: Diagnostic[] } {
  const builds: BuildBlock[] = [];
  const diagnostics: Diagnostic[] = [];
  const registries: HclBlock[] = [];
  for (const block of blocks) {
    if (block.type !== 'build') continue;
    const r = decodeBuild(block, ctx);
    diagnostics.push(...r.diagnostics);
    // Like Packer, only builds that decoded cleanly take part in the registry checks.
    if (!r.build || hasErrors(r.diagnostics)) continue;
    builds.push(r.build);
    if (r.registry) registries.push(r.registry);
  }
  const topLevel = blocks.filter((b) => b.type === 'hcp_packer_registry');
  diagnostics.push(...checkHcpPackerRegistries(topLevel, registries, ctx));
  return { builds, diagnostics, buildOnlyDiagnostics: hcpRegistryBuildDiagnostics(topLevel, registries) };
}

interface MetaUse {
  readonly kind: string;
  readonly type: string;
  readonly only: readonly string[];
  readonly except: readonly string[];
  readonly onlyAttr?: HclAttribute;
  readonly exceptAttr?: HclAttribute;
}

function decodeBuild(
  block: HclBlock,
  ctx: EvalContext,
): { build?: BuildBlock; registry?: HclBlock; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const { content: attrs, remain, diagnostics: d } = block.body.partialContent(BUILD_ATTRIBUTES);
  diagnostics.push(...d);
  const text = (name: string): string => {
    const attr = attrs.attributes.get(name);
    if (!attr) return '';
    const r = decodeStringArg(attr.expr, ctx);
    diagnostics.push(...r.diagnostics);
    return r.value ?? '';
  };
  const name = text('name');
  const description = text('description');

  const sources: SourceUse[] = [];
  let hadSource = false;
  const sourcesAttr = attrs.attributes.get('sources');
  if (sourcesAttr) {
    for (const entry of sourceEntries(sourcesAttr, ctx, diagnostics)) {
      hadSource = true;
      const ref = parseSourceReference(entry.text);
      if (!ref) {
        diagnostics.push(errorDiag('Invalid source reference', INVALID_SOURCE_REFERENCE_DETAIL, entry.range));
        continue;
      }
      sources.push({ ...ref, range: entry.range });
    }
  }
  if (hasErrors(diagnostics)) return { diagnostics };

  const { content, diagnostics: cd } = remain.content(BUILD_BLOCKS);
  diagnostics.push(...cd);
  if (hasErrors(diagnostics)) return { diagnostics };

  // Provisioners and post-processors see the build's name while their meta-arguments are read.
  const buildCtx = ctx.child({ build: Value.object({ name: Value.string(name) }) });
  const provisioners: ProvisionerBlock[] = [];
  let errorCleanupProvisioner: ProvisionerBlock | undefined;
  const postProcessorChains: PostProcessorBlock[][] = [];
  const metaUses: MetaUse[] = [];
  let registry: HclBlock | undefined;

  for (const b of content.blocks) {
    switch (b.type) {
      case 'from':
        // Packer's build schema accepts `from` but nothing reads it.
        diagnostics.push(
          warningDiag(
            'Ignored from block',
            'Packer accepts `from` blocks in a build but does nothing with them, and neither does Kiln. Use `sources` or a `source` block to choose what the build starts from.',
            b.range,
          ),
        );
        break;
      case 'source': {
        hadSource = true;
        const use = decodeNestedSource(b, diagnostics);
        if (use) sources.push(use);
        break;
      }
      case 'provisioner': {
        const r = decodeProvisionerBlock(b, buildCtx);
        diagnostics.push(...r.diagnostics);
        if (r.block) {
          provisioners.push(r.block);
          metaUses.push({ kind: 'provisioner', type: r.block.type, ...r.onlyExcept });
        }
        break;
      }
      case 'error-cleanup-provisioner': {
        if (errorCleanupProvisioner) {
          diagnostics.push(errorDiag('Only one error-cleanup-provisioner is allowed', '', b.range));
          break;
        }
        const r = decodeProvisionerBlock(b, buildCtx);
        diagnostics.push(...r.diagnostics);
        if (r.block) {
          errorCleanupProvisioner = r.block;
          metaUses.push({ kind: 'error-cleanup-provisioner', type: r.block.type, ...r.onlyExcept });
        }
        break;
      }
      case 'post-processor': {
        const r = decodePostProcessorBlock(b, buildCtx);
        diagnostics.push(...r.diagnostics);
        if (r.block) {
          postProcessorChains.push([r.block]);
          metaUses.push({ kind: 'post-processor', type: r.block.type, ...r.onlyExcept });
        }
        break;
      }
      case 'post-processors': {
        const chain = decodeChain(b, buildCtx, diagnostics, metaUses);
        if (chain) postProcessorChains.push(chain);
        break;
      }
      case 'hcp_packer_registry': {
        if (registry) {
          diagnostics.push(errorDiag('Only one hcp_packer_registry is allowed', '', b.range));
          break;
        }
        const r = decodeHcpPackerRegistry(b, ctx);
        diagnostics.push(...r);
        if (!hasErrors(r)) registry = b;
        break;
      }
    }
  }

  if (!hadSource) {
    diagnostics.push(
      errorDiag(
        'missing source reference',
        'a build block must reference at least one source to be built',
        block.range,
      ),
    );
  }
  diagnostics.push(...unmatchedOnlyExcept(metaUses, sources));

  const build: BuildBlock = {
    name,
    description,
    sources,
    provisioners,
    ...(errorCleanupProvisioner ? { errorCleanupProvisioner } : {}),
    postProcessorChains,
    range: block.range,
  };
  return { build, registry, diagnostics };
}

/** `sources = [...]`: each entry with its own range when the list is written out. */
function sourceEntries(
  attr: HclAttribute,
  ctx: EvalContext,
  diagnostics: Diagnostic[],
): { text: string; range: Range }[] {
  const e = attr.expr;
  const literalList =
    (e.syntax === 'native' && e.expr.kind === 'TupleCons') ||
    ((e.syntax === 'json' || e.syntax === 'literal') && e.value.kind === 'array');
  const out: { text: string; range: Range }[] = [];
  if (literalList) {
    for (const el of exprList(e).exprs) {
      const r = decodeStringArg(el, ctx);
      diagnostics.push(...r.diagnostics);
      if (r.value !== undefined) out.push({ text: r.value, range: expressionRange(el) });
    }
    return out;
  }
  const r = decodeStringListArg(e, ctx);
  diagnostics.push(...r.diagnostics);
  for (const text of r.value ?? []) out.push({ text, range: expressionRange(e) });
  return out;
}

/**
 * `source "type.name" { name = "local", ... }`: `name` is read without any context, as Packer
 * does; the other arguments are kept to be merged over the source's own body.
 */
function decodeNestedSource(block: HclBlock, diagnostics: Diagnostic[]): SourceUse | undefined {
  const ref = parseSourceReference(block.labels[0]);
  if (!ref) {
    diagnostics.push(
      errorDiag('Invalid source reference', INVALID_SOURCE_REFERENCE_DETAIL, block.labelRanges[0]),
    );
    return undefined;
  }
  const { content, remain, diagnostics: d } = block.body.partialContent(NESTED_SOURCE_SCHEMA);
  diagnostics.push(...d);
  let localName: string | undefined;
  const nameAttr = content.attributes.get('name');
  if (nameAttr) {
    const r = decodeString(nameAttr.expr);
    diagnostics.push(...r.diagnostics);
    if (hasErrors(r.diagnostics)) return undefined;
    if (r.value !== '') localName = r.value;
  }
  if (hasErrors(d)) return undefined;
  return {
    ...ref,
    ...(localName !== undefined ? { localName } : {}),
    body: remain,
    range: block.labelRanges[0],
  };
}

/** `post-processors { post-processor ... }`: one chain; any error drops the whole chain. */
function decodeChain(
  block: HclBlock,
  ctx: EvalContext,
  diagnostics: Diagnostic[],
  metaUses: MetaUse[],
): PostProcessorBlock[] | undefined {
  const { content, diagnostics: d } = block.body.content(POST_PROCESSORS_SCHEMA);
  diagnostics.push(...d);
  if (hasErrors(d)) return undefined;
  const chain: PostProcessorBlock[] = [];
  for (const b of content.blocks) {
    const r = decodePostProcessorBlock(b, ctx);
    diagnostics.push(...r.diagnostics);
    if (!r.block) return undefined;
    chain.push(r.block);
    metaUses.push({ kind: 'post-processor', type: r.block.type, ...r.onlyExcept });
  }
  return chain;
}

/**
 * Packer compares `only`/`except` entries with each source's `type.name` (the local name when the
 * build gives one) and silently never matches a misspelt one, which skips or keeps a provisioner
 * without a word. Kiln warns, in the wording Packer uses for legacy JSON templates.
 */
function unmatchedOnlyExcept(uses: readonly MetaUse[], sources: readonly SourceUse[]): Diagnostic[] {
  const names = sources.map(sourceUseName);
  const known = new Set(names);
  const diagnostics: Diagnostic[] = [];
  for (const use of uses) {
    for (const [option, list, attr] of [
      ['only', use.only, use.onlyAttr],
      ['except', use.except, use.exceptAttr],
    ] as const) {
      for (const entry of list) {
        if (known.has(entry)) continue;
        diagnostics.push(
          warningDiag(
            `'${option}' specified builder '${entry}' not found`,
            `Sources in this build: ${names.join(', ')}. Packer compares each entry with these names and ignores an entry that matches none.`,
            attr ? expressionRange(attr.expr) : undefined,
          ),
        );
      }
    }
  }
  return diagnostics;
}
