import { type HclAttribute, type HclBody, type SyntaxExpression, expressionRange } from '../hcl/body';
import { type Diagnostic, errorDiag, hasErrors } from '../hcl/diagnostics';
import type { JsonValue } from '../hcl/json/ast';
import { jsonBody, legacyJsonBody } from '../hcl/json/body';
import { type Range, rangeBetween } from '../hcl/pos';
import type { Attribute, Expression, ObjectConsExpr } from '../hcl/syntax/ast';
import { nativeBody } from '../hcl/syntax/body';
import type { EvalContext } from '../eval/context';
import { evaluateSyntaxExpression } from '../eval/json';
import { tryConvert } from '../eval/value-ops';
import { StringType } from '../values/types';
import type { Value } from '../values/value';

/**
 * A provisioner's `override = { <source name> = { option = value, ... } }`. Packer evaluates the
 * object when the build block is read and hands the entry for a build's source name to the plugin,
 * which lays it over the block's own configuration. Here each entry becomes a body, laid over the
 * provisioner's body with overlayBody when the provisioner is decoded for a build, so that its
 * options get the same schema checks (and exact ranges) as the block's own.
 *
 * An entry written as an object constructor keeps its expressions, evaluated per build like the
 * rest of the block; any other expression (`override = local.overrides`) is evaluated here, as in
 * Packer, and its value used as is.
 */
export function decodeOverride(
  attr: HclAttribute,
  ctx: EvalContext,
): { override?: Map<string, HclBody>; diagnostics: Diagnostic[] } {
  const { expr } = attr;
  if (expr.syntax === 'native' && expr.expr.kind === 'ObjectCons') {
    return nativeOverride(expr.expr, ctx);
  }
  if ((expr.syntax === 'json' || expr.syntax === 'literal') && expr.value.kind === 'object') {
    const diagnostics: Diagnostic[] = [];
    const override = new Map<string, HclBody>();
    for (const p of expr.value.properties) {
      const body = entryBody(p.name, { syntax: expr.syntax, value: p.value }, ctx, diagnostics);
      if (body) override.set(p.name, body);
    }
    return hasErrors(diagnostics) ? { diagnostics } : { override, diagnostics };
  }
  const r = evaluateSyntaxExpression(expr, ctx);
  if (hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics };
  const [value] = r.value.unmarkDeep();
  if (value.isNull()) return { diagnostics: r.diagnostics };
  if (value.type.kind !== 'object' || !value.isKnown()) {
    return { diagnostics: [...r.diagnostics, notAnObject(undefined, expressionRange(expr))] };
  }
  const diagnostics = [...r.diagnostics];
  const override = new Map<string, HclBody>();
  for (const [name, entry] of value.entries()) {
    const body = valueBody(name, entry, expressionRange(expr), diagnostics);
    if (body) override.set(name, body);
  }
  return hasErrors(diagnostics) ? { diagnostics } : { override, diagnostics };
}

function notAnObject(entry: string | undefined, range: Range): Diagnostic {
  return errorDiag(
    entry === undefined
      ? "provisioner's override block must be an HCL object"
      : `provisioner's override.'${entry}' block must be an HCL object`,
    '',
    range,
  );
}

function nativeOverride(
  obj: ObjectConsExpr,
  ctx: EvalContext,
): { override?: Map<string, HclBody>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const override = new Map<string, HclBody>();
  for (const item of obj.items) {
    const key = objectKey(item.key, ctx, diagnostics);
    if (key === undefined) continue;
    const body = entryBody(key, { syntax: 'native', expr: item.value }, ctx, diagnostics);
    if (body) override.set(key, body);
  }
  return hasErrors(diagnostics) ? { diagnostics } : { override, diagnostics };
}

function objectKey(key: Expression, ctx: EvalContext, diagnostics: Diagnostic[]): string | undefined {
  const r = evaluateSyntaxExpression({ syntax: 'native', expr: key }, ctx);
  diagnostics.push(...r.diagnostics);
  if (hasErrors(r.diagnostics)) return undefined;
  const converted = tryConvert(r.value.unmarkDeep()[0], StringType);
  if (!converted.ok || !converted.value.isKnown() || converted.value.isNull()) {
    diagnostics.push(
      errorDiag(
        'Incorrect key type',
        `Can't use this value as a key: ${converted.ok ? 'a known string is required' : converted.message}.`,
        key.range,
      ),
    );
    return undefined;
  }
  return converted.value.asString();
}

/** One entry's settings as a body: from its object constructor when it is one, else its value. */
function entryBody(
  name: string,
  expr: SyntaxExpression,
  ctx: EvalContext,
  diagnostics: Diagnostic[],
): HclBody | undefined {
  if (expr.syntax === 'native' && expr.expr.kind === 'ObjectCons') {
    return objectConsBody(expr.expr, ctx, diagnostics);
  }
  if (expr.syntax === 'json' && expr.value.kind === 'object') {
    return jsonBody(expr.value, expr.value.range.filename).body;
  }
  if (expr.syntax === 'literal' && expr.value.kind === 'object') return legacyJsonBody(expr.value);
  const r = evaluateSyntaxExpression(expr, ctx);
  diagnostics.push(...r.diagnostics);
  if (hasErrors(r.diagnostics)) return undefined;
  return valueBody(name, r.value.unmarkDeep()[0], expressionRange(expr), diagnostics);
}

/** `{ inline = [...], ... }` as a native body whose arguments are the constructor's items. */
function objectConsBody(
  obj: ObjectConsExpr,
  ctx: EvalContext,
  diagnostics: Diagnostic[],
): HclBody | undefined {
  const attributes: Attribute[] = [];
  for (const item of obj.items) {
    const name = objectKey(item.key, ctx, diagnostics);
    if (name === undefined) return undefined;
    attributes.push({
      kind: 'Attribute',
      name,
      expr: item.value,
      range: rangeBetween(item.key.range, item.value.range),
      nameRange: item.key.range,
      equalsRange: item.key.range,
    });
  }
  const end = obj.range.end;
  const closing: Range = {
    filename: obj.range.filename,
    start: { line: end.line, column: end.column - 1, byte: end.byte - 1 },
    end,
  };
  return nativeBody({
    kind: 'Body',
    items: attributes,
    attributes,
    blocks: [],
    range: obj.range,
    endRange: closing,
  });
}

/** An evaluated entry: a known object, read back as plain (already evaluated) JSON. */
function valueBody(name: string, value: Value, range: Range, diagnostics: Diagnostic[]): HclBody | undefined {
  if (value.type.kind !== 'object' || value.isNull()) {
    diagnostics.push(notAnObject(name, range));
    return undefined;
  }
  const json = toJsonValue(value, range);
  if (!json) {
    diagnostics.push(
      errorDiag(
        `provisioner's override.'${name}' block is not known yet`,
        'The override settings depend on values that are only known while building (such as data sources that were not read); write them as an object in the provisioner block instead.',
        range,
      ),
    );
    return undefined;
  }
  return legacyJsonBody(json);
}

/** A wholly known value as a JSON tree, every node pointing at `range`; undefined when not known. */
function toJsonValue(v: Value, range: Range): JsonValue | undefined {
  if (!v.isKnown()) return undefined;
  if (v.isNull()) return { kind: 'null', range };
  switch (v.type.kind) {
    case 'string':
      return { kind: 'string', value: v.asString(), range };
    case 'number':
      return { kind: 'number', value: v.asNumber().toString(), range };
    case 'bool':
      return { kind: 'bool', value: v.asBool(), range };
    case 'list':
    case 'set':
    case 'tuple': {
      const elements: JsonValue[] = [];
      for (const e of v.elements()) {
        const j = toJsonValue(e, range);
        if (!j) return undefined;
        elements.push(j);
      }
      return { kind: 'array', elements, range, openRange: range };
    }
    case 'map':
    case 'object': {
      const properties = [];
      for (const [name, e] of v.entries()) {
        const j = toJsonValue(e, range);
        if (!j) return undefined;
        properties.push({ name, nameRange: range, value: j });
      }
      return { kind: 'object', properties, range, openRange: range, closeRange: range };
    }
    default:
      return undefined;
  }
}
