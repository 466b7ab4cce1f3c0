import * as fs from 'fs';
import * as path from 'path';

import { type Diagnostic, errorDiag, warningDiag } from '../hcl/diagnostics';
import type { JsonObject, JsonProperty, JsonValue } from '../hcl/json/ast';
import { jsonStartRange } from '../hcl/json/ast';
import { parseJSON } from '../hcl/json/parser';
import type { Range } from '../hcl/pos';
import { decodeJSONSource } from '../hcl/source-bytes';
import { compareVersions, formatVersion, parseVersion } from '../text/go-version';
import type { ComponentRegistry } from '../schema/registry';
import { claimedPackerVersion } from '../version';
import { CONFIG_SUFFIXES, goFsError } from './files';
import { buildLegacyModel } from './legacy-build';
import {
  type LegacyProvisioner,
  decodeLegacyBuilders,
  decodeLegacyPostProcessors,
  decodeLegacyProvisioner,
  decodeLegacyProvisioners,
} from './legacy-components';
import { decodeGoString, decodeGoStringList, goKindName, goTypeName, goValueText } from './legacy-decode';
import { collectLegacyValues, decodeLegacyVariables, resolveLegacyVariables } from './legacy-variables';
import type { Template } from './model';
import { SourceFiles } from './source-files';

/**
 * Packer's legacy JSON templates (Packer 1.x's only format, still read by current Packer), loaded
 * into the same model as HCL2 templates: each builder is a source, and one unnamed build uses them
 * all with the template's provisioners and post-processor chains. The parse problems Packer finds
 * in template.Parse go to `diagnostics`; those it finds initialising (Template.Validate,
 * min_packer_version, required and unrenderable variables, option strings that cannot be rendered)
 * go to `initDiagnostics`.
 */

/**
 * Packer's choice of syntax for a path that is a file (directories are always HCL2): anything not
 * named `*.pkr.hcl` or `*.pkr.json` is read as a legacy JSON template, whatever its contents.
 */
export function isLegacyJsonTemplate(filename: string): boolean {
  return !filename.endsWith(CONFIG_SUFFIXES.hcl) && !filename.endsWith(CONFIG_SUFFIXES.json);
}

export interface LegacyLoadOptions {
  /** The template file, relative to cwd (kept as written in diagnostics). */
  readonly file: string;
  readonly cwd: string;
  /** For `{{env}}` in variable values. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** -var arguments (`name=value`), in order. */
  readonly vars: readonly string[];
  /** -var-file arguments, in order: JSON objects of strings. */
  readonly varFiles: readonly string[];
  /** The run's start (`{{timestamp}}`, `{{isotime}}`). */
  readonly now?: Date;
  /** The components, for the Go-template functions each adds to its own options. */
  readonly registry?: ComponentRegistry;
}

const PARSE_HINT =
  'if you are using an HCL template, check your file extensions; they should be either *.pkr.hcl or *.pkr.json; see the docs for more details: https://www.packer.io/docs/templates/hcl_templates';

export function loadLegacyTemplate(opts: LegacyLoadOptions): Template {
  const files = new SourceFiles();
  const diagnostics: Diagnostic[] = [];
  const initDiagnostics: Diagnostic[] = [];
  const now = opts.now ?? new Date();
  const claim = claimedPackerVersion(opts.env);
  if (claim.warning) diagnostics.push(warningDiag(claim.warning.summary, claim.warning.detail));
  const template = (parts: Partial<Template> = {}): Template => ({
    root: path.dirname(opts.file),
    configFiles: [opts.file],
    files,
    syntax: 'json',
    packer: { requiredVersions: [], requiredPlugins: [] },
    variables: new Map(),
    locals: new Map(),
    sensitiveLocals: new Set(),
    dataSources: [],
    dataValues: new Map(),
    sources: new Map(),
    builds: [],
    diagnostics,
    initDiagnostics,
    ...parts,
  });

  let src: string;
  try {
    src = decodeJSONSource(fs.readFileSync(path.resolve(opts.cwd, opts.file)));
  } catch (e) {
    diagnostics.push(errorDiag(goFsError('open', opts.file, e), ''));
    return template();
  }
  files.addText(opts.file, src);
  const parsed = parseJSON(src, opts.file);
  if (parsed.diagnostics.length > 0) {
    diagnostics.push(
      ...parsed.diagnostics,
      errorDiag('Failed to parse file as legacy JSON template', PARSE_HINT),
    );
    return template();
  }
  diagnostics.push(...duplicateFields(parsed.root));
  const root = parsed.root;
  if (root.kind !== 'object') {
    diagnostics.push(errorDiag(`'' expected a map, got '${goKindName(root)}'`, '', jsonStartRange(root)));
    return template();
  }

  const { fields, description, minVersion, sensitiveNames } = decodeRoot(root, diagnostics);
  const field = (key: RootKey): JsonValue | undefined => fields.get(key)?.value;

  // rawTemplate.Template's order: variables, builders, post-processors, provisioners, cleanup.
  const declared = decodeLegacyVariables(field('variables'));
  diagnostics.push(...declared.diagnostics);
  const builders = decodeLegacyBuilders(field('builders'), diagnostics);
  const postProcessors = decodeLegacyPostProcessors(field('post-processors'), diagnostics);
  const provisioners = decodeLegacyProvisioners(field('provisioners'), diagnostics);
  let cleanupProvisioner: LegacyProvisioner | undefined;
  const cleanup = field('error-cleanup-provisioner');
  if (cleanup && cleanup.kind !== 'null') {
    cleanupProvisioner = decodeLegacyProvisioner(
      cleanup,
      'On Error Cleanup Provisioner error: ',
      diagnostics,
    );
  }

  const external = collectLegacyValues({ cwd: opts.cwd, varFiles: opts.varFiles, vars: opts.vars, files });
  diagnostics.push(...external.diagnostics);

  // Core.validate: the template's checks, then min_packer_version, then required variables.
  const templateDir = path.dirname(path.resolve(opts.cwd, opts.file));
  const cwd = path.resolve(opts.cwd);
  const userVars = resolveLegacyVariables(declared.declarations, sensitiveNames, external.values, {
    env: opts.env,
    templateDir,
    cwd,
    now,
    packerVersion: claim.version,
  });
  const sensitiveValues = [...sensitiveNames]
    .map((n) => userVars.userValues.get(n))
    .filter((v): v is string => v !== undefined && v !== '');
  const model = buildLegacyModel(
    {
      builders,
      provisioners,
      cleanupProvisioner,
      postProcessors,
      buildRange: fields.get('builders')?.value.range ?? root.openRange,
    },
    {
      userVariables: userVars.userValues,
      templateDir,
      cwd,
      now,
      packerVersion: claim.version,
      sensitive: sensitiveValues,
      keepUnresolved: true,
    },
    (kind, type) => opts.registry?.get(kind, type)?.templateFunctions,
  );
  const versionRange = fields.get('min_packer_version')?.value.range;
  const versionProblems =
    minVersion !== undefined && minVersion !== ''
      ? checkMinVersion(minVersion, versionRange, claim.version)
      : [];
  // In the order Packer finds them: the template, its version, its variables, then each component.
  initDiagnostics.push(
    ...model.validation,
    ...versionProblems,
    ...userVars.initDiagnostics,
    ...model.diagnostics,
  );

  return template({
    description,
    packer: {
      requiredVersions:
        minVersion !== undefined && minVersion !== '' && versionRange
          ? [{ constraint: `>= ${minVersion}`, range: versionRange }]
          : [],
      requiredPlugins: [],
    },
    variables: userVars.variables,
    sources: model.sources,
    builds: [model.build],
  });
}

/** Core.validate's min_packer_version check, against the Packer version Kiln stands in for. */
function checkMinVersion(min: string, range: Range | undefined, claimed: string): Diagnostic[] {
  const wanted = parseVersion(min);
  if (!wanted.ok) return [errorDiag(`min_version is invalid: ${wanted.message}`, '', range)];
  const actual = parseVersion(claimed);
  if (!actual.ok) throw new Error(`the claimed Packer version is not a version: ${claimed}`);
  if (compareVersions(actual.version, wanted.version) < 0) {
    return [
      errorDiag(
        `This template requires Packer version ${formatVersion(wanted.version)} or higher; using ${claimed}`,
        '',
        range,
      ),
    ];
  }
  return [];
}

/** The root keys rawTemplate knows, with the name mapstructure uses for each in its messages. */
const ROOT_KEYS = {
  min_packer_version: 'min_packer_version',
  description: 'Description',
  builders: 'builders',
  comments: 'Comments',
  push: 'Push',
  'post-processors': 'post-processors',
  provisioners: 'Provisioners',
  'error-cleanup-provisioner': 'error-cleanup-provisioner',
  variables: 'Variables',
  'sensitive-variables': 'sensitive-variables',
} as const;
type RootKey = keyof typeof ROOT_KEYS;

const LIST_KEYS: readonly RootKey[] = ['builders', 'post-processors', 'provisioners'];
const MAP_KEYS: readonly RootKey[] = ['push', 'variables'];
const STRING_KEYS: readonly RootKey[] = ['description', 'min_packer_version'];

/**
 * template.Parse's decoding of the root object with mapstructure: each known key matched exactly or,
 * failing that, ignoring case; lists and maps checked for shape; `_`-prefixed keys are comments
 * (strings); anything else is an unknown key. Problems are listed in Packer's (sorted) order.
 */
function decodeRoot(
  root: JsonObject,
  diagnostics: Diagnostic[],
): {
  fields: Map<RootKey, JsonProperty>;
  description?: string;
  minVersion?: string;
  sensitiveNames: Set<string>;
} {
  const fields = new Map<RootKey, JsonProperty>();
  const used = new Set<JsonProperty>();
  const last = (match: (p: JsonProperty) => boolean): JsonProperty | undefined =>
    root.properties.filter(match).pop();
  for (const key of Object.keys(ROOT_KEYS) as RootKey[]) {
    const exact = last((p) => p.name === key);
    const found = exact ?? root.properties.find((p) => !used.has(p) && p.name.toLowerCase() === key);
    if (!found) continue;
    // Repeats of the same name are one Go map entry (and a duplicate-field error already).
    for (const p of root.properties) if (p.name === found.name) used.add(p);
    fields.set(key, found);
  }

  const shape: { message: string; range: Range }[] = [];
  const strings = new Map<RootKey, string>();
  const sensitiveNames = new Set<string>();
  for (const [key, prop] of fields) {
    const v = prop.value;
    if (v.kind === 'null' || v.kind === 'invalid') continue;
    const name = ROOT_KEYS[key];
    if (STRING_KEYS.includes(key)) {
      const s = decodeGoString(v, name, false);
      if (s.ok) strings.set(key, s.value ?? '');
      else shape.push({ message: s.problem, range: jsonStartRange(v) });
    } else if (key === 'sensitive-variables') {
      const s = decodeGoStringList(v, name, false);
      if (s.ok) s.value.forEach((n) => sensitiveNames.add(n));
      else shape.push({ message: s.problem, range: jsonStartRange(v) });
    } else if (LIST_KEYS.includes(key) && v.kind !== 'array') {
      shape.push({
        message: `'${name}': source data must be an array or slice, got ${goKindName(v)}`,
        range: jsonStartRange(v),
      });
    } else if (MAP_KEYS.includes(key) && v.kind !== 'object') {
      shape.push({ message: `'${name}' expected a map, got '${goKindName(v)}'`, range: jsonStartRange(v) });
    } else if (key === 'comments') {
      shape.push(...commentsShape(v));
    }
  }
  shape.sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  for (const s of shape) diagnostics.push(errorDiag(s.message, '', s.range));

  const unknown = root.properties
    .filter((p) => !used.has(p))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const p of unknown) {
    if (p.name.startsWith('_')) {
      if (p.value.kind !== 'string') {
        diagnostics.push(
          errorDiag(
            `Failed to cast root level comment value in comment "${p.name}" to string.`,
            '',
            jsonStartRange(p.value),
          ),
        );
      }
      continue;
    }
    diagnostics.push(errorDiag(`Unknown root level key in template: '${p.name}'`, '', p.nameRange));
  }
  return {
    fields,
    description: strings.get('description'),
    minVersion: strings.get('min_packer_version'),
    sensitiveNames,
  };
}

/** `comments`: a list of objects of strings (an old form of root comments). */
function commentsShape(v: JsonValue): { message: string; range: Range }[] {
  if (v.kind !== 'array') {
    return [
      {
        message: `'Comments': source data must be an array or slice, got ${goKindName(v)}`,
        range: jsonStartRange(v),
      },
    ];
  }
  const out: { message: string; range: Range }[] = [];
  v.elements.forEach((e, i) => {
    if (e.kind === 'null') return;
    if (e.kind !== 'object') {
      out.push({
        message: `'Comments[${i}]' expected a map, got '${goKindName(e)}'`,
        range: jsonStartRange(e),
      });
      return;
    }
    for (const p of e.properties) {
      if (p.value.kind === 'string' || p.value.kind === 'null') continue;
      out.push({
        message: `'Comments[${i}][${p.name}]' expected type 'string', got unconvertible type '${goTypeName(p.value)}', value: '${goValueText(p.value)}'`,
        range: jsonStartRange(p.value),
      });
    }
  });
  return out;
}

/** checkForDuplicateFields: a key repeated in any one object of the document. */
function duplicateFields(v: JsonValue): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (value: JsonValue): void => {
    if (value.kind === 'array') value.elements.forEach(walk);
    if (value.kind !== 'object') return;
    const seen = new Set<string>();
    for (const p of value.properties) {
      if (seen.has(p.name)) out.push(errorDiag(`template has duplicate field: ${p.name}`, '', p.nameRange));
      seen.add(p.name);
      walk(p.value);
    }
  };
  walk(v);
  return out;
}
