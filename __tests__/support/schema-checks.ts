import type { ComponentSchema, FieldSpec, FieldType } from '../../src/schema/types';
import { parseGoDuration } from '../../src/text/go-duration';
import type { Type } from '../../src/values/types';
import { typeString } from '../../src/values/types';

/**
 * Checks every builtin schema declaration should pass, and a compact picture of a field list to
 * compare with the option lists of Packer's hcl2spec files.
 */

function isBlock(t: FieldType): t is Extract<FieldType, { kind: 'block' }> {
  return t.kind === 'block';
}

/** Whether a plain JSON default fits a cty type (durations are Go duration strings). */
function defaultFits(type: FieldType, value: unknown): boolean {
  if (type.kind === 'duration') return typeof value === 'string' && parseGoDuration(value).ok;
  if (isBlock(type)) return false;
  return valueFits(type, value);
}

function valueFits(type: Type, value: unknown): boolean {
  switch (type.kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'list':
    case 'set':
      return Array.isArray(value) && value.every((e) => valueFits(type.element, e));
    case 'map':
      return (
        value !== null &&
        typeof value === 'object' &&
        !Array.isArray(value) &&
        Object.values(value).every((e) => valueFits(type.element, e))
      );
    default:
      return false;
  }
}

/** Every problem with a field list, as readable strings (so a failure names the culprit). */
export function fieldListProblems(fields: readonly FieldSpec[], where: string): string[] {
  const problems: string[] = [];
  const names = fields.map((f) => f.name);
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
    problems.push(`${where}: duplicate field ${name}`);
  }
  for (const f of fields) {
    const at = `${where}.${f.name}`;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(f.name)) problems.push(`${at}: not an option name`);
    if (f.doc.trim() === '') problems.push(`${at}: no doc`);
    if (f.default !== undefined && !defaultFits(f.type, f.default)) {
      problems.push(`${at}: default ${JSON.stringify(f.default)} does not fit the type`);
    }
    if (f.default !== undefined && f.required) problems.push(`${at}: required and defaulted`);
    for (const other of f.conflictsWith ?? []) {
      if (!names.includes(other)) problems.push(`${at}: conflictsWith names unknown field ${other}`);
      if (other === f.name) problems.push(`${at}: conflicts with itself`);
    }
    if (f.oneOf !== undefined) {
      if (f.type.kind !== 'string') problems.push(`${at}: oneOf on a non-string field`);
      if (f.default !== undefined && !f.oneOf.includes(f.default as string)) {
        problems.push(`${at}: default not in oneOf`);
      }
    }
    if (f.sensitive && f.type.kind !== 'string') problems.push(`${at}: sensitive non-string field`);
    if (isBlock(f.type)) problems.push(...fieldListProblems(f.type.fields, at));
  }
  return problems;
}

export function schemaProblems(schema: ComponentSchema): string[] {
  const problems = fieldListProblems(schema.fields, schema.type);
  if (schema.doc.trim() === '') problems.push(`${schema.type}: no doc`);
  return problems;
}

/** A nested field map: option name → its cty type string, or a block's own map. */
export type Shape = { readonly [name: string]: string | { single: Shape } | { repeated: Shape } };

/** The fields as hcl2spec describes them: durations are strings there. */
export function shapeOf(fields: readonly FieldSpec[]): Shape {
  const out: Record<string, Shape[string]> = {};
  for (const f of fields) {
    if (isBlock(f.type)) {
      out[f.name] = f.type.repeated
        ? { repeated: shapeOf(f.type.fields) }
        : { single: shapeOf(f.type.fields) };
    } else {
      out[f.name] = f.type.kind === 'duration' ? 'string' : typeString(f.type);
    }
  }
  return out;
}
