import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import type { JsonObject, JsonProperty, JsonString, JsonValue } from '../hcl/json/ast';
import { jsonStartRange } from '../hcl/json/ast';
import type { Range } from '../hcl/pos';
import {
  type Decoded,
  decodeGoBool,
  decodeGoDuration,
  decodeGoMap,
  decodeGoString,
  decodeGoStringList,
  goKindName,
} from './legacy-decode';

/**
 * The builders, provisioners and post-processors of a legacy JSON template as Packer's template
 * package parses them (rawTemplate.Template): meta-arguments decoded and removed, the rest of each
 * object kept as the component's configuration. Problems carry Packer's wording ("builder 2:
 * missing 'type'") and point at the offending value.
 */

/** The value of a meta-argument with where it was written. */
interface Located<T> {
  readonly value: T;
  readonly range: Range;
}

export interface LegacyBuilder {
  readonly type: string;
  /** As written (defaults to the type); rendered with user variables when the template is initialised. */
  readonly name: string;
  readonly nameRange?: Range;
  /** Everything but `type` and `name`. */
  readonly config: JsonObject;
  readonly range: Range;
}

export interface LegacyProvisioner {
  readonly type: string;
  readonly only?: Located<readonly string[]>;
  readonly except?: Located<readonly string[]>;
  /** Builder name → options, in the order written. */
  readonly override?: Located<readonly JsonProperty[]>;
  /** Milliseconds; 0 when not set. */
  readonly pauseBefore: number;
  readonly timeout: number;
  /** Rendered with user variables and read as an integer when builds are made. */
  readonly maxRetries?: Located<string>;
  readonly config: JsonObject;
  readonly range: Range;
}

export interface LegacyPostProcessor {
  readonly type: string;
  /** Only when written: Packer's default (the type) is applied where names are matched. */
  readonly name?: string;
  readonly only?: Located<readonly string[]>;
  readonly except?: Located<readonly string[]>;
  readonly keepInputArtifact?: boolean;
  readonly config: JsonObject;
  readonly range: Range;
}

type Problems = Diagnostic[];

function property(obj: JsonObject, name: string): JsonProperty | undefined {
  // A Go map keeps the last of repeated keys.
  let found: JsonProperty | undefined;
  for (const p of obj.properties) if (p.name === name) found = p;
  return found;
}

function without(obj: JsonObject, names: readonly string[]): JsonObject {
  return { ...obj, properties: obj.properties.filter((p) => !names.includes(p.name)) };
}

/**
 * Reads one meta-argument with a decoder; a problem is reported with `prefix` and the value's
 * range, and the argument is then treated as absent.
 */
function meta<T>(
  obj: JsonObject,
  key: string,
  decode: (v: JsonValue) => Decoded<T>,
  prefix: string,
  problems: Problems,
): { found?: JsonProperty; value?: T; ok: boolean } {
  const found = property(obj, key);
  if (!found) return { ok: true };
  const r = decode(found.value);
  if (!r.ok) {
    problems.push(errorDiag(`${prefix}${r.problem}`, '', jsonStartRange(found.value)));
    return { found, ok: false };
  }
  return { found, value: r.value, ok: true };
}

function expectedMap(v: JsonValue): string {
  return `'' expected a map, got '${goKindName(v)}'`;
}

/** `builders`: each an object with a `type` and an optional, unique `name`. */
export function decodeLegacyBuilders(value: JsonValue | undefined, problems: Problems): LegacyBuilder[] {
  const builders: LegacyBuilder[] = [];
  if (value?.kind !== 'array') return builders;
  const seen = new Set<string>();
  value.elements.forEach((raw, i) => {
    const prefix = `builder ${i + 1}: `;
    if (raw.kind === 'invalid') return;
    if (raw.kind === 'null') {
      problems.push(errorDiag(`${prefix}missing 'type'`, '', raw.range));
      return;
    }
    if (raw.kind !== 'object') {
      problems.push(errorDiag(`${prefix}${expectedMap(raw)}`, '', jsonStartRange(raw)));
      return;
    }
    const before = problems.length;
    const type = meta(raw, 'type', (v) => decodeGoString(v, 'Type', true), prefix, problems);
    const name = meta(raw, 'name', (v) => decodeGoString(v, 'Name', true), prefix, problems);
    if (problems.length > before) return;
    if (!type.value) {
      problems.push(errorDiag(`${prefix}missing 'type'`, '', raw.openRange));
      return;
    }
    const builderName = name.value || type.value;
    if (seen.has(builderName)) {
      problems.push(
        errorDiag(
          `${prefix}builder with name '${builderName}' already exists`,
          '',
          name.found ? jsonStartRange(name.found.value) : raw.openRange,
        ),
      );
      return;
    }
    seen.add(builderName);
    builders.push({
      type: type.value,
      name: builderName,
      nameRange: name.value ? name.found?.value.range : undefined,
      config: without(raw, ['type', 'name']),
      range: raw.openRange,
    });
  });
  return builders;
}

const PROVISIONER_META = ['type', 'only', 'except', 'override', 'pause_before', 'max_retries', 'timeout'];

/**
 * One provisioner (rawTemplate.decodeProvisioner, weakly typed). `prefix` is how Packer introduces
 * its problems: `provisioner 2: ` or `On Error Cleanup Provisioner error: `.
 */
export function decodeLegacyProvisioner(
  raw: JsonValue,
  prefix: string,
  problems: Problems,
): LegacyProvisioner | undefined {
  const decoding = `${prefix}Error decoding provisioner: `;
  if (raw.kind === 'invalid') return undefined;
  if (raw.kind === 'null') {
    problems.push(errorDiag(`${prefix}Provisioner missing 'type'`, '', raw.range));
    return undefined;
  }
  if (raw.kind !== 'object') {
    problems.push(errorDiag(`${decoding}${expectedMap(raw)}`, '', jsonStartRange(raw)));
    return undefined;
  }
  const before = problems.length;
  const type = meta(raw, 'type', (v) => decodeGoString(v, 'Type', true), decoding, problems);
  const only = meta(raw, 'only', (v) => decodeGoStringList(v, 'Only', true), decoding, problems);
  const except = meta(raw, 'except', (v) => decodeGoStringList(v, 'Except', true), decoding, problems);
  const override = meta(raw, 'override', (v) => decodeGoMap(v, 'Override'), decoding, problems);
  const pause = meta(raw, 'pause_before', (v) => decodeGoDuration(v, 'pause_before'), decoding, problems);
  const retries = meta(raw, 'max_retries', (v) => decodeGoString(v, 'max_retries', true), decoding, problems);
  const timeout = meta(raw, 'timeout', (v) => decodeGoDuration(v, 'timeout'), decoding, problems);
  if (problems.length > before) return undefined;
  if (!type.value) {
    problems.push(errorDiag(`${prefix}Provisioner missing 'type'`, '', raw.openRange));
    return undefined;
  }
  const located = <T>(r: { found?: JsonProperty; value?: T }): Located<T> | undefined =>
    r.found && r.value !== undefined ? { value: r.value, range: r.found.value.range } : undefined;
  return {
    type: type.value,
    only: located(only),
    except: located(except),
    override: located(override),
    pauseBefore: pause.value ?? 0,
    timeout: timeout.value ?? 0,
    maxRetries: retries.value ? located(retries) : undefined,
    config: without(raw, PROVISIONER_META),
    range: raw.openRange,
  };
}

export function decodeLegacyProvisioners(
  value: JsonValue | undefined,
  problems: Problems,
): LegacyProvisioner[] {
  const out: LegacyProvisioner[] = [];
  if (value?.kind !== 'array') return out;
  value.elements.forEach((raw, i) => {
    const p = decodeLegacyProvisioner(raw, `provisioner ${i + 1}: `, problems);
    if (p) out.push(p);
  });
  return out;
}

const POST_PROCESSOR_META = ['type', 'only', 'except', 'keep_input_artifact', 'name'];

/**
 * `post-processors`: each entry a chain — a type name, an object, or an array of those (a
 * sequence). Decoded strictly: `only` must be a list, `keep_input_artifact` a bool.
 */
export function decodeLegacyPostProcessors(
  value: JsonValue | undefined,
  problems: Problems,
): LegacyPostProcessor[][] {
  const chains: LegacyPostProcessor[][] = [];
  if (value?.kind !== 'array') return chains;
  value.elements.forEach((raw, i) => {
    const entries = chainEntries(raw, i, problems);
    if (!entries) return;
    const chain: LegacyPostProcessor[] = [];
    entries.forEach((entry, j) => {
      const pp = decodePostProcessor(entry, `post-processor ${i + 1}.${j + 1}: `, problems);
      if (pp) chain.push(pp);
    });
    chains.push(chain);
  });
  return chains;
}

/** rawTemplate.parsePostProcessor: the objects (or type names) of one chain, or undefined on error. */
function chainEntries(
  raw: JsonValue,
  i: number,
  problems: Problems,
): (JsonObject | JsonString)[] | undefined {
  switch (raw.kind) {
    case 'string':
    case 'object':
      return [raw];
    case 'array': {
      const before = problems.length;
      const entries: (JsonObject | JsonString)[] = [];
      raw.elements.forEach((e, j) => {
        if (e.kind === 'string' || e.kind === 'object') entries.push(e);
        else if (e.kind === 'array') {
          problems.push(
            errorDiag(
              `post-processor ${i + 1}.${j + 1}: sequence not allowed to be nested in a sequence`,
              '',
              e.openRange,
            ),
          );
        } else if (e.kind !== 'invalid') {
          problems.push(errorDiag(`post-processor ${i + 1}.${j + 1}: unknown format`, '', e.range));
        }
      });
      return problems.length > before ? undefined : entries;
    }
    case 'invalid':
      return undefined;
    default:
      problems.push(errorDiag(`post-processor ${i + 1}: bad format`, '', raw.range));
      return undefined;
  }
}

function decodePostProcessor(
  entry: JsonObject | JsonString,
  prefix: string,
  problems: Problems,
): LegacyPostProcessor | undefined {
  if (entry.kind === 'string') {
    // A bare type name is a post-processor with no configuration at all.
    const empty: JsonObject = {
      kind: 'object',
      properties: [],
      range: entry.range,
      openRange: entry.range,
      closeRange: entry.range,
    };
    if (entry.value === '') {
      problems.push(errorDiag(`${prefix}type is required`, '', entry.range));
      return undefined;
    }
    return { type: entry.value, config: empty, range: entry.range };
  }
  const before = problems.length;
  const type = meta(entry, 'type', (v) => decodeGoString(v, 'Type', false), prefix, problems);
  const name = meta(entry, 'name', (v) => decodeGoString(v, 'Name', false), prefix, problems);
  const only = meta(entry, 'only', (v) => decodeGoStringList(v, 'Only', false), prefix, problems);
  const except = meta(entry, 'except', (v) => decodeGoStringList(v, 'Except', false), prefix, problems);
  const keep = meta(
    entry,
    'keep_input_artifact',
    (v) => decodeGoBool(v, 'keep_input_artifact'),
    prefix,
    problems,
  );
  if (problems.length > before) return undefined;
  if (!type.value) {
    problems.push(errorDiag(`${prefix}type is required`, '', entry.openRange));
    return undefined;
  }
  const located = (r: { found?: JsonProperty; value?: string[] }): Located<string[]> | undefined =>
    r.found && r.value ? { value: r.value, range: r.found.value.range } : undefined;
  return {
    type: type.value,
    name: name.value || undefined,
    only: located(only),
    except: located(except),
    keepInputArtifact: keep.value,
    config: without(entry, POST_PROCESSOR_META),
    range: entry.openRange,
  };
}
