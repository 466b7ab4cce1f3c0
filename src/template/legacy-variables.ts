import * as fs from 'fs';
import * as path from 'path';

import { type Diagnostic, errorDiag } from '../hcl/diagnostics';
import type { JsonValue } from '../hcl/json/ast';
import { jsonStartRange } from '../hcl/json/ast';
import { parseJSON } from '../hcl/json/parser';
import { type Range, rangeBetween } from '../hcl/pos';
import { decodeJSONSource } from '../hcl/source-bytes';
import { StringType } from '../values/types';
import { Value } from '../values/value';
import { goFsError } from './files';
import { renderGoTemplate } from '../gotemplate/index';
import { decodeGoString } from './legacy-decode';
import type { SourceFiles } from './source-files';
import { splitVarArgument } from './variable-values';
import type { AssignmentSource, InputVariable, InputVariables, VariableAssignment } from './variables';

/**
 * User variables of a legacy JSON template, as Packer 1.x handles them: declared in `variables`
 * with a string default (null: required), set from -var-file JSON files (later files win) and -var
 * arguments (which win over files), then rendered as Go templates — `{{env}}` allowed, and
 * `{{user}}` referring to other variables in any order. No PKR_VAR_ environment variables: those
 * only exist for HCL2 templates.
 */

/** One entry of the template's `variables` object. */
export interface LegacyVariableDeclaration {
  readonly name: string;
  /** Undefined for `null`: the variable is required. */
  readonly default?: string;
  /** Name through value. */
  readonly range: Range;
  readonly valueRange: Range;
}

/** Decodes the `variables` object: every value a string or null (mapstructure's strict string). */
export function decodeLegacyVariables(value: JsonValue | undefined): {
  declarations: LegacyVariableDeclaration[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, LegacyVariableDeclaration>();
  if (value?.kind !== 'object') return { declarations: [], diagnostics };
  for (const prop of value.properties) {
    const s = decodeGoString(prop.value, '', false);
    if (!s.ok) {
      diagnostics.push(errorDiag(`variable ${prop.name}: ${s.problem}`, '', jsonStartRange(prop.value)));
      continue;
    }
    // A Go map keeps the last of repeated keys (repeats are reported as duplicate fields already).
    byName.set(prop.name, {
      name: prop.name,
      default: prop.value.kind === 'null' ? undefined : (s.value ?? ''),
      range: rangeBetween(prop.nameRange, prop.value.range),
      valueRange: prop.value.range,
    });
  }
  return { declarations: [...byName.values()], diagnostics };
}

/** A value given from outside the template, before rendering. */
interface ExternalValue {
  readonly from: AssignmentSource;
  readonly text: string;
  readonly range?: Range;
}

export interface LegacyValueSources {
  readonly cwd: string;
  /** -var-file arguments, in order: JSON objects of strings. */
  readonly varFiles: readonly string[];
  /** -var arguments (`name=value`), in order. */
  readonly vars: readonly string[];
  /** Where the texts read are registered, for diagnostics. */
  readonly files: SourceFiles;
}

/**
 * The values given by -var-file and -var (Packer's Meta.Core): files in order, each overriding
 * the previous ones, then -var arguments, which no file overrides.
 */
export function collectLegacyValues(sources: LegacyValueSources): {
  values: Map<string, ExternalValue>;
  diagnostics: Diagnostic[];
} {
  const values = new Map<string, ExternalValue>();
  const diagnostics: Diagnostic[] = [];
  for (const file of sources.varFiles) diagnostics.push(...readVarFile(file, sources, values));
  for (const raw of sources.vars) {
    const kv = splitVarArgument(raw);
    if (!kv) {
      diagnostics.push(errorDiag(`invalid value "${raw}" for flag -var: No '=' value in arg: ${raw}`, ''));
      continue;
    }
    // Not registered as a source file: a diagnostic about it shows "(source code not available)"
    // rather than the value, which may be a secret.
    const filename = `<value for ${kv.name} from arguments>`;
    values.set(kv.name, { from: 'cmd', text: kv.value, range: wholeTextRange(filename, kv.value) });
  }
  return { values, diagnostics };
}

function wholeTextRange(filename: string, text: string): Range {
  const lines = text.split('\n');
  const last = lines[lines.length - 1];
  return {
    filename,
    start: { line: 1, column: 1, byte: 0 },
    end: { line: lines.length, column: [...last].length + 1, byte: Buffer.byteLength(text, 'utf8') },
  };
}

/** encoding/json's name for a JSON value's kind in "cannot unmarshal <kind> into ...". */
function jsonKindName(v: JsonValue): string {
  return v.kind === 'bool' ? 'bool' : v.kind;
}

function readVarFile(
  file: string,
  sources: LegacyValueSources,
  into: Map<string, ExternalValue>,
): Diagnostic[] {
  let src: string;
  try {
    src = decodeJSONSource(fs.readFileSync(path.resolve(sources.cwd, file)));
  } catch (e) {
    return [errorDiag(goFsError('open', file, e), '')];
  }
  sources.files.addText(file, src);
  const parsed = parseJSON(src, file);
  if (parsed.diagnostics.length > 0) return parsed.diagnostics;
  const reading = `Error reading variables in '${file}'`;
  const root = parsed.root;
  if (root.kind === 'null') return [];
  if (root.kind !== 'object') {
    return [
      errorDiag(
        `${reading}: json: cannot unmarshal ${jsonKindName(root)} into Go value of type kvflag.FlagJSON`,
        '',
        jsonStartRange(root),
      ),
    ];
  }
  const diagnostics: Diagnostic[] = [];
  for (const prop of root.properties) {
    if (prop.value.kind !== 'string' && prop.value.kind !== 'null') {
      diagnostics.push(
        errorDiag(
          `${reading}: json: cannot unmarshal ${jsonKindName(prop.value)} into Go value of type string`,
          '',
          jsonStartRange(prop.value),
        ),
      );
      continue;
    }
    // A JSON null stores the empty string in the Go map: the variable counts as set.
    const text = prop.value.kind === 'string' ? prop.value.value : '';
    into.set(prop.name, { from: 'varfile', text, range: prop.value.range });
  }
  return diagnostics;
}

export interface LegacyVariableContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The template file's directory, for `{{template_dir}}`. */
  readonly templateDir: string;
  readonly cwd: string;
  readonly now: Date;
  /** What `{{packer_version}}` says. */
  readonly packerVersion?: string;
}

export interface LegacyVariables {
  /** The declared variables, each with its assignments; the last one is the rendered value. */
  readonly variables: InputVariables;
  /** What `{{user}}` sees: every variable, declared or only given from outside, rendered. */
  readonly userValues: ReadonlyMap<string, string>;
  /** Problems Packer reports when it initialises the template (unset required variables, rendering). */
  readonly initDiagnostics: Diagnostic[];
}

/**
 * Packer's Core.validate (required variables) and Core.renderVarsRecursively: every value (default
 * or external) is rendered with `{{env}}` enabled, and `{{user}}` of a variable not rendered yet fails
 * with "variable not set" so the loop retries it later, up to 100 rounds. `{{ .Field }}` actions
 * are left alone for the components to render later.
 */
export function resolveLegacyVariables(
  declarations: readonly LegacyVariableDeclaration[],
  sensitiveNames: ReadonlySet<string>,
  external: ReadonlyMap<string, ExternalValue>,
  ctx: LegacyVariableContext,
): LegacyVariables {
  const initDiagnostics: Diagnostic[] = [];
  for (const d of declarations) {
    if (d.default === undefined && !external.has(d.name)) {
      initDiagnostics.push(errorDiag(`required variable not set: ${d.name}`, '', d.range));
    }
  }

  // The raw value of each variable and where it came from; external values win over defaults.
  const raw = new Map<string, { text: string; from: AssignmentSource; range?: Range }>();
  for (const d of declarations)
    raw.set(d.name, { text: d.default ?? '', from: 'default', range: d.valueRange });
  for (const [name, v] of external) raw.set(name, { text: v.text, from: v.from, range: v.range });

  const rendered = renderRecursively(raw, external, ctx, initDiagnostics);

  const variables: InputVariables = new Map();
  for (const d of declarations) {
    const values: VariableAssignment[] = [];
    if (d.default !== undefined)
      values.push({ from: 'default', value: Value.string(d.default), range: d.valueRange });
    const ext = external.get(d.name);
    if (ext) values.push({ from: ext.from, value: Value.string(ext.text), range: ext.range });
    const last = values[values.length - 1] as VariableAssignment | undefined;
    const final = rendered.get(d.name);
    // The rendered value is the one templates see; the raw ones stay for inspect, as Packer prints them.
    if (last && final !== undefined && final !== last.value.asString()) {
      values.push({ from: last.from, value: Value.string(final), range: last.range });
    }
    const variable: InputVariable = {
      name: d.name,
      type: StringType,
      description: '',
      sensitive: sensitiveNames.has(d.name),
      range: d.range,
      values,
      validations: [],
    };
    variables.set(d.name, variable);
  }
  // Undeclared names given from outside are user variables too: legacy templates never complain.
  return { variables, userValues: rendered, initDiagnostics };
}

/** Go's ErrVariableNotSetString: the `user` function's failure while variables are being rendered. */
const NOT_SET = 'Error: variable not set:';
/** Packer's isDoneInterpolating: a value still needs another round while it calls `user`. */
const CALLS_USER = /{{\s*user\s*`.*`\s*}}/;
/** Packer's renderFilter: `{{ .Field }}` actions are left for components to render. */
const DATA_ACTION = /{{(\s|)\.(.*?)(\s|)}}/g;

function renderRecursively(
  raw: ReadonlyMap<string, { text: string; from: AssignmentSource; range?: Range }>,
  external: ReadonlyMap<string, ExternalValue>,
  ctx: LegacyVariableContext,
  diagnostics: Diagnostic[],
): Map<string, string> {
  // Packer starts from the external values as given (not rendered): a variable can already refer to one.
  const user = new Map<string, string>([...external].map(([k, v]) => [k, v.text]));
  let pending = [...raw.keys()]
    .sort()
    .map((name) => ({ name, ...(raw.get(name) as { text: string; range?: Range }) }));
  let shouldRetry = false;
  let changed = false;
  let failed: { name: string; text: string; message: string; range?: Range } | undefined;
  for (let round = 0; round < 100; round++) {
    shouldRetry = false;
    changed = false;
    const done = new Set<string>();
    for (const kv of pending) {
      const r = renderExcludingData(kv.text, {
        userVariables: user,
        env: ctx.env,
        templateDir: ctx.templateDir,
        cwd: ctx.cwd,
        now: ctx.now,
        packerVersion: ctx.packerVersion,
      });
      if (r.ok) {
        changed = true;
        user.set(kv.name, r.value);
        if (CALLS_USER.test(kv.text)) shouldRetry = true;
        else done.add(kv.name);
      } else if (r.message.includes(NOT_SET)) {
        shouldRetry = true;
        failed = { name: kv.name, text: kv.text, message: r.message, range: kv.range };
      } else {
        diagnostics.push(
          errorDiag(`error interpolating default value for '${kv.name}'`, r.message, kv.range),
        );
        return user;
      }
    }
    if (!shouldRetry) break;
    pending = pending.filter((kv) => !done.has(kv.name));
  }
  if (!changed && shouldRetry && failed) {
    diagnostics.push(
      errorDiag(
        `Failed to interpolate "${failed.name}": "${failed.text}"; error: ${failed.message}`,
        "Please make sure that the variable you're referencing has been defined; Packer treats all variables used to interpolate other user variables as required.",
        failed.range,
      ),
    );
  }
  return user;
}

/** interpolate.RenderRegex: `{{ .Field }}` actions are swapped out before rendering and put back after. */
function renderExcludingData(
  text: string,
  ctx: Parameters<typeof renderGoTemplate>[1],
): ReturnType<typeof renderGoTemplate> {
  const kept: string[] = [];
  // Placeholders hold no `{{`, so the engine copies them through as text.
  const marker = (i: number): string => `\u0000kiln-legacy-${i}\u0000`;
  const swapped = text.replace(DATA_ACTION, (m) => {
    kept.push(m);
    return marker(kept.length - 1);
  });
  const r = renderGoTemplate(swapped, ctx);
  if (!r.ok) return r;
  let value = r.value;
  kept.forEach((m, i) => (value = value.split(marker(i)).join(m)));
  return { ok: true, value };
}
