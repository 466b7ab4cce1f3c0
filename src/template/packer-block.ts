import { type BodySchema, type HclAttribute, type HclBlock, expressionRange } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import { formatRange } from '../hcl/pos';
import { evaluateSyntaxExpression } from '../eval/json';
import { tryConvert } from '../eval/value-ops';
import { goQuote } from '../text/go-quote';
import {
  type VersionConstraints,
  constraintsCheck,
  formatConstraints,
  parseConstraints,
  parseVersion,
} from '../text/go-version';
import { parsePluginPart, parsePluginSource } from './plugin-address';
import { StringType } from '../values/types';
import type { Value } from '../values/value';
import type { PackerBlock, RequiredPlugin } from './model';

/**
 * The `packer { required_version, required_plugins { ... } }` blocks, decoded as hcl2template's
 * version.go, version_required.go, types.required_plugins.go and plugin.go do, with the plugin
 * address rules of its addrs package. Every value here must be a constant: these blocks are read
 * before variables exist.
 */

export const PACKER_BLOCK_SCHEMA: BodySchema = {
  attributes: [{ name: 'required_version' }],
  blocks: [{ type: 'required_plugins', labelNames: [] }],
};

const CONSTRAINT_DOCS = 'https://packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints';
const CONSTRAINT_SYNTAX_DOCS =
  'https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraint-syntax';

/** Decodes every `packer {}` block among a template's top-level blocks (others are ignored). */
export function decodePackerBlocks(blocks: readonly HclBlock[]): {
  packer: PackerBlock;
  diagnostics: Diagnostic[];
  /**
   * The part of `diagnostics` Packer's sniffCoreVersionRequirements finds (the packer blocks' own
   * bodies and required_version): all it reports when a required_version is not met.
   */
  versionDiagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const versionDiagnostics: Diagnostic[] = [];
  const requiredVersions: PackerBlock['requiredVersions'][number][] = [];
  const requiredPlugins: RequiredPlugin[] = [];
  const byName = new Map<string, RequiredPlugin>();
  for (const block of blocks) {
    if (block.type !== 'packer') continue;
    const { content, diagnostics: d } = block.body.content(PACKER_BLOCK_SCHEMA);
    diagnostics.push(...d);
    versionDiagnostics.push(...d);
    const attr = content.attributes.get('required_version');
    if (attr) {
      const r = decodeRequiredVersion(attr);
      diagnostics.push(...r.diagnostics);
      versionDiagnostics.push(...r.diagnostics);
      if (r.constraint !== undefined && !hasErrors(r.diagnostics)) {
        requiredVersions.push({ constraint: r.constraint, range: attr.range });
      }
    }
    for (const inner of content.blocks) {
      const r = decodeRequiredPluginsBlock(inner);
      diagnostics.push(...r.diagnostics);
      for (const plugin of r.plugins) {
        // PluginRequirements: the same local name in two required_plugins blocks.
        const first = byName.get(plugin.name);
        if (first) {
          diagnostics.push(
            errorDiag(
              `Duplicate required_plugin.${goQuote(plugin.name)} block`,
              `Block previously seen at ${formatRange(first.range)} is already named ${goQuote(plugin.name)}.\n` +
                'Names at the left hand side of required_plugins are made available to use in your HCL2 configurations.\n' +
                'To allow to calling to their features correctly two plugins have to have different accessors.',
              plugin.range,
              plugin.range,
            ),
          );
          continue;
        }
        byName.set(plugin.name, plugin);
        requiredPlugins.push(plugin);
      }
    }
  }
  return { packer: { requiredVersions, requiredPlugins }, diagnostics, versionDiagnostics };
}

/**
 * CheckCoreVersionRequirements: one error per `required_version` the given Packer version does not
 * satisfy. Prerelease and metadata parts of the version are ignored, as Packer checks its core version.
 */
export function checkRequiredVersion(packer: PackerBlock, version: string): Diagnostic[] {
  const parsed = parseVersion(version);
  if (!parsed.ok) throw new Error(`checkRequiredVersion: ${parsed.message}`);
  const core = parseVersion(parsed.version.segments.slice(0, 3).join('.'));
  if (!core.ok) throw new Error(`checkRequiredVersion: ${core.message}`);
  const diagnostics: Diagnostic[] = [];
  for (const { constraint, range } of packer.requiredVersions) {
    const constraints = parseConstraints(constraint);
    // decodePackerBlocks only keeps constraints that parse.
    if (!constraints.ok) throw new Error(`checkRequiredVersion: ${constraints.message}`);
    if (constraintsCheck(constraints.constraints, core.version)) continue;
    diagnostics.push(
      errorDiag(
        'Unsupported Packer Core version',
        `This configuration does not support Packer version ${core.version.segments.join('.')}. To proceed, either choose another supported Packer version or update this version constraint. Version constraints are normally set for good reason, so updating the constraint may lead to other errors or unexpected behavior.`,
        range,
      ),
    );
  }
  return diagnostics;
}

/** Evaluates an attribute with no context at all: variables and functions are errors. */
function constantValue(attr: HclAttribute): { value: Value; diagnostics: Diagnostic[] } {
  return evaluateSyntaxExpression(attr.expr, undefined);
}

/** decodeVersionConstraint: a constant string in go-version syntax; null means no constraint. */
function decodeRequiredVersion(attr: HclAttribute): {
  constraint?: string;
  constraints?: VersionConstraints;
  diagnostics: Diagnostic[];
} {
  const { value, diagnostics } = constantValue(attr);
  if (hasErrors(diagnostics)) return { diagnostics };
  const range = expressionRange(attr.expr);
  const converted = tryConvert(value, StringType);
  if (!converted.ok) {
    diagnostics.push(
      errorDiag('Invalid version constraint', `A string value is required for ${attr.name}.`, range),
    );
    return { diagnostics };
  }
  const v = converted.value.unmark()[0];
  if (v.isNull() || !v.isWhollyKnown()) return { diagnostics };
  const constraint = v.asString();
  const parsed = parseConstraints(constraint);
  if (!parsed.ok) {
    diagnostics.push(
      errorDiag(
        'Invalid version constraint',
        `This string does not use correct version constraint syntax. Check out the docs: ${CONSTRAINT_DOCS}`,
        range,
      ),
    );
    return { diagnostics };
  }
  return { constraint, constraints: parsed.constraints, diagnostics };
}

/** decodeRequiredPluginsBlock: `name = { source = "...", version = "..." }` entries. */
function decodeRequiredPluginsBlock(block: HclBlock): {
  plugins: RequiredPlugin[];
  diagnostics: Diagnostic[];
} {
  const { attributes, diagnostics } = block.body.justAttributes();
  const plugins: RequiredPlugin[] = [];
  for (const attr of attributes.values()) {
    const exprRange = expressionRange(attr.expr);
    const { value: raw, diagnostics: d } = constantValue(attr);
    diagnostics.push(...d);
    diagnostics.push(...checkPluginNameNormalized(attr.name, exprRange));
    // A value that could not be evaluated has already been reported; Packer would go on to call
    // it malformed as well.
    if (hasErrors(d)) continue;
    const value = raw.unmark()[0];
    const kind = value.type.kind;

    if (kind === 'string' || kind === 'number' || kind === 'bool') {
      const c = decodeRequiredVersion(attr).constraints;
      const shown = c && c.length > 0 ? formatConstraints(c) : 'version';
      diagnostics.push(
        errorDiag(
          'Invalid plugin requirement',
          `'${attr.name} = "${shown}"' plugin requirement calls are not possible. You must define a whole block. For example:\n` +
            `${attr.name} = {\n  source  = "github.com/hashicorp/${attr.name}"\n  version = "${shown}"\n}`,
          attr.range,
        ),
      );
      continue;
    }
    if (kind !== 'object' || value.isNull() || !value.isKnown()) {
      diagnostics.push(
        errorDiag('Invalid required_plugins syntax', 'required_plugins entries must be objects.', exprRange),
      );
      continue;
    }

    const fields = value.entries();
    const version = fields.get('version');
    if (version === undefined) {
      diagnostics.push(
        errorDiag(
          'No version constraint was set',
          'The version field must be specified as a string. Ex: `version = ">= 1.2.0, < 2.0.0". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#version-constraints for docs',
          exprRange,
        ),
      );
      continue;
    }
    if (version.type.kind !== 'string' || version.isNull()) {
      diagnostics.push(
        errorDiag(
          'Invalid version constraint',
          `Version must be specified as a string. See ${CONSTRAINT_SYNTAX_DOCS} for docs.`,
          exprRange,
        ),
      );
      continue;
    }
    const versionText = version.unmark()[0].asString();
    const constraints = parseConstraints(versionText);
    if (!constraints.ok) {
      diagnostics.push(
        errorDiag(
          'Invalid version constraint',
          `This string does not use correct version constraint syntax. See ${CONSTRAINT_SYNTAX_DOCS} for docs.\n${constraints.message}`,
          exprRange,
        ),
      );
      continue;
    }
    // Plugin releases are never prereleases, so such a constraint could never be met.
    if (constraints.constraints.some((c) => c.version.prerelease !== '')) {
      diagnostics.push(
        errorDiag(
          'Invalid version constraint',
          `Unsupported prerelease for constraint ${goQuote(versionText)}`,
          exprRange,
        ),
      );
    }

    const source = fields.get('source');
    if (source === undefined) {
      diagnostics.push(
        errorDiag(
          'No source was set',
          'The source field must be specified as a string. Ex: `source = "coolcloud". See https://www.packer.io/docs/templates/hcl_templates/blocks/packer#specifying-plugin-requirements for docs',
          exprRange,
        ),
      );
      continue;
    }
    if (source.type.kind !== 'string' || source.isNull()) {
      diagnostics.push(
        errorDiag(
          'Invalid source',
          'Source must be specified as a string. For example: source = "coolcloud"',
          exprRange,
        ),
      );
      continue;
    }
    const sourceText = source.unmark()[0].asString();
    const address = parsePluginSource(sourceText);
    if (!address.ok) {
      diagnostics.push(errorDiag('Failed to parse source', address.message, attr.range));
      continue;
    }
    if ([...fields.keys()].some((k) => k !== 'version' && k !== 'source')) {
      diagnostics.push(
        errorDiag(
          'Invalid required_plugins object',
          'required_plugins objects can only contain "version" and "source" attributes.',
          exprRange,
        ),
      );
    }
    plugins.push({ name: attr.name, source: sourceText, version: versionText, range: exprRange });
  }
  return { plugins, diagnostics };
}

function checkPluginNameNormalized(name: string, range: HclAttribute['range']): Diagnostic[] {
  const r = parsePluginPart(name);
  if (!r.ok) {
    return [
      errorDiag('Invalid plugin local name', `${name} is an invalid plugin local name: ${r.message}`, range),
    ];
  }
  if (r.value === name) return [];
  return [
    errorDiag(
      'Invalid plugin local name',
      `Plugin names must be normalized. Replace ${goQuote(name)} with ${goQuote(r.value)} to fix this error.`,
      range,
    ),
  ];
}
